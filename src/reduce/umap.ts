/**
 * UMAP: a seeded estimator facade over umap-js, for 2-D and 3-D views of segments.
 *
 * @packageDocumentation
 */
import { UMAP as UmapJs } from 'umap-js';
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, isNull, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';

/** Distances {@link UMAP} can use between rows. */
export type UMAPMetric = 'euclidean' | 'cosine';

/** Options of {@link UMAP}. */
export interface UMAPOptions {
  /** Neighbours that define the local structure (larger: more global). @defaultValue 15 */
  readonly nNeighbors?: number;
  /** Smallest distance between embedded points (smaller: tighter clumps). @defaultValue 0.1 */
  readonly minDist?: number;
  /** Dimensions of the embedding. @defaultValue 2 */
  readonly nComponents?: number;
  /** Scale of the embedded points, with minDist. @defaultValue 1 */
  readonly spread?: number;
  /** Optimisation epochs; null: umap-js's rule (500 up to 2,500 rows, fewer for more). @defaultValue null */
  readonly nEpochs?: number | null;
  /** Distance between rows. @defaultValue 'euclidean' */
  readonly metric?: UMAPMetric;
  /** Initial learning rate of the layout optimisation. @defaultValue 1 */
  readonly learningRate?: number;
  /** Nearest neighbours assumed locally connected. @defaultValue 1 */
  readonly localConnectivity?: number;
  /** Negative samples per positive one. @defaultValue 5 */
  readonly negativeSampleRate?: number;
  /** Weight of the negative samples. @defaultValue 1 */
  readonly repulsionStrength?: number;
  /** Mix of fuzzy union (1) and intersection (0) when symmetrising the graph. @defaultValue 1 */
  readonly setOpMixRatio?: number;
  /** Seed; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link UMAP} after defaults. */
export type UMAPParams = Required<UMAPOptions>;

/** Defaults of {@link UMAP}. */
export const UMAP_DEFAULTS: Readonly<UMAPParams> = Object.freeze({
  nNeighbors: 15,
  minDist: 0.1,
  nComponents: 2,
  spread: 1,
  nEpochs: null,
  metric: 'euclidean',
  learningRate: 1,
  localConnectivity: 1,
  negativeSampleRate: 5,
  repulsionStrength: 1,
  setOpMixRatio: 1,
  randomState: 0,
});

interface UMAPState {
  readonly nFeaturesIn: number;
  /** The training rows (needed to place new points). */
  readonly trainingData: Matrix;
  /** The embedding of the training rows. */
  readonly embedding: Matrix;
  readonly nEpochs: number;
  readonly seedUsed: number;
}

/** The parts of umap-js's UMAP used here (private fields reached at run time are named explicitly). */
interface UmapInstance {
  initializeFit(X: number[][]): number;
  step(): number;
  getEmbedding(): number[][];
  transform(X: number[][]): number[][];
}

function euclidean(x: number[], y: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const t = (x[i] as number) - (y[i] as number);
    s += t * t;
  }
  return Math.sqrt(s);
}

function cosine(x: number[], y: number[]): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    dot += a * b;
    nx += a * a;
    ny += b * b;
  }
  if (nx === 0 && ny === 0) return 0;
  if (nx === 0 || ny === 0) return 1;
  return 1 - dot / Math.sqrt(nx * ny);
}

function toNested(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

function fromNested(rows: readonly (readonly number[])[], cols: number): Matrix {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    for (let j = 0; j < cols; j++) data[i * cols + j] = r[j] as number;
  });
  return { rows: rows.length, cols, data };
}

