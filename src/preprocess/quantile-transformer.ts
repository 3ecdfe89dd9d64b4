/**
 * QuantileTransformer: each feature mapped through its empirical CDF onto a uniform or normal
 * distribution.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { Rng, resolveSeed, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { WarningCollector } from '../core/warnings.js';
import { normalCdf, normalPpf, quantileSorted } from './_stats.js';

/** Options of {@link QuantileTransformer}. */
export interface QuantileTransformerOptions {
  /** Number of quantiles (landmarks of the empirical CDF); capped at the number of samples. @defaultValue 1000 */
  readonly nQuantiles?: number;
  /** Distribution of the transformed data. @defaultValue 'uniform' */
  readonly outputDistribution?: 'uniform' | 'normal';
  /** Most samples per feature used to estimate the quantiles (a seeded subsample beyond it). @defaultValue 100000 */
  readonly subsample?: number;
  /** Seed of the subsampling; null draws a fresh seed. @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link QuantileTransformer} after defaults. */
export type QuantileTransformerParams = Required<QuantileTransformerOptions>;

/** Defaults of {@link QuantileTransformer}. */
export const QUANTILE_TRANSFORMER_DEFAULTS: Readonly<QuantileTransformerParams> = Object.freeze({
  nQuantiles: 1000,
  outputDistribution: 'uniform',
  subsample: 100_000,
  randomState: 0,
});

interface QuantileTransformerState {
  readonly nFeaturesIn: number;
  /** nQuantilesFitted x d, column j non-decreasing. */
  readonly quantiles: Matrix;
  readonly references: Float64Array;
  readonly seedUsed: number;
}

/** scikit-learn's BOUNDS_THRESHOLD. */
const BOUNDS = 1e-7;
const CLIP_MIN = normalPpf(BOUNDS - Number.EPSILON);
const CLIP_MAX = normalPpf(1 - (BOUNDS - Number.EPSILON));

/**
 * `np.interp(x, xp, fp)` for non-decreasing `xp` read with a stride: `xp[k] = xs * X[xo + k * st]`,
 * `fp[k] = fs * F[fo + k * fst]` (the signs and strides let the reversed, negated arrays be read in
 * place). Same branches as numpy: the last of repeated `xp` values wins, exact hits return `fp`.
 */
function interp(
  x: number,
  m: number,
  X: Float64Array, xo: number, xst: number, xs: number,
  F: Float64Array, fo: number, fst: number, fs: number,
): number {
  if (Number.isNaN(x)) return x;
  const last = m - 1;
  if (x > xs * (X[xo + last * xst] as number)) return fs * (F[fo + last * fst] as number);
  if (x < xs * (X[xo] as number)) return fs * (F[fo] as number);
  // largest j with xp[j] <= x
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (x >= xs * (X[xo + mid * xst] as number)) lo = mid + 1;
    else hi = mid;
  }
  const j = lo - 1;
  const fj = fs * (F[fo + j * fst] as number);
  if (j === last) return fj;
  const xj = xs * (X[xo + j * xst] as number);
  if (xj === x) return fj;
  const xj1 = xs * (X[xo + (j + 1) * xst] as number);
  const fj1 = fs * (F[fo + (j + 1) * fst] as number);
  const dx = xj1 - xj;
  const slope = (fj1 - fj) / dx;
  // numpy's slope overflows when the gap between quantiles is subnormal, or is 0 when the gap
  // itself overflows (quantiles near +-1.8e308), and the averaged transform then turns into NaN or
  // a wrong value: interpolate by the fraction of the gap instead, which stays within [fj, fj1].
  if (!Number.isFinite(slope) || !Number.isFinite(dx)) return lerp(x, xj, xj1, fj, fj1);
  let r = slope * (x - xj) + fj;
  if (Number.isNaN(r)) {
    r = slope * (x - xj1) + fj1;
    if (Number.isNaN(r) && fj === fj1) r = fj;
  }
  return r;
}

/**
 * The value at x on the segment from (xj, fj) to (xj1, fj1), xj < x < xj1, without overflow:
 * differences of huge values are halved first (exact), products stay within [fj, fj1].
 */
