/**
 * Private kernels of the silhouette: sums of distances from every row to every cluster, computed
 * in register tiles without ever holding an n x n matrix. Inputs are validated by the caller.
 *
 * @packageDocumentation
 */
import type { Matrix } from '../core/matrix.js';

/** Distances the kernels compute from features. */
export type FeatureMetric = 'euclidean' | 'manhattan' | 'cosine';

/**
 * Largest n x k table of distance sums kept for the symmetric pass (32 MB); beyond it (very many
 * clusters) the rows are processed independently with O(k) memory and twice the distance work.
 */
export const SYMMETRIC_LIMIT = 1 << 22;

/**
 * A metric's tile routines. `pairs` takes rows i..i+3 against the column pairs of [j0, j1), adds
 * each row's sum of distances into rs[0..3] and, when `col` is given, each column's sum over the
 * four rows into col[j]; it returns the first column it left (j1, or j1 - 1 for an odd count).
 * `one` does the same for a single row against [j0, j1) and returns its sum.
 */
interface Tiles {
  pairs(X: Float64Array, d: number, i: number, j0: number, j1: number, col: Float64Array | null, rs: Float64Array): number;
  one(X: Float64Array, d: number, i: number, j0: number, j1: number, col: Float64Array | null): number;
}

/** Rows i..i+3 against rows [j0, j1): `pairs`, then the odd last column row by row. */
function quad(tiles: Tiles, X: Float64Array, d: number, i: number, j0: number, j1: number, col: Float64Array | null, rs: Float64Array): void {
  const j = tiles.pairs(X, d, i, j0, j1, col, rs);
  if (j === j1) return;
  const s0 = tiles.one(X, d, i, j, j1, null);
  const s1 = tiles.one(X, d, i + 1, j, j1, null);
  const s2 = tiles.one(X, d, i + 2, j, j1, null);
  const s3 = tiles.one(X, d, i + 3, j, j1, null);
  rs[0] = (rs[0] as number) + s0;
  rs[1] = (rs[1] as number) + s1;
  rs[2] = (rs[2] as number) + s2;
  rs[3] = (rs[3] as number) + s3;
  if (col !== null) col[j] = (col[j] as number) + (s0 + s1 + s2 + s3);
}

// Euclidean: direct differences (exact like scipy's cdist; as fast as the dot-product trick in JS
// for a 4 x 2 register tile, and without its cancellation for close pairs).
const euclidean: Tiles = {
  pairs(X, d, i, j0, j1, col, rs) {
    const b0 = i * d;
    const b1 = b0 + d;
    const b2 = b1 + d;
    const b3 = b2 + d;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let j = j0;
    for (; j + 1 < j1; j += 2) {
      const c0 = j * d;
      const c1 = c0 + d;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < d; t++) {
        const y0 = X[c0 + t] as number;
        const y1 = X[c1 + t] as number;
        let e: number;
        const a0 = X[b0 + t] as number;
        e = a0 - y0; s00 += e * e; e = a0 - y1; s01 += e * e;
        const a1 = X[b1 + t] as number;
        e = a1 - y0; s10 += e * e; e = a1 - y1; s11 += e * e;
        const a2 = X[b2 + t] as number;
        e = a2 - y0; s20 += e * e; e = a2 - y1; s21 += e * e;
        const a3 = X[b3 + t] as number;
        e = a3 - y0; s30 += e * e; e = a3 - y1; s31 += e * e;
      }
      const d00 = Math.sqrt(s00), d01 = Math.sqrt(s01), d10 = Math.sqrt(s10), d11 = Math.sqrt(s11);
      const d20 = Math.sqrt(s20), d21 = Math.sqrt(s21), d30 = Math.sqrt(s30), d31 = Math.sqrt(s31);
      r0 += d00 + d01;
      r1 += d10 + d11;
      r2 += d20 + d21;
      r3 += d30 + d31;
      if (col !== null) {
        col[j] = (col[j] as number) + (d00 + d10 + d20 + d30);
        col[j + 1] = (col[j + 1] as number) + (d01 + d11 + d21 + d31);
      }
    }
    rs[0] = (rs[0] as number) + r0;
    rs[1] = (rs[1] as number) + r1;
    rs[2] = (rs[2] as number) + r2;
    rs[3] = (rs[3] as number) + r3;
    return j;
  },
  one(X, d, i, j0, j1, col) {
    const b = i * d;
    let r = 0;
    for (let j = j0; j < j1; j++) {
      const cj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const e = (X[b + t] as number) - (X[cj + t] as number);
        s += e * e;
      }
      const dist = Math.sqrt(s);
      r += dist;
      if (col !== null) col[j] = (col[j] as number) + dist;
    }
    return r;
  },
};

