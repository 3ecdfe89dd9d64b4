/**
 * DEC: deep embedded clustering, and the base shared with IDEC.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator } from '../core/estimator.js';
import type { SoftClusterer, Transformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { custom, int, isNull, num, oneOf, seed, type Constraint, type ParamConstraints } from '../core/params.js';
import type { RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { checkCodecLayers, encodeRows, startTraining } from '../deep/_estimator.js';
import { layersField, trainAutoencoder, type Denoising } from '../deep/autoencoder-core.js';
import { ensureBackend, readyBackend } from '../deep/backend.js';
import { ACTIVATIONS, outputWidth, type Activation, type DenseWeights } from '../deep/network.js';
import { runAsync, runSync, toFloat32 } from '../deep/train.js';
import { Autoencoder, layerSizes, resolveArchitecture, type DeepFitOptions } from '../reduce/autoencoder.js';
import { rejectSampleWeight } from '../reduce/_input-checks.js';
import { UMAP } from '../reduce/umap.js';
import { argmaxRows, embed, softAssign, trainDec, type DecInit } from './_dec-kernels.js';
import { GaussianMixture } from './gmm.js';
import { KMeans } from './kmeans.js';

/** Options of {@link DEC} (and, with `gamma`, of IDEC). */
export interface DECOptions {
  /** Number of clusters. @defaultValue 8 */
  readonly nClusters?: number;
  /** Widths of the autoencoder's hidden layers (the decoder mirrors them). @defaultValue [64, 32] */
  readonly hiddenSizes?: readonly number[];
  /** Width of the embedded space. At most the number of features. @defaultValue 2 */
  readonly nComponents?: number;
  /** Activation of the hidden layers; the embedding is linear. @defaultValue 'relu' */
  readonly activation?: Activation;
  /**
   * 'dec': the DEC paper's autoencoder d-500-500-2000-10; hiddenSizes and nComponents must then
   * keep their defaults. @defaultValue null
   */
  readonly preset?: 'dec' | null;
  /** Autoencoder pretraining epochs (Adam, MSE; stops early by scikit-learn's MLP rule). @defaultValue 100 */
  readonly pretrainEpochs?: number;
  /** Adam step size of pretraining. @defaultValue 0.001 */
  readonly pretrainLearningRate?: number;
  /** Input corruption during pretraining: 'none', 'gaussian' or 'dropout' (see Autoencoder). @defaultValue 'none' */
  readonly denoising?: Denoising;
  /** Noise standard deviation ('gaussian') or rate ('dropout') of pretraining. @defaultValue 0.1 */
  readonly noiseLevel?: number;
  /** Rows per gradient step, in both phases; clipped to the number of rows. @defaultValue 64 */
  readonly batchSize?: number;
  /** Most clustering iterations (batches). @defaultValue 2000 */
  readonly maxIter?: number;
  /** Batches between updates of the target distribution (and of the stopping test). @defaultValue 100 */
  readonly updateInterval?: number;
  /** Clustering stops when fewer than this fraction of labels change between target updates. @defaultValue 0.001 */
  readonly tol?: number;
  /** Degrees of freedom of the Student-t kernel. @defaultValue 1 */
  readonly alpha?: number;
  /** Step size of the clustering phase. @defaultValue 0.0001 */
  readonly learningRate?: number;
  /** Optimizer of the clustering phase: 'adam', or 'sgd' with `momentum`. @defaultValue 'adam' */
  readonly optimizer?: 'adam' | 'sgd';
  /** Momentum of 'sgd'. @defaultValue 0.9 */
  readonly momentum?: number;
  /**
   * How the clusters start in the embedded space. 'kmeans': k-means on the codes, as in the DEC
   * paper. 'umap': the N2D recipe (McConville et al. 2019): UMAP of the codes to nClusters
   * dimensions (at most nComponents; 20 neighbours, minDist 0), then a full-covariance Gaussian mixture there; its
   * posteriors give the first target distribution and, as weights, the centres in the embedded
   * space. 'umap' follows curved, elongated clusters that k-means on the codes splits or merges,
   * at the cost of one UMAP run. The first target is held at the following updates while the
   * encoder is still learning it (each update, at least `tol` more of the labels in the embedded
   * space, and one row more, agree with it), then every target is sharpened from the soft assignments. So a small
   * `learningRate` or few passes over the data per `updateInterval` cost more batches, not the
   * N2D start.
   * @defaultValue 'kmeans'
   */
  readonly init?: 'kmeans' | 'umap';
  /** Restarts of the initial clustering (k-means, or the mixture for 'umap'); the best wins. @defaultValue 20 */
  readonly nInit?: number;
  /** Seed of the weights, shuffling, noise and k-means; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link DEC} after defaults. */
export type DECParams = Required<DECOptions>;

/** Defaults of {@link DEC}. */
export const DEC_DEFAULTS: Readonly<DECParams> = Object.freeze({
  nClusters: 8,
  hiddenSizes: Object.freeze([64, 32]),
  nComponents: 2,
  activation: 'relu',
  preset: null,
  pretrainEpochs: 100,
  pretrainLearningRate: 1e-3,
  denoising: 'none',
  noiseLevel: 0.1,
  batchSize: 64,
  maxIter: 2000,
  updateInterval: 100,
  tol: 1e-3,
  alpha: 1,
  learningRate: 1e-4,
  optimizer: 'adam',
  momentum: 0.9,
  init: 'kmeans',
  nInit: 20,
  randomState: 0,
});

/** Constraints of the parameters DEC and IDEC share. */
export const DEC_CONSTRAINTS: ParamConstraints<DECParams> = {
  nClusters: [int({ min: 1 })],
  hiddenSizes: [layerSizes],
  nComponents: [int({ min: 1 })],
  activation: [oneOf(...ACTIVATIONS)],
  preset: [oneOf('dec'), isNull],
  pretrainEpochs: [int({ min: 1 })],
  pretrainLearningRate: [num({ min: 0, closed: 'neither' })],
  denoising: [oneOf('none', 'gaussian', 'dropout')],
  noiseLevel: [num({ min: 0, max: 1, closed: 'left' })],
  batchSize: [int({ min: 1 })],
  maxIter: [int({ min: 1 })],
  updateInterval: [int({ min: 1 })],
  tol: [num({ min: 0, max: 1 })],
  alpha: [num({ min: 0, closed: 'neither' })],
  learningRate: [num({ min: 0, closed: 'neither' })],
  optimizer: [oneOf('adam', 'sgd')],
  momentum: [num({ min: 0, max: 1, closed: 'left' })],
  init: [oneOf('kmeans', 'umap')],
  nInit: [int({ min: 1 })],
  randomState: seed,
};

/** Fit options of DEC and IDEC. */
export interface DECFitOptions extends DeepFitOptions {
  /**
   * A fitted {@link Autoencoder} to start from instead of pretraining one (its architecture
   * replaces hiddenSizes, nComponents, activation and preset; it must have been fitted on the same
   * features).
   */
  readonly autoencoder?: Autoencoder;
}

/** Fitted state of DEC and IDEC. */
export interface DeepClusteringState {
  readonly nFeaturesIn: number;
  readonly encoder: DenseWeights[];
  readonly decoder: DenseWeights[] | undefined;
  readonly clusterCenters: Matrix;
  readonly labels: Int32Array;
  readonly pretrainLossCurve: Float64Array;
  readonly lossCurve: Float64Array;
  readonly deltaLabels: Float64Array;
  readonly nIter: number;
  readonly seedUsed: number;
  readonly backend: string;
}

/** Schema of {@link DeepClusteringState}. */
const DEEP_CLUSTERING_SCHEMA: StateSchema = {
  nFeaturesIn: field.int({ min: 1 }),
  encoder: layersField,
  decoder: field.optional(layersField),
  clusterCenters: field.matrix(),
  labels: field.int32(),
  pretrainLossCurve: field.float64(),
  lossCurve: field.float64(),
  deltaLabels: field.float64(),
  nIter: field.int({ min: 0 }),
  seedUsed: field.int({ min: 0 }),
  backend: field.string(),
};

/**
 * What DEC and IDEC share: pretraining, k-means initialisation in the embedded space, the
 * self-training loop and every fitted accessor. Use {@link DEC} or IDEC.
 *
 * @typeParam P - the parameters (DEC's, or IDEC's with gamma)
 */
export abstract class DeepClusteringBase<P extends DECParams> extends BaseEstimator<P, DeepClusteringState> implements SoftClusterer, Transformer {
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = DEEP_CLUSTERING_SCHEMA;

