/**
 * Cholesky factorisation and the triangular helpers built on it, on flat row-major Float64Arrays
 * (one d x d matrix at `offset`, so a batch of k matrices can live in one array).
 *
 * @packageDocumentation
 */

/**
 * Lower Cholesky factor: writes L (lower triangular, zeros above the diagonal) with A = L Lᵀ.
 *
 * @remarks
 * Cholesky–Banachiewicz, row by row, O(d³/3) time, no extra memory. Only the lower triangle of A
 * is read. `A` and `L` may be the same array (in-place). Fails instead of producing NaN: returns
 * false when a pivot is not strictly positive or not finite (A not positive definite, or
 * overflowing), leaving `L` partly written. Reference: Golub and Van Loan, Matrix Computations
 * (4th ed., 2013), algorithm 4.2.1.
 *
 * @param A - symmetric positive definite matrix, d x d, row-major
 * @param d - order of the matrix
 * @param L - output, d x d
 * @param offA - offset of the matrix in `A` @defaultValue 0
 * @param offL - offset of the factor in `L` @defaultValue 0
 * @returns true on success, false when A is not (numerically) positive definite
 * @example
 * ```ts
 * import { cholesky } from './cholesky.js';
 * const L = new Float64Array(4);
 * cholesky(new Float64Array([4, 2, 2, 5]), 2, L); // L = [2, 0, 1, 2]
 * ```
 */
export function cholesky(A: Float64Array, d: number, L: Float64Array, offA = 0, offL = 0): boolean {
  for (let i = 0; i < d; i++) {
    const ri = offL + i * d;
    for (let j = 0; j <= i; j++) {
      const rj = offL + j * d;
      let s = A[offA + i * d + j] as number;
      for (let m = 0; m < j; m++) s -= (L[ri + m] as number) * (L[rj + m] as number);
      if (i === j) {
        // s - s is NaN for NaN and infinities: the same test rejects all of them.
        if (!(s > 0) || s - s !== 0) return false;
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / (L[rj + j] as number);
      }
    }
    for (let j = i + 1; j < d; j++) L[ri + j] = 0;
  }
  return true;
}

/**
 * Inverse of a lower triangular matrix (itself lower triangular), by forward substitution on
 * the columns of the identity. O(d³/3) time.
 *
 * @param L - lower triangular, d x d, non-zero diagonal
 * @param d - order
 * @param out - output, d x d (must not alias `L`)
 * @param offL - offset of `L` @defaultValue 0
 * @param offOut - offset of `out` @defaultValue 0
 * @example
 * ```ts
 * import { invertLowerTriangular } from './cholesky.js';
 * const inv = new Float64Array(4);
 * invertLowerTriangular(new Float64Array([2, 0, 1, 2]), 2, inv); // [0.5, 0, -0.25, 0.5]
 * ```
 */
export function invertLowerTriangular(L: Float64Array, d: number, out: Float64Array, offL = 0, offOut = 0): void {
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[offOut + i * d + j] = 0;
  for (let j = 0; j < d; j++) {
    // column j of the inverse: solve L x = e_j, x[i] = 0 for i < j
    out[offOut + j * d + j] = 1 / (L[offL + j * d + j] as number);
    for (let i = j + 1; i < d; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= (L[offL + i * d + m] as number) * (out[offOut + m * d + j] as number);
      out[offOut + i * d + j] = s / (L[offL + i * d + i] as number);
    }
  }
}

/**
 * Cholesky factor of the precision (inverse covariance) from a covariance matrix, as
 * scikit-learn's `_compute_precision_cholesky`: with Σ = L Lᵀ, writes P = (L⁻¹)ᵀ (upper
 * triangular), so that Σ⁻¹ = P Pᵀ and the Mahalanobis distance is ‖(x − μ)ᵀ P‖².
 *
 * @remarks O(d³) time; `scratch` (d x d) holds L. Returns false when Σ is not positive definite.
 *
 * @param cov - covariance, d x d
 * @param d - order
 * @param out - output P, d x d (must not alias `cov`)
 * @param scratch - work array of at least d x d values
 * @param offCov - offset of `cov` @defaultValue 0
 * @param offOut - offset of `out` @defaultValue 0
 * @returns true on success
 * @example
 * ```ts
 * import { precisionCholesky } from './cholesky.js';
 * const P = new Float64Array(4);
 * precisionCholesky(new Float64Array([4, 0, 0, 1]), 2, P, new Float64Array(4)); // P = [0.5, 0, 0, 1]
 * ```
 */
export function precisionCholesky(cov: Float64Array, d: number, out: Float64Array, scratch: Float64Array, offCov = 0, offOut = 0): boolean {
  if (!cholesky(cov, d, scratch, offCov, 0)) return false;
  invertLowerTriangular(scratch, d, out, 0, offOut);
  // transpose in place: out holds L⁻¹ (lower); P = (L⁻¹)ᵀ
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const a = offOut + i * d + j;
      const b = offOut + j * d + i;
      const t = out[a] as number;
      out[a] = out[b] as number;
      out[b] = t;
    }
  }
  for (let i = 0; i < d * d; i++) if (!Number.isFinite(out[offOut + i] as number)) return false;
  return true;
}

/**
 * Inverse of a symmetric positive definite matrix through its Cholesky factor:
 * A⁻¹ = L⁻ᵀ L⁻¹. O(d³) time; `scratch` needs 2 d² values.
 *
 * @param A - symmetric positive definite, d x d
 * @param d - order
 * @param out - output, d x d (may alias `A`)
 * @param scratch - work array of at least 2 d² values
 * @param offA - offset of `A` @defaultValue 0
 * @param offOut - offset of `out` @defaultValue 0
 * @returns false when A is not positive definite (then `out` is untouched)
 * @example
 * ```ts
 * import { spdInverse } from './cholesky.js';
 * const inv = new Float64Array(4);
 * spdInverse(new Float64Array([4, 0, 0, 2]), 2, inv, new Float64Array(8)); // inv ≈ [0.25, 0, 0, 0.5]
 * ```
 */
export function spdInverse(A: Float64Array, d: number, out: Float64Array, scratch: Float64Array, offA = 0, offOut = 0): boolean {
  const dd = d * d;
  if (!cholesky(A, d, scratch, offA, 0)) return false;
  invertLowerTriangular(scratch, d, scratch, 0, dd);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      // (L⁻ᵀ L⁻¹)[i][j] = Σ_m Linv[m][i] Linv[m][j], m >= max(i, j) = i
      let s = 0;
      for (let m = i; m < d; m++) s += (scratch[dd + m * d + i] as number) * (scratch[dd + m * d + j] as number);
      out[offOut + i * d + j] = s;
      out[offOut + j * d + i] = s;
    }
  }
  return true;
}

/**
 * Sum of the logs of the diagonal of a triangular factor: log det(L). For a Cholesky factor of
 * A, log det(A) = 2 log det(L). O(d).
 *
 * @param L - triangular, d x d, positive diagonal
 * @param d - order
 * @param off - offset of `L` @defaultValue 0
 * @example
 * ```ts
 * import { logDetTriangular } from './cholesky.js';
 * console.log(logDetTriangular(new Float64Array([2, 0, 1, 2]), 2) === Math.log(4)); // true
 * ```
 */
export function logDetTriangular(L: Float64Array, d: number, off = 0): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(L[off + i * d + i] as number);
  return s;
}
