import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BisectingKMeans } from '../../src/cluster/bisecting-kmeans.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../src/core/errors.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand } from '../../src/testing/asserts.js';
import { makeBlobs } from '../../src/testing/generators.js';

interface Fixture {
  X: number[][];
  nClusters: number;
  bisectingStrategy: 'biggest_inertia' | 'largest_cluster';
  labels: number[];
  centers: number[][];
  inertia: number;
}

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/kmeans/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

describe('BisectingKMeans vs scikit-learn (seed-independent data)', () => {
  for (const name of ['bisecting-inertia', 'bisecting-largest']) {
    for (const seed of [0, 1, 2]) {
      it(`${name}, seed ${seed}: same partition, centres and inertia`, () => {
        const f = load(name);
        const bk = new BisectingKMeans({ nClusters: f.nClusters, bisectingStrategy: f.bisectingStrategy, nInit: 3, randomState: seed }).fit(f.X);
        expect(adjustedRand(bk.labels, f.labels)).toBe(1);
        expect(Math.abs(bk.inertia - f.inertia)).toBeLessThanOrEqual(1e-9 * f.inertia);
        // Centres match up to the order of the leaves.
        const got = Array.from({ length: f.nClusters }, (_, i) => Array.from(bk.clusterCenters.data.subarray(i * 2, i * 2 + 2)));
        const key = (r: number[]) => r.map((v) => v.toFixed(8)).join(',');
        expect(got.map(key).sort()).toEqual(f.centers.map(key).sort());
      });
    }
  }
});

describe('BisectingKMeans properties', () => {
  const { X, y } = makeBlobs({ nSamples: 400, nCenters: 5, clusterStd: 0.4, randomState: 12 });

  it('recovers separated blobs with both strategies and predicts its own labels', () => {
    for (const bisectingStrategy of ['biggest_inertia', 'largest_cluster'] as const) {
      const bk = new BisectingKMeans({ nClusters: 5, bisectingStrategy, nInit: 3 }).fit(X);
      expect(new Set(bk.labels).size).toBe(5);
      expect(Array.from(bk.predict(X))).toEqual(Array.from(bk.labels));
      if (bisectingStrategy === 'biggest_inertia') expect(adjustedRand(bk.labels, y)).toBe(1);
      expect(bk.nIter).toBeGreaterThanOrEqual(1);
    }
  });

  it('inertia is within a reasonable bound of KMeans and the tree is consistent', () => {
    const { X: Xo } = makeBlobs({ nSamples: 300, nFeatures: 3, nCenters: 6, clusterStd: 2, randomState: 4 });
    const bk = new BisectingKMeans({ nClusters: 6, nInit: 2 }).fit(Xo);
    const km = new KMeans({ nClusters: 6, nInit: 5 }).fit(Xo);
    expect(bk.inertia).toBeLessThan(1.5 * km.inertia);
    const t = bk.tree;
    expect(t.left.length).toBe(2 * 6 - 1);
    expect(Array.from(t.label).filter((l) => l >= 0).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // Hierarchical labels: the leaves under each internal node form a contiguous label range.
    const leaves = (v: number): number[] => ((t.left[v] as number) < 0 ? [t.label[v] as number] : [...leaves(t.left[v] as number), ...leaves(t.right[v] as number)]);
    for (let v = 0; v < t.left.length; v++) {
      const ls = leaves(v).sort((a, b) => a - b);
      expect(ls[ls.length - 1]! - ls[0]!).toBe(ls.length - 1);
    }
  });

  it('nClusters = 1 is the weighted mean; more clusters never raise the inertia', () => {
    const one = new BisectingKMeans({ nClusters: 1 }).fit([[0], [4]], { sampleWeight: [3, 1] });
    expect(one.clusterCenters.data[0]).toBe(1);
    expect(one.nIter).toBe(0);
    let prev = Infinity;
    for (let k = 1; k <= 6; k++) {
      const bk = new BisectingKMeans({ nClusters: k }).fit(X);
      expect(bk.inertia).toBeLessThanOrEqual(prev);
      prev = bk.inertia;
    }
  });

  it('identical points give FEWER_CLUSTERS, huge data stays finite', () => {
    const same = new BisectingKMeans({ nClusters: 3 }).fit(Array.from({ length: 6 }, () => [1, 1]));
    expect(same.warnings.map((w) => w.code)).toContain('FEWER_CLUSTERS');
    expect(same.clusterCenters.data.every(Number.isFinite)).toBe(true);
    const big = { rows: X.rows, cols: X.cols, data: X.data.map((v) => v * 1e150) };
    const bk = new BisectingKMeans({ nClusters: 5, nInit: 3 }).fit(big);
    expect(adjustedRand(bk.labels, y)).toBe(1);
    expect(Number.isFinite(bk.inertia)).toBe(true);
    expect(Array.from(bk.predict(big))).toEqual(Array.from(bk.labels));
  });

  it('JSON round trip predicts identically; errors are typed', () => {
    const bk = new BisectingKMeans({ nClusters: 4 }).fit(X);
    const back = fromJSON(JSON.stringify(bk)) as BisectingKMeans;
    expect(Array.from(back.predict(X))).toEqual(Array.from(bk.labels));
    expect(() => new BisectingKMeans({ nClusters: 9 }).fit([[1], [2]])).toThrow(ValidationError);
    expect(() => new BisectingKMeans({ bisectingStrategy: 'x' as 'largest_cluster' }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new BisectingKMeans().predict([[1]])).toThrow(NotFittedError);
  });
});
