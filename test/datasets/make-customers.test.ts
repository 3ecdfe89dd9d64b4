import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/cluster/kmeans.js';
import { InvalidParameterError } from '../../src/core/errors.js';
import {
  CUSTOMER_CATEGORICAL_COLUMNS,
  CUSTOMER_DATE_COLUMNS,
  CUSTOMER_NUMERIC_COLUMNS,
  CUSTOMER_SEGMENT_NAMES,
  MAKE_CUSTOMERS_DEFAULTS,
  makeCustomers,
  type CustomerRecord,
} from '../../src/datasets/index.js';
import { adjustedRand as ari } from '../../src/testing/asserts.js';
import { standardizedNumeric } from '../helpers/customer-matrix.js';

function segmentMean(records: readonly CustomerRecord[], segment: Int32Array, s: number, col: (typeof CUSTOMER_NUMERIC_COLUMNS)[number]): number {
  let sum = 0;
  let count = 0;
  records.forEach((r, i) => {
    const v = r[col];
    if (segment[i] === s && v !== null) {
      sum += v;
      count++;
    }
  });
  return sum / count;
}

const DAY = 86_400_000;
const dayOf = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;

describe('ARI helper (hand-computed)', () => {
  it('is 1 for equal partitions up to relabelling and 0-ish or below for unrelated ones', () => {
    expect(ari([0, 0, 1, 1], [5, 5, 3, 3])).toBe(1);
    // contingency [[1,1],[1,1]]: index 0, expected (2*2)/6, max 2 -> ARI = -0.5
    expect(ari([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });
});

describe('makeCustomers', () => {
  const def = makeCustomers();

  it('defaults to 1000 customers in 4 segments with exact shares', () => {
    expect(MAKE_CUSTOMERS_DEFAULTS).toEqual({ n: 1000, randomState: 0, nSegments: 4, asOf: '2024-12-31' });
    expect(def.records).toHaveLength(1000);
    expect(def.segment).toBeInstanceOf(Int32Array);
    expect(def.segment).toHaveLength(1000);
    expect(def.segmentNames).toEqual(['Champions', 'Bargain hunters', 'New customers', 'Dormant']);
    const counts = [0, 0, 0, 0];
    for (const s of def.segment) counts[s]!++;
    // shares 0.15 / 0.30 / 0.20 / 0.35
    expect(counts).toEqual([150, 300, 200, 350]);
  });

  it('is deterministic: same options give identical records; another seed gives others', () => {
    const again = makeCustomers({ n: 1000, randomState: 0, nSegments: 4 });
    expect(again.records).toEqual(def.records);
    expect(Array.from(again.segment)).toEqual(Array.from(def.segment));
    const other = makeCustomers({ randomState: 1 });
    expect(other.records).not.toEqual(def.records);
    expect(Array.from(other.segment)).not.toEqual(Array.from(def.segment));
    // undefined means default
    expect(makeCustomers({ n: 50, randomState: undefined }).records).toEqual(makeCustomers({ n: 50 }).records);
  });

  it('has the documented columns with the right types and ranges', () => {
    const keys = ['customerId', ...CUSTOMER_NUMERIC_COLUMNS, ...CUSTOMER_CATEGORICAL_COLUMNS, ...CUSTOMER_DATE_COLUMNS].sort();
    const ids = new Set<string>();
    for (const r of def.records) {
      expect(Object.keys(r).sort()).toEqual(keys);
      expect(r.customerId).toMatch(/^C\d{4}$/);
      ids.add(r.customerId);
      for (const c of CUSTOMER_NUMERIC_COLUMNS) {
        const v = r[c];
        if (v !== null) expect(Number.isFinite(v), `${c} of ${r.customerId}`).toBe(true);
      }
      if (r.age !== null) expect(Number.isInteger(r.age) && r.age >= 18 && r.age <= 90).toBe(true);
      expect([null, 'north', 'south', 'east', 'west']).toContain(r.region);
      expect(['search', 'social', 'referral', 'email']).toContain(r.acquisitionChannel);
      expect(['web', 'app', 'store']).toContain(r.preferredChannel);
      if (r.sessionsPerMonth !== null) expect(r.sessionsPerMonth).toBeGreaterThanOrEqual(0);
      if (r.avgBasketSize !== null) expect(r.avgBasketSize).toBeGreaterThan(0);
      expect(r.discountUsage).toBeGreaterThanOrEqual(0);
      expect(r.discountUsage).toBeLessThanOrEqual(1);
      expect(Number.isInteger(r.orderCount) && r.orderCount >= 1).toBe(true);
      expect(Number.isInteger(r.daysSinceLastOrder) && r.daysSinceLastOrder >= 0).toBe(true);
      expect(Number.isInteger(r.tenureDays) && r.tenureDays >= r.daysSinceLastOrder && r.tenureDays <= 1825).toBe(true);
      expect(r.totalSpend).toBeGreaterThan(0);
      // dates agree with recency and tenure as of 2024-12-31
      expect(dayOf('2024-12-31') - dayOf(r.lastOrderDate)).toBe(r.daysSinceLastOrder);
      expect(dayOf('2024-12-31') - dayOf(r.firstOrderDate)).toBe(r.tenureDays);
      if (r.orderCount === 1) expect(r.firstOrderDate).toBe(r.lastOrderDate);
    }
    expect(ids.size).toBe(1000);
  });

  it('has a few percent missing values in age, sessionsPerMonth, avgBasketSize and region only', () => {
    const big = makeCustomers({ n: 4000, randomState: 5 }).records;
    const rate = (c: keyof CustomerRecord) => big.filter((r) => r[c] === null).length / big.length;
    expect(rate('age')).toBeGreaterThan(0.03);
    expect(rate('age')).toBeLessThan(0.07);
    expect(rate('avgBasketSize')).toBeGreaterThan(0.015);
    expect(rate('avgBasketSize')).toBeLessThan(0.045);
    expect(rate('sessionsPerMonth')).toBeGreaterThan(0.01);
    expect(rate('sessionsPerMonth')).toBeLessThan(0.03);
    expect(rate('region')).toBeGreaterThan(0.01);
    expect(rate('region')).toBeLessThan(0.03);
    for (const c of ['customerId', 'discountUsage', 'totalSpend', 'orderCount', 'daysSinceLastOrder', 'tenureDays', 'firstOrderDate', 'acquisitionChannel', 'preferredChannel'] as const) {
      expect(rate(c), c).toBe(0);
    }
  });

  it('has totalSpend = orderCount x avgBasketSize except for a few bulk-order outliers', () => {
    const big = makeCustomers({ n: 4000, randomState: 5 }).records.filter((r) => r.avgBasketSize !== null);
    let outliers = 0;
    for (const r of big) {
      const regular = Math.round(r.orderCount * r.avgBasketSize! * 100) / 100;
      if (Math.abs(r.totalSpend - regular) > 0.011) {
        outliers++;
        expect(r.totalSpend / regular).toBeGreaterThanOrEqual(5);
      }
    }
    // 0.5% of ~3880 customers: about 19
    expect(outliers).toBeGreaterThanOrEqual(5);
    expect(outliers).toBeLessThanOrEqual(40);
    // outliers stand out: the largest totalSpend is far above the 99th percentile
    const spend = big.map((r) => r.totalSpend).sort((a, b) => a - b);
    expect(spend[spend.length - 1]!).toBeGreaterThan(5 * spend[Math.floor(0.99 * spend.length)]!);
  });

  it('gives each segment its profile', () => {
    const { records, segment } = makeCustomers({ n: 2000, randomState: 2 });
    const mean = (s: number, c: (typeof CUSTOMER_NUMERIC_COLUMNS)[number]) => segmentMean(records, segment, s, c);
    const [champ, bargain, fresh, dormant] = [0, 1, 2, 3];
    for (const s of [bargain, fresh, dormant]) {
      expect(mean(champ, 'orderCount')).toBeGreaterThan(mean(s, 'orderCount'));
      expect(mean(champ, 'sessionsPerMonth')).toBeGreaterThan(mean(s, 'sessionsPerMonth'));
      expect(mean(champ, 'daysSinceLastOrder')).toBeLessThan(mean(s, 'daysSinceLastOrder'));
    }
    for (const s of [champ, fresh, dormant]) {
      expect(mean(bargain, 'discountUsage')).toBeGreaterThan(mean(s, 'discountUsage'));
      expect(mean(bargain, 'avgBasketSize')).toBeLessThan(mean(s, 'avgBasketSize'));
    }
    for (const s of [champ, bargain, dormant]) {
      expect(mean(fresh, 'tenureDays')).toBeLessThan(mean(s, 'tenureDays'));
      expect(mean(fresh, 'orderCount')).toBeLessThan(mean(s, 'orderCount'));
    }
    for (const s of [champ, bargain, fresh]) {
      expect(mean(dormant, 'daysSinceLastOrder')).toBeGreaterThan(mean(s, 'daysSinceLastOrder'));
      expect(mean(dormant, 'sessionsPerMonth')).toBeLessThan(mean(s, 'sessionsPerMonth'));
    }
    expect(mean(fresh, 'tenureDays')).toBeLessThan(90);
    expect(mean(dormant, 'daysSinceLastOrder')).toBeGreaterThan(180);
  });

  it.each([
    [4, 0],
    [4, 1],
    [4, 2],
    [2, 3],
    [6, 0],
  ])('segments are recoverable: standardized numeric columns + KMeans(k = %i), seed %i, ARI >= 0.7', (nSegments, randomState) => {
    const { records, segment } = makeCustomers({ n: 1000, randomState, nSegments });
    const X = standardizedNumeric(records);
    const labels = new KMeans({ nClusters: nSegments, nInit: 10, randomState: 0 }).fitPredict(X);
    expect(ari(labels, segment)).toBeGreaterThanOrEqual(0.7);
  });

  it('segments overlap a little: k-means does not recover them perfectly', () => {
    const { records, segment } = makeCustomers({ n: 2000, randomState: 4, nSegments: 6 });
    const labels = new KMeans({ nClusters: 6, nInit: 10, randomState: 0 }).fitPredict(standardizedNumeric(records));
    expect(ari(labels, segment)).toBeLessThan(0.99);
  });

  it('takes the first nSegments archetypes and honours asOf', () => {
    const six = makeCustomers({ n: 100, nSegments: 6 });
    expect(six.segmentNames).toEqual([...CUSTOMER_SEGMENT_NAMES]);
    expect(new Set(six.segment).size).toBe(6);
    const two = makeCustomers({ n: 100, nSegments: 2 });
    expect(two.segmentNames).toEqual(['Champions', 'Bargain hunters']);
    const shifted = makeCustomers({ n: 100, asOf: '2020-03-01' });
    const base = makeCustomers({ n: 100 });
    shifted.records.forEach((r, i) => {
      const b = base.records[i]!;
      expect({ ...r, firstOrderDate: '', lastOrderDate: '' }).toEqual({ ...b, firstOrderDate: '', lastOrderDate: '' });
      expect(dayOf('2020-03-01') - dayOf(r.lastOrderDate)).toBe(r.daysSinceLastOrder);
    });
  });

  it('handles tiny n (some segments empty) and pads ids to the width of n', () => {
    const one = makeCustomers({ n: 1 });
    expect(one.records).toHaveLength(1);
    expect(one.records[0]!.customerId).toBe('C0001');
    const three = makeCustomers({ n: 3 });
    expect(three.segment).toHaveLength(3);
    expect(makeCustomers({ n: 12000, nSegments: 2 }).records[11999]!.customerId).toBe('C12000');
  });

  it('returns fresh data on every call', () => {
    const a = makeCustomers({ n: 20 });
    a.records[0]!.age = -1;
    a.segment[0] = 42;
    a.segmentNames[0] = 'changed';
    const b = makeCustomers({ n: 20 });
    expect(b.records[0]!.age).not.toBe(-1);
    expect(b.segment[0]).not.toBe(42);
    expect(b.segmentNames[0]).toBe('Champions');
  });

  it('rejects bad options with InvalidParameterError naming the parameter', () => {
    const bad: [Record<string, unknown>, string, RegExp][] = [
      [{ n: 0 }, 'n', /The 'n' parameter of makeCustomers must be an int in the range \[1, inf\)\. Got 0 instead\./],
      [{ n: 2.5 }, 'n', /Got 2\.5 instead/],
      [{ nSegments: 7 }, 'nSegments', /must be an int in the range \[2, 6\]\. Got 7 instead/],
      [{ nSegments: 1 }, 'nSegments', /Got 1 instead/],
      [{ randomState: -1 }, 'randomState', /must be an int in the range \[0, 4294967295\]/],
      [{ randomState: null }, 'randomState', /Got null instead/],
      [{ asOf: '2024-02-31' }, 'asOf', /must be a date string 'YYYY-MM-DD'\. Got '2024-02-31' instead/],
      [{ asOf: '31/12/2024' }, 'asOf', /Got '31\/12\/2024' instead/],
      [{ nSegment: 3 }, 'nSegment', /makeCustomers has no parameter 'nSegment'\. Valid parameters are: n, randomState, nSegments, asOf\./],
    ];
    for (const [opts, param, message] of bad) {
      let err: unknown;
      try {
        makeCustomers(opts as never);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(opts)).toBeInstanceOf(InvalidParameterError);
      expect((err as InvalidParameterError).parameter).toBe(param);
      expect((err as Error).message).toMatch(message);
    }
    expect(() => makeCustomers(5 as never)).toThrow(InvalidParameterError);
  });

  it('property: ids unique, dates consistent, numeric columns numeric or null, for any n and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 2, max: 6 }), (n, seed, k) => {
        const { records, segment, segmentNames } = makeCustomers({ n, randomState: seed, nSegments: k });
        expect(new Set(records.map((r) => r.customerId)).size).toBe(n);
        expect(segmentNames).toHaveLength(k);
        for (let i = 0; i < n; i++) {
          const r = records[i]!;
          expect(segment[i]).toBeGreaterThanOrEqual(0);
          expect(segment[i]).toBeLessThan(k);
          expect(r.firstOrderDate <= r.lastOrderDate).toBe(true);
          for (const c of CUSTOMER_NUMERIC_COLUMNS) expect(r[c] === null || Number.isFinite(r[c])).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
