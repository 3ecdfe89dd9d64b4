/**
 * GaussianMixture: maximum-likelihood Gaussian mixtures fitted by expectation-maximisation.
 *
 * @packageDocumentation
 */
import { ConvergenceError, InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { SoftClusterer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, custom, int, isNull, matrixLike, num, numberArray, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { setWarningHandler, WarningCollector } from '../core/warnings.js';
import { cholesky } from '../linalg/cholesky.js';
import { KMeans } from './kmeans.js';
import { kmeansPlusPlus } from './_kmeans-kernels.js';
import {
  accumulate,
  allocModel,
  BLOCK,
  allocParams,
  copyParams,
  covarianceSize,
  eStep,
  estimateParams,
  labelRows,
  logLikelihoodRows,
  momentsSize,
  paramsFromMoments,
  precisionsOf,
  probaRows,
  scratchSize,
  setPrecisions,
  updateModel,
  type CovarianceType,
  type EstimateStatus,
  type LogProbModel,
  type MixtureParams,
} from './_gmm-kernels.js';

export type { CovarianceType };

/** How {@link GaussianMixture} initialises the responsibilities of each run. */
export type GaussianMixtureInit = 'kmeans' | 'k-means++' | 'random' | 'random_from_data';

/**
 * The shape of `covariances`, `precisions` and `precisionsCholesky` for a covariance type, as
 * scikit-learn's arrays: 'full' one d x d matrix per component, 'tied' one d x d matrix shared
 * by all, 'diag' a k x d matrix of per-feature variances, 'spherical' one variance per component.
 */
export type GaussianMixtureCovariances<C extends CovarianceType> = C extends 'full'
  ? Matrix[]
  : C extends 'spherical'
    ? Float64Array
    : Matrix;

/**
 * The form of `precisionsInit` for a covariance type: 'full' k matrices d x d, 'tied' one d x d
 * matrix, 'diag' k x d, 'spherical' k values.
 */
export type GaussianMixturePrecisionsInit<C extends CovarianceType> = C extends 'full'
  ? readonly (readonly (readonly number[])[])[] | readonly Matrix[]
  : C extends 'spherical'
    ? readonly number[] | Float64Array
    : readonly (readonly number[])[] | Matrix;

/** Options of {@link GaussianMixture}. */
export interface GaussianMixtureOptions<C extends CovarianceType = CovarianceType> {
  /** Number of mixture components. @defaultValue 1 */
  readonly nComponents?: number;
  /**
   * Covariance parametrisation: 'full' (each component its own matrix), 'tied' (one matrix
   * shared by all), 'diag' (each its own diagonal), 'spherical' (each its own single variance).
   * @defaultValue 'full'
   */
  readonly covarianceType?: C;
  /** EM stops when the change of the lower bound (mean log-likelihood) is below tol. @defaultValue 1e-3 */
  readonly tol?: number;
  /** Non-negative value added to the diagonal of every covariance, keeping them positive definite. @defaultValue 1e-6 */
  readonly regCovar?: number;
  /** Most EM iterations per run (0: keep the initial parameters). @defaultValue 100 */
  readonly maxIter?: number;
  /** Runs from different initialisations; the highest lower bound wins. @defaultValue 1 */
  readonly nInit?: number;
  /**
   * Initial responsibilities: 'kmeans' (labels of a {@link KMeans} run), 'k-means++' (k-means++
   * seeds, one row per component), 'random' (uniform, normalised), 'random_from_data' (k random
   * rows). @defaultValue 'kmeans'
   */
  readonly initParams?: GaussianMixtureInit;
  /** Initial weights (nComponents values in [0, 1] summing to 1); null: from `initParams`. @defaultValue null */
  readonly weightsInit?: readonly number[] | Float64Array | null;
  /** Initial means (nComponents x features); null: from `initParams`. @defaultValue null */
  readonly meansInit?: readonly (readonly number[])[] | Matrix | null;
  /** Initial precisions (inverse covariances), shaped by `covarianceType`; null: from `initParams`. @defaultValue null */
  readonly precisionsInit?: GaussianMixturePrecisionsInit<C> | null;
  /** Seed of the initialisation and of `sample`; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
  /** A refit starts from the fitted parameters (one run, nInit ignored) instead of a new initialisation. @defaultValue false */
  readonly warmStart?: boolean;
}

/** Parameters of {@link GaussianMixture} after defaults. */
export type GaussianMixtureParams = Required<GaussianMixtureOptions>;

/** Defaults of {@link GaussianMixture}. */
export const GAUSSIAN_MIXTURE_DEFAULTS: Readonly<GaussianMixtureParams> = Object.freeze({
  nComponents: 1,
  covarianceType: 'full',
  tol: 1e-3,
  regCovar: 1e-6,
  maxIter: 100,
  nInit: 1,
  initParams: 'kmeans',
  weightsInit: null,
  meansInit: null,
  precisionsInit: null,
  randomState: 0,
  warmStart: false,
});

/** A sample drawn from a fitted mixture, grouped by component (as scikit-learn's `sample`). */
export interface GaussianMixtureSample {
  /** The drawn rows, n x features. */
  readonly X: Matrix;
  /** The component each row was drawn from (non-decreasing). */
  readonly labels: Int32Array;
}

interface GaussianMixtureState {
  readonly nFeaturesIn: number;
  readonly weights: Float64Array;
  readonly means: Matrix;
  /** Flat, scikit-learn's layout for the covariance type. */
  readonly covariances: Float64Array;
  /** Flat, scikit-learn's layout for the covariance type. */
  readonly precisionsCholesky: Float64Array;
  readonly converged: boolean;
  readonly nIter: number;
  readonly lowerBound: number;
  readonly labels: Int32Array;
  readonly seedUsed: number;
}

interface ExplicitInit {
  readonly weights: Float64Array | undefined;
  readonly means: Float64Array | undefined;
  readonly precisions: Float64Array | undefined;
}

interface RunResult {
  readonly params: MixtureParams;
  readonly nIter: number;
  readonly lowerBound: number;
  readonly converged: boolean;
}

/** Nested arrays of finite numbers, 1 to 3 levels deep (the forms `precisionsInit` takes). */
const nestedNumbers = custom('a 1-D, 2-D or 3-D array of finite numbers (shaped by covarianceType)', (v) => nestedShape(v) !== null);

/**
 * Gaussian mixture model: k multivariate normal components, fitted by expectation-maximisation,
 * with soft (posterior) assignments.
 *
 * @remarks
 * EM (Dempster, Laird and Rubin 1977; Bishop 2006, ch. 9) with scikit-learn's numerics
 * (`sklearn.mixture.GaussianMixture`): each component is parametrised by the Cholesky factor P of
 * its precision (Σ⁻¹ = P Pᵀ), so the log-density is −½(d log 2π + ‖(x − μ)ᵀP‖²) + log det P,
 * with the log-determinant read off P's diagonal, and the responsibilities come from a shifted
 * log-sum-exp. The lower bound is the mean log-likelihood of the training rows; a run stops when
 * it changes by less than `tol`. `regCovar` is added to every covariance diagonal.
 *
 * Each EM iteration is one pass over the rows: the E-step computes the responsibilities of a
 * block of rows and at once accumulates their first and second moments about the current means,
 * reusing the residuals of the densities; the M-step recentres them on the new means by an exact
 * shift identity. Cost per iteration O(n k d²) for 'full' and 'tied' (one triangular product and
 * one outer product per row and component), O(n k d) for 'diag' and 'spherical'; extra memory
 * O(k d²) during EM (O(n k) for the initial responsibilities when they are needed, and O(n) for
 * the labels). From an explicit `weightsInit`, `meansInit` and
 * `precisionsInit` the fit equals scikit-learn's to rounding; random initialisations use this
 * library's {@link Rng} and {@link KMeans}, so they differ from scikit-learn's draws.
 *
 * Differences from scikit-learn 1.2, on purpose: `converged` and the NOT_CONVERGED warning
 * describe the winning run (scikit-learn 1.2 reports whether any run converged); second
 * moments are accumulated about the means for every type (scikit-learn uses raw moments for
 * 'tied' and 'diag'), which avoids cancellation for data far from the origin; `labels` of the
 * training rows are stored.
 *
 * @typeParam C - the covariance type, inferred from `covarianceType`; it fixes the shape of
 *   `covariances`, `precisions` and `precisionsCholesky`
 * @throws {@link InvalidParameterError} from fit on invalid options, or explicit initial values
 *   of the wrong shape, weights that do not sum to 1, precisions that are not positive definite
 * @throws {@link ValidationError} from fit on malformed input, fewer than 2 rows, fewer rows
 *   than components, or `sampleWeight` (not supported)
 * @throws {@link ConvergenceError} from fit when a covariance is not positive definite
 *   (collapsed components: lower nComponents or raise regCovar) or the data overflow float64
 * @example
 * ```ts
 * import { GaussianMixture } from 'segmentkit';
 * const X = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]];
 * const gm = new GaussianMixture({ nComponents: 2 }).fit(X);
 * const [a, b] = gm.predict([[0, 0], [12, 3]]);
 * console.log(a !== b, gm.converged); // true true
 * ```
 */
export class GaussianMixture<C extends CovarianceType = 'full'>
  extends BaseEstimator<GaussianMixtureParams, GaussianMixtureState>
  implements SoftClusterer
{
  /** Stable type name. */
  static readonly estimatorType = 'GaussianMixture';
  /** Defaults of every parameter. */
  static readonly defaults = GAUSSIAN_MIXTURE_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<GaussianMixtureParams> = {
    nComponents: [int({ min: 1 })],
    covarianceType: [oneOf('full', 'tied', 'diag', 'spherical')],
    tol: [num({ min: 0 })],
    regCovar: [num({ min: 0 })],
    maxIter: [int({ min: 0 })],
    nInit: [int({ min: 1 })],
    initParams: [oneOf('kmeans', 'k-means++', 'random', 'random_from_data')],
    weightsInit: [numberArray, isNull],
    meansInit: [matrixLike, isNull],
    precisionsInit: [nestedNumbers, isNull],
    randomState: seed,
    warmStart: [bool],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    weights: field.float64(),
    means: field.matrix(),
    covariances: field.float64(),
    precisionsCholesky: field.float64(),
    converged: field.boolean(),
    nIter: field.int({ min: 0 }),
    lowerBound: field.number({ nonFinite: true }),
    labels: field.int32(),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link GaussianMixtureOptions} */
  constructor(options: GaussianMixtureOptions<C> = {}) {
    super(GAUSSIAN_MIXTURE_DEFAULTS, options as Partial<GaussianMixtureParams>);
  }

  /**
   * Fits the mixture by EM: `nInit` runs (one with `warmStart` after a first fit), each at most
   * `maxIter` iterations; keeps the run with the highest lower bound, then labels the rows with
   * a final E-step so `labels` agree with the final parameters.
   *
   * @remarks Random draws, in order: one forked {@link Rng} stream per run (its KMeans seed, or
   * its random responsibilities / rows / k-means++ seeds). O(nInit maxIter n k d²).
   * @param X - training data, n x d (n >= 2 and n >= nComponents)
   * @param options - `signal` (AbortSignal, checked every iteration), `onProgress` (one report per run)
   * @returns this
   * @throws {@link ConvergenceError} when a covariance is not positive definite or overflows
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const name = this.estimatorType;
    if (options.sampleWeight !== undefined) throw new ValidationError(messages.mixture.noSampleWeight(name));
    const m = this.checkInput(X, { minSamples: 2 });
    const { nComponents: k, covarianceType: type, tol, regCovar, maxIter } = this.params;
    const { rows: n, cols: d, data } = m;
    if (n < k) throw new ValidationError(messages.mixture.tooFewSamples(name, n, k));
    const explicit = this.explicitInit(d);
    const prev = this.params.warmStart && this.isFitted ? this.fitted('fit') : undefined;
    if (prev !== undefined && prev.nFeaturesIn !== d) throw new ValidationError(messages.featureCount(name, 'X', d, prev.nFeaturesIn));
    const nInit = prev === undefined ? this.params.nInit : 1;
    const seedUsed = resolveSeed(this.params.randomState);
    const rng = new Rng(seedUsed);
    const warnings = new WarningCollector(name);

    const respBlock = new Float64Array(k * BLOCK);
    const nkRaw = new Float64Array(k);
    const nk = new Float64Array(k);
    const sums = new Float64Array(k * d);
    const scratch = new Float64Array(scratchSize(k, d));
    const moments = new Float64Array(momentsSize(type, k, d));
    const model = allocModel(type, k, d);
    let cur = allocParams(type, k, d);
    let next = allocParams(type, k, d);

    let best: RunResult | undefined;
    for (let run = 0; run < nInit; run++) {
      throwIfAborted(options.signal, name);
      const runRng = rng.fork();
      if (prev !== undefined) {
        cur = {
          weights: prev.weights.slice(),
          means: prev.means.data.slice(),
          covariances: prev.covariances.slice(),
          precisionsCholesky: prev.precisionsCholesky.slice(),
        };
      } else {
        this.initialize(m, runRng, explicit, cur, nkRaw, sums, nk, scratch, warnings);
      }
      let lowerBound = prev !== undefined ? prev.lowerBound : -Infinity;
      let converged = false;
      let nIter = 0;
      for (let iter = 1; iter <= maxIter; iter++) {
        throwIfAborted(options.signal, name);
        const previous = lowerBound;
        updateModel(model, cur);
        // one pass: responsibilities and the moments about the current means
        const total = eStep(data, n, model, respBlock, nkRaw, sums, moments);
        if (!Number.isFinite(total)) this.throwDensity(m, model, 'log-likelihood');
        const status = paramsFromMoments(type, k, d, regCovar, cur.means, nkRaw, sums, moments, next, nk, scratch);
        this.throwIfFailed(status);
        [cur, next] = [next, cur];
        lowerBound = total / n;
        nIter = iter;
        if (Math.abs(lowerBound - previous) < tol) {
          converged = true;
          break;
        }
      }
      if (maxIter === 0) {
        // scikit-learn keeps the last run's initial parameters and a lower bound of -inf.
        best = { params: copyParams(cur), nIter: 0, lowerBound: -Infinity, converged: false };
      } else if (best === undefined || lowerBound > best.lowerBound) {
        best = { params: copyParams(cur), nIter, lowerBound, converged };
      }
      options.onProgress?.({ stage: 'restart', step: run + 1, total: nInit, loss: -lowerBound });
    }
    const result = best as RunResult;
    if (!result.converged && maxIter > 0) warnings.warn('NOT_CONVERGED', messages.warnings.notConverged(name, maxIter));
    updateModel(model, result.params);
    const labels = new Int32Array(n);
    labelRows(data, n, model, new Float64Array(k * BLOCK), labels);
    return this.commit(
      {
        nFeaturesIn: d,
        weights: result.params.weights,
        means: { rows: k, cols: d, data: result.params.means },
        covariances: result.params.covariances,
        precisionsCholesky: result.params.precisionsCholesky,
        converged: result.converged,
        nIter: result.nIter,
        lowerBound: result.lowerBound,
        labels,
        seedUsed,
      },
      warnings.flush(),
    );
  }

  /** Initial parameters of one run (scikit-learn's `_initialize_parameters` + `_initialize`). */
  private initialize(
    m: Matrix,
    rng: Rng,
    explicit: ExplicitInit,
    out: MixtureParams,
    nkRaw: Float64Array,
    sums: Float64Array,
    nk: Float64Array,
    scratch: Float64Array,
    warnings: WarningCollector,
  ): void {
    const { nComponents: k, covarianceType: type, regCovar } = this.params;
    const { rows: n, cols: d, data } = m;
    const allGiven = explicit.weights !== undefined && explicit.means !== undefined && explicit.precisions !== undefined;
    if (!allGiven) {
      // The responsibilities only matter for what is not given explicitly.
      const resp = new Float64Array(n * k);
      this.initialResponsibilities(m, rng, resp, warnings);
      accumulate(data, n, d, k, resp, nkRaw, sums);
      const status = estimateParams(data, n, d, k, type, regCovar, resp, nkRaw, sums, false, out, nk, scratch);
      if (explicit.precisions === undefined) this.throwIfFailed(status);
    }
    if (explicit.weights !== undefined) out.weights.set(explicit.weights);
    if (explicit.means !== undefined) out.means.set(explicit.means);
    // Positive definiteness was checked with the options, so this succeeds.
    if (explicit.precisions !== undefined) setPrecisions(type, k, d, explicit.precisions, out, scratch);
  }

  private initialResponsibilities(m: Matrix, rng: Rng, resp: Float64Array, warnings: WarningCollector): void {
    const { nComponents: k, initParams } = this.params;
    const { rows: n, cols: d, data } = m;
    resp.fill(0);
    switch (initParams) {
      case 'kmeans': {
        // KMeans' own warnings would reach the handler as KMeans': keep the one that matters
        // here (fewer distinct clusters than components) as this fit's warning instead.
        const previous = setWarningHandler(null);
        let km: KMeans;
        try {
          km = new KMeans({ nClusters: k, nInit: 1, randomState: rng.uint32() }).fit(m);
        } finally {
          setWarningHandler(previous);
        }
        for (const w of km.warnings) if (w.code === 'FEWER_CLUSTERS') warnings.warn(w.code, `Initialisation: ${w.message}`);
        const labels = km.labels;
        for (let i = 0; i < n; i++) resp[i * k + (labels[i] as number)] = 1;
        return;
      }
      case 'k-means++': {
        const centers = kmeansPlusPlus(data, new Float64Array(n).fill(1), n, d, k, rng);
        for (let c = 0; c < k; c++) resp[rowEqualTo(data, n, d, centers, c) * k + c] = 1;
        return;
      }
      case 'random':
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let c = 0; c < k; c++) {
            const v = rng.float();
            resp[i * k + c] = v;
            s += v;
          }
          // a row of zeros has probability 2^-53k; give it uniform responsibilities
          for (let c = 0; c < k; c++) resp[i * k + c] = s > 0 ? (resp[i * k + c] as number) / s : 1 / k;
        }
        return;
      case 'random_from_data': {
        const idx = rng.sampleWithoutReplacement(n, k);
        for (let c = 0; c < k; c++) resp[(idx[c] as number) * k + c] = 1;
        return;
      }
    }
  }

  private throwIfFailed(status: EstimateStatus): void {
    if (status === 'singular') throw new ConvergenceError(messages.mixture.illDefined(this.estimatorType, this.params.regCovar));
    if (status === 'overflow') throw new ConvergenceError(messages.mixture.overflow(this.estimatorType));
  }

  private throwDensity(m: Matrix, model: LogProbModel, what: string): never {
    const row = probaRows(m.data, m.rows, model, new Float64Array(m.rows * model.k));
    throw new ConvergenceError(messages.mixture.densityUnderflow(this.estimatorType, what, Math.max(row, 0)));
  }

  /** Validates and flattens `weightsInit`, `meansInit`, `precisionsInit` (scikit-learn's `_check_parameters`). */
  private explicitInit(d: number): ExplicitInit {
    const { nComponents: k, covarianceType: type, weightsInit, meansInit, precisionsInit } = this.params;
    const name = this.estimatorType;
    let weights: Float64Array | undefined;
    let means: Float64Array | undefined;
    let precisions: Float64Array | undefined;
    if (weightsInit !== null) {
      weights = checkedNested(name, 'weightsInit', weightsInit, [k]);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const w of weights) {
        min = Math.min(min, w);
        max = Math.max(max, w);
        sum += w;
      }
      if (min < 0 || max > 1) throw new InvalidParameterError('weightsInit', messages.mixture.weightsRange(name, min, max));
      // numpy's allclose(|1 - sum|, 0): atol 1e-8
      if (!(Math.abs(1 - sum) <= 1e-8)) throw new InvalidParameterError('weightsInit', messages.mixture.weightsSum(name, sum));
    }
    if (meansInit !== null) means = checkedNested(name, 'meansInit', meansInit, [k, d]);
    if (precisionsInit !== null) {
      const shape = type === 'full' ? [k, d, d] : type === 'tied' ? [d, d] : type === 'diag' ? [k, d] : [k];
      precisions = checkedNested(name, 'precisionsInit', precisionsInit, shape);
      checkPrecisions(name, type, k, d, precisions);
    }
    return { weights, means, precisions };
  }

  /** Mixture weights, one per component, summing to 1. @throws {@link NotFittedError} before fit. */
  get weights(): Float64Array {
    return this.fitted('weights').weights.slice();
  }

  /** Component means, nComponents x nFeatures. @throws {@link NotFittedError} before fit. */
  get means(): Matrix {
    const mm = this.fitted('means').means;
    return { rows: mm.rows, cols: mm.cols, data: mm.data.slice() };
  }

  /**
   * Component covariances, shaped by the covariance type (see {@link GaussianMixtureCovariances}).
   * @throws {@link NotFittedError} before fit.
   */
  get covariances(): GaussianMixtureCovariances<C> {
    return this.shaped(this.fitted('covariances').covariances);
  }

  /** Precision matrices (inverse covariances), shaped as `covariances`. @throws {@link NotFittedError} before fit. */
  get precisions(): GaussianMixtureCovariances<C> {
    const { nComponents: k, covarianceType: type } = this.params;
    const s = this.fitted('precisions');
    return this.shaped(precisionsOf(type, k, s.nFeaturesIn, s.precisionsCholesky));
  }

  /**
   * Cholesky factors P of the precisions (precision = P Pᵀ; upper triangular after EM, lower
   * when taken from `precisionsInit` with maxIter 0), shaped as `covariances`.
   * @throws {@link NotFittedError} before fit.
   */
  get precisionsCholesky(): GaussianMixtureCovariances<C> {
    return this.shaped(this.fitted('precisionsCholesky').precisionsCholesky);
  }

  /** True when the winning run converged (lower-bound change below tol). */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /** EM iterations of the winning run (0 with maxIter 0). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Lower bound (mean log-likelihood of the training rows) of the winning run; -Infinity with maxIter 0. */
  get lowerBound(): number {
    return this.fitted('lowerBound').lowerBound;
  }

  /** Most probable component of each training row under the final parameters. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** The seed actually used (the `randomState`, or the fresh seed drawn for null). */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  private shaped(flat: Float64Array): GaussianMixtureCovariances<C> {
    const { nComponents: k, covarianceType: type } = this.params;
    const d = this.fitted('covariances').nFeaturesIn;
    let out: Matrix[] | Matrix | Float64Array;
    if (type === 'full') {
      out = Array.from({ length: k }, (_, c) => ({ rows: d, cols: d, data: flat.slice(c * d * d, (c + 1) * d * d) }));
    } else if (type === 'tied') out = { rows: d, cols: d, data: flat.slice() };
    else if (type === 'diag') out = { rows: k, cols: d, data: flat.slice() };
    else out = flat.slice();
    return out as GaussianMixtureCovariances<C>;
  }

  private modelOf(s: GaussianMixtureState): LogProbModel {
    const { nComponents: k, covarianceType: type } = this.params;
    const model = allocModel(type, k, s.nFeaturesIn);
    updateModel(model, { weights: s.weights, means: s.means.data, covariances: s.covariances, precisionsCholesky: s.precisionsCholesky });
    return model;
  }

  /**
   * Most probable component of each row (argmax of log πc + log N(x | μc, Σc)). O(n k d²).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on malformed input.
   */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const m = this.checkInput(X, { fitted: s });
    const model = this.modelOf(s);
    const labels = new Int32Array(m.rows);
    labelRows(m.data, m.rows, model, new Float64Array(model.k * BLOCK), labels);
    return labels;
  }

  /**
   * Posterior probability of each component for each row (n x nComponents, rows sum to 1).
   * O(n k d²).
   * @throws {@link ConvergenceError} for a row whose density underflows under every component
   *   (extremely far from all of them), where the probabilities are undefined.
   */
  predictProba(X: MatrixInput): Matrix {
    const s = this.fitted('predictProba');
    const m = this.checkInput(X, { fitted: s });
    const model = this.modelOf(s);
    const out = new Float64Array(m.rows * model.k);
    const bad = probaRows(m.data, m.rows, model, out);
    if (bad >= 0) throw new ConvergenceError(messages.mixture.densityUnderflow(this.estimatorType, 'probabilities', bad));
    return { rows: m.rows, cols: model.k, data: out };
  }

  /**
   * Log-likelihood of each row, log Σc πc N(x | μc, Σc) (by log-sum-exp; -Infinity where the
   * density underflows). O(n k d²).
   */
  scoreSamples(X: MatrixInput): Float64Array {
    const s = this.fitted('scoreSamples');
    const m = this.checkInput(X, { fitted: s });
    const model = this.modelOf(s);
    const out = new Float64Array(m.rows);
    logLikelihoodRows(m.data, m.rows, model, new Float64Array(model.k * BLOCK), out);
    return out;
  }

  /** Mean log-likelihood of the rows (higher is better). */
  score(X: MatrixInput): number {
    const ll = this.scoreSamples(X);
    let s = 0;
    for (let i = 0; i < ll.length; i++) s += ll[i] as number;
    return s / ll.length;
  }

  /** Number of free parameters: means, covariances and weights (scikit-learn's `_n_parameters`). */
  nParameters(): number {
    const { nComponents: k, covarianceType: type } = this.params;
    const d = this.fitted('nParameters').nFeaturesIn;
    const cov = type === 'full' ? (k * d * (d + 1)) / 2 : type === 'diag' ? k * d : type === 'tied' ? (d * (d + 1)) / 2 : k;
    return cov + k * d + k - 1;
  }

  /**
   * Bayesian information criterion on X: −2 n score(X) + p ln n, with p free parameters (lower is
   * better). Reference: Schwarz (1978).
   */
  bic(X: MatrixInput): number {
    const m = this.checkInput(X, { fitted: this.fitted('bic') });
    return -2 * this.score(m) * m.rows + this.nParameters() * Math.log(m.rows);
  }

  /** Akaike information criterion on X: −2 n score(X) + 2p (lower is better). Reference: Akaike (1974). */
  aic(X: MatrixInput): number {
    const m = this.checkInput(X, { fitted: this.fitted('aic') });
    return -2 * this.score(m) * m.rows + 2 * this.nParameters();
  }

  /** `fit(X).labels`: the labels of a final E-step under the fitted parameters. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /**
   * Draws rows from the fitted mixture: component counts from a multinomial on the weights, then
   * μc + Lc z with Lc the Cholesky factor of Σc and z standard normal. Rows come grouped by
   * component, as scikit-learn's `sample`.
   *
   * @remarks O(n d² + k d³). Seeded by `options.randomState`, or by `seedUsed`, so repeated calls
   * return the same rows (as scikit-learn with an integer `random_state`).
   * @param nSamples - number of rows @defaultValue 1
   * @param options - `randomState` for this draw
   * @throws {@link InvalidParameterError} when nSamples is not an integer >= 1
   * @example
   * ```ts
   * import { GaussianMixture } from 'segmentkit';
   * const gm = new GaussianMixture({ nComponents: 2 }).fit([[0], [0.1], [5], [5.1]]);
   * const { X, labels } = gm.sample(3);
   * console.log(X.rows, labels.length); // 3 3
   * ```
   */
  sample(nSamples = 1, options: { readonly randomState?: RandomState } = {}): GaussianMixtureSample {
    const s = this.fitted('sample');
    if (!Number.isInteger(nSamples) || nSamples < 1) {
      throw new InvalidParameterError('nSamples', messages.mixture.sampleCount(this.estimatorType, nSamples));
    }
    const { nComponents: k, covarianceType: type } = this.params;
    const d = s.nFeaturesIn;
    const rng = new Rng(options.randomState === undefined ? s.seedUsed : resolveSeed(options.randomState));
    const counts = new Int32Array(k);
    const cum = new Float64Array(k);
    let acc = 0;
    for (let c = 0; c < k; c++) {
      acc += s.weights[c] as number;
      cum[c] = acc;
    }
    for (let i = 0; i < nSamples; i++) {
      const u = rng.float() * acc;
      let c = 0;
      while (c < k - 1 && (cum[c] as number) <= u) c++;
      counts[c]++;
    }
    // Cholesky factors of the covariances (full / tied), or standard deviations (diag / spherical).
    const cov = s.covariances;
    const L = new Float64Array(cov.length);
    if (type === 'full' || type === 'tied') {
      const nF = type === 'full' ? k : 1;
      for (let f = 0; f < nF; f++) {
        if (!cholesky(cov, d, L, f * d * d, f * d * d)) throw new ConvergenceError(messages.mixture.illDefined(this.estimatorType, this.params.regCovar));
      }
    } else {
      for (let i = 0; i < cov.length; i++) L[i] = Math.sqrt(cov[i] as number);
    }
    const out = new Float64Array(nSamples * d);
    const labels = new Int32Array(nSamples);
    const z = new Float64Array(d);
    const mu = s.means.data;
    let r = 0;
    for (let c = 0; c < k; c++) {
      for (let t = 0; t < (counts[c] as number); t++, r++) {
        labels[r] = c;
        for (let j = 0; j < d; j++) z[j] = rng.normal();
        const o = r * d;
        for (let a = 0; a < d; a++) {
          let v = mu[c * d + a] as number;
          if (type === 'full' || type === 'tied') {
            const base = (type === 'full' ? c * d * d : 0) + a * d;
            for (let b = 0; b <= a; b++) v += (L[base + b] as number) * (z[b] as number);
          } else {
            v += (type === 'diag' ? (L[c * d + a] as number) : (L[c] as number)) * (z[a] as number);
          }
          out[o + a] = v;
        }
      }
    }
    return { X: { rows: nSamples, cols: d, data: out }, labels };
  }

  protected override checkState(s: GaussianMixtureState): void {
    const name = this.estimatorType;
    const { nComponents: k, covarianceType: type } = this.params;
    const d = s.nFeaturesIn;
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(name, detail));
    };
    if (s.means.rows !== k || s.means.cols !== d) bad(`means is ${s.means.rows} x ${s.means.cols}, expected ${k} x ${d}.`);
    assertLengths(name, k, { weights: s.weights });
    assertLengths(name, covarianceSize(type, k, d), { covariances: s.covariances, precisionsCholesky: s.precisionsCholesky });
    for (let c = 0; c < k; c++) if (!((s.weights[c] as number) >= 0 && (s.weights[c] as number) <= 1)) bad(`weights[${c}] = ${s.weights[c]} is not in [0, 1].`);
    // Every log-determinant reads the factors' diagonals: they must be positive.
    const P = s.precisionsCholesky;
    if (type === 'full' || type === 'tied') {
      const nF = type === 'full' ? k : 1;
      for (let f = 0; f < nF; f++) {
        for (let a = 0; a < d; a++) {
          const i = f * d * d + a * d + a;
          if (!((P[i] as number) > 0)) bad(`precisionsCholesky[${i}] = ${P[i]} is a diagonal entry that is not positive.`);
        }
      }
    } else {
      for (let i = 0; i < P.length; i++) if (!((P[i] as number) > 0)) bad(`precisionsCholesky[${i}] = ${P[i]} is not positive.`);
    }
    for (let i = 0; i < s.labels.length; i++) {
      const l = s.labels[i] as number;
      if (l < 0 || l >= k) bad(`labels[${i}] = ${l} is not a component index.`);
    }
  }
}

