/**
 * KMeans: Lloyd, Elkan and Hamerly iterations with greedy k-means++ seeding.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { InductiveClusterer, Transformer } from '../core/families.js';
import { copyMatrix, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, matrixLike, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { validateMatrix, validateSampleWeight } from '../core/validation.js';
import { WarningCollector } from '../core/warnings.js';
import {
  boundMargin,
  dataStats,
  kmeansPlusPlus,
  maxAbs,
  nearestCenters,
  randomRows,
  runKMeans,
  scaled,
  scaleFor,
  type KMeansRun,
  type KMeansRunAlgorithm,
} from './_kmeans-kernels.js';
import { checkCenters, checkLabels, distancesToCenters, warnFewerClusters, weightedNearest } from './_centroids.js';
import { createDistanceEngine, simdAvailable, type DistanceEngine } from './_kmeans-wasm.js';
import { processorCount } from './_kmeans-workers.js';

/** Options of {@link KMeans}. */
export interface KMeansOptions {
  /** Number of clusters. @defaultValue 8 */
  readonly nClusters?: number;
  /**
   * Seeding: 'k-means++' (greedy, 2 + ln k local trials), 'random' (k distinct rows), or explicit
   * initial centres (nClusters x nFeatures; then one run). @defaultValue 'k-means++'
   */
  readonly init?: 'k-means++' | 'random' | readonly (readonly number[])[];
  /** Runs with different seeds; the lowest inertia wins. 'auto': 1 for k-means++ and explicit init, 10 for 'random'. @defaultValue 'auto' */
  readonly nInit?: number | 'auto';
  /** Most Lloyd iterations per run. @defaultValue 300 */
  readonly maxIter?: number;
  /** Convergence when the squared centre shift is at most tol x mean feature variance. @defaultValue 1e-4 */
  readonly tol?: number;
  /**
   * Iteration algorithm. 'lloyd' computes every row-centre distance each iteration; 'elkan'
   * (Elkan 2003: k lower bounds per row and centre-centre distances) and 'hamerly' (Hamerly 2010:
   * one lower bound per row) skip the distances their triangle-inequality bounds rule out, and
   * return exactly Lloyd's labels, centres and nIter. 'auto' picks the fastest measured here:
   * Hamerly (its full scans run in WebAssembly SIMD); without WebAssembly SIMD, Elkan from 20
   * clusters on (when its n x k bounds fit in about 400 MB).
   * @defaultValue 'auto'
   */
  readonly algorithm?: 'lloyd' | 'elkan' | 'hamerly' | 'auto';
  /**
   * Threads of the Lloyd and Hamerly assignment passes and of k-means++'s distances. 'auto': up
   * to 8 of the processors Node reports once a pass is large (n x k x d of at least 2^25, where a
   * second thread repays its start of about 50 ms), else 1; a number asks for that many. The extra
   * threads are Node worker threads sharing the WebAssembly SIMD kernel's memory, taking chunks of
   * rows from a shared counter; in browsers, Deno, or without WebAssembly SIMD, fit runs on one
   * thread. Results are identical for every thread count.
   * @defaultValue 'auto'
   */
  readonly nThreads?: number | 'auto';
  /** Seed; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link KMeans} after defaults. */
export type KMeansParams = Required<KMeansOptions>;

/** Defaults of {@link KMeans}. */
export const KMEANS_DEFAULTS: Readonly<KMeansParams> = Object.freeze({
  nClusters: 8,
  init: 'k-means++',
  nInit: 'auto',
  maxIter: 300,
  tol: 1e-4,
  algorithm: 'auto',
  nThreads: 'auto',
  randomState: 0,
});

interface KMeansState {
  readonly nFeaturesIn: number;
  readonly clusterCenters: Matrix;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly nIter: number;
  readonly seedUsed: number;
}

/**
 * K-means clustering: k centres minimising the within-cluster sum of squared distances.
 *
 * @remarks
 * Each run seeds (greedy k-means++ with 2 + ln k trials, random rows, or explicit centres) then
 * iterates with scikit-learn's control flow: assign every row to its nearest centre, move centres
 * to the weighted means, relocate empty clusters to the farthest rows, stop when no label changes
 * or the squared centre shift falls to `tol` x the mean feature variance. Lloyd costs O(n k d) per
 * iteration; Elkan (k lower bounds per row, O(n k) memory) and Hamerly (one lower bound, O(n)
 * memory) skip the distances the triangle inequality rules out, with a rounding margin so their
 * labels, centres and nIter are exactly Lloyd's. Centre sums are updated only for rows that change
 * cluster. In Node, large fits run their Lloyd and Hamerly passes and the k-means++ distances on
 * several threads (`nThreads`), with the same result as on one. Data of huge (1e150) or tiny
 * (1e-150) magnitude are rescaled by a power of two inside fit (exact; k-means is
 * scale-equivariant), so no distance overflows. With explicit initial centres the result equals
 * scikit-learn's `KMeans`. Memory: O(n + k d) besides the bounds; for large inputs the WebAssembly
 * kernel adds a copy of X and about 6 + ln k numbers per row.
 * References: Lloyd (1982); Arthur and Vassilvitskii, "k-means++" (2007); Elkan, "Using the
 * triangle inequality to accelerate k-means" (ICML 2003); Hamerly, "Making k-means even faster"
 * (SDM 2010).
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nClusters exceeds the number of rows, or
 *   explicit init has the wrong shape
 * @example
 * ```ts
 * import { KMeans } from 'segmentkit';
 * const km = new KMeans({ nClusters: 2, algorithm: 'hamerly' }).fit([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * console.log(km.labels[0] === km.labels[1], km.labels[0] !== km.labels[2]); // true true
 * ```
 */
export class KMeans extends BaseEstimator<KMeansParams, KMeansState> implements InductiveClusterer, Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'KMeans';
  /** Defaults of every parameter. */
  static readonly defaults = KMEANS_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<KMeansParams> = {
    nClusters: [int({ min: 1 })],
    init: [oneOf('k-means++', 'random'), matrixLike],
    nInit: [int({ min: 1 }), oneOf('auto')],
    maxIter: [int({ min: 1 })],
    tol: [num({ min: 0 })],
    algorithm: [oneOf('lloyd', 'elkan', 'hamerly', 'auto')],
    nThreads: [int({ min: 1 }), oneOf('auto')],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    clusterCenters: field.matrix(),
    labels: field.int32(),
    inertia: field.number({ min: 0 }),
    nIter: field.int({ min: 0 }),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link KMeansOptions} */
  constructor(options: KMeansOptions = {}) {
    super(KMEANS_DEFAULTS, options);
  }