  /** The weight of the clustering loss next to the reconstruction loss, or null for DEC (no decoder). */
  protected abstract clusteringWeight(): number | null;

  /**
   * Pretrains the autoencoder (unless one is given), runs k-means in the embedded space, then
   * refines the encoder and the centres by self-training. Synchronous, on the active tfjs backend.
   *
   * @param X - training data, n x d (scaled)
   * @param options - `autoencoder` (a fitted Autoencoder to start from), `signal`, and
   *   `onProgress` (`{ stage: 'pretrain' | 'cluster', epoch, epochs, loss }`)
   * @returns this
   */
  fit(X: MatrixInput, options: DECFitOptions = {}): this {
    return runSync(this.fitSteps(X, options, ensureBackend));
  }

  /** Fits like `fit`, on the default backend (wasm in Node and Deno) when none is active, yielding to the event loop between batches. */
  async fitAsync(X: MatrixInput, options: DECFitOptions = {}): Promise<this> {
    this.checkParams();
    const backend = await readyBackend(this.estimatorType);
    return runAsync(this.fitSteps(X, options, () => backend));
  }

  private *fitSteps(input: MatrixInput, options: DECFitOptions, backendOf: (estimator: string) => string): Generator<void, this> {
    this.checkParams();
    rejectSampleWeight(this.estimatorType, options);
    const name = this.estimatorType;
    const m = this.checkInput(input);
    const p = this.params as DECParams;
    const { rows: n, cols: d } = m;
    if (p.nClusters > n) throw new ValidationError(messages.deep.tooFewSamples(name, n, p.nClusters));
    const given = options.autoencoder;
    if (given !== undefined) this.checkAutoencoder(given, d);
    const arch = given ? undefined : resolveArchitecture(name, p, DEC_DEFAULTS, d);
    const backend = backendOf(name);
    const { warnings, seedUsed, rng, rngs } = startTraining(name, p, n);
    const kmeansSeed = rng.uint32();
    const clusterRng = rng.fork();
    const X32 = toFloat32(m);
    let layers: { encoder: DenseWeights[]; decoder: DenseWeights[] };
    let pretrainLossCurve: Float64Array;
    if (given) {
      layers = given.layers;
      pretrainLossCurve = given.lossCurve;
    } else {
      const trained = yield* trainAutoencoder(
        X32,
        n,
        d,
        {
          ...(arch as { hiddenSizes: readonly number[]; nComponents: number }),
          activation: p.activation,
          loss: 'mse',
          denoising: p.denoising,
          noiseLevel: p.noiseLevel,
          epochs: p.pretrainEpochs,
          batchSize: p.batchSize,
          learningRate: p.pretrainLearningRate,
          optimizer: 'adam',
          momentum: p.momentum,
          tol: 1e-4,
          nIterNoChange: 10,
          validationFraction: 0,
        },
        rngs,
        { estimator: name, stage: 'pretrain', signal: options.signal, onProgress: options.onProgress },
      );
      layers = { encoder: trained.encoder, decoder: trained.decoder };
      pretrainLossCurve = Float64Array.from(trained.lossCurve);
    }
    const k = p.nClusters;
    const nz = outputWidth(layers.encoder);
    const Z = embed(layers.encoder, X32, n, d);
    const start = p.init === 'umap' ? umapStart(Z, n, nz, k, p.nInit, kmeansSeed, options.signal) : kmeansStart(Z, n, nz, k, p.nInit, kmeansSeed, options.signal);
    const gamma = this.clusteringWeight();
    const result = yield* trainDec(
      X32,
      n,
      d,
      { encoder: layers.encoder, decoder: gamma === null ? null : layers.decoder, ...start },
      {
        nClusters: k,
        alpha: p.alpha,
        batchSize: p.batchSize,
        maxIter: p.maxIter,
        updateInterval: p.updateInterval,
        tol: p.tol,
        learningRate: p.learningRate,
        optimizer: p.optimizer,
        momentum: p.momentum,
        gamma,
      },
      clusterRng,
      { estimator: name, signal: options.signal, onProgress: options.onProgress },
    );
    if (!result.converged) warnings.warn('NOT_CONVERGED', messages.warnings.notConverged(name, p.maxIter));
    const distinct = new Set(result.labels).size;
    if (distinct < k) warnings.warn('FEWER_CLUSTERS', messages.warnings.fewerClusters(name, distinct, k));
    return this.commit(
      {
        nFeaturesIn: d,
        encoder: result.encoder,
        decoder: result.decoder ?? undefined,
        clusterCenters: { rows: k, cols: nz, data: result.centers },
        labels: result.labels,
        pretrainLossCurve,
        lossCurve: Float64Array.from(result.lossCurve),
        deltaLabels: Float64Array.from(result.deltaCurve),
        nIter: result.nIter,
        seedUsed,
        backend,
      },
      warnings.flush(),
    );
  }

