import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KMeans, resolveThreads } from '../../src/cluster/kmeans.js';
import { runKMeans, boundMargin, boundingDiameter, kmeansPlusPlus, meanVariance, sqDist } from '../../src/cluster/_kmeans-kernels.js';
import { createDistanceEngine } from '../../src/cluster/_kmeans-wasm.js';
import { startKernelWorkers } from '../../src/cluster/_kmeans-workers.js';
import { AbortError, InvalidParameterError, NotFittedError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/random.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand } from '../../src/testing/asserts.js';
import { makeBlobs } from '../../src/testing/generators.js';

interface Result {
  labels: number[];
  centers: number[][];
  inertia: number;
  nIter: number;
}
interface Fixture {
  name: string;
  X: number[][];
  init: number[][];
  tol: number;
  maxIter: number;
  sampleWeight?: number[];
  lloyd: Result;
  elkan: Result;
  query: { X: number[][]; predict: number[]; transform: number[][]; score: number };
}

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/kmeans/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

const relClose = (a: number, b: number, rtol: number) => Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
const rows = (m: Matrix): number[][] => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

describe('KMeans golden fixtures (scikit-learn 1.2, explicit init)', () => {
  for (const name of ['blobs', 'iris', 'weighted', 'empty-cluster', 'tol0', 'maxiter']) {
    for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
      it(`${name} with ${algorithm}: labels identical, inertia within 1e-9, same nIter`, () => {
        const f = load(name);
        const ref = f.lloyd;
        const km = new KMeans({ nClusters: f.init.length, init: f.init, tol: f.tol, maxIter: f.maxIter, algorithm });
        km.fit(f.X, f.sampleWeight ? { sampleWeight: f.sampleWeight } : {});
        expect(Array.from(km.labels)).toEqual(ref.labels);
        expect(km.nIter).toBe(ref.nIter);
        expect(relClose(km.inertia, ref.inertia, 1e-9)).toBe(true);
        const c = rows(km.clusterCenters);
        c.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - ref.centers[i]![j]!)).toBeLessThan(1e-9 * (1 + Math.abs(ref.centers[i]![j]!)))));
      });
    }
    it(`${name}: predict, transform and score match scikit-learn`, () => {
      const f = load(name);
      const km = new KMeans({ nClusters: f.init.length, init: f.init, tol: f.tol, maxIter: f.maxIter });
      km.fit(f.X, f.sampleWeight ? { sampleWeight: f.sampleWeight } : {});
      expect(Array.from(km.predict(f.query.X))).toEqual(f.query.predict);
      const t = rows(km.transform(f.query.X));
      t.forEach((r, i) => r.forEach((v, j) => expect(relClose(v, f.query.transform[i]![j]!, 1e-9)).toBe(true)));
      expect(relClose(km.score(f.query.X), f.query.score, 1e-9)).toBe(true);
    });
  }

  it('the empty-cluster case relocates the far centre onto a data row', () => {
    const f = load('empty-cluster');
    const km = new KMeans({ nClusters: 3, init: f.init }).fit(f.X);
    expect(new Set(km.labels).size).toBe(3);
    expect(km.warnings).toEqual([]);
  });
});

