/**
 * The estimator families as interfaces. A pipeline's type follows from its last step: one ending in
 * a {@link Clusterer} without `predict` (DBSCAN, agglomerative) has no `predict` at compile time.
 *
 * @packageDocumentation
 */
import type { FitOptions } from './estimator.js';
import type { Matrix, MatrixInput } from './matrix.js';
import type { EstimatorJSON } from './serialize.js';
import type { SegmentWarning } from './warnings.js';

/** What every estimator offers, whatever its family. */
export interface Estimator {
  /** Stable type name, as written into documents. */
  readonly estimatorType: string;
  /** True once fit (or fromJSON of a fitted document) has succeeded. */
  readonly isFitted: boolean;
  /** Warnings raised by the last successful fit. */
  readonly warnings: readonly SegmentWarning[];
  /** Number of features seen in fit. */
  readonly nFeaturesIn: number;
  /** A new unfitted estimator with the same parameters. */
  clone(): this;
  /** The model as a JSON-safe document (restore with fromJSON). */
  toJSON(): EstimatorJSON;
}

/** Learns a mapping from `In` rows to a numeric matrix (scalers, encoders, reducers). */
export interface Transformer<In = MatrixInput> extends Estimator {
  /** Learns the mapping from X; returns this. */
  fit(X: In, options?: FitOptions): this;
  /** Maps rows with the fitted mapping. */
  transform(X: In): Matrix;
  /** Fits on X and maps it (equal to fit(X).transform(X), sometimes faster). */
  fitTransform(X: In, options?: FitOptions): Matrix;
  /** Output column names, derived from input names when given. */
  featureNamesOut(inputNames?: readonly string[]): string[];
}

/** A transformer that can map its output back to input space. */
export interface InvertibleTransformer<In = MatrixInput> extends Transformer<In> {
  /** Maps transformed rows back to input space. */
  inverseTransform(Y: MatrixInput): Matrix;
}

/** Assigns the training rows to clusters (labels are Int32Array, -1 = noise). */
export interface Clusterer<In = MatrixInput> extends Estimator {
  /** Clusters X; returns this. */
  fit(X: In, options?: FitOptions): this;
  /** Clusters X and returns the labels of its rows. */
  fitPredict(X: In, options?: FitOptions): Int32Array;
  /** Labels of the training rows. */
  readonly labels: Int32Array;
}

/** A clusterer that also assigns new rows. */
export interface InductiveClusterer<In = MatrixInput> extends Clusterer<In> {
  /** The cluster of each new row. */
  predict(X: In): Int32Array;
}

/** An inductive clusterer with soft assignments (rows of probabilities summing to 1). */
export interface SoftClusterer<In = MatrixInput> extends InductiveClusterer<In> {
  /** Membership probabilities, one row per input row, one column per cluster. */
  predictProba(X: In): Matrix;
}

/**
 * True when `est` has a callable `transform` (runtime check of the Transformer family).
 * @example
 * ```ts
 * import { isTransformer, StandardScaler, KMeans } from 'segmentkit';
 * console.log(isTransformer(new StandardScaler()), isTransformer({})); // true false
 * ```
 */
export function isTransformer(est: unknown): est is Transformer {
  return typeof (est as { transform?: unknown })?.transform === 'function';
}

/**
 * True when `est` is a clusterer (has `fitPredict`).
 * @example
 * ```ts
 * import { isClusterer, KMeans } from 'segmentkit';
 * console.log(isClusterer(new KMeans())); // true
 * ```
 */
export function isClusterer(est: unknown): est is Clusterer {
  return typeof (est as { fitPredict?: unknown })?.fitPredict === 'function';
}

/**
 * True when `est` can assign new rows (has `predict`).
 * @example
 * ```ts
 * import { isInductiveClusterer, KMeans } from 'segmentkit';
 * console.log(isInductiveClusterer(new KMeans())); // true
 * ```
 */
export function isInductiveClusterer(est: unknown): est is InductiveClusterer {
  return isClusterer(est) && typeof (est as { predict?: unknown }).predict === 'function';
}

/**
 * True when `est` gives soft assignments (has `predictProba`).
 * @example
 * ```ts
 * import { isSoftClusterer, KMeans } from 'segmentkit';
 * console.log(isSoftClusterer(new KMeans())); // false
 * ```
 */
export function isSoftClusterer(est: unknown): est is SoftClusterer {
  return isInductiveClusterer(est) && typeof (est as { predictProba?: unknown }).predictProba === 'function';
}
