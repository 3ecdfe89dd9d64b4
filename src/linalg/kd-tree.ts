/**
 * A KD-tree on flat arrays for radius and k-nearest-neighbour queries (DBSCAN, HDBSCAN core
 * distances), in the layout of scikit-learn's `KDTree`.
 *
 * @packageDocumentation
 */
import type { Matrix } from '../core/matrix.js';

/**
 * Which points of a {@link KDTree} are still active, for masked radius queries. Made by
 * {@link KDTree.createMask}; update it with {@link KDTree.deactivate} only.
 */
export interface KDTreeMask {
  /** Active points under each node. */
  readonly nodeActive: Int32Array;
  /** 1 when the point at each tree position is active. */
  readonly pointActive: Uint8Array;
  /** Tree position of each original row. */
  readonly position: Int32Array;
}

/** Metrics a {@link KDTree} answers queries for. */
export type KDTreeMetric = 'euclidean' | 'manhattan';

/** Options of {@link KDTree}. */
export interface KDTreeOptions {
  /** Most points per leaf (scikit-learn's `leaf_size`). @defaultValue 40 */
  readonly leafSize?: number;
  /** Query metric. @defaultValue 'euclidean' */
  readonly metric?: KDTreeMetric;
}

/**
 * A static KD-tree over the rows of a matrix.
 *
 * @remarks
 * Built once in O(n d log n): a complete binary tree of 2^L - 1 nodes with
 * L = 1 + floor(log2(max(1, (n - 1) / leafSize))) levels (as scikit-learn), each node splitting its
 * points at the median of the dimension of largest spread (3-way quickselect, so duplicated
 * coordinates cost nothing extra). The rows are copied in tree order (`treeData`, `index` maps a
 * tree position back to the row), and every node keeps its bounding box, so a query prunes nodes
 * whose box is farther than the radius and takes whole nodes whose box is inside it without
 * looking at their points. Queries run on an explicit stack and write into caller buffers: no
 * allocation per query. Memory: the copy of the data plus O(n d / leafSize) for boxes.
 *
 * Euclidean queries compare squared distances with `radius * radius`, summed in column order,
 * exactly as scikit-learn's `KDTree.query_radius` (so points at distance exactly `radius` are
 * inside, and borderline results agree bit for bit).
 *
 * References: Bentley (1975), "Multidimensional binary search trees used for associative
 * searching"; Friedman, Bentley and Finkel (1977) for the kNN search.
 *
 * @example
 * ```ts
 * import { KDTree, matrix } from 'segmentkit';
 * const tree = new KDTree(matrix(4, 1, new Float64Array([0, 1, 2, 10])), { leafSize: 1 });
 * const out = new Int32Array(4);
 * const found = tree.queryRadius(new Float64Array([0.5]), 0, 1, out);
 * console.log(Array.from(out.subarray(0, found)).sort()); // [0, 1]
 * ```
 */
export class KDTree {
  /** Number of points. */
  readonly size: number;
  /** Number of dimensions. */
  readonly dim: number;
  /** Most points per leaf. */
  readonly leafSize: number;
  /** Query metric. */
  readonly metric: KDTreeMetric;
  /** The points in tree order (row p is original row `index[p]`). Read-only by contract. */
  readonly treeData: Float64Array;
  /** Original row of each tree position. Read-only by contract. */
  readonly index: Int32Array;
  readonly #nNodes: number;
  readonly #firstLeaf: number;
  readonly #start: Int32Array;
  readonly #end: Int32Array;
  readonly #lower: Float64Array;
  readonly #upper: Float64Array;
  readonly #stack: Int32Array;
  readonly #bound: Float64Array;

