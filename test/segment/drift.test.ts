import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import { featureDrift, populationStabilityIndex, psiLevel, segmentDrift } from '../../src/segment/drift.js';

describe('populationStabilityIndex', () => {
  it('matches the hand-computed sum of (a - e) ln(a / e)', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.6, 0.4])).toBeCloseTo(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8), 15);
    // Counts are normalised.
    expect(populationStabilityIndex([50, 50], [60, 40])).toBeCloseTo(populationStabilityIndex([0.5, 0.5], [0.6, 0.4]), 15);
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('replaces empty bins by epsilon', () => {
    const eps = 1e-4;
    const expected = (0.5 - 1) * Math.log(0.5) + (0.5 - eps) * Math.log(0.5 / eps);
    expect(populationStabilityIndex([1, 0], [0.5, 0.5])).toBeCloseTo(expected, 12);
    const e2 = 1e-3;
    expect(populationStabilityIndex([1, 0], [0.5, 0.5], { epsilon: e2 })).toBeCloseTo((0.5 - 1) * Math.log(0.5) + (0.5 - e2) * Math.log(0.5 / e2), 12);
  });

  it('property: non-negative, symmetric, zero for identical distributions', () => {
    const dist = fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(dist, dist, (a, b) => {
        const k = Math.min(a.length, b.length);
        const x = a.slice(0, k);
        const y = b.slice(0, k);
        const p = populationStabilityIndex(x, y);
        return p >= 0 && Math.abs(p - populationStabilityIndex(y, x)) < 1e-12 && Math.abs(populationStabilityIndex(x, x)) < 1e-15;
      }),
      { numRuns: 100 },
    );
  });

  it('reads the 0.1 / 0.25 bands', () => {
    expect([0, 0.0999, 0.1, 0.2499, 0.25, 3].map(psiLevel)).toEqual(['stable', 'stable', 'moderate', 'moderate', 'significant', 'significant']);
    expect(() => psiLevel(NaN)).toThrow(ValidationError);
    expect(() => psiLevel(-1)).toThrow(ValidationError);
  });

  it('rejects bad shares and options', () => {
    expect(() => populationStabilityIndex([1, 2], [1])).toThrow(/same length .* got 2 and 1/);
    expect(() => populationStabilityIndex([1, -1], [1, 1])).toThrow(/expected\[1\] is -1/);
    expect(() => populationStabilityIndex([1, 1], [1, NaN])).toThrow(/actual\[1\] is NaN/);
    expect(() => populationStabilityIndex([0, 0], [1, 1])).toThrow(/expected to have a positive sum/);
    expect(() => populationStabilityIndex([1], [1], { epsilon: 0 })).toThrow(InvalidParameterError);
  });
});

describe('segmentDrift', () => {
  it('counts transitions, flows and retention by position (hand-computed)', () => {
    const d = segmentDrift([0, 0, 0, 1, 1], [0, 0, 1, 1, 1]);
    expect(d.segments).toEqual([0, 1]);
    expect(Array.from(d.transitions.data)).toEqual([2, 1, 0, 2]);
    expect(Array.from(d.transitionRates.data)).toEqual([2 / 3, 1 / 3, 0, 1]);
    expect(d.shared).toBe(5);
    expect(d.moved).toBe(1);
    expect(d.flows[0]).toEqual({
      segment: 0,
      previousSize: 3,
      currentSize: 2,
      previousShare: 0.6,
      currentShare: 0.4,
      shareChange: 0.4 - 0.6,
      stayed: 2,
      inflow: 0,
      outflow: 1,
      joined: 0,
      left: 0,
      retention: 2 / 3,
    });
    expect(d.flows[1]).toMatchObject({ stayed: 2, inflow: 1, outflow: 0, retention: 1 });
    expect(d.psi).toBeCloseTo(0.2 * Math.log(1.5) - 0.2 * Math.log(2 / 3), 15);
    expect(d.level).toBe('moderate');
  });

  it('joins customers by id: who joined, who left, noise as a segment', () => {
    const d = segmentDrift([0, 0, 1, 1, 2], [0, 0, 1, 1, -1], {
      ids: { previous: ['a', 'b', 'c', 'd', 'e'], current: ['b', 'c', 'd', 'f', 'g'] },
    });
    // Shared: b (0 -> 0), c (1 -> 0), d (1 -> 1). a and e left; f (segment 1) and g (noise) joined.
    expect(d.segments).toEqual([-1, 0, 1, 2]);
    expect(d.shared).toBe(3);
    expect(d.moved).toBe(1);
    expect(Array.from(d.transitions.data)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    const [noise, s0, s1, s2] = d.flows;
    expect(noise).toMatchObject({ previousSize: 0, currentSize: 1, joined: 1, retention: null, shareChange: 0.2 });
    expect(s0).toMatchObject({ stayed: 1, inflow: 1, outflow: 0, joined: 0, left: 1, retention: 0.5 });
    expect(s1).toMatchObject({ stayed: 1, inflow: 0, outflow: 1, joined: 1, left: 0, retention: 0.5 });
    expect(s2).toMatchObject({ stayed: 0, left: 1, retention: 0, currentShare: 0 });
    // Rates: rows of segments with no shared customer are zeros, never NaN.
    expect(Array.from(d.transitionRates.data).every(Number.isFinite)).toBe(true);
    const eps = 1e-4;
    expect(d.psi).toBeCloseTo(2 * (0.2 - eps) * Math.log(0.2 / eps), 12);
    expect(d.level).toBe('significant');
  });

  it('property: flows balance (previous = stayed + outflow + left, current = stayed + inflow + joined)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 40 }), (a, b) => {
        const d = segmentDrift(a, b, { ids: { previous: a.map((_, i) => i), current: b.map((_, i) => i + 5) } });
        const shares = d.flows.reduce((s, f) => s + f.shareChange, 0);
        return (
          d.flows.every((f) => f.previousSize === f.stayed + f.outflow + f.left && f.currentSize === f.stayed + f.inflow + f.joined) &&
          Math.abs(shares) < 1e-12 &&
          d.shared === Math.max(0, Math.min(a.length, b.length + 5) - 5)
        );
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad labels, ids and options', () => {
    expect(() => segmentDrift([0, 1], [0])).toThrow(/2 previous and 1 current labels without ids/);
    expect(() => segmentDrift([0, 0.5], [0, 1])).toThrow(/integer labels/);
    expect(() => segmentDrift([], [0])).toThrow(/previousLabels to have a positive sum/);
    expect(() => segmentDrift([0], [0], { ids: { previous: ['a'], current: ['a', 'b'] } })).toThrow(/got 2 ids for 1 labels/);
    expect(() => segmentDrift([0, 1], [0], { ids: { previous: [1, 1], current: [1] } })).toThrow(/appears at positions 0 and 1/);
    expect(() => segmentDrift([0], [0], { ids: ['a'] } as never)).toThrow(InvalidParameterError);
    expect(() => segmentDrift([0], [0], { idz: 1 } as never)).toThrow(/no parameter 'idz'/);
  });
});

