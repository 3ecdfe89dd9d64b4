/**
 * Shared distance kernels on flat row-major Float64Arrays: point-to-point distances, distance rows,
 * condensed distance matrices, row normalization and a power-of-two rescaling that keeps squared
 * distances of huge (1e150) or tiny (1e-150) data inside the float64 range.
 *
 * Kernels assume validated, finite input and never mutate their inputs.
 *
 * @packageDocumentation
 */

/**
 * Distance metrics understood by the shared kernels.
 *
 * - `'euclidean'`: `sqrt(sum (a_j - b_j)^2)`
 * - `'manhattan'`: `sum |a_j - b_j|` (scipy's 'cityblock')
 * - `'cosine'`: `1 - a.b / (|a| |b|)` (undefined for all-zero rows)
 */
export type DistanceMetric = 'euclidean' | 'manhattan' | 'cosine';

/**
 * Squared Euclidean distance between row `i` of `A` and row `j` of `B` (both with `d` columns).
 *
 * @remarks
 * O(d). Sums in column order, so results are bit-identical to scikit-learn's KD-tree `rdist`.
 *
 * @example
 * ```ts
 * import { squaredEuclidean } from 'segmentkit';
 * const X = new Float64Array([0, 0, 3, 4]);
 * console.log(squaredEuclidean(X, 0, X, 1, 2)); // 25
 * ```
 */
export function squaredEuclidean(A: Float64Array, i: number, B: Float64Array, j: number, d: number): number {
  const a = i * d;
  const b = j * d;
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = (A[a + k] as number) - (B[b + k] as number);
    s += t * t;
  }
  return s;
}

/**
 * Manhattan (city-block, L1) distance between row `i` of `A` and row `j` of `B`.
 *
 * @remarks O(d).
 * @example
 * ```ts
 * import { manhattan } from 'segmentkit';
 * const X = new Float64Array([0, 0, 3, -4]);
 * console.log(manhattan(X, 0, X, 1, 2)); // 7
 * ```
 */
export function manhattan(A: Float64Array, i: number, B: Float64Array, j: number, d: number): number {
  const a = i * d;
  const b = j * d;
  let s = 0;
  for (let k = 0; k < d; k++) s += Math.abs((A[a + k] as number) - (B[b + k] as number));
  return s;
}

/**
 * Euclidean norms of the rows of an n x d matrix, written into `out` (allocated when omitted).
 *
 * @remarks O(n d).
 * @example
 * ```ts
 * import { rowNorms } from 'segmentkit';
 * console.log(Array.from(rowNorms(new Float64Array([3, 4, 0, 1]), 2, 2))); // [5, 1]
 * ```
 */
