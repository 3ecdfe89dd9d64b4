/**
 * Private kernels of PCA and IncrementalPCA: column means, the centred Gram matrix in one blocked
 * pass, a streaming Householder QR (for the exact SVD without an n x d copy), the randomized range
 * finder, sign flipping, projection and reconstruction. Inputs are finite row-major Float64Arrays; nothing here
 * mutates its inputs; outputs are written into buffers the caller owns or freshly allocated once.
 *
 * @packageDocumentation
 */
import { EigenvalueDecomposition, Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/random.js';

/** Rows per block of the blocked passes (a block of 128 x 32 doubles is 32 KiB). */
const BLOCK = 128;

/** Column means of an n x d row-major matrix. O(n d). */
export function columnMeans(data: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) mean[j] += data[base + j] as number;
  }
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  return mean;
}

/**
 * The column means and the centred Gram matrix `(X - 1 mean')' (X - 1 mean')` (d x d, symmetric,
 * full) in ONE blocked pass over X. Rows are shifted by the mean of the first block (an estimate
 * of the mean, so no cancellation), each block is copied shifted into a column-major scratch
 * buffer while the shifted column sums accumulate, and the upper triangle accumulates dot products
 * of contiguous columns in 2 x 4 register blocks. The exact centring follows from
 * `sum (x - s)(x - s)' - n delta delta'` with `delta = mean - s`. O(n d^2 / 2) multiply-adds,
 * O(d^2 + 128 d) memory.
 */
export function centeredGram(data: Float64Array, n: number, d: number): { G: Float64Array; mean: Float64Array } {
  const B = BLOCK;
  const buf = new Float64Array(B * d);
  const G = new Float64Array(d * d);
  const shift = columnMeans(data, Math.min(n, B), d);
  const sums = new Float64Array(d);
  for (let start = 0; start < n; start += B) {
    const b = Math.min(B, n - start);
    for (let r = 0; r < b; r++) {
      const base = (start + r) * d;
      for (let j = 0; j < d; j++) {
        const v = (data[base + j] as number) - (shift[j] as number);
        buf[j * B + r] = v;
        sums[j] = (sums[j] as number) + v;
      }
    }
    // 2 x 4 register blocks: rows i, i + 1 of G against columns j .. j + 3 (upper triangle; the
    // one lower entry (i + 1, i) this touches is overwritten by the final mirror)
    for (let i = 0; i < d; i += 2) {
      const oi = i * B;
      const gi = i * d;
      if (i + 1 === d) {
        let a0 = 0;
        for (let r = 0; r < b; r++) a0 += (buf[oi + r] as number) * (buf[oi + r] as number);
        G[gi + i] += a0;
        break;
      }
      const oi1 = oi + B;
      const gi1 = gi + d;
      let j = i;
      for (; j + 3 < d; j += 4) {
        const o0 = j * B;
        const o1 = o0 + B;
        const o2 = o1 + B;
        const o3 = o2 + B;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let c0 = 0;
        let c1 = 0;
        let c2 = 0;
        let c3 = 0;
        for (let r = 0; r < b; r++) {
          const x = buf[oi + r] as number;
          const y = buf[oi1 + r] as number;
          const v0 = buf[o0 + r] as number;
          const v1 = buf[o1 + r] as number;
          const v2 = buf[o2 + r] as number;
          const v3 = buf[o3 + r] as number;
          a0 += x * v0;
          a1 += x * v1;
          a2 += x * v2;
          a3 += x * v3;
          c0 += y * v0;
          c1 += y * v1;
          c2 += y * v2;
          c3 += y * v3;
        }
        G[gi + j] += a0;
        G[gi + j + 1] += a1;
        G[gi + j + 2] += a2;
        G[gi + j + 3] += a3;
        G[gi1 + j] += c0;
        G[gi1 + j + 1] += c1;
        G[gi1 + j + 2] += c2;
        G[gi1 + j + 3] += c3;
      }
      for (; j < d; j++) {
        const o0 = j * B;
        let a0 = 0;
        let c0 = 0;
        for (let r = 0; r < b; r++) {
          const v = buf[o0 + r] as number;
          a0 += (buf[oi + r] as number) * v;
          c0 += (buf[oi1 + r] as number) * v;
        }
        G[gi + j] += a0;
        G[gi1 + j] += c0;
      }
    }
  }
  const mean = new Float64Array(d);
  const delta = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    delta[j] = (sums[j] as number) / n;
    mean[j] = (shift[j] as number) + (delta[j] as number);
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = (G[i * d + j] as number) - n * (delta[i] as number) * (delta[j] as number);
      G[i * d + j] = v;
      G[j * d + i] = v;
    }
  }
  return { G, mean };
}

