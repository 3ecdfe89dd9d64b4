/**
 * IQROutliers: Tukey's fences per feature, to flag or clip outliers.
 *
 * @packageDocumentation
 */
import { SerializationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { num, oneOf, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { quantileSorted, sortedColumn } from './_stats.js';

/** Options of {@link IQROutliers}. */
export interface IQROutliersOptions {
  /** Fence distance in interquartile ranges: values outside [Q1 - k IQR, Q3 + k IQR] are outliers. @defaultValue 1.5 */
  readonly k?: number;
  /**
   * What `transform` does: 'clip' clips each value into its feature's fences; 'flag' passes values
   * through unchanged (use {@link IQROutliers.outlierMask} and {@link IQROutliers.predict}).
   * @defaultValue 'flag'
   */
  readonly mode?: 'flag' | 'clip';
}

/** Parameters of {@link IQROutliers} after defaults. */
export type IQROutliersParams = Required<IQROutliersOptions>;

/** Defaults of {@link IQROutliers}. */
export const IQR_OUTLIERS_DEFAULTS: Readonly<IQROutliersParams> = Object.freeze({ k: 1.5, mode: 'flag' });

interface IQROutliersState {
  readonly nFeaturesIn: number;
  readonly q1: Float64Array;
  readonly q3: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Tukey's fences: per feature, values below `Q1 - k IQR` or above `Q3 + k IQR` are outliers. Flags
 * them per cell ({@link IQROutliers.outlierMask}) and per row ({@link IQROutliers.predict}: -1 when
 * any feature is out, 1 otherwise), or clips them into the fences in `transform` (mode 'clip').
 *
 * @remarks
 * One sort per feature, O(d n log n) fit, O(n d) for every other method. Quartiles use numpy's
 * linear interpolation (`np.percentile(x, [25, 75])`). k = 1.5 gives Tukey's "outside" fences,
 * k = 3 his "far out" ones. Reference: Tukey, Exploratory Data Analysis (1977).
 *
 * @example
 * ```ts
 * import { IQROutliers, toRows } from 'segmentkit';
 * const X = [[1], [2], [3], [4], [100]];
 * const iqr = new IQROutliers().fit(X);
 * console.log(Array.from(iqr.upper)); // [7]
 * console.log(Array.from(iqr.predict(X))); // [1, 1, 1, 1, -1]
 * console.log(toRows(new IQROutliers({ mode: 'clip' }).fit(X).transform([[100], [-50]]))); // [[7], [-1]]
 * ```
 */
export class IQROutliers extends BaseEstimator<IQROutliersParams, IQROutliersState> implements Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'IQROutliers';
  /** Defaults of every parameter. */
  static readonly defaults = IQR_OUTLIERS_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<IQROutliersParams> = { k: [num({ min: 0 })], mode: [oneOf('flag', 'clip')] };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    q1: field.float64(),
    q3: field.float64(),
    lower: field.float64(),
    upper: field.float64(),
  };

  /** @param options - see {@link IQROutliersOptions} */
  constructor(options: IQROutliersOptions = {}) {
    super(IQR_OUTLIERS_DEFAULTS, options);
  }

  /**
   * Computes each feature's quartiles and fences.
   *
   * @param X - training data, n x d
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { rows, cols, data } = this.checkInput(X);
    const { k } = this.params;
    const q1 = new Float64Array(cols);
    const q3 = new Float64Array(cols);
    const lower = new Float64Array(cols);
    const upper = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const s = sortedColumn(data, rows, cols, j);
      const a = quantileSorted(s, rows, 0.25);
      const b = quantileSorted(s, rows, 0.75);
      q1[j] = a;
      q3[j] = b;
      lower[j] = a - k * (b - a);
      upper[j] = b + k * (b - a);
    }
    return this.commit({ nFeaturesIn: cols, q1, q3, lower, upper });
  }

  /** First quartile of each feature. @throws {@link NotFittedError} before fit. */
  get q1(): Float64Array {
    return this.fitted('q1').q1.slice();
  }

  /** Third quartile of each feature. @throws {@link NotFittedError} before fit. */
  get q3(): Float64Array {
    return this.fitted('q3').q3.slice();
  }

  /** Lower fence of each feature, `Q1 - k IQR`. @throws {@link NotFittedError} before fit. */
  get lower(): Float64Array {
    return this.fitted('lower').lower.slice();
  }

  /** Upper fence of each feature, `Q3 + k IQR`. @throws {@link NotFittedError} before fit. */
  get upper(): Float64Array {
    return this.fitted('upper').upper.slice();
  }

  /**
   * One 0/1 cell per input cell: 1 where the value lies outside its feature's fences.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  outlierMask(X: MatrixInput): Matrix {
    const s = this.fitted('outlierMask');
    const { rows, cols, data } = this.checkInput(X, { fitted: s });
    const out = new Float64Array(data.length);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[base + j] as number;
        out[base + j] = v < (s.lower[j] as number) || v > (s.upper[j] as number) ? 1 : 0;
      }
    }
    return { rows, cols, data: out };
  }

  /**
   * -1 for a row with at least one value outside its feature's fences, 1 otherwise (scikit-learn's
   * outlier-detector convention).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const { rows, cols, data } = this.checkInput(X, { fitted: s });
    const out = new Int32Array(rows).fill(1);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[base + j] as number;
        if (v < (s.lower[j] as number) || v > (s.upper[j] as number)) {
          out[i] = -1;
          break;
        }
      }
    }
    return out;
  }

  /**
   * Mode 'clip': each value clipped into its feature's fences. Mode 'flag': the values unchanged (a copy).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const { rows, cols, data } = this.checkInput(X, { fitted: s });
    const out = data.slice();
    if (this.params.mode === 'clip') {
      for (let i = 0; i < rows; i++) {
        const base = i * cols;
        for (let j = 0; j < cols; j++) {
          const v = out[base + j] as number;
          const lo = s.lower[j] as number;
          const hi = s.upper[j] as number;
          out[base + j] = v < lo ? lo : v > hi ? hi : v;
        }
      }
    }
    return { rows, cols, data: out };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (columns are kept). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: IQROutliersState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { q1: s.q1, q3: s.q3, lower: s.lower, upper: s.upper });
    for (let j = 0; j < s.nFeaturesIn; j++) {
      if (!((s.lower[j] as number) <= (s.q1[j] as number) && (s.q1[j] as number) <= (s.q3[j] as number) && (s.q3[j] as number) <= (s.upper[j] as number))) {
        throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `feature ${j} needs lower <= q1 <= q3 <= upper.`));
      }
    }
  }
}
