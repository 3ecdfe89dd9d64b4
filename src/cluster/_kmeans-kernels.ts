/**
 * Private k-means kernels on flat row-major Float64Arrays, shared by KMeans, MiniBatchKMeans and
 * BisectingKMeans. They assume validated, finite input, never mutate X, and write into
 * preallocated outputs.
 *
 * @internal
 * @packageDocumentation
 */
import { throwIfAborted } from '../core/estimator.js';
import type { Rng } from '../core/random.js';
import type { DistanceEngine } from './_kmeans-wasm.js';

/** Iteration algorithms of one k-means run. All three give the same labels, centres and nIter. */
export type KMeansRunAlgorithm = 'lloyd' | 'elkan' | 'hamerly';

/**
 * Squared Euclidean distance between row `a` of A (offset in elements) and row `b` of B.
 * Four accumulators break the dependency chain; every kernel uses this one function so that
 * Lloyd, Elkan, Hamerly and predict see bit-identical distances.
 */
export function sqDist(A: Float64Array, a: number, B: Float64Array, b: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const t0 = (A[a + j] as number) - (B[b + j] as number);
    const t1 = (A[a + j + 1] as number) - (B[b + j + 1] as number);
    const t2 = (A[a + j + 2] as number) - (B[b + j + 2] as number);
    const t3 = (A[a + j + 3] as number) - (B[b + j + 3] as number);
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  for (; j < d; j++) {
    const t = (A[a + j] as number) - (B[b + j] as number);
    s0 += t * t;
  }
  return s0 + s1 + (s2 + s3);
}

/**
 * Squared distances from row `a` of A to every row of the k x d matrix C, into `out[0..k)`.
 * Centres are taken two at a time so each loaded value of the row serves both; the arithmetic of
 * each distance is exactly that of {@link sqDist} (same accumulators, same order), so the results
 * are bit-identical to it.
 */
export function rowDistances(A: Float64Array, a: number, C: Float64Array, k: number, d: number, out: Float64Array): void {
  let c = 0;
  for (; c + 1 < k; c += 2) {
    const b = c * d;
    const e = b + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let j = 0;
    for (; j + 3 < d; j += 4) {
      const x0 = A[a + j] as number;
      const x1 = A[a + j + 1] as number;
      const x2 = A[a + j + 2] as number;
      const x3 = A[a + j + 3] as number;
      const t0 = x0 - (C[b + j] as number);
      const t1 = x1 - (C[b + j + 1] as number);
      const t2 = x2 - (C[b + j + 2] as number);
      const t3 = x3 - (C[b + j + 3] as number);
      const u0 = x0 - (C[e + j] as number);
      const u1 = x1 - (C[e + j + 1] as number);
      const u2 = x2 - (C[e + j + 2] as number);
      const u3 = x3 - (C[e + j + 3] as number);
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
      r0 += u0 * u0;
      r1 += u1 * u1;
      r2 += u2 * u2;
      r3 += u3 * u3;
    }
    for (; j < d; j++) {
      const x = A[a + j] as number;
      const t = x - (C[b + j] as number);
      const u = x - (C[e + j] as number);
      s0 += t * t;
      r0 += u * u;
    }
    out[c] = s0 + s1 + (s2 + s3);
    out[c + 1] = r0 + r1 + (r2 + r3);
  }
  if (c < k) out[c] = sqDist(A, a, C, c * d, d);
}

/**
 * E-step: nearest centre of every row (ties to the lowest centre index, as scikit-learn).
 * Writes `labels`, and the squared distance to the chosen centre into `minDist` when given.
 * Returns true when some label changed. O(n k d).
 */
export function assignLabels(
  X: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  minDist: Float64Array | null,
): boolean {
  let changed = false;
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    rowDistances(X, i * d, centers, k, d, row);
    let best = 0;
    let bestDist = row[0] as number;
    for (let c = 1; c < k; c++) {
      const s = row[c] as number;
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed = true;
    }
    if (minDist !== null) minDist[i] = bestDist;
  }
  return changed;
}

/**
 * Per-cluster weighted sums of the rows, kept in step with the labels: when a row changes cluster
 * its weighted values move from one sum to the other (O(d)), so the M-step costs O(changes x d)
 * instead of O(n d). Every algorithm applies the moves in row order, so their sums, and hence
 * their centres, are bit-identical. `counts` counts rows of positive weight: a cluster whose count
 * is 0 has its sums reset to exact zeros (no drift) and is empty in scikit-learn's sense.
 */
