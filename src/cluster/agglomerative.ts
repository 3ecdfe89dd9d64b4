/**
 * AgglomerativeClustering: bottom-up hierarchical clustering with Ward, complete, average or
 * single linkage, cut into nClusters groups or at a distance threshold.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { Clusterer } from '../core/families.js';
import type { MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, int, isNull, num, oneOf, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { WarningCollector } from '../core/warnings.js';
import { condensedDistances, firstZeroRow, safeScale, scaleData, type DistanceMetric } from '../linalg/distances.js';
import { primMst } from './_mst.js';
import { condensedChain, sortAndLabel, wardChain, type Linkage } from './_nn-chain.js';

/** Linkage criteria of {@link AgglomerativeClustering}. */
export type LinkageCriterion = 'ward' | 'complete' | 'average' | 'single';

/** Options of {@link AgglomerativeClustering}. */
export interface AgglomerativeClusteringOptions {
  /** Number of clusters to cut the tree into; null when `distanceThreshold` is set. @defaultValue 2 */
  readonly nClusters?: number | null;
  /** Distance between samples; 'ward' needs 'euclidean'. @defaultValue 'euclidean' */
  readonly metric?: DistanceMetric;
  /**
   * Distance between clusters: 'ward' (merge increasing the within-cluster variance least),
   * 'complete' (largest pairwise distance), 'average' (mean pairwise distance), 'single'
   * (smallest pairwise distance). @defaultValue 'ward'
   */
  readonly linkage?: LinkageCriterion;
  /**
   * Cut the tree at this height instead: merges at a height `>= distanceThreshold` are undone
   * (scikit-learn's rule). Requires `nClusters: null`. @defaultValue null
   */
  readonly distanceThreshold?: number | null;
  /**
   * Kept for scikit-learn compatibility: without a connectivity constraint scikit-learn always
   * builds the full tree, and so does this class (`false` is rejected with `distanceThreshold`).
   * @defaultValue 'auto'
   */
  readonly computeFullTree?: 'auto' | boolean;
  /**
   * Kept for scikit-learn compatibility: merge heights come free with every algorithm here, so
   * `distances` is always available. @defaultValue false
   */
  readonly computeDistances?: boolean;
}

/** Parameters of {@link AgglomerativeClustering} after defaults. */
export type AgglomerativeClusteringParams = Required<AgglomerativeClusteringOptions>;

/** Defaults of {@link AgglomerativeClustering}. */
export const AGGLOMERATIVE_DEFAULTS: Readonly<AgglomerativeClusteringParams> = Object.freeze({
  nClusters: 2,
  metric: 'euclidean',
  linkage: 'ward',
  distanceThreshold: null,
  computeFullTree: 'auto',
  computeDistances: false,
});

/** One merge of the tree, as listed by {@link AgglomerativeClustering.dendrogram}. */
export interface DendrogramMerge {
  /** Node id of the left child (ids below nLeaves are samples; id nLeaves + k is merge k). */
  readonly left: number;
  /** Node id of the right child. */
  readonly right: number;
  /** Merge height (linkage distance). */
  readonly height: number;
  /** Number of samples under the merge. */
  readonly size: number;
  /** Horizontal position of the merge in leaf units (leaf at position i sits at x = i). */
  readonly x: number;
}

/** Plotting data of a fitted tree (what scipy's `dendrogram` computes, without drawing). */
export interface Dendrogram {
  /** Merges in height order; merge k creates node nLeaves + k. */
  readonly merges: readonly DendrogramMerge[];
  /** Sample indices from left to right (left child first at every merge, as scipy). */
  readonly leafOrder: Int32Array;
  /**
   * One U-shaped link per merge, 4 points each, as scipy's `icoord`: x positions of
   * [left foot, left top, right top, right foot] (leaves at 0, 1, 2, ...).
   */
  readonly icoord: readonly (readonly number[])[];
  /** Heights of the same 4 points, as scipy's `dcoord` (a leaf foot is at 0). */
  readonly dcoord: readonly (readonly number[])[];
}

interface AgglomerativeState {
  readonly nFeaturesIn: number;
  readonly nLeaves: number;
  readonly nClustersFound: number;
  readonly labels: Int32Array;
  readonly children: Int32Array;
  readonly distances: Float64Array;
  readonly counts: Int32Array;
}

