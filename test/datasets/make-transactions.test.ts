import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { MAKE_TRANSACTIONS_DEFAULTS, makeCustomers, makeTransactions, type Transaction } from '../../src/datasets/index.js';

const DAY = 86_400_000;
const dayOf = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;

function byCustomer(log: readonly Transaction[]): Map<string, Transaction[]> {
  const m = new Map<string, Transaction[]>();
  for (const t of log) {
    const list = m.get(t.customerId);
    if (list) list.push(t);
    else m.set(t.customerId, [t]);
  }
  return m;
}

describe('makeTransactions', () => {
  const log = makeTransactions({ nCustomers: 300, randomState: 7 });
  const customers = makeCustomers({ n: 300, randomState: 7 });

  it('has documented defaults and the customers of makeCustomers with the same seed', () => {
    expect(MAKE_TRANSACTIONS_DEFAULTS).toEqual({ nCustomers: 1000, randomState: 0, nSegments: 4, start: null, end: '2024-12-31' });
    const ids = new Set(log.map((t) => t.customerId));
    expect(ids).toEqual(new Set(customers.records.map((r) => r.customerId)));
  });

  it('rows are { customerId, date, amount } with positive cent amounts, sorted by date then id', () => {
    for (let i = 0; i < log.length; i++) {
      const t = log[i]!;
      expect(Object.keys(t).sort()).toEqual(['amount', 'customerId', 'date']);
      expect(t.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(t.amount).toBeGreaterThan(0);
      expect(Math.abs(t.amount * 100 - Math.round(t.amount * 100))).toBeLessThan(1e-6);
      if (i > 0) {
        const p = log[i - 1]!;
        expect(p.date < t.date || (p.date === t.date && p.customerId <= t.customerId)).toBe(true);
      }
    }
  });

  it('reproduces each record: recency, frequency, monetary value and first order date', () => {
    const groups = byCustomer(log);
    for (const r of customers.records) {
      const mine = groups.get(r.customerId)!;
      expect(mine).toHaveLength(r.orderCount);
      const cents = mine.reduce((s, t) => s + Math.round(t.amount * 100), 0);
      expect(cents).toBe(Math.round(r.totalSpend * 100));
      const dates = mine.map((t) => t.date).sort();
      expect(dates[0]).toBe(r.firstOrderDate);
      expect(dates[dates.length - 1]).toBe(r.lastOrderDate);
      expect(dayOf('2024-12-31') - dayOf(dates[dates.length - 1]!)).toBe(r.daysSinceLastOrder);
    }
  });

  it('puts each bulk order into a single transaction (the outliers of totalSpend)', () => {
    const big = makeTransactions({ nCustomers: 2000, randomState: 1 });
    const recs = makeCustomers({ n: 2000, randomState: 1 }).records;
    const groups = byCustomer(big);
    let bulkCustomers = 0;
    for (const r of recs) {
      if (r.avgBasketSize === null) continue;
      const regular = Math.round(r.orderCount * r.avgBasketSize * 100) / 100;
      if (r.totalSpend - regular > 0.011) {
        bulkCustomers++;
        const max = Math.max(...groups.get(r.customerId)!.map((t) => t.amount));
        expect(max).toBeGreaterThan(r.totalSpend - regular);
      }
    }
    expect(bulkCustomers).toBeGreaterThan(0);
  });

  it('is deterministic and follows segment behaviour (Champions order most)', () => {
    expect(makeTransactions({ nCustomers: 300, randomState: 7 })).toEqual(log);
    expect(makeTransactions({ nCustomers: 300, randomState: 8 })).not.toEqual(log);
    const counts = byCustomer(log);
    const perSegment = [0, 0, 0, 0];
    const size = [0, 0, 0, 0];
    customers.records.forEach((r, i) => {
      const s = customers.segment[i]!;
      perSegment[s]! += counts.get(r.customerId)!.length;
      size[s]!++;
    });
    const avg = perSegment.map((c, s) => c / size[s]!);
    expect(Math.max(...avg)).toBe(avg[0]);
  });

  it('start cuts the log to a window; end moves it (and is the customers asOf)', () => {
    const window = makeTransactions({ nCustomers: 300, randomState: 7, start: '2024-01-01' });
    expect(window).toEqual(log.filter((t) => t.date >= '2024-01-01'));
    expect(window.length).toBeGreaterThan(0);
    expect(window.length).toBeLessThan(log.length);
    const moved = makeTransactions({ nCustomers: 300, randomState: 7, end: '2023-06-30' });
    expect(moved).toHaveLength(log.length);
    const shift = dayOf('2024-12-31') - dayOf('2023-06-30');
    expect(dayOf(moved[0]!.date)).toBe(dayOf(log[0]!.date) - shift);
    expect(moved.every((t) => t.date <= '2023-06-30')).toBe(true);
    expect(makeTransactions({ nCustomers: 5, start: '2024-12-31', end: '2024-12-31' }).every((t) => t.date === '2024-12-31')).toBe(true);
  });

  it('rejects bad options with InvalidParameterError', () => {
    expect(() => makeTransactions({ nCustomers: 0 })).toThrow(/The 'nCustomers' parameter of makeTransactions must be an int in the range \[1, inf\)\. Got 0 instead\./);
    expect(() => makeTransactions({ start: '2024-13-01' })).toThrow(/The 'start' parameter of makeTransactions must be a date string 'YYYY-MM-DD' or null\. Got '2024-13-01' instead\./);
    expect(() => makeTransactions({ end: 20241231 as never })).toThrow(InvalidParameterError);
    expect(() => makeTransactions({ start: '2025-01-01', end: '2024-12-31' })).toThrow(/makeTransactions: start must not be after end\. Got start='2025-01-01' and end='2024-12-31' instead\./);
    expect(() => makeTransactions({ n: 10 } as never)).toThrow(/makeTransactions has no parameter 'n'/);
    expect(() => makeTransactions({ nSegments: 9 })).toThrow(InvalidParameterError);
  });
});
