/**
 * StandardScaler: zero mean, unit variance per feature.
 *
 * @packageDocumentation
 */
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { bool, type ParamConstraints } from '../core/params.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { validateSampleWeight } from '../core/validation.js';
import { affineForward, affineInverse, checkPositiveScale } from './_affine.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Centre each feature on its mean. @defaultValue true */
  readonly withMean?: boolean;
  /** Divide each feature by its standard deviation. @defaultValue true */
  readonly withStd?: boolean;
}

/** Parameters of {@link StandardScaler} after defaults. */
export type StandardScalerParams = Required<StandardScalerOptions>;

/** Defaults of {@link StandardScaler}. */
export const STANDARD_SCALER_DEFAULTS: Readonly<StandardScalerParams> = Object.freeze({ withMean: true, withStd: true });

/** Fitted state of {@link StandardScaler}. */
interface StandardScalerState {
  readonly nFeaturesIn: number;
  readonly nSamplesSeen: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Standardizes features: `z = (x - mean) / scale`, with `scale` the population standard deviation.
 *
 * @remarks
 * Two passes over the data (mean, then the corrected sum of squares, as scikit-learn's
 * `_incremental_mean_and_var`), O(n d) time, O(d) memory. Constant features (variance within
 * rounding of zero, by scikit-learn's `_is_constant_feature` bound) get scale 1, so they are
 * centred but never divided by zero. Matches scikit-learn's `StandardScaler` to 1e-12.
 *
 * @example
 * ```ts
 * import { StandardScaler, toRows } from 'segmentkit';
 * const scaler = new StandardScaler().fit([[1, 10], [3, 10]]);
 * console.log(toRows(scaler.transform([[2, 10], [3, 10]]))); // [[0, 0], [1, 0]]
 * ```
 */
export class StandardScaler extends BaseEstimator<StandardScalerParams, StandardScalerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'StandardScaler';
  /** Defaults of every parameter. */
  static readonly defaults = STANDARD_SCALER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<StandardScalerParams> = { withMean: [bool], withStd: [bool] };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    nSamplesSeen: field.number({ min: 0 }),
    mean: field.float64(),
    var: field.float64(),
    scale: field.float64(),
  };

  /** @param options - see {@link StandardScalerOptions} */
  constructor(options: StandardScalerOptions = {}) {
    super(STANDARD_SCALER_DEFAULTS, options);
  }