const manhattan: Tiles = {
  pairs(X, d, i, j0, j1, col, rs) {
    const b0 = i * d;
    const b1 = b0 + d;
    const b2 = b1 + d;
    const b3 = b2 + d;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let j = j0;
    for (; j + 1 < j1; j += 2) {
      const c0 = j * d;
      const c1 = c0 + d;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < d; t++) {
        const y0 = X[c0 + t] as number;
        const y1 = X[c1 + t] as number;
        const a0 = X[b0 + t] as number;
        s00 += Math.abs(a0 - y0); s01 += Math.abs(a0 - y1);
        const a1 = X[b1 + t] as number;
        s10 += Math.abs(a1 - y0); s11 += Math.abs(a1 - y1);
        const a2 = X[b2 + t] as number;
        s20 += Math.abs(a2 - y0); s21 += Math.abs(a2 - y1);
        const a3 = X[b3 + t] as number;
        s30 += Math.abs(a3 - y0); s31 += Math.abs(a3 - y1);
      }
      r0 += s00 + s01;
      r1 += s10 + s11;
      r2 += s20 + s21;
      r3 += s30 + s31;
      if (col !== null) {
        col[j] = (col[j] as number) + (s00 + s10 + s20 + s30);
        col[j + 1] = (col[j + 1] as number) + (s01 + s11 + s21 + s31);
      }
    }
    rs[0] = (rs[0] as number) + r0;
    rs[1] = (rs[1] as number) + r1;
    rs[2] = (rs[2] as number) + r2;
    rs[3] = (rs[3] as number) + r3;
    return j;
  },
  one(X, d, i, j0, j1, col) {
    const b = i * d;
    let r = 0;
    for (let j = j0; j < j1; j++) {
      const cj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += Math.abs((X[b + t] as number) - (X[cj + t] as number));
      r += s;
      if (col !== null) col[j] = (col[j] as number) + s;
    }
    return r;
  },
};

/** 1 - cosine similarity on unit rows, clipped to [0, 2] as scikit-learn's cosine_distances. */
function cosDist(dot: number): number {
  const v = 1 - dot;
  return v < 0 ? 0 : v > 2 ? 2 : v;
}

// Cosine: rows are normalised beforehand, so the distance is 1 - dot.
const cosine: Tiles = {
  pairs(X, d, i, j0, j1, col, rs) {
    const b0 = i * d;
    const b1 = b0 + d;
    const b2 = b1 + d;
    const b3 = b2 + d;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let j = j0;
    for (; j + 1 < j1; j += 2) {
      const c0 = j * d;
      const c1 = c0 + d;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < d; t++) {
        const y0 = X[c0 + t] as number;
        const y1 = X[c1 + t] as number;
        const a0 = X[b0 + t] as number;
        s00 += a0 * y0; s01 += a0 * y1;
        const a1 = X[b1 + t] as number;
        s10 += a1 * y0; s11 += a1 * y1;
        const a2 = X[b2 + t] as number;
        s20 += a2 * y0; s21 += a2 * y1;
        const a3 = X[b3 + t] as number;
        s30 += a3 * y0; s31 += a3 * y1;
      }
      const d00 = cosDist(s00), d01 = cosDist(s01), d10 = cosDist(s10), d11 = cosDist(s11);
      const d20 = cosDist(s20), d21 = cosDist(s21), d30 = cosDist(s30), d31 = cosDist(s31);
      r0 += d00 + d01;
      r1 += d10 + d11;
      r2 += d20 + d21;
      r3 += d30 + d31;
      if (col !== null) {
        col[j] = (col[j] as number) + (d00 + d10 + d20 + d30);
        col[j + 1] = (col[j + 1] as number) + (d01 + d11 + d21 + d31);
      }
    }
    rs[0] = (rs[0] as number) + r0;
    rs[1] = (rs[1] as number) + r1;
    rs[2] = (rs[2] as number) + r2;
    rs[3] = (rs[3] as number) + r3;
    return j;
  },
  one(X, d, i, j0, j1, col) {
    const b = i * d;
    let r = 0;
    for (let j = j0; j < j1; j++) {
      const cj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += (X[b + t] as number) * (X[cj + t] as number);
      const dist = cosDist(s);
      r += dist;
      if (col !== null) col[j] = (col[j] as number) + dist;
    }
    return r;
  },
};