function lerp(x: number, xj: number, xj1: number, fj: number, fj1: number): number {
  const dx = xj1 - xj;
  const t = Number.isFinite(dx) ? (x - xj) / dx : (x / 2 - xj / 2) / (xj1 / 2 - xj / 2);
  return (1 - t) * fj + t * fj1;
}

/**
 * Maps each feature through its empirical cumulative distribution, onto a uniform distribution on
 * [0, 1] or onto a standard normal. Robust to outliers and to any monotone distortion: the answer to
 * heavy-tailed spend and order counts.
 *
 * @remarks
 * Fit sorts each feature (or a seeded subsample of `subsample` rows) and keeps `nQuantiles`
 * quantiles at evenly spaced probabilities (numpy's linear method): O(d n log n). Transform
 * interpolates between quantiles, averaging the interpolation run forwards and backwards so
 * repeated values map to the middle of their probability range, then applies the normal quantile
 * function for `outputDistribution` 'normal' (clipped to the quantiles of 1e-7 and 1 - 1e-7, so no
 * value maps to infinity): O(n d log nQuantiles). Values beyond the training range map to the
 * bounds. Matches scikit-learn's `QuantileTransformer` (dense path) to 1e-10 when `subsample` is at
 * least the number of rows; the subsample itself is drawn from segmentkit's own generator.
 * When `nQuantiles` exceeds the number of rows it is lowered to it, with a DATA_ADJUSTED warning.
 *
 * @example
 * ```ts
 * import { QuantileTransformer, toRows } from 'segmentkit';
 * const qt = new QuantileTransformer({ nQuantiles: 5 }).fit([[1], [2], [3], [4], [1000]]);
 * console.log(toRows(qt.transform([[3], [500]]))); // [[0.5], [0.8745]]
 * console.log(toRows(qt.inverseTransform([[0.25]]))); // [[2]]
 * ```
 */