/** Index of the first row of X equal to row `c` of `centers` (k-means++ seeds are rows of X). */
function rowEqualTo(X: Float64Array, n: number, d: number, centers: Float64Array, c: number): number {
  for (let i = 0; i < n; i++) {
    let j = 0;
    while (j < d && X[i * d + j] === centers[c * d + j]) j++;
    if (j === d) return i;
  }
  return 0;
}

/** Shape of a rectangular nested array of finite numbers (1 to 3 levels), or null. */
function nestedShape(v: unknown): number[] | null {
  const isNums = (a: unknown): a is ArrayLike<number> =>
    (Array.isArray(a) || a instanceof Float64Array) && Array.from(a as ArrayLike<unknown>).every((x) => typeof x === 'number' && Number.isFinite(x));
  if (isNums(v)) return [v.length];
  if (!Array.isArray(v) || v.length === 0) return null;
  const inner = v.map(nestedShape);
  const first = inner[0];
  if (first === null || first === undefined || first.length > 2) return null;
  for (const s of inner) if (s === null || s.length !== first.length || s.some((x, i) => x !== first[i])) return null;
  return [v.length, ...first];
}

function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Flattens a nested explicit initial value after checking its shape. */
function checkedNested(name: string, parameter: string, value: unknown, expected: readonly number[]): Float64Array {
  const shape = nestedShape(value);
  if (shape === null || shape.length !== expected.length || shape.some((s, i) => s !== expected[i])) {
    throw new InvalidParameterError(parameter, messages.mixture.initShape(name, parameter, formatShape(expected), shape === null ? 'ragged' : formatShape(shape)));
  }
  return Float64Array.from((value as unknown[]).flat(2) as number[]);
}