const TILES: Record<FeatureMetric, Tiles> = { euclidean, manhattan, cosine };

/** Rows grouped by cluster: `perm[p]` is the original row at sorted position p. */
interface Grouping {
  readonly perm: Int32Array;
  readonly offsets: Int32Array;
}

function groupByCluster(codes: Int32Array, k: number): Grouping {
  const n = codes.length;
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) offsets[(codes[i] as number) + 1]++;
  for (let c = 0; c < k; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const next = offsets.slice(0, k);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    perm[next[c] as number] = i;
    next[c] = (next[c] as number) + 1;
  }
  return { perm, offsets };
}

/** The rows in grouped order, normalised to unit length for the cosine metric (zero rows stay 0). */
function groupedRows(X: Matrix, perm: Int32Array, metric: FeatureMetric): Float64Array {
  const { rows: n, cols: d, data } = X;
  const out = new Float64Array(n * d);
  for (let p = 0; p < n; p++) {
    const src = (perm[p] as number) * d;
    const dst = p * d;
    if (metric === 'cosine') {
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[src + t] as number) ** 2;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let t = 0; t < d; t++) out[dst + t] = (data[src + t] as number) * inv;
    } else {
      out.set(data.subarray(src, src + d), dst);
    }
  }
  return out;
}

/** The silhouette of one row from its intra sum and nearest mean distance (scikit-learn's rules). */
function silhouetteOf(intraSum: number, own: number, nearest: number): number {
  if (own <= 1) return 0;
  const a = intraSum / (own - 1);
  const m = a > nearest ? a : nearest;
  return m > 0 ? (nearest - a) / m : 0;
}

/**
 * Silhouette coefficient of every row of X (n x d, finite) under `codes` (0..k-1, 2 <= k < n,
 * `counts` the cluster sizes), in the original row order.
 *
 * @remarks
 * Rows are grouped by cluster, then every unordered pair is visited once in 4 x 2 register tiles:
 * its distance is added to both rows' running sums for the other's cluster (an n x k table).
 * Time O(n^2 d / 2); memory O(n d + n k). With more than {@link SYMMETRIC_LIMIT} table cells, or
 * `rowwise`, each block of four rows is scored against every cluster independently: O(n^2 d)
 * time, O(n d + k) memory.
 */