export function rowNorms(X: Float64Array, n: number, d: number, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const b = i * d;
    for (let k = 0; k < d; k++) {
      const v = X[b + k] as number;
      s += v * v;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Index of the first all-zero row of an n x d matrix, or -1 when there is none (cosine distance is
 * undefined for such rows).
 *
 * @example
 * ```ts
 * import { firstZeroRow } from 'segmentkit';
 * console.log(firstZeroRow(new Float64Array([1, 0, 0, 0]), 2, 2)); // 1
 * ```
 */
export function firstZeroRow(X: Float64Array, n: number, d: number): number {
  for (let i = 0; i < n; i++) {
    let zero = true;
    for (let k = 0; k < d && zero; k++) if ((X[i * d + k] as number) !== 0) zero = false;
    if (zero) return i;
  }
  return -1;
}

/**
 * A copy of X with every row scaled to unit Euclidean norm (all-zero rows stay zero).
 *
 * @remarks
 * O(n d). On unit rows, cosine distance equals half the squared Euclidean distance,
 * `1 - a.b = |a - b|^2 / 2`, so Euclidean indexes (KD-trees) answer cosine queries.
 *
 * @example
 * ```ts
 * import { normalizeRows } from 'segmentkit';
 * console.log(Array.from(normalizeRows(new Float64Array([3, 4]), 1, 2))); // [0.6, 0.8]
 * ```
 */
export function normalizeRows(X: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const b = i * d;
    let s = 0;
    for (let k = 0; k < d; k++) {
      const v = X[b + k] as number;
      s += v * v;
    }
    const norm = Math.sqrt(s);
    if (norm === 0) continue;
    for (let k = 0; k < d; k++) out[b + k] = (X[b + k] as number) / norm;
  }
  return out;
}

/**
 * Distance between rows `i` and `j` of X under `metric`. For 'cosine', `norms` must hold the row
 * norms (see {@link rowNorms}); the cosine is clipped to [-1, 1] as scipy's `pdist` does.
 *
 * @remarks O(d).
 * @example
 * ```ts
 * import { pairDistance } from 'segmentkit';
 * const X = new Float64Array([0, 0, 3, 4]);
 * console.log(pairDistance(X, 2, 0, 1, 'euclidean')); // 5
 * ```
 */
export function pairDistance(X: Float64Array, d: number, i: number, j: number, metric: DistanceMetric, norms?: Float64Array): number {
  if (metric === 'euclidean') return Math.sqrt(squaredEuclidean(X, i, X, j, d));
  if (metric === 'manhattan') return manhattan(X, i, X, j, d);
  const a = i * d;
  const b = j * d;
  let dot = 0;
  for (let k = 0; k < d; k++) dot += (X[a + k] as number) * (X[b + k] as number);
  const nrm = norms ? (norms[i] as number) * (norms[j] as number) : Math.sqrt(squaredEuclidean(X, i, X, i, d) * squaredEuclidean(X, j, X, j, d));
  let c = dot / nrm;
  if (c > 1) c = 1;
  else if (c < -1) c = -1;
  return 1 - c;
}

/**
 * Distances from row `i` of X to every row of X, written into `out` (length n).
 *
 * @remarks O(n d) time, no allocation. The metric switch sits outside the loop over rows.
 * @example
 * ```ts
 * import { distanceRow } from 'segmentkit';
 * const out = new Float64Array(2);
 * distanceRow(new Float64Array([0, 0, 3, 4]), 2, 2, 0, 'euclidean', out);
 * console.log(Array.from(out)); // [0, 5]
 * ```
 */
export function distanceRow(
  X: Float64Array,
  n: number,
  d: number,
  i: number,
  metric: DistanceMetric,
  out: Float64Array,
  norms?: Float64Array,
): void {
  if (metric === 'euclidean') {
    for (let j = 0; j < n; j++) out[j] = Math.sqrt(squaredEuclidean(X, i, X, j, d));
  } else if (metric === 'manhattan') {
    for (let j = 0; j < n; j++) out[j] = manhattan(X, i, X, j, d);
  } else {
    const nrm = norms ?? rowNorms(X, n, d);
    for (let j = 0; j < n; j++) out[j] = pairDistance(X, d, i, j, 'cosine', nrm);
  }
}

/**
 * Index of the pair (i, j), i < j, in a condensed distance vector of n points (scipy's layout:
 * row-major upper triangle without the diagonal).
 *
 * @example
 * ```ts
 * import { condensedIndex } from 'segmentkit';
 * console.log(condensedIndex(4, 1, 2)); // 3
 * ```
 */
export function condensedIndex(n: number, i: number, j: number): number {
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * The condensed pairwise distance vector of X, length n(n-1)/2, in scipy's `pdist` layout.
 *
 * @remarks
 * O(n^2 d) time and n(n-1)/2 float64 values of memory (800 MB at n = 14 000): use only where an
 * algorithm needs the whole matrix (complete and average linkage).
 *
 * @throws RangeError when n(n-1)/2 exceeds the largest typed array this runtime can allocate.
 * @example
 * ```ts
 * import { condensedDistances } from 'segmentkit';
 * console.log(Array.from(condensedDistances(new Float64Array([0, 3, 7]), 3, 1, 'euclidean'))); // [3, 7, 4]
 * ```
 */
export function condensedDistances(X: Float64Array, n: number, d: number, metric: DistanceMetric): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  const norms = metric === 'cosine' ? rowNorms(X, n, d) : undefined;
  let p = 0;
  for (let i = 0; i < n - 1; i++) {
    if (metric === 'euclidean') {
      for (let j = i + 1; j < n; j++) out[p++] = Math.sqrt(squaredEuclidean(X, i, X, j, d));
    } else if (metric === 'manhattan') {
      for (let j = i + 1; j < n; j++) out[p++] = manhattan(X, i, X, j, d);
    } else {
      for (let j = i + 1; j < n; j++) out[p++] = pairDistance(X, d, i, j, 'cosine', norms);
    }
  }
  return out;
}

/**
 * A power of two `s` such that X / s has its largest magnitude in [1, 2), or 1 when the data is
 * already in a safe range ([1e-100, 1e100]) or all zero.
 *
 * @remarks
 * Euclidean and Manhattan distances are homogeneous, so algorithms can run on X / s and multiply
 * distances (heights, eps) by s. Scaling by a power of two is exact, so data in the safe range is
 * untouched and results are bit-identical; outside it, squared distances no longer overflow to
 * Infinity (1e150) or underflow to 0 (1e-150). O(n d).
 *
 * @example
 * ```ts
 * import { safeScale } from 'segmentkit';
 * console.log(safeScale(new Float64Array([1, 2])), safeScale(new Float64Array([1e200])) > 1e199); // 1 true
 * ```
 */
export function safeScale(X: Float64Array): number {
  let m = 0;
  for (let k = 0; k < X.length; k++) {
    const v = Math.abs(X[k] as number);
    if (v > m) m = v;
  }
  if (m === 0 || (m >= 1e-100 && m <= 1e100)) return 1;
  // Every power of two from 2^-1074 to 2^1023 is an exact double.
  return 2 ** Math.floor(Math.log2(m));
}

/**
 * Returns X / s as a new array (or X itself when s is 1).
 *
 * @example
 * ```ts
 * import { scaleData } from 'segmentkit';
 * console.log(Array.from(scaleData(new Float64Array([4, 8]), 4))); // [1, 2]
 * ```
 */
export function scaleData(X: Float64Array, s: number): Float64Array {
  if (s === 1) return X;
  const out = new Float64Array(X.length);
  for (let k = 0; k < X.length; k++) out[k] = (X[k] as number) / s;
  return out;
}