/**
 * Agglomerative (bottom-up hierarchical) clustering, as scikit-learn's `AgglomerativeClustering`
 * with the trees of `scipy.cluster.hierarchy.linkage`.
 *
 * @remarks
 * Every sample starts as its own cluster; the two closest clusters merge until one is left, and
 * the tree is cut into `nClusters` groups (or where merges reach `distanceThreshold`). Algorithms:
 *
 * - **ward**: the nearest-neighbour chain on cluster centroids (Murtagh 1983; Müllner 2011),
 *   O(n^2 d) time and O(n d) memory (no distance matrix: 20 000 rows fit in a few MB).
 * - **single**: Prim's minimum spanning tree with distances computed on the fly (Gower and Ross
 *   1969), O(n^2 d) time, O(n) memory.
 * - **complete / average**: the nearest-neighbour chain on the condensed n(n-1)/2 distance matrix
 *   (both are reducible linkages, so the chain is exact), O(n^2) time and n(n-1)/2 float64 memory.
 *
 * The chain follows scipy's `nn_chain` scan order and tie-breaking, so `children` and `distances`
 * equal scipy's `linkage(X, method)[:, :3]` (scikit-learn's `children_` and `distances_`), and the
 * cut reproduces scikit-learn's `labels_` (same `_hc_cut` heap order). Data of huge or tiny
 * magnitude is rescaled by a power of two internally (exact), so heights never overflow.
 * References: Müllner (2011), "Modern hierarchical, agglomerative clustering algorithms",
 * arXiv:1109.2378; Ward (1963).
 *
 * @throws {@link InvalidParameterError} from fit on invalid options or conflicting ones
 * @throws {@link ValidationError} from fit with fewer than 2 rows, nClusters above the number of
 *   rows, an all-zero row with metric 'cosine', or a distance matrix too large to allocate
 * @example
 * ```ts
 * import { AgglomerativeClustering } from 'segmentkit';
 * const hc = new AgglomerativeClustering({ nClusters: 2 }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]);
 * console.log(Array.from(hc.labels)); // [1, 1, 0, 0]
 * console.log(Array.from(hc.distances)); // [1, 1, 10]
 * ```
 */
