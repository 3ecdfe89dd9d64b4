import { describe, expect, it } from 'vitest';
import { DateFeatures, fromJSON, toRows, ValidationError } from '../../src/index.js';

describe('DateFeatures', () => {
  it('derives every feature by hand (UTC, Monday = 0)', () => {
    const df = new DateFeatures({ asOf: '2024-03-01T00:00:00Z', features: ['daysSince', 'year', 'month', 'dayOfMonth', 'dayOfWeek', 'dayOfYear', 'hour'] });
    // 2024-02-29 is a Thursday, day 60 of a leap year.
    const out = toRows(df.fit({ d: ['2024-02-29T12:00:00Z'] }).transform({ d: [new Date(Date.UTC(2024, 1, 29, 12)), Date.UTC(2024, 0, 1)] }));
    expect(out).toEqual([
      [0.5, 2024, 2, 29, 3, 60, 12],
      [60, 2024, 1, 1, 0, 1, 0],
    ]);
  });
  it('asOf null uses the latest date of fit and is recorded', () => {
    const df = new DateFeatures().fit({ a: ['2024-01-01', '2024-01-10'], b: ['2024-01-05', null] });
    expect(new Date(df.asOfMs).toISOString()).toBe('2024-01-10T00:00:00.000Z');
    const back = fromJSON(JSON.stringify(df)) as DateFeatures;
    expect(back.asOfMs).toBe(df.asOfMs);
    expect(toRows(df.transform({ a: [null], b: ['2024-01-09'] }))[0]?.slice(3, 4)).toEqual([1]);
    expect(Number.isNaN(toRows(df.transform({ a: [null], b: ['2024-01-09'] }))[0]?.[0])).toBe(true);
  });
  it('bad dates name the column and row', () => {
    try {
      new DateFeatures().fit({ signup: ['2024-01-01', '01/02/2024'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as Error).message).toMatch(/column 'signup', but row 1/);
    }
    expect(() => new DateFeatures().fit({ d: [null, null] })).toThrow(/asOf/);
    expect(() => new DateFeatures({ asOf: 'yesterday' }).fit({ d: ['2024-01-01'] })).toThrow(/asOf/);
  });
});