/**
 * Uniform Manifold Approximation and Projection (McInnes, Healy and Melville, 2018): a nonlinear
 * embedding that keeps local neighbourhoods, for 2-D views of customer segments.
 *
 * @remarks
 * Wraps umap-js (approximate nearest neighbours by NN-descent over random-projection trees, fuzzy
 * simplicial set, stochastic layout optimisation): roughly O(n^1.14 d) for the graph and
 * O(nEpochs n nNeighbors) for the layout. Every random draw of umap-js comes from our
 * {@link Rng} seeded by `randomState`, so the same data and seed give the same embedding.
 * `transform` places new points by umap-js's transform (neighbours among the training rows, then a
 * short optimisation against the fixed training embedding), with a fresh stream from the seed on
 * every call: the same rows always map to the same place.
 *
 * Serialization keeps what `transform` needs: the training rows and their embedding, as base64
 * float64 — about 8 n (d + nComponents) bytes x 4/3, e.g. 10,000 rows x 20 features in 2-D:
 * about 2.3 MB. A restored model rebuilds umap-js's neighbour search on its first `transform` by
 * replaying the seeded graph construction (the same cost as the graph part of fit), then uses the
 * stored embedding; its transforms equal the original model's exactly.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when there are not more rows than nNeighbors
 * @example
 * ```ts
 * import { UMAP } from 'segmentkit';
 * import { makeBlobs } from 'segmentkit/testing';
 * const { X } = makeBlobs({ nSamples: 60, nFeatures: 5, nCenters: 3, randomState: 0 });
 * const umap = new UMAP({ nNeighbors: 10, nEpochs: 50 }).fit(X);
 * console.log(umap.embedding.rows, umap.embedding.cols); // 60 2
 * ```
 */