  /**
   * Builds the tree over the rows of X (copied; X is not kept or mutated).
   *
   * @throws RangeError when leafSize is not a positive integer or X is empty.
   */
  constructor(X: Matrix, options: KDTreeOptions = {}) {
    const leafSize = options.leafSize ?? 40;
    if (!Number.isInteger(leafSize) || leafSize < 1) throw new RangeError(`KDTree leafSize must be a positive integer, got ${leafSize}.`);
    const n = X.rows;
    const d = X.cols;
    if (n < 1 || d < 1) throw new RangeError(`KDTree needs at least one point with one dimension, got ${n} x ${d}.`);
    this.size = n;
    this.dim = d;
    this.leafSize = leafSize;
    this.metric = options.metric ?? 'euclidean';
    const levels = Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize))) + 1;
    const nNodes = 2 ** levels - 1;
    this.#nNodes = nNodes;
    this.#firstLeaf = (nNodes - 1) / 2;
    const start = new Int32Array(nNodes);
    const end = new Int32Array(nNodes);
    const lower = new Float64Array(nNodes * d);
    const upper = new Float64Array(nNodes * d);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const src = X.data;
    end[0] = n;
    for (let node = 0; node < nNodes; node++) {
      const s = start[node] as number;
      const e = end[node] as number;
      const nb = node * d;
      for (let j = 0; j < d; j++) {
        lower[nb + j] = Infinity;
        upper[nb + j] = -Infinity;
      }
      for (let p = s; p < e; p++) {
        const r = (idx[p] as number) * d;
        for (let j = 0; j < d; j++) {
          const v = src[r + j] as number;
          if (v < (lower[nb + j] as number)) lower[nb + j] = v;
          if (v > (upper[nb + j] as number)) upper[nb + j] = v;
        }
      }
      const left = 2 * node + 1;
      if (left >= nNodes) continue;
      const mid = s + ((e - s) >> 1);
      if (e - s >= 2) {
        let dimSplit = 0;
        let spread = -1;
        for (let j = 0; j < d; j++) {
          const w = (upper[nb + j] as number) - (lower[nb + j] as number);
          if (w > spread) {
            spread = w;
            dimSplit = j;
          }
        }
        selectNth(idx, src, d, dimSplit, s, e - 1, mid);
      }
      start[left] = s;
      end[left] = mid;
      start[left + 1] = mid;
      end[left + 1] = e;
    }
    const treeData = new Float64Array(n * d);
    for (let p = 0; p < n; p++) treeData.set(src.subarray((idx[p] as number) * d, (idx[p] as number) * d + d), p * d);
    this.treeData = treeData;
    this.index = idx;
    this.#start = start;
    this.#end = end;
    this.#lower = lower;
    this.#upper = upper;
    this.#stack = new Int32Array(2 * levels + 4);
    this.#bound = new Float64Array(2 * levels + 4);
  }

  /** Reduced distance (squared for Euclidean) from the query to the nearest point of a node's box. */
  #minReduced(q: Float64Array, qOff: number, node: number): number {
    const d = this.dim;
    const nb = node * d;
    const lo = this.#lower;
    const hi = this.#upper;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let j = 0; j < d; j++) {
        const v = q[qOff + j] as number;
        const a = (lo[nb + j] as number) - v;
        const b = v - (hi[nb + j] as number);
        const t = a > b ? a : b;
        if (t > 0) s += t * t;
      }
    } else {
      for (let j = 0; j < d; j++) {
        const v = q[qOff + j] as number;
        const a = (lo[nb + j] as number) - v;
        const b = v - (hi[nb + j] as number);
        const t = a > b ? a : b;
        if (t > 0) s += t;
      }
    }
    return s;
  }

  /** Reduced distance from the query to the farthest corner of a node's box. */
  #maxReduced(q: Float64Array, qOff: number, node: number): number {
    const d = this.dim;
    const nb = node * d;
    const lo = this.#lower;
    const hi = this.#upper;
    const euclid = this.metric === 'euclidean';
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qOff + j] as number;
      const a = Math.abs(v - (lo[nb + j] as number));
      const b = Math.abs((hi[nb + j] as number) - v);
      const t = a > b ? a : b;
      s += euclid ? t * t : t;
    }
    return s;
  }

  /** Reduced distance from the query to tree position p. */
  #pointReduced(q: Float64Array, qOff: number, p: number): number {
    const d = this.dim;
    const x = this.treeData;
    const b = p * d;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let j = 0; j < d; j++) {
        const t = (q[qOff + j] as number) - (x[b + j] as number);
        s += t * t;
      }
    } else {
      for (let j = 0; j < d; j++) s += Math.abs((q[qOff + j] as number) - (x[b + j] as number));
    }
    return s;
  }

  /**
   * Whether tree position p is within reduced distance r of the query. Same sum in the same order
   * as {@link KDTree.#pointReduced}, but gives up once a partial sum (every 4 columns) exceeds r:
   * partial sums only grow, so the answer is the same.
   */
  #pointWithin(q: Float64Array, qOff: number, p: number, r: number): boolean {
    const d = this.dim;
    const x = this.treeData;
    const b = p * d;
    let s = 0;
    let j = 0;
    if (this.metric === 'euclidean') {
      while (j < d) {
        const stop = j + 4 < d ? j + 4 : d;
        for (; j < stop; j++) {
          const t = (q[qOff + j] as number) - (x[b + j] as number);
          s += t * t;
        }
        if (s > r) return false;
      }
    } else {
      while (j < d) {
        const stop = j + 4 < d ? j + 4 : d;
        for (; j < stop; j++) s += Math.abs((q[qOff + j] as number) - (x[b + j] as number));
        if (s > r) return false;
      }
    }
    return true;
  }

  /** The radius in reduced units (squared for Euclidean, as scikit-learn's `_dist_to_rdist`). */
  #reduce(radius: number): number {
    return this.metric === 'euclidean' ? radius * radius : radius;
  }

  /**
   * Writes the original row indices of every point within `radius` of the query (distance
   * `<= radius`) into `out` and returns how many there are. With a `mask` (from
   * {@link KDTree.createMask}), only points still active are reported, and subtrees without
   * active points are skipped without computing any distance.
   *
   * @param q - array holding the query point
   * @param qOff - offset of the query's first coordinate in `q` (row i of a matrix: `i * d`)
   * @param radius - query radius, in the tree's metric
   * @param out - buffer of length at least `size` (the query may return every point)
   * @param mask - optional set of active points
   */
  queryRadius(q: Float64Array, qOff: number, radius: number, out: Int32Array, mask?: KDTreeMask): number {
    const r = this.#reduce(radius);
    const stack = this.#stack;
    const start = this.#start;
    const end = this.#end;
    const index = this.index;
    const nodeActive = mask?.nodeActive;
    const pointActive = mask?.pointActive;
    let top = 0;
    let count = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top] as number;
      const s = start[node] as number;
      const e = end[node] as number;
      if (s === e || (nodeActive !== undefined && nodeActive[node] === 0) || this.#minReduced(q, qOff, node) > r) continue;
      if (this.#maxReduced(q, qOff, node) <= r) {
        if (pointActive === undefined) for (let p = s; p < e; p++) out[count++] = index[p] as number;
        else for (let p = s; p < e; p++) if (pointActive[p] === 1) out[count++] = index[p] as number;
      } else if (node >= this.#firstLeaf) {
        for (let p = s; p < e; p++) {
          if ((pointActive === undefined || pointActive[p] === 1) && this.#pointWithin(q, qOff, p, r)) out[count++] = index[p] as number;
        }
      } else {
        stack[top++] = 2 * node + 2;
        stack[top++] = 2 * node + 1;
      }
    }
    return count;
  }

  /**
   * Number of points within `radius` of the query (distance `<= radius`), or, when `cumWeights`
   * (from {@link KDTree.cumulativeWeights}) is given, the sum of their weights. Nodes inside the
   * ball count in O(1), and the search stops as soon as the count reaches `limit` (so "has this
   * point at least k neighbours?" costs about k points, not the whole neighbourhood); the nearer
   * child of every node is searched first.
   *
   * @param limit - stop once the count is at least this. @defaultValue Infinity
   */
  countRadius(q: Float64Array, qOff: number, radius: number, cumWeights?: Float64Array, limit = Infinity): number {
    const r = this.#reduce(radius);
    const stack = this.#stack;
    const bound = this.#bound;
    const start = this.#start;
    const end = this.#end;
    let top = 0;
    let count = 0;
    stack[top] = 0;
    bound[top++] = this.#minReduced(q, qOff, 0);
    while (top > 0) {
      const node = stack[--top] as number;
      if ((bound[top] as number) > r) continue;
      const s = start[node] as number;
      const e = end[node] as number;
      if (s === e) continue;
      if (this.#maxReduced(q, qOff, node) <= r) {
        count += cumWeights ? (cumWeights[e] as number) - (cumWeights[s] as number) : e - s;
      } else if (node >= this.#firstLeaf) {
        for (let p = s; p < e; p++) {
          if (this.#pointWithin(q, qOff, p, r)) count += cumWeights ? (cumWeights[p + 1] as number) - (cumWeights[p] as number) : 1;
        }
      } else {
        const l = 2 * node + 1;
        const dl = this.#minReduced(q, qOff, l);
        const dr = this.#minReduced(q, qOff, l + 1);
        if (dl <= dr) {
          if (dr <= r) {
            stack[top] = l + 1;
            bound[top++] = dr;
          }
          if (dl <= r) {
            stack[top] = l;
            bound[top++] = dl;
          }
        } else {
          if (dl <= r) {
            stack[top] = l;
            bound[top++] = dl;
          }
          if (dr <= r) {
            stack[top] = l + 1;
            bound[top++] = dr;
          }
        }
      }
      if (count >= limit) return count;
    }
    return count;
  }

  /**
   * A fresh mask with every point active, for {@link KDTree.queryRadius} searches that should skip
   * points already dealt with (DBSCAN's expansion): O(number of nodes + n).
   */
  createMask(): KDTreeMask {
    const nodeActive = new Int32Array(this.#nNodes);
    for (let node = 0; node < this.#nNodes; node++) nodeActive[node] = (this.#end[node] as number) - (this.#start[node] as number);
    const where = new Int32Array(this.size);
    for (let p = 0; p < this.size; p++) where[this.index[p] as number] = p;
    return { nodeActive, pointActive: new Uint8Array(this.size).fill(1), position: where };
  }

  /** Marks original row `row` inactive in `mask` (idempotent). O(log n). */
  deactivate(mask: KDTreeMask, row: number): void {
    const p = mask.position[row] as number;
    if (mask.pointActive[p] === 0) return;
    mask.pointActive[p] = 0;
    let node = 0;
    for (;;) {
      mask.nodeActive[node] = (mask.nodeActive[node] as number) - 1;
      const l = 2 * node + 1;
      if (l >= this.#nNodes) break;
      node = p < (this.#end[l] as number) ? l : l + 1;
    }
  }

  /**
   * Prefix sums of per-row weights in tree order (length size + 1), for weighted
   * {@link KDTree.countRadius}.
   */
  cumulativeWeights(weights: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.size + 1);
    for (let p = 0; p < this.size; p++) out[p + 1] = (out[p] as number) + (weights[this.index[p] as number] as number);
    return out;
  }

  /**
   * The k nearest points of the query (the query itself included when it is one of the points),
   * nearest first: distances into `outDist`, original row indices into `outIdx` (both of length at
   * least k). Ties are broken arbitrarily.
   *
   * @throws RangeError when k is not in [1, size].
   */
  queryKnn(q: Float64Array, qOff: number, k: number, outDist: Float64Array, outIdx: Int32Array): void {
    if (!Number.isInteger(k) || k < 1 || k > this.size) throw new RangeError(`KDTree.queryKnn needs k in [1, ${this.size}], got ${k}.`);
    // Max-heap of the k best (reduced distance, tree position) in outDist/outIdx.
    for (let i = 0; i < k; i++) {
      outDist[i] = Infinity;
      outIdx[i] = -1;
    }
    const stack = this.#stack;
    const bound = this.#bound;
    const start = this.#start;
    const end = this.#end;
    let top = 0;
    stack[top] = 0;
    bound[top++] = this.#minReduced(q, qOff, 0);
    while (top > 0) {
      top--;
      const node = stack[top] as number;
      if ((bound[top] as number) > (outDist[0] as number)) continue;
      const s = start[node] as number;
      const e = end[node] as number;
      if (s === e) continue;
      if (node >= this.#firstLeaf) {
        for (let p = s; p < e; p++) {
          const dist = this.#pointReduced(q, qOff, p);
          if (dist < (outDist[0] as number)) heapReplaceTop(outDist, outIdx, k, dist, p);
        }
      } else {
        const l = 2 * node + 1;
        const dl = this.#minReduced(q, qOff, l);
        const dr = this.#minReduced(q, qOff, l + 1);
        // Push the farther child first so the nearer one is explored first.
        if (dl <= dr) {
          stack[top] = l + 1;
          bound[top++] = dr;
          stack[top] = l;
          bound[top++] = dl;
        } else {
          stack[top] = l;
          bound[top++] = dl;
          stack[top] = l + 1;
          bound[top++] = dr;
        }
      }
    }
    // Heap-sort in place into ascending order, then map to rows and true distances.
    for (let m = k - 1; m > 0; m--) {
      const td = outDist[0] as number;
      const ti = outIdx[0] as number;
      outDist[0] = outDist[m] as number;
      outIdx[0] = outIdx[m] as number;
      outDist[m] = td;
      outIdx[m] = ti;
      siftDown(outDist, outIdx, m, 0);
    }
    const euclid = this.metric === 'euclidean';
    for (let i = 0; i < k; i++) {
      outIdx[i] = this.index[outIdx[i] as number] as number;
      if (euclid) outDist[i] = Math.sqrt(outDist[i] as number);
    }
  }
}

function siftDown(dist: Float64Array, idx: Int32Array, size: number, from: number): void {
  let i = from;
  const v = dist[i] as number;
  const vi = idx[i] as number;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && (dist[r] as number) > (dist[l] as number) ? r : l;
    if ((dist[c] as number) <= v) break;
    dist[i] = dist[c] as number;
    idx[i] = idx[c] as number;
    i = c;
  }
  dist[i] = v;
  idx[i] = vi;
}

function heapReplaceTop(dist: Float64Array, idx: Int32Array, size: number, value: number, item: number): void {
  dist[0] = value;
  idx[0] = item;
  siftDown(dist, idx, size, 0);
}

/**
 * Partially sorts idx[lo..hi] (inclusive) by the coordinate `dim` of the rows they point to, so
 * that position k holds the element of rank k, smaller-or-equal ones before it, larger-or-equal
 * after. 3-way partitioning with a median-of-three pivot: O(range) expected, also with many ties.
 */
function selectNth(idx: Int32Array, X: Float64Array, d: number, dim: number, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const a = X[(idx[lo] as number) * d + dim] as number;
    const b = X[(idx[(lo + hi) >> 1] as number) * d + dim] as number;
    const c = X[(idx[hi] as number) * d + dim] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = X[(idx[i] as number) * d + dim] as number;
      if (v < pivot) {
        const t = idx[lt] as number;
        idx[lt++] = idx[i] as number;
        idx[i++] = t;
      } else if (v > pivot) {
        const t = idx[gt] as number;
        idx[gt--] = idx[i] as number;
        idx[i] = t;
      } else {
        i++;
      }
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}
