import { describe, expect, it } from 'vitest';
import { describe as describeTable, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('describe');

describe('describe', () => {
  it('matches numpy (pandas describe numbers) on a columns table with gaps', () => {
    const out = describeTable(G.columns, { top: 10 });
    expect(out.map((s) => s.name)).toEqual(['spend', 'orders', 'plan']);
    for (const e of G.summaries.slice(0, 2)) {
      const s = out.find((x) => x.name === e.name);
      expect(s?.kind).toBe('numeric');
      expect([s?.count, s?.missing, s?.distinct]).toEqual([e.count, e.missing, e.distinct]);
      const keys = ['mean', 'std', 'min', 'q25', 'q50', 'q75', 'max'] as const;
      allClose(keys.map((k) => s?.[k] as number), keys.map((k) => e[k] as number), { rtol: G.rtol });
    }
    const plan = out[2];
    const e = G.summaries[2];
    expect(plan?.kind).toBe('categorical');
    expect([plan?.count, plan?.missing, plan?.distinct]).toEqual([e.count, e.missing, e.distinct]);
    expect(Object.fromEntries((plan?.top ?? []).map((t) => [t.value, t.count]))).toEqual(e.counts);
    expect(plan?.mean).toBeNull();
  });

  it('records by hand: counts, ddof = 1, top values with ties in order of appearance', () => {
    const [spend, plan, flag] = describeTable([
      { spend: 10, plan: 'pro', flag: true },
      { spend: 30, plan: 'free', flag: false },
      { spend: null, plan: 'pro', flag: true },
      { spend: 20, plan: 'team', flag: null },
    ], { top: 2 });
    expect(spend).toMatchObject({ kind: 'numeric', count: 3, missing: 1, distinct: 3, mean: 20, std: 10, min: 10, q25: 15, q50: 20, q75: 25, max: 30 });
    expect(spend?.top).toEqual([{ value: 10, count: 1 }, { value: 30, count: 1 }]);
    expect(plan?.top).toEqual([{ value: 'pro', count: 2 }, { value: 'free', count: 1 }]);
    expect(flag).toMatchObject({ kind: 'categorical', count: 3, missing: 1, distinct: 2 });
  });

  it('null statistics instead of NaN: one value, an empty column; mixed columns are categorical', () => {
    const [one, empty, mixed] = describeTable({ one: [5, null], empty: [null, NaN], mixed: [1, 'a'] });
    expect(one).toMatchObject({ kind: 'numeric', mean: 5, std: null, q25: 5 });
    expect(empty).toMatchObject({ kind: 'empty', count: 0, missing: 2, mean: null, top: [] });
    expect(mixed).toMatchObject({ kind: 'categorical', distinct: 2 });
  });

  it('Dates count by their ISO string; matrices and 2-D arrays work', () => {
    const d = new Date('2024-03-01T00:00:00Z');
    const [dates] = describeTable({ when: [d, new Date(d.getTime()), null] });
    expect(dates?.top).toEqual([{ value: '2024-03-01T00:00:00.000Z', count: 2 }]);
    const [x0, x1] = describeTable([[1, 2], [3, 4]]);
    expect([x0?.name, x0?.mean, x1?.max]).toEqual(['x0', 2, 4]);
  });

  it('bad input: empty table, missing key, infinity, objects, bad top', () => {
    expect(() => describeTable([])).toThrow(ValidationError);
    expect(() => describeTable([{ a: 1 }, { b: 2 }])).toThrow(/record 1 has no key 'a'/);
    expect(() => describeTable({ a: [1, Infinity] })).toThrow(/infinity at row 1/);
    try {
      describeTable({ a: [1, 2], b: ['x', { y: 1 }] });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).row).toBe(1);
      expect((err as ValidationError).column).toBe(1);
    }
    expect(() => describeTable({ a: [1] }, { top: -1 })).toThrow(/'top' parameter/);
  });
});