export class UMAP extends BaseEstimator<UMAPParams, UMAPState> implements Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'UMAP';
  /** Defaults of every parameter. */
  static readonly defaults = UMAP_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<UMAPParams> = {
    nNeighbors: [int({ min: 2 })],
    minDist: [num({ min: 0 })],
    nComponents: [int({ min: 1 })],
    spread: [num({ min: 0, closed: 'neither' })],
    nEpochs: [int({ min: 1 }), isNull],
    metric: [oneOf('euclidean', 'cosine')],
    learningRate: [num({ min: 0, closed: 'neither' })],
    localConnectivity: [num({ min: 0 })],
    negativeSampleRate: [int({ min: 1 })],
    repulsionStrength: [num({ min: 0 })],
    setOpMixRatio: [num({ min: 0, max: 1 })],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    trainingData: field.matrix(),
    embedding: field.matrix(),
    nEpochs: field.int({ min: 1 }),
    seedUsed: field.int({ min: 0 }),
  };

  /** The live umap-js model used by transform (rebuilt lazily after fromJSON). */
  #model: { umap: UmapInstance; stream: { rng: Rng } } | undefined;

  /** @param options - see {@link UMAPOptions} */
  constructor(options: UMAPOptions = {}) {
    super(UMAP_DEFAULTS, options);
  }

  private makeModel(seedUsed: number): { umap: UmapInstance; stream: { rng: Rng } } {
    const p = this.params;
    const stream = { rng: new Rng(seedUsed) };
    const umap = new UmapJs({
      nNeighbors: p.nNeighbors,
      minDist: p.minDist,
      nComponents: p.nComponents,
      spread: p.spread,
      ...(p.nEpochs !== null ? { nEpochs: p.nEpochs } : {}),
      learningRate: p.learningRate,
      localConnectivity: p.localConnectivity,
      negativeSampleRate: p.negativeSampleRate,
      repulsionStrength: p.repulsionStrength,
      setOpMixRatio: p.setOpMixRatio,
      distanceFn: p.metric === 'cosine' ? cosine : euclidean,
      random: () => stream.rng.float(),
    }) as unknown as UmapInstance;
    return { umap, stream };
  }

  /**
   * Embeds X.
   *
   * @param X - training data, n x d with n > nNeighbors
   * @param options - `signal` (checked between epochs), `onProgress` (every 10% of the epochs)
   * @returns this
   * @throws {@link ValidationError} on malformed input or n <= nNeighbors
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const m = this.checkInput(X);
    if (m.rows <= this.params.nNeighbors) {
      throw new ValidationError(messages.reduce.tooFewForNeighbors(this.estimatorType, m.rows, this.params.nNeighbors));
    }
    const seedUsed = resolveSeed(this.params.randomState);
    const model = this.makeModel(seedUsed);
    const trainingData: Matrix = { rows: m.rows, cols: m.cols, data: m.data.slice() };
    const nEpochs = model.umap.initializeFit(toNested(trainingData));
    const every = Math.max(1, Math.floor(nEpochs / 10));
    for (let e = 0; e < nEpochs; e++) {
      if (e % every === 0) throwIfAborted(options.signal, this.estimatorType);
      model.umap.step();
      if ((e + 1) % every === 0 || e + 1 === nEpochs) options.onProgress?.({ stage: 'epoch', step: e + 1, total: nEpochs });
    }
    const embedding = fromNested(model.umap.getEmbedding(), this.params.nComponents);
    for (let k = 0; k < embedding.data.length; k++) {
      if (!Number.isFinite(embedding.data[k] as number)) {
        throw new ValidationError(messages.reduce.transformUnavailable(this.estimatorType, 'the layout diverged to non-finite coordinates; check for duplicated rows or lower learningRate.'));
      }
    }
    this.#model = model;
    return this.commit({ nFeaturesIn: m.cols, trainingData, embedding, nEpochs, seedUsed });
  }

  /** The embedding of the training rows, n x nComponents. @throws {@link NotFittedError} */
  get embedding(): Matrix {
    const e = this.fitted('embedding').embedding;
    return { rows: e.rows, cols: e.cols, data: e.data.slice() };
  }

  /** Epochs the layout ran. @throws {@link NotFittedError} */
  get nEpochs(): number {
    return this.fitted('nEpochs').nEpochs;
  }

  /** The seed actually used. @throws {@link NotFittedError} */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /**
   * Places new rows in the embedding (neighbours among the training rows, then round(nEpochs / 3)
   * optimisation epochs against the fixed training embedding; 100 when nEpochs is null). Deterministic: each call draws from
   * a fresh stream derived from the seed.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const m = this.checkInput(X, { fitted: s });
    if (this.#model === undefined) {
      // restored from JSON: replay the seeded graph construction of fit on the stored rows
      const model = this.makeModel(s.seedUsed);
      model.umap.initializeFit(toNested(s.trainingData));
      this.#model = model;
    }
    const { umap, stream } = this.#model;
    // umap-js moves the training embedding when as many rows are transformed as were fitted:
    // hand it a fresh copy of the stored embedding every call, so the model never changes.
    const inner = umap as unknown as { embedding: number[][]; nEpochs: number };
    inner.embedding = toNested(s.embedding);
    // umap-js runs nEpochs / 3 transform epochs and loops forever when that is not an integer:
    // round it for the call.
    const savedEpochs = inner.nEpochs;
    if (savedEpochs > 0) inner.nEpochs = 3 * Math.max(1, Math.round(savedEpochs / 3));
    stream.rng = new Rng(s.seedUsed).fork();
    let placed: number[][];
    try {
      placed = umap.transform(toNested(m));
    } finally {
      inner.nEpochs = savedEpochs;
    }
    const out = fromNested(placed, s.embedding.cols);
    for (let k = 0; k < out.data.length; k++) {
      if (!Number.isFinite(out.data[k] as number)) {
        throw new ValidationError(messages.reduce.transformUnavailable(this.estimatorType, 'the placement diverged to non-finite coordinates.'));
      }
    }
    return out;
  }

  /** The embedding of X after fitting on it (the training embedding, not a re-transform). */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).embedding;
  }

  /** Output names `umap0 ... umap{nComponents-1}`. */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    if (inputNames !== undefined) defaultFeatureNames(s.nFeaturesIn, inputNames, this.estimatorType);
    return Array.from({ length: s.embedding.cols }, (_, i) => `umap${i}`);
  }

  protected override checkState(s: UMAPState): void {
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    };
    if (s.trainingData.cols !== s.nFeaturesIn) bad(`trainingData has ${s.trainingData.cols} columns, expected nFeaturesIn=${s.nFeaturesIn}.`);
    if (s.embedding.rows !== s.trainingData.rows) bad(`embedding has ${s.embedding.rows} rows but trainingData has ${s.trainingData.rows}.`);
    if (s.embedding.cols !== this.params.nComponents) bad(`embedding has ${s.embedding.cols} columns, expected nComponents=${this.params.nComponents}.`);
    if (s.trainingData.rows <= this.params.nNeighbors) bad(`trainingData has ${s.trainingData.rows} rows, not more than nNeighbors=${this.params.nNeighbors}.`);
  }
}