  /**
   * Runs k-means on X.
   *
   * @param X - training data, n x d
   * @param options - `sampleWeight`, `signal` (AbortSignal), `onProgress` (one report per run)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const m = this.checkInput(X);
    const { nClusters: k, init, maxIter, tol } = this.params;
    const { rows: n, cols: d } = m;
    if (k > n) throw new ValidationError(messages.kmeans.tooFewSamples(this.estimatorType, 'X', n, k));
    const w = validateSampleWeight(options.sampleWeight, n, this.estimatorType);
    const explicit = typeof init !== 'string' ? explicitCenters(this.estimatorType, init, k, d) : undefined;
    const nInit = explicit ? 1 : this.params.nInit === 'auto' ? (init === 'random' ? 10 : 1) : this.params.nInit;
    const seedUsed = resolveSeed(this.params.randomState);
    const rng = new Rng(seedUsed);
    // Work on X scaled by a power of two when its magnitude would overflow or underflow squared
    // distances (exact, and k-means is scale-equivariant); scale centres and inertia back.
    const s = scaleFor(explicit ? maxAbs(m.data, explicit) : maxAbs(m.data));
    const data = scaled(m.data, s);
    const init0 = explicit ? scaled(explicit, s) : undefined;
    const stats = dataStats(data, n, d, init0 ?? null, k);
    const tolScaled = tol * stats.meanVariance;
    const margin = boundMargin(stats.diameter, d, maxIter);
    const warnings = new WarningCollector(this.estimatorType);
    const algorithm = resolveAlgorithm(this.params.algorithm, n, k, simdAvailable());
    const engine = distanceEngineFor(data, n, d, k, resolveThreads(this.params.nThreads, n, d, k));

    let best: KMeansRun | undefined;
    try {
      for (let run = 0; run < nInit; run++) {
        throwIfAborted(options.signal, this.estimatorType);
        const runRng = rng.fork();
        const centers = init0 ?? (init === 'random' ? randomRows(data, n, d, k, runRng) : kmeansPlusPlus(data, w, n, d, k, runRng, engine));
        const result = runKMeans(data, w, n, d, k, centers, { maxIter, tol: tolScaled, algorithm, margin, signal: options.signal, name: this.estimatorType, engine });
        if (best === undefined || result.inertia < best.inertia) best = result;
        options.onProgress?.({ stage: 'restart', step: run + 1, total: nInit, loss: result.inertia / (s * s) });
      }
    } finally {
      engine?.dispose();
    }
    const result = best as KMeansRun;
    if (!result.converged) warnings.warn('NOT_CONVERGED', messages.warnings.notConverged(this.estimatorType, maxIter));
    warnFewerClusters(warnings, this.estimatorType, result.labels, k);
    return this.commit(
      {
        nFeaturesIn: d,
        clusterCenters: { rows: k, cols: d, data: scaled(result.centers, 1 / s) },
        labels: result.labels,
        inertia: result.inertia / (s * s),
        nIter: result.nIter,
        seedUsed,
      },
      warnings.flush(),
    );
  }

  /** Labels of the training rows. @throws {@link NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Cluster centres, nClusters x nFeatures. @throws {@link NotFittedError} before fit. */
  get clusterCenters(): Matrix {
    return copyMatrix(this.fitted('clusterCenters').clusterCenters);
  }