export interface ClusterSums {
  readonly sums: Float64Array;
  readonly weight: Float64Array;
  readonly counts: Int32Array;
}

/** Zeroed {@link ClusterSums} for k clusters of d features. */
export function newClusterSums(k: number, d: number): ClusterSums {
  return { sums: new Float64Array(k * d), weight: new Float64Array(k), counts: new Int32Array(k) };
}

/** Moves row i (offset xi, weight wi) from cluster `from` (-1: none) to cluster `to`. O(d). */
function moveRow(X: Float64Array, xi: number, d: number, wi: number, from: number, to: number, acc: ClusterSums): void {
  if (wi === 0) return;
  const { sums, weight, counts } = acc;
  if (from >= 0) {
    const f = from * d;
    if (wi === 1) for (let j = 0; j < d; j++) sums[f + j] -= X[xi + j] as number;
    else for (let j = 0; j < d; j++) sums[f + j] -= wi * (X[xi + j] as number);
    weight[from] -= wi;
    counts[from]--;
  }
  const t = to * d;
  if (wi === 1) for (let j = 0; j < d; j++) sums[t + j] += X[xi + j] as number;
  else for (let j = 0; j < d; j++) sums[t + j] += wi * (X[xi + j] as number);
  weight[to] += wi;
  counts[to]++;
}

/**
 * E-step with incremental sums: nearest centre of every row (ties to the lowest index); each row
 * whose label changes is moved in `acc`. Returns true when some label changed. O(n k d).
 */
function lloydAssign(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  acc: ClusterSums,
): boolean {
  let changed = false;
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    rowDistances(X, xi, centers, k, d, row);
    let best = 0;
    let bestDist = row[0] as number;
    for (let c = 1; c < k; c++) {
      const s = row[c] as number;
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    const old = labels[i] as number;
    if (old !== best) {
      labels[i] = best;
      moveRow(X, xi, d, w[i] as number, old, best, acc);
      changed = true;
    }
  }
  return changed;
}

/**
 * M-step from the sums: centres are the weighted means (sum times the reciprocal weight, as
 * scikit-learn); empty clusters are relocated to the rows farthest from their centre
 * (scikit-learn's rule; labels untouched, the next assignment moves the row). Writes the shift of
 * each centre into `shifts` and returns the sum of squared shifts (scikit-learn's
 * `center_shift_tot`). O(k d), plus O(n d) when a cluster is empty.
 */
export function centersFromSums(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  centersNew: Float64Array,
  k: number,
  labels: Int32Array,
  acc: ClusterSums,
  shifts: Float64Array,
): number {
  let sums = acc.sums;
  let weight = acc.weight;
  let nEmpty = 0;
  for (let c = 0; c < k; c++) {
    if ((acc.counts[c] as number) === 0) {
      // Exact zeros: no drift from the moves in and out.
      sums.fill(0, c * d, (c + 1) * d);
      weight[c] = 0;
      nEmpty++;
    }
  }
  if (nEmpty > 0) {
    sums = sums.slice();
    weight = weight.slice();
    relocateEmptyClusters(X, w, n, d, centers, sums, weight, k, labels, nEmpty);
  }
  let total = 0;
  for (let c = 0; c < k; c++) {
    const wc = weight[c] as number;
    const cc = c * d;
    const alpha = wc > 0 ? 1 / wc : 0;
    let s = 0;
    for (let j = 0; j < d; j++) {
      // A cluster whose rows all have weight 0 keeps its previous centre.
      const v = wc > 0 ? (sums[cc + j] as number) * alpha : (centers[cc + j] as number);
      centersNew[cc + j] = v;
      const t = v - (centers[cc + j] as number);
      s += t * t;
    }
    const shift = Math.sqrt(s);
    shifts[c] = shift;
    total += shift * shift;
  }
  return total;
}

/**
 * Gives each empty cluster the row farthest from its assigned (old) centre, taking its weight from
 * the cluster it leaves (on copies of the sums). Rows are chosen in decreasing distance order.
 */
