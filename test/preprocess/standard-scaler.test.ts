import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { toRows } from '../../src/core/matrix.js';
import { allClose } from '../../src/testing/asserts.js';

describe('StandardScaler', () => {
  it('standardizes with population statistics (hand-computed)', () => {
    const s = new StandardScaler().fit([[1, 10], [3, 10], [5, 13]]);
    allClose(s.mean, [3, 11]);
    allClose(s.var, [8 / 3, 2]);
    allClose(s.scale, [Math.sqrt(8 / 3), Math.sqrt(2)]);
    allClose(s.transform([[3, 11], [5, 13]]), [[0, 0], [2 / Math.sqrt(8 / 3), 2 / Math.sqrt(2)]], { rtol: 1e-14 });
  });

  it('gives constant columns scale 1 (centres, never divides by zero)', () => {
    const s = new StandardScaler().fit([[7, 1], [7, 2], [7, 3]]);
    expect(s.scale[0]).toBe(1);
    expect(toRows(s.transform([[7, 2]]))).toEqual([[0, 0]]);
    const tiny = new StandardScaler().fit([[0.1], [0.1 + 1e-17], [0.1]]);
    expect(tiny.scale[0]).toBe(1);
  });

  it('honours withMean and withStd', () => {
    expect(toRows(new StandardScaler({ withMean: false }).fit([[1], [3]]).transform([[2]]))).toEqual([[2]]);
    expect(toRows(new StandardScaler({ withStd: false }).fit([[1], [3]]).transform([[2]]))).toEqual([[0]]);
  });

  it('supports sample weights (weight 2 equals a duplicated row)', () => {
    const w = new StandardScaler().fit([[1], [4]], { sampleWeight: [2, 1] });
    const d = new StandardScaler().fit([[1], [1], [4]]);
    allClose(w.mean, d.mean, { rtol: 1e-15 });
    allClose(w.var, d.var, { rtol: 1e-15 });
  });

  it('inverseTransform round-trips (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 20 }),
        (rows) => {
          const s = new StandardScaler().fit(rows);
          allClose(s.inverseTransform(s.transform(rows)), rows, { rtol: 1e-9, atol: 1e-6 });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names its output columns after its input', () => {
    const s = new StandardScaler().fit([[1, 2]]);
    expect(s.featureNamesOut()).toEqual(['x0', 'x1']);
    expect(s.featureNamesOut(['age', 'spend'])).toEqual(['age', 'spend']);
    expect(() => s.featureNamesOut(['age'])).toThrow(/2 features, but 1 input names/);
  });
});

describe('StandardScaler.partialFit', () => {
  const G = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'preprocess', 'standard-scaler-partial.json'), 'utf8'));

  for (const c of G.cases) {
    it(`matches scikit-learn partial_fit over batches (weighted: ${c.weighted})`, () => {
      const s = new StandardScaler();
      let start = 0;
      G.batches.forEach((size: number, b: number) => {
        const batch = G.X.slice(start, start + size);
        start += size;
        s.partialFit(batch, c.weighted ? { sampleWeight: G.weights[b] } : {});
        const e = c.steps[b];
        allClose(s.mean, e.mean, { rtol: G.rtol });
        allClose(s.var, e.var, { rtol: 1e-10, atol: 1e-12 });
        allClose(s.scale, e.scale, { rtol: 1e-10 });
        expect(s.nSamplesSeen).toBeCloseTo(e.nSamplesSeen, 10);
      });
      allClose(s.transform(G.X), c.transform, { rtol: 1e-10, atol: 1e-12 });
    });
  }

  it('batches add up to one fit (property), and widths must agree', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 2, maxLength: 40 }), fc.integer({ min: 1, max: 39 }), (rows, cut) => {
        const X = rows.map(([a, b]) => [a, b]);
        const k = Math.min(cut, X.length - 1);
        const inc = new StandardScaler().partialFit(X.slice(0, k)).partialFit(X.slice(k));
        const once = new StandardScaler().fit(X);
        allClose(inc.mean, once.mean, { rtol: 1e-9, atol: 1e-9 });
        allClose(inc.var, once.var, { rtol: 1e-7, atol: 1e-7 });
        expect(inc.nSamplesSeen).toBe(X.length);
      }),
      { numRuns: 60 },
    );
    const s = new StandardScaler().partialFit([[1, 2]]);
    expect(() => s.partialFit([[1, 2, 3]])).toThrow(/expecting 2 features/);
  });

  it('fit after partialFit starts over', () => {
    const s = new StandardScaler().partialFit([[100], [200]]).fit([[1], [3]]);
    expect(s.nSamplesSeen).toBe(2);
    expect(Array.from(s.mean)).toEqual([2]);
  });
});
