import fc from 'fast-check';
import { CholeskyDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { cholesky, invertLowerTriangular, logDetTriangular, precisionCholesky, spdInverse } from '../../src/linalg/cholesky.js';
import { Rng } from '../../src/core/random.js';
import { allClose } from '../../src/testing/index.js';

/** A random symmetric positive definite d x d matrix: B Bᵀ + d I. */
function spd(d: number, rng: Rng): Float64Array {
  const B = Float64Array.from({ length: d * d }, () => rng.normal());
  const A = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = i === j ? d : 0;
      for (let m = 0; m < d; m++) s += (B[i * d + m] as number) * (B[j * d + m] as number);
      A[i * d + j] = s;
    }
  }
  return A;
}

function matmul(A: Float64Array, B: Float64Array, d: number, transposeB = false): Float64Array {
  const C = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let m = 0; m < d; m++) s += (A[i * d + m] as number) * (transposeB ? (B[j * d + m] as number) : (B[m * d + j] as number));
      C[i * d + j] = s;
    }
  }
  return C;
}

const eye = (d: number) => Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));

describe('cholesky', () => {
  it('factors a hand-computed 3 x 3 matrix', () => {
    const A = new Float64Array([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const L = new Float64Array(9);
    expect(cholesky(A, 3, L)).toBe(true);
    expect(Array.from(L)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    expect(logDetTriangular(L, 3)).toBeCloseTo(Math.log(6), 14);
  });

  it('agrees with ml-matrix on random SPD matrices, at an offset, and in place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 1000 }), (d, seed) => {
        const A = spd(d, new Rng(seed));
        const packed = new Float64Array(3 + d * d);
        packed.set(A, 3);
        const L = new Float64Array(5 + d * d);
        expect(cholesky(packed, d, L, 3, 5)).toBe(true);
        const ref = new CholeskyDecomposition(new MlMatrix(Array.from({ length: d }, (_, i) => Array.from(A.subarray(i * d, (i + 1) * d)))));
        allClose(L.subarray(5), ref.lowerTriangularMatrix.to1DArray(), { rtol: 1e-12, atol: 1e-12 });
        const inPlace = A.slice();
        expect(cholesky(inPlace, d, inPlace)).toBe(true);
        allClose(inPlace, L.subarray(5), { rtol: 0 });
      }),
      { numRuns: 40 },
    );
  });

  it('returns false on matrices that are not positive definite, or not finite', () => {
    const L = new Float64Array(4);
    expect(cholesky(new Float64Array([1, 2, 2, 1]), 2, L)).toBe(false);
    expect(cholesky(new Float64Array([0, 0, 0, 0]), 2, L)).toBe(false);
    expect(cholesky(new Float64Array([1, 1, 1, 1]), 2, L)).toBe(false);
    expect(cholesky(new Float64Array([NaN, 0, 0, 1]), 2, L)).toBe(false);
    expect(cholesky(new Float64Array([Infinity, 0, 0, 1]), 2, L)).toBe(false);
  });
});

describe('triangular inverse, precision Cholesky, SPD inverse', () => {
  it('L⁻¹ L = I, P Pᵀ = A⁻¹, A A⁻¹ = I', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1000 }), (d, seed) => {
        const A = spd(d, new Rng(seed));
        const L = new Float64Array(d * d);
        cholesky(A, d, L);
        const Linv = new Float64Array(d * d);
        invertLowerTriangular(L, d, Linv);
        allClose(matmul(Linv, L, d), eye(d), { rtol: 0, atol: 1e-12 });
        const P = new Float64Array(d * d);
        expect(precisionCholesky(A, d, P, new Float64Array(d * d))).toBe(true);
        for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) expect(P[i * d + j]).toBe(0); // upper triangular
        const prec = matmul(P, P, d, true);
        allClose(matmul(A, prec, d), eye(d), { rtol: 0, atol: 1e-10 });
        const inv = new Float64Array(d * d);
        expect(spdInverse(A, d, inv, new Float64Array(2 * d * d))).toBe(true);
        allClose(inv, prec, { rtol: 1e-10, atol: 1e-13 });
      }),
      { numRuns: 40 },
    );
  });

  it('hand-computed 2 x 2 cases', () => {
    const P = new Float64Array(4);
    expect(precisionCholesky(new Float64Array([4, 0, 0, 1]), 2, P, new Float64Array(4))).toBe(true);
    expect(Array.from(P)).toEqual([0.5, 0, 0, 1]);
    const inv = new Float64Array(4);
    expect(spdInverse(new Float64Array([4, 0, 0, 2]), 2, inv, new Float64Array(8))).toBe(true);
    allClose(inv, [0.25, 0, 0, 0.5], { rtol: 1e-15 });
    const Linv = new Float64Array(4);
    invertLowerTriangular(new Float64Array([2, 0, 1, 2]), 2, Linv);
    expect(Array.from(Linv)).toEqual([0.5, 0, -0.25, 0.5]);
    expect(precisionCholesky(new Float64Array([1, 2, 2, 1]), 2, P, new Float64Array(4))).toBe(false);
    expect(spdInverse(new Float64Array([-1, 0, 0, 1]), 2, inv, new Float64Array(8))).toBe(false);
  });
});