function relocateEmptyClusters(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  sums: Float64Array,
  weight: Float64Array,
  k: number,
  labels: Int32Array,
  nEmpty: number,
): void {
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = sqDist(X, i * d, centers, (labels[i] as number) * d, d);
  const far = farthestRows(dist, n, nEmpty);
  let f = 0;
  for (let c = 0; c < k && f < far.length; c++) {
    if ((weight[c] as number) !== 0) continue;
    const i = far[f++] as number;
    const wi = w[i] as number;
    const old = labels[i] as number;
    const xi = i * d;
    for (let j = 0; j < d; j++) {
      const x = X[xi + j] as number;
      sums[old * d + j] -= wi * x;
      sums[c * d + j] = wi * x;
    }
    weight[old] -= wi;
    weight[c] = wi;
  }
}

/** Indices of the `m` largest values, largest first, earliest index first among ties (O(n m)). */
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

/** Weighted sum of squared distances of rows to their centre. O(n d). */
export function inertiaOf(X: Float64Array, w: Float64Array, n: number, d: number, centers: Float64Array, labels: Int32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += (w[i] as number) * sqDist(X, i * d, centers, (labels[i] as number) * d, d);
  return total;
}

/** Weighted sum of squared distances of the rows with label `label` to centre `label`. O(n d). */
export function clusterInertia(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  labels: Int32Array,
  label: number,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) if (labels[i] === label) total += (w[i] as number) * sqDist(X, i * d, centers, label * d, d);
  return total;
}

/** Half the distance from each centre to its nearest other centre (`half`), and all half distances (`cc`, k x k) when given. O(k^2 d). */
function centerHalfDistances(centers: Float64Array, k: number, d: number, half: Float64Array, cc: Float64Array | null): void {
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * Math.sqrt(sqDist(centers, a * d, centers, b * d, d));
      if (cc !== null) {
        cc[a * k + b] = h;
        cc[b * k + a] = h;
      }
      if (h < (half[a] as number)) half[a] = h;
      if (h < (half[b] as number)) half[b] = h;
    }
  }
}

/**
 * First assignment of the bounded algorithms: every distance is computed (as Lloyd). Hamerly keeps
 * the nearest and second-nearest distance (`lower` has n entries); Elkan keeps all (`lower` has
 * n x k entries). Returns true (labels start at -1).
 */
function initBounds(
  X: Float64Array,
  w: Float64Array,
  acc: ClusterSums,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  elkan: boolean,
): boolean {
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    rowDistances(X, xi, centers, k, d, row);
    let best = 0;
    let b1 = Infinity;
    let b2 = Infinity;
    for (let c = 0; c < k; c++) {
      const s = row[c] as number;
      if (elkan) lower[i * k + c] = Math.sqrt(s);
      if (s < b1) {
        b2 = b1;
        b1 = s;
        best = c;
      } else if (s < b2) b2 = s;
    }
    labels[i] = best;
    moveRow(X, xi, d, w[i] as number, -1, best, acc);
    upper[i] = Math.sqrt(b1);
    if (!elkan) lower[i] = Math.sqrt(b2);
  }
  return n > 0;
}

/**
 * Hamerly (2010) assignment: one upper bound (distance to the assigned centre) and one lower bound
 * (distance to the second-nearest centre) per row, first moved by the last centre shifts. A row is
 * only examined when its bounds overlap by more than `margin` (a rounding allowance), so labels
 * equal Lloyd's exactly. Returns true when some label changed.
 */
function hamerlyAssign(
  X: Float64Array,
  w: Float64Array,
  acc: ClusterSums,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  shifts: Float64Array,
  half: Float64Array,
  margin: number,
): boolean {
  // Largest and second-largest shift: a row's lower bound drops by the largest shift of the
  // centres other than its own.
  let p1 = -1;
  let m1 = 0;
  let m2 = 0;
  for (let c = 0; c < k; c++) {
    const s = shifts[c] as number;
    if (s > m1) {
      m2 = m1;
      m1 = s;
      p1 = c;
    } else if (s > m2) m2 = s;
  }
  let changed = false;
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const a = labels[i] as number;
    let u = (upper[i] as number) + (shifts[a] as number);
    const l = (lower[i] as number) - (a === p1 ? m2 : m1);
    lower[i] = l;
    const h = half[a] as number;
    const m = l > h ? l : h;
    upper[i] = u;
    if (u + margin < m) continue;
    const xi = i * d;
    const da = sqDist(X, xi, centers, a * d, d);
    u = Math.sqrt(da);
    upper[i] = u;
    if (u + margin < m) continue;
    rowDistances(X, xi, centers, k, d, row);
    let best = 0;
    let b1 = Infinity;
    let b2 = Infinity;
    for (let c = 0; c < k; c++) {
      const s = row[c] as number;
      if (s < b1) {
        b2 = b1;
        b1 = s;
        best = c;
      } else if (s < b2) b2 = s;
    }
    if (best !== a) {
      labels[i] = best;
      moveRow(X, xi, d, w[i] as number, a, best, acc);
      changed = true;
      upper[i] = Math.sqrt(b1);
    }
    lower[i] = Math.sqrt(b2);
  }
  return changed;
}

