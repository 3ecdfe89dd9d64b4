/**
 * PowerTransformer: Yeo-Johnson and Box-Cox transforms that make skewed features more Gaussian.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, oneOf, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { WarningCollector } from '../core/warnings.js';
import { brentMinimize } from './_brent.js';
import { checkPositiveScale } from './_affine.js';
import { npVar, pairwiseSum } from './_stats.js';
import { StandardScaler } from './standard-scaler.js';

/** Options of {@link PowerTransformer}. */
export interface PowerTransformerOptions {
  /**
   * 'yeo-johnson' works with any real values; 'box-cox' needs strictly positive data.
   * @defaultValue 'yeo-johnson'
   */
  readonly method?: 'yeo-johnson' | 'box-cox';
  /** Standardize the transformed features to zero mean and unit variance. @defaultValue true */
  readonly standardize?: boolean;
}

/** Parameters of {@link PowerTransformer} after defaults. */
export type PowerTransformerParams = Required<PowerTransformerOptions>;

/** Defaults of {@link PowerTransformer}. */
export const POWER_TRANSFORMER_DEFAULTS: Readonly<PowerTransformerParams> = Object.freeze({ method: 'yeo-johnson', standardize: true });

interface PowerTransformerState {
  readonly nFeaturesIn: number;
  readonly lambdas: Float64Array;
  /** Means of the power-transformed features (zeros without standardize). */
  readonly mean: Float64Array;
  /** Scales of the power-transformed features (ones without standardize). */
  readonly scale: Float64Array;
}

const EPS = Number.EPSILON;
const TINY = 2.2250738585072014e-308;

/** Yeo-Johnson transform of one value, with scikit-learn's branches for lambda = 0 and 2. */
function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < EPS ? Math.log1p(x) : (Math.pow(x + 1, lambda) - 1) / lambda;
  return Math.abs(lambda - 2) > EPS ? -(Math.pow(-x + 1, 2 - lambda) - 1) / (2 - lambda) : -Math.log1p(-x);
}

/** Inverse Yeo-Johnson of one value (NaN outside the range of the transform). */
function yeoJohnsonInverse(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < EPS ? Math.exp(y) - 1 : Math.pow(y * lambda + 1, 1 / lambda) - 1;
  return Math.abs(lambda - 2) > EPS ? 1 - Math.pow(-(2 - lambda) * y + 1, 1 / (2 - lambda)) : 1 - Math.exp(-y);
}

/** Box-Cox transform of one positive value (scipy.special.boxcox). */
function boxCox(x: number, lambda: number): number {
  return Math.abs(lambda) < 1e-19 ? Math.log(x) : Math.expm1(lambda * Math.log(x)) / lambda;
}

/** Inverse Box-Cox of one value (NaN outside the range of the transform). */
function boxCoxInverse(y: number, lambda: number): number {
  return lambda === 0 ? Math.exp(y) : Math.pow(y * lambda + 1, 1 / lambda);
}

/** Maximum-likelihood Yeo-Johnson lambda of `x` (scikit-learn's `_yeo_johnson_optimize`). */
function yeoJohnsonLambda(x: Float64Array, trans: Float64Array, tmp: Float64Array): number {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    tmp[i] = Math.sign(v) * Math.log1p(Math.abs(v));
  }
  const signedLogSum = pairwiseSum(tmp, 0, n);
  const negLogLikelihood = (lambda: number): number => {
    for (let i = 0; i < n; i++) trans[i] = yeoJohnson(x[i] as number, lambda);
    const v = npVar(trans, tmp);
    if (v < TINY) return Infinity;
    let loglike = (-n / 2) * Math.log(v);
    loglike += (lambda - 1) * signedLogSum;
    return -loglike;
  };
  return brentMinimize(negLogLikelihood, -2, 2);
}

/** Maximum-likelihood Box-Cox lambda of positive `x` (scipy's `boxcox_normmax(method='mle')`). */
function boxCoxLambda(x: Float64Array, trans: Float64Array, tmp: Float64Array): number {
  const n = x.length;
  const logx = new Float64Array(n);
  for (let i = 0; i < n; i++) logx[i] = Math.log(x[i] as number);
  const logSum = pairwiseSum(logx);
  const negLlf = (lambda: number): number => {
    let v: number;
    if (lambda === 0) v = npVar(logx, tmp);
    else {
      for (let i = 0; i < n; i++) trans[i] = Math.pow(x[i] as number, lambda) / lambda;
      v = npVar(trans, tmp);
    }
    return -((lambda - 1) * logSum - (n / 2) * Math.log(v));
  };
  return brentMinimize(negLlf, -2, 2);
}

/**
 * Applies a power transform per feature so that skewed features (spend, order counts) become
 * closer to Gaussian, then optionally standardizes them.
 *
 * @remarks
 * Each feature's lambda maximises the Gaussian log-likelihood of the transformed data, found with
 * Brent's method from the bracket (-2, 2), ported from scipy's `optimize.brent` (relative tolerance
 * 1.48e-8): O(n) per likelihood evaluation, a few dozen evaluations per feature, so O(n d) overall
 * with a large constant. 'yeo-johnson' (Yeo and Johnson, 2000) accepts any real value;
 * 'box-cox' (Box and Cox, 1964) needs strictly positive data. With `standardize`, the transformed
 * features are standardized as {@link StandardScaler} does. Matches scikit-learn's
 * `PowerTransformer`: lambdas agree to the optimiser's tolerance, outputs for given lambdas to
 * 1e-10. A constant feature keeps whatever lambda the optimiser stops at (as scikit-learn) and
 * standardizes to 0.
 *
 * @example
 * ```ts
 * import { PowerTransformer } from 'segmentkit';
 * const pt = new PowerTransformer({ method: 'box-cox', standardize: false }).fit([[1], [10], [100], [1000]]);
 * console.log(Math.abs(pt.lambdas[0]) < 1e-6); // true
 * const back = pt.inverseTransform(pt.transform([[50]]));
 * console.log(back.data[0].toFixed(6)); // '50.000000'
 * ```
 */
