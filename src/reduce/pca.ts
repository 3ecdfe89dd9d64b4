/**
 * PCA: principal component analysis by exact SVD, covariance eigendecomposition or randomized SVD.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import { copyMatrix, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, int, isNull, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import {
  centeredGram,
  columnMeans,
  flipSignsByScores,
  projectModel,
  randomizedSvd,
  reconstructModel,
  spdInverseLogDet,
  symmetricEigen,
  thinSvd,
} from './_pca-kernels.js';

/** The SVD solvers of {@link PCA}. */
export type PCASolver = 'auto' | 'full' | 'covariance' | 'randomized';

/** Options of {@link PCA}. */
export interface PCAOptions {
  /**
   * Components to keep: an integer in [1, min(nSamples, nFeatures)]; a fraction in (0, 1), to keep
   * the fewest components whose explained variance ratio sums above it (solvers 'full',
   * 'covariance', 'auto'); or null to keep min(nSamples, nFeatures). @defaultValue null
   */
  readonly nComponents?: number | null;
  /** Scale the projections to unit variance (divide by `sqrt(explainedVariance)`). @defaultValue false */
  readonly whiten?: boolean;
  /**
   * 'full': exact SVD (streaming Householder QR of the centred data, then the SVD of the d x d
   * factor); 'covariance': eigendecomposition of the d x d covariance built in one blocked pass,
   * the fastest for nSamples much larger than nFeatures; 'randomized': Halko et al.'s randomized
   * SVD (seeded by `randomState`); 'auto': 'covariance' when nFeatures <= 1000 and
   * nSamples >= 10 nFeatures, else scikit-learn's rule ('full' when max(n, d) <= 500 or
   * nComponents is a fraction, 'randomized' when nComponents < 0.8 min(n, d), else 'full').
   * @defaultValue 'auto'
   */
  readonly svdSolver?: PCASolver;
  /** Extra random directions of the randomized solver. @defaultValue 10 */
  readonly nOversamples?: number;
  /** Power iterations of the randomized solver; 'auto': 7 when nComponents < 0.1 min(n, d), else 4. @defaultValue 'auto' */
  readonly iteratedPower?: number | 'auto';
  /** Seed of the randomized solver; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link PCA} after defaults. */
export type PCAParams = Required<PCAOptions>;

/** Defaults of {@link PCA}. */
export const PCA_DEFAULTS: Readonly<PCAParams> = Object.freeze({
  nComponents: null,
  whiten: false,
  svdSolver: 'auto',
  nOversamples: 10,
  iteratedPower: 'auto',
  randomState: 0,
});

interface PCAState {
  readonly nFeaturesIn: number;
  readonly nSamples: number;
  readonly nComponents: number;
  readonly components: Matrix;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly mean: Float64Array;
  readonly noiseVariance: number;
  readonly svdSolverUsed: Exclude<PCASolver, 'auto'>;
  readonly seedUsed: number;
}

/** One feature's weight in a component, from {@link PCA.loadings}. */
export interface PCAFeatureLoading {
  /** Feature name. */
  readonly feature: string;
  /** The component's coefficient for this feature (a unit-vector entry). */
  readonly weight: number;
  /** `weight * sqrt(explainedVariance)`: the covariance of the feature with the component score. */
  readonly loading: number;
}

/** One component described by its features, from {@link PCA.loadings}. */
export interface PCAComponentLoadings {
  /** Output column name (`pca0`, `pca1`, ...). */
  readonly component: string;
  /** Share of the total variance this component explains. */
  readonly explainedVarianceRatio: number;
  /** Features by decreasing absolute weight. */
  readonly features: readonly PCAFeatureLoading[];
}

/**
 * Principal component analysis: projects centred data on the directions of largest variance.
 *
 * @remarks
 * Three solvers share one result. 'covariance' forms the means and `C = (X - mean)'(X - mean)` in one
 * blocked pass (O(n d^2 / 2) multiply-adds, O(d^2) extra memory) and eigendecomposes it (O(d^3)); 'full' runs a
 * streaming Householder QR over blocks of rows (O(2 n d^2), O(d^2) extra memory, as accurate as
 * LAPACK's SVD) and takes the SVD of the d x d factor; 'randomized' finds the range with a seeded
 * Gaussian test matrix and power iterations (O(n d l) per pass, l = nComponents + nOversamples).
 * Signs follow scikit-learn 1.2's `svd_flip(U, Vt)`: in each component the projection of largest
 * magnitude over the training rows is positive, so results are deterministic and match
 * scikit-learn's. `explainedVariance` uses the unbiased (n - 1) normalisation;
 * `noiseVariance` is the mean of the discarded variances (probabilistic PCA, Tipping and Bishop
 * 1999), which `scoreSamples` uses. References: Halko, Martinsson and Tropp (2011) for the
 * randomized solver; scikit-learn's `PCA`.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nComponents exceeds min(nSamples, nFeatures), or when
 *   a variance fraction is combined with the randomized solver
 * @example
 * ```ts
 * import { PCA } from 'segmentkit';
 * const pca = new PCA({ nComponents: 1 }).fit([[1, 1], [2, 2], [3, 3.1]]);
 * console.log(pca.explainedVarianceRatio[0] > 0.99); // true
 * console.log(pca.transform([[2, 2]]).cols); // 1
 * ```
 */
export class PCA extends BaseEstimator<PCAParams, PCAState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'PCA';
  /** Defaults of every parameter. */
  static readonly defaults = PCA_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<PCAParams> = {
    nComponents: [int({ min: 1 }), num({ min: 0, max: 1, closed: 'neither' }), isNull],
    whiten: [bool],
    svdSolver: [oneOf('auto', 'full', 'covariance', 'randomized')],
    nOversamples: [int({ min: 1 })],
    iteratedPower: [int({ min: 0 }), oneOf('auto')],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    nSamples: field.int({ min: 2 }),
    nComponents: field.int({ min: 1 }),
    components: field.matrix(),
    explainedVariance: field.float64(),
    explainedVarianceRatio: field.float64(),
    singularValues: field.float64(),
    mean: field.float64(),
    noiseVariance: field.number({ min: 0 }),
    svdSolverUsed: field.string(['full', 'covariance', 'randomized']),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link PCAOptions} */
  constructor(options: PCAOptions = {}) {
    super(PCA_DEFAULTS, options);
  }