  /** Weighted sum of squared distances of the training rows to their centre. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }

  /** Iterations of the best run (the same for every algorithm). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** The seed actually used (the `randomState`, or the fresh seed drawn for null). */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** Index of the nearest centre of each row (ties to the lowest index). O(n k d). */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const m = this.checkInput(X, { fitted: s });
    return nearestCenters(m.data, m.rows, m.cols, s.clusterCenters.data, s.clusterCenters.rows);
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
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

  /** Opposite of the (weighted) inertia of X against the fitted centres: higher is better. O(n k d). */
  score(X: MatrixInput, options: Pick<FitOptions, 'sampleWeight'> = {}): number {
    const s = this.fitted('score');
    const m = this.checkInput(X, { fitted: s });
    const w = validateSampleWeight(options.sampleWeight, m.rows, this.estimatorType);
    return -weightedNearest(m.data, w, m.rows, m.cols, s.clusterCenters.data, s.clusterCenters.rows).inertia;
  }

  /** Names of the transform output: distances to each centre, `kmeans0 ...`. */
  featureNamesOut(): string[] {
    const k = this.fitted('featureNamesOut').clusterCenters.rows;
    return Array.from({ length: k }, (_, i) => `kmeans${i}`);
  }

  protected override checkState(s: KMeansState): void {
    checkCenters(this.estimatorType, s.clusterCenters, this.params.nClusters, s.nFeaturesIn);
    checkLabels(this.estimatorType, s.labels, this.params.nClusters);
  }
}

/**
 * Explicit initial centres, validated: finite, nClusters x nFeatures.
 *
 * @internal
 */
export function explicitCenters(estimator: string, init: unknown, k: number, d: number): Float64Array {
  const c = validateMatrix(init, { estimator, input: 'init' });
  if (c.rows !== k || c.cols !== d) throw new ValidationError(messages.kmeans.initShape(estimator, k, d, c.rows, c.cols));
  return c.data.slice();
}

/** Work (n x d x k) from which the WebAssembly distance kernel pays for copying X. */
const ENGINE_MIN_WORK = 1 << 16;

/**
 * The WebAssembly SIMD distance kernel for X when the problem is large enough to pay for the copy
 * (null otherwise, or where WebAssembly SIMD is unavailable: the JavaScript kernels give the
 * same bits), on `threads` threads where worker threads can run. Dispose it after use.
 *
 * @internal
 */
export function distanceEngineFor(X: Float64Array, n: number, d: number, k: number, threads = 1): DistanceEngine | null {
  if (n * d * k < ENGINE_MIN_WORK) return null;
  // k-means++ tries 2 + ln k candidates a step; the engine keeps their distances for all rows.
  const trials = 2 + Math.floor(Math.log(k));
  return createDistanceEngine(X, n, d, Math.max(k, trials), threads, trials);
}

/** Work of one pass (n x d x k) from which 'auto' threads repay a worker's start. */
const THREADS_MIN_WORK = 2 ** 25;
/** Most threads 'auto' uses. */
const THREADS_MAX_AUTO = 8;

/**
 * The thread count nThreads stands for: 'auto' is the processors Node reports (at most 8) once
 * one pass is large enough, else 1.
 *
 * @internal
 */
export function resolveThreads(nThreads: number | 'auto', n: number, d: number, k: number): number {
  if (nThreads !== 'auto') return nThreads;
  return n * d * k >= THREADS_MIN_WORK ? Math.min(processorCount(), THREADS_MAX_AUTO) : 1;
}

/** Bounds per row of Elkan above which 'auto' keeps Hamerly (about 400 MB of Float64). */
const ELKAN_MAX_BOUNDS = 5e7;

/**
 * The iteration algorithm 'auto' stands for. Measured here (16 features, k = 8 to 64, 100k to 1M
 * rows): Hamerly with the WebAssembly SIMD full scans is the fastest at every k (Elkan's per-centre
 * distances are scalar), so 'auto' is Hamerly, except without WebAssembly SIMD from 20 clusters on,
 * where Elkan's k lower bounds prune enough to win while its n x k bounds stay under about 400 MB.
 *
 * @internal
 */
export function resolveAlgorithm(algorithm: KMeansRunAlgorithm | 'auto', n: number, k: number, simd = true): KMeansRunAlgorithm {
  if (algorithm !== 'auto') return algorithm;
  return !simd && k >= 20 && n * k <= ELKAN_MAX_BOUNDS ? 'elkan' : 'hamerly';
}
