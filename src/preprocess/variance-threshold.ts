/**
 * VarianceThreshold: drops features whose variance is at or below a threshold.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { num, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { checkSupport, selectColumns, selectedNames } from './_support.js';

/** Options of {@link VarianceThreshold}. */
export interface VarianceThresholdOptions {
  /** Features with a population variance at or below this are dropped; 0 drops constant features only. @defaultValue 0 */
  readonly threshold?: number;
}

/** Parameters of {@link VarianceThreshold} after defaults. */
export type VarianceThresholdParams = Required<VarianceThresholdOptions>;

/** Defaults of {@link VarianceThreshold}. */
export const VARIANCE_THRESHOLD_DEFAULTS: Readonly<VarianceThresholdParams> = Object.freeze({ threshold: 0 });

interface VarianceThresholdState {
  readonly nFeaturesIn: number;
  readonly variances: Float64Array;
  /** Indices of the kept features, ascending. */
  readonly support: Int32Array;
}

/**
 * Feature selection by variance: keeps the features whose population variance exceeds `threshold`.
 *
 * @remarks
 * One pass for the means and one for the squared deviations, O(n d) time, O(d) memory. With
 * threshold 0 a feature's variance is replaced by its peak-to-peak range when that is smaller, so a
 * constant feature is dropped even when rounding leaves it a tiny positive variance. Matches
 * scikit-learn's `VarianceThreshold` (variances to 1e-10, identical support). Scale-dependent:
 * compare variances of features in the same units, or run it before scaling to drop constants only.
 *
 * @example
 * ```ts
 * import { VarianceThreshold, toRows } from 'segmentkit';
 * const vt = new VarianceThreshold().fit([[1, 5, 0], [2, 5, 1], [3, 5, 0]]);
 * console.log(Array.from(vt.support)); // [0, 2]
 * console.log(toRows(vt.transform([[7, 5, 1]]))); // [[7, 1]]
 * ```
 */
export class VarianceThreshold extends BaseEstimator<VarianceThresholdParams, VarianceThresholdState> implements Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'VarianceThreshold';
  /** Defaults of every parameter. */
  static readonly defaults = VARIANCE_THRESHOLD_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<VarianceThresholdParams> = { threshold: [num({ min: 0 })] };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = { nFeaturesIn: field.int({ min: 1 }), variances: field.float64(), support: field.int32() };

  /** @param options - see {@link VarianceThresholdOptions} */
  constructor(options: VarianceThresholdOptions = {}) {
    super(VARIANCE_THRESHOLD_DEFAULTS, options);
  }

  /**
   * Computes each feature's variance and the features kept.
   *
   * @param X - training data, n x d
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input, or when no feature exceeds the threshold
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { rows, cols, data } = this.checkInput(X);
    const { threshold } = this.params;
    const mean = new Float64Array(cols);
    const min = new Float64Array(cols).fill(Infinity);
    const max = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[base + j] as number;
        mean[j] += v;
        if (v < (min[j] as number)) min[j] = v;
        if (v > (max[j] as number)) max[j] = v;
      }
    }
    for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) / rows;
    const variances = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const d = (data[base + j] as number) - (mean[j] as number);
        variances[j] += d * d;
      }
    }
    const support: number[] = [];
    for (let j = 0; j < cols; j++) {
      let v = (variances[j] as number) / rows;
      if (threshold === 0) v = Math.min(v, (max[j] as number) - (min[j] as number));
      variances[j] = v;
      if (v > threshold) support.push(j);
    }
    if (support.length === 0) throw new ValidationError(messages.preprocess.noFeatureKept(this.estimatorType, threshold));
    return this.commit({ nFeaturesIn: cols, variances, support: Int32Array.from(support) });
  }

  /** Population variance of each feature seen in fit (peak-to-peak range when smaller, for threshold 0). @throws {@link NotFittedError} before fit. */
  get variances(): Float64Array {
    return this.fitted('variances').variances.slice();
  }

  /** Indices of the kept features, ascending. @throws {@link NotFittedError} before fit. */
  get support(): Int32Array {
    return this.fitted('support').support.slice();
  }

  /** One boolean per input feature: true when kept (scikit-learn's `get_support()`). @throws {@link NotFittedError} before fit. */
  getSupport(): boolean[] {
    const s = this.fitted('getSupport');
    const mask = new Array<boolean>(s.nFeaturesIn).fill(false);
    for (const j of s.support) mask[j] = true;
    return mask;
  }

  /**
   * Keeps the selected columns.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return selectColumns(this.checkInput(X, { fitted: s }), s.support);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the names of the kept features. */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    return selectedNames(this.estimatorType, s.nFeaturesIn, s.support, inputNames);
  }

  protected override checkState(s: VarianceThresholdState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { variances: s.variances });
    checkSupport(this.estimatorType, s.support, s.nFeaturesIn);
    if (s.support.length === 0) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, 'support is empty.'));
  }
}
