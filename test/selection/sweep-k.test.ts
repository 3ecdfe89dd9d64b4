import { describe, expect, it } from 'vitest';
import { KMeans } from '../../src/cluster/kmeans.js';
import { GaussianMixture } from '../../src/cluster/gmm.js';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/random.js';
import { makeCustomers } from '../../src/datasets/index.js';
import { sweepK } from '../../src/selection/sweep-k.js';
import { standardizedNumeric } from '../helpers/customer-matrix.js';
import { makeBlobs } from '../../src/testing/generators.js';

/** Seeded Gaussian blobs around well-separated centres on a circle, d = 3. */
function blobs(k: number, perCluster: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const d = 3;
  const data = new Float64Array(k * perCluster * d);
  for (let c = 0; c < k; c++) {
    const cx = 12 * Math.cos((2 * Math.PI * c) / k);
    const cy = 12 * Math.sin((2 * Math.PI * c) / k);
    for (let i = 0; i < perCluster; i++) {
      const r = (c * perCluster + i) * d;
      data[r] = cx + rng.normal();
      data[r + 1] = cy + rng.normal();
      data[r + 2] = 2 * c + rng.normal();
    }
  }
  return { rows: k * perCluster, cols: d, data };
}

const kmeans = (k: number) => new KMeans({ nClusters: k, nInit: 3 });