/** Precisions must be positive (diag / spherical) or symmetric positive definite (full / tied). */
function checkPrecisions(name: string, type: CovarianceType, k: number, d: number, p: Float64Array): void {
  if (type === 'diag' || type === 'spherical') {
    for (let i = 0; i < p.length; i++) {
      if (!((p[i] as number) > 0)) throw new InvalidParameterError('precisionsInit', messages.mixture.notPositiveDefinite(name, type, `value ${i} (${p[i]})`));
    }
    return;
  }
  const nF = type === 'full' ? k : 1;
  const L = new Float64Array(d * d);
  for (let f = 0; f < nF; f++) {
    const o = f * d * d;
    const which = type === 'full' ? `matrix ${f}` : 'the matrix';
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) {
        // numpy's allclose(P, Pᵀ): |x - y| <= 1e-8 + 1e-5 |y|
        const x = p[o + a * d + b] as number;
        const y = p[o + b * d + a] as number;
        if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) {
          throw new InvalidParameterError('precisionsInit', messages.mixture.notPositiveDefinite(name, type, `${which} (not symmetric)`));
        }
      }
    }
    if (!cholesky(p, d, L, o, 0)) throw new InvalidParameterError('precisionsInit', messages.mixture.notPositiveDefinite(name, type, which));
  }
}