/**
 * The R factor (d x d, upper triangular, row-major) of the QR decomposition of the centred rows
 * `X - 1 mean'` (n >= d), by streaming Householder reflections over blocks of rows stacked under
 * the current R (a TSQR sweep). Backward stable like LAPACK's QR, O(2 n d^2) flops, O(d^2 + 128 d)
 * memory: the centred matrix is never materialised.
 *
 * `mean` may be null for data that is already centred.
 */
export function streamingR(data: Float64Array, n: number, d: number, mean: Float64Array | null): Float64Array {
  const B = BLOCK;
  const R = new Float64Array(d * d);
  const W = new Float64Array(B * d); // column-major block: column j at j * B
  for (let start = 0; start < n; start += B) {
    const b = Math.min(B, n - start);
    for (let r = 0; r < b; r++) {
      const base = (start + r) * d;
      for (let j = 0; j < d; j++) W[j * B + r] = (data[base + j] as number) - (mean === null ? 0 : (mean[j] as number));
    }
    for (let k = 0; k < d; k++) {
      const ok = k * B;
      let xx = 0;
      for (let r = 0; r < b; r++) {
        const x = W[ok + r] as number;
        xx += x * x;
      }
      if (xx === 0) continue;
      const alpha = R[k * d + k] as number;
      const norm = Math.sqrt(alpha * alpha + xx);
      const beta = alpha > 0 ? -norm : norm;
      const v0 = alpha - beta;
      const tau = (beta - alpha) / beta;
      // v = [1; x / v0]; apply H = I - tau v v' to columns j > k of [R; W]
      const inv = 1 / v0;
      for (let r = 0; r < b; r++) W[ok + r] = (W[ok + r] as number) * inv;
      for (let j = k + 1; j < d; j++) {
        const oj = j * B;
        let s = R[k * d + j] as number;
        for (let r = 0; r < b; r++) s += (W[ok + r] as number) * (W[oj + r] as number);
        s *= tau;
        R[k * d + j] = (R[k * d + j] as number) - s;
        for (let r = 0; r < b; r++) W[oj + r] = (W[oj + r] as number) - s * (W[ok + r] as number);
      }
      R[k * d + k] = beta;
    }
  }
  return R;
}

/** Singular values (descending) and right singular vectors (rows of `vt`, k x d) of a matrix. */
export interface ThinSvd {
  readonly s: Float64Array;
  /** k x d row-major, k = min(rows, d). */
  readonly vt: Float64Array;
}

function toMl(data: Float64Array, rows: number, cols: number): MlMatrix {
  const m = new MlMatrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, data[i * cols + j] as number);
  return m;
}

/**
 * Thin SVD of an m x d row-major matrix (singular values and right vectors only). For m >= d, the
 * streaming QR reduces it to d x d first; for m < d, ml-matrix decomposes the (d x m) transpose.
 * O(m d min(m, d)).
 */
