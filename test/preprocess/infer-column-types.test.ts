import { describe, expect, it } from 'vitest';
import { columnTransformerFor, inferColumnTypes } from '../../src/index.js';

describe('inferColumnTypes', () => {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    customer_id: `c${i}`,
    userId: i,
    age: 20 + (i % 30),
    plan: ['free', 'pro', 'team'][i % 3],
    vip: i % 2 === 0,
    signup: new Date(Date.UTC(2023, i % 12, 1)),
    lastSeen: `2024-0${1 + (i % 9)}-15`,
    note: `free text ${i}`,
    country: 'NO',
    empty: null,
    mixed: i % 2 ? 'x' : 1,
  }));
  it('proposes a group and a reason for every column', () => {
    const t = inferColumnTypes(rows);
    expect(t.numeric).toEqual(['age']);
    expect(t.categorical).toEqual(['plan', 'vip']);
    expect(t.date).toEqual(['signup', 'lastSeen']);
    expect(t.identifier).toEqual(['customer_id', 'userId', 'note']);
    expect(t.drop).toEqual(['country', 'empty', 'mixed']);
    for (const c of t.columns) expect(c.reason.length).toBeGreaterThan(5);
    expect(t.columns.find((c) => c.name === 'empty')?.reason).toMatch(/missing/);
  });
  it('columnTransformerFor builds a working transformer', () => {
    const ct = columnTransformerFor(rows, { asOf: '2024-12-31' });
    const out = ct.fitTransform(rows);
    expect(out.rows).toBe(60);
    expect(ct.featureNamesOut()).toContain('numeric__age');
    expect(ct.featureNamesOut()).toContain('categorical__plan_pro');
    expect(ct.featureNamesOut()).toContain('date__signup_days_since');
    expect(out.data.every(Number.isFinite)).toBe(true);
  });
});
