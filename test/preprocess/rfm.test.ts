import { describe, expect, it } from 'vitest';
import { ColumnTransformer, Rng, RFM_SEGMENT_RULES, rfm, rfmScores, rfmSegments, StandardScaler, ValidationError } from '../../src/index.js';

// A hand-checked log: 5 customers, asOf 2024-03-01.
const log = [
  { cust: 'ann', day: '2024-01-01', amt: 100 },
  { cust: 'bob', day: '2024-01-15', amt: 20 },
  { cust: 'ann', day: '2024-02-20', amt: 50 },
  { cust: 'cat', day: '2023-06-01', amt: 500 },
  { cust: 'dan', day: '2024-02-28', amt: 5 },
  { cust: 'ann', day: '2024-02-29', amt: 150 },
  { cust: 'eve', day: '2023-12-01', amt: 60 },
  { cust: 'eve', day: '2023-12-02', amt: 40 },
];
const opts = { customerId: 'cust', date: 'day', amount: 'amt', asOf: '2024-03-01' } as const;

describe('rfm', () => {
  it('hand-checked recency, frequency, monetary, AOV, tenure', () => {
    const t = rfm(log, opts);
    expect(t.customerId).toEqual(['ann', 'bob', 'cat', 'dan', 'eve']);
    expect(Array.from(t.recency)).toEqual([1, 46, 274, 2, 90]);
    expect(Array.from(t.frequency)).toEqual([3, 1, 1, 1, 2]);
    expect(Array.from(t.monetary)).toEqual([300, 20, 500, 5, 100]);
    expect(Array.from(t.averageOrderValue)).toEqual([100, 20, 500, 5, 50]);
    expect(Array.from(t.tenure)).toEqual([60, 46, 274, 2, 91]);
  });
  it('columns, Date objects and epoch ms give the same table; asOf defaults to the latest date', () => {
    const cols = {
      cust: log.map((r) => r.cust),
      day: log.map((r, i) => (i % 2 ? new Date(`${r.day}T00:00:00Z`) : Date.parse(r.day))),
      amt: log.map((r) => r.amt),
    };
    const a = rfm(cols, opts);
    expect(Array.from(a.recency)).toEqual([1, 46, 274, 2, 90]);
    const b = rfm(log, { customerId: 'cust', date: 'day', amount: 'amt' });
    expect(Array.from(b.recency)).toEqual([0, 45, 273, 1, 89]);
  });
  it('feeds ColumnTransformer directly', () => {
    const t = rfm(log, opts);
    const ct = new ColumnTransformer({ transformers: [{ name: 'rfm', columns: ['recency', 'frequency', 'monetary'], steps: new StandardScaler() }] });
    expect(ct.fitTransform(t).rows).toBe(5);
  });
  it('bad rows: typed errors naming the row', () => {
    const bad = (patch: Record<string, unknown>, at = 2) => log.map((r, i) => (i === at ? { ...r, ...patch } : r));
    const expectRow = (fn: () => unknown, re: RegExp, row: number) => {
      try {
        fn();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as Error).message).toMatch(re);
        expect((e as ValidationError).row).toBe(row);
      }
    };
    expectRow(() => rfm(bad({ amt: -5 }), opts), /column 'amt', but row 2 is -5/, 2);
    expectRow(() => rfm(bad({ amt: '12' }), opts), /column 'amt', but row 2 is '12'/, 2);
    expectRow(() => rfm(bad({ day: '2024-13-45' }), opts), /date.*column 'day', but row 2/, 2);
    expectRow(() => rfm(bad({ day: 'last tuesday' }, 4), opts), /row 4/, 4);
    expectRow(() => rfm(bad({ cust: null }, 3), opts), /customer id.*row 3/, 3);
    expectRow(() => rfm(bad({ cust: '' }, 0), opts), /row 0/, 0);
    expectRow(() => rfm(bad({ day: '2024-03-05' }, 1), opts), /after asOf.*row 1/, 1);
    expectRow(() => rfm(log.map((r, i) => (i === 6 ? { cust: r.cust, day: r.day } : r)), opts), /column 'amt'.*record 6/, 6);
    expect(Array.from(rfm(bad({ day: '2024-03-05' }, 1), { ...opts, future: 'ignore' }).frequency)).toEqual([3, 1, 1, 2]);
    expect(() => rfm([], opts)).toThrow(/no rows/);
    expect(() => rfm(log, { ...opts, asOf: 'soon' })).toThrow(/asOf/);
  });
  it('matches a naive group-by on a seeded log', () => {
    const rng = new Rng(7);
    const n = 5000;
    const recs = Array.from({ length: n }, () => ({
      id: `c${rng.int(300)}`,
      t: Date.UTC(2023, 0, 1) + rng.int(365) * 86_400_000,
      v: Math.round(rng.float() * 10000) / 100,
    }));
    const t = rfm(recs, { customerId: 'id', date: 't', amount: 'v', asOf: Date.UTC(2024, 0, 1) });
    const naive = new Map<string, { last: number; count: number; total: number }>();
    for (const r of recs) {
      const e = naive.get(r.id) ?? { last: -Infinity, count: 0, total: 0 };
      naive.set(r.id, { last: Math.max(e.last, r.t), count: e.count + 1, total: e.total + r.v });
    }
    expect(t.customerId).toEqual([...naive.keys()]);
    t.customerId.forEach((id, c) => {
      const e = naive.get(id as string)!;
      expect(t.recency[c]).toBe((Date.UTC(2024, 0, 1) - e.last) / 86_400_000);
      expect(t.frequency[c]).toBe(e.count);
      expect(t.monetary[c]).toBeCloseTo(e.total, 9);
    });
  });
});