describe('sweepK recommends the true k', () => {
  it.each([2, 3, 4, 5, 6])('on seeded blobs with k = %i', (k) => {
    const X = blobs(k, 60, 100 + k);
    const r = sweepK({ make: kmeans, X, kRange: [2, 3, 4, 5, 6, 7, 8] });
    expect(r.recommended.k).toBe(k);
    expect(r.recommended.criterion).toBe('silhouette');
    expect(r.rows.map((row) => row.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.model.params.nClusters).toBe(k);
  });

  it('on makeBlobs from src/testing', () => {
    const { X } = makeBlobs({ nSamples: 300, nCenters: 4, clusterStd: 0.6, randomState: 1 });
    const r = sweepK({ make: kmeans, X });
    expect(r.recommended.k).toBe(4);
    expect(r.rows.map((row) => row.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.elbow?.knee).toBe(4);
    expect(r.recommended.reasons.some((s) => s.includes('elbow') && s.includes('k = 4 too'))).toBe(true);
  });

  it.each([0, 1])('on makeCustomers (4 segments, seed %i, standardised numeric columns)', (randomState) => {
    const { records } = makeCustomers({ n: 1000, randomState, nSegments: 4 });
    const r = sweepK({ make: (k) => new KMeans({ nClusters: k, nInit: 5 }), X: standardizedNumeric(records), kRange: [2, 3, 4, 5, 6, 7, 8] });
    expect(r.recommended.k).toBe(4);
  });

  it('uses BIC for mixtures (mclust rule), with BIC and AIC in every row', () => {
    const { X } = makeBlobs({ nSamples: 240, centers: [[0, 0], [7, 0], [0, 7]], clusterStd: 0.8, randomState: 4 });
    const r = sweepK({ make: (k) => new GaussianMixture({ nComponents: k, covarianceType: 'spherical' }), X, kRange: [1, 2, 3, 4, 5] });
    expect(r.recommended.criterion).toBe('bic');
    expect(r.recommended.k).toBe(3);
    for (const row of r.rows) {
      expect(row.bic).not.toBeNull();
      expect(row.aic).not.toBeNull();
      expect(row.inertia).toBeNull();
    }
    // k = 1: no internal index applies.
    expect(r.rows[0]!.silhouette).toBeNull();
    expect(r.rows[0]!.calinskiHarabasz).toBeNull();
  });
});

describe('sweepK rows and options', () => {
  const X = blobs(3, 40, 7);

  it('reports inertia from the model and scores consistent with the metric functions', () => {
    const r = sweepK({ make: kmeans, X, kRange: [2, 3, 4], sampleSize: null });
    const row = r.rows[1]!;
    expect(row.k).toBe(3);
    expect(row.nClustersFound).toBe(3);
    expect(row.inertia).toBeGreaterThan(0);
    expect(row.silhouette).toBeGreaterThan(0.7);
    expect(row.daviesBouldin).toBeLessThan(0.5);
    expect(r.rows[0]!.inertia!).toBeGreaterThan(row.inertia!);
  });

  it('computes only the metrics asked for', () => {
    const r = sweepK({ make: kmeans, X, kRange: [2, 3, 4], metrics: ['calinskiHarabasz'] });
    expect(r.rows.every((row) => row.silhouette === null && row.inertia === null && row.calinskiHarabasz !== null)).toBe(true);
    expect(r.recommended.criterion).toBe('calinskiHarabasz');
    expect(r.elbow).toBeNull();
    const e = sweepK({ make: kmeans, X, kRange: [2, 3, 4, 5], metrics: ['inertia'] });
    expect(e.recommended.criterion).toBe('elbow');
    expect(e.recommended.k).toBe(3);
    const d = sweepK({ make: kmeans, X, kRange: [2, 3, 4], metrics: ['daviesBouldin'] });
    expect(d.recommended).toMatchObject({ k: 3, criterion: 'daviesBouldin' });
    const none = sweepK({ make: kmeans, X, kRange: [2, 3], metrics: [] });
    expect(none.recommended).toMatchObject({ k: 2, criterion: 'none' });
  });

  it('samples the silhouette above sampleSize, with the same subset for every k', () => {
    const a = sweepK({ make: kmeans, X, kRange: [2, 3], sampleSize: 60, randomState: 1 });
    const b = sweepK({ make: kmeans, X, kRange: [2, 3], sampleSize: 60, randomState: 1 });
    expect(a.rows.map((r) => r.silhouette)).toEqual(b.rows.map((r) => r.silhouette));
    const exact = sweepK({ make: kmeans, X, kRange: [2, 3], sampleSize: null });
    expect(Math.abs(a.rows[1]!.silhouette! - exact.rows[1]!.silhouette!)).toBeLessThan(0.05);
  });

  it('breaks silhouette ties by Calinski-Harabasz and says so', () => {
    const r = sweepK({ make: kmeans, X, kRange: [2, 3, 4], silhouetteTolerance: 1 });
    const bestCH = r.rows.reduce((a, b) => (b.calinskiHarabasz! > a.calinskiHarabasz! ? b : a));
    expect(r.recommended.k).toBe(bestCH.k);
  });

  it('works with a model without inertia or labels getter (fitPredict only), and with noise labels', () => {
    const fake = (k: number) => ({
      fitPredict(M: Matrix): Int32Array {
        // Thresholds on the first feature's angle bucket, with the first row as noise.
        const out = new Int32Array(M.rows);
        for (let i = 0; i < M.rows; i++) out[i] = i === 0 ? -1 : Math.floor((i * k) / M.rows);
        return out;
      },
      fit() {
        return this;
      },
    });
    const r = sweepK({ make: fake, X, kRange: [2, 3, 4], noise: 'ignore' });
    expect(r.rows.every((row) => row.inertia === null && row.silhouette !== null)).toBe(true);
    expect(r.recommended.k).toBe(3);
  });

  it('reports progress and stops on abort', () => {
    const seen: number[] = [];
    sweepK({ make: kmeans, X, kRange: [2, 3, 4], onProgress: (p) => seen.push(p.step) });
    expect(seen).toEqual([1, 2, 3]);
    const controller = new AbortController();
    expect(() =>
      sweepK({
        make: kmeans,
        X,
        kRange: [2, 3, 4],
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).toThrow(AbortError);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => sweepK({ make: kmeans, X, kRange: [3, 2] })).toThrow(/strictly increasing/);
    expect(() => sweepK({ make: kmeans, X, kRange: [0, 2] })).toThrow(InvalidParameterError);
    expect(() => sweepK({ make: kmeans, X, kRange: [2, 500] })).toThrow(/number of rows/);
    expect(() => sweepK({ make: kmeans, X: [[0, NaN], [1, 1]], kRange: [2] })).toThrow(ValidationError);
    expect(() => sweepK({ make: 3 as never, X })).toThrow(InvalidParameterError);
    expect(() => sweepK({ make: () => ({}) as never, X, kRange: [2] })).toThrow(/must return an estimator/);
    expect(() => sweepK({ make: kmeans, X, metrics: ['purity' as never] })).toThrow(InvalidParameterError);
    expect(() => sweepK({ make: kmeans, X, kRanges: [2] } as never)).toThrow(/no parameter 'kRanges'/);
    expect(() =>
      sweepK({ make: () => ({ fit() {}, labels: new Int32Array(2) }) as never, X, kRange: [2] }),
    ).toThrow(/gave no labels/);
  });
});
