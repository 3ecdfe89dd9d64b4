/**
 * RobustScaler: centring on the median and scaling by an interquantile range.
 *
 * @packageDocumentation
 */
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { bool, custom, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { medianSorted, normalPpf, quantileSorted, sortedColumn, ZERO_SCALE } from './_stats.js';
import { affineForward, affineInverse, checkPositiveScale } from './_affine.js';

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Subtract the median of each feature. @defaultValue true */
  readonly withCentering?: boolean;
  /** Divide by the interquantile range of each feature. @defaultValue true */
  readonly withScaling?: boolean;
  /** Percentiles `[qMin, qMax]` (0 <= qMin < qMax <= 100) whose difference is the scale. @defaultValue [25, 75] */
  readonly quantileRange?: readonly [number, number];
  /** Rescale so normally distributed features get unit variance (divide by the normal's interquantile range). @defaultValue false */
  readonly unitVariance?: boolean;
}

/** Parameters of {@link RobustScaler} after defaults. */
export type RobustScalerParams = Required<RobustScalerOptions>;

/** Defaults of {@link RobustScaler}. */
export const ROBUST_SCALER_DEFAULTS: Readonly<RobustScalerParams> = Object.freeze({
  withCentering: true,
  withScaling: true,
  quantileRange: Object.freeze([25, 75]) as readonly [number, number],
  unitVariance: false,
});

interface RobustScalerState {
  readonly nFeaturesIn: number;
  readonly center: Float64Array;
  readonly scale: Float64Array;
}

const quantileRangeConstraint = custom('an array [qMin, qMax] with 0 <= qMin < qMax <= 100', (v) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
  (v[0] as number) >= 0 && (v[0] as number) < (v[1] as number) && (v[1] as number) <= 100);

/**
 * Scales features with statistics that resist outliers: `(x - median) / (Q(qMax) - Q(qMin))`.
 *
 * @remarks
 * One sort per feature, O(d n log n) time, O(n) extra memory. Quantiles use numpy's linear
 * interpolation. A feature whose interquantile range is below 10 machine epsilons gets scale 1
 * (never a division by zero). Matches scikit-learn's `RobustScaler`; with `unitVariance` the scale is
 * divided by `ppf(qMax / 100) - ppf(qMin / 100)` of the standard normal.
 *
 * @example
 * ```ts
 * import { RobustScaler, toRows } from 'segmentkit';
 * const s = new RobustScaler().fit([[1], [2], [3], [4], [100]]);
 * console.log(toRows(s.transform([[3], [5]]))); // [[0], [1]]
 * ```
 */
export class RobustScaler extends BaseEstimator<RobustScalerParams, RobustScalerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'RobustScaler';
  /** Defaults of every parameter. */
  static readonly defaults = ROBUST_SCALER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<RobustScalerParams> = {
    withCentering: [bool],
    withScaling: [bool],
    quantileRange: [quantileRangeConstraint],
    unitVariance: [bool],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = { nFeaturesIn: field.int({ min: 1 }), center: field.float64(), scale: field.float64() };

  /** @param options - see {@link RobustScalerOptions} */
  constructor(options: RobustScalerOptions = {}) {
    super(ROBUST_SCALER_DEFAULTS, options);
  }

  /**
   * Learns each feature's median and interquantile range.
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { rows, cols, data } = this.checkInput(X);
    const { withCentering, withScaling, quantileRange, unitVariance } = this.params;
    const [qMin, qMax] = quantileRange;
    const center = new Float64Array(cols);
    const scale = new Float64Array(cols).fill(1);
    const adjust = unitVariance ? normalPpf(qMax / 100) - normalPpf(qMin / 100) : 1;
    for (let j = 0; j < cols; j++) {
      const s = sortedColumn(data, rows, cols, j);
      if (withCentering) center[j] = medianSorted(s, rows);
      if (withScaling) {
        const iqr = quantileSorted(s, rows, qMax / 100) - quantileSorted(s, rows, qMin / 100);
        scale[j] = (iqr < ZERO_SCALE ? 1 : iqr) / adjust;
      }
    }
    return this.commit({ nFeaturesIn: cols, center, scale });
  }

  /** Per-feature median (zeros when `withCentering` is false). @throws {@link NotFittedError} before fit. */
  get center(): Float64Array {
    return this.fitted('center').center.slice();
  }

  /** Per-feature scale (ones when `withScaling` is false). @throws {@link NotFittedError} before fit. */
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }

  /**
   * Centres and scales rows with the statistics from fit.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return affineForward(this.checkInput(X, { fitted: s }), s.center, s.scale);
  }

  /** Maps scaled rows back to the original units. @throws {@link NotFittedError} before fit. */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    return affineInverse(this.checkInput(Y, { fitted: s, input: 'Y' }), s.center, s.scale);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (scaling keeps columns). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: RobustScalerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { center: s.center, scale: s.scale });
    checkPositiveScale(this.estimatorType, s.scale);
  }
}
