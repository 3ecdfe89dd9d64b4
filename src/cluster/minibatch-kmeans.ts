/**
 * MiniBatchKMeans: k-means on random mini-batches, with `partialFit` for streams.
 *
 * @packageDocumentation
 */
import { NotFittedError, SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { InductiveClusterer, Transformer } from '../core/families.js';
import { copyMatrix, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, int, isNull, matrixLike, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { validateSampleWeight } from '../core/validation.js';
import { WarningCollector } from '../core/warnings.js';
import { kmeansPlusPlus, maxAbs, meanVariance, miniBatchStep, nearestCenters, randomRows, scaled, scaleFor } from './_kmeans-kernels.js';
import { checkCenters, checkLabels, distancesToCenters, gatherRows, warnFewerClusters, weightedNearest } from './_centroids.js';
import { explicitCenters } from './kmeans.js';

/** Options of {@link MiniBatchKMeans}. */
export interface MiniBatchKMeansOptions {
  /** Number of clusters. @defaultValue 8 */
  readonly nClusters?: number;
  /**
   * Seeding on `initSize` random rows: 'k-means++' (greedy), 'random' (k distinct rows), or
   * explicit initial centres (nClusters x nFeatures). @defaultValue 'k-means++'
   */
  readonly init?: 'k-means++' | 'random' | readonly (readonly number[])[];
  /** Passes over the data: fit runs at most floor(maxIter x n / batchSize) mini-batch steps. @defaultValue 100 */
  readonly maxIter?: number;
  /** Rows per mini-batch (capped at the number of rows). @defaultValue 1024 */
  readonly batchSize?: number;
  /** Compute labels and inertia of the whole data after fit (of the batch after partialFit). @defaultValue true */
  readonly computeLabels?: boolean;
  /** Seed of the seeding, the batches and the reassignments; null draws a fresh one. @defaultValue 0 */
  readonly randomState?: RandomState;
  /**
   * Early stop when the squared centre change of a step is at most tol x the mean feature
   * variance; 0 disables it. @defaultValue 0
   */
  readonly tol?: number;
  /** Early stop after this many steps without improvement of the smoothed batch inertia; null disables it. @defaultValue 10 */
  readonly maxNoImprovement?: number | null;
  /** Rows drawn for the seeding; null: 3 x batchSize (at least 3 x nClusters), at most n. @defaultValue null */
  readonly initSize?: number | null;
  /** Seedings tried, the best on a validation sample wins: 'auto' is 3 for 'random', 1 otherwise. @defaultValue 'auto' */
  readonly nInit?: number | 'auto';
  /**
   * Centres whose count falls below this fraction of the largest count are moved to random batch
   * rows (every 10 x nClusters rows seen, and whenever a centre is empty); 0 disables it. @defaultValue 0.01
   */
  readonly reassignmentRatio?: number;
}

/** Parameters of {@link MiniBatchKMeans} after defaults. */
export type MiniBatchKMeansParams = Required<MiniBatchKMeansOptions>;

/** Defaults of {@link MiniBatchKMeans}. */
export const MINIBATCH_KMEANS_DEFAULTS: Readonly<MiniBatchKMeansParams> = Object.freeze({
  nClusters: 8,
  init: 'k-means++',
  maxIter: 100,
  batchSize: 1024,
  computeLabels: true,
  randomState: 0,
  tol: 0,
  maxNoImprovement: 10,
  initSize: null,
  nInit: 'auto',
  reassignmentRatio: 0.01,
});

interface MiniBatchKMeansState {
  readonly nFeaturesIn: number;
  readonly clusterCenters: Matrix;
  readonly labels: Int32Array | undefined;
  readonly inertia: number;
  readonly nIter: number;
  readonly nSteps: number;
  readonly counts: Float64Array;
  readonly batchSizeUsed: number;
  readonly nSinceLastReassign: number;
  readonly rngState: readonly number[];
  readonly seedUsed: number;
}

/**
 * Mini-batch k-means (Sculley 2010) with scikit-learn's semantics: each step assigns a random batch
 * to the nearest centres and moves every centre to the running weighted mean of all the rows it
 * has absorbed, so centres learn at a rate 1 / count.
 *
 * @remarks
 * A step costs O(b k d) for batch size b; fit runs at most floor(maxIter x n / batchSize) steps
 * and stops early on `tol` (squared centre change) or after `maxNoImprovement` steps without a
 * better exponentially weighted batch inertia. Low-count centres are moved to random batch rows
 * (`reassignmentRatio`). `partialFit(batch)` runs one step on the given rows, seeding from the
 * first batch: use it for streams and for segments that must follow drifting data. From explicit
 * initial centres with `reassignmentRatio: 0`, a fixed batch sequence gives scikit-learn's centres.
 * Memory O(k d + b). Reference: D. Sculley, "Web-scale k-means clustering", WWW 2010.
 *
 * @throws {@link InvalidParameterError} from fit/partialFit on invalid options
 * @throws {@link ValidationError} when nClusters exceeds the rows of X (or of the first batch)
 * @example
 * ```ts
 * import { MiniBatchKMeans } from 'segmentkit';
 * const mbk = new MiniBatchKMeans({ nClusters: 2, batchSize: 4 });
 * mbk.partialFit([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * mbk.partialFit([[1, 0], [9, 10]]);
 * const [a, b] = mbk.predict([[0, 0], [10, 10]]);
 * console.log(a !== b, mbk.nSteps); // true 2
 * ```
 */
export class MiniBatchKMeans extends BaseEstimator<MiniBatchKMeansParams, MiniBatchKMeansState> implements InductiveClusterer, Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'MiniBatchKMeans';
  /** Defaults of every parameter. */
  static readonly defaults = MINIBATCH_KMEANS_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<MiniBatchKMeansParams> = {
    nClusters: [int({ min: 1 })],
    init: [oneOf('k-means++', 'random'), matrixLike],
    maxIter: [int({ min: 1 })],
    batchSize: [int({ min: 1 })],
    computeLabels: [bool],
    randomState: seed,
    tol: [num({ min: 0 })],
    maxNoImprovement: [int({ min: 0 }), isNull],
    initSize: [int({ min: 1 }), isNull],
    nInit: [int({ min: 1 }), oneOf('auto')],
    reassignmentRatio: [num({ min: 0 })],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    clusterCenters: field.matrix(),
    labels: field.optional(field.int32()),
    inertia: field.number({ min: 0 }),
    nIter: field.int({ min: 0 }),
    nSteps: field.int({ min: 0 }),
    counts: field.float64(),
    batchSizeUsed: field.int({ min: 1 }),
    nSinceLastReassign: field.int({ min: 0 }),
    rngState: field.array(field.int()),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link MiniBatchKMeansOptions} */
  constructor(options: MiniBatchKMeansOptions = {}) {
    super(MINIBATCH_KMEANS_DEFAULTS, options);
  }

  /**
   * Runs mini-batch k-means on X (scikit-learn's `MiniBatchKMeans.fit`).
   *
   * @param X - training data, n x d
   * @param options - `sampleWeight`, `signal` (AbortSignal, checked every step), `onProgress` (every pass over the data)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const m = this.checkInput(X);
    const { nClusters: k, init, maxIter, tol, maxNoImprovement, reassignmentRatio, computeLabels } = this.params;
    const { rows: n, cols: d } = m;
    if (k > n) throw new ValidationError(messages.kmeans.tooFewSamples(this.estimatorType, 'X', n, k));
    const w = validateSampleWeight(options.sampleWeight, n, this.estimatorType);
    const explicit = typeof init !== 'string' ? explicitCenters(this.estimatorType, init, k, d) : undefined;
    const batch = Math.min(this.params.batchSize, n);
    const initSize = this.initSize(batch, n);
    const nInit = explicit ? 1 : this.params.nInit === 'auto' ? (init === 'random' ? 3 : 1) : this.params.nInit;
    const seedUsed = resolveSeed(this.params.randomState);
    const rng = new Rng(seedUsed);
    const s = scaleFor(explicit ? maxAbs(m.data, explicit) : maxAbs(m.data));
    const data = scaled(m.data, s);
    const tolScaled = tol === 0 ? 0 : tol * meanVariance(data, n, d);
    const warnings = new WarningCollector(this.estimatorType);

    // Seeding: the best of nInit seedings (each on initSize random rows) on a validation sample.
    const validation = randomIndices(rng, n, initSize);
    const Xv = gatherRows(data, d, validation);
    const wv = gatherRows(w, 1, validation);
    let centers = new Float64Array(0);
    let bestInertia = Infinity;
    for (let t = 0; t < nInit; t++) {
      const c = explicit ? scaled(explicit, s) : seedCenters(data, w, n, d, k, init as 'k-means++' | 'random', initSize, rng);
      const { inertia } = weightedNearest(Xv, wv, initSize, d, c, k);
      if (t === 0 || inertia < bestInertia) {
        centers = c.slice();
        bestInertia = inertia;
      }
    }

    const counts = new Float64Array(k);
    const nStepsMax = Math.floor((maxIter * n) / batch);
    const alpha = Math.min((batch * 2) / (n + 1), 1);
    let sinceReassign = 0;
    let ewa: number | undefined;
    let ewaMin: number | undefined;
    let noImprovement = 0;
    const previous = new Float64Array(k * d);
    let step = 0;
    const Xb = new Float64Array(batch * d);
    const wb = new Float64Array(batch);
    for (; step < nStepsMax; step++) {
      if (step % 64 === 0) throwIfAborted(options.signal, this.estimatorType);
      for (let i = 0; i < batch; i++) {
        const r = rng.int(n);
        Xb.set(data.subarray(r * d, (r + 1) * d), i * d);
        wb[i] = w[r] as number;
      }
      sinceReassign += batch;
      let reassign = false;
      if (counts.includes(0) || sinceReassign >= 10 * k) {
        sinceReassign = 0;
        reassign = true;
      }
      if (tolScaled > 0) previous.set(centers);
      const batchInertia = miniBatchStep(Xb, wb, batch, d, centers, k, counts, reassign, reassignmentRatio, rng) / batch;
      if ((((step + 1) * batch) % n) < batch) options.onProgress?.({ stage: 'pass', step: Math.ceil(((step + 1) * batch) / n), total: maxIter, loss: batchInertia });
      // scikit-learn's _mini_batch_convergence: the first step only reports the seeding's inertia.
      if (step === 0) continue;
      ewa = ewa === undefined ? batchInertia : ewa * (1 - alpha) + batchInertia * alpha;
      if (tolScaled > 0) {
        let diff = 0;
        for (let i = 0; i < k * d; i++) diff += ((centers[i] as number) - (previous[i] as number)) ** 2;
        if (diff <= tolScaled) break;
      }
      if (ewaMin === undefined || ewa < ewaMin) {
        noImprovement = 0;
        ewaMin = ewa;
      } else noImprovement++;
      if (maxNoImprovement !== null && noImprovement >= maxNoImprovement) break;
    }
    const nSteps = Math.min(step + 1, nStepsMax);
    let labels: Int32Array | undefined;
    let inertia: number;
    if (computeLabels) {
      ({ labels, inertia } = weightedNearest(data, w, n, d, centers, k));
      warnFewerClusters(warnings, this.estimatorType, labels, k);
    } else inertia = (ewa ?? bestInertia / initSize) * n;
    return this.commit(
      {
        nFeaturesIn: d,
        clusterCenters: { rows: k, cols: d, data: scaled(centers, 1 / s) },
        labels,
        inertia: inertia / (s * s),
        nIter: Math.ceil((nSteps * batch) / n),
        nSteps,
        counts,
        batchSizeUsed: batch,
        nSinceLastReassign: sinceReassign,
        rngState: rng.getState(),
        seedUsed,
      },
      warnings.flush(),
    );
  }

  /**
   * Updates the centres with one mini-batch step on X (scikit-learn's `partial_fit`). The first
   * call (on an unfitted estimator) seeds the centres from this batch, which needs at least
   * nClusters rows. With `computeLabels`, `labels` and `inertia` then describe this batch.
   *
   * @param X - one batch of rows
   * @param options - `sampleWeight` of the batch rows
   * @returns this
   * @throws {@link ValidationError} when the first batch has fewer rows than nClusters, or X has
   *   another number of features than the batches before
   */
  partialFit(X: MatrixInput, options: Pick<FitOptions, 'sampleWeight'> = {}): this {
    const prev = this.isFitted ? this.fitted('partialFit') : undefined;
    if (prev === undefined) this.checkParams();
    const m = this.checkInput(X, prev ? { fitted: prev } : {});
    const { nClusters: k, init, reassignmentRatio, computeLabels } = this.params;
    const { rows: b, cols: d } = m;
    const w = validateSampleWeight(options.sampleWeight, b, this.estimatorType);
    let centers: Float64Array;
    let counts: Float64Array;
    let rng: Rng;
    let seedUsed: number;
    let batchSizeUsed: number;
    let since: number;
    if (prev === undefined) {
      if (k > b) throw new ValidationError(messages.kmeans.tooFewSamples(this.estimatorType, 'the first batch', b, k));
      seedUsed = resolveSeed(this.params.randomState);
      rng = new Rng(seedUsed);
      batchSizeUsed = Math.min(this.params.batchSize, b);
      if (typeof init !== 'string') centers = explicitCenters(this.estimatorType, init, k, d);
      else {
        const s = scaleFor(maxAbs(m.data));
        centers = scaled(seedCenters(scaled(m.data, s), w, b, d, k, init, this.initSize(batchSizeUsed, b), rng), 1 / s);
      }
      counts = new Float64Array(k);
      since = 0;
    } else {
      seedUsed = prev.seedUsed;
      rng = Rng.fromState(prev.seedUsed, prev.rngState);
      centers = prev.clusterCenters.data.slice();
      counts = prev.counts.slice();
      batchSizeUsed = prev.batchSizeUsed;
      since = prev.nSinceLastReassign;
    }
    since += batchSizeUsed;
    let reassign = false;
    if (counts.includes(0) || since >= 10 * k) {
      since = 0;
      reassign = true;
    }
    miniBatchStep(m.data, w, b, d, centers, k, counts, reassign, reassignmentRatio, rng);
    let labels = prev?.labels;
    let inertia = prev?.inertia ?? 0;
    if (computeLabels) {
      ({ labels, inertia } = weightedNearest(m.data, w, b, d, centers, k));
    }
    return this.commit({
      nFeaturesIn: d,
      clusterCenters: { rows: k, cols: d, data: centers },
      labels,
      inertia,
      nIter: prev?.nIter ?? 0,
      nSteps: (prev?.nSteps ?? 0) + 1,
      counts,
      batchSizeUsed,
      nSinceLastReassign: since,
      rngState: rng.getState(),
      seedUsed,
    });
  }

  private initSize(batch: number, n: number): number {
    const k = this.params.nClusters;
    let size = this.params.initSize ?? 3 * batch;
    if (size < k) size = 3 * k;
    return Math.min(size, n);
  }

  /**
   * Labels of the training rows (after partialFit: of the last batch).
   * @throws {@link NotFittedError} before fit, or when fitted with `computeLabels: false`.
   */
  get labels(): Int32Array {
    const l = this.fitted('labels').labels;
    if (l === undefined) throw new NotFittedError(`${this.estimatorType} was fitted with computeLabels: false, so it has no labels. Use predict(X) instead.`);
    return l.slice();
  }

  /** Cluster centres, nClusters x nFeatures. @throws {@link NotFittedError} before fit. */
  get clusterCenters(): Matrix {
    return copyMatrix(this.fitted('clusterCenters').clusterCenters);
  }

  /** Weighted inertia of the training rows (of the last batch after partialFit; a smoothed estimate when computeLabels is false). */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }

  /** Passes over the data made by fit: ceil(nSteps x batchSize / n). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Mini-batch steps run (by fit, plus one per partialFit call). */
  get nSteps(): number {
    return this.fitted('nSteps').nSteps;
  }

  /** Total sample weight absorbed by each centre (its learning rate is 1 / count). */
  get counts(): Float64Array {
    return this.fitted('counts').counts.slice();
  }

  /** The seed actually used (the `randomState`, or the fresh seed drawn for null). */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** Index of the nearest centre of each row. O(n k d). */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const m = this.checkInput(X, { fitted: s });
    return nearestCenters(m.data, m.rows, m.cols, s.clusterCenters.data, s.clusterCenters.rows);
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    this.fit(X, options);
    return this.predict(X);
  }

  /** Euclidean distance of each row to each centre (n x nClusters). O(n k d). */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return distancesToCenters(this.checkInput(X, { fitted: s }), s.clusterCenters);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Opposite of the (weighted) inertia of X against the centres: higher is better. O(n k d). */
  score(X: MatrixInput, options: Pick<FitOptions, 'sampleWeight'> = {}): number {
    const s = this.fitted('score');
    const m = this.checkInput(X, { fitted: s });
    const w = validateSampleWeight(options.sampleWeight, m.rows, this.estimatorType);
    return -weightedNearest(m.data, w, m.rows, m.cols, s.clusterCenters.data, s.clusterCenters.rows).inertia;
  }

  /** Names of the transform output: distances to each centre, `minibatchkmeans0 ...`. */
  featureNamesOut(): string[] {
    const k = this.fitted('featureNamesOut').clusterCenters.rows;
    return Array.from({ length: k }, (_, i) => `minibatchkmeans${i}`);
  }

  protected override checkState(s: MiniBatchKMeansState): void {
    const k = this.params.nClusters;
    checkCenters(this.estimatorType, s.clusterCenters, k, s.nFeaturesIn);
    if (s.counts.length !== k) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `counts has ${s.counts.length} entries, expected ${k}.`));
    if (s.rngState.length !== 4) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `rngState has ${s.rngState.length} entries, expected 4.`));
    if (s.labels !== undefined) checkLabels(this.estimatorType, s.labels, k);
  }
}

/** `m` indices drawn uniformly with replacement. */
function randomIndices(rng: Rng, n: number, m: number): Int32Array {
  const idx = new Int32Array(m);
  for (let i = 0; i < m; i++) idx[i] = rng.int(n);
  return idx;
}

/** Seeds on `initSize` rows drawn with replacement (all rows when initSize >= n), as scikit-learn's `_init_centroids`. */
function seedCenters(X: Float64Array, w: Float64Array, n: number, d: number, k: number, init: 'k-means++' | 'random', initSize: number, rng: Rng): Float64Array {
  let Xi = X;
  let wi = w;
  let m = n;
  if (initSize < n) {
    const idx = randomIndices(rng, n, initSize);
    Xi = gatherRows(X, d, idx);
    wi = gatherRows(w, 1, idx);
    m = initSize;
  }
  return init === 'random' ? randomRows(Xi, m, d, k, rng) : kmeansPlusPlus(Xi, wi, m, d, k, rng);
}