export class AgglomerativeClustering
  extends BaseEstimator<AgglomerativeClusteringParams, AgglomerativeState>
  implements Clusterer
{
  /** Stable type name. */
  static readonly estimatorType = 'AgglomerativeClustering';
  /** Defaults of every parameter. */
  static readonly defaults = AGGLOMERATIVE_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<AgglomerativeClusteringParams> = {
    nClusters: [int({ min: 1 }), isNull],
    metric: [oneOf('euclidean', 'manhattan', 'cosine')],
    linkage: [oneOf('ward', 'complete', 'average', 'single')],
    distanceThreshold: [num({ min: 0 }), isNull],
    computeFullTree: [oneOf('auto'), bool],
    computeDistances: [bool],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    nLeaves: field.int({ min: 2 }),
    nClustersFound: field.int({ min: 1 }),
    labels: field.int32(),
    children: field.int32(),
    distances: field.float64(),
    counts: field.int32(),
  };

  /** @param options - see {@link AgglomerativeClusteringOptions} */
  constructor(options: AgglomerativeClusteringOptions = {}) {
    super(AGGLOMERATIVE_DEFAULTS, options);
  }

  /**
   * Builds the tree over the rows of X and cuts it.
   *
   * @param X - training data, n x d (n >= 2)
   * @param options - `signal` (AbortSignal, checked between phases)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const { nClusters, metric, linkage, distanceThreshold, computeFullTree } = this.params;
    const name = this.estimatorType;
    if ((nClusters === null) === (distanceThreshold === null)) {
      throw new InvalidParameterError('nClusters', messages.hierarchical.exactlyOne(name, nClusters, distanceThreshold));
    }
    if (linkage === 'ward' && metric !== 'euclidean') {
      throw new InvalidParameterError('metric', messages.hierarchical.wardMetric(name, metric));
    }
    if (distanceThreshold !== null && computeFullTree === false) {
      throw new InvalidParameterError('computeFullTree', messages.hierarchical.fullTree(name));
    }
    const m = this.checkInput(X, { minSamples: 2 });
    const { rows: n, cols: d } = m;
    if (nClusters !== null && nClusters > n) {
      throw new ValidationError(messages.hierarchical.tooManyClusters(name, nClusters, n));
    }
    if (metric === 'cosine') {
      const z = firstZeroRow(m.data, n, d);
      if (z >= 0) throw new ValidationError(messages.density.zeroRow(name, 'X', z), { row: z });
    }
    throwIfAborted(options.signal, name);
    const tree = buildLinkage(m.data, n, d, linkage, metric, name);
    throwIfAborted(options.signal, name);
    let k = nClusters ?? 1;
    if (distanceThreshold !== null) {
      k = 1;
      for (let i = 0; i < n - 1; i++) if ((tree.distances[i] as number) >= distanceThreshold) k++;
    }
    const labels = cutTree(tree.children, n, k);
    const warnings = new WarningCollector(name);
    return this.commit(
      { nFeaturesIn: d, nLeaves: n, nClustersFound: k, labels, children: tree.children, distances: tree.distances, counts: tree.counts },
      warnings.flush(),
    );
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /** Cluster of each training row (0 .. nClustersFound - 1). @throws {@link NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /**
   * The merges, (n - 1) x 2 node ids in scikit-learn's `children_` / scipy's layout: ids below
   * nLeaves are samples, id nLeaves + k is the cluster formed by merge k; smaller id first.
   */
  get children(): [number, number][] {
    const c = this.fitted('children').children;
    const out: [number, number][] = new Array(c.length / 2);
    for (let k = 0; k < out.length; k++) out[k] = [c[2 * k] as number, c[2 * k + 1] as number];
    return out;
  }

  /** Height of each merge (scikit-learn's `distances_`, scipy's `Z[:, 2]`), non-decreasing. */
  get distances(): Float64Array {
    return this.fitted('distances').distances.slice();
  }

  /** Number of samples under each merge (scipy's `Z[:, 3]`). */
  get counts(): Int32Array {
    return this.fitted('counts').counts.slice();
  }

  /** Number of leaves (training rows). */
  get nLeaves(): number {
    return this.fitted('nLeaves').nLeaves;
  }

  /** Number of clusters of the cut (scikit-learn's `n_clusters_`): nClusters, or the count found at distanceThreshold. */
  get nClustersFound(): number {
    return this.fitted('nClustersFound').nClustersFound;
  }

  /**
   * Plotting data for a dendrogram: merges with heights and sizes, the leaf order, and scipy-style
   * link coordinates. O(n).
   *
   * @example
   * ```ts
   * import { AgglomerativeClustering } from 'segmentkit';
   * const hc = new AgglomerativeClustering({ linkage: 'single' }).fit([[0], [10], [1]]);
   * const dg = hc.dendrogram();
   * console.log(Array.from(dg.leafOrder), dg.merges[1].height); // [1, 0, 2] 9
   * ```
   */
  dendrogram(): Dendrogram {
    const s = this.fitted('dendrogram');
    const n = s.nLeaves;
    const c = s.children;
    const leafOrder = new Int32Array(n);
    // Depth-first from the root, left child first.
    const stack = new Int32Array(n);
    let top = 0;
    let pos = 0;
    stack[top++] = 2 * n - 2;
    while (top > 0) {
      const node = stack[--top] as number;
      if (node < n) {
        leafOrder[pos++] = node;
      } else {
        stack[top++] = c[2 * (node - n) + 1] as number;
        stack[top++] = c[2 * (node - n)] as number;
      }
    }
    const x = new Float64Array(2 * n - 1);
    for (let p = 0; p < n; p++) x[leafOrder[p] as number] = p;
    const height = (node: number): number => (node < n ? 0 : (s.distances[node - n] as number));
    const merges: DendrogramMerge[] = [];
    const icoord: number[][] = [];
    const dcoord: number[][] = [];
    for (let k = 0; k < n - 1; k++) {
      const l = c[2 * k] as number;
      const r = c[2 * k + 1] as number;
      const h = s.distances[k] as number;
      x[n + k] = ((x[l] as number) + (x[r] as number)) / 2;
      merges.push({ left: l, right: r, height: h, size: s.counts[k] as number, x: x[n + k] as number });
      icoord.push([x[l] as number, x[l] as number, x[r] as number, x[r] as number]);
      dcoord.push([height(l), h, h, height(r)]);
    }
    return { merges, leafOrder, icoord, dcoord };
  }

  protected override checkState(s: AgglomerativeState): void {
    const n = s.nLeaves;
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    };
    if (s.labels.length !== n) bad(`labels has length ${s.labels.length}, expected nLeaves = ${n}.`);
    if (s.children.length !== 2 * (n - 1)) bad(`children has length ${s.children.length}, expected 2 (nLeaves - 1) = ${2 * (n - 1)}.`);
    if (s.distances.length !== n - 1 || s.counts.length !== n - 1) bad(`distances and counts need nLeaves - 1 = ${n - 1} entries.`);
    if (s.nClustersFound > n) bad(`nClustersFound = ${s.nClustersFound} exceeds nLeaves = ${n}.`);
    for (let k = 0; k < n - 1; k++) {
      const a = s.children[2 * k] as number;
      const b = s.children[2 * k + 1] as number;
      if (a < 0 || b < 0 || a >= n + k || b >= n + k || a === b) bad(`children[${k}] = [${a}, ${b}] is not a valid merge.`);
    }
    for (let i = 0; i < n; i++) {
      const l = s.labels[i] as number;
      if (l < 0 || l >= s.nClustersFound) bad(`labels[${i}] = ${l} is not a cluster index.`);
    }
  }
}