/**
 * Elkan (2003) assignment: one upper bound and k lower bounds per row plus the centre-centre
 * distances. Centre j is examined for row i only when the bounds cannot exclude it by more than
 * `margin`; ties go to the lowest index, so labels equal Lloyd's exactly. Returns true when some
 * label changed.
 */
function elkanAssign(
  X: Float64Array,
  w: Float64Array,
  acc: ClusterSums,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  shifts: Float64Array,
  half: Float64Array,
  cc: Float64Array,
  margin: number,
): boolean {
  let changed = false;
  for (let i = 0; i < n; i++) {
    const li = i * k;
    for (let c = 0; c < k; c++) lower[li + c] = (lower[li + c] as number) - (shifts[c] as number);
    const a0 = labels[i] as number;
    let a = a0;
    let u = (upper[i] as number) + (shifts[a] as number);
    if (u + margin < (half[a] as number)) {
      upper[i] = u;
      continue;
    }
    const xi = i * d;
    let tight = false;
    let bestSq = 0;
    for (let c = 0; c < k; c++) {
      if (c === a) continue;
      const lc = lower[li + c] as number;
      const hc = cc[a * k + c] as number;
      const z = lc > hc ? lc : hc;
      if (u + margin < z) continue;
      if (!tight) {
        bestSq = sqDist(X, xi, centers, a * d, d);
        u = Math.sqrt(bestSq);
        lower[li + a] = u;
        tight = true;
        if (u + margin < z) continue;
      }
      const s = sqDist(X, xi, centers, c * d, d);
      const dc = Math.sqrt(s);
      lower[li + c] = dc;
      if (s < bestSq || (s === bestSq && c < a)) {
        a = c;
        bestSq = s;
        u = dc;
      }
    }
    upper[i] = u;
    if (a !== a0) {
      labels[i] = a;
      moveRow(X, xi, d, w[i] as number, a0, a, acc);
      changed = true;
    }
  }
  return changed;
}

/**
 * {@link lloydAssign} with the distances computed by a {@link DistanceEngine} (bit-identical), on
 * the engine's threads.
 */
function lloydAssignEngine(X: Float64Array, w: Float64Array, d: number, k: number, acc: ClusterSums, engine: DistanceEngine): boolean {
  engine.assignAll(k);
  return applyChanges(X, w, d, acc, engine);
}

/**
 * Applies the (row, old label) moves of the engine's last pass, in row order (so the sums move
 * exactly as in Lloyd). Returns true when some label changed.
 */
function applyChanges(X: Float64Array, w: Float64Array, d: number, acc: ClusterSums, engine: DistanceEngine): boolean {
  const { labels, changes } = engine;
  const { list, counts, bases } = changes;
  let changed = false;
  for (let t = 0; t < counts.length; t++) {
    const base = bases[t] as number;
    const from = 2 * base;
    const to = from + (counts[t] as number);
    for (let c = from; c < to; c += 2) {
      const i = base + (list[c] as number);
      moveRow(X, i * d, d, w[i] as number, list[c + 1] as number, labels[i] as number, acc);
    }
    if (to > from) changed = true;
  }
  return changed;
}

/** {@link initBounds} with the distances computed by a {@link DistanceEngine}. */
function initBoundsEngine(
  X: Float64Array,
  w: Float64Array,
  acc: ClusterSums,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  elkan: boolean,
  engine: DistanceEngine,
): boolean {
  if (!elkan) {
    // labels, upper and lower are the engine's own arrays here.
    lloydAssignEngine(X, w, d, k, acc, engine);
    return n > 0;
  }
  for (let start = 0; start < n; start += engine.block) {
    const m = Math.min(engine.block, n - start);
    const out = engine.compute(true, start, m, k);
    for (let t = 0; t < m; t++) {
      const i = start + t;
      const o = t * k;
      let best = 0;
      let b1 = Infinity;
      for (let c = 0; c < k; c++) {
        const v = out[o + c] as number;
        lower[i * k + c] = Math.sqrt(v);
        if (v < b1) {
          b1 = v;
          best = c;
        }
      }
      labels[i] = best;
      moveRow(X, i * d, d, w[i] as number, -1, best, acc);
      upper[i] = Math.sqrt(b1);
    }
  }
  return n > 0;
}