export function thinSvd(data: Float64Array, m: number, d: number, mean: Float64Array | null = null): ThinSvd {
  if (m >= d) {
    const R = streamingR(data, m, d, mean);
    const svd = new SingularValueDecomposition(toMl(R, d, d), { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: false });
    const V = svd.rightSingularVectors;
    const s = Float64Array.from(svd.diagonal, (x) => Math.max(0, x));
    const vt = new Float64Array(d * d);
    for (let k = 0; k < d; k++) for (let j = 0; j < d; j++) vt[k * d + j] = V.get(j, k);
    return { s, vt };
  }
  const At = new MlMatrix(d, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) At.set(j, i, (data[i * d + j] as number) - (mean === null ? 0 : (mean[j] as number)));
  const svd = new SingularValueDecomposition(At, { computeLeftSingularVectors: true, computeRightSingularVectors: false, autoTranspose: false });
  const U = svd.leftSingularVectors; // d x m: the right singular vectors of A
  const s = Float64Array.from(svd.diagonal, (x) => Math.max(0, x));
  const k = s.length;
  const vt = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) vt[c * d + j] = U.get(j, c);
  return { s, vt };
}

/**
 * Eigen-decomposition of a symmetric d x d matrix: eigenvalues in descending order and the
 * eigenvectors as rows (d x d). Uses ml-matrix's tridiagonal QL (JAMA's tred2/tql2). O(d^3).
 */
export function symmetricEigen(C: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const evd = new EigenvalueDecomposition(toMl(C, d, d), { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const E = evd.eigenvectorMatrix;
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => (vals[b] as number) - (vals[a] as number) || a - b);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const src = order[k] as number;
    values[k] = vals[src] as number;
    for (let j = 0; j < d; j++) vectors[k * d + j] = E.get(j, src);
  }
  return { values, vectors };
}

/**
 * scikit-learn 1.2's `svd_flip(U, Vt)` (u-based): for each of the first k components, the entry of
 * largest absolute value in the score column `U[:, c]` (proportional to `(X - mean) v_c`) is made
 * positive by flipping `vt` row c in place. Ties go to the first row, as numpy's argmax. O(n d k).
 */
export function flipSignsByScores(data: Float64Array, n: number, d: number, mean: Float64Array, vt: Float64Array, k: number): void {
  const best = new Float64Array(k);
  const bestAbs = new Float64Array(k).fill(-1);
  // (x - mean) . v = x . v - mean . v: no per-row centring
  const mv = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (mean[j] as number) * (vt[c * d + j] as number);
    mv[c] = s;
  }
  // one pass over the rows (row-outer), so X is streamed once whatever k is
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let c = 0; c < k; c++) {
      const o = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[base + j] as number) * (vt[o + j] as number);
      s -= mv[c] as number;
      const a = s < 0 ? -s : s;
      if (a > (bestAbs[c] as number)) {
        bestAbs[c] = a;
        best[c] = s;
      }
    }
  }
  for (let c = 0; c < k; c++) {
    if ((best[c] as number) < 0) for (let j = 0; j < d; j++) vt[c * d + j] = -(vt[c * d + j] as number);
  }
}

/**
 * scikit-learn's `svd_flip(U, Vt, u_based_decision=False)`: the entry of largest absolute value in
 * each row of `vt` is made positive (first on ties). O(k d).
 */
export function flipSignsByComponents(vt: Float64Array, k: number, d: number): void {
  for (let c = 0; c < k; c++) {
    let arg = 0;
    let big = -1;
    for (let j = 0; j < d; j++) {
      const a = Math.abs(vt[c * d + j] as number);
      if (a > big) {
        big = a;
        arg = j;
      }
    }
    if ((vt[c * d + arg] as number) < 0) for (let j = 0; j < d; j++) vt[c * d + j] = -(vt[c * d + j] as number);
  }
}

/**
 * `out = ((X - 1 mean') components') * scale` for k components (scale per component or null):
 * n x k, row-major. O(n d k).
 */
export function project(
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  components: Float64Array,
  k: number,
  scale: Float64Array | null,
): Float64Array {
  const out = new Float64Array(n * k);
  const centered = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) centered[j] = (data[base + j] as number) - (mean[j] as number);
    for (let c = 0; c < k; c++) {
      const o = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += (centered[j] as number) * (components[o + j] as number);
      out[i * k + c] = scale === null ? s : s * (scale[c] as number);
    }
  }
  return out;
}

