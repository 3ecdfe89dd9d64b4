import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, QuantileTransformer, toRows } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('quantile-transformer');

describe('QuantileTransformer matches scikit-learn 1.2', () => {
  for (const c of G.cases) {
    it(`${c.params.outputDistribution}, nQuantiles ${c.params.nQuantiles}`, () => {
      const qt = new QuantileTransformer(c.params).fit(G.X);
      allClose(qt.references, c.references, { rtol: 0 });
      allClose(qt.quantiles, c.quantiles, { rtol: 0 });
      allClose(qt.transform(G.X), c.transform, { rtol: G.rtol, atol: 1e-12 });
      // Xnew holds values beyond both ends of the training range and exact training values (ties).
      allClose(qt.transform(G.Xnew), c.transformNew, { rtol: G.rtol, atol: 1e-12 });
      allClose(qt.inverseTransform(c.transformNew), c.inverseNew, { rtol: G.rtol, atol: 1e-12 });
    });
  }
});

describe('QuantileTransformer', () => {
  it('maps ties to the middle of their probability range (forward and backward interpolation)', () => {
    const qt = new QuantileTransformer({ nQuantiles: 5 }).fit([[0], [1], [1], [1], [2]]);
    // quantiles [0, 1, 1, 1, 2] at [0, .25, .5, .75, 1]: x = 1 gets (0.75 + 0.25) / 2.
    expect(Array.from(qt.quantiles.data)).toEqual([0, 1, 1, 1, 2]);
    expect(toRows(qt.transform([[1], [0.5], [1.5]]))).toEqual([[0.5], [0.125], [0.875]]);
  });

  it('normal output is clipped so that no value maps to infinity', () => {
    const qt = new QuantileTransformer({ nQuantiles: 3, outputDistribution: 'normal' }).fit([[0], [1], [2]]);
    const t = qt.transform([[-100], [100], [1]]).data;
    expect(t[0]).toBeCloseTo(-5.199337582, 8);
    expect(t[1]).toBeCloseTo(5.199337582, 8);
    expect(t[2]).toBe(0);
    expect(toRows(qt.inverseTransform(qt.transform([[-100], [100]])))).toEqual([[0], [2]]);
  });

  it('caps nQuantiles at the number of samples with a warning', () => {
    const qt = new QuantileTransformer().fit([[3], [1], [2]]);
    expect(qt.nQuantilesFitted).toBe(3);
    expect(qt.warnings.map((w) => w.code)).toEqual(['DATA_ADJUSTED']);
    expect(Array.from(qt.references)).toEqual([0, 0.5, 1]);
  });

  it('one sample: a single reference at probability 0, so everything maps to 0 (as scikit-learn)', () => {
    const qt = new QuantileTransformer().fit([[4, 1]]);
    expect(Array.from(qt.references)).toEqual([0]);
    expect(toRows(qt.transform([[4, 0], [5, 1]]))).toEqual([[0, 0], [0, 0]]);
  });

  it('subsamples with the seeded generator, deterministically', () => {
    const X = Array.from({ length: 500 }, (_, i) => [(i * 7919) % 1000]);
    const a = new QuantileTransformer({ nQuantiles: 50, subsample: 100, randomState: 3 }).fit(X);
    const b = new QuantileTransformer({ nQuantiles: 50, subsample: 100, randomState: 3 }).fit(X);
    const c = new QuantileTransformer({ nQuantiles: 50, subsample: 100, randomState: 4 }).fit(X);
    expect(a.seedUsed).toBe(3);
    expect(Array.from(a.quantiles.data)).toEqual(Array.from(b.quantiles.data));
    expect(Array.from(a.quantiles.data)).not.toEqual(Array.from(c.quantiles.data));
    // a 100-row subsample of a uniform column still estimates its median roughly
    expect(Math.abs((a.quantiles.data[25] as number) - 500)).toBeLessThan(150);
  });

  it('rejects nQuantiles above subsample, and bad options', () => {
    expect(() => new QuantileTransformer({ nQuantiles: 10, subsample: 5 }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new QuantileTransformer({ nQuantiles: 10, subsample: 5 }).fit([[1]])).toThrow(/cannot be greater than subsample/);
    expect(() => new QuantileTransformer({ outputDistribution: 'lognormal' as never }).fit([[1]])).toThrow(InvalidParameterError);
  });

  it('interpolates across subnormal and overflowing gaps between quantiles without NaN', () => {
    // fast-check's counterexample: the gap between two quantiles is a few subnormal ulps, so
    // numpy's slope overflows and the forward and backward interpolations gave Inf - Inf.
    const X = [[0], [0], [5.56268464626801e-309], [5.562684646268013e-309]];
    const qt = new QuantileTransformer({ nQuantiles: 4 }).fit(X);
    const Y = qt.transform(X);
    expect(Array.from(Y.data).every(Number.isFinite)).toBe(true);
    expect(Y.data[2]).toBeGreaterThan(2 / 3);
    expect(Y.data[2]).toBeLessThan(1);
    allClose(qt.inverseTransform(Y), X, { rtol: 1e-6, atol: 1e-300 });
    // Quantiles near +-1.8e308: their gap overflows (slope 0 for transform, Infinity for the inverse).
    const huge = new QuantileTransformer({ nQuantiles: 2 }).fit([[-1.5e308], [1.5e308]]);
    expect(huge.transform([[0], [7.5e307]]).data).toEqual(new Float64Array([0.5, 0.75]));
    expect(huge.inverseTransform([[0.5], [0.75]]).data).toEqual(new Float64Array([0, 7.5e307]));
  });

  it('round-trips through inverseTransform on training values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.constantFrom('uniform' as const, 'normal' as const),
        fc.integer({ min: 2, max: 1000 }),
        (values, outputDistribution, nQuantiles) => {
          const X = values.map((v) => [v]);
          // With at least as many quantiles as distinct samples every training value is a landmark.
          const qt = new QuantileTransformer({ nQuantiles: Math.max(nQuantiles, values.length), outputDistribution }).fit(X);
          const back = qt.inverseTransform(qt.transform(X));
          allClose(back, X, { rtol: 1e-6, atol: 1e-6 * Math.max(1, ...values.map(Math.abs)) });
        },
      ),
      { numRuns: 80 },
    );
  });
});