/**
 * {@link hamerlyAssign} with the bound pass and the full scans in WebAssembly (the rows, bounds and
 * labels live in the engine's memory); the label moves are applied here, in row order.
 */
function hamerlyAssignWasm(
  X: Float64Array,
  w: Float64Array,
  acc: ClusterSums,
  d: number,
  k: number,
  shifts: Float64Array,
  half: Float64Array,
  margin: number,
  engine: DistanceEngine,
): boolean {
  let p1 = -1;
  let m1 = 0;
  let m2 = 0;
  for (let c = 0; c < k; c++) {
    const s = shifts[c] as number;
    if (s > m1) {
      m2 = m1;
      m1 = s;
      p1 = c;
    } else if (s > m2) m2 = s;
  }
  engine.hamerlyPass(shifts, half, k, p1, m1, m2, margin);
  return applyChanges(X, w, d, acc, engine);
}

/** Result of one k-means run. */
export interface KMeansRun {
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly nIter: number;
  readonly converged: boolean;
}

/** Inputs of {@link runKMeans} besides the data. */
export interface KMeansRunOptions {
  readonly maxIter: number;
  /** Absolute tolerance on the total squared centre shift (already scaled by the mean variance). */
  readonly tol: number;
  readonly algorithm: KMeansRunAlgorithm;
  /** Rounding allowance of the bound tests (see {@link boundMargin}). */
  readonly margin: number;
  readonly signal?: AbortSignal | undefined;
  readonly name: string;
  /** WebAssembly distance kernel holding X (see createDistanceEngine); null: plain JavaScript. */
  readonly engine?: DistanceEngine | null;
}

/**
 * Rounding allowance of the bound tests: an upper bound on the accumulated floating-point error of
 * a bound after `maxIter` updates, for data whose bounding box (centres included) has diagonal
 * `diameter`. Pruning only when bounds differ by more than this keeps labels equal to Lloyd's.
 */
export function boundMargin(diameter: number, d: number, maxIter: number): number {
  return diameter * 8 * Number.EPSILON * (d + 8) * (maxIter + 2);
}

/** Diagonal of the bounding box of the rows of X and of the extra rows `Y`. O((n + m) d). */
export function boundingDiameter(X: Float64Array, n: number, d: number, Y: Float64Array | null, m: number): number {
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  const scan = (A: Float64Array, rows: number): void => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) {
        const v = A[i * d + j] as number;
        if (v < (lo[j] as number)) lo[j] = v;
        if (v > (hi[j] as number)) hi[j] = v;
      }
    }
  };
  scan(X, n);
  if (Y !== null) scan(Y, m);
  let total = 0;
  for (let j = 0; j < d; j++) {
    const r = (hi[j] as number) - (lo[j] as number);
    total += r * r;
  }
  return Math.sqrt(total);
}

/**
 * One k-means run from the given centres, with scikit-learn's `_kmeans_single_lloyd` control flow:
 * assign, update (relocating empty clusters), stop when no label changed (strict convergence) or
 * the total squared centre shift is at most `tol`; after a non-strict stop, one more assignment
 * makes the labels match the final centres. Elkan and Hamerly only skip distance computations
 * that cannot change a label, so they return the same labels, centres and nIter as Lloyd.
 *
 * Time: Lloyd O(n k d) per iteration; Elkan and Hamerly O(n d + k^2 d) plus the distances their
 * bounds cannot exclude. Extra memory: O(n) (Lloyd, Hamerly: 2n more), O(n k) for Elkan.
 */