  /**
   * Learns the principal components of X.
   *
   * @param X - training data, n x d (n >= 2)
   * @param options - unused (PCA has no per-call options); accepted for the Transformer contract
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input, fewer than 2 rows, or
   *   nComponents larger than min(n, d)
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const m = this.checkInput(X, { minSamples: 2 });
    const { rows: n, cols: d, data } = m;
    const { nComponents, svdSolver, nOversamples, iteratedPower } = this.params;
    const maxK = Math.min(n, d);
    const isFraction = nComponents !== null && !Number.isInteger(nComponents);
    const solver = resolveSolver(svdSolver, n, d, nComponents, maxK);
    // Every solver sums squares (variances, norms): beyond ~1e154 they overflow float64.
    if (squaresOverflow(data)) throw new ValidationError(messages.reduce.squaresOverflow(this.estimatorType));
    if (nComponents !== null && !isFraction && nComponents > maxK) {
      throw new ValidationError(messages.reduce.tooManyComponents(this.estimatorType, nComponents, maxK, solver));
    }
    if (solver === 'randomized' && isFraction) {
      throw new ValidationError(messages.reduce.fractionNeedsAllComponents(this.estimatorType, nComponents, solver));
    }
    const seedUsed = resolveSeed(this.params.randomState);
    let mean: Float64Array;

    // s: singular values of the centred data, vt: right singular vectors (rows), descending.
    let s: Float64Array;
    let vt: Float64Array;
    let totalSq: number;
    if (solver === 'covariance') {
      let G: Float64Array;
      ({ G, mean } = centeredGram(data, n, d));
      const { values, vectors } = symmetricEigen(G, d);
      s = new Float64Array(maxK);
      for (let c = 0; c < maxK; c++) s[c] = Math.sqrt(Math.max(0, values[c] as number));
      vt = vectors.slice(0, maxK * d);
      totalSq = 0;
      for (let j = 0; j < d; j++) totalSq += G[j * d + j] as number;
    } else if (solver === 'full') {
      mean = columnMeans(data, n, d);
      ({ s, vt } = thinSvd(data, n, d, mean));
      totalSq = 0;
      for (let c = 0; c < s.length; c++) totalSq += (s[c] as number) ** 2;
    } else {
      mean = columnMeans(data, n, d);
      const k0 = nComponents ?? maxK;
      const l = Math.min(k0 + nOversamples, maxK);
      const nIter = iteratedPower === 'auto' ? (k0 < 0.1 * maxK ? 7 : 4) : iteratedPower;
      ({ s, vt } = randomizedSvd(data, n, d, mean, l, nIter, new Rng(seedUsed)));
      totalSq = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) totalSq += ((data[i * d + j] as number) - (mean[j] as number)) ** 2;
      }
    }

    const all = s.length;
    const ev = new Float64Array(all);
    for (let c = 0; c < all; c++) ev[c] = ((s[c] as number) * (s[c] as number)) / (n - 1);
    const totalVar = totalSq / (n - 1);
    let k: number;
    if (nComponents === null) k = maxK;
    else if (isFraction) {
      // scikit-learn: searchsorted(cumsum(ratio), fraction, side='right') + 1
      let cum = 0;
      k = 1;
      for (let c = 0; c < all; c++) {
        cum += (ev[c] as number) / totalVar;
        if (cum <= nComponents) k = c + 2;
        else break;
      }
      k = Math.min(k, maxK);
    } else k = nComponents;

    let noiseVariance = 0;
    if (k < maxK) {
      if (solver === 'randomized') {
        let kept = 0;
        for (let c = 0; c < k; c++) kept += ev[c] as number;
        noiseVariance = Math.max(0, (totalVar - kept) / (maxK - k));
      } else {
        let rest = 0;
        for (let c = k; c < maxK; c++) rest += ev[c] as number;
        noiseVariance = rest / (maxK - k);
      }
    }
    const components = vt.slice(0, k * d);
    flipSignsByScores(data, n, d, mean, components, k);
    const explainedVariance = ev.slice(0, k);
    const explainedVarianceRatio = new Float64Array(k);
    for (let c = 0; c < k; c++) explainedVarianceRatio[c] = totalVar > 0 ? (ev[c] as number) / totalVar : 0;

    return this.commit({
      nFeaturesIn: d,
      nSamples: n,
      nComponents: k,
      components: { rows: k, cols: d, data: components },
      explainedVariance,
      explainedVarianceRatio,
      singularValues: s.slice(0, k),
      mean,
      noiseVariance,
      svdSolverUsed: solver,
      seedUsed,
    });
  }

  /** Principal axes, nComponents x nFeatures (unit rows, by decreasing variance). @throws {@link NotFittedError} */
  get components(): Matrix {
    return copyMatrix(this.fitted('components').components);
  }

