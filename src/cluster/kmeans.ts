/**
 * KMeans: Lloyd's algorithm with greedy k-means++ seeding.
 *
 * @packageDocumentation
 */
import { ValidationError, SerializationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { InductiveClusterer, Transformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, matrixLike, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { validateMatrix, validateSampleWeight } from '../core/validation.js';
import { WarningCollector } from '../core/warnings.js';
import { assignLabels, inertiaOf, kmeansPlusPlus, meanVariance, updateCenters } from './_kmeans-kernels.js';

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
  /** Iteration algorithm. @defaultValue 'lloyd' */
  readonly algorithm?: 'lloyd';
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
  algorithm: 'lloyd',
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
 * Lloyd iterations (assign every row to its nearest centre, move centres to the weighted means),
 * O(n k d) per iteration, O(n + k d) extra memory. Empty clusters are relocated to the rows
 * farthest from their centre. Converges when labels stop changing or the total squared centre
 * shift falls to `tol` times the mean feature variance (scikit-learn's rule). With explicit
 * initial centres the result equals scikit-learn's `KMeans(algorithm='lloyd')`.
 * References: Lloyd (1982); Arthur and Vassilvitskii (2007) for k-means++.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nClusters exceeds the number of rows
 * @example
 * ```ts
 * import { KMeans } from 'segmentkit';
 * const km = new KMeans({ nClusters: 2 }).fit([[0, 0], [0, 1], [10, 10], [10, 11]]);
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
    algorithm: [oneOf('lloyd')],
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
    const { rows: n, cols: d, data } = m;
    if (k > n) {
      throw new ValidationError(`KMeans found n_samples=${n} rows, fewer than nClusters=${k}. Lower nClusters or pass more data.`);
    }
    const w = validateSampleWeight(options.sampleWeight, n, this.estimatorType);
    const explicit = typeof init !== 'string' ? this.explicitCenters(init, k, d) : undefined;
    const nInit = explicit ? 1 : this.params.nInit === 'auto' ? (init === 'random' ? 10 : 1) : this.params.nInit;
    const seedUsed = resolveSeed(this.params.randomState);
    const rng = new Rng(seedUsed);
    const tolScaled = tol === 0 ? 0 : tol * meanVariance(data, n, d);
    const warnings = new WarningCollector(this.estimatorType);

    let best: { centers: Float64Array; labels: Int32Array; inertia: number; nIter: number; converged: boolean } | undefined;
    for (let run = 0; run < nInit; run++) {
      throwIfAborted(options.signal, this.estimatorType);
      const runRng = rng.fork();
      const centers =
        explicit ?? (init === 'random' ? randomRows(data, n, d, k, runRng) : kmeansPlusPlus(data, w, n, d, k, runRng));
      const result = lloyd(data, w, n, d, k, centers, maxIter, tolScaled, options.signal, this.estimatorType);
      if (best === undefined || result.inertia < best.inertia) best = result;
      options.onProgress?.({ stage: 'restart', step: run + 1, total: nInit, loss: result.inertia });
    }
    const result = best as NonNullable<typeof best>;
    if (!result.converged) warnings.warn('NOT_CONVERGED', messages.warnings.notConverged(this.estimatorType, maxIter));
    const distinct = new Set(result.labels).size;
    if (distinct < k) warnings.warn('FEWER_CLUSTERS', messages.warnings.fewerClusters(this.estimatorType, distinct, k));
    return this.commit(
      {
        nFeaturesIn: d,
        clusterCenters: { rows: k, cols: d, data: result.centers },
        labels: result.labels,
        inertia: result.inertia,
        nIter: result.nIter,
        seedUsed,
      },
      warnings.flush(),
    );
  }

  private explicitCenters(init: readonly (readonly number[])[], k: number, d: number): Float64Array {
    const c = validateMatrix(init, { estimator: this.estimatorType, input: 'init' });
    if (c.rows !== k || c.cols !== d) {
      throw new ValidationError(
        `KMeans expected init of shape (${k}, ${d}) (nClusters x features), got shape (${c.rows}, ${c.cols}).`,
      );
    }
    return c.data.slice();
  }

  /** Labels of the training rows. @throws {@link NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Cluster centres, nClusters x nFeatures. @throws {@link NotFittedError} before fit. */
  get clusterCenters(): Matrix {
    const c = this.fitted('clusterCenters').clusterCenters;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }

  /** Weighted sum of squared distances of the training rows to their centre. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }

  /** Lloyd iterations of the best run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** The seed actually used (the `randomState`, or the fresh seed drawn for null). */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** Index of the nearest centre of each row. */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const m = this.checkInput(X, { fitted: s });
    const labels = new Int32Array(m.rows);
    assignLabels(m.data, m.rows, m.cols, s.clusterCenters.data, s.clusterCenters.rows, labels, new Float64Array(m.rows));
    return labels;
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /** Euclidean distance of each row to each centre (n x nClusters). */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const m = this.checkInput(X, { fitted: s });
    const k = s.clusterCenters.rows;
    const d = m.cols;
    const c = s.clusterCenters.data;
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < k; j++) {
        let acc = 0;
        for (let f = 0; f < d; f++) {
          const t = (m.data[i * d + f] as number) - (c[j * d + f] as number);
          acc += t * t;
        }
        out[i * k + j] = Math.sqrt(acc);
      }
    }
    return { rows: m.rows, cols: k, data: out };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Opposite of the inertia of X against the fitted centres (higher is better). */
  score(X: MatrixInput, options: Pick<FitOptions, 'sampleWeight'> = {}): number {
    const s = this.fitted('score');
    const m = this.checkInput(X, { fitted: s });
    const w = validateSampleWeight(options.sampleWeight, m.rows, this.estimatorType);
    const labels = this.predict(m);
    return -inertiaOf(m.data, w, m.rows, m.cols, s.clusterCenters.data, labels);
  }

  /** Names of the transform output: distances to each centre, `kmeans0 ...`. */
  featureNamesOut(): string[] {
    const k = this.fitted('featureNamesOut').clusterCenters.rows;
    return Array.from({ length: k }, (_, i) => `kmeans${i}`);
  }

  protected override checkState(s: KMeansState): void {
    const { clusterCenters: c, labels } = s;
    if (c.cols !== s.nFeaturesIn || c.rows !== this.params.nClusters) {
      throw new SerializationError(
        messages.serialization.inconsistent(this.estimatorType, `clusterCenters is ${c.rows} x ${c.cols}, expected ${this.params.nClusters} x ${s.nFeaturesIn}.`),
      );
    }
    assertLengths(this.estimatorType, labels.length, { labels });
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i] as number;
      if (l < 0 || l >= c.rows) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `labels[${i}] = ${l} is not a cluster index.`));
    }
  }
}

function randomRows(X: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const idx = rng.sampleWithoutReplacement(n, k);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(X.subarray((idx[c] as number) * d, ((idx[c] as number) + 1) * d), c * d);
  return centers;
}

/** One Lloyd run from the given centres (scikit-learn's `_kmeans_single_lloyd` control flow). */
function lloyd(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  k: number,
  initial: Float64Array,
  maxIter: number,
  tolScaled: number,
  signal: AbortSignal | undefined,
  name: string,
): { centers: Float64Array; labels: Int32Array; inertia: number; nIter: number; converged: boolean } {
  let centers = initial.slice();
  let centersNew = new Float64Array(k * d);
  const weightInCluster = new Float64Array(k);
  const labels = new Int32Array(n);
  const labelsOld = new Int32Array(n).fill(-1);
  const minDist = new Float64Array(n);
  let strict = false;
  let converged = false;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    throwIfAborted(signal, name);
    assignLabels(X, n, d, centers, k, labels, minDist);
    const shift = updateCenters(X, w, n, d, centers, centersNew, weightInCluster, k, labels, minDist);
    [centers, centersNew] = [centersNew, centers];
    if (sameLabels(labels, labelsOld)) {
      strict = true;
      converged = true;
      break;
    }
    if (shift <= tolScaled) {
      converged = true;
      break;
    }
    labelsOld.set(labels);
  }
  // Labels must match the final centres when the loop stopped on the shift test or maxIter.
  if (!strict) assignLabels(X, n, d, centers, k, labels, minDist);
  return { centers, labels, inertia: inertiaOf(X, w, n, d, centers, labels), nIter: Math.min(iter + 1, maxIter), converged };
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
