/**
 * IncrementalPCA: PCA fitted batch by batch, for data that does not fit in memory at once.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import { copyMatrix, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, int, isNull, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { flipSignsByComponents, projectModel, reconstructModel, thinSvd } from './_pca-kernels.js';

/** Options of {@link IncrementalPCA}. */
export interface IncrementalPCAOptions {
  /** Components to keep; null keeps min(rows of the first batch, nFeatures). @defaultValue null */
  readonly nComponents?: number | null;
  /** Scale the projections to unit variance. @defaultValue false */
  readonly whiten?: boolean;
  /** Rows per batch in `fit`; null uses 5 x nFeatures (scikit-learn's default). @defaultValue null */
  readonly batchSize?: number | null;
}

/** Parameters of {@link IncrementalPCA} after defaults. */
export type IncrementalPCAParams = Required<IncrementalPCAOptions>;

/** Defaults of {@link IncrementalPCA}. */
export const INCREMENTAL_PCA_DEFAULTS: Readonly<IncrementalPCAParams> = Object.freeze({ nComponents: null, whiten: false, batchSize: null });

interface IncrementalPCAState {
  readonly nFeaturesIn: number;
  readonly nComponents: number;
  readonly components: Matrix;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  readonly noiseVariance: number;
  readonly nSamplesSeen: number;
}

/**
 * Incremental principal component analysis (Ross et al., 2008): keeps a rank-k summary of the
 * data seen so far and updates it with each batch.
 *
 * @remarks
 * Each `partialFit` stacks the current components scaled by their singular values, the centred
 * batch and a mean-correction row, and takes the exact SVD of that (k + b + 1) x d matrix: O((k + b)
 * d min(k + b, d)) time and memory per batch, independent of the rows seen before. Means and
 * variances are updated with Chan et al.'s pairwise formulas. Signs follow scikit-learn's
 * `svd_flip(u_based_decision=False)` (the largest entry of each component is positive). On the
 * same batches the result equals scikit-learn's `IncrementalPCA`; with all components of every
 * batch kept it equals PCA's.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit/partialFit when nComponents exceeds the features or the
 *   rows of a batch, or changes between batches
 * @example
 * ```ts
 * import { IncrementalPCA } from 'segmentkit';
 * const ipca = new IncrementalPCA({ nComponents: 1 });
 * ipca.partialFit([[1, 1], [2, 2.1], [3, 2.9]]);
 * ipca.partialFit([[4, 4.2], [5, 5]]);
 * console.log(ipca.nSamplesSeen, ipca.explainedVarianceRatio[0] > 0.99); // 5 true
 * ```
 */