/**
 * The linkage of the rows of X (scipy's layout), after a power-of-two rescale that keeps distances
 * of huge or tiny data finite; heights are scaled back.
 */
function buildLinkage(data: Float64Array, n: number, d: number, linkage: LinkageCriterion, metric: DistanceMetric, name: string): Linkage {
  const s = safeScale(data);
  const X = scaleData(data, s);
  let tree: Linkage;
  if (linkage === 'ward') {
    tree = wardChain(X, n, d);
  } else if (linkage === 'single') {
    const mst = primMst(X, n, d, metric);
    tree = sortAndLabel(n, mst.from, mst.to, mst.weight);
  } else {
    let D: Float64Array;
    try {
      D = condensedDistances(X, n, d, metric);
    } catch (err) {
      if (err instanceof RangeError) throw new ValidationError(messages.hierarchical.matrixTooLarge(name, linkage, n));
      throw err;
    }
    tree = condensedChain(D, n, linkage);
  }
  if (s !== 1 && metric !== 'cosine') for (let k = 0; k < n - 1; k++) tree.distances[k] = (tree.distances[k] as number) * s;
  return tree;
}

/**
 * Cuts a tree into k clusters as scikit-learn's `_hc_cut`: split the highest remaining merge k - 1
 * times, with Python's heapq order, then number the clusters by their heap position.
 */
function cutTree(children: Int32Array, n: number, k: number): Int32Array {
  // Min-heap of negated node ids (largest node id on top), exactly as heapq.
  const heap: number[] = [-(2 * n - 2)];
  for (let step = 0; step < k - 1; step++) {
    const node = -(heap[0] as number);
    const c0 = children[2 * (node - n)] as number;
    const c1 = children[2 * (node - n) + 1] as number;
    heapPush(heap, -c0);
    heapPushPop(heap, -c1);
  }
  const labels = new Int32Array(n);
  const stack = new Int32Array(n);
  for (let i = 0; i < heap.length; i++) {
    let top = 0;
    stack[top++] = -(heap[i] as number);
    while (top > 0) {
      const node = stack[--top] as number;
      if (node < n) {
        labels[node] = i;
      } else {
        stack[top++] = children[2 * (node - n)] as number;
        stack[top++] = children[2 * (node - n) + 1] as number;
      }
    }
  }
  return labels;
}

function siftDownHeapq(heap: number[], start: number, pos: number): void {
  const item = heap[pos] as number;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos] as number;
    if (item < parent) {
      heap[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

function siftUpHeapq(heap: number[], pos: number): void {
  const end = heap.length;
  const start = pos;
  const item = heap[pos] as number;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !((heap[child] as number) < (heap[right] as number))) child = right;
    heap[pos] = heap[child] as number;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDownHeapq(heap, start, pos);
}

function heapPush(heap: number[], item: number): void {
  heap.push(item);
  siftDownHeapq(heap, 0, heap.length - 1);
}

function heapPushPop(heap: number[], item: number): number {
  if (heap.length > 0 && (heap[0] as number) < item) {
    const top = heap[0] as number;
    heap[0] = item;
    siftUpHeapq(heap, 0);
    return top;
  }
  return item;
}