export function runKMeans(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  k: number,
  initial: Float64Array,
  options: KMeansRunOptions,
): KMeansRun {
  const { maxIter, tol, margin, signal, name } = options;
  const engine = options.engine ?? null;
  const algorithm = k === 1 ? 'lloyd' : options.algorithm;
  let centers = initial.slice();
  let centersNew = new Float64Array(k * d);
  const acc = newClusterSums(k, d);
  const shifts = new Float64Array(k);
  const elkan = algorithm === 'elkan';
  const bounded = algorithm !== 'lloyd';
  // Lloyd and Hamerly with the engine keep the rows' labels and bounds in WebAssembly memory.
  const inWasm = engine !== null && !elkan;
  const labels = (inWasm ? engine.labels : new Int32Array(n)).fill(-1);
  const upper = bounded ? (inWasm ? engine.upper : new Float64Array(n)) : null;
  const lower = bounded ? (inWasm ? engine.lower : new Float64Array(elkan ? n * k : n)) : null;
  const half = new Float64Array(k);
  const cc = elkan ? new Float64Array(k * k) : null;

  const assign = (first: boolean): boolean => {
    engine?.setCenters(centers, k);
    if (upper === null || lower === null) {
      return inWasm ? lloydAssignEngine(X, w, d, k, acc, engine) : lloydAssign(X, w, n, d, centers, k, labels, acc);
    }
    if (first) {
      return engine !== null
        ? initBoundsEngine(X, w, acc, n, d, k, labels, upper, lower, elkan, engine)
        : initBounds(X, w, acc, n, d, centers, k, labels, upper, lower, elkan);
    }
    centerHalfDistances(centers, k, d, half, cc);
    if (inWasm) return hamerlyAssignWasm(X, w, acc, d, k, shifts, half, margin, engine);
    if (cc !== null) return elkanAssign(X, w, acc, n, d, centers, k, labels, upper, lower, shifts, half, cc, margin);
    return hamerlyAssign(X, w, acc, n, d, centers, k, labels, upper, lower, shifts, half, margin);
  };

  let strict = false;
  let converged = false;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    throwIfAborted(signal, name);
    const changed = assign(iter === 0);
    const shiftTotal = centersFromSums(X, w, n, d, centers, centersNew, k, labels, acc, shifts);
    [centers, centersNew] = [centersNew, centers];
    if (!changed) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTotal <= tol) {
      converged = true;
      break;
    }
  }
  // Labels must match the final centres when the loop stopped on the shift test or maxIter.
  if (!strict) assign(false);
  const out = inWasm ? labels.slice() : labels;
  return { centers, labels: out, inertia: inertiaOf(X, w, n, d, centers, out), nIter: Math.min(iter + 1, maxIter), converged };
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
 * probability proportional to weight x squared distance to the nearest chosen centre. All the
 * candidates of one step are scored in a single pass over X.
 * O(n k d (2 + ln k)) time, O(n) extra memory.
 */
export function kmeansPlusPlus(
  X: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  engine: DistanceEngine | null = null,
): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n);
  const cum = new Float64Array(n);
  const cand = new Int32Array(trials);
  const candPot = new Float64Array(trials);
  const candRows = new Float64Array(trials * d);

  const first = rng.weightedIndex(w);
  centers.set(X.subarray(first * d, (first + 1) * d), 0);
  // With an engine, the distances of every row to the candidates come from it (on its threads),
  // bit-identical to sqDist; they also update the closest distances after the choice.
  const all = (rows: Float64Array, m: number): Float64Array | null => {
    if (engine === null) return null;
    engine.setCenters(rows, m);
    return engine.distancesAll(m);
  };
  let D = all(centers, 1);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const v = (w[i] as number) * (D !== null ? (D[i] as number) : sqDist(X, i * d, centers, 0, d));
    closest[i] = v;
    pot += v;
  }
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i] as number;
      cum[i] = acc;
    }
    // All remaining rows coincide with chosen centres when pot is 0: any row will do.
    for (let t = 0; t < trials; t++) cand[t] = pot > 0 ? searchCumulative(cum, n, rng.float() * acc) : rng.int(n);
    for (let t = 0; t < trials; t++) candRows.set(X.subarray((cand[t] as number) * d, ((cand[t] as number) + 1) * d), t * d);
    D = all(candRows, trials);
    candPot.fill(0);
    for (let i = 0; i < n; i++) {
      const ci = closest[i] as number;
      const wi = w[i] as number;
      for (let t = 0; t < trials; t++) {
        const v = wi * (D !== null ? (D[i * trials + t] as number) : sqDist(X, i * d, candRows, t * d, d));
        candPot[t] += v < ci ? v : ci;
      }
    }
    let bestT = 0;
    for (let t = 1; t < trials; t++) if ((candPot[t] as number) < (candPot[bestT] as number)) bestT = t;
    const best = cand[bestT] as number;
    centers.set(X.subarray(best * d, (best + 1) * d), c * d);
    pot = 0;
    for (let i = 0; i < n; i++) {
      const v = (w[i] as number) * (D !== null ? (D[i * trials + bestT] as number) : sqDist(X, i * d, candRows, bestT * d, d));
      if (v < (closest[i] as number)) closest[i] = v;
      pot += closest[i] as number;
    }
  }
  return centers;
}