describe('KMeans: Elkan and Hamerly equal Lloyd exactly', () => {
  const datasets: [string, Matrix, number][] = [
    ['overlapping blobs', makeBlobs({ nSamples: 600, nFeatures: 5, nCenters: 6, clusterStd: 3, randomState: 1 }).X, 6],
    ['separated blobs', makeBlobs({ nSamples: 400, nFeatures: 2, nCenters: 4, clusterStd: 0.5, randomState: 2 }).X, 7],
    ['wide data', makeBlobs({ nSamples: 300, nFeatures: 23, nCenters: 3, clusterStd: 4, randomState: 3 }).X, 12],
  ];
  for (const [name, X, k] of datasets) {
    for (const seed of [0, 1, 2]) {
      it(`${name}, k=${k}, seed ${seed}: same labels, centres and nIter`, () => {
        const fits = (['lloyd', 'elkan', 'hamerly', 'auto'] as const).map((algorithm) =>
          new KMeans({ nClusters: k, algorithm, randomState: seed, tol: seed === 2 ? 0 : 1e-4 }).fit(X),
        );
        const [ref, ...others] = fits;
        for (const o of others) {
          expect(Array.from(o.labels)).toEqual(Array.from(ref!.labels));
          expect(Array.from(o.clusterCenters.data)).toEqual(Array.from(ref!.clusterCenters.data));
          expect(o.nIter).toBe(ref!.nIter);
          expect(o.inertia).toBe(ref!.inertia);
        }
      });
    }
  }

  it('property: bounded runs equal Lloyd on random data with duplicates and weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        (seed, k, d) => {
          const rng = new Rng(seed);
          const n = 40 + rng.int(60);
          const X = new Float64Array(n * d);
          // Integer grid values give many exact ties and duplicated rows.
          for (let i = 0; i < X.length; i++) X[i] = rng.int(5);
          const w = new Float64Array(n);
          for (let i = 0; i < n; i++) w[i] = 0.5 + rng.int(3);
          const init = kmeansPlusPlus(X, w, n, d, k, rng);
          const margin = boundMargin(boundingDiameter(X, n, d, init, k), d, 50);
          const tol = 1e-4 * meanVariance(X, n, d);
          const run = (algorithm: 'lloyd' | 'elkan' | 'hamerly') => runKMeans(X, w, n, d, k, init, { maxIter: 50, tol, algorithm, margin, name: 'KMeans' });
          const ref = run('lloyd');
          for (const alg of ['elkan', 'hamerly'] as const) {
            const r = run(alg);
            if (r.nIter !== ref.nIter || r.inertia !== ref.inertia) return false;
            for (let i = 0; i < n; i++) if (r.labels[i] !== ref.labels[i]) return false;
            for (let i = 0; i < k * d; i++) if (r.centers[i] !== ref.centers[i]) return false;
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * Blobs (k centres, unit weights), k-means++ initial centres from seed `initSeed`, and the margin
 * and tolerance runKMeans takes for them (maxIter 300, tol 1e-4).
 */
function kernelCase(nSamples: number, nFeatures: number, k: number, clusterStd: number, randomState: number, initSeed: number) {
  const { X } = makeBlobs({ nSamples, nFeatures, nCenters: k, clusterStd, randomState });
  const n = X.rows;
  const d = X.cols;
  const w = new Float64Array(n).fill(1);
  const init = kmeansPlusPlus(X.data, w, n, d, k, new Rng(initSeed));
  const margin = boundMargin(boundingDiameter(X.data, n, d, init, k), d, 300);
  const tol = 1e-4 * meanVariance(X.data, n, d);
  return { X, n, d, k, w, init, margin, tol };
}

describe('WebAssembly SIMD distance kernel', () => {
  it('all distances and the nearest-centre search are bit-identical to the JavaScript kernels', () => {
    const rng = new Rng(3);
    for (const d of [1, 2, 3, 4, 5, 8, 13, 16]) {
      for (const k of [1, 2, 3, 7]) {
        const n = 64;
        // Half the rows on an integer grid (exact ties between centres), half Gaussian.
        const X = new Float64Array(n * d).map((_, i) => (i < (n * d) / 2 ? rng.int(3) : rng.normal() * 100));
        const C = new Float64Array(k * d).map(() => rng.int(3));
        const e = createDistanceEngine(X, n, d, Math.max(k, 3));
        expect(e).not.toBeNull();
        e!.setCenters(C, k);
        const all = e!.compute(true, 0, n, k).slice();
        const near = e!.nearest(true, 0, n, k).slice();
        for (let i = 0; i < n; i++) {
          let best = 0;
          let b1 = Infinity;
          let b2 = Infinity;
          for (let c = 0; c < k; c++) {
            const v = sqDist(X, i * d, C, c * d, d);
            expect(all[i * k + c]).toBe(v);
            if (v < b1) {
              b2 = b1;
              b1 = v;
              best = c;
            } else if (v < b2) b2 = v;
          }
          expect([near[i * 3], near[i * 3 + 1], near[i * 3 + 2]]).toEqual([best, b1, b2]);
        }
        e!.idx.set([5, 60, 2]);
        const some = e!.nearest(false, 0, 3, k);
        expect(some[3]).toBe(near[60 * 3]);
        expect(some[7]).toBe(near[2 * 3 + 1]);
      }
    }
  });

  it('runs with and without the kernel give the same labels, centres and nIter', () => {
    const { X, n, d, k, w, init, margin, tol } = kernelCase(3000, 6, 7, 2.5, 21, 5);
    // Width 2 + ln 7 = 3: k-means++ takes its candidates' distances from the engine.
    const engine = createDistanceEngine(X.data, n, d, k, 1, 3);
    const ref = runKMeans(X.data, w, n, d, k, init, { maxIter: 300, tol, algorithm: 'lloyd', margin, name: 'KMeans' });
    for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
      const r = runKMeans(X.data, w, n, d, k, init, { maxIter: 300, tol, algorithm, margin, name: 'KMeans', engine });
      expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
      expect(Array.from(r.centers)).toEqual(Array.from(ref.centers));
      expect(r.nIter).toBe(ref.nIter);
    }
    expect(Array.from(kmeansPlusPlus(X.data, w, n, d, k, new Rng(9), engine))).toEqual(Array.from(kmeansPlusPlus(X.data, w, n, d, k, new Rng(9))));
  });
});

describe('KMeans on worker threads', () => {
  const { X, n, d, k, w, init, margin, tol } = kernelCase(5001, 5, 6, 3, 8, 2);

  it('splits the rows over 1 to 3 threads with bit-identical labels, centres and nIter (Lloyd and Hamerly)', () => {
    for (const algorithm of ['lloyd', 'hamerly'] as const) {
      const one = createDistanceEngine(X.data, n, d, k, 1)!;
      const ref = runKMeans(X.data, w, n, d, k, init, { maxIter: 300, tol, algorithm, margin, name: 'KMeans', engine: one });
      expect(ref.nIter).toBeGreaterThan(3);
      for (const threads of [2, 3]) {
        const engine = createDistanceEngine(X.data, n, d, k, threads, 3)!;
        // Node 20.16+ runs workers: the threaded path is exercised, not a fallback.
        expect(engine.threads).toBe(threads);
        const r = runKMeans(X.data, w, n, d, k, init, { maxIter: 300, tol, algorithm, margin, name: 'KMeans', engine });
        engine.dispose();
        expect(engine.threads).toBe(1);
        expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
        expect(Array.from(r.centers)).toEqual(Array.from(ref.centers));
        expect([r.nIter, r.inertia]).toEqual([ref.nIter, ref.inertia]);
        // k-means++ seeding reads the candidates' distances of all rows from the threaded engine.
        expect(engine.distancesAll(3)).not.toBeNull();
        expect(Array.from(kmeansPlusPlus(X.data, w, n, d, k, new Rng(9), engine))).toEqual(Array.from(kmeansPlusPlus(X.data, w, n, d, k, new Rng(9))));
        // After dispose this thread runs every chunk itself, with the same result.
        const again = runKMeans(X.data, w, n, d, k, init, { maxIter: 300, tol, algorithm, margin, name: 'KMeans', engine });
        expect(Array.from(again.labels)).toEqual(Array.from(ref.labels));
      }
    }
  });

  it('nThreads changes nothing in the fitted model; invalid values are rejected', () => {
    const fit = (nThreads: number | 'auto') => new KMeans({ nClusters: k, nInit: 2, nThreads, randomState: 4 }).fit(X);
    const a = fit(1);
    for (const b of [fit(2), fit('auto')]) {
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
      expect(b.clusterCenters).toEqual(a.clusterCenters);
      expect([b.inertia, b.nIter]).toEqual([a.inertia, a.nIter]);
    }
    for (const bad of [0, 1.5, 'all'] as const) {
      expect(() => new KMeans({ nThreads: bad as unknown as number }).fit(X)).toThrow(InvalidParameterError);
    }
  });

  it('an abort during a threaded fit throws AbortError and keeps the previous fit', () => {
    const km = new KMeans({ nClusters: k, nInit: 3, nThreads: 2, randomState: 4 }).fit(X);
    const labels = Array.from(km.labels);
    const controller = new AbortController();
    const onProgress = () => controller.abort();
    expect(() => km.fit(X, { signal: controller.signal, onProgress })).toThrow(AbortError);
    expect(Array.from(km.labels)).toEqual(labels);
    expect(Array.from(new KMeans({ nClusters: k, nInit: 3, nThreads: 2, randomState: 4 }).fit(X).labels)).toEqual(labels);
  });

  it('workers that cannot instantiate the kernel are not used (one thread instead)', () => {
    // A module importing unshared memory cannot run on the shared memory a worker is given.
    const unshared = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 2, 12, 1, 3, 101, 110, 118, 3, 109, 101, 109, 2, 0, 1]));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    expect(startKernelWorkers(unshared, memory, 1)).toBeNull();
  });

  it("'auto' stays on one thread for small passes and uses the processors for large ones", () => {
    expect(resolveThreads('auto', 1000, 16, 8)).toBe(1);
    expect(resolveThreads('auto', 1_000_000, 16, 8)).toBe(Math.min(availableParallelism(), 8));
    expect(resolveThreads(3, 10, 1, 1)).toBe(3);
  });
});

