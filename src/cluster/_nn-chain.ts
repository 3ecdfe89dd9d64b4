/**
 * Private hierarchical-clustering kernels: the nearest-neighbour chain (Murtagh 1983; Müllner 2011)
 * for Ward on centroids and for complete/average linkage on a condensed distance matrix, and the
 * conversion of an unordered merge list into scipy's linkage layout.
 *
 * They follow scipy's `_hierarchy.nn_chain` step for step (same scan order and tie-breaking), so
 * the trees agree with `scipy.cluster.hierarchy.linkage` merge for merge.
 *
 * @internal
 * @packageDocumentation
 */

/** A linkage in scipy's layout: merge k joins nodes `children[2k]` < `children[2k+1]` at `distances[k]`. */
export interface Linkage {
  /** (n - 1) x 2 node ids, row-major: ids < n are samples, id n + k is the cluster of merge k. */
  readonly children: Int32Array;
  /** Merge heights, non-decreasing. */
  readonly distances: Float64Array;
  /** Number of samples under each merge. */
  readonly counts: Int32Array;
}

/** Linkages the condensed-matrix chain supports (both reducible, so the chain is exact). */
export type ChainLinkage = 'complete' | 'average';

/**
 * Sorts raw merges (slot ids, heights) by height with a stable sort and relabels them into scipy's
 * layout with a union-find (scipy's `label`): each side becomes the id of the cluster holding that
 * sample, smaller id first; the merge of row k gets id n + k. O(n log n).
 */
export function sortAndLabel(n: number, rawA: Int32Array, rawB: Int32Array, rawH: Float64Array): Linkage {
  const m = n - 1;
  const order = stableArgsort(rawH, m);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) size[i] = 1;
  const children = new Int32Array(2 * m);
  const distances = new Float64Array(m);
  const counts = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const o = order[k] as number;
    const x = find(parent, rawA[o] as number);
    const y = find(parent, rawB[o] as number);
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    children[2 * k] = lo;
    children[2 * k + 1] = hi;
    distances[k] = rawH[o] as number;
    const node = n + k;
    parent[x] = node;
    parent[y] = node;
    size[node] = (size[x] as number) + (size[y] as number);
    counts[k] = size[node] as number;
  }
  return { children, distances, counts };
}

function find(parent: Int32Array, x: number): number {
  let r = x;
  while ((parent[r] as number) !== r) r = parent[r] as number;
  // Path compression.
  let c = x;
  while ((parent[c] as number) !== r) {
    const next = parent[c] as number;
    parent[c] = r;
    c = next;
  }
  return r;
}

/** Indices 0..m-1 sorted by `keys` ascending, ties in index order (a merge sort, as numpy's 'mergesort'). */
export function stableArgsort(keys: Float64Array, m: number): Int32Array {
  let a = new Int32Array(m);
  let b = new Int32Array(m);
  for (let i = 0; i < m; i++) a[i] = i;
  for (let width = 1; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) {
        if ((keys[a[j] as number] as number) < (keys[a[i] as number] as number)) b[o++] = a[j++] as number;
        else b[o++] = a[i++] as number;
      }
      while (i < mid) b[o++] = a[i++] as number;
      while (j < hi) b[o++] = a[j++] as number;
    }
    const t = a;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Ward linkage by the nearest-neighbour chain on cluster centroids.
 *
 * @remarks
 * The Ward distance of clusters A and B is sqrt(2 |A| |B| / (|A| + |B|)) ||c_A - c_B||, which is
 * what scipy's Lance-Williams recursion computes from Euclidean distances, so heights equal
 * scipy's `linkage(X, 'ward')` to rounding. Distances are recomputed from centroids on the fly:
 * O(n^2 d) time (the chain makes at most 3n nearest-neighbour scans over the active clusters) and
 * O(n d) memory, instead of scipy's n(n-1)/2 matrix. Singleton distances are computed from the
 * raw rows exactly as scipy's `pdist`, so exact ties (integer or rounded data) resolve as in scipy.
 * `X` is not mutated.
 */
export function wardChain(X: Float64Array, n: number, d: number): Linkage {
  // Centroids start as the rows themselves, so singleton distances are bit-identical to scipy's pdist.
  const c = X.slice();
  const size = new Float64Array(n).fill(1);
  const active = new Int32Array(n);
  for (let i = 0; i < n; i++) active[i] = i;
  let nActive = n;
  const chain = new Int32Array(n);
  let chainLength = 0;
  const rawA = new Int32Array(n - 1);
  const rawB = new Int32Array(n - 1);
  const rawH = new Float64Array(n - 1);
  const scratch = new Float64Array(1);
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      chain[0] = active[0] as number;
      chainLength = 1;
    }
    let x = 0;
    let y = 0;
    let currentMin = Infinity;
    for (;;) {
      x = chain[chainLength - 1] as number;
      const sx = size[x] as number;
      const xb = x * d;
      if (chainLength > 1) {
        y = chain[chainLength - 2] as number;
        currentMin = wardSq(c, xb, (y as number) * d, d, sx, size[y] as number);
      } else {
        currentMin = Infinity;
      }
      scratch[0] = currentMin;
      y = wardScan(c, size, active, nActive, x, d, y, scratch);
      currentMin = scratch[0] as number;
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x] as number;
    const ny = size[y] as number;
    rawA[k] = x;
    rawB[k] = y;
    rawH[k] = Math.sqrt(currentMin);
    const xb = x * d;
    const yb = y * d;
    for (let j = 0; j < d; j++) c[yb + j] = (nx * (c[xb + j] as number) + ny * (c[yb + j] as number)) / (nx + ny);
    size[x] = 0;
    size[y] = nx + ny;
    nActive = removeSorted(active, nActive, x);
  }
  return sortAndLabel(n, rawA, rawB, rawH);
}