/** `k` distinct rows drawn uniformly ('random' init). */
export function randomRows(X: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const idx = rng.sampleWithoutReplacement(n, k);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(X.subarray((idx[c] as number) * d, ((idx[c] as number) + 1) * d), c * d);
  return centers;
}

/** Mean over features of the per-feature (unweighted, population) variance: scikit-learn's tol scale. O(n d). */
export function meanVariance(X: Float64Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] as number;
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = (X[i * d + j] as number) - (mean[j] as number);
      v[j] += t * t;
    }
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += (v[j] as number) / n;
  return total / d;
}

/**
 * The two data statistics of a fit in two row-major passes: scikit-learn's tol scale (mean over
 * features of the population variance of X) and the diagonal of the bounding box of the rows of
 * X and of `Y` (the initial centres; see {@link boundMargin}). O((n + m) d).
 */
export function dataStats(X: Float64Array, n: number, d: number, Y: Float64Array | null, m: number): { meanVariance: number; diameter: number } {
  const sum = new Float64Array(d);
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = X[i * d + j] as number;
      sum[j] += v;
      if (v < (lo[j] as number)) lo[j] = v;
      if (v > (hi[j] as number)) hi[j] = v;
    }
  }
  if (Y !== null) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < d; j++) {
        const v = Y[i * d + j] as number;
        if (v < (lo[j] as number)) lo[j] = v;
        if (v > (hi[j] as number)) hi[j] = v;
      }
    }
  }
  for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) / n;
  const v2 = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = (X[i * d + j] as number) - (sum[j] as number);
      v2[j] += t * t;
    }
  }
  let variance = 0;
  let diag = 0;
  for (let j = 0; j < d; j++) {
    variance += (v2[j] as number) / n;
    const r = (hi[j] as number) - (lo[j] as number);
    diag += r * r;
  }
  return { meanVariance: variance / d, diameter: Math.sqrt(diag) };
}

/** Largest absolute value in the arrays. */
export function maxAbs(...arrays: readonly Float64Array[]): number {
  let m = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i] as number);
      if (v > m) m = v;
    }
  }
  return m;
}

/** Magnitudes within which squared distances and inertias of any realistic data stay finite and normal. */
const SAFE_MAX = 1e60;
const SAFE_MIN = 1e-60;

/**
 * A power of two that brings the largest magnitude `m` near 1 when it lies outside
 * [1e-60, 1e60] (1 otherwise). K-means is scale-equivariant and multiplying by a power of two is
 * exact, so working on scaled data gives the same labels, and centres and inertia that scale back
 * exactly, while squared distances of huge (1e150) or tiny (1e-150) data neither overflow nor
 * underflow.
 */
export function scaleFor(m: number): number {
  if (m === 0 || (m >= SAFE_MIN && m <= SAFE_MAX)) return 1;
  const e = Math.max(-1000, Math.min(1000, Math.floor(Math.log2(m))));
  return 2 ** -e;
}

/** `a * s` as a new array (or `a` itself when s is 1). */
export function scaled(a: Float64Array, s: number): Float64Array {
  if (s === 1) return a;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) * s;
  return out;
}

/**
 * Nearest centre of each row, scaling rows and centres by a common power of two first when their
 * magnitudes would overflow or underflow squared distances. Writes the squared distances (in the
 * original scale) into `minDist` when given. O(n k d).
 */
export function nearestCenters(
  X: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  minDist: Float64Array | null = null,
): Int32Array {
  const s = scaleFor(maxAbs(X, centers));
  const labels = new Int32Array(n).fill(-1);
  assignLabels(scaled(X, s), n, d, scaled(centers, s), k, labels, minDist);
  if (minDist !== null && s !== 1) {
    const back = 1 / (s * s);
    for (let i = 0; i < n; i++) minDist[i] = (minDist[i] as number) * back;
  }
  return labels;
}

