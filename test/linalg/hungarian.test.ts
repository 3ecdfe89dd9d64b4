import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../../src/core/errors.js';
import { linearSumAssignment, solveAssignment } from '../../src/linalg/hungarian.js';

interface Case {
  name: string;
  cost: (number | string)[][];
  maximize: boolean;
  rowInd: number[];
  colInd: number[];
  total: number;
  uniqueOptimum: boolean;
}
const fixture = JSON.parse(readFileSync('test/fixtures/metrics/lsap.json', 'utf8')) as { cases: Case[] };
const decode = (v: number | string): number => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number));

/** Brute force over all injective maps of the smaller side, for small matrices. */
function bruteForce(cost: number[][], maximize: boolean): number {
  const r = cost.length;
  const c = cost[0]!.length;
  const t = r <= c ? cost : cost[0]!.map((_, j) => cost.map((row) => row[j]!));
  const nr = Math.min(r, c);
  const nc = Math.max(r, c);
  let best = maximize ? -Infinity : Infinity;
  const used = new Array<boolean>(nc).fill(false);
  const rec = (i: number, acc: number): void => {
    if (i === nr) {
      best = maximize ? Math.max(best, acc) : Math.min(best, acc);
      return;
    }
    for (let j = 0; j < nc; j++) {
      if (used[j]) continue;
      used[j] = true;
      rec(i + 1, acc + t[i]![j]!);
      used[j] = false;
    }
  };
  rec(0, 0);
  return best;
}

describe('linearSumAssignment', () => {
  for (const c of fixture.cases) {
    it(`matches scipy: ${c.name}`, () => {
      const cost = c.cost.map((r) => r.map(decode));
      const res = linearSumAssignment(cost, { maximize: c.maximize });
      expect(res.cost).toBeCloseTo(c.total, 10);
      expect(Math.abs(res.cost - c.total)).toBeLessThan(1e-10 * Math.max(1, Math.abs(c.total)));
      expect(Array.from(res.rowInd)).toEqual(c.rowInd);
      if (c.uniqueOptimum) expect(Array.from(res.colInd)).toEqual(c.colInd);
      // Always a valid matching: distinct columns.
      expect(new Set(res.colInd).size).toBe(res.colInd.length);
    });
  }

  it('gives the identity on a constant matrix (scipy tie-breaking)', () => {
    const res = linearSumAssignment([[2, 2, 2], [2, 2, 2], [2, 2, 2]]);
    expect(Array.from(res.colInd)).toEqual([0, 1, 2]);
  });

  it('handles empty matrices', () => {
    expect(linearSumAssignment([]).cost).toBe(0);
    expect(Array.from(linearSumAssignment([[], []]).rowInd)).toEqual([]);
  });

  it('accepts a Matrix and does not modify it', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    const res = linearSumAssignment({ rows: 2, cols: 2, data });
    expect(res.cost).toBe(5);
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
  });

  it('rejects NaN and the wrong infinity, and infeasible problems, with typed errors', () => {
    expect(() => linearSumAssignment([[1, NaN]])).toThrow(ValidationError);
    expect(() => linearSumAssignment([[1, -Infinity]])).toThrow(/row 0, column 1/);
    expect(() => linearSumAssignment([[1, Infinity]], { maximize: true })).toThrow(ValidationError);
    expect(() => linearSumAssignment([[Infinity, Infinity], [1, 2]])).toThrow(/infeasible/);
    expect(() => linearSumAssignment([1, 2] as never)).toThrow(ValidationError);
  });

  it('finds the optimum of random small problems (brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 25, maxLength: 25 }),
        (r, c, maximize, values) => {
          const cost = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => values[i * 5 + j]!));
          const res = linearSumAssignment(cost, { maximize });
          expect(res.rowInd.length).toBe(Math.min(r, c));
          expect(res.cost).toBe(bruteForce(cost, maximize));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('solveAssignment reports infeasibility as null', () => {
    expect(solveAssignment(1, 1, new Float64Array([Infinity]))).toBeNull();
  });
});
