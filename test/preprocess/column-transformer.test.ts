import { describe, expect, it } from 'vitest';
import {
  ColumnTransformer,
  DateFeatures,
  fromJSON,
  MinMaxScaler,
  OneHotEncoder,
  SimpleImputer,
  StandardScaler,
  toRows,
  ValidationError,
} from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('column-transformer');
const names = ['age', 'spend', 'plan', 'region', 'visits'];
const toColumns = (recs: Record<string, unknown>[]) => Object.fromEntries(names.map((n) => [n, recs.map((r) => r[n])]));

function make(): ColumnTransformer {
  return new ColumnTransformer({
    transformers: [
      { name: 'num', columns: ['age', 'spend'], steps: [new SimpleImputer({ strategy: 'median' }), new StandardScaler()] },
      { name: 'cat', columns: ['plan', 'region'], steps: [new SimpleImputer({ strategy: 'mostFrequent' }), new OneHotEncoder({ handleUnknown: 'ignore' })] },
    ],
    remainder: 'passthrough',
  });
}

describe('ColumnTransformer matches scikit-learn 1.2', () => {
  it('records: output and feature names', () => {
    const ct = make();
    const out = ct.fitTransform(G.records);
    allClose(out, G.transform, { rtol: 1e-10, atol: 1e-12 });
    expect(ct.featureNamesOut()).toEqual(G.featureNamesOut);
    allClose(ct.transform(G.recordsNew), G.transformNew, { rtol: 1e-10, atol: 1e-12 });
  });
  it('columns form gives the same result, fit().transform() = fitTransform()', () => {
    const ct = make().fit(toColumns(G.records));
    allClose(ct.transform(G.records), G.transform, { rtol: 1e-10, atol: 1e-12 });
  });
  it('JSON round trip restores nested fitted steps', () => {
    const ct = make().fit(G.records);
    const back = fromJSON(JSON.stringify(ct)) as ColumnTransformer;
    expect(Array.from(back.transform(G.recordsNew).data)).toEqual(Array.from(ct.transform(G.recordsNew).data));
    expect(back.featureNamesOut()).toEqual(ct.featureNamesOut());
    expect(ColumnTransformer.fromJSON.bind(ColumnTransformer)).toBeTypeOf('function');
    expect(() => ColumnTransformer.fromJSON(JSON.parse(JSON.stringify(ct)))).toThrow(/fromJSON/);
  });
});

describe('ColumnTransformer', () => {
  const rows = [
    { id: 'a', age: 20, plan: 'pro', signup: '2024-01-01' },
    { id: 'b', age: 40, plan: null, signup: '2024-01-11' },
    { id: 'c', age: null, plan: 'free', signup: '2024-01-31' },
  ];
  it('traces every output column back to its source', () => {
    const ct = new ColumnTransformer({
      transformers: [
        { name: 'num', columns: ['age'], steps: [new SimpleImputer({ addIndicator: true }), new MinMaxScaler()] },
        { name: 'cat', columns: ['plan'], steps: [new SimpleImputer({ strategy: 'constant', fillValue: 'none' }), new OneHotEncoder()] },
        { name: 'date', columns: ['signup'], steps: [new DateFeatures({ asOf: '2024-02-01', features: ['daysSince', 'month'] })] },
      ],
    }).fit(rows);
    expect(ct.featureNamesOut()).toEqual([
      'num__age', 'num__missingindicator_age', 'cat__plan_free', 'cat__plan_none', 'cat__plan_pro', 'date__signup_days_since', 'date__signup_month',
    ]);
    expect(ct.featureSources.map((s) => `${s.group}:${s.columns.join('+')}`)).toEqual(['num:age', 'num:age', 'cat:plan', 'cat:plan', 'cat:plan', 'date:signup', 'date:signup']);
    expect(toRows(ct.transform(rows))).toEqual([
      [0, 0, 0, 0, 1, 31, 1],
      [1, 0, 0, 1, 0, 21, 1],
      [0.5, 1, 1, 0, 0, 1, 1],
    ]);
    expect(ct.remainderColumns).toEqual(['id']);
  });
  it("remainder 'passthrough' needs numeric leftovers and names the bad cell", () => {
    const ct = new ColumnTransformer({ transformers: [{ name: 'n', columns: ['age'], steps: 'drop' }], remainder: 'passthrough' });
    expect(() => ct.fit(rows)).toThrow(/column 'id'.*row 0/);
  });
  it('a numeric step fed a missing value names column and row', () => {
    const ct = new ColumnTransformer({ transformers: [{ name: 'n', columns: ['age'], steps: new StandardScaler() }] });
    expect(() => ct.fit(rows)).toThrow(/column 'age' at row 2/);
  });
  it('absent column, record missing a column, empty table', () => {
    const ct = new ColumnTransformer({ transformers: [{ name: 'n', columns: ['nope'], steps: 'passthrough' }] });
    expect(() => ct.fit(rows)).toThrow(/'nope'/);
    const ok = new ColumnTransformer({ transformers: [{ name: 'n', columns: ['age'], steps: new SimpleImputer() }] });
    expect(() => ok.fit([{ age: 1 }, { other: 2 }])).toThrow(/column 'age'.*record 1/);
    expect(() => ok.fit([])).toThrow(ValidationError);
  });
  it('does not fit the step templates given in the options', () => {
    const scaler = new StandardScaler();
    new ColumnTransformer({ transformers: [{ name: 'n', columns: ['x0'], steps: scaler }] }).fit([[1], [2]]);
    expect(scaler.isFitted).toBe(false);
  });
  it('rejects bad groups', () => {
    expect(() => new ColumnTransformer({ transformers: [{ name: 'remainder', columns: [], steps: 'drop' }] }).fit([[1]])).toThrow(/transformers/);
    expect(() => new ColumnTransformer({ transformers: [{ name: 'a', columns: ['x0'], steps: [] }] }).fit([[1]])).toThrow(/transformers/);
  });
  it('unnamed input: width is checked', () => {
    const ct = new ColumnTransformer({ transformers: [{ name: 'n', columns: ['x1'], steps: 'passthrough' }] }).fit([[1, 2], [3, 4]]);
    expect(toRows(ct.transform([[5, 6]]))).toEqual([[6]]);
    expect(() => ct.transform([[5]])).toThrow(/expecting 2 features/);
  });
});
