import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJSON, InvalidParameterError, MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler, toRows, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('scalers');
const make = {
  StandardScaler: (p: object) => new StandardScaler(p),
  MinMaxScaler: (p: object) => new MinMaxScaler(p),
  RobustScaler: (p: object) => new RobustScaler(p),
  MaxAbsScaler: (p: object) => new MaxAbsScaler(p as never),
} as Record<string, (p: object) => StandardScaler | MinMaxScaler | RobustScaler | MaxAbsScaler>;

describe('scalers match scikit-learn 1.2', () => {
  for (const c of G.cases) {
    it(c.name, () => {
      const est = (make[c.estimator] as (p: object) => StandardScaler)(c.params).fit(G.X);
      allClose(est.transform(G.X), c.fitTransform, { rtol: 1e-10, atol: 1e-12 });
      allClose(est.transform(G.Xnew), c.transformNew, { rtol: 1e-10, atol: 1e-12 });
      allClose(est.inverseTransform(G.Xnew), c.inverseNew, { rtol: 1e-10, atol: 1e-12 });
    });
  }
});

describe('MinMaxScaler', () => {
  it('maps onto featureRange by hand', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0], [4], [2]]);
    expect(toRows(s.transform([[1], [4]]))).toEqual([[-0.5], [1]]);
    expect(Array.from(s.dataMin)).toEqual([0]);
    expect(Array.from(s.dataMax)).toEqual([4]);
  });
  it('clips new data only when asked', () => {
    expect(toRows(new MinMaxScaler().fit([[0], [10]]).transform([[20]]))).toEqual([[2]]);
    expect(toRows(new MinMaxScaler({ clip: true }).fit([[0], [10]]).transform([[20], [-5]]))).toEqual([[1], [0]]);
  });
  it('never divides by zero on a constant column', () => {
    const out = new MinMaxScaler().fit([[3], [3]]).transform([[3], [4]]);
    expect(Array.from(out.data)).toEqual([0, 1]);
  });
  it('rejects a reversed range', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] }).fit([[1]])).toThrow(InvalidParameterError);
  });
});

describe('RobustScaler', () => {
  it('centres on the median and scales by the IQR', () => {
    const s = new RobustScaler().fit([[1], [2], [3], [4], [100]]);
    expect(Array.from(s.center)).toEqual([3]);
    expect(Array.from(s.scale)).toEqual([2]);
  });
  it('can skip centring or scaling', () => {
    const s = new RobustScaler({ withCentering: false, withScaling: false }).fit([[1], [5]]);
    expect(toRows(s.transform([[7]]))).toEqual([[7]]);
  });
  it('constant column gets scale 1', () => {
    expect(Array.from(new RobustScaler().fit([[2], [2], [2]]).scale)).toEqual([1]);
  });
  it('rejects a bad quantileRange', () => {
    expect(() => new RobustScaler({ quantileRange: [80, 20] }).fit([[1]])).toThrow(/quantileRange/);
  });
});

describe('MaxAbsScaler', () => {
  it('divides by the max absolute value, all-zero column kept', () => {
    const s = new MaxAbsScaler().fit([[-4, 0], [2, 0]]);
    expect(toRows(s.transform([[2, 5]]))).toEqual([[0.5, 5]]);
  });
  it('rejects NaN naming row and column', () => {
    try {
      new MaxAbsScaler().fit([[1, 2], [3, NaN]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).row).toBe(1);
      expect((e as ValidationError).column).toBe(1);
    }
  });
});

describe('scalers round-trip (property)', () => {
  const rows = fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 20 });
  for (const name of ['StandardScaler', 'MinMaxScaler', 'RobustScaler', 'MaxAbsScaler']) {
    it(`${name}: inverseTransform(transform(X)) = X and JSON round trip`, () => {
      fc.assert(
        fc.property(rows, (X) => {
          const est = (make[name] as (p: object) => StandardScaler)({}).fit(X);
          const Z = est.transform(X);
          allClose(est.inverseTransform(Z), X, { rtol: 1e-9, atol: 1e-6 });
          const back = fromJSON(JSON.stringify(est)) as StandardScaler;
          expect(Array.from(back.transform(X).data)).toEqual(Array.from(Z.data));
        }),
        { numRuns: 40 },
      );
    });
  }
});
