/**
 * MinMaxScaler: each feature mapped linearly onto a given range.
 *
 * @packageDocumentation
 */
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { bool, custom, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { affineForward, affineInverse, checkPositiveScale } from './_affine.js';
import { ZERO_SCALE } from './_stats.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** Target range `[min, max]` of every feature, with min < max. @defaultValue [0, 1] */
  readonly featureRange?: readonly [number, number];
  /** Clip transformed values of new data into `featureRange`. @defaultValue false */
  readonly clip?: boolean;
}

/** Parameters of {@link MinMaxScaler} after defaults. */
export type MinMaxScalerParams = Required<MinMaxScalerOptions>;

/** Defaults of {@link MinMaxScaler}. */
export const MIN_MAX_SCALER_DEFAULTS: Readonly<MinMaxScalerParams> = Object.freeze({ featureRange: Object.freeze([0, 1]) as readonly [number, number], clip: false });

interface MinMaxScalerState {
  readonly nFeaturesIn: number;
  readonly nSamplesSeen: number;
  readonly dataMin: Float64Array;
  readonly dataMax: Float64Array;
  readonly scale: Float64Array;
  readonly min: Float64Array;
}

const rangeConstraint = custom('an array [min, max] of finite numbers with min < max', (v) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && (v[0] as number) < (v[1] as number));

/**
 * Scales each feature to `featureRange`: `x * scale + min` with `scale = (hi - lo) / (dataMax - dataMin)`.
 *
 * @remarks
 * One pass over the data, O(n d) time, O(d) memory. A constant feature (range below 10 machine
 * epsilons, scikit-learn's `_handle_zeros_in_scale`) gets scale 1, so it maps to `lo` and is never
 * divided by zero. Matches scikit-learn's `MinMaxScaler`.
 *
 * @example
 * ```ts
 * import { MinMaxScaler, toRows } from 'segmentkit';
 * const s = new MinMaxScaler().fit([[0, 10], [5, 30]]);
 * console.log(toRows(s.transform([[2.5, 20]]))); // [[0.5, 0.5]]
 * ```
 */
export class MinMaxScaler extends BaseEstimator<MinMaxScalerParams, MinMaxScalerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'MinMaxScaler';
  /** Defaults of every parameter. */
  static readonly defaults = MIN_MAX_SCALER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<MinMaxScalerParams> = { featureRange: [rangeConstraint], clip: [bool] };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    nSamplesSeen: field.int({ min: 1 }),
    dataMin: field.float64(),
    dataMax: field.float64(),
    scale: field.float64(),
    min: field.float64(),
  };

  /** @param options - see {@link MinMaxScalerOptions} */
  constructor(options: MinMaxScalerOptions = {}) {
    super(MIN_MAX_SCALER_DEFAULTS, options);
  }

  /**
   * Learns each feature's minimum and maximum.
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { rows, cols, data } = this.checkInput(X);
    const [lo, hi] = this.params.featureRange;
    const dataMin = new Float64Array(cols).fill(Infinity);
    const dataMax = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[base + j] as number;
        if (v < (dataMin[j] as number)) dataMin[j] = v;
        if (v > (dataMax[j] as number)) dataMax[j] = v;
      }
    }
    const scale = new Float64Array(cols);
    const min = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const range = (dataMax[j] as number) - (dataMin[j] as number);
      scale[j] = (hi - lo) / (range < ZERO_SCALE ? 1 : range);
      min[j] = lo - (dataMin[j] as number) * (scale[j] as number);
    }
    return this.commit({ nFeaturesIn: cols, nSamplesSeen: rows, dataMin, dataMax, scale, min });
  }

  /** Per-feature minimum seen in fit. @throws {@link NotFittedError} before fit. */
  get dataMin(): Float64Array {
    return this.fitted('dataMin').dataMin.slice();
  }

  /** Per-feature maximum seen in fit. @throws {@link NotFittedError} before fit. */
  get dataMax(): Float64Array {
    return this.fitted('dataMax').dataMax.slice();
  }

  /** Per-feature multiplier. @throws {@link NotFittedError} before fit. */
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }

  /** Per-feature offset added after scaling. @throws {@link NotFittedError} before fit. */
  get min(): Float64Array {
    return this.fitted('min').min.slice();
  }

  /**
   * Maps rows onto `featureRange` (clipped when `clip` is true).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    // x * scale + min (the inverse form of the shared affine kernel)
    const out = affineInverse(this.checkInput(X, { fitted: s }), s.min, s.scale);
    if (this.params.clip) {
      const [lo, hi] = this.params.featureRange;
      const data = out.data;
      for (let k = 0; k < data.length; k++) {
        const v = data[k] as number;
        data[k] = v < lo ? lo : v > hi ? hi : v;
      }
    }
    return out;
  }

  /** Maps scaled rows back to the original units. @throws {@link NotFittedError} before fit. */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    // (y - min) / scale (the forward form of the shared affine kernel)
    return affineForward(this.checkInput(Y, { fitted: s, input: 'Y' }), s.min, s.scale);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (scaling keeps columns). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: MinMaxScalerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { dataMin: s.dataMin, dataMax: s.dataMax, scale: s.scale, min: s.min });
    checkPositiveScale(this.estimatorType, s.scale);
  }
}