export class PowerTransformer extends BaseEstimator<PowerTransformerParams, PowerTransformerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'PowerTransformer';
  /** Defaults of every parameter. */
  static readonly defaults = POWER_TRANSFORMER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<PowerTransformerParams> = { method: [oneOf('yeo-johnson', 'box-cox')], standardize: [bool] };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    lambdas: field.float64(),
    mean: field.float64(),
    scale: field.float64(),
  };

  /** @param options - see {@link PowerTransformerOptions} */
  constructor(options: PowerTransformerOptions = {}) {
    super(POWER_TRANSFORMER_DEFAULTS, options);
  }

  /**
   * Finds each feature's lambda (and the standardization of the transformed features).
   *
   * @param X - training data, n x d
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input; with method 'box-cox', on a
   *   value that is not strictly positive (naming its row and column) or a constant column
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const m = this.checkInput(X);
    const { rows, cols, data } = m;
    const boxcox = this.params.method === 'box-cox';
    if (boxcox) this.checkPositive(m);
    const warnings = new WarningCollector(this.estimatorType);
    const lambdas = new Float64Array(cols);
    const col = new Float64Array(rows);
    const trans = new Float64Array(rows);
    const tmp = new Float64Array(rows);
    for (let j = 0; j < cols; j++) {
      let constant = true;
      for (let i = 0; i < rows; i++) {
        col[i] = data[i * cols + j] as number;
        if (col[i] !== col[0]) constant = false;
      }
      if (boxcox && constant) throw new ValidationError(messages.preprocess.constantColumn(this.estimatorType, j), { column: j });
      if (constant) warnings.warn('CONSTANT_FEATURE', messages.preprocess.constantPower(this.estimatorType, j));
      lambdas[j] = boxcox ? boxCoxLambda(col, trans, tmp) : yeoJohnsonLambda(col, trans, tmp);
    }
    const mean = new Float64Array(cols);
    const scale = new Float64Array(cols).fill(1);
    if (this.params.standardize) {
      const scaler = new StandardScaler().fit(this.powerTransform(m, lambdas));
      mean.set(scaler.mean);
      scale.set(scaler.scale);
    }
    return this.commit({ nFeaturesIn: cols, lambdas, mean, scale }, warnings.flush());
  }

  private checkPositive(m: Matrix): void {
    for (let k = 0; k < m.data.length; k++) {
      const v = m.data[k] as number;
      if (!(v > 0)) {
        const row = Math.floor(k / m.cols);
        const column = k - row * m.cols;
        throw new ValidationError(messages.preprocess.notPositive(this.estimatorType, 'box-cox', row, column, v), { row, column });
      }
    }
  }

  private powerTransform(m: Matrix, lambdas: Float64Array): Matrix {
    const { rows, cols, data } = m;
    const out = new Float64Array(data.length);
    const boxcox = this.params.method === 'box-cox';
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const x = data[base + j] as number;
        out[base + j] = boxcox ? boxCox(x, lambdas[j] as number) : yeoJohnson(x, lambdas[j] as number);
      }
    }
    return { rows, cols, data: out };
  }

  /** The fitted lambda of each feature. @throws {@link NotFittedError} before fit. */
  get lambdas(): Float64Array {
    return this.fitted('lambdas').lambdas.slice();
  }

  /**
   * Power-transforms (and standardizes) rows with the fitted lambdas.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width, and
   *   with method 'box-cox' on a value that is not strictly positive.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const m = this.checkInput(X, { fitted: s });
    if (this.params.method === 'box-cox') this.checkPositive(m);
    const out = this.powerTransform(m, s.lambdas);
    const { cols, data } = out;
    if (this.params.standardize) {
      for (let k = 0; k < data.length; k++) {
        const j = k % cols;
        data[k] = ((data[k] as number) - (s.mean[j] as number)) / (s.scale[j] as number);
      }
    }
    return out;
  }

  /**
   * Maps transformed rows back to the original units (un-standardize, then the inverse power map).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width, or on
   *   a value outside the range of the fitted transform (naming its row and column).
   */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    const { rows, cols, data } = this.checkInput(Y, { fitted: s, input: 'Y' });
    const out = new Float64Array(data.length);
    const boxcox = this.params.method === 'box-cox';
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const y = (data[base + j] as number) * (s.scale[j] as number) + (s.mean[j] as number);
        const lambda = s.lambdas[j] as number;
        const x = boxcox ? boxCoxInverse(y, lambda) : yeoJohnsonInverse(y, lambda);
        if (!Number.isFinite(x)) {
          throw new ValidationError(messages.preprocess.outsideRange(this.estimatorType, i, j, data[base + j] as number, `lambda ${lambda}`), { row: i, column: j });
        }
        out[base + j] = x;
      }
    }
    return { rows, cols, data: out };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (the transform keeps columns). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: PowerTransformerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { lambdas: s.lambdas, mean: s.mean, scale: s.scale });
    checkPositiveScale(this.estimatorType, s.scale);
  }
}