  private checkAutoencoder(ae: Autoencoder, d: number): void {
    if (!(ae instanceof Autoencoder)) throw new ValidationError(messages.deep.badAutoencoder(this.estimatorType, 'it is not an Autoencoder.'));
    if (!ae.isFitted) throw new ValidationError(messages.deep.badAutoencoder(this.estimatorType, 'it is not fitted; call its fit first.'));
    if (ae.nFeaturesIn !== d) {
      throw new ValidationError(messages.deep.badAutoencoder(this.estimatorType, `it was fitted on ${ae.nFeaturesIn} features, but X has ${d}.`));
    }
  }

  /** Soft assignments (float64) of validated rows. */
  private assign(s: DeepClusteringState, m: Matrix): Float64Array {
    const c = s.clusterCenters;
    return softAssign(encodeRows(this.estimatorType, s.encoder, m).data, m.rows, c.cols, c.data, c.rows, this.params.alpha);
  }

  /** Cluster of each new row: the centre with the largest soft assignment. */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const m = this.checkInput(X, { fitted: s });
    return argmaxRows(this.assign(s, m), m.rows, s.clusterCenters.rows);
  }

  /** Student-t soft assignments q (n x nClusters, rows summing to 1). */
  predictProba(X: MatrixInput): Matrix {
    const s = this.fitted('predictProba');
    const m = this.checkInput(X, { fitted: s });
    return { rows: m.rows, cols: s.clusterCenters.rows, data: this.assign(s, m) };
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: DECFitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /** The embedded rows (n x nComponents), where the clusters live. */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return encodeRows(this.estimatorType, s.encoder, this.checkInput(X, { fitted: s }));
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: DECFitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names of `transform`: `<type>0 ...` (lower case). */
  featureNamesOut(): string[] {
    const nz = this.fitted('featureNamesOut').clusterCenters.cols;
    const prefix = this.estimatorType.toLowerCase();
    return Array.from({ length: nz }, (_, i) => `${prefix}${i}`);
  }

  /** Labels of the training rows. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Cluster centres in the embedded space (nClusters x nComponents). */
  get clusterCenters(): Matrix {
    const c = this.fitted('clusterCenters').clusterCenters;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }

  /** Clustering iterations (batches) run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Mean batch loss between successive target updates. */
  get lossCurve(): Float64Array {
    return this.fitted('lossCurve').lossCurve.slice();
  }

  /** Autoencoder loss of each pretraining epoch (the given autoencoder's curve when one was passed). */
  get pretrainLossCurve(): Float64Array {
    return this.fitted('pretrainLossCurve').pretrainLossCurve.slice();
  }

  /** Fraction of labels that changed at each target update. */
  get deltaLabels(): Float64Array {
    return this.fitted('deltaLabels').deltaLabels.slice();
  }

  /** The seed actually used. */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** The tfjs backend the model was trained on. */
  get backend(): string {
    return this.fitted('backend').backend;
  }

  protected override checkState(s: DeepClusteringState): void {
    const c = s.clusterCenters;
    if (c.rows !== this.params.nClusters) {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `clusterCenters has ${c.rows} rows, expected nClusters = ${this.params.nClusters}.`));
    }
    checkCodecLayers(this.estimatorType, s, c.cols);
    for (let i = 0; i < s.labels.length; i++) {
      const l = s.labels[i] as number;
      if (l < 0 || l >= c.rows) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `labels[${i}] = ${l} is not a cluster index.`));
    }
  }
}