  /** Variance explained by each component (unbiased, n - 1). @throws {@link NotFittedError} */
  get explainedVariance(): Float64Array {
    return this.fitted('explainedVariance').explainedVariance.slice();
  }

  /** Share of the total variance explained by each component. @throws {@link NotFittedError} */
  get explainedVarianceRatio(): Float64Array {
    return this.fitted('explainedVarianceRatio').explainedVarianceRatio.slice();
  }

  /** Singular values of the centred training data for each component. @throws {@link NotFittedError} */
  get singularValues(): Float64Array {
    return this.fitted('singularValues').singularValues.slice();
  }

  /** Per-feature means of the training data. @throws {@link NotFittedError} */
  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }

  /** Mean variance of the discarded components (0 when none is discarded). @throws {@link NotFittedError} */
  get noiseVariance(): number {
    return this.fitted('noiseVariance').noiseVariance;
  }

  /** Number of components kept (resolved from a fraction or null). @throws {@link NotFittedError} */
  get nComponents(): number {
    return this.fitted('nComponents').nComponents;
  }

  /** Number of training rows. @throws {@link NotFittedError} */
  get nSamples(): number {
    return this.fitted('nSamples').nSamples;
  }

  /** The solver that ran ('auto' resolved). @throws {@link NotFittedError} */
  get svdSolverUsed(): Exclude<PCASolver, 'auto'> {
    return this.fitted('svdSolverUsed').svdSolverUsed;
  }

  /** The seed actually used by the randomized solver. @throws {@link NotFittedError} */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /**
   * Projects rows on the components: `(X - mean) components'`, divided by
   * `sqrt(explainedVariance)` when whitening. O(n d k).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return projectModel(s, this.checkInput(X, { fitted: s }), this.params.whiten);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    const m = this.checkInput(X, { minSamples: 2 });
    return this.fit(m, options).transform(m);
  }

  /**
   * Maps projections back to feature space: `Y components + mean` (undoing whitening). Exact for
   * data in the span of the components; otherwise the closest such point.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} when Y does not have nComponents columns.
   */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    const m = this.checkInput(Y, { input: 'Y' });
    if (m.cols !== s.nComponents) throw new ValidationError(messages.featureCount(this.estimatorType, 'Y', m.cols, s.nComponents));
    return reconstructModel(s, m, this.params.whiten);
  }

  /** Output names `pca0 ... pca{k-1}` (scikit-learn's). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    if (inputNames !== undefined) defaultFeatureNames(s.nFeaturesIn, inputNames, this.estimatorType);
    return Array.from({ length: s.nComponents }, (_, i) => `pca${i}`);
  }

  /**
   * The data covariance of the probabilistic PCA model:
   * `components' diag(max(explainedVariance - noiseVariance, 0)) components + noiseVariance I`
   * (d x d), as scikit-learn's `get_covariance` (including its scaling of the components by
   * `sqrt(explainedVariance)` when whitening).
   * @throws {@link NotFittedError} before fit.
   */
  getCovariance(): Matrix {
    const s = this.fitted('getCovariance');
    const d = s.nFeaturesIn;
    const k = s.nComponents;
    const comps = this.modelComponents(s);
    const cov = new Float64Array(d * d);
    for (let c = 0; c < k; c++) {
      const w = Math.max((s.explainedVariance[c] as number) - s.noiseVariance, 0);
      const o = c * d;
      for (let i = 0; i < d; i++) {
        const ci = (comps[o + i] as number) * w;
        if (ci === 0) continue;
        for (let j = 0; j < d; j++) cov[i * d + j] = (cov[i * d + j] as number) + ci * (comps[o + j] as number);
      }
    }
    for (let i = 0; i < d; i++) cov[i * d + i] = (cov[i * d + i] as number) + s.noiseVariance;
    return { rows: d, cols: d, data: cov };
  }

  /**
   * The inverse of {@link PCA.getCovariance}, by the matrix inversion lemma when noiseVariance > 0
   * (O(d^2 k + k^3)), else by Cholesky (O(d^3)).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} when the covariance is singular.
   */
  getPrecision(): Matrix {
    const s = this.fitted('getPrecision');
    return { rows: s.nFeaturesIn, cols: s.nFeaturesIn, data: this.precisionOf(s).precision };
  }

  /**
   * Log-likelihood of each row under the probabilistic PCA model (a Gaussian with
   * {@link PCA.getCovariance}), as scikit-learn's `score_samples`. O(n d^2).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or a singular covariance.
   */
  scoreSamples(X: MatrixInput): Float64Array {
    const s = this.fitted('scoreSamples');
    const m = this.checkInput(X, { fitted: s });
    const d = s.nFeaturesIn;
    const { precision, logDet } = this.precisionOf(s);
    const out = new Float64Array(m.rows);
    const r = new Float64Array(d);
    const constant = -0.5 * (d * Math.log(2 * Math.PI) - logDet);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < d; j++) r[j] = (m.data[i * d + j] as number) - (s.mean[j] as number);
      let q = 0;
      for (let a = 0; a < d; a++) {
        let t = 0;
        for (let b = 0; b < d; b++) t += (precision[a * d + b] as number) * (r[b] as number);
        q += (r[a] as number) * t;
      }
      out[i] = -0.5 * q + constant;
    }
    return out;
  }

  /** Mean log-likelihood of the rows (see {@link PCA.scoreSamples}). */
  score(X: MatrixInput): number {
    const ll = this.scoreSamples(X);
    let sum = 0;
    for (let i = 0; i < ll.length; i++) sum += ll[i] as number;
    return sum / ll.length;
  }

  /**
   * Pairs each component with the feature names, sorted by absolute weight, to read what a
   * component means ("pca0 is mostly spend and frequency").
   *
   * @param featureNames - one name per input feature; default `x0 ... x{d-1}`
   * @param options - `top`: keep only the largest `top` features per component
   * @throws {@link NotFittedError} before fit; {@link ValidationError} when the names do not match the features.
   * @example
   * ```ts
   * import { PCA } from 'segmentkit';
   * const pca = new PCA({ nComponents: 1 }).fit([[1, 10, 0], [2, 20, 0.1], [3, 30, 0]]);
   * const [first] = pca.loadings(['visits', 'spend', 'returns'], { top: 1 });
   * console.log(first?.features[0]?.feature); // 'spend'
   * ```
   */
  loadings(featureNames?: readonly string[], options: { readonly top?: number } = {}): PCAComponentLoadings[] {
    const s = this.fitted('loadings');
    const d = s.nFeaturesIn;
    const names = defaultFeatureNames(d, featureNames, this.estimatorType);
    const top = Math.min(d, Math.max(0, Math.floor(options.top ?? d)));
    const out: PCAComponentLoadings[] = [];
    for (let c = 0; c < s.nComponents; c++) {
      const sd = Math.sqrt(s.explainedVariance[c] as number);
      const features = names.map((feature, j) => {
        const weight = s.components.data[c * d + j] as number;
        return { feature, weight, loading: weight * sd };
      });
      features.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
      out.push({ component: `pca${c}`, explainedVarianceRatio: s.explainedVarianceRatio[c] as number, features: features.slice(0, top) });
    }
    return out;
  }

  /** Components as the generative model uses them (scaled by sqrt(variance) when whitening, as scikit-learn). */
  private modelComponents(s: PCAState): Float64Array {
    const comps = s.components.data.slice();
    if (this.params.whiten) {
      const d = s.nFeaturesIn;
      for (let c = 0; c < s.nComponents; c++) {
        const f = Math.sqrt(s.explainedVariance[c] as number);
        for (let j = 0; j < d; j++) comps[c * d + j] = (comps[c * d + j] as number) * f;
      }
    }
    return comps;
  }

  private precisionOf(s: PCAState): { precision: Float64Array; logDet: number } {
    const d = s.nFeaturesIn;
    const k = s.nComponents;
    if (s.noiseVariance === 0) {
      const inv = spdInverseLogDet(this.getCovariance().data, d);
      if (inv === null) throw new ValidationError(messages.reduce.singularCovariance(this.estimatorType));
      return { precision: inv.inverse, logDet: -inv.logDet };
    }
    // scikit-learn's matrix inversion lemma:
    // precision = I / nv - comps' (comps comps' / nv + diag(1 / (ev - nv)))^-1 comps / nv^2
    const nv = s.noiseVariance;
    const comps = this.modelComponents(s);
    const inner = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let t = 0;
        for (let j = 0; j < d; j++) t += (comps[a * d + j] as number) * (comps[b * d + j] as number);
        inner[a * k + b] = t / nv;
      }
      const diff = Math.max((s.explainedVariance[a] as number) - nv, 0);
      inner[a * k + a] = (inner[a * k + a] as number) + 1 / diff;
    }
    const innerInv = spdInverseLogDet(inner, k);
    if (innerInv === null) throw new ValidationError(messages.reduce.singularCovariance(this.estimatorType));
    const tmp = new Float64Array(k * d);
    for (let a = 0; a < k; a++) {
      for (let j = 0; j < d; j++) {
        let t = 0;
        for (let b = 0; b < k; b++) t += (innerInv.inverse[a * k + b] as number) * (comps[b * d + j] as number);
        tmp[a * d + j] = t;
      }
    }
    const precision = new Float64Array(d * d);
    const nv2 = nv * nv;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let t = 0;
        for (let a = 0; a < k; a++) t += (comps[a * d + i] as number) * (tmp[a * d + j] as number);
        const v = -t / nv2 + (i === j ? 1 / nv : 0);
        precision[i * d + j] = v;
        precision[j * d + i] = v;
      }
    }
    const chol = spdInverseLogDet(precision, d);
    if (chol === null) throw new ValidationError(messages.reduce.singularCovariance(this.estimatorType));
    return { precision, logDet: chol.logDet };
  }

  protected override checkState(s: PCAState): void {
    const d = s.nFeaturesIn;
    const k = s.nComponents;
    if (s.components.rows !== k || s.components.cols !== d) {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `components is ${s.components.rows} x ${s.components.cols}, expected ${k} x ${d}.`));
    }
    if (k > Math.min(s.nSamples, d)) {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `nComponents=${k} exceeds min(nSamples, nFeatures).`));
    }
    assertLengths(this.estimatorType, d, { mean: s.mean });
    assertLengths(this.estimatorType, k, { explainedVariance: s.explainedVariance, explainedVarianceRatio: s.explainedVarianceRatio, singularValues: s.singularValues });
    for (let c = 0; c < k; c++) {
      if (!((s.explainedVariance[c] as number) >= 0)) {
        throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `explainedVariance[${c}] must be non-negative.`));
      }
    }
  }
}

/** True when summing squares of the data could overflow float64. */
function squaresOverflow(data: Float64Array): boolean {
  let max = 0;
  for (let k = 0; k < data.length; k++) {
    const a = Math.abs(data[k] as number);
    if (a > max) max = a;
  }
  return max * max * data.length > Number.MAX_VALUE / 4;
}

function resolveSolver(solver: PCASolver, n: number, d: number, nComponents: number | null, maxK: number): Exclude<PCASolver, 'auto'> {
  if (solver !== 'auto') return solver;
  if (d <= 1000 && n >= 10 * d) return 'covariance';
  const isFraction = nComponents !== null && !Number.isInteger(nComponents);
  if (Math.max(n, d) <= 500 || isFraction) return 'full';
  const k = nComponents ?? maxK;
  return k >= 1 && k < 0.8 * maxK ? 'randomized' : 'full';
}
