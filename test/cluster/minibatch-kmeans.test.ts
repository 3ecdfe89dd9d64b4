import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MiniBatchKMeans } from '../../src/cluster/minibatch-kmeans.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../src/core/errors.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand } from '../../src/testing/asserts.js';
import { makeBlobs } from '../../src/testing/generators.js';

interface Step {
  centers: number[][];
  counts: number[];
  labels: number[];
  inertia: number;
}
interface Fixture {
  X: number[][];
  init: number[][];
  batches: number[][];
  sampleWeight?: number[];
  steps: Step[];
}

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/kmeans/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

const close = (a: number, b: number, rtol = 1e-10) => Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

describe('MiniBatchKMeans.partialFit vs scikit-learn (fixed batches, explicit init, no reassignment)', () => {
  for (const name of ['minibatch', 'minibatch-weighted']) {
    it(`${name}: centres, counts, batch labels and inertia after every step`, () => {
      const f = load(name);
      const mbk = new MiniBatchKMeans({ nClusters: f.init.length, init: f.init, reassignmentRatio: 0, batchSize: f.batches[0]!.length });
      f.batches.forEach((batch, s) => {
        const Xb = batch.map((i) => f.X[i]!);
        mbk.partialFit(Xb, f.sampleWeight ? { sampleWeight: batch.map((i) => f.sampleWeight![i]!) } : {});
        const ref = f.steps[s]!;
        const c = mbk.clusterCenters;
        ref.centers.forEach((row, i) => row.forEach((v, j) => expect(close(c.data[i * c.cols + j]!, v)).toBe(true)));
        Array.from(mbk.counts).forEach((v, i) => expect(close(v, ref.counts[i]!)).toBe(true));
        expect(Array.from(mbk.labels)).toEqual(ref.labels);
        expect(close(mbk.inertia, ref.inertia, 1e-9)).toBe(true);
        expect(mbk.nSteps).toBe(s + 1);
      });
    });
  }
});

describe('MiniBatchKMeans.fit', () => {
  const { X, y } = makeBlobs({ nSamples: 2000, nCenters: 4, clusterStd: 0.5, randomState: 3 });

  it('recovers separated blobs with small batches, inertia close to KMeans', () => {
    const mbk = new MiniBatchKMeans({ nClusters: 4, batchSize: 64, randomState: 1 }).fit(X);
    expect(adjustedRand(mbk.labels, y)).toBe(1);
    const km = new KMeans({ nClusters: 4 }).fit(X);
    expect(mbk.inertia).toBeLessThan(km.inertia * 1.05);
    expect(mbk.nSteps).toBeGreaterThan(1);
    expect(mbk.nIter).toBe(Math.ceil((mbk.nSteps * 64) / 2000));
    expect(Array.from(mbk.predict(X))).toEqual(Array.from(mbk.labels));
  });

  it('stops early on maxNoImprovement, and runs every step when early stopping is off', () => {
    const early = new MiniBatchKMeans({ nClusters: 4, batchSize: 100, maxIter: 20, randomState: 2 }).fit(X);
    const full = new MiniBatchKMeans({ nClusters: 4, batchSize: 100, maxIter: 2, maxNoImprovement: null, randomState: 2 }).fit(X);
    expect(early.nSteps).toBeLessThan(400);
    expect(full.nSteps).toBe(40);
  });

  it('tol stops on a small centre change', () => {
    const m = new MiniBatchKMeans({ nClusters: 4, batchSize: 500, tol: 1e-2, maxNoImprovement: null, randomState: 0 }).fit(X);
    expect(m.nSteps).toBeLessThan(400);
  });

  it('same seed gives identical centres; computeLabels false keeps an inertia estimate', () => {
    const a = new MiniBatchKMeans({ nClusters: 4, batchSize: 50, randomState: 7 }).fit(X);
    const b = new MiniBatchKMeans({ nClusters: 4, batchSize: 50, randomState: 7 }).fit(X);
    expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    const c = new MiniBatchKMeans({ nClusters: 4, batchSize: 50, randomState: 7, computeLabels: false }).fit(X);
    expect(() => c.labels).toThrow(NotFittedError);
    expect(c.inertia).toBeGreaterThan(0);
  });

  it('random reassignment revives a centre that starts far from the data', () => {
    const init = [[0, 0], [1, 1], [2, 2], [1e4, 1e4]];
    const m = new MiniBatchKMeans({ nClusters: 4, init, batchSize: 100, randomState: 0 }).fit(X);
    expect(new Set(m.labels).size).toBe(4);
    const none = new MiniBatchKMeans({ nClusters: 4, init, batchSize: 100, randomState: 0, reassignmentRatio: 0 }).fit(X);
    expect(none.clusterCenters.data[6]).toBe(1e4);
  });

  it('partialFit continues after fit and after a JSON round trip identically', () => {
    const a = new MiniBatchKMeans({ nClusters: 4, batchSize: 64, randomState: 5 }).fit(X);
    const b = fromJSON(JSON.stringify(a)) as MiniBatchKMeans;
    const batch = { rows: 100, cols: 2, data: X.data.slice(0, 200) };
    a.partialFit(batch);
    b.partialFit(batch);
    expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    expect(a.nSteps).toBe(b.nSteps);
  });

  it('huge and tiny magnitudes give finite, scaled centres', () => {
    for (const s of [1e150, 1e-150]) {
      const Xs = { rows: X.rows, cols: X.cols, data: X.data.map((v) => v * s) };
      const m = new MiniBatchKMeans({ nClusters: 4, batchSize: 128, randomState: 1 }).fit(Xs);
      expect(m.clusterCenters.data.every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(m.inertia)).toBe(true);
      expect(adjustedRand(m.labels, y)).toBe(1);
      const p = new MiniBatchKMeans({ nClusters: 4, randomState: 1 });
      p.partialFit({ rows: 500, cols: 2, data: Xs.data.slice(0, 1000) });
      expect(p.clusterCenters.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('errors: first batch smaller than nClusters, feature count, bad params', () => {
    expect(() => new MiniBatchKMeans({ nClusters: 3 }).partialFit([[1, 2], [3, 4]])).toThrow(ValidationError);
    expect(() => new MiniBatchKMeans({ nClusters: 3 }).fit([[1, 2], [3, 4]])).toThrow(/fewer than nClusters=3/);
    const m = new MiniBatchKMeans({ nClusters: 1 }).partialFit([[1, 2]]);
    expect(() => m.partialFit([[1, 2, 3]])).toThrow(ValidationError);
    expect(() => new MiniBatchKMeans({ batchSize: 0 }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new MiniBatchKMeans({ reassignmentRatio: -1 }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new MiniBatchKMeans().predict([[1]])).toThrow(NotFittedError);
  });
});
