import { describe, expect, it } from 'vitest';
import { fromJSON, SimpleImputer, toRows, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden, nan } from './_golden.js';

const G = golden('simple-imputer');

describe('SimpleImputer matches scikit-learn 1.2', () => {
  for (const c of G.cases) {
    it(`${c.params.strategy}${c.params.addIndicator ? ' + indicator' : ''}${c.X ? ' (ties)' : ''}`, () => {
      const X = nan(c.X ?? G.X);
      const imp = new SimpleImputer(c.params).fit(X);
      allClose(imp.statistics as number[], c.statistics, { rtol: 1e-10 });
      allClose(imp.transform(X), c.transform, { rtol: 1e-10 });
      if (c.transformNew) allClose(imp.transform(nan(G.Xnew)), c.transformNew, { rtol: 1e-10 });
      if (c.featureNamesOut) expect(imp.featureNamesOut(['a', 'b', 'c'])).toEqual(c.featureNamesOut);
    });
  }
  it('categorical columns (mostFrequent, constant)', () => {
    const X = G.categorical.X as unknown[][];
    const imp = new SimpleImputer({ strategy: 'mostFrequent' }).fit(X);
    expect(imp.statistics).toEqual(G.categorical.statistics);
    const t = imp.transformTable(X);
    expect(X.map((_, i) => [t.x0?.[i], t.x1?.[i]])).toEqual(G.categorical.transform);
    expect(new SimpleImputer({ strategy: 'constant' }).fit(X).statistics).toEqual(G.categorical.constantStatistics);
  });
});

describe('SimpleImputer', () => {
  it('reads null in nested arrays and tables as missing', () => {
    const imp = new SimpleImputer().fit({ a: [1, null, 3], b: [NaN, 2, 4] });
    expect(toRows(imp.transform([{ a: null, b: undefined }]))).toEqual([[2, 3]]);
  });
  it('imputes a column that had no missing values in fit', () => {
    const imp = new SimpleImputer({ addIndicator: true }).fit([[1, null], [3, 4]]);
    expect(imp.featureNamesOut()).toEqual(['x0', 'x1', 'missingindicator_x1']);
    expect(toRows(imp.transform([[null, null]]))).toEqual([[2, 4, 1]]);
  });
  it('all-missing column: typed error naming it, or kept with keepEmptyFeatures', () => {
    expect(() => new SimpleImputer().fit({ a: [1, 2], empty: [null, null] })).toThrow(/column 'empty'/);
    const imp = new SimpleImputer({ keepEmptyFeatures: true }).fit({ a: [1, 2], empty: [null, null] });
    expect(toRows(imp.transform({ a: [null], empty: [null] }))).toEqual([[1.5, 0]]);
  });
  it('mixed types in a numeric column name column and row', () => {
    try {
      new SimpleImputer({ strategy: 'mean' }).fit([{ age: 3 }, { age: 'x' }]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).message).toMatch(/column 'age'.*row 1/);
      expect((e as ValidationError).row).toBe(1);
    }
  });
  it('a column missing from a record names column and record', () => {
    expect(() => new SimpleImputer().fit([{ a: 1, b: 2 }, { a: 3 }])).toThrow(/column 'b'.*record 1/);
  });
  it('empty table is rejected', () => {
    expect(() => new SimpleImputer().fit([])).toThrow(ValidationError);
    expect(() => new SimpleImputer().fit({ a: [] })).toThrow(/no rows/);
  });
  it('transform refuses text columns, transformTable keeps them', () => {
    const imp = new SimpleImputer({ strategy: 'constant', fillValue: 'unknown' }).fit({ city: ['Oslo', null] });
    expect(() => imp.transform({ city: [null] })).toThrow(/transformTable/);
    expect(imp.transformTable({ city: [null, 'Rome'] })).toEqual({ city: ['unknown', 'Rome'] });
  });
  it('numeric fillValue is required for numeric columns', () => {
    expect(() => new SimpleImputer({ strategy: 'constant', fillValue: 'x' }).fit([[1], [null]])).toThrow(/fillValue/);
  });
  it('round-trips through JSON', () => {
    const imp = new SimpleImputer({ strategy: 'median', addIndicator: true }).fit([[1, null], [2, 5], [10, 7]]);
    const back = fromJSON(JSON.stringify(imp)) as SimpleImputer;
    expect(toRows(back.transform([[null, null]]))).toEqual(toRows(imp.transform([[null, null]])));
  });
});
