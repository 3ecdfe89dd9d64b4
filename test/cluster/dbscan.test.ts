import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DBSCAN } from '../../src/cluster/dbscan.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../src/core/errors.js';
import type { DistanceMetric } from '../../src/linalg/distances.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand } from '../../src/testing/asserts.js';

interface Case {
  eps: number;
  minSamples: number;
  metric: DistanceMetric;
  algorithm: 'auto' | 'kd_tree' | 'brute';
  sampleWeight: number[] | null;
  labels: number[];
  coreSampleIndices: number[];
  nClusters: number;
  nNoise: number;
}
interface Fixture {
  name: string;
  X: number[][];
  cases: Case[];
}

const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/dbscan/${name}.json`, import.meta.url), 'utf8')) as Fixture;

const noiseSet = (labels: ArrayLike<number>) => Array.from(labels).flatMap((l, i) => (l === -1 ? [i] : []));

describe('DBSCAN: golden fixtures (scikit-learn 1.2)', () => {
  for (const name of ['blobs2d', 'blobs8d', 'uniform_border', 'grid_exact_eps', 'cosine']) {
    const fx = load(name);
    for (const c of fx.cases) {
      for (const algorithm of ['auto', 'kd_tree', 'brute'] as const) {
        it(`${name}: eps=${c.eps} minSamples=${c.minSamples} ${c.metric}${c.sampleWeight ? ' weighted' : ''} (${algorithm})`, () => {
          const est = new DBSCAN({ eps: c.eps, minSamples: c.minSamples, metric: c.metric, algorithm }).fit(
            fx.X,
            c.sampleWeight ? { sampleWeight: c.sampleWeight } : {},
          );
          // Same numbering as scikit-learn, not only the same partition: same seeds, same border rule.
          expect(Array.from(est.labels)).toEqual(c.labels);
          expect(Array.from(est.coreSampleIndices)).toEqual(c.coreSampleIndices);
          expect(noiseSet(est.labels)).toEqual(noiseSet(c.labels));
          if (c.nClusters > 0) expect(adjustedRand(est.labels, c.labels)).toBe(1);
          const comp = est.components;
          expect(comp.rows).toBe(c.coreSampleIndices.length);
          c.coreSampleIndices.slice(0, 5).forEach((row, k) => expect(Array.from(comp.data.subarray(k * comp.cols, (k + 1) * comp.cols))).toEqual(fx.X[row]));
        });
      }
    }
  }
});

describe('DBSCAN: hand-computed cases', () => {
  it('a point counts itself, and distance == eps is a neighbour', () => {
    // Three points 1 apart on a line: with eps = 1 the middle one has 3 neighbours (itself included).
    const est = new DBSCAN({ eps: 1, minSamples: 3 }).fit([[0], [1], [2]]);
    expect(Array.from(est.labels)).toEqual([0, 0, 0]);
    expect(Array.from(est.coreSampleIndices)).toEqual([1]);
    expect(Array.from(new DBSCAN({ eps: 0.999, minSamples: 2 }).fit([[0], [1], [2]]).labels)).toEqual([-1, -1, -1]);
    expect(Array.from(new DBSCAN({ eps: 1, minSamples: 1 }).fit([[0], [5]]).labels)).toEqual([0, 1]);
  });

  it('a border point reachable from two clusters goes to the cluster of the lowest-index core point', () => {
    // Core points at 0..1 (cluster A) and 3..4 (cluster B); 2 is a border point of both.
    const A = [[0], [0.3], [0.6], [1]];
    const B = [[3], [3.4], [3.7], [4]];
    const b = [[2]];
    const first = new DBSCAN({ eps: 1, minSamples: 4 }).fit([...b, ...B, ...A]).labels;
    expect(Array.from(first)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const second = new DBSCAN({ eps: 1, minSamples: 4 }).fit([...A, ...b, ...B]).labels;
    expect(Array.from(second)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('sample weights count toward minSamples', () => {
    const est = new DBSCAN({ eps: 0.5, minSamples: 3 }).fit([[0], [10], [10.2]], { sampleWeight: [3, 1, 1] });
    expect(Array.from(est.labels)).toEqual([0, -1, -1]);
    expect(Array.from(est.coreSampleIndices)).toEqual([0]);
  });

  it('manhattan and cosine metrics', () => {
    // Manhattan distance of (0,0) and (0.5,0.5) is 1: neighbours at eps = 1, not at 0.99.
    expect(Array.from(new DBSCAN({ eps: 1, minSamples: 2, metric: 'manhattan' }).fit([[0, 0], [0.5, 0.5]]).labels)).toEqual([0, 0]);
    expect(Array.from(new DBSCAN({ eps: 0.99, minSamples: 2, metric: 'manhattan' }).fit([[0, 0], [0.5, 0.5]]).labels)).toEqual([-1, -1]);
    // Cosine ignores length: (1, 0) and (100, 1) are close, (0, 1) is not.
    const cos = new DBSCAN({ eps: 0.01, minSamples: 2, metric: 'cosine' }).fit([[1, 0], [100, 1], [0, 1]]);
    expect(Array.from(cos.labels)).toEqual([0, 0, -1]);
  });
});

describe('DBSCAN: edge cases and errors', () => {
  it('single sample, duplicates, all points identical', () => {
    expect(Array.from(new DBSCAN().fit([[1, 2]]).labels)).toEqual([-1]);
    expect(Array.from(new DBSCAN({ minSamples: 1 }).fit([[1, 2]]).labels)).toEqual([0]);
    const same = new DBSCAN({ minSamples: 3 }).fit(Array.from({ length: 10 }, () => [7, 7]));
    expect(Array.from(same.labels)).toEqual(new Array(10).fill(0));
    expect(same.coreSampleIndices.length).toBe(10);
    const dup = new DBSCAN({ eps: 0.1, minSamples: 3 }).fit([[0, 0], [5, 5], [0, 0], [5, 5], [0, 0]]);
    expect(Array.from(dup.labels)).toEqual([0, -1, 0, -1, 0]);
  });

  it('huge and tiny magnitudes scale with eps', () => {
    for (const s of [1e150, 1e-150]) {
      const X = [[0, 0], [0, s], [10 * s, 10 * s], [10 * s, 11 * s], [50 * s, 0]];
      for (const algorithm of ['kd_tree', 'brute'] as const) {
        expect(Array.from(new DBSCAN({ eps: 1.5 * s, minSamples: 2, algorithm }).fit(X).labels)).toEqual([0, 0, 1, 1, -1]);
      }
    }
  });

  it('typed errors', () => {
    expect(() => new DBSCAN({ eps: 0 }).fit([[0]])).toThrow(InvalidParameterError);
    expect(() => new DBSCAN({ eps: -1 }).fit([[0]])).toThrow(/'eps' parameter of DBSCAN must be a float in the range \(0, inf\)/);
    expect(() => new DBSCAN({ minSamples: 0 }).fit([[0]])).toThrow(InvalidParameterError);
    expect(() => new DBSCAN({ metric: 'chebyshev' as never }).fit([[0]])).toThrow(InvalidParameterError);
    expect(() => new DBSCAN({ metric: 'cosine' }).fit([[1, 1], [0, 0]])).toThrow(ValidationError);
    expect(() => new DBSCAN().fit([[0], [1]], { sampleWeight: [1] })).toThrow(ValidationError);
    expect(() => new DBSCAN().fit([[0, NaN]])).toThrow(/row 0, column 1/);
    expect(() => new DBSCAN().labels).toThrow(NotFittedError);
  });

  it('JSON round trip', () => {
    const est = new DBSCAN({ eps: 1.5, minSamples: 2 }).fit([[0, 0], [0, 1], [10, 10], [10, 11], [50, 50]]);
    const back = fromJSON(JSON.stringify(est)) as DBSCAN;
    expect(Array.from(back.labels)).toEqual(Array.from(est.labels));
    expect(Array.from(back.components.data)).toEqual(Array.from(est.components.data));
  });

  it('property: kd_tree and brute force agree exactly (integer data: many exact-eps ties)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 1.5, 2, 3),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<DistanceMetric>('euclidean', 'manhattan'),
        fc.integer({ min: 1, max: 8 }),
        (X, eps, minSamples, metric, leafSize) => {
          const tree = new DBSCAN({ eps, minSamples, metric, algorithm: 'kd_tree', leafSize }).fit(X);
          const brute = new DBSCAN({ eps, minSamples, metric, algorithm: 'brute' }).fit(X);
          expect(Array.from(tree.labels)).toEqual(Array.from(brute.labels));
          expect(Array.from(tree.coreSampleIndices)).toEqual(Array.from(brute.coreSampleIndices));
        },
      ),
      { numRuns: 150 },
    );
  });
});
