import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { elbow } from '../../src/selection/elbow.js';

const range = (m: number, f: (i: number) => number) => Array.from({ length: m }, (_, i) => f(i));

describe('elbow (Kneedle)', () => {
  it('finds the knee of a textbook inertia curve', () => {
    const r = elbow([1, 2, 3, 4, 5, 6, 7, 8], [1000, 420, 150, 120, 100, 90, 82, 76]);
    expect(r.knee).toBe(3);
    expect(r.kneeIndex).toBe(2);
    expect(r.kneeY).toBe(150);
    expect(r.xNormalized[0]).toBe(0);
    expect(r.xNormalized[7]).toBe(1);
    expect(r.yNormalized[0]).toBe(1);
    // The difference curve peaks at the knee.
    expect(Math.max(...r.difference)).toBe(r.difference[2]);
  });

  it('reproduces the Kneedle paper / kneed figure: y = -1/(x + 0.1) + 5 on 10 points has its knee at x = 0.22', () => {
    const x = range(10, (i) => i / 9);
    const r = elbow(x, x.map((v) => -1 / (v + 0.1) + 5), { curve: 'concave', direction: 'increasing' });
    expect(r.knee).toBeCloseTo(2 / 9, 15);
  });

  it('handles the four curve orientations', () => {
    const x = range(10, (i) => i);
    expect(elbow(x, x.map((v) => Math.exp(-v))).knee).toBe(2);
    expect(elbow(x, x.map((v) => 1 - Math.exp(-v)), { curve: 'concave', direction: 'increasing' }).knee).toBe(2);
    expect(elbow(x, x.map((v) => Math.exp(v / 2)), { curve: 'convex', direction: 'increasing' }).knee).toBe(6);
    expect(elbow(x, x.map((v) => 10 - Math.exp(v / 2)), { curve: 'concave', direction: 'decreasing' }).knee).toBe(6);
  });

  it('an inertia curve sampled at uneven k', () => {
    // W(k) ~ 1/k^2 beyond the true k = 4, steep before.
    const ks = [1, 2, 3, 4, 6, 8, 10];
    const w = [900, 500, 260, 60, 45, 37, 33];
    expect(elbow(ks, w).knee).toBe(4);
  });

  it('a straight line and a constant curve have no knee', () => {
    const x = range(8, (i) => i);
    expect(elbow(x, x.map((v) => 3 * v + 1), { direction: 'increasing' }).knee).toBeNull();
    expect(elbow(x, x.map((v) => 10 - v)).knee).toBeNull();
    const flat = elbow(x, x.map(() => 5));
    expect(flat.knee).toBeNull();
    expect(flat.kneeIndex).toBe(-1);
    expect(Array.from(flat.yNormalized)).toEqual(new Array(8).fill(0));
  });

  it('higher sensitivity is more conservative', () => {
    const x = range(6, (i) => i + 1);
    const y = [100, 60, 40, 30, 25, 22];
    expect(elbow(x, y, { sensitivity: 0 }).knee).not.toBeNull();
    expect(elbow(x, y, { sensitivity: 50 }).knee).toBeNull();
  });

  it('rejects bad input with typed errors', () => {
    expect(() => elbow([1, 2], [3, 4])).toThrow(/at least 3 points/);
    expect(() => elbow([1, 2, 3], [3, 4])).toThrow(InvalidParameterError);
    expect(() => elbow([1, 3, 2], [3, 4, 5])).toThrow(/strictly increasing/);
    expect(() => elbow([1, 2, 3], [3, NaN, 5])).toThrow(/y\[1\] is NaN/);
    expect(() => elbow([1, 2, 3], [3, 2, 1], { curve: 'sigmoid' as never })).toThrow(InvalidParameterError);
    expect(() => elbow([1, 2, 3], [3, 2, 1], { sensitivity: -1 })).toThrow(InvalidParameterError);
  });
});
