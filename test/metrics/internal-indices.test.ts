import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { calinskiHarabaszScore } from '../../src/metrics/calinski-harabasz.js';
import { daviesBouldinScore } from '../../src/metrics/davies-bouldin.js';
import { inertia } from '../../src/metrics/inertia.js';
import { makeBlobs } from '../../src/testing/generators.js';

interface Case {
  name: string;
  labels: number[];
  calinskiHarabaszScore: number;
  daviesBouldinScore: number;
  ignoringNoise?: { calinskiHarabaszScore: number; daviesBouldinScore: number };
}
const fixture = JSON.parse(readFileSync('test/fixtures/metrics/internal.json', 'utf8')) as { X: number[][]; cases: Case[] };
const X = fixture.X;
const rel = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(expected)));

describe('Calinski-Harabasz and Davies-Bouldin agree with scikit-learn within 1e-10', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      rel(calinskiHarabaszScore(X, c.labels), c.calinskiHarabaszScore);
      rel(daviesBouldinScore(X, c.labels), c.daviesBouldinScore);
      if (c.ignoringNoise) {
        rel(calinskiHarabaszScore(X, c.labels, { noise: 'ignore' }), c.ignoringNoise.calinskiHarabaszScore);
        rel(daviesBouldinScore(X, c.labels, { noise: 'ignore' }), c.ignoringNoise.daviesBouldinScore);
      }
    });
  }
});

describe('hand-computed values and conventions', () => {
  it('CH on two pairs: B = 4 * 25 = 100 over 1, W = 1 over 2', () => {
    // means 0.5 and 10.5, grand mean 5.5: B = 2*25 + 2*25 = 100; W = 4 * 0.25 = 1.
    expect(calinskiHarabaszScore([[0], [1], [10], [11]], [0, 0, 1, 1])).toBe((100 * 2) / (1 * 1));
  });
  it('CH is 1 when every cluster is a single point repeated (W = 0)', () => {
    expect(calinskiHarabaszScore([[1], [1], [3], [3]], [0, 0, 1, 1])).toBe(1);
  });
  it('DB on two pairs: s = 0.5 each, centroid distance 10', () => {
    expect(daviesBouldinScore([[0], [1], [10], [11]], [0, 0, 1, 1])).toBeCloseTo(0.1, 15);
  });
  it('DB is 0 when all clusters are points, and ignores coincident centroids', () => {
    expect(daviesBouldinScore([[1], [1], [3], [3]], [0, 0, 1, 1])).toBe(0);
    // clusters 0 and 1 share a centroid (0): that pair is skipped, cluster 2 decides.
    const v = daviesBouldinScore([[-1], [1], [-2], [2], [10], [12]], [0, 0, 1, 1, 2, 2]);
    // s = [1, 2, 1]; d(0,2) = 11, d(1,2) = 11: scores 2/11, 3/11, 3/11.
    expect(v).toBeCloseTo((2 / 11 + 3 / 11 + 3 / 11) / 3, 15);
  });
  it('inertia: within-cluster sum of squares, or about given centres', () => {
    expect(inertia([[0], [2], [10], [12]], [0, 0, 1, 1])).toBe(4);
    expect(inertia([[0], [2]], [0, 0], { centers: [[0]] })).toBe(4);
    // W_1 about the mean 7/3: (7/3)^2 + (1/3)^2 + (8/3)^2 = 114/9.
    expect(inertia([[0], [2], [5]], [0, 0, 0])).toBeCloseTo(114 / 9, 13);
    expect(inertia([[0], [2], [100]], [0, 0, -1], { noise: 'ignore' })).toBe(2);
    expect(inertia([[0], [2], [100]], [0, 0, -1], { centers: [[1]], noise: 'ignore' })).toBe(2);
  });
  it('inertia with the learned centres equals KMeans.inertia', () => {
    const { X: B } = makeBlobs({ nSamples: 150, nCenters: 3, randomState: 2 });
    const km = new KMeans({ nClusters: 3 }).fit(B);
    expect(inertia(B, km.labels, { centers: toRows(km.clusterCenters) })).toBeCloseTo(km.inertia, 8);
    expect(inertia(B, km.labels)).toBeCloseTo(km.inertia, 6);
  });
});

function toRows(m: { rows: number; cols: number; data: Float64Array }): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

describe('bad input', () => {
  it('labels length differs from X', () => {
    expect(() => calinskiHarabaszScore([[0], [1], [2]], [0, 1])).toThrow(ValidationError);
    expect(() => daviesBouldinScore([[0], [1], [2]], [0, 1, 0, 1])).toThrow(ValidationError);
    expect(() => inertia([[0], [1], [2]], [0, 1])).toThrow(ValidationError);
  });
  it('one label or n labels', () => {
    expect(() => calinskiHarabaszScore([[0], [1], [2]], [4, 4, 4])).toThrow(/got 1 distinct label/);
    expect(() => daviesBouldinScore([[0], [1], [2]], [0, 1, 2])).toThrow(ValidationError);
  });
  it('NaN and infinity in X', () => {
    expect(() => calinskiHarabaszScore([[0], [NaN], [2]], [0, 1, 1])).toThrow(/row 1, column 0/);
    expect(() => daviesBouldinScore([[0], [Infinity], [2]], [0, 1, 1])).toThrow(ValidationError);
    expect(() => inertia([[0], [NaN]], [0, 0])).toThrow(ValidationError);
  });
  it('labels outside the centres, bad options', () => {
    expect(() => inertia([[0], [1]], [0, 1], { centers: [[0]] })).toThrow(/labels must be in 0..0/);
    expect(() => inertia([[0], [1]], [0, -1], { centers: [[0]] })).toThrow(/noise: 'ignore'/);
    expect(() => inertia([[0], [1]], [0, 0], { centers: [[0, 1]] })).toThrow(ValidationError);
    expect(() => calinskiHarabaszScore([[0], [1], [2]], [0, 1, 1], { noise: 'drop' as never })).toThrow(InvalidParameterError);
  });
});
