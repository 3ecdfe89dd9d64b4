/**
 * MaxAbsScaler: each feature divided by its largest absolute value.
 *
 * @packageDocumentation
 */
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import type { ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { ZERO_SCALE } from './_stats.js';
import { affineForward, affineInverse, checkPositiveScale } from './_affine.js';

/** Options of {@link MaxAbsScaler} (it has none). */
export type MaxAbsScalerOptions = Record<string, never>;

/** Parameters of {@link MaxAbsScaler} (none). */
export type MaxAbsScalerParams = Record<string, never>;

/** Defaults of {@link MaxAbsScaler} (none). */
export const MAX_ABS_SCALER_DEFAULTS: Readonly<MaxAbsScalerParams> = Object.freeze({});

interface MaxAbsScalerState {
  readonly nFeaturesIn: number;
  readonly nSamplesSeen: number;
  readonly maxAbs: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Scales each feature into [-1, 1] by its maximum absolute value, without shifting (keeps zeros and signs).
 *
 * @remarks
 * One pass, O(n d) time, O(d) memory. An all-zero feature gets scale 1. Matches scikit-learn's
 * `MaxAbsScaler`.
 *
 * @example
 * ```ts
 * import { MaxAbsScaler, toRows } from 'segmentkit';
 * const s = new MaxAbsScaler().fit([[-4, 1], [2, 2]]);
 * console.log(toRows(s.transform([[2, 1]]))); // [[0.5, 0.5]]
 * ```
 */
export class MaxAbsScaler extends BaseEstimator<MaxAbsScalerParams, MaxAbsScalerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'MaxAbsScaler';
  /** Defaults of every parameter (none). */
  static readonly defaults = MAX_ABS_SCALER_DEFAULTS;
  /** Parameter constraints (none). */
  static readonly constraints: ParamConstraints<MaxAbsScalerParams> = {};
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    nSamplesSeen: field.int({ min: 1 }),
    maxAbs: field.float64(),
    scale: field.float64(),
  };

  /** @param options - none; present for a uniform constructor */
  constructor(options: MaxAbsScalerOptions = {}) {
    super(MAX_ABS_SCALER_DEFAULTS, options);
  }

  /**
   * Learns each feature's maximum absolute value.
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on malformed or non-finite input
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { rows, cols, data } = this.checkInput(X);
    const maxAbs = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const a = Math.abs(data[base + j] as number);
        if (a > (maxAbs[j] as number)) maxAbs[j] = a;
      }
    }
    const scale = new Float64Array(cols);
    for (let j = 0; j < cols; j++) scale[j] = (maxAbs[j] as number) < ZERO_SCALE ? 1 : (maxAbs[j] as number);
    return this.commit({ nFeaturesIn: cols, nSamplesSeen: rows, maxAbs, scale });
  }

  /** Per-feature maximum absolute value seen in fit. @throws {@link NotFittedError} before fit. */
  get maxAbs(): Float64Array {
    return this.fitted('maxAbs').maxAbs.slice();
  }

  /** Per-feature divisor (1 for all-zero features). @throws {@link NotFittedError} before fit. */
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }

  /**
   * Divides rows by the per-feature scale.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return affineForward(this.checkInput(X, { fitted: s }), null, s.scale);
  }

  /** Maps scaled rows back to the original units. @throws {@link NotFittedError} before fit. */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    return affineInverse(this.checkInput(Y, { fitted: s, input: 'Y' }), null, s.scale);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (scaling keeps columns). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: MaxAbsScalerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { maxAbs: s.maxAbs, scale: s.scale });
    checkPositiveScale(this.estimatorType, s.scale);
  }
}