/** Initial centres, labels and (for 'umap') first target of the clustering phase. */
type Start = Pick<DecInit, 'centers' | 'labels' | 'firstTarget'>;

/** k-means on the codes Z (n x m): its centres and labels (the DEC paper's start). */
function kmeansStart(Z: Float64Array, n: number, m: number, k: number, nInit: number, seed: number, signal: AbortSignal | undefined): Start {
  const km = new KMeans({ nClusters: k, nInit, randomState: seed }).fit({ rows: n, cols: m, data: Z }, { signal });
  return { centers: km.clusterCenters.data, labels: km.labels };
}

/**
 * N2D's start (McConville et al. 2019): UMAP of the codes to min(k, m) dimensions (20 neighbours, at most
 * n - 1; minDist 0), a full-covariance Gaussian mixture there; the posteriors R are the first
 * target, the centres the R-weighted means of the codes, the labels the most probable components.
 */
function umapStart(Z: Float64Array, n: number, m: number, k: number, nInit: number, seed: number, signal: AbortSignal | undefined): Start {
  const codes: Matrix = { rows: n, cols: m, data: Z };
  const U = new UMAP({ nComponents: Math.min(k, m), nNeighbors: Math.min(20, n - 1), minDist: 0, randomState: seed }).fit(codes, { signal }).embedding;
  const gmm = new GaussianMixture({ nComponents: k, covarianceType: 'full', nInit, randomState: seed }).fit(U, { signal });
  const R = gmm.predictProba(U).data;
  const centers = new Float64Array(k * m);
  const mass = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = R[i * k + j] as number;
      mass[j] = (mass[j] as number) + r;
      for (let f = 0; f < m; f++) centers[j * m + f] = (centers[j * m + f] as number) + r * (Z[i * m + f] as number);
    }
  }
  for (let j = 0; j < k; j++) {
    const w = mass[j] as number;
    if (w > 0) for (let f = 0; f < m; f++) centers[j * m + f] = (centers[j * m + f] as number) / w;
  }
  return { centers, labels: argmaxRows(R, n, k), firstTarget: R };
}

