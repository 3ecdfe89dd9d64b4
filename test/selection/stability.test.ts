import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/cluster/kmeans.js';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { bootstrapStability, comparePartitions } from '../../src/selection/stability.js';
import { makeBlobs } from '../../src/testing/generators.js';

describe('bootstrapStability', () => {
  it('well-separated segments are perfectly stable', () => {
    const { X } = makeBlobs({ nSamples: 200, centers: [[0, 0], [10, 0], [0, 10]], randomState: 2 });
    const r = bootstrapStability(() => new KMeans({ nClusters: 3 }), X, { nBootstrap: 6 });
    expect(Array.from(r.clusters)).toEqual([0, 1, 2]);
    expect(Array.from(r.jaccard)).toEqual([1, 1, 1]);
    expect(Array.from(r.recovered)).toEqual([6, 6, 6]);
    expect(Array.from(r.dissolved)).toEqual([0, 0, 0]);
    expect(r.meanAriToReference).toBe(1);
    expect(r.meanAriBetweenFits).toBe(1);
    expect(r.labels).toHaveLength(200);
  });

  it('an arbitrary split of one blob is unstable, the separated blob stays stable', () => {
    const { X } = makeBlobs({ nSamples: 300, centers: [[0, 0], [30, 0]], clusterStd: [1, 4], randomState: 5 });
    const r = bootstrapStability((b) => new KMeans({ nClusters: 3, randomState: b }), X, { nBootstrap: 8 });
    const labels = r.labels;
    // The cluster holding row of the tight blob (x near 0).
    let tight = -1;
    for (let i = 0; i < X.rows; i++) if (Math.abs(X.data[i * 2]!) < 3) tight = labels[i]!;
    const t = Array.from(r.clusters).indexOf(tight);
    expect(r.jaccard[t]).toBeGreaterThan(0.95);
    const others = Array.from(r.jaccard).filter((_, i) => i !== t);
    expect(Math.min(...others)).toBeLessThan(0.95);
    expect(r.meanAriToReference).toBeLessThan(1);
  });

  it('Jaccard on a hand-made case: a factory that returns fixed labels', () => {
    // Labels by row position in the resample: the replicate "clusters" are unrelated to the data,
    // so the reference clusters are recovered only partially.
    const X: Matrix = { rows: 40, cols: 1, data: Float64Array.from({ length: 40 }, (_, i) => i) };
    const make = (b: number) => ({
      labels: new Int32Array(0),
      fitPredict(M: Matrix) {
        if (b === 0) return Int32Array.from({ length: M.rows }, (_, i) => (M.data[i]! < 20 ? 0 : 1));
        return Int32Array.from({ length: M.rows }, (_, i) => (i % 2 === 0 ? 0 : -1));
      },
      fit() {},
    });
    const r = bootstrapStability(make, X, { nBootstrap: 3, randomState: 4 });
    for (const j of r.jaccard) {
      expect(j).toBeGreaterThan(0);
      expect(j).toBeLessThan(0.75);
    }
  });

  it('is seeded, reports progress and validates its input', () => {
    const { X } = makeBlobs({ nSamples: 80, nCenters: 2, randomState: 1 });
    const steps: number[] = [];
    const a = bootstrapStability(() => new KMeans({ nClusters: 3 }), X, { nBootstrap: 4, randomState: 9, onProgress: (p) => steps.push(p.step) });
    const b = bootstrapStability(() => new KMeans({ nClusters: 3 }), X, { nBootstrap: 4, randomState: 9 });
    expect(Array.from(a.jaccard)).toEqual(Array.from(b.jaccard));
    expect(a.seedUsed).toBe(9);
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    expect(() => bootstrapStability(() => new KMeans({ nClusters: 2 }), X, { nBootstrap: 0 })).toThrow(InvalidParameterError);
    expect(() => bootstrapStability(() => new KMeans({ nClusters: 2 }), [[NaN], [1]])).toThrow(ValidationError);
    const c = new AbortController();
    c.abort();
    expect(() => bootstrapStability(() => new KMeans({ nClusters: 2 }), X, { signal: c.signal })).toThrow(AbortError);
  });
});

describe('comparePartitions', () => {
  it('gives ARI, NMI, AMI and the row-normalised transition matrix', () => {
    const c = comparePartitions([0, 0, 1, 1], [0, 0, 0, 1]);
    expect(Array.from(c.contingency.data)).toEqual([2, 0, 1, 1]);
    expect(Array.from(c.transition.data)).toEqual([1, 0, 0.5, 0.5]);
    expect(c.ari).toBeCloseTo(0, 12);
    expect(c.nmi).toBeGreaterThan(0);
    const same = comparePartitions([3, 3, 5, 5, -1], [1, 1, 0, 0, 7]);
    expect(same.ari).toBe(1);
    expect(same.nmi).toBeCloseTo(1, 12);
    expect(same.ami).toBeCloseTo(1, 12);
    expect(same.transition.rows).toBe(3);
  });
  it('rejects labelings of different lengths', () => {
    expect(() => comparePartitions([0, 1], [0])).toThrow(ValidationError);
  });
});
