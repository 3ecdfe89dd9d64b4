import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSumExp, softmaxInPlace } from '../../src/linalg/logsumexp.js';

describe('logSumExp', () => {
  it('hand-computed values, without overflow or underflow', () => {
    expect(logSumExp(new Float64Array([0, 0]))).toBe(Math.LN2);
    expect(logSumExp(new Float64Array([1000, 1000]))).toBe(1000 + Math.LN2);
    expect(logSumExp(new Float64Array([-1000, -1000]))).toBe(-1000 + Math.LN2);
    expect(logSumExp(new Float64Array([5]))).toBe(5);
    expect(logSumExp(new Float64Array([9, 1, 2, 3]), 1, 2)).toBeCloseTo(Math.log(Math.E + Math.E ** 2), 14);
  });

  it('non-finite inputs: empty sum, infinities, NaN', () => {
    expect(logSumExp(new Float64Array([-Infinity, -Infinity]))).toBe(-Infinity);
    expect(logSumExp(new Float64Array([]))).toBe(-Infinity);
    expect(logSumExp(new Float64Array([1, Infinity]))).toBe(Infinity);
    expect(logSumExp(new Float64Array([1, NaN, 2]))).toBeNaN();
    expect(logSumExp(new Float64Array([-Infinity, 3]))).toBe(3);
  });

  it('is shift-equivariant and bounded by max and max + log n', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -700, max: 700, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: -100, max: 100, noNaN: true }), (xs, c) => {
        const a = Float64Array.from(xs);
        const l = logSumExp(a);
        const max = Math.max(...xs);
        expect(l).toBeGreaterThanOrEqual(max);
        expect(l).toBeLessThanOrEqual(max + Math.log(xs.length) + 1e-12);
        expect(logSumExp(a.map((v) => v + c))).toBeCloseTo(l + c, 9);
      }),
      { numRuns: 100 },
    );
  });
});

describe('softmaxInPlace', () => {
  it('writes probabilities summing to 1 and returns the log-sum-exp', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 12 }), (xs) => {
        const a = Float64Array.from([7, ...xs, 7]);
        const before = logSumExp(a, 1, xs.length);
        const l = softmaxInPlace(a, 1, xs.length);
        expect(l).toBe(before);
        let s = 0;
        for (let i = 1; i <= xs.length; i++) {
          expect(a[i]).toBeGreaterThanOrEqual(0);
          s += a[i] as number;
        }
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        expect([a[0], a[xs.length + 1]]).toEqual([7, 7]);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves a row whose log-sum-exp is not finite unchanged', () => {
    const a = new Float64Array([-Infinity, -Infinity]);
    expect(softmaxInPlace(a, 0, 2)).toBe(-Infinity);
    expect(Array.from(a)).toEqual([-Infinity, -Infinity]);
    const b = new Float64Array([0, NaN]);
    expect(softmaxInPlace(b, 0, 2)).toBeNaN();
  });
});