  /**
   * Computes the per-feature mean and standard deviation.
   *
   * @param X - training data, n x d
   * @param options - `sampleWeight` for weighted statistics
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const m = this.checkInput(X);
    const w = validateSampleWeight(options.sampleWeight, m.rows, this.estimatorType);
    return this.commit(this.update(undefined, m, w));
  }

  /**
   * Updates the mean and variance with one more batch of rows (out-of-core or streaming fit): after
   * any sequence of batches the statistics equal those of one `fit` on all of them, up to rounding.
   * The first call on an unfitted scaler starts from zero samples.
   *
   * @remarks
   * scikit-learn's `_incremental_mean_and_var` (Chan, Golub and LeVeque's pairwise update with the
   * corrected two-pass variance of the batch): O(b d) per batch of b rows, O(d) memory. Matches
   * scikit-learn's `StandardScaler.partial_fit` to 1e-12.
   *
   * @param X - a batch of rows, b x d (d as in earlier batches)
   * @param options - `sampleWeight` for weighted statistics
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input, or a width other than earlier batches'
   * @throws {@link InvalidParameterError} on invalid options
   * @example
   * ```ts
   * import { StandardScaler } from 'segmentkit';
   * const s = new StandardScaler().partialFit([[1], [3]]).partialFit([[5]]);
   * console.log(s.nSamplesSeen, Array.from(s.mean)); // 3 [3]
   * ```
   */
  partialFit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const prev = this.isFitted ? this.fitted('partialFit') : undefined;
    const m = this.checkInput(X, prev ? { fitted: prev } : {});
    const w = validateSampleWeight(options.sampleWeight, m.rows, this.estimatorType);
    return this.commit(this.update(prev, m, w));
  }

  /** Combines the statistics of `prev` (none: zero samples) with those of a weighted batch. */
  private update(prev: StandardScalerState | undefined, m: Matrix, w: Float64Array): StandardScalerState {
    const { rows, cols, data } = m;
    const newSum = new Float64Array(cols);
    const correction = new Float64Array(cols);
    const sq = new Float64Array(cols);
    let newCount = 0;
    for (let i = 0; i < rows; i++) {
      const wi = w[i] as number;
      newCount += wi;
      const base = i * cols;
      for (let j = 0; j < cols; j++) newSum[j] += wi * (data[base + j] as number);
    }
    // Corrected two-pass sum of squares of the batch around its own mean T.
    const T = new Float64Array(cols);
    for (let j = 0; j < cols; j++) T[j] = (newSum[j] as number) / newCount;
    for (let i = 0; i < rows; i++) {
      const wi = w[i] as number;
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const t = (data[base + j] as number) - (T[j] as number);
        correction[j] += wi * t;
        sq[j] += wi * t * t;
      }
    }
    const lastCount = prev?.nSamplesSeen ?? 0;
    const count = lastCount + newCount;
    const mean = new Float64Array(cols);
    const variance = new Float64Array(cols);
    const scale = new Float64Array(cols);
    const eps = Number.EPSILON;
    for (let j = 0; j < cols; j++) {
      const c = correction[j] as number;
      const newUnnormalized = (sq[j] as number) - (c * c) / newCount;
      const lastSum = prev ? (prev.mean[j] as number) * lastCount : 0;
      let unnormalized = newUnnormalized;
      if (prev && lastCount > 0) {
        const lastUnnormalized = (prev.var[j] as number) * lastCount;
        const lastOverNew = lastCount / newCount;
        const diff = lastSum / lastOverNew - (newSum[j] as number);
        unnormalized = lastUnnormalized + newUnnormalized + (lastOverNew / count) * diff * diff;
      }
      const mj = (lastSum + (newSum[j] as number)) / count;
      const v = Math.max(0, unnormalized / count);
      mean[j] = mj;
      variance[j] = v;
      // scikit-learn's _is_constant_feature bound: variance within rounding of zero gets scale 1.
      const upper = count * eps * v + (count * mj * eps) ** 2;
      scale[j] = v <= upper ? 1 : Math.sqrt(v);
    }
    return { nFeaturesIn: cols, nSamplesSeen: count, mean, var: variance, scale };
  }

  /** Number of samples (or total sample weight) seen by fit and partialFit. @throws {@link NotFittedError} before fit. */
  get nSamplesSeen(): number {
    return this.fitted('nSamplesSeen').nSamplesSeen;
  }

  /** Per-feature means seen in fit (zeros when `withMean` is false). @throws {@link NotFittedError} */
  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }

  /** Per-feature population variances seen in fit. @throws {@link NotFittedError} */
  get var(): Float64Array {
    return this.fitted('var').var.slice();
  }

  /** Per-feature scale (standard deviation; 1 for constant features). @throws {@link NotFittedError} */
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }

  /**
   * Standardizes rows with the statistics from fit.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const { withMean, withStd } = this.params;
    return affineForward(this.checkInput(X, { fitted: s }), withMean ? s.mean : null, withStd ? s.scale : null);
  }

  /** Maps standardized rows back to the original units. @throws {@link NotFittedError} before fit. */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    const { withMean, withStd } = this.params;
    return affineInverse(this.checkInput(Y, { fitted: s, input: 'Y' }), withMean ? s.mean : null, withStd ? s.scale : null);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (scaling keeps columns). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: StandardScalerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { mean: s.mean, var: s.var, scale: s.scale });
    checkPositiveScale(this.estimatorType, s.scale);
  }
}
