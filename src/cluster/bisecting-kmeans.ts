/**
 * BisectingKMeans: divisive hierarchical k-means.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { InductiveClusterer, Transformer } from '../core/families.js';
import { copyMatrix, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { validateSampleWeight } from '../core/validation.js';
import { WarningCollector } from '../core/warnings.js';
import {
  boundMargin,
  clusterInertia,
  dataStats,
  inertiaOf,
  kmeansPlusPlus,
  maxAbs,
  randomRows,
  runKMeans,
  scaled,
  scaleFor,
  sqDist,
  type KMeansRun,
} from './_kmeans-kernels.js';
import { checkLabels, distancesToCenters, gatherRows, warnFewerClusters } from './_centroids.js';
import { distanceEngineFor, resolveAlgorithm } from './kmeans.js';

/** Options of {@link BisectingKMeans}. */
export interface BisectingKMeansOptions {
  /** Number of clusters (leaves of the bisection tree). @defaultValue 8 */
  readonly nClusters?: number;
  /** Seeding of each 2-means bisection: 'random' (2 distinct rows) or 'k-means++'. @defaultValue 'random' */
  readonly init?: 'random' | 'k-means++';
  /** 2-means runs per bisection; the one of lowest inertia is kept. @defaultValue 1 */
  readonly nInit?: number;
  /** Seed; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
  /** Most iterations of each 2-means run. @defaultValue 300 */
  readonly maxIter?: number;
  /** Convergence of each 2-means run: squared centre shift at most tol x the mean feature variance of X. @defaultValue 1e-4 */
  readonly tol?: number;
  /** Iteration algorithm of the 2-means runs (see {@link KMeansOptions}). @defaultValue 'auto' */
  readonly algorithm?: 'lloyd' | 'elkan' | 'hamerly' | 'auto';
  /** Which leaf to split next: the one of largest inertia (SSE) or the one with most rows. @defaultValue 'biggest_inertia' */
  readonly bisectingStrategy?: 'biggest_inertia' | 'largest_cluster';
}

/** Parameters of {@link BisectingKMeans} after defaults. */
export type BisectingKMeansParams = Required<BisectingKMeansOptions>;

/** Defaults of {@link BisectingKMeans}. */
export const BISECTING_KMEANS_DEFAULTS: Readonly<BisectingKMeansParams> = Object.freeze({
  nClusters: 8,
  init: 'random',
  nInit: 1,
  randomState: 0,
  maxIter: 300,
  tol: 1e-4,
  algorithm: 'auto',
  bisectingStrategy: 'biggest_inertia',
});

/** The bisection tree: node 0 is the root; leaves carry the final cluster label. */
export interface BisectingTree {
  /** Centre of every node (nodes x nFeatures): the 2-means centre it was split off with (the mean for the root). */
  readonly centers: Matrix;
  /** Left child of each node, -1 for leaves. */
  readonly left: Int32Array;
  /** Right child of each node, -1 for leaves. */
  readonly right: Int32Array;
  /** Cluster label of each leaf, -1 for internal nodes. */
  readonly label: Int32Array;
}

interface BisectingKMeansState {
  readonly nFeaturesIn: number;
  readonly clusterCenters: Matrix;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly nIter: number;
  readonly treeCenters: Matrix;
  readonly treeLeft: Int32Array;
  readonly treeRight: Int32Array;
  readonly treeLabel: Int32Array;
  readonly seedUsed: number;
}

interface Node {
  center: Float64Array;
  indices: Int32Array | null;
  score: number;
  left: Node | null;
  right: Node | null;
}