/** `out = Y (components * scale) + 1 mean'`: maps n x k scores back to n x d. O(n d k). */
export function reconstruct(
  Y: Float64Array,
  n: number,
  k: number,
  d: number,
  mean: Float64Array,
  components: Float64Array,
  scale: Float64Array | null,
): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) out[base + j] = mean[j] as number;
    for (let c = 0; c < k; c++) {
      const y = (Y[i * k + c] as number) * (scale === null ? 1 : (scale[c] as number));
      const o = c * d;
      for (let j = 0; j < d; j++) out[base + j] = (out[base + j] as number) + y * (components[o + j] as number);
    }
  }
  return out;
}

/** The parts of a fitted PCA or IncrementalPCA that {@link projectModel} and {@link reconstructModel} use. */
export interface LinearModel {
  readonly nFeaturesIn: number;
  readonly nComponents: number;
  readonly components: Matrix;
  readonly explainedVariance: Float64Array;
  readonly mean: Float64Array;
}

/** Whitening scale `explainedVariance[c] ** power` per component (0, not NaN, for a zero variance); null when not whitening. */
export function whitenScale(explainedVariance: Float64Array, whiten: boolean, power: number): Float64Array | null {
  if (!whiten) return null;
  return Float64Array.from(explainedVariance, (v) => (v > 0 ? v ** power : 0));
}

/** Scores of the rows of X on the model's components, divided by `sqrt(explainedVariance)` when whitening: n x k. O(n d k). */
export function projectModel(model: LinearModel, X: Matrix, whiten: boolean): Matrix {
  const k = model.nComponents;
  const scale = whitenScale(model.explainedVariance, whiten, -0.5);
  return { rows: X.rows, cols: k, data: project(X.data, X.rows, X.cols, model.mean, model.components.data, k, scale) };
}

/** Maps n x k scores back to feature space (undoing whitening): n x d. O(n d k). */
export function reconstructModel(model: LinearModel, Y: Matrix, whiten: boolean): Matrix {
  const d = model.nFeaturesIn;
  const scale = whitenScale(model.explainedVariance, whiten, 0.5);
  return { rows: Y.rows, cols: d, data: reconstruct(Y.data, Y.rows, model.nComponents, d, model.mean, model.components.data, scale) };
}

/**
 * Orthonormalizes the columns of a row-major n x l matrix in place by SVQB (Stathopoulos and Wu,
 * 2002): `G = Y'Y`, `G = W L W'`, `Y <- Y W L^(-1/2)`, dropping directions whose eigenvalue is
 * below `l * eps * max` (they become zero columns). Applied twice by the caller for full accuracy.
 * One pass over Y for G and one for the update: O(n l^2).
 */
function svqb(Y: Float64Array, n: number, l: number): void {
  const G = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const ya = Y[o + a] as number;
      if (ya === 0) continue;
      for (let b = a; b < l; b++) G[a * l + b] += ya * (Y[o + b] as number);
    }
  }
  for (let a = 0; a < l; a++) for (let b = a + 1; b < l; b++) G[b * l + a] = G[a * l + b] as number;
  const { values, vectors } = symmetricEigen(G, l);
  const top = Math.max(values[0] as number, 0);
  const cutoff = top * l * Number.EPSILON;
  // T = W L^(-1/2): T[a, c] = vectors[c * l + a] / sqrt(values[c])
  const T = new Float64Array(l * l);
  for (let c = 0; c < l; c++) {
    const v = values[c] as number;
    if (!(v > cutoff) || top === 0) continue;
    const f = 1 / Math.sqrt(v);
    for (let a = 0; a < l; a++) T[a * l + c] = (vectors[c * l + a] as number) * f;
  }
  const rowBuf = new Float64Array(l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) rowBuf[a] = Y[o + a] as number;
    for (let c = 0; c < l; c++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += (rowBuf[a] as number) * (T[a * l + c] as number);
      Y[o + c] = s;
    }
  }
}