export class IncrementalPCA extends BaseEstimator<IncrementalPCAParams, IncrementalPCAState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'IncrementalPCA';
  /** Defaults of every parameter. */
  static readonly defaults = INCREMENTAL_PCA_DEFAULTS;
  /** Parameter constraints, checked in fit and partialFit. */
  static readonly constraints: ParamConstraints<IncrementalPCAParams> = {
    nComponents: [int({ min: 1 }), isNull],
    whiten: [bool],
    batchSize: [int({ min: 1 }), isNull],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    nComponents: field.int({ min: 1 }),
    components: field.matrix(),
    explainedVariance: field.float64(),
    explainedVarianceRatio: field.float64(),
    singularValues: field.float64(),
    mean: field.float64(),
    var: field.float64(),
    noiseVariance: field.number({ min: 0 }),
    nSamplesSeen: field.int({ min: 1 }),
  };

  /** @param options - see {@link IncrementalPCAOptions} */
  constructor(options: IncrementalPCAOptions = {}) {
    super(INCREMENTAL_PCA_DEFAULTS, options);
  }

  /**
   * Fits from scratch, in batches of `batchSize` rows (scikit-learn's `gen_batches`: a last batch
   * smaller than nComponents is merged into the one before).
   *
   * @param X - training data, n x d
   * @param options - `signal` (checked between batches), `onProgress` (one report per batch)
   * @returns this
   * @throws {@link ValidationError} on malformed input or nComponents larger than d or a batch
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const m = this.checkInput(X, { minSamples: 2 });
    const { rows: n, cols: d, data } = m;
    const batch = this.params.batchSize ?? 5 * d;
    const minBatch = this.params.nComponents ?? 0;
    const bounds: [number, number][] = [];
    let start = 0;
    for (let b = 0; b < Math.floor(n / batch); b++) {
      const end = start + batch;
      if (end + minBatch > n) continue;
      bounds.push([start, end]);
      start = end;
    }
    if (start < n) bounds.push([start, n]);
    let state: IncrementalPCAState | undefined;
    bounds.forEach(([a, b], i) => {
      throwIfAborted(options.signal, this.estimatorType);
      state = this.update(state, data.subarray(a * d, b * d), b - a, d);
      options.onProgress?.({ stage: 'batch', step: i + 1, total: bounds.length });
    });
    return this.commit(state as IncrementalPCAState);
  }

  /**
   * Updates the model with one batch (the first call starts it).
   *
   * @param X - a batch, b x d (b >= nComponents; the first batch needs b >= 2)
   * @returns this
   * @throws {@link ValidationError} when the batch has fewer rows than nComponents, another
   *   width than earlier batches, or nComponents changed since the last call
   */
  partialFit(X: MatrixInput): this {
    this.checkParams();
    const previous = this.isFitted ? this.fitted('partialFit') : undefined;
    const m = this.checkInput(X, previous ? { fitted: previous } : { minSamples: 2 });
    return this.commit(this.update(previous, m.data, m.rows, m.cols));
  }

  private update(prev: IncrementalPCAState | undefined, data: Float64Array, nb: number, d: number): IncrementalPCAState {
    const name = this.estimatorType;
    const asked = this.params.nComponents;
    let k: number;
    if (asked === null) k = prev === undefined ? Math.min(nb, d) : prev.nComponents;
    else if (asked > d) throw new ValidationError(messages.reduce.tooManyComponents(name, asked, d, 'incremental'));
    else if (asked > nb) throw new ValidationError(messages.reduce.batchTooSmall(name, asked, nb));
    else k = asked;
    if (prev !== undefined && prev.nComponents !== k) throw new ValidationError(messages.reduce.componentsChanged(name, prev.nComponents, k));

    // scikit-learn's _incremental_mean_and_var with a scalar count
    const lastCount = prev?.nSamplesSeen ?? 0;
    const total = lastCount + nb;
    const batchMean = new Float64Array(d);
    for (let i = 0; i < nb; i++) for (let j = 0; j < d; j++) batchMean[j] += data[i * d + j] as number;
    const newSum = batchMean.slice();
    for (let j = 0; j < d; j++) batchMean[j] = (batchMean[j] as number) / nb;
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const lastMean = prev?.mean[j] ?? 0;
      const lastSum = lastMean * lastCount;
      mean[j] = (lastSum + (newSum[j] as number)) / total;
      const T = batchMean[j] as number;
      let correction = 0;
      let sq = 0;
      for (let i = 0; i < nb; i++) {
        const t = (data[i * d + j] as number) - T;
        correction += t;
        sq += t * t;
      }
      const newUnnorm = sq - (correction * correction) / nb;
      let updated: number;
      if (lastCount === 0) updated = newUnnorm;
      else {
        const lastUnnorm = (prev?.var[j] ?? 0) * lastCount;
        const ratio = lastCount / nb;
        updated = lastUnnorm + newUnnorm + (ratio / total) * (lastSum / ratio - (newSum[j] as number)) ** 2;
      }
      variance[j] = updated / total;
    }

    // the matrix whose SVD updates the model
    let rows: number;
    let M: Float64Array;
    if (prev === undefined) {
      rows = nb;
      M = new Float64Array(nb * d);
      for (let i = 0; i < nb; i++) for (let j = 0; j < d; j++) M[i * d + j] = (data[i * d + j] as number) - (mean[j] as number);
    } else {
      const kp = prev.nComponents;
      rows = kp + nb + 1;
      M = new Float64Array(rows * d);
      for (let c = 0; c < kp; c++) {
        const sv = prev.singularValues[c] as number;
        for (let j = 0; j < d; j++) M[c * d + j] = sv * (prev.components.data[c * d + j] as number);
      }
      for (let i = 0; i < nb; i++) for (let j = 0; j < d; j++) M[(kp + i) * d + j] = (data[i * d + j] as number) - (batchMean[j] as number);
      const f = Math.sqrt((lastCount / total) * nb);
      for (let j = 0; j < d; j++) M[(kp + nb) * d + j] = f * ((prev.mean[j] as number) - (batchMean[j] as number));
    }
    const { s, vt } = thinSvd(M, rows, d);
    const all = s.length;
    flipSignsByComponents(vt, all, d);
    const ev = new Float64Array(all);
    let totalVar = 0;
    for (let j = 0; j < d; j++) totalVar += (variance[j] as number) * total;
    const ratio = new Float64Array(all);
    for (let c = 0; c < all; c++) {
      const s2 = (s[c] as number) * (s[c] as number);
      ev[c] = s2 / (total - 1);
      ratio[c] = totalVar > 0 ? s2 / totalVar : 0;
    }
    let noiseVariance = 0;
    if (k !== nb && k !== d && all > k) {
      let rest = 0;
      for (let c = k; c < all; c++) rest += ev[c] as number;
      noiseVariance = rest / (all - k);
    }
    return {
      nFeaturesIn: d,
      nComponents: k,
      components: { rows: k, cols: d, data: vt.slice(0, k * d) },
      explainedVariance: ev.slice(0, k),
      explainedVarianceRatio: ratio.slice(0, k),
      singularValues: s.slice(0, k),
      mean,
      var: variance,
      noiseVariance,
      nSamplesSeen: total,
    };
  }

  /** Principal axes, nComponents x nFeatures. @throws {@link NotFittedError} */
  get components(): Matrix {
    return copyMatrix(this.fitted('components').components);
  }

  /** Variance explained by each component. @throws {@link NotFittedError} */
  get explainedVariance(): Float64Array {
    return this.fitted('explainedVariance').explainedVariance.slice();
  }

  /** Share of the total variance explained by each component. @throws {@link NotFittedError} */
  get explainedVarianceRatio(): Float64Array {
    return this.fitted('explainedVarianceRatio').explainedVarianceRatio.slice();
  }

  /** Singular values of each component. @throws {@link NotFittedError} */
  get singularValues(): Float64Array {
    return this.fitted('singularValues').singularValues.slice();
  }

  /** Per-feature means of the rows seen. @throws {@link NotFittedError} */
  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }

  /** Per-feature population variances of the rows seen. @throws {@link NotFittedError} */
  get var(): Float64Array {
    return this.fitted('var').var.slice();
  }

  /** Mean variance of the discarded directions of the last update. @throws {@link NotFittedError} */
  get noiseVariance(): number {
    return this.fitted('noiseVariance').noiseVariance;
  }

  /** Number of components kept. @throws {@link NotFittedError} */
  get nComponents(): number {
    return this.fitted('nComponents').nComponents;
  }

  /** Rows seen by fit and partialFit. @throws {@link NotFittedError} */
  get nSamplesSeen(): number {
    return this.fitted('nSamplesSeen').nSamplesSeen;
  }

  /** Projects rows on the components (whitened if asked). @throws {@link NotFittedError} before fit. */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return projectModel(s, this.checkInput(X, { fitted: s }), this.params.whiten);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    const m = this.checkInput(X, { minSamples: 2 });
    return this.fit(m, options).transform(m);
  }

  /** Maps projections back to feature space. @throws {@link NotFittedError} before fit. */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    const m = this.checkInput(Y, { input: 'Y' });
    if (m.cols !== s.nComponents) throw new ValidationError(messages.featureCount(this.estimatorType, 'Y', m.cols, s.nComponents));
    return reconstructModel(s, m, this.params.whiten);
  }

  /** Output names `incrementalpca0 ...` (scikit-learn's). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    if (inputNames !== undefined) defaultFeatureNames(s.nFeaturesIn, inputNames, this.estimatorType);
    return Array.from({ length: s.nComponents }, (_, i) => `incrementalpca${i}`);
  }

  protected override checkState(s: IncrementalPCAState): void {
    const d = s.nFeaturesIn;
    const k = s.nComponents;
    if (s.components.rows !== k || s.components.cols !== d || k > d) {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `components is ${s.components.rows} x ${s.components.cols}, expected ${k} x ${d}.`));
    }
    assertLengths(this.estimatorType, d, { mean: s.mean, var: s.var });
    assertLengths(this.estimatorType, k, { explainedVariance: s.explainedVariance, explainedVarianceRatio: s.explainedVarianceRatio, singularValues: s.singularValues });
  }
}
