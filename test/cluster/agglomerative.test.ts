import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AgglomerativeClustering, type LinkageCriterion } from '../../src/cluster/agglomerative.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../src/core/errors.js';
import type { DistanceMetric } from '../../src/linalg/distances.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand, sameClustering } from '../../src/testing/asserts.js';

interface Case {
  linkage: LinkageCriterion;
  metric: DistanceMetric;
  nClusters: number | null;
  distanceThreshold: number | null;
  labels: number[];
  nClustersFound: number;
  sklearnChildren: number[][];
  sklearnDistances: number[];
  children: number[][];
  distances: number[];
  counts: number[];
}
interface Fixture {
  name: string;
  X: number[][];
  cases: Case[];
}

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/agglomerative/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

/** Canonical partition of the samples after the first m merges. */
function partitionAfter(children: readonly (readonly number[])[], n: number, m: number): string {
  const parent = Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (let k = 0; k < m; k++) {
    parent[find(children[k]![0]!)] = n + k;
    parent[find(children[k]![1]!)] = n + k;
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
  return [...groups.values()].map((g) => g.join(',')).sort().join('|');
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));

/**
 * Trees are equal when the sorted heights agree within 1e-10 and the samples are grouped alike
 * after every level of tied heights: merges inside a tie may come in any order, and on data with
 * exact ties (iris is on a 0.1 grid) rounding decides which of two equally close pairs joins first.
 */
function expectSameTree(
  got: { children: [number, number][]; distances: Float64Array; counts?: Int32Array },
  want: { children: number[][]; distances: number[]; counts?: number[] },
  n: number,
): void {
  const hg = Array.from(got.distances);
  const hw = want.distances;
  // Both are sorted by height already (scipy's and our stable sort).
  hg.forEach((h, i) => expect(close(h, hw[i]!), `height ${i}: ${h} vs ${hw[i]}`).toBe(true));
  let levelStart = 0;
  for (let m = 1; m <= n - 1; m++) {
    const levelEnds = m === n - 1 || !close(hw[m]!, hw[m - 1]!);
    if (!levelEnds) continue;
    expect(partitionAfter(got.children, n, m), `partition after ${m} merges`).toBe(partitionAfter(want.children, n, m));
    if (got.counts && want.counts) {
      const sorted = (a: ArrayLike<number>) => Array.from(a).slice(levelStart, m).sort((x, y) => x - y);
      expect(sorted(got.counts), `counts of merges ${levelStart}..${m - 1}`).toEqual(sorted(want.counts));
    }
    levelStart = m;
  }
}

