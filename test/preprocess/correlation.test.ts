import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorrelationFilter, correlationMatrix, fromJSON, toRows, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('correlation');

describe('correlationMatrix', () => {
  it('pearson matches numpy corrcoef', () => {
    allClose(correlationMatrix(G.X), G.pearson, { rtol: G.rtol, atol: 1e-14 });
  });
  it('spearman matches scipy spearmanr (ties get average ranks)', () => {
    allClose(correlationMatrix(G.X, { method: 'spearman' }), G.spearman, { rtol: G.rtol, atol: 1e-14 });
  });
  it('by hand: a monotone but nonlinear relation has spearman 1', () => {
    const X = [[1, 1], [2, 8], [3, 27], [4, 64]];
    expect(toRows(correlationMatrix(X, { method: 'spearman' }))).toEqual([[1, 1], [1, 1]]);
    const r = toRows(correlationMatrix(X))[0]?.[1] as number;
    expect(r).toBeGreaterThan(0.9);
    expect(r).toBeLessThan(1);
  });
  it('rejects constant columns, one row and unknown methods', () => {
    try {
      correlationMatrix([[1, 3], [2, 3], [3, 3]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).column).toBe(1);
      expect((e as Error).message).toMatch(/column 1 constant/);
    }
    expect(() => correlationMatrix([[1, 2]])).toThrow(/minimum of 2/);
    expect(() => correlationMatrix([[1, 2], [2, 1]], { method: 'kendall' as never })).toThrow(/'method' parameter/);
  });
  it('is symmetric with unit diagonal and values in [-1, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: -5, max: 5 }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 3, maxLength: 30 }), (rows) => {
        const X = rows.map(([a, b, c]) => [a, b, c]);
        for (let j = 0; j < 3; j++) if (new Set(X.map((r) => r[j])).size < 2) return;
        for (const method of ['pearson', 'spearman'] as const) {
          const C = correlationMatrix(X, { method });
          for (let j = 0; j < 3; j++) {
            expect(C.data[j * 3 + j]).toBe(1);
            for (let k = 0; k < 3; k++) {
              expect(C.data[j * 3 + k]).toBe(C.data[k * 3 + j]);
              expect(Math.abs(C.data[j * 3 + k] as number)).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('CorrelationFilter', () => {
  // columns: a, 2a (+noise), a unrelated one, -a scaled by 10 (larger variance)
  const X = [
    [1, 2.1, 5, -10],
    [2, 3.9, 3, -20.5],
    [3, 6.2, 4, -29],
    [4, 7.8, 1, -41],
    [5, 10.1, 2, -49],
  ];

  it("keep 'first' drops later duplicates and reports them", () => {
    const cf = new CorrelationFilter({ threshold: 0.95 }).fit(X);
    expect(Array.from(cf.support)).toEqual([0, 2]);
    const C = correlationMatrix(X);
    expect(cf.dropped).toEqual([
      { feature: 1, correlatedWith: 0, r: C.data[1 * 4 + 0] },
      { feature: 3, correlatedWith: 0, r: C.data[3 * 4 + 0] },
    ]);
    expect((cf.dropped[1] as { r: number }).r).toBeLessThan(-0.95);
    expect(cf.featureNamesOut(['a', 'b', 'c', 'd'])).toEqual(['a', 'c']);
    expect(toRows(cf.transform([[9, 9, 8, 9]]))).toEqual([[9, 8]]);
  });

  it("keep 'variance' keeps the feature with the larger variance", () => {
    const cf = new CorrelationFilter({ threshold: 0.95, keep: 'variance' }).fit(X);
    expect(Array.from(cf.support)).toEqual([2, 3]);
    expect(cf.dropped.map((x) => [x.feature, x.correlatedWith])).toEqual([[1, 3], [0, 3]]);
  });

  it('threshold 1 keeps everything; spearman catches monotone duplicates', () => {
    expect(Array.from(new CorrelationFilter({ threshold: 1 }).fit(X).support)).toEqual([0, 1, 2, 3]);
    const M = [[1, 1, 3], [2, 8, 1], [3, 27, 2], [4, 64, 0], [5, 125, 4]];
    expect(Array.from(new CorrelationFilter({ threshold: 0.99 }).fit(M).support)).toEqual([0, 1, 2]);
    expect(Array.from(new CorrelationFilter({ threshold: 0.99, method: 'spearman' }).fit(M).support)).toEqual([0, 2]);
  });

  it('keeps constant features and survives one row', () => {
    expect(Array.from(new CorrelationFilter().fit([[1, 7], [2, 7], [3, 7]]).support)).toEqual([0, 1]);
    expect(Array.from(new CorrelationFilter().fit([[1, 2]]).support)).toEqual([0, 1]);
  });

  it('no two kept features exceed the threshold; every dropped one is explained (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 5, maxLength: 5 }), { minLength: 4, maxLength: 15 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('first' as const, 'variance' as const),
        (X, threshold, keep) => {
          const cf = new CorrelationFilter({ threshold, keep }).fit(X);
          const support = Array.from(cf.support);
          expect(support.length + cf.dropped.length).toBe(5);
          for (const d of cf.dropped) {
            expect(support).toContain(d.correlatedWith);
            expect(Math.abs(d.r)).toBeGreaterThan(threshold);
          }
          const restored = fromJSON(JSON.stringify(cf)) as CorrelationFilter;
          expect(restored.dropped).toEqual(cf.dropped);
        },
      ),
      { numRuns: 60 },
    );
  });
});
