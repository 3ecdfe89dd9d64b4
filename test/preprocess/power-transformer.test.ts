import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, PowerTransformer, toRows, ValidationError } from '../../src/index.js';
import { encodeTyped } from '../../src/core/serialize.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('power-transformer');

function pick(rows: number[][], cols: number[]): number[][] {
  return rows.map((r) => cols.map((j) => r[j] as number));
}

describe('PowerTransformer matches scikit-learn 1.2', () => {
  for (const c of G.cases) {
    it(`${c.params.method}, standardize ${c.params.standardize}`, () => {
      const X = pick(G.X, c.columns);
      const Xnew = pick(G.Xnew, c.columns);
      const pt = new PowerTransformer(c.params).fit(X);
      // Brent stops at its tolerance (1.48e-8 relative on lambda); last-ulp differences between
      // V8's and libm's pow/log1p can move the stopping point within it, so lambdas agree to ~1e-7.
      allClose(pt.lambdas, c.lambdas, { rtol: 0, atol: G.lambdaAtol });
      // Outputs are compared with the fitted lambdas: a lambda off by 1e-8 moves outputs by ~1e-8.
      allClose(pt.transform(X), c.transform, { rtol: 1e-6, atol: 1e-7 });
      allClose(pt.transform(Xnew), c.transformNew, { rtol: 1e-6, atol: 1e-7 });
      allClose(pt.inverseTransform(pt.transform(Xnew)), Xnew, { rtol: 1e-9, atol: 1e-9 });
    });
  }

  it('outputs for scikit-learn\'s own lambdas agree to 1e-10', () => {
    for (const c of G.cases) {
      const X = pick(G.X, c.columns);
      const Xnew = pick(G.Xnew, c.columns);
      const doc = new PowerTransformer(c.params).fit(X).toJSON();
      const d = c.columns.length;
      // Swap in scikit-learn's lambdas and standardization statistics through the document.
      const swapped = PowerTransformer.fromJSON({
        ...doc,
        state: {
          ...(doc.state as Record<string, unknown>),
          ...encodeFloat64({
            lambdas: c.lambdas,
            mean: c.mean ?? new Array(d).fill(0),
            scale: c.scale ?? new Array(d).fill(1),
          }),
        },
      });
      allClose(swapped.transform(X), c.transform, { rtol: G.rtol, atol: 1e-12 });
      allClose(swapped.transform(Xnew), c.transformNew, { rtol: G.rtol, atol: 1e-12 });
      allClose(swapped.inverseTransform(c.transformNew), c.inverseNew, { rtol: G.rtol, atol: 1e-12 });
    }
  });
});

/** Encodes float arrays as the document codec does. */
function encodeFloat64(arrays: Record<string, number[]>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, encodeTyped(Float64Array.from(v))]));
}

describe('PowerTransformer', () => {
  it('Box-Cox of log-uniform data has lambda near 0 and equals log', () => {
    const pt = new PowerTransformer({ method: 'box-cox', standardize: false }).fit([[1], [10], [100], [1000]]);
    expect(Math.abs(pt.lambdas[0] as number)).toBeLessThan(1e-6);
    const lam = pt.lambdas[0] as number;
    expect(pt.transform([[100]]).data[0]).toBeCloseTo(Math.expm1(lam * Math.log(100)) / lam, 12);
    expect(pt.transform([[100]]).data[0]).toBeCloseTo(Math.log(100), 4);
  });

  it('Yeo-Johnson reduces skew', () => {
    const X = Array.from({ length: 50 }, (_, i) => [Math.exp(i / 8)]);
    const t = new PowerTransformer().fitTransform(X).data;
    const skew = (v: ArrayLike<number>) => {
      const n = v.length;
      let m = 0;
      for (let i = 0; i < n; i++) m += v[i] as number;
      m /= n;
      let m2 = 0;
      let m3 = 0;
      for (let i = 0; i < n; i++) {
        m2 += ((v[i] as number) - m) ** 2;
        m3 += ((v[i] as number) - m) ** 3;
      }
      return m3 / n / (m2 / n) ** 1.5;
    };
    expect(Math.abs(skew(t))).toBeLessThan(Math.abs(skew(X.map((r) => r[0] as number))) / 5);
  });

  it('standardizes by default', () => {
    const t = new PowerTransformer().fitTransform([[1], [2], [4], [8], [30]]);
    const v = Array.from(t.data);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean).toBeCloseTo(0, 12);
    expect(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length).toBeCloseTo(1, 12);
  });

  it('Box-Cox rejects non-positive values naming row and column', () => {
    try {
      new PowerTransformer({ method: 'box-cox' }).fit([[1, 2], [3, 0], [4, 5]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).row).toBe(1);
      expect((e as ValidationError).column).toBe(1);
      expect((e as Error).message).toMatch(/row 1, column 1 is 0.*yeo-johnson/);
    }
    const pt = new PowerTransformer({ method: 'box-cox' }).fit([[1], [2], [3]]);
    expect(() => pt.transform([[-1]])).toThrow(/strictly positive/);
  });

  it('Box-Cox rejects a constant column; Yeo-Johnson warns and maps it to 0', () => {
    expect(() => new PowerTransformer({ method: 'box-cox' }).fit([[2, 1], [2, 3]])).toThrow(/column 0 constant/);
    const pt = new PowerTransformer().fit([[2, 1], [2, 3], [2, 7]]);
    expect(pt.warnings.map((w) => w.code)).toEqual(['CONSTANT_FEATURE']);
    expect(toRows(pt.transform([[2, 3]]))[0]?.[0]).toBeCloseTo(0, 12);
  });

  it('inverseTransform rejects values outside the range of the transform', () => {
    const pt = new PowerTransformer({ method: 'box-cox', standardize: false }).fit([[1], [2], [3], [50]]);
    const lam = pt.lambdas[0] as number;
    expect(lam).toBeLessThan(0);
    // Box-Cox with lambda < 0 maps onto (-inf, -1/lambda): -2/lambda is out of range.
    expect(() => pt.inverseTransform([[-2 / lam]])).toThrow(ValidationError);
  });

  it('rejects a bad method', () => {
    expect(() => new PowerTransformer({ method: 'log' as never }).fit([[1]])).toThrow(InvalidParameterError);
  });

  it('round-trips through inverseTransform (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.01, max: 1e3, noNaN: true })), { minLength: 3, maxLength: 25 }),
        fc.boolean(),
        (rows, standardize) => {
          const X = rows.map(([a, b]) => [a, b]);
          if (new Set(X.map((r) => r[0])).size < 2 || new Set(X.map((r) => r[1])).size < 2) return;
          for (const method of ['yeo-johnson', 'box-cox'] as const) {
            const Xm = method === 'box-cox' ? X.map((r) => [r[1] as number]) : X;
            const pt = new PowerTransformer({ method, standardize }).fit(Xm);
            allClose(pt.inverseTransform(pt.transform(Xm)), Xm, { rtol: 1e-6, atol: 1e-6 });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
