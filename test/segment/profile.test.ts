import { describe, expect, it } from 'vitest';
import { formatSegmentTable, profileSegments } from '../../src/segment/profile.js';

const rows = [
  { spend: 10, visits: 1, city: 'a', note: null },
  { spend: 12, visits: null, city: 'a', note: null },
  { spend: 100, visits: 9, city: 'b', note: null },
  { spend: 90, visits: 11, city: 'b', note: null },
  { spend: 50, visits: 5, city: 'a', note: null },
];

describe('profileSegments', () => {
  it('computes sizes, means, medians, lifts and effects (hand-checked)', () => {
    const p = profileSegments(rows, [0, 0, 1, 1, 0]);
    expect(p.numericColumns).toEqual(['spend', 'visits']);
    expect(p.categoricalColumns).toEqual(['city']);
    const [s0, s1] = p.segments;
    expect([s0?.size, s1?.size]).toEqual([3, 2]);
    expect(s0?.share).toBeCloseTo(0.6, 15);
    expect(s0?.numeric.spend?.mean).toBeCloseTo(24, 12);
    expect(s0?.numeric.spend?.median).toBe(12);
    expect(s0?.numeric.visits).toMatchObject({ mean: 3, missing: 1 });
    expect(s1?.numeric.spend?.lift).toBeCloseTo(95 / 52.4, 12);
    const std = Math.sqrt((10 ** 2 + 12 ** 2 + 100 ** 2 + 90 ** 2 + 50 ** 2) / 5 - 52.4 ** 2);
    expect(s1?.numeric.spend?.effect).toBeCloseTo((95 - 52.4) / std, 12);
    expect(s1?.categorical.city).toEqual([{ value: 'b', share: 1, lift: 2.5 }]);
  });

  it('writes the distinguishing traits as sentences', () => {
    const p = profileSegments(rows, [0, 0, 1, 1, 0]);
    expect(p.segments[1]?.highlights).toContain("mostly city 'b': 100% vs 40% overall");
    expect(p.segments[1]?.highlights.some((h) => h.startsWith('higher spend: 95.0 vs 52.4 (1.81x average)'))).toBe(true);
  });

  it('profiles a Matrix with feature names, and noise as its own group', () => {
    const X = { rows: 4, cols: 1, data: new Float64Array([1, 2, 30, 40]) };
    const p = profileSegments(X, [-1, 0, 1, 1], { featureNames: ['spend'] });
    expect(p.segments.map((s) => s.segment)).toEqual([-1, 0, 1]);
    expect(p.segments[2]?.numeric.spend?.mean).toBe(35);
  });

  it('rejects mismatched labels and unknown columns', () => {
    expect(() => profileSegments(rows, [0, 1])).toThrow(/labels of length 5/);
    expect(() => profileSegments(rows, [0, 0, 1, 1, 0], { numeric: ['nope'] })).toThrow(/column 'nope' is not in the data/);
    expect(() => profileSegments({ rows: 1, cols: 2, data: new Float64Array(2) }, [0], { featureNames: ['a'] })).toThrow(/1 feature names for 2 columns/);
  });

  it('renders a table', () => {
    const text = formatSegmentTable(profileSegments(rows, [0, 0, 1, 1, 0]), { names: { 0: 'small', 1: 'big' } });
    const lines = text.split('\n');
    expect(lines[0]).toBe('segment  size  share  spend  visits');
    expect(lines[1]).toBe('small       3  60.0%   24.0    3.00');
    expect(text).toContain('big         2  40.0%   95.0    10.0');
    expect(text).toContain("    - mostly city 'b': 100% vs 40% overall");
  });
});