/** Euclidean distance of each row to each centre (n x k, row-major), overflow-safe as {@link nearestCenters}. O(n k d). */
export function centerDistances(X: Float64Array, n: number, d: number, centers: Float64Array, k: number): Float64Array {
  const s = scaleFor(maxAbs(X, centers));
  const Xs = scaled(X, s);
  const Cs = scaled(centers, s);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) out[i * k + c] = Math.sqrt(sqDist(Xs, i * d, Cs, c * d, d)) / s;
  }
  return out;
}

/**
 * One mini-batch step (Sculley 2010, scikit-learn's `_mini_batch_step`), in place on `centers`
 * and `counts`: assign the batch to the current centres, move each centre to the weighted mean of
 * everything it has absorbed so far (old centre weighted by its count, plus the batch rows), then,
 * when `reassign` is set, move the centres whose count is below `ratio` x the largest count onto
 * random batch rows (at most half the batch), giving them the smallest remaining count.
 * Returns the weighted inertia of the batch against the centres before the update.
 * O(b k d) for a batch of b rows.
 */
export function miniBatchStep(
  X: Float64Array,
  w: Float64Array,
  b: number,
  d: number,
  centers: Float64Array,
  k: number,
  counts: Float64Array,
  reassign: boolean,
  ratio: number,
  rng: Rng,
): number {
  const s = scaleFor(maxAbs(X, centers));
  const Xs = scaled(X, s);
  const C = s === 1 ? centers : scaled(centers, s);
  const labels = new Int32Array(b).fill(-1);
  const dist = new Float64Array(b);
  assignLabels(Xs, b, d, C, k, labels, dist);
  let inertia = 0;
  for (let i = 0; i < b; i++) inertia += (w[i] as number) * (dist[i] as number);
  const sums = new Float64Array(k * d);
  const wsum = new Float64Array(k);
  for (let i = 0; i < b; i++) {
    const c = labels[i] as number;
    const wi = w[i] as number;
    wsum[c] += wi;
    for (let j = 0; j < d; j++) sums[c * d + j] += (Xs[i * d + j] as number) * wi;
  }
  for (let c = 0; c < k; c++) {
    const wc = wsum[c] as number;
    if (!(wc > 0)) continue;
    const old = counts[c] as number;
    const total = old + wc;
    counts[c] = total;
    const alpha = 1 / total;
    for (let j = 0; j < d; j++) C[c * d + j] = ((C[c * d + j] as number) * old + (sums[c * d + j] as number)) * alpha;
  }
  if (reassign && ratio > 0) reassignSmallClusters(Xs, b, d, C, k, counts, ratio, rng);
  if (s !== 1) for (let i = 0; i < k * d; i++) centers[i] = (C[i] as number) / s;
  return inertia / (s * s);
}

/** scikit-learn's random reassignment of low-count centres (see {@link miniBatchStep}). */
function reassignSmallClusters(X: Float64Array, b: number, d: number, C: Float64Array, k: number, counts: Float64Array, ratio: number, rng: Rng): void {
  let max = 0;
  for (let c = 0; c < k; c++) if ((counts[c] as number) > max) max = counts[c] as number;
  const limit = ratio * max;
  const low: number[] = [];
  for (let c = 0; c < k; c++) if ((counts[c] as number) < limit) low.push(c);
  const cap = Math.floor(0.5 * b);
  let chosen = low;
  if (low.length > 0.5 * b) {
    // Keep only the `cap` smallest counts (stable order, as argsort).
    const order = Array.from({ length: k }, (_, c) => c).sort((x, y) => (counts[x] as number) - (counts[y] as number) || x - y);
    const keep = new Set(order.slice(0, cap));
    chosen = low.filter((c) => keep.has(c));
  }
  if (chosen.length === 0) return;
  const picks = rng.sampleWithoutReplacement(b, chosen.length);
  chosen.forEach((c, t) => C.set(X.subarray((picks[t] as number) * d, ((picks[t] as number) + 1) * d), c * d));
  const isChosen = new Uint8Array(k);
  for (const c of chosen) isChosen[c] = 1;
  let min = Infinity;
  for (let c = 0; c < k; c++) if (isChosen[c] === 0 && (counts[c] as number) < min) min = counts[c] as number;
  if (min === Infinity) min = 0;
  for (const c of chosen) counts[c] = min;
}