export function silhouetteKernel(
  X: Matrix,
  codes: Int32Array,
  counts: Float64Array,
  k: number,
  metric: FeatureMetric,
  rowwise = false,
): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const { perm, offsets } = groupByCluster(codes, k);
  const Xs = groupedRows(X, perm, metric);
  const tiles = TILES[metric];
  const out = new Float64Array(n);
  const rs = new Float64Array(4);
  const colBlock = Math.max(16, Math.floor(16384 / Math.max(d, 1)));
  if (!rowwise && n * k <= SYMMETRIC_LIMIT) {
    const S = new Float64Array(n * k);
    // Column sums for the current cA, stride 1 (folded into S once per cA).
    const T = new Float64Array(n);
    for (let cA = 0; cA < k; cA++) {
      const sA = offsets[cA] as number;
      const eA = offsets[cA + 1] as number;
      for (let cB = cA; cB < k; cB++) {
        const sB = offsets[cB] as number;
        const eB = offsets[cB + 1] as number;
        const diag = cA === cB;
        const nQuad = sA + ((eA - sA) & ~3);
        if (diag) {
          // Pairs inside each quad of rows; the blocks below cover the pairs beyond the quad.
          for (let i = sA; i < nQuad; i += 4) {
            for (let r = 0; r < 3; r++) {
              const sum = tiles.one(Xs, d, i + r, i + r + 1, i + 4, T);
              S[(i + r) * k + cA] = (S[(i + r) * k + cA] as number) + sum;
            }
          }
        }
        // Column blocks of about 128 KB stay in cache while every row quad of cluster A sweeps them.
        for (let jb = sB; jb < eB; jb += colBlock) {
          const je = Math.min(jb + colBlock, eB);
          for (let i = sA; i < nQuad; i += 4) {
            const j0 = diag ? Math.max(jb, i + 4) : jb;
            if (j0 >= je) continue;
            rs.fill(0);
            quad(tiles, Xs, d, i, j0, je, T, rs);
            for (let r = 0; r < 4; r++) S[(i + r) * k + cB] = (S[(i + r) * k + cB] as number) + (rs[r] as number);
          }
          for (let i = nQuad; i < eA; i++) {
            const j0 = diag ? Math.max(jb, i + 1) : jb;
            if (j0 >= je) continue;
            const sum = tiles.one(Xs, d, i, j0, je, T);
            S[i * k + cB] = (S[i * k + cB] as number) + sum;
          }
        }
      }
      for (let j = sA; j < n; j++) S[j * k + cA] = (S[j * k + cA] as number) + (T[j] as number);
      T.fill(0, sA);
    }
    for (let c = 0; c < k; c++) {
      const own = counts[c] as number;
      for (let p = offsets[c] as number; p < (offsets[c + 1] as number); p++) {
        let nearest = Infinity;
        for (let c2 = 0; c2 < k; c2++) {
          if (c2 === c) continue;
          const mean = (S[p * k + c2] as number) / (counts[c2] as number);
          if (mean < nearest) nearest = mean;
        }
        out[perm[p] as number] = silhouetteOf(S[p * k + c] as number, own, nearest);
      }
    }
    return out;
  }
  // Row-wise: O(k) memory. Self-distances are included in the own-cluster sum; they are 0.
  const intra = new Float64Array(4);
  const nearest = new Float64Array(4);
  for (let cA = 0; cA < k; cA++) {
    const sA = offsets[cA] as number;
    const eA = offsets[cA + 1] as number;
    const own = counts[cA] as number;
    let i = sA;
    for (; i + 3 < eA; i += 4) {
      nearest.fill(Infinity);
      for (let cB = 0; cB < k; cB++) {
        rs.fill(0);
        quad(tiles, Xs, d, i, offsets[cB] as number, offsets[cB + 1] as number, null, rs);
        if (cB === cA) intra.set(rs);
        else {
          const size = counts[cB] as number;
          for (let r = 0; r < 4; r++) if ((rs[r] as number) / size < (nearest[r] as number)) nearest[r] = (rs[r] as number) / size;
        }
      }
      for (let r = 0; r < 4; r++) out[perm[i + r] as number] = silhouetteOf(intra[r] as number, own, nearest[r] as number);
    }
    for (; i < eA; i++) {
      let best = Infinity;
      let intraSum = 0;
      for (let cB = 0; cB < k; cB++) {
        const sum = tiles.one(Xs, d, i, offsets[cB] as number, offsets[cB + 1] as number, null);
        if (cB === cA) intraSum = sum;
        else if (sum / (counts[cB] as number) < best) best = sum / (counts[cB] as number);
      }
      out[perm[i] as number] = silhouetteOf(intraSum, own, best);
    }
  }
  return out;
}

/**
 * Silhouette of every row from a precomputed n x n distance matrix D (finite, zero diagonal).
 * O(n^2) time, O(k) extra memory.
 */
export function silhouetteFromDistances(D: Matrix, codes: Int32Array, counts: Float64Array, k: number): Float64Array {
  const n = D.rows;
  const data = D.data;
  const sums = new Float64Array(k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const base = i * n;
    for (let j = 0; j < n; j++) {
      const c = codes[j] as number;
      sums[c] = (sums[c] as number) + (data[base + j] as number);
    }
    const own = codes[i] as number;
    let nearest = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own) continue;
      const mean = (sums[c] as number) / (counts[c] as number);
      if (mean < nearest) nearest = mean;
    }
    out[i] = silhouetteOf(sums[own] as number, counts[own] as number, nearest);
  }
  return out;
}