describe('KMeans hand-computed cases', () => {
  it('two obvious groups from explicit init', () => {
    const X = [[0, 0], [0, 2], [10, 0], [10, 2]];
    const km = new KMeans({ nClusters: 2, init: [[1, 1], [9, 1]] }).fit(X);
    expect(Array.from(km.labels)).toEqual([0, 0, 1, 1]);
    expect(Array.from(km.clusterCenters.data)).toEqual([0, 1, 10, 1]);
    expect(km.inertia).toBe(4);
    expect(km.nIter).toBe(2);
    expect(km.score([[0, 1]])).toBe(-0);
    expect(Array.from(km.transform([[0, 1]]).data)).toEqual([0, 10]);
  });

  it('sample weights move the centre to the weighted mean', () => {
    const km = new KMeans({ nClusters: 1 }).fit([[0], [4]], { sampleWeight: [3, 1] });
    expect(km.clusterCenters.data[0]).toBe(1);
    expect(km.inertia).toBe(3 * 1 + 1 * 9);
  });

  it('k-means++ and random init recover separated blobs', () => {
    const { X, y } = makeBlobs({ nSamples: 300, nCenters: 4, clusterStd: 0.3, randomState: 5 });
    for (const init of ['k-means++', 'random'] as const) {
      const km = new KMeans({ nClusters: 4, init, randomState: 3 }).fit(X);
      expect(adjustedRand(km.labels, y)).toBe(1);
    }
  });

  it('nInit keeps the run of lowest inertia', () => {
    const { X } = makeBlobs({ nSamples: 200, nCenters: 6, clusterStd: 2, randomState: 8 });
    const one = new KMeans({ nClusters: 6, init: 'random', nInit: 1, randomState: 4 }).fit(X);
    const many = new KMeans({ nClusters: 6, init: 'random', nInit: 8, randomState: 4 }).fit(X);
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it('same seed gives bit-identical results; the seed is recorded', () => {
    const { X } = makeBlobs({ nSamples: 150, nCenters: 3, randomState: 9 });
    const a = new KMeans({ nClusters: 3, randomState: 11 }).fit(X);
    const b = new KMeans({ nClusters: 3, randomState: 11 }).fit(X);
    expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    expect(a.seedUsed).toBe(11);
    expect(new KMeans({ nClusters: 3, randomState: null }).fit(X).seedUsed).toBeGreaterThanOrEqual(0);
  });
});

describe('KMeans robustness', () => {
  const base = makeBlobs({ nSamples: 120, nFeatures: 3, nCenters: 3, clusterStd: 0.7, randomState: 4 }).X;
  for (const scale of [1e150, 1e-150, 1e300, 1e-300]) {
    it(`data scaled by ${scale}: same labels, centres and inertia scaled, nothing non-finite`, () => {
      const ref = new KMeans({ nClusters: 3, randomState: 0 }).fit(base);
      const Xs = { rows: base.rows, cols: base.cols, data: base.data.map((v) => v * scale) };
      const km = new KMeans({ nClusters: 3, randomState: 0 }).fit(Xs);
      expect(Array.from(km.labels)).toEqual(Array.from(ref.labels));
      const c = km.clusterCenters.data;
      expect(c.every(Number.isFinite)).toBe(true);
      c.forEach((v, i) => expect(relClose(v, (ref.clusterCenters.data[i] as number) * scale, 1e-12)).toBe(true));
      const inertia = ref.inertia * scale * scale;
      if (Number.isFinite(inertia) && inertia > 1e-300) expect(relClose(km.inertia, inertia, 1e-12)).toBe(true);
      expect(Number.isNaN(km.inertia)).toBe(false);
      expect(Array.from(km.predict(Xs))).toEqual(Array.from(ref.labels));
      expect(km.transform(Xs).data.every(Number.isFinite)).toBe(true);
    });
  }

  it('all points identical: one distinct cluster and a FEWER_CLUSTERS warning', () => {
    const X = Array.from({ length: 10 }, () => [2, -1]);
    for (const algorithm of ['lloyd', 'elkan', 'hamerly'] as const) {
      const km = new KMeans({ nClusters: 3, algorithm }).fit(X);
      expect(km.warnings.map((w) => w.code)).toEqual(['FEWER_CLUSTERS']);
      expect(km.inertia).toBe(0);
      expect(km.clusterCenters.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('duplicated points: k distinct rows still give k clusters', () => {
    const X = [[0, 0], [0, 0], [0, 0], [5, 5], [5, 5], [9, 1]];
    const km = new KMeans({ nClusters: 3, randomState: 2 }).fit(X);
    expect(new Set(km.labels).size).toBe(3);
    expect(km.inertia).toBe(0);
    expect(km.warnings).toEqual([]);
  });

  it('zero sample weights: rows of weight 0 never pull a centre, all algorithms agree', () => {
    const { X } = makeBlobs({ nSamples: 200, nCenters: 4, clusterStd: 1.5, randomState: 6 });
    const w = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0 : 1 + (i % 5)));
    const fits = (['lloyd', 'elkan', 'hamerly'] as const).map((algorithm) => new KMeans({ nClusters: 5, algorithm }).fit(X, { sampleWeight: w }));
    for (const f of fits) {
      expect(Array.from(f.labels)).toEqual(Array.from(fits[0]!.labels));
      expect(f.clusterCenters.data.every(Number.isFinite)).toBe(true);
    }
    const only = new KMeans({ nClusters: 1 }).fit([[0], [10], [4]], { sampleWeight: [1, 0, 1] });
    expect(only.clusterCenters.data[0]).toBe(2);
  });

  it('a single sample with nClusters = 1', () => {
    const km = new KMeans({ nClusters: 1 }).fit([[3, 4]]);
    expect(Array.from(km.labels)).toEqual([0]);
    expect(Array.from(km.clusterCenters.data)).toEqual([3, 4]);
    expect(km.inertia).toBe(0);
  });

  it('nClusters > n_samples is a ValidationError naming both', () => {
    expect(() => new KMeans({ nClusters: 5 }).fit([[1], [2]])).toThrow(ValidationError);
    expect(() => new KMeans({ nClusters: 5 }).fit([[1], [2]])).toThrow(/n_samples=2 rows, fewer than nClusters=5/);
  });

  it('maxIter reached: NOT_CONVERGED warning', () => {
    const { X } = makeBlobs({ nSamples: 300, nCenters: 5, clusterStd: 3, randomState: 1 });
    const km = new KMeans({ nClusters: 5, maxIter: 1, tol: 0 }).fit(X);
    expect(km.warnings.map((w) => w.code)).toContain('NOT_CONVERGED');
    expect(km.nIter).toBe(1);
  });

  it('bad parameters and inputs are rejected with typed errors', () => {
    expect(() => new KMeans({ algorithm: 'fast' as 'lloyd' }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new KMeans({ nClusters: 0 }).fit([[1]])).toThrow(InvalidParameterError);
    expect(() => new KMeans({ nClusters: 2, init: [[1, 2]] }).fit([[1, 2], [3, 4]])).toThrow(/must have shape \(2, 2\)/);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1, NaN]])).toThrow(/row 0, column 1/);
    expect(() => new KMeans({ nClusters: 1 }).fit([[1], [2]], { sampleWeight: [1, -1] })).toThrow(ValidationError);
    expect(() => new KMeans().predict([[1]])).toThrow(NotFittedError);
  });

  it('an aborted fit keeps the previous state', () => {
    const km = new KMeans({ nClusters: 2 }).fit([[0], [1], [9], [10]]);
    const ctrl = new AbortController();
    ctrl.abort();
    expect(() => km.fit([[5], [6], [7]], { signal: ctrl.signal })).toThrow(/aborted/);
    expect(km.labels.length).toBe(4);
  });

  it('round-trips through JSON', () => {
    const km = new KMeans({ nClusters: 3, algorithm: 'elkan' }).fit(base);
    const back = fromJSON(JSON.stringify(km)) as KMeans;
    expect(Array.from(back.predict(base))).toEqual(Array.from(km.labels));
    expect(back.params.algorithm).toBe('elkan');
  });
});