/** A positive weight. */
export const positive: Constraint = custom('a float in the range (0, inf)', (v) => typeof v === 'number' && Number.isFinite(v) && v > 0);

/**
 * Deep Embedded Clustering: learns an embedding and the clusters in it together.
 *
 * @remarks
 * (1) Pretrains a dense autoencoder on X (or takes a fitted {@link Autoencoder}); (2) runs
 * k-means (`nInit` restarts) on the codes, or with `init: 'umap'` the N2D start: UMAP of the codes
 * to min(nClusters, nComponents) dimensions and a full Gaussian mixture there, whose posteriors are the first target
 * (one UMAP run, about O(n log n) for its graph plus O(n nNeighbors) per layout epoch; on
 * image-like data with curved classes it is much better than k-means on the codes: on digits,
 * 5 seeds, k-means on the codes reaches mean ACC 0.74, the N2D start 0.90 and DEC from it 0.90,
 * with the recipe of bench/digits-recipe.ts: a denoising 64-256-256-512-10 autoencoder, 100
 * epochs without early stopping); (3) self-training: every `updateInterval` batches the
 * Student-t soft assignments q of all rows (alpha degrees of freedom) give a sharpened target
 * `p_ij ∝ q_ij^2 / f_j` (with 'umap' the mixture's posteriors stay the target while the labels
 * in the embedded space keep approaching them), and the encoder and the centres minimise KL(P || Q) by mini-batch
 * Adam (or SGD with momentum) until fewer than `tol` of the labels change between updates. Each
 * batch costs about 4 x (encoder weights) + 3 k m flops per row; each target update one encoder
 * pass over the data plus O(n k m). Inputs should be scaled (StandardScaler, or [0, 1] pixels).
 * Same seed and same tfjs backend give identical labels. References: Xie, Girshick and Farhadi,
 * "Unsupervised Deep Embedding for Clustering Analysis", ICML 2016; McConville, Santos-Rodriguez,
 * Piechocki and Craddock, "N2D: (Not Too) Deep Clustering via Clustering the Local Manifold of an
 * Autoencoded Embedding", ICPR 2020 (arXiv 2019).
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nClusters exceeds the rows, nComponents the features, or on NaN
 * @throws {@link AbortError} when the signal fires; the previous state is kept
 * @example
 * ```ts
 * import { DEC } from 'segmentkit';
 * const X = Array.from({ length: 30 }, (_, i) => (i < 15 ? [0, 0, 0] : [3, 3, 3]).map((v, j) => v + ((i * 7 + j) % 5) / 10));
 * const dec = new DEC({ nClusters: 2, hiddenSizes: [8], pretrainEpochs: 20, maxIter: 50, updateInterval: 10 }).fit(X);
 * console.log(dec.labels[0] !== dec.labels[29], dec.predictProba(X).cols); // true 2
 * ```
 */
export class DEC extends DeepClusteringBase<DECParams> {
  /** Stable type name. */
  static readonly estimatorType = 'DEC';
  /** Defaults of every parameter. */
  static readonly defaults = DEC_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<DECParams> = DEC_CONSTRAINTS;

  /** @param options - see {@link DECOptions} */
  constructor(options: DECOptions = {}) {
    super(DEC_DEFAULTS, options);
  }

  protected clusteringWeight(): number | null {
    return null;
  }
}
