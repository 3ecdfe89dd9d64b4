import { describe, expect, it } from 'vitest';
import { InvalidParameterError, KNNImputer, toRows, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden, nan } from './_golden.js';

const G = golden('knn-imputer');
const X = nan(G.X);
const Xnew = nan(G.Xnew);

describe('KNNImputer matches scikit-learn 1.2', () => {
  for (const c of G.cases) {
    it(JSON.stringify(c.params), () => {
      const imp = new KNNImputer(c.params).fit(X);
      allClose(imp.transform(X), c.transform, { rtol: G.rtol, atol: 1e-12 });
      // Xnew has an all-missing row (feature means) and a training row with one cell removed (distance 0).
      allClose(imp.transform(Xnew), c.transformNew, { rtol: G.rtol, atol: 1e-12 });
      if (c.featureNamesOut) expect(imp.featureNamesOut(['a', 'b', 'c', 'd'])).toEqual(c.featureNamesOut);
    });
  }
});

describe('KNNImputer', () => {
  it('nan-euclidean neighbours by hand', () => {
    const imp = new KNNImputer({ nNeighbors: 2 }).fit([[1, 2], [3, 4], [5, 6], [8, null]]);
    expect(toRows(imp.transform([[4.5, null], [null, 2.5]]))).toEqual([[4.5, 5], [2, 2.5]]);
  });

  it('donors must have the feature; fewer donors than k use all of them', () => {
    const imp = new KNNImputer({ nNeighbors: 5 }).fit([[0, 10], [1, null], [2, 30], [100, null]]);
    // only rows 0 and 2 have feature 1
    expect(toRows(imp.transform([[1.1, null]]))).toEqual([[1.1, 20]]);
  });

  it("weights 'distance': inverse distances, an exact match takes all the weight", () => {
    const imp = new KNNImputer({ nNeighbors: 2, weights: 'distance' }).fit([[0, 0], [1, 10], [3, 30]]);
    // row [0.5, ?]: donors 0 (d = 0.5 sqrt 2) and 1 (same) -> equal weights
    expect(toRows(imp.transform([[0.5, null]]))[0]?.[1]).toBeCloseTo(5, 12);
    // row [2, ?]: donors 1 (1 sqrt 2) and 2 (1 sqrt 2)
    expect(toRows(imp.transform([[2, null]]))[0]?.[1]).toBeCloseTo(20, 12);
    // [1, ?] sits on row 1
    expect(toRows(imp.transform([[1, null]]))).toEqual([[1, 10]]);
  });

  it('a row sharing no coordinate gets the feature mean', () => {
    const imp = new KNNImputer().fit([[1, 2], [3, null], [null, 8]]);
    expect(toRows(imp.transform([[null, null]]))).toEqual([[2, 5]]);
  });

  it('addIndicator appends masks for features that had gaps in fit', () => {
    const imp = new KNNImputer({ nNeighbors: 1, addIndicator: true }).fit([[1, 2, 3], [2, null, 4], [3, 5, 6]]);
    expect(Array.from(imp.indicatorFeatures)).toEqual([1]);
    expect(imp.featureNamesOut()).toEqual(['x0', 'x1', 'x2', 'missingindicator_x1']);
    expect(toRows(imp.transform([[1, null, 3], [9, 9, null]]))).toEqual([[1, 2, 3, 1], [9, 9, 6, 0]]);
  });

  it('all-missing feature: typed error naming it, or zeros with keepEmptyFeatures', () => {
    try {
      new KNNImputer().fit([[1, null], [2, NaN]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).column).toBe(1);
      expect((e as Error).message).toMatch(/only missing values in column 'x1'/);
    }
    const imp = new KNNImputer({ keepEmptyFeatures: true }).fit([[1, null], [2, NaN]]);
    expect(toRows(imp.transform([[1.5, null]]))).toEqual([[1.5, 0]]);
  });

  it('rejects infinity and bad options', () => {
    expect(() => new KNNImputer().fit([[1, Infinity]])).toThrow(/infinity at row 0, column 1/);
    expect(() => new KNNImputer({ nNeighbors: 0 }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new KNNImputer({ weights: 'gaussian' as never }).fit([[1]])).toThrow(InvalidParameterError);
  });

  it('survives a JSON round trip with missing training cells', () => {
    const imp = new KNNImputer({ nNeighbors: 2 }).fit(X);
    const back = KNNImputer.fromJSON(JSON.parse(JSON.stringify(imp)));
    expect(Array.from(back.transform(Xnew).data)).toEqual(Array.from(imp.transform(Xnew).data));
  });
});