describe('rfmScores and rfmSegments', () => {
  it('hand-checked quantile scores (recency reversed) and segments', () => {
    const t = rfm(log, opts);
    // recency [1, 46, 274, 2, 90] -> ranks [1, 3, 5, 2, 4] -> scores 5..1 reversed
    const s = rfmScores(t);
    expect(Array.from(s.r)).toEqual([5, 3, 1, 4, 2]);
    // frequency [3, 1, 1, 1, 2]: ties share the mean rank 2 -> score 2
    expect(Array.from(s.f)).toEqual([5, 2, 2, 2, 4]);
    expect(Array.from(s.m)).toEqual([4, 2, 5, 1, 3]);
    expect(Array.from(s.fm)).toEqual([5, 2, 4, 2, 4]);
    expect(s.rfm).toEqual(['554', '322', '125', '421', '243']);
    expect(Array.from(s.total)).toEqual([14, 7, 8, 7, 9]);
    expect(rfmSegments(s)).toEqual(['Champions', 'About To Sleep', 'At Risk', 'Potential Loyalist', 'At Risk']);
    const first = rfmScores(t, { ties: 'first' });
    expect(Array.from(first.f)).toEqual([5, 1, 2, 3, 4]);
  });
  it('the default rules cover every (r, fm) pair with the 11 classic segments', () => {
    const r: number[] = [];
    const fm: number[] = [];
    for (let a = 1; a <= 5; a++) {
      for (let b = 1; b <= 5; b++) {
        r.push(a);
        fm.push(b);
      }
    }
    const seg = rfmSegments({ r, f: fm, m: fm, fm });
    expect(seg).not.toContain('Other');
    expect(new Set(seg)).toEqual(new Set(RFM_SEGMENT_RULES.map((x) => x.segment)));
    expect(new Set(seg).size).toBe(11);
  });
  it('rules are overridable; default rules refuse scores above 5', () => {
    const s = { r: [1, 9], f: [1, 9], m: [1, 9], fm: [1, 9] };
    expect(() => rfmSegments(s)).toThrow(/rules/);
    expect(rfmSegments(s, { rules: [{ segment: 'Top', r: [8, 10] }], otherwise: 'Rest' })).toEqual(['Rest', 'Top']);
    expect(() => rfmSegments(s, { rules: [{ segment: 'x', r: [1] as never }] })).toThrow(/rules/);
  });
  it('bins option and bad inputs', () => {
    const s = rfmScores({ recency: [1, 2, 3, 4], frequency: [1, 2, 3, 4], monetary: [4, 3, 2, 1] }, { bins: 2 });
    expect(Array.from(s.r)).toEqual([2, 2, 1, 1]);
    expect(s.customerId).toEqual([0, 1, 2, 3]);
    expect(() => rfmScores({ recency: [1], frequency: [1] })).toThrow(/monetary/);
    expect(() => rfmScores({ recency: [1], frequency: [1], monetary: [1] }, { bins: 1 })).toThrow(/bins/);
  });
});
