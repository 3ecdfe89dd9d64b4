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
  readonly estimatorType: string;
  readonly isFitted: boolean;
  readonly warnings: readonly SegmentWarning[];
  readonly nFeaturesIn: number;
  clone(): this;
  toJSON(): EstimatorJSON;
}

/** Learns a mapping from `In` rows to a numeric matrix (scalers, encoders, reducers). */
export interface Transformer<In = MatrixInput> extends Estimator {
  fit(X: In, options?: FitOptions): this;
  transform(X: In): Matrix;
  fitTransform(X: In, options?: FitOptions): Matrix;
  /** Output column names, derived from input names when given. */
  featureNamesOut(inputNames?: readonly string[]): string[];
}

/** A transformer that can map its output back to input space. */
export interface InvertibleTransformer<In = MatrixInput> extends Transformer<In> {
  inverseTransform(Y: MatrixInput): Matrix;
}

/** Assigns the training rows to clusters (labels are Int32Array, -1 = noise). */
export interface Clusterer<In = MatrixInput> extends Estimator {
  fit(X: In, options?: FitOptions): this;
  fitPredict(X: In, options?: FitOptions): Int32Array;
  readonly labels: Int32Array;
}

/** A clusterer that also assigns new rows. */
export interface InductiveClusterer<In = MatrixInput> extends Clusterer<In> {
  predict(X: In): Int32Array;
}

/** An inductive clusterer with soft assignments (rows of probabilities summing to 1). */
export interface SoftClusterer<In = MatrixInput> extends InductiveClusterer<In> {
  predictProba(X: In): Matrix;
}

/** True when `est` has a callable `transform` (runtime check of the Transformer family). */
export function isTransformer(est: unknown): est is Transformer {
  return typeof (est as { transform?: unknown })?.transform === 'function';
}

/** True when `est` is a clusterer (has `fitPredict`). */
export function isClusterer(est: unknown): est is Clusterer {
  return typeof (est as { fitPredict?: unknown })?.fitPredict === 'function';
}

/** True when `est` can assign new rows (has `predict`). */
export function isInductiveClusterer(est: unknown): est is InductiveClusterer {
  return isClusterer(est) && typeof (est as { predict?: unknown }).predict === 'function';
}

/** True when `est` gives soft assignments (has `predictProba`). */
export function isSoftClusterer(est: unknown): est is SoftClusterer {
  return isInductiveClusterer(est) && typeof (est as { predictProba?: unknown }).predictProba === 'function';
}
