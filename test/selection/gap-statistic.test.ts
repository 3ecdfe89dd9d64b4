import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/cluster/kmeans.js';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/random.js';
import { inertia } from '../../src/metrics/inertia.js';
import { gapStatistic } from '../../src/selection/gap-statistic.js';
import { makeBlobs } from '../../src/testing/generators.js';

const kmeans = (k: number) => new KMeans({ nClusters: k, nInit: 2 });

describe('gapStatistic', () => {
  it('finds k = 3 on three separated blobs, with both reference distributions', () => {
    const { X } = makeBlobs({ nSamples: 150, centers: [[0, 0], [6, 0], [3, 5]], clusterStd: 0.5, randomState: 3 });
    const uni = gapStatistic(kmeans, X, { kRange: [1, 2, 3, 4, 5] });
    expect(uni.k).toBe(3);
    expect(uni.kRange).toEqual([1, 2, 3, 4, 5]);
    // The gap jumps at the true k.
    expect(uni.gap[2]! - uni.gap[1]!).toBeGreaterThan(1);
    expect(gapStatistic(kmeans, X, { kRange: [1, 2, 3, 4, 5], reference: 'pca' }).k).toBe(3);
  });

  it('says k = 1 for a single Gaussian (no cluster structure)', () => {
    for (const seed of [1, 2]) {
      const g = new Rng(seed);
      const G = Array.from({ length: 200 }, () => [g.normal(), 3 * g.normal()]);
      expect(gapStatistic(kmeans, G, { kRange: [1, 2, 3, 4], randomState: seed }).k).toBe(1);
    }
  });

  it('log W is the log of the within-cluster sum of squares; s_k follows the formula', () => {
    const { X } = makeBlobs({ nSamples: 90, centers: [[0, 0], [9, 9]], randomState: 5 });
    const r = gapStatistic(kmeans, X, { kRange: [1, 2, 3], nRefs: 4, randomState: 8 });
    expect(r.logW[0]).toBeCloseTo(Math.log(inertia(X, new Int32Array(90))), 12);
    const labels = kmeans(2).fit(X).labels;
    expect(r.logW[1]).toBeCloseTo(Math.log(inertia(X, labels)), 10);
    for (let t = 0; t < 3; t++) {
      expect(r.gap[t]).toBeCloseTo(r.expectedLogW[t]! - r.logW[t]!, 14);
      expect(r.sk[t]).toBeGreaterThanOrEqual(0);
    }
    expect(r.k).toBe(2);
    expect(r.seedUsed).toBe(8);
  });

  it('is reproducible with the same seed, and reports progress', () => {
    const { X } = makeBlobs({ nSamples: 60, nCenters: 2, randomState: 6 });
    const steps: number[] = [];
    const a = gapStatistic(kmeans, X, { kRange: [1, 2], nRefs: 3, onProgress: (p) => steps.push(p.step) });
    const b = gapStatistic(kmeans, X, { kRange: [1, 2], nRefs: 3 });
    expect(Array.from(a.gap)).toEqual(Array.from(b.gap));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rejects bad input and stops on abort', () => {
    const X = [[0], [1], [5], [6]];
    expect(() => gapStatistic(kmeans, X, { nRefs: 0 })).toThrow(InvalidParameterError);
    expect(() => gapStatistic(kmeans, X, { kRange: [2, 2] })).toThrow(InvalidParameterError);
    expect(() => gapStatistic(kmeans, X, { reference: 'gauss' as never })).toThrow(InvalidParameterError);
    expect(() => gapStatistic(kmeans, [[0], [NaN]])).toThrow(ValidationError);
    const c = new AbortController();
    c.abort();
    expect(() => gapStatistic(kmeans, X, { signal: c.signal })).toThrow(AbortError);
  });
});