export class QuantileTransformer extends BaseEstimator<QuantileTransformerParams, QuantileTransformerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'QuantileTransformer';
  /** Defaults of every parameter. */
  static readonly defaults = QUANTILE_TRANSFORMER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<QuantileTransformerParams> = {
    nQuantiles: [int({ min: 1 })],
    outputDistribution: [oneOf('uniform', 'normal')],
    subsample: [int({ min: 1 })],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    quantiles: field.matrix(),
    references: field.float64(),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link QuantileTransformerOptions} */
  constructor(options: QuantileTransformerOptions = {}) {
    super(QUANTILE_TRANSFORMER_DEFAULTS, options);
  }

  /**
   * Estimates the quantiles of every feature.
   *
   * @param X - training data, n x d
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options, or `nQuantiles` above `subsample`
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { nQuantiles, subsample, randomState } = this.params;
    if (nQuantiles > subsample) {
      throw new InvalidParameterError('nQuantiles', messages.preprocess.quantilesOverSubsample(this.estimatorType, nQuantiles, subsample));
    }
    const { rows, cols, data } = this.checkInput(X);
    const warnings = new WarningCollector(this.estimatorType);
    if (nQuantiles > rows) warnings.warn('DATA_ADJUSTED', messages.preprocess.clampedToSamples(this.estimatorType, 'nQuantiles', nQuantiles, rows));
    const m = Math.max(1, Math.min(nQuantiles, rows));
    // np.linspace(0, 1, m): i * (1 / (m - 1)), last exactly 1.
    const references = new Float64Array(m);
    const step = 1 / (m - 1);
    for (let k = 0; k < m; k++) references[k] = m > 1 ? k * step : 0;
    if (m > 1) references[m - 1] = 1;
    const seedUsed = resolveSeed(randomState);
    const rng = new Rng(seedUsed);
    const take = Math.min(subsample, rows);
    const col = new Float64Array(take);
    const quantiles = new Float64Array(m * cols);
    for (let j = 0; j < cols; j++) {
      if (subsample < rows) {
        const idx = rng.sampleWithoutReplacement(rows, subsample);
        for (let i = 0; i < take; i++) col[i] = data[(idx[i] as number) * cols + j] as number;
      } else {
        for (let i = 0; i < rows; i++) col[i] = data[i * cols + j] as number;
      }
      col.sort();
      let prev = -Infinity;
      for (let k = 0; k < m; k++) {
        // np.nanpercentile(col, references * 100): the percentile is divided by 100 again.
        const q = quantileSorted(col, take, ((references[k] as number) * 100) / 100);
        prev = q > prev ? q : prev; // np.maximum.accumulate
        quantiles[k * cols + j] = prev;
      }
    }
    return this.commit({ nFeaturesIn: cols, quantiles: { rows: m, cols, data: quantiles }, references, seedUsed }, warnings.flush());
  }

  /** The quantiles of each feature, nQuantiles x d (column j is non-decreasing). @throws {@link NotFittedError} before fit. */
  get quantiles(): Matrix {
    const q = this.fitted('quantiles').quantiles;
    return { rows: q.rows, cols: q.cols, data: q.data.slice() };
  }

  /** The probabilities of the quantiles (evenly spaced on [0, 1]). @throws {@link NotFittedError} before fit. */
  get references(): Float64Array {
    return this.fitted('references').references.slice();
  }

  /** The number of quantiles actually used (nQuantiles capped at the number of samples). @throws {@link NotFittedError} before fit. */
  get nQuantilesFitted(): number {
    return this.fitted('nQuantilesFitted').references.length;
  }

  /** The seed the subsampling used. @throws {@link NotFittedError} before fit. */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /**
   * Maps rows onto the output distribution.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const { rows, cols, data } = this.checkInput(X, { fitted: s });
    const Q = s.quantiles.data;
    const R = s.references;
    const m = R.length;
    const normal = this.params.outputDistribution === 'normal';
    const out = new Float64Array(data.length);
    for (let j = 0; j < cols; j++) {
      const lowX = Q[j] as number;
      const highX = Q[(m - 1) * cols + j] as number;
      for (let i = 0; i < rows; i++) {
        const x = data[i * cols + j] as number;
        const lower = normal ? x - BOUNDS < lowX : x === lowX;
        const upper = normal ? x + BOUNDS > highX : x === highX;
        let v = 0.5 * (interp(x, m, Q, j, cols, 1, R, 0, 1, 1) - interp(-x, m, Q, (m - 1) * cols + j, -cols, -1, R, m - 1, -1, -1));
        if (upper) v = 1;
        if (lower) v = 0;
        if (normal) {
          v = normalPpf(v);
          v = v < CLIP_MIN ? CLIP_MIN : v > CLIP_MAX ? CLIP_MAX : v;
        }
        out[i * cols + j] = v;
      }
    }
    return { rows, cols, data: out };
  }

  /**
   * Maps rows from the output distribution back to the original units (values beyond the output
   * range map to the smallest or largest training quantile).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    const { rows, cols, data } = this.checkInput(Y, { fitted: s, input: 'Y' });
    const Q = s.quantiles.data;
    const R = s.references;
    const m = R.length;
    const normal = this.params.outputDistribution === 'normal';
    const out = new Float64Array(data.length);
    for (let j = 0; j < cols; j++) {
      const lowY = Q[j] as number;
      const highY = Q[(m - 1) * cols + j] as number;
      for (let i = 0; i < rows; i++) {
        let x = data[i * cols + j] as number;
        if (normal) x = normalCdf(x);
        const lower = normal ? x - BOUNDS < 0 : x === 0;
        const upper = normal ? x + BOUNDS > 1 : x === 1;
        let v = interp(x, m, R, 0, 1, 1, Q, j, cols, 1);
        if (upper) v = highY;
        if (lower) v = lowY;
        out[i * cols + j] = v;
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

  protected override checkState(s: QuantileTransformerState): void {
    const bad = (detail: string) => new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    const m = s.references.length;
    if (m < 1 || s.quantiles.rows !== m || s.quantiles.cols !== s.nFeaturesIn) {
      throw bad(`quantiles must be ${m} x ${s.nFeaturesIn} (references x features), got ${s.quantiles.rows} x ${s.quantiles.cols}.`);
    }
    for (let k = 1; k < m; k++) {
      if (!((s.references[k] as number) > (s.references[k - 1] as number))) throw bad('references must be strictly increasing.');
      for (let j = 0; j < s.nFeaturesIn; j++) {
        if ((s.quantiles.data[k * s.nFeaturesIn + j] as number) < (s.quantiles.data[(k - 1) * s.nFeaturesIn + j] as number)) {
          throw bad(`quantiles of feature ${j} must be non-decreasing.`);
        }
      }
    }
  }
}