describe('AgglomerativeClustering: golden fixtures (scikit-learn 1.2 labels, scipy 1.10 linkage)', () => {
  for (const name of ['iris', 'blobs', 'grid']) {
    const fx = load(name);
    const n = fx.X.length;
    for (const c of fx.cases) {
      const title = `${name}: ${c.linkage}/${c.metric} ${c.distanceThreshold === null ? `k=${c.nClusters}` : `threshold=${c.distanceThreshold}`}`;
      it(title, () => {
        const est = new AgglomerativeClustering({
          linkage: c.linkage,
          metric: c.metric,
          nClusters: c.nClusters,
          distanceThreshold: c.distanceThreshold,
        }).fit(fx.X);
        expectSameTree(est, c, n);
        expectSameTree(est, { children: c.sklearnChildren, distances: c.sklearnDistances }, n);
        expect(est.nClustersFound).toBe(c.nClustersFound);
        expect(est.nLeaves).toBe(n);
        expect(sameClustering(est.labels, c.labels)).toBe(true);
        expect(adjustedRand(est.labels, c.labels)).toBe(1);
      });
    }
  }

  it('reproduces scipy merge for merge on data without ties (exact order)', () => {
    const fx = load('blobs');
    for (const c of fx.cases.filter((k) => k.distanceThreshold === null)) {
      // scikit-learn's single linkage keeps MST edge order inside pairs, so its cut numbers clusters differently.
      const sameNumbering = c.linkage !== 'single';
      const est = new AgglomerativeClustering({ linkage: c.linkage, metric: c.metric, nClusters: c.nClusters }).fit(fx.X);
      expect(est.children).toEqual(c.children);
      est.distances.forEach((h, i) => expect(Math.abs(h - c.distances[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, c.distances[i]!)));
      if (sameNumbering) expect(Array.from(est.labels)).toEqual(c.labels);
      else expect(sameClustering(est.labels, c.labels)).toBe(true);
    }
  });
});

describe('AgglomerativeClustering: hand-computed cases', () => {
  const X = [[0, 0], [0, 1], [5, 5], [5, 6]];

  it('ward heights: singletons at their Euclidean distance, then sqrt(2 nA nB / (nA + nB)) |cA - cB|', () => {
    const est = new AgglomerativeClustering().fit(X);
    expect(est.children).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(Array.from(est.distances)).toEqual([1, 1, 10]);
    expect(Array.from(est.counts)).toEqual([2, 2, 4]);
    expect(Array.from(est.labels)).toEqual([1, 1, 0, 0]);
  });

  it('single, complete and average heights on a line', () => {
    const line = [[0], [1], [3], [7]];
    const h = (linkage: LinkageCriterion) => Array.from(new AgglomerativeClustering({ linkage }).fit(line).distances);
    expect(h('single')).toEqual([1, 2, 4]);
    expect(h('complete')).toEqual([1, 3, 7]);
    // average: {0,1} to 3 is (3 + 2) / 2 = 2.5; {0,1,3} to 7 is (7 + 6 + 4) / 3.
    expect(h('average')).toEqual([1, 2.5, 17 / 3]);
  });

  it('manhattan and cosine metrics', () => {
    const est = new AgglomerativeClustering({ linkage: 'complete', metric: 'manhattan' }).fit([[0, 0], [1, 1], [5, 0]]);
    expect(Array.from(est.distances)).toEqual([2, 5]);
    const cos = new AgglomerativeClustering({ linkage: 'single', metric: 'cosine' }).fit([[1, 0], [2, 0], [0, 3]]);
    expect(Array.from(cos.distances)).toEqual([0, 1]);
    expect(cos.children).toEqual([[0, 1], [2, 3]]);
  });

  it('distanceThreshold cuts where merges reach the threshold (>=)', () => {
    const line = [[0], [1], [3], [7]];
    const at = (t: number) => new AgglomerativeClustering({ linkage: 'single', nClusters: null, distanceThreshold: t }).fit(line);
    expect(at(2).nClustersFound).toBe(3);
    expect(at(2.5).nClustersFound).toBe(2);
    expect(at(100).nClustersFound).toBe(1);
    expect(sameClustering(at(2).labels, [0, 0, 1, 2])).toBe(true);
  });

  it('dendrogram: merges, leaf order and scipy-style coordinates', () => {
    const est = new AgglomerativeClustering({ linkage: 'single' }).fit([[0], [10], [1]]);
    const dg = est.dendrogram();
    expect(Array.from(dg.leafOrder)).toEqual([1, 0, 2]);
    expect(dg.merges).toEqual([
      { left: 0, right: 2, height: 1, size: 2, x: 1.5 },
      { left: 1, right: 3, height: 9, size: 3, x: 0.75 },
    ]);
    expect(dg.icoord).toEqual([[1, 1, 2, 2], [0, 0, 1.5, 1.5]]);
    expect(dg.dcoord).toEqual([[0, 1, 1, 0], [0, 9, 9, 1]]);
  });
});

describe('AgglomerativeClustering: edge cases and errors', () => {
  it('duplicated points merge at height 0', () => {
    for (const linkage of ['ward', 'complete', 'average', 'single'] as const) {
      const est = new AgglomerativeClustering({ linkage }).fit([[1, 1], [1, 1], [4, 5], [1, 1]]);
      expect(Array.from(est.distances.slice(0, 2))).toEqual([0, 0]);
      expect(sameClustering(est.labels, [0, 0, 1, 0])).toBe(true);
    }
  });

  it('all points identical: every height is 0, labels still valid', () => {
    const est = new AgglomerativeClustering({ nClusters: 3 }).fit(Array.from({ length: 6 }, () => [2, 2]));
    expect(Array.from(est.distances)).toEqual([0, 0, 0, 0, 0]);
    expect(new Set(est.labels).size).toBe(3);
  });

  it('huge and tiny magnitudes give finite, scaled heights', () => {
    for (const s of [1e150, 1e-150]) {
      for (const linkage of ['ward', 'complete', 'average', 'single'] as const) {
        const est = new AgglomerativeClustering({ linkage }).fit([[0, 0], [0, s], [5 * s, 5 * s], [5 * s, 6 * s]]);
        const ref = new AgglomerativeClustering({ linkage }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]);
        est.distances.forEach((h, i) => expect(h / s).toBeCloseTo(ref.distances[i]!, 10));
        expect(sameClustering(est.labels, ref.labels)).toBe(true);
      }
    }
  });

  it('typed errors', () => {
    const X = [[0], [1], [2]];
    expect(() => new AgglomerativeClustering({ nClusters: 4 }).fit(X)).toThrow(ValidationError);
    expect(() => new AgglomerativeClustering({ nClusters: 4 }).fit(X)).toThrow(/nClusters=4 clusters from a tree with 3 leaves/);
    expect(() => new AgglomerativeClustering().fit([[1, 2]])).toThrow(ValidationError);
    expect(() => new AgglomerativeClustering({ distanceThreshold: 1 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new AgglomerativeClustering({ nClusters: null }).fit(X)).toThrow(/exactly one of nClusters and distanceThreshold/);
    expect(() => new AgglomerativeClustering({ metric: 'manhattan' }).fit(X)).toThrow(/'ward' works only with metric 'euclidean'/);
    expect(() => new AgglomerativeClustering({ nClusters: null, distanceThreshold: 1, computeFullTree: false }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new AgglomerativeClustering({ linkage: 'average', metric: 'cosine' }).fit([[1, 0], [0, 0]])).toThrow(/row 1 of X is all zeros/);
    expect(() => new AgglomerativeClustering({ linkage: 'median' as never }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new AgglomerativeClustering().labels).toThrow(NotFittedError);
    expect(() => new AgglomerativeClustering().dendrogram()).toThrow(NotFittedError);
  });

  it('JSON round trip keeps the tree', () => {
    const est = new AgglomerativeClustering({ linkage: 'average', nClusters: 2 }).fit([[0], [1], [3], [7]]);
    const back = fromJSON(JSON.stringify(est)) as AgglomerativeClustering;
    expect(back.children).toEqual(est.children);
    expect(Array.from(back.distances)).toEqual(Array.from(est.distances));
    expect(Array.from(back.labels)).toEqual(Array.from(est.labels));
  });

  it('property: ward equals the chain invariants (heights non-decreasing, counts add up, nClusters labels)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { minLength: 2, maxLength: 30 }),
        fc.constantFrom<LinkageCriterion>('ward', 'complete', 'average', 'single'),
        (pts, linkage) => {
          const k = Math.min(3, pts.length);
          const est = new AgglomerativeClustering({ linkage, nClusters: k }).fit(pts.map(([a, b]) => [a, b]));
          const h = est.distances;
          for (let i = 1; i < h.length; i++) expect(h[i]!).toBeGreaterThanOrEqual(h[i - 1]!);
          expect(est.counts[est.counts.length - 1]).toBe(pts.length);
          expect(new Set(est.labels).size).toBe(k);
        },
      ),
      { numRuns: 60 },
    );
  });
});