/**
 * Nearest active cluster of x under the Ward criterion, starting from the candidate `y` at
 * `best[0]`; returns the winner and leaves its squared Ward distance in `best[0]`. Scans in
 * ascending id order with strict `<` (scipy's tie rule). Four candidates run side by side, each
 * summing its coordinates in column order, so rounding is that of the plain loop while four
 * independent add chains keep the CPU busy.
 */
function wardScan(
  c: Float64Array,
  size: Float64Array,
  active: Int32Array,
  nActive: number,
  x: number,
  d: number,
  y: number,
  best: Float64Array,
): number {
  const xb = x * d;
  const sx = size[x] as number;
  let currentMin = best[0] as number;
  let a = 0;
  for (; a + 3 < nActive; a += 4) {
    const i0 = active[a] as number;
    const i1 = active[a + 1] as number;
    const i2 = active[a + 2] as number;
    const i3 = active[a + 3] as number;
    const b0 = i0 * d;
    const b1 = i1 * d;
    const b2 = i2 * d;
    const b3 = i3 * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < d; j++) {
      const v = c[xb + j] as number;
      const t0 = v - (c[b0 + j] as number);
      const t1 = v - (c[b1 + j] as number);
      const t2 = v - (c[b2 + j] as number);
      const t3 = v - (c[b3 + j] as number);
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    let si = size[i0] as number;
    let dist = ((2 * sx * si) / (sx + si)) * s0;
    if (dist < currentMin && i0 !== x) {
      currentMin = dist;
      y = i0;
    }
    si = size[i1] as number;
    dist = ((2 * sx * si) / (sx + si)) * s1;
    if (dist < currentMin && i1 !== x) {
      currentMin = dist;
      y = i1;
    }
    si = size[i2] as number;
    dist = ((2 * sx * si) / (sx + si)) * s2;
    if (dist < currentMin && i2 !== x) {
      currentMin = dist;
      y = i2;
    }
    si = size[i3] as number;
    dist = ((2 * sx * si) / (sx + si)) * s3;
    if (dist < currentMin && i3 !== x) {
      currentMin = dist;
      y = i3;
    }
  }
  for (; a < nActive; a++) {
    const i = active[a] as number;
    if (i === x) continue;
    const si = size[i] as number;
    const ib = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = (c[xb + j] as number) - (c[ib + j] as number);
      s += t * t;
    }
    const dist = ((2 * sx * si) / (sx + si)) * s;
    if (dist < currentMin) {
      currentMin = dist;
      y = i;
    }
  }
  best[0] = currentMin;
  return y;
}

function wardSq(c: Float64Array, xb: number, yb: number, d: number, sx: number, sy: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = (c[xb + j] as number) - (c[yb + j] as number);
    s += t * t;
  }
  return ((2 * sx * sy) / (sx + sy)) * s;
}

/** Removes `value` from the sorted prefix active[0..len) keeping order; returns the new length. */
function removeSorted(active: Int32Array, len: number, value: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((active[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  active.copyWithin(lo, lo + 1, len);
  return len - 1;
}

/**
 * Complete or average linkage by the nearest-neighbour chain on a condensed distance matrix
 * (scipy's `nn_chain`, Lance-Williams updates in place). `D` is overwritten.
 *
 * @remarks O(n^2) time after the matrix, n(n-1)/2 float64 memory (the matrix itself).
 */
export function condensedChain(D: Float64Array, n: number, method: ChainLinkage): Linkage {
  const size = new Float64Array(n).fill(1);
  const active = new Int32Array(n);
  for (let i = 0; i < n; i++) active[i] = i;
  let nActive = n;
  const chain = new Int32Array(n);
  let chainLength = 0;
  const rawA = new Int32Array(n - 1);
  const rawB = new Int32Array(n - 1);
  const rawH = new Float64Array(n - 1);
  const average = method === 'average';
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      chain[0] = active[0] as number;
      chainLength = 1;
    }
    let x = 0;
    let y = 0;
    let currentMin = Infinity;
    for (;;) {
      x = chain[chainLength - 1] as number;
      if (chainLength > 1) {
        y = chain[chainLength - 2] as number;
        currentMin = D[ci(n, x, y)] as number;
      } else {
        currentMin = Infinity;
      }
      // Row x of the condensed matrix: entries (i, x) for i < x are strided, (x, i) for i > x contiguous.
      const rowBase = n * x - (x * (x + 1)) / 2 - x - 1;
      for (let a = 0; a < nActive; a++) {
        const i = active[a] as number;
        if (i === x) continue;
        const dist = (i < x ? D[n * i - (i * (i + 1)) / 2 + x - i - 1] : D[rowBase + i]) as number;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x] as number;
    const ny = size[y] as number;
    rawA[k] = x;
    rawB[k] = y;
    rawH[k] = currentMin;
    size[x] = 0;
    size[y] = nx + ny;
    nActive = removeSorted(active, nActive, x);
    for (let a = 0; a < nActive; a++) {
      const i = active[a] as number;
      if (i === y) continue;
      const iy = ci(n, i, y);
      const dxi = D[ci(n, i, x)] as number;
      const dyi = D[iy] as number;
      D[iy] = average ? (nx * dxi + ny * dyi) / (nx + ny) : dxi > dyi ? dxi : dyi;
    }
  }
  return sortAndLabel(n, rawA, rawB, rawH);
}

/** Condensed index of the pair {i, j}, i !== j. */
function ci(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + j - i - 1;
}
