import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJSON, OneHotEncoder, OrdinalEncoder, toRows, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden, nan } from './_golden.js';

const G = golden('encoders');
const names: string[] = G.names;
const asTable = (rows: unknown[][]) => Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j])]));
const asRecords = (rows: unknown[][]) => rows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])));

describe('OneHotEncoder matches scikit-learn 1.2', () => {
  for (const c of G.oneHot) {
    it(JSON.stringify(c.params), () => {
      const enc = new OneHotEncoder(c.params).fit(asTable(G.X));
      expect(toRows(enc.transform(asRecords(G.X)))).toEqual(c.transform);
      expect(toRows(enc.transform(asTable(G.Xnew)))).toEqual(c.transformNew);
      expect(enc.featureNamesOut()).toEqual(c.featureNamesOut);
      if (c.transformUnknown) expect(toRows(enc.transform(G.Xunknown))).toEqual(c.transformUnknown);
    });
  }
  it("drop 'if_binary' (and 'ifBinary')", () => {
    const c = G.oneHotBinary;
    for (const drop of ['if_binary', 'ifBinary'] as const) {
      const enc = new OneHotEncoder({ drop }).fit(c.X);
      expect(toRows(enc.transform(c.X))).toEqual(c.transform);
      expect(enc.featureNamesOut(['answer', 'grade'])).toEqual(c.featureNamesOut);
    }
  });
  it('missing values form the category nan', () => {
    const c = G.oneHotNan;
    const enc = new OneHotEncoder().fit(c.X);
    expect(toRows(enc.transform(c.X))).toEqual(c.transform);
    expect(enc.featureNamesOut(['letter', 'num'])).toEqual(c.featureNamesOut.map((n: string) => n.replace('_1.0', '_1').replace('_2.0', '_2')));
  });
});

describe('OrdinalEncoder matches scikit-learn 1.2', () => {
  it('default', () => {
    const c = G.ordinal[0];
    const enc = new OrdinalEncoder().fit(G.X);
    allClose(enc.transform(G.X), c.transform);
    allClose(enc.transform(G.Xnew), c.transformNew);
  });
  it('use_encoded_value -1 and nan', () => {
    const enc = new OrdinalEncoder(G.ordinal[1].params).fit(asTable(G.X));
    allClose(enc.transform(asTable(G.Xunknown)), G.ordinal[1].transformUnknown);
    const enc2 = new OrdinalEncoder(G.ordinal[2].params).fit(G.X);
    allClose(enc2.transform(G.Xunknown), nan(G.ordinal[2].transformUnknown));
  });
  it('missing values encode as encodedMissingValue', () => {
    allClose(new OrdinalEncoder().fit(G.oneHotNan.X).transform(G.oneHotNan.X), nan(G.ordinalNan.transform));
    allClose(new OrdinalEncoder({ encodedMissingValue: -1 }).fit(G.oneHotNan.X).transform(G.oneHotNan.X), G.ordinalNan.transformMissingCode);
  });
});

describe('encoders: bad input', () => {
  it("unknown category with handleUnknown 'error' names column, row and value", () => {
    const enc = new OneHotEncoder().fit({ color: ['red', 'blue'] });
    try {
      enc.transform({ color: ['red', 'pink'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as Error).message).toMatch(/unknown category 'pink' in column 'color' at row 1/);
      expect((e as ValidationError).row).toBe(1);
    }
    expect(() => new OrdinalEncoder().fit({ c: ['a'] }).transform({ c: ['b'] })).toThrow(/column 'c' at row 0/);
  });
  it('mixed types in one column', () => {
    expect(() => new OneHotEncoder().fit({ c: ['a', 1] })).toThrow(/column 'c'.*row 1/);
  });
  it('a column absent at transform', () => {
    const enc = new OneHotEncoder().fit({ a: ['x'], b: ['y'] });
    expect(() => enc.transform({ a: ['x'] })).toThrow(/column 'b'/);
  });
  it('objects are not categories', () => {
    expect(() => new OneHotEncoder().fit([[{}]])).toThrow(ValidationError);
  });
  it('use_encoded_value needs unknownValue outside the codes', () => {
    expect(() => new OrdinalEncoder({ handleUnknown: 'use_encoded_value' }).fit([['a']])).toThrow(/unknownValue/);
    expect(() => new OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: 0 }).fit([['a'], ['b']])).toThrow(/unknownValue/);
  });
});

describe('encoders: explicit categories and inverse', () => {
  it('explicit categories keep their order', () => {
    const enc = new OrdinalEncoder({ categories: [['low', 'mid', 'high']] }).fit([['mid'], ['high']]);
    expect(toRows(enc.transform([['low'], ['high']]))).toEqual([[0], [2]]);
    const ohe = new OneHotEncoder({ categories: [['b', 'a']] }).fit([['a']]);
    expect(ohe.featureNamesOut()).toEqual(['x0_b', 'x0_a']);
  });
  it('round-trip properties (transform then inverseTransform)', () => {
    const cell = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 30 }), (rows) => {
        const ohe = new OneHotEncoder().fit(rows);
        expect(ohe.inverseCategories(ohe.transform(rows))).toEqual(rows);
        const first = new OneHotEncoder({ drop: 'first' }).fit(rows);
        expect(first.inverseCategories(first.transform(rows))).toEqual(rows);
        const ord = new OrdinalEncoder().fit(rows);
        expect(ord.inverseCategories(ord.transform(rows))).toEqual(rows);
      }),
      { numRuns: 50 },
    );
  });
  it('JSON round trip', () => {
    const enc = new OneHotEncoder({ maxCategories: 2, handleUnknown: 'infrequent_if_exist' }).fit({ c: ['a', 'a', 'b', 'c'] });
    const back = fromJSON(JSON.parse(JSON.stringify(enc))) as OneHotEncoder;
    expect(back.featureNamesOut()).toEqual(['c_a', 'c_infrequent']);
    expect(toRows(back.transform({ c: ['z', 'b'] }))).toEqual([[0, 1], [0, 1]]);
    expect(back.infrequentCategories).toEqual([['b', 'c']]);
  });
});
