/**
 * Private k-means kernels on flat row-major Float64Arrays. They assume validated, finite input,
 * never mutate X, and write into preallocated outputs.
 *
 * @internal
 * @packageDocumentation
 */
import type { Rng } from '../core/random.js';

/**
 * E-step: nearest centre of every row. Writes `labels` and the squared distance to the chosen
 * centre into `minDist`. Ties go to the lowest centre index (as scikit-learn). O(n k d).
 */
export function assignLabels(
  X: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  minDist: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      const cc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = (X[xi + j] as number) - (centers[cc + j] as number);
        s += t * t;
      }
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    labels[i] = best;
    minDist[i] = bestDist;
  }
}

/**
 * M-step: weighted means of the rows of each cluster into `centersNew`; empty clusters are
 * relocated to the rows farthest from their centre (scikit-learn's rule). Returns the sum over
 * clusters of the squared centre shift.
 */
export function updateCenters(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  centersNew: Float64Array,
  weightInCluster: Float64Array,
  k: number,
  labels: Int32Array,
  minDist: Float64Array,
): number {
  centersNew.fill(0);
  weightInCluster.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    const wi = w[i] as number;
    weightInCluster[c] += wi;
    const cc = c * d;
    const xi = i * d;
    for (let j = 0; j < d; j++) centersNew[cc + j] += wi * (X[xi + j] as number);
  }
  relocateEmptyClusters(X, w, n, d, centersNew, weightInCluster, k, labels, minDist);
  let shift = 0;
  for (let c = 0; c < k; c++) {
    const wc = weightInCluster[c] as number;
    const cc = c * d;
    for (let j = 0; j < d; j++) {
      // A cluster whose rows all have weight 0 keeps its previous centre.
      const v = wc > 0 ? (centersNew[cc + j] as number) / wc : (centers[cc + j] as number);
      centersNew[cc + j] = v;
      const t = v - (centers[cc + j] as number);
      shift += t * t;
    }
  }
  return shift;
}

/**
 * Gives each empty cluster the row farthest from its assigned centre, taking its weight from the
 * cluster it leaves (sums, before division). Rows are chosen in decreasing distance order.
 */
function relocateEmptyClusters(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  sums: Float64Array,
  weightInCluster: Float64Array,
  k: number,
  labels: Int32Array,
  minDist: Float64Array,
): void {
  let nEmpty = 0;
  for (let c = 0; c < k; c++) if ((weightInCluster[c] as number) === 0) nEmpty++;
  if (nEmpty === 0) return;
  const far = farthestRows(minDist, n, nEmpty);
  let f = 0;
  for (let c = 0; c < k && f < far.length; c++) {
    if ((weightInCluster[c] as number) !== 0) continue;
    const i = far[f++] as number;
    const wi = w[i] as number;
    const old = labels[i] as number;
    const xi = i * d;
    for (let j = 0; j < d; j++) {
      const x = X[xi + j] as number;
      sums[old * d + j] -= wi * x;
      sums[c * d + j] = wi * x;
    }
    weightInCluster[old] -= wi;
    weightInCluster[c] = wi;
    labels[i] = c;
    minDist[i] = 0;
  }
}

/** Indices of the `m` largest values, largest first (partial selection, O(n m)). */
function farthestRows(dist: Float64Array, n: number, m: number): Int32Array {
  const take = Math.min(m, n);
  const idx = new Int32Array(take).fill(-1);
  const val = new Float64Array(take).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const v = dist[i] as number;
    if (v <= (val[take - 1] as number)) continue;
    let p = take - 1;
    while (p > 0 && v > (val[p - 1] as number)) {
      val[p] = val[p - 1] as number;
      idx[p] = idx[p - 1] as number;
      p--;
    }
    val[p] = v;
    idx[p] = i;
  }
  return idx;
}

/** Weighted sum of squared distances of rows to their centre. */
export function inertiaOf(X: Float64Array, w: Float64Array, n: number, d: number, centers: Float64Array, labels: Int32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const cc = (labels[i] as number) * d;
    const xi = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = (X[xi + j] as number) - (centers[cc + j] as number);
      s += t * t;
    }
    total += (w[i] as number) * s;
  }
  return total;
}

/** Squared distance from row `i` of X to row `c` of `centers`. */
function sqDist(X: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  let s = 0;
  const xi = i * d;
  const cc = c * d;
  for (let j = 0; j < d; j++) {
    const t = (X[xi + j] as number) - (centers[cc + j] as number);
    s += t * t;
  }
  return s;
}

/** Index of the first cumulative sum >= target (binary search), clipped to n - 1. */
function searchCumulative(cum: Float64Array, n: number, target: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with 2 + floor(ln k) local trials per
 * centre as scikit-learn): each new centre is the best of several candidates drawn with
 * probability proportional to weight x squared distance to the nearest chosen centre.
 * O(n k d (2 + ln k)) time, O(n) extra memory.
 */
export function kmeansPlusPlus(X: Float64Array, w: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  const cum = new Float64Array(n);

  const first = rng.weightedIndex(w);
  centers.set(X.subarray(first * d, (first + 1) * d), 0);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const v = (w[i] as number) * sqDist(X, i, centers, 0, d);
    closest[i] = v;
    pot += v;
  }
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i] as number;
      cum[i] = acc;
    }
    let bestPot = Infinity;
    let bestId = -1;
    for (let t = 0; t < trials; t++) {
      // All remaining rows coincide with chosen centres when pot is 0: any row will do.
      const cand = pot > 0 ? searchCumulative(cum, n, rng.float() * acc) : rng.int(n);
      let candPot = 0;
      const cd = cand * d;
      for (let i = 0; i < n; i++) {
        const xi = i * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const u = (X[xi + j] as number) - (X[cd + j] as number);
          s += u * u;
        }
        const v = Math.min(closest[i] as number, (w[i] as number) * s);
        candidateDist[i] = v;
        candPot += v;
      }
      if (candPot < bestPot) {
        bestPot = candPot;
        bestId = cand;
        bestDist.set(candidateDist);
      }
    }
    centers.set(X.subarray(bestId * d, (bestId + 1) * d), c * d);
    closest.set(bestDist);
    pot = bestPot;
  }
  return centers;
}

/** Mean over features of the per-feature (unweighted, population) variance: scikit-learn's tol scale. */
export function meanVariance(X: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X[i * d + j] as number;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const t = (X[i * d + j] as number) - mean;
      v += t * t;
    }
    total += v / n;
  }
  return total / d;
}