describe('featureDrift', () => {
  const before = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
  const after = [[1], [1], [1], [1], [1], [2], [3], [5], [7], [9]];

  it('PSI on quantile bins of the previous data and the standardized mean difference (hand-computed)', () => {
    const [f] = featureDrift(before, after, { featureNames: ['spend'], bins: 5 });
    // Edges 2.8, 4.6, 6.4, 8.2: previous 0.2 per bin; current 0.6, 0.1, 0.1, 0.1, 0.1.
    expect(f?.feature).toBe('spend');
    expect(f?.edges.map((e) => Number(e.toFixed(12)))).toEqual([2.8, 4.6, 6.4, 8.2]);
    expect(f?.psi).toBeCloseTo(0.4 * Math.log(3) + 4 * -0.1 * Math.log(0.5), 12);
    expect(f?.level).toBe('significant');
    const sPrev = Math.sqrt(82.5 / 9);
    const sCur = Math.sqrt(76.9 / 9);
    expect(f?.previousStd).toBeCloseTo(sPrev, 12);
    expect(f?.currentStd).toBeCloseTo(sCur, 12);
    expect(f?.smd).toBeCloseTo((3.1 - 5.5) / Math.sqrt((sPrev ** 2 + sCur ** 2) / 2), 12);
  });

  it('merges tied quantiles (few distinct values) and handles constant columns', () => {
    const prev = [[0, 2], [0, 2], [0, 2], [0, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2]];
    const cur = [[0, 3], [1, 3], [1, 3], [1, 3], [1, 3]];
    const [a, b] = featureDrift(prev, cur, { bins: 4 });
    expect(a?.feature).toBe('x0');
    expect(a?.edges).toEqual([0, 1]);
    // Previous 0.4 / 0.6 / 0; current 0.2 / 0.8 / 0.
    expect(a?.psi).toBeCloseTo(-0.2 * Math.log(0.5) + 0.2 * Math.log(0.8 / 0.6), 12);
    expect(b?.edges).toEqual([2]);
    expect(b?.smd).toBe(Infinity);
    expect(featureDrift([[2], [2]], [[2]])[0]?.smd).toBe(0);
    expect(featureDrift([[2], [2]], [[1]])[0]?.smd).toBe(-Infinity);
  });

  it('identical data has zero drift; a shifted copy is flagged', () => {
    const X = Array.from({ length: 200 }, (_, i) => [Math.sin(i) * 10, i % 7]);
    for (const f of featureDrift(X, X)) {
      expect(f.psi).toBe(0);
      expect(f.smd).toBe(0);
      expect(f.level).toBe('stable');
    }
    const shifted = X.map(([a, b]) => [(a as number) + 5, b as number]);
    const [moved, same] = featureDrift(X, shifted);
    expect(moved?.level).toBe('significant');
    expect(moved?.smd).toBeGreaterThan(0.5);
    expect(same?.psi).toBe(0);
  });

  it('rejects bad data and options', () => {
    expect(() => featureDrift([[1, 2]], [[1]])).toThrow(/current has 1 features, but featureDrift is expecting 2/);
    expect(() => featureDrift([[1]], [[NaN]])).toThrow(/NaN at row 0, column 0/);
    expect(() => featureDrift([[1]], [[1]], { featureNames: ['a', 'b'] })).toThrow(/one feature name per column \(1\), got 2/);
    expect(() => featureDrift([[1]], [[1]], { bins: 1 })).toThrow(/'bins' parameter of featureDrift must be an int in the range \[2, 1000\]/);
    expect(() => featureDrift([], [[1]])).toThrow(ValidationError);
  });
});