/** `Y = (X - 1 mean') Q` for Q d x l (row-major): n x l row-major. O(n d l). */
function mulCentered(data: Float64Array, n: number, d: number, mean: Float64Array, Q: Float64Array, l: number, Y: Float64Array): void {
  const centered = new Float64Array(d);
  Y.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    const o = i * l;
    for (let j = 0; j < d; j++) centered[j] = (data[base + j] as number) - (mean[j] as number);
    for (let j = 0; j < d; j++) {
      const x = centered[j] as number;
      if (x === 0) continue;
      const q = j * l;
      for (let c = 0; c < l; c++) Y[o + c] = (Y[o + c] as number) + x * (Q[q + c] as number);
    }
  }
}

/** `Z = (X - 1 mean')' Y` for Y n x l (row-major): d x l row-major. O(n d l). */
function mulCenteredT(data: Float64Array, n: number, d: number, mean: Float64Array, Y: Float64Array, l: number, Z: Float64Array): void {
  Z.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    const o = i * l;
    for (let j = 0; j < d; j++) {
      const x = (data[base + j] as number) - (mean[j] as number);
      if (x === 0) continue;
      const z = j * l;
      for (let c = 0; c < l; c++) Z[z + c] = (Z[z + c] as number) + x * (Y[o + c] as number);
    }
  }
}

/**
 * Randomized SVD of the centred data (Halko, Martinsson and Tropp, 2011, algorithms 4.4 and 5.1,
 * as scikit-learn's `randomized_svd`): a Gaussian test matrix of `l` columns, `nIter` power
 * iterations normalised by SVQB (scikit-learn normalises with LU; both only stabilise the range),
 * then the exact SVD of the small `l x d` projection. Returns the top `l` singular values and right
 * vectors. O(n d l (2 nIter + 2)) time, O(n l) memory.
 */
export function randomizedSvd(
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  l: number,
  nIter: number,
  rng: Rng,
): ThinSvd {
  const Q = new Float64Array(d * l);
  for (let k = 0; k < Q.length; k++) Q[k] = rng.normal();
  const Y = new Float64Array(n * l);
  for (let it = 0; it < nIter; it++) {
    mulCentered(data, n, d, mean, Q, l, Y);
    svqb(Y, n, l);
    svqb(Y, n, l);
    mulCenteredT(data, n, d, mean, Y, l, Q);
    svqb(Q, d, l);
    svqb(Q, d, l);
  }
  mulCentered(data, n, d, mean, Q, l, Y);
  svqb(Y, n, l);
  svqb(Y, n, l);
  // B' = (X - 1 mean')' Y is d x l; B = Y' (X - 1 mean') is l x d
  const Bt = new Float64Array(d * l);
  mulCenteredT(data, n, d, mean, Y, l, Bt);
  const B = new Float64Array(l * d);
  for (let j = 0; j < d; j++) for (let c = 0; c < l; c++) B[c * d + j] = Bt[j * l + c] as number;
  return thinSvd(B, l, d);
}

/**
 * Inverse and log-determinant of a symmetric positive definite d x d matrix by Cholesky
 * (`A = L L'`; only the lower triangle of A is read). Returns null when A is not positive definite
 * (a non-positive or non-finite pivot). O(d^3).
 */
export function spdInverseLogDet(A: Float64Array, d: number): { inverse: Float64Array; logDet: number } | null {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j] as number;
      for (let m = 0; m < j; m++) s -= (L[i * d + m] as number) * (L[j * d + m] as number);
      if (i === j) {
        if (!(s > 0) || s - s !== 0) return null;
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / (L[j * d + j] as number);
    }
  }
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += 2 * Math.log(L[i * d + i] as number);
  // Linv: lower triangular inverse of L, column by column
  const Linv = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    Linv[j * d + j] = 1 / (L[j * d + j] as number);
    for (let i = j + 1; i < d; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= (L[i * d + m] as number) * (Linv[m * d + j] as number);
      Linv[i * d + j] = s / (L[i * d + i] as number);
    }
  }
  // A^-1 = Linv' Linv
  const inverse = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < d; m++) s += (Linv[m * d + i] as number) * (Linv[m * d + j] as number);
      inverse[i * d + j] = s;
      inverse[j * d + i] = s;
    }
  }
  return { inverse, logDet };
}
