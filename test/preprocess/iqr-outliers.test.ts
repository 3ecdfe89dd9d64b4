import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, IQROutliers, toRows } from '../../src/index.js';

describe('IQROutliers', () => {
  const X = [
    [1, 10],
    [2, 11],
    [3, 12],
    [4, 13],
    [100, 9],
    [2.5, -40],
  ];

  it('fences from numpy linear quartiles, by hand', () => {
    // column 0 sorted: 1 2 2.5 3 4 100 -> Q1 at index 1.25 = 2.125, Q3 at 3.75 = 3.75
    const iqr = new IQROutliers().fit(X);
    expect(Array.from(iqr.q1)).toEqual([2.125, 9.25]);
    expect(Array.from(iqr.q3)).toEqual([3.75, 11.75]);
    expect(Array.from(iqr.lower)).toEqual([2.125 - 1.5 * 1.625, 9.25 - 1.5 * 2.5]);
    expect(Array.from(iqr.upper)).toEqual([3.75 + 1.5 * 1.625, 11.75 + 1.5 * 2.5]);
  });

  it('flags cells and rows', () => {
    const iqr = new IQROutliers().fit(X);
    expect(toRows(iqr.outlierMask(X))).toEqual([[0, 0], [0, 0], [0, 0], [0, 0], [1, 0], [0, 1]]);
    expect(Array.from(iqr.predict(X))).toEqual([1, 1, 1, 1, -1, -1]);
    expect(toRows(iqr.transform(X))).toEqual(X);
  });

  it("mode 'clip' clips into the fences; k widens them", () => {
    const iqr = new IQROutliers({ mode: 'clip' }).fit(X);
    const t = toRows(iqr.transform([[100, -40], [3, 12]]));
    expect(t).toEqual([[3.75 + 1.5 * 1.625, 9.25 - 1.5 * 2.5], [3, 12]]);
    const far = new IQROutliers({ k: 100 }).fit(X);
    expect(Array.from(far.predict(X))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects a negative k and an unknown mode', () => {
    expect(() => new IQROutliers({ k: -1 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new IQROutliers({ mode: 'drop' as never }).fit(X)).toThrow(/'mode' parameter/);
  });

  it('clipped values lie within the fences and inside points never move (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 5, noNaN: true }), (v, k) => {
        const Xv = v.map((x) => [x]);
        const iqr = new IQROutliers({ k, mode: 'clip' }).fit(Xv);
        const t = iqr.transform(Xv).data;
        const flags = iqr.predict(Xv);
        const lo = iqr.lower[0] as number;
        const hi = iqr.upper[0] as number;
        for (let i = 0; i < v.length; i++) {
          expect(t[i]).toBeGreaterThanOrEqual(lo);
          expect(t[i]).toBeLessThanOrEqual(hi);
          if (flags[i] === 1) expect(t[i]).toBe(v[i]);
        }
      }),
      { numRuns: 80 },
    );
  });
});