/**
 * Bisecting k-means (divisive hierarchical clustering): starting from one cluster, repeatedly split
 * a leaf in two with 2-means until there are nClusters leaves, as scikit-learn's BisectingKMeans.
 *
 * @remarks
 * The leaf split next is the one of largest inertia ('biggest_inertia') or with most rows
 * ('largest_cluster'). Each bisection runs 2-means nInit times on the rows of that leaf (Lloyd,
 * Elkan or Hamerly, all equal) and keeps the run of lowest inertia. Labels number the leaves from
 * left to right, so clusters split from the same parent have adjacent labels; `predict` descends
 * the tree, choosing the nearer child centre at each node. Time O(n d x depth x iterations),
 * memory O(n + k d). References: Steinbach, Karypis and Kumar, "A comparison of document
 * clustering techniques" (2000); Elkan (2003); Hamerly (2010).
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nClusters exceeds the number of rows
 * @example
 * ```ts
 * import { BisectingKMeans } from 'segmentkit';
 * const X = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0], [10, 6], [10, 8], [10, 10]];
 * const bk = new BisectingKMeans({ nClusters: 3 }).fit(X);
 * console.log(new Set(bk.labels).size, bk.labels[0] === bk.labels[2]); // 3 true
 * ```
 */
export class BisectingKMeans extends BaseEstimator<BisectingKMeansParams, BisectingKMeansState> implements InductiveClusterer, Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'BisectingKMeans';
  /** Defaults of every parameter. */
  static readonly defaults = BISECTING_KMEANS_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<BisectingKMeansParams> = {
    nClusters: [int({ min: 1 })],
    init: [oneOf('random', 'k-means++')],
    nInit: [int({ min: 1 })],
    randomState: seed,
    maxIter: [int({ min: 1 })],
    tol: [num({ min: 0 })],
    algorithm: [oneOf('lloyd', 'elkan', 'hamerly', 'auto')],
    bisectingStrategy: [oneOf('biggest_inertia', 'largest_cluster')],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    clusterCenters: field.matrix(),
    labels: field.int32(),
    inertia: field.number({ min: 0 }),
    nIter: field.int({ min: 0 }),
    treeCenters: field.matrix(),
    treeLeft: field.int32(),
    treeRight: field.int32(),
    treeLabel: field.int32(),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link BisectingKMeansOptions} */
  constructor(options: BisectingKMeansOptions = {}) {
    super(BISECTING_KMEANS_DEFAULTS, options);
  }

  /**
   * Builds the bisection tree on X.
   *
   * @param X - training data, n x d
   * @param options - `sampleWeight`, `signal` (AbortSignal, checked between bisections), `onProgress` (one report per bisection)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const m = this.checkInput(X);
    const { nClusters: k, init, nInit, maxIter, tol, bisectingStrategy } = this.params;
    const { rows: n, cols: d } = m;
    if (k > n) throw new ValidationError(messages.kmeans.tooFewSamples(this.estimatorType, 'X', n, k));
    const w = validateSampleWeight(options.sampleWeight, n, this.estimatorType);
    const seedUsed = resolveSeed(this.params.randomState);
    const rng = new Rng(seedUsed);
    const s = scaleFor(maxAbs(m.data));
    const data = scaled(m.data, s);
    const stats = dataStats(data, n, d, null, 0);
    const tolScaled = tol * stats.meanVariance;
    const margin = boundMargin(stats.diameter, d, maxIter);
    const warnings = new WarningCollector(this.estimatorType);

    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    const root: Node = { center: weightedMean(data, w, d, all), indices: all, score: 0, left: null, right: null };
    let nIter = 0;
    let converged = true;
    for (let split = 1; split < k; split++) {
      throwIfAborted(options.signal, this.estimatorType);
      const leaf = pickLeaf(root);
      if (leaf === null) break;
      const idx = leaf.indices as Int32Array;
      const sub = gatherRows(data, d, idx);
      const ws = gatherRows(w, 1, idx);
      const r = idx.length;
      const algorithm = resolveAlgorithm(this.params.algorithm, r, 2);
      const engine = distanceEngineFor(sub, r, d, 2);
      let best: KMeansRun | undefined;
      for (let t = 0; t < nInit; t++) {
        const c0 = init === 'random' ? randomRows(sub, r, d, 2, rng) : kmeansPlusPlus(sub, ws, r, d, 2, rng, engine);
        const run = runKMeans(sub, ws, r, d, 2, c0, { maxIter, tol: tolScaled, algorithm, margin, signal: options.signal, name: this.estimatorType, engine });
        if (best === undefined || run.inertia < best.inertia * (1 - 1e-6)) best = run;
      }
      const b = best as KMeansRun;
      nIter = Math.max(nIter, b.nIter);
      converged &&= b.converged;
      const parts = [0, 1].map((side) => {
        let count = 0;
        for (let i = 0; i < r; i++) if (b.labels[i] === side) count++;
        const members = new Int32Array(count);
        let p = 0;
        for (let i = 0; i < r; i++) if (b.labels[i] === side) members[p++] = idx[i] as number;
        const score = bisectingStrategy === 'biggest_inertia' ? clusterInertia(sub, ws, r, d, b.centers, b.labels, side) : count;
        return { center: b.centers.slice(side * d, (side + 1) * d), indices: members, score, left: null, right: null } as Node;
      });
      leaf.left = parts[0] as Node;
      leaf.right = parts[1] as Node;
      leaf.indices = null;
      options.onProgress?.({ stage: 'bisect', step: split, total: k - 1 });
    }

    // Number the leaves left to right; flatten the tree (pre-order) for prediction and storage.
    const labels = new Int32Array(n);
    const leafCenters: number[] = [];
    const nodeCenters: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const leafLabel: number[] = [];
    let nLeaves = 0;
    const visit = (node: Node): number => {
      const id = left.length;
      nodeCenters.push(...node.center);
      left.push(-1);
      right.push(-1);
      leafLabel.push(-1);
      if (node.left === null || node.right === null) {
        const label = nLeaves++;
        leafLabel[id] = label;
        leafCenters.push(...node.center);
        for (const i of node.indices as Int32Array) labels[i] = label;
      } else {
        left[id] = visit(node.left);
        right[id] = visit(node.right);
      }
      return id;
    };
    visit(root);
    const centers = Float64Array.from(leafCenters);
    const inertia = inertiaOf(data, w, n, d, centers, labels);
    if (!converged) warnings.warn('NOT_CONVERGED', messages.warnings.notConverged(this.estimatorType, maxIter));
    warnFewerClusters(warnings, this.estimatorType, labels, k);
    return this.commit(
      {
        nFeaturesIn: d,
        clusterCenters: { rows: nLeaves, cols: d, data: scaled(centers, 1 / s) },
        labels,
        inertia: inertia / (s * s),
        nIter,
        treeCenters: { rows: left.length, cols: d, data: scaled(Float64Array.from(nodeCenters), 1 / s) },
        treeLeft: Int32Array.from(left),
        treeRight: Int32Array.from(right),
        treeLabel: Int32Array.from(leafLabel),
        seedUsed,
      },
      warnings.flush(),
    );
  }

  /** Labels of the training rows (leaves numbered left to right). @throws {@link NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Leaf centres, nClusters x nFeatures, in label order. @throws {@link NotFittedError} before fit. */
  get clusterCenters(): Matrix {
    return copyMatrix(this.fitted('clusterCenters').clusterCenters);
  }

  /** Weighted sum of squared distances of the training rows to their leaf centre. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }

  /** Most iterations of any kept 2-means run (0 when nClusters is 1). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** The bisection tree (copies), for hierarchical views of the segments. */
  get tree(): BisectingTree {
    const s = this.fitted('tree');
    return {
      centers: copyMatrix(s.treeCenters),
      left: s.treeLeft.slice(),
      right: s.treeRight.slice(),
      label: s.treeLabel.slice(),
    };
  }

  /** The seed actually used (the `randomState`, or the fresh seed drawn for null). */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** Leaf reached by descending the tree, taking the nearer child centre at each node (ties to the left). O(n d depth). */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const m = this.checkInput(X, { fitted: s });
    const d = m.cols;
    const sc = scaleFor(maxAbs(m.data, s.treeCenters.data));
    const Xs = scaled(m.data, sc);
    const C = scaled(s.treeCenters.data, sc);
    const out = new Int32Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      let node = 0;
      while ((s.treeLeft[node] as number) >= 0) {
        const l = s.treeLeft[node] as number;
        const r = s.treeRight[node] as number;
        node = sqDist(Xs, i * d, C, r * d, d) < sqDist(Xs, i * d, C, l * d, d) ? r : l;
      }
      out[i] = s.treeLabel[node] as number;
    }
    return out;
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /** Euclidean distance of each row to each leaf centre (n x nClusters). O(n k d). */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return distancesToCenters(this.checkInput(X, { fitted: s }), s.clusterCenters);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Opposite of the (weighted) inertia of X against the leaves `predict` assigns: higher is better. */
  score(X: MatrixInput, options: Pick<FitOptions, 'sampleWeight'> = {}): number {
    const s = this.fitted('score');
    const m = this.checkInput(X, { fitted: s });
    const w = validateSampleWeight(options.sampleWeight, m.rows, this.estimatorType);
    const labels = this.predict(m);
    const sc = scaleFor(maxAbs(m.data, s.clusterCenters.data));
    return -inertiaOf(scaled(m.data, sc), w, m.rows, m.cols, scaled(s.clusterCenters.data, sc), labels) / (sc * sc);
  }

  /** Names of the transform output: distances to each leaf centre, `bisectingkmeans0 ...`. */
  featureNamesOut(): string[] {
    const k = this.fitted('featureNamesOut').clusterCenters.rows;
    return Array.from({ length: k }, (_, i) => `bisectingkmeans${i}`);
  }

  protected override checkState(s: BisectingKMeansState): void {
    const bad = (detail: string) => new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    const k = s.clusterCenters.rows;
    const m = s.treeCenters.rows;
    if (s.clusterCenters.cols !== s.nFeaturesIn || s.treeCenters.cols !== s.nFeaturesIn) throw bad(`centres must have ${s.nFeaturesIn} columns.`);
    if (k < 1 || k > this.params.nClusters) throw bad(`clusterCenters has ${k} rows, expected 1 to ${this.params.nClusters}.`);
    if (s.treeLeft.length !== m || s.treeRight.length !== m || s.treeLabel.length !== m) throw bad(`the tree arrays must have ${m} entries.`);
    for (let v = 0; v < m; v++) {
      const l = s.treeLeft[v] as number;
      const r = s.treeRight[v] as number;
      const lab = s.treeLabel[v] as number;
      // Pre-order layout: children come after their parent, so descending always terminates.
      if (l === -1 ? r !== -1 || lab < 0 || lab >= k : l <= v || r <= v || l >= m || r >= m || lab !== -1) throw bad(`tree node ${v} is malformed.`);
    }
    checkLabels(this.estimatorType, s.labels, k);
  }
}

/** Leaf with the largest score among leaves of at least 2 rows (first in left-to-right order among ties); null if none. */
function pickLeaf(root: Node): Node | null {
  let best: Node | null = null;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.left !== null && node.right !== null) {
      stack.push(node.right, node.left);
      continue;
    }
    if ((node.indices as Int32Array).length < 2) continue;
    if (best === null || node.score > best.score) best = node;
  }
  return best;
}

/** Weighted mean of the rows `idx` (plain mean when the weights sum to 0). */
function weightedMean(X: Float64Array, w: Float64Array, d: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(d);
  let total = 0;
  for (const i of idx) {
    const wi = w[i] as number;
    total += wi;
    for (let j = 0; j < d; j++) out[j] += wi * (X[i * d + j] as number);
  }
  for (let j = 0; j < d; j++) out[j] = (out[j] as number) / total;
  return out;
}
