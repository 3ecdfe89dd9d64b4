// Benchmark cases: data recipe, sizes, and how each implementation runs on identical bytes.
// Add a case here and in bench/sklearn_runner.py (the scikit-learn side, when it has one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { DBSCAN as PeerDBSCAN } from 'density-clustering';
import { agnes } from 'ml-hclust';
import { PCA as MlPCA } from 'ml-pca';
import type { Matrix } from '../src/core/matrix.js';
import { KMeans } from '../src/cluster/kmeans.js';
import { DBSCAN } from '../src/cluster/dbscan.js';
import { AgglomerativeClustering } from '../src/cluster/agglomerative.js';
import { GaussianMixture } from '../src/cluster/gmm.js';
import { PCA } from '../src/reduce/pca.js';
import { rfm, rfmScores, rfmSegments } from '../src/preprocess/rfm.js';
import { makeTransactions } from '../src/datasets/make-transactions.js';
import { kmeansPlusPlus } from '../src/cluster/_kmeans-kernels.js';
import { Rng } from '../src/core/random.js';
import { blobs, cached, DATA_DIR, readInt32, readMatrix, toNested, writeInt32, writeMatrix } from './data.js';
import { silhouetteScore } from '../src/metrics/silhouette.js';
import { sweepK } from '../src/selection/sweep-k.js';
import { clusteringAccuracy } from '../src/metrics/accuracy.js';
import { DIGITS_AE, DIGITS_DEC, digitsPixels } from './digits-recipe.js';

export interface Size {
  readonly n: number;
  readonly d: number;
}

/** Files and parameters every implementation of one case and size reads. */
export interface Prepared {
  readonly size: Size;
  readonly X: Matrix;
  /** Extra matrices (e.g. initial centres), also written to disk for scikit-learn. */
  readonly extra: Record<string, Matrix>;
  /** Paths handed to the Python runner. */
  readonly files: Record<string, string>;
  /** Parameters shared by every implementation (JSON). */
  readonly params: Record<string, number | string>;
  /** Non-matrix input (e.g. a transaction log), for cases whose data is a table. */
  readonly payload?: unknown;
}

export interface RunOutput {
  readonly labels?: Int32Array;
  readonly iterations?: number;
  /** A scalar to compare across implementations (inertia, score, explained variance...). */
  readonly value?: number;
}

export interface Impl {
  /** Converts the data into the implementation's input form (untimed, like loading). */
  readonly input?: (p: Prepared) => unknown;
  readonly run: (input: unknown, p: Prepared) => RunOutput | Promise<RunOutput>;
  /** Sizes above this n are not run (known to exceed the watchdog); reported as skipped. */
  readonly maxN?: number;
  /** Watchdog for this implementation in seconds (default: the run's --timeout). */
  readonly timeoutS?: number;
}

/** A goal from the issues: segmentkit's time over the peer's at most `maxRatio`, at the named sizes. */
export interface Target {
  readonly peer: string;
  readonly maxRatio: number;
  readonly note: string;
  /** Sizes the goal is stated for. */
  readonly sizes: readonly string[];
  /** Compare time per iteration instead of total time (same work per iteration, different counts). */
  readonly perIteration?: boolean;
  /** segmentkit's peak resident memory must also stay under this many MB. */
  readonly maxPeakMB?: number;
}

export interface BenchCase {
  readonly title: string;
  readonly sizes: Record<string, Size>;
  readonly smoke: Size;
  readonly prepare: (size: Size, label: string) => Prepared;
  readonly impls: Record<string, Impl>;
  /** The scikit-learn side exists in bench/sklearn_runner.py under this case name. */
  readonly sklearn?: boolean;
  /** What the issues ask for, printed beside the ratios. */
  readonly targets?: readonly Target[];
}

const file = (name: string) => join(DATA_DIR, name);

function prepareBlobs(kind: string, size: Size, label: string, recipe: Parameters<typeof blobs>[2]): { X: Matrix; path: string } {
  const path = cached(file(`${kind}-${label}-${size.n}x${size.d}.f64`), () => writeMatrix(file(`${kind}-${label}-${size.n}x${size.d}.f64`), blobs(size.n, size.d, recipe).X));
  return { X: readMatrix(path, size.d), path };
}

/** k-means++ seeds of X (segmentkit's seeding, seed 0), shared as explicit initial centres. */
function seeds(X: Matrix, k: number, path: string): Matrix {
  cached(path, () => writeMatrix(path, { rows: k, cols: X.cols, data: kmeansPlusPlus(X.data, new Float64Array(X.rows).fill(1), X.rows, X.cols, k, new Rng(0)) }));
  return readMatrix(path, X.cols);
}

/** Labels from the peers' list-of-clusters outputs (everything else is noise, -1). */
function labelsFromGroups(n: number, groups: readonly (readonly number[])[]): Int32Array {
  const labels = new Int32Array(n).fill(-1);
  groups.forEach((g, c) => {
    for (const i of g) labels[i] = c;
  });
  return labels;
}

export const CASES: Record<string, BenchCase> = {
  kmeans: {
    title: 'KMeans, d=16, k=8, same initial centres (k-means++ seeds), maxIter 100, tol 1e-4',
    sizes: { '10k': { n: 10_000, d: 16 }, '100k': { n: 100_000, d: 16 }, '1m': { n: 1_000_000, d: 16 } },
    smoke: { n: 500, d: 4 },
    sklearn: true,
    targets: [
      { peer: 'scikit-learn', maxRatio: 1, note: 'no more time than scikit-learn (1M x 16, same initial centres)', sizes: ['1m'] },
      { peer: 'ml-kmeans', maxRatio: 0.1, note: 'at least 10x faster than ml-kmeans (same initial centres)', sizes: ['1m'] },
    ],
    prepare(size, label) {
      const { X, path } = prepareBlobs('kmeans', size, label, { box: 4, stdLo: 2, stdHi: 3.5, seed: 1 });
      const initPath = file(`kmeans-${label}-init.f64`);
      const init = seeds(X, 8, initPath);
      return { size, X, extra: { init }, files: { X: path, init: initPath }, params: { k: 8, maxIter: 100, tol: 1e-4 } };
    },
    impls: {
      segmentkit: {
        run(input, p) {
          const km = new KMeans({ nClusters: 8, init: toNested(p.extra.init as Matrix), maxIter: 100, tol: 1e-4 }).fit(input as Matrix);
          return { labels: km.labels, iterations: km.nIter, value: km.inertia };
        },
      },
      'ml-kmeans': {
        input: (p) => toNested(p.X),
        run(input, p) {
          const r = mlKmeans(input as number[][], 8, { initialization: toNested(p.extra.init as Matrix), maxIterations: 100 });
          return { labels: Int32Array.from(r.clusters), iterations: r.iterations };
        },
      },
    },
  },
  dbscan: {
    title: 'DBSCAN, 8 blobs + 5% uniform noise; d=2: eps 0.5, minSamples 20; d=8: eps 2.0, minSamples 10',
    sizes: {
      'd2-5k': { n: 5_000, d: 2 },
      'd2-20k': { n: 20_000, d: 2 },
      'd2-50k': { n: 50_000, d: 2 },
      'd8-5k': { n: 5_000, d: 8 },
      'd8-20k': { n: 20_000, d: 8 },
      'd8-50k': { n: 50_000, d: 8 },
    },
    smoke: { n: 400, d: 2 },
    sklearn: true,
    targets: [
      { peer: 'scikit-learn', maxRatio: 1, note: 'no slower than scikit-learn (50k)', sizes: ['d2-50k', 'd8-50k'] },
      { peer: 'density-clustering', maxRatio: 0.01, note: 'at least 100x faster than density-clustering (50k)', sizes: ['d2-50k', 'd8-50k'] },
    ],
    prepare(size, label) {
      const { X, path } = prepareBlobs('dbscan', size, label, { box: 10, stdLo: 0.5, stdHi: 1, minSep: 6, noiseFraction: 0.05, seed: 2 });
      const params = size.d === 2 ? { eps: 0.5, minSamples: 20 } : { eps: 2.0, minSamples: 10 };
      return { size, X, extra: {}, files: { X: path }, params };
    },
    impls: {
      segmentkit: {
        run(input, p) {
          const m = new DBSCAN({ eps: p.params.eps as number, minSamples: p.params.minSamples as number }).fit(input as Matrix);
          return { labels: m.labels, value: m.coreSampleIndices.length };
        },
      },
      'density-clustering': {
        // Killed at 50k: 20k took 25 s and it is O(n^2), so a 100x verdict needs ~150 s of watchdog.
        timeoutS: 170,
        input: (p) => toNested(p.X),
        run(input, p) {
          const groups = new PeerDBSCAN().run(input as number[][], p.params.eps as number, p.params.minSamples as number);
          return { labels: labelsFromGroups(p.X.rows, groups) };
        },
      },
    },
  },
  ward: {
    title: 'Ward agglomerative clustering, d=8, cut at 8 clusters',
    sizes: { '2k': { n: 2_000, d: 8 }, '5k': { n: 5_000, d: 8 }, '10k': { n: 10_000, d: 8 }, '20k': { n: 20_000, d: 8 } },
    smoke: { n: 300, d: 8 },
    sklearn: true,
    targets: [
      { peer: 'scikit-learn', maxRatio: 1, note: 'no slower than scikit-learn, peak under 1 GB (10k x 8)', sizes: ['10k'], maxPeakMB: 1024 },
      { peer: 'ml-hclust', maxRatio: 0.1, note: 'faster than ml-hclust (2k; larger sizes exceed its watchdog)', sizes: ['2k'] },
    ],
    prepare(size, label) {
      const { X, path } = prepareBlobs('ward', size, label, { box: 5, stdLo: 1.5, stdHi: 3, seed: 3 });
      return { size, X, extra: {}, files: { X: path }, params: { k: 8 } };
    },
    impls: {
      segmentkit: {
        run(input) {
          const m = new AgglomerativeClustering({ nClusters: 8, linkage: 'ward' }).fit(input as Matrix);
          return { labels: m.labels };
        },
      },
      'ml-hclust': {
        maxN: 2_000,
        input: (p) => toNested(p.X),
        run(input, p) {
          const tree = agnes(input as number[][], { method: 'ward2' });
          return { labels: labelsFromGroups(p.X.rows, tree.group(8).children.map((c) => c.indices())) };
        },
      },
    },
  },
  gmm: {
    title: 'GaussianMixture, full covariance, d=8, k=8, 100 EM iterations (tol 0) from the same explicit init',
    sizes: { '10k': { n: 10_000, d: 8 }, '100k': { n: 100_000, d: 8 } },
    smoke: { n: 400, d: 3 },
    sklearn: true,
    targets: [{ peer: 'scikit-learn', maxRatio: 1, note: 'per iteration no slower than scikit-learn (100k x 8)', sizes: ['100k'], perIteration: true }],
    prepare(size, label) {
      const { X, path } = prepareBlobs('gmm', size, label, { box: 5, stdLo: 1.5, stdHi: 3, seed: 4 });
      const meansPath = file(`gmm-${label}-means.f64`);
      const means = seeds(X, 8, meansPath);
      return { size, X, extra: { means }, files: { X: path, means: meansPath }, params: { maxIter: 100 } };
    },
    impls: {
      segmentkit: {
        run(input, p) {
          const d = p.X.cols;
          const eye = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
          const m = new GaussianMixture({
            nComponents: 8,
            covarianceType: 'full',
            maxIter: p.params.maxIter as number,
            tol: 0,
            meansInit: toNested(p.extra.means as Matrix),
            weightsInit: new Array<number>(8).fill(1 / 8),
            precisionsInit: Array.from({ length: 8 }, () => eye),
          }).fit(input as Matrix);
          return { labels: m.predict(input as Matrix), iterations: m.nIter, value: m.lowerBound };
        },
      },
    },
  },
  pca: {
    title: 'PCA, d=32 -> 2 components',
    sizes: { '100k': { n: 100_000, d: 32 }, '1m': { n: 1_000_000, d: 32 } },
    smoke: { n: 500, d: 8 },
    sklearn: true,
    targets: [
      { peer: 'scikit-learn', maxRatio: 1, note: "no more time than scikit-learn's full solver, lower peak memory (1M x 32)", sizes: ['1m'] },
      { peer: 'ml-pca', maxRatio: 0.2, note: 'at least 5x faster than ml-pca, lower peak memory (1M x 32)', sizes: ['1m'] },
    ],
    prepare(size, label) {
      const { X, path } = prepareBlobs('pca', size, label, { box: 10, stdLo: 1.5, stdHi: 3, seed: 5 });
      return { size, X, extra: {}, files: { X: path }, params: { nComponents: 2 } };
    },
    impls: {
      segmentkit: {
        run(input) {
          const m = new PCA({ nComponents: 2 }).fit(input as Matrix);
          return { value: m.explainedVarianceRatio.reduce((a, b) => a + b, 0) };
        },
      },
      'ml-pca': {
        input: (p) => toNested(p.X),
        run(input) {
          const m = new MlPCA(input as number[][], { method: 'SVD' });
          const ev = m.getExplainedVariance();
          return { value: (ev[0] ?? 0) + (ev[1] ?? 0) };
        },
      },
    },
  },
  rfm: {
    title: 'rfm + rfmScores + rfmSegments over a transaction log (records with ISO dates), 13 orders per customer on average',
    sizes: { '1m': { n: 75_500, d: 3 } },
    smoke: { n: 200, d: 3 },
    prepare(size) {
      const log = makeTransactions({ nCustomers: size.n, randomState: 0 });
      return { size, X: { rows: size.n, cols: 0, data: new Float64Array(0) }, extra: {}, files: {}, params: { transactions: log.length }, payload: log };
    },
    impls: {
      segmentkit: {
        input: (p) => p.payload,
        run(input) {
          const table = rfm(input as Record<string, unknown>[], { customerId: 'customerId', date: 'date', amount: 'amount' });
          return { value: rfmSegments(rfmScores(table)).length };
        },
      },
    },
  },
  silhouette: {
    title: 'Silhouette score, exact (no sampling), d=16, the true labels of 8 blobs',
    sizes: { '5k': { n: 5_000, d: 16 }, '20k': { n: 20_000, d: 16 } },
    smoke: { n: 300, d: 4 },
    sklearn: true,
    targets: [{ peer: 'scikit-learn', maxRatio: 1, note: 'exact, no more time than scikit-learn, peak under 100 MB (20k x 16)', sizes: ['20k'], maxPeakMB: 100 }],
    prepare(size, label) {
      return prepareLabelled('silhouette', size, label, { box: 5, stdLo: 1.5, stdHi: 3, seed: 6 });
    },
    impls: {
      segmentkit: {
        input: (p) => ({ X: p.X, labels: readInt32(p.files.labels as string) }),
        run(input) {
          const { X, labels } = input as { X: Matrix; labels: Int32Array };
          return { value: silhouetteScore(X, labels) };
        },
      },
    },
  },
  'dec-digits': {
    title:
      'Deep clustering of digits (1797 x 64, pixels / 16), seed 0, bench/digits-recipe.ts: denoising AE 64-256-256-512-10 (100 epochs) + DEC (N2D start); value = ACC against the digit labels, beside k-means and Ward on the raw pixels (5 seeds and every method: bench/deep-digits.ts)',
    sizes: { digits: { n: 1797, d: 64 } },
    smoke: { n: 200, d: 64 },
    prepare(size) {
      const { X, y } = digitsPixels(size.n);
      // the smoke size only checks that the case runs: 2 epochs, 20 batches
      const params = size.n < 1797 ? { epochs: 2, maxIter: 20 } : { epochs: DIGITS_AE.epochs as number, maxIter: DIGITS_DEC.maxIter as number };
      return { size, X, extra: {}, files: {}, params, payload: y };
    },
    impls: {
      segmentkit: {
        // AE pretraining and DEC take 90-125 s on this machine, close to the default 120 s watchdog.
        timeoutS: 300,
        async run(input, p) {
          // Imported here so tfjs loads only in this case's process (it adds ~30 MB to every other case).
          const [{ setBackend }, { Autoencoder }, { DEC }] = await Promise.all([
            import('../src/deep/backend.js'),
            import('../src/reduce/autoencoder.js'),
            import('../src/cluster/dec.js'),
          ]);
          await setBackend('wasm');
          const X = input as Matrix;
          const epochs = p.params.epochs as number;
          const ae = new Autoencoder({ ...DIGITS_AE, epochs, nIterNoChange: epochs, randomState: 0 }).fit(X);
          const dec = new DEC({ ...DIGITS_DEC, maxIter: p.params.maxIter as number, randomState: 0 }).fit(X, { autoencoder: ae });
          return { labels: dec.labels, iterations: dec.nIter, value: clusteringAccuracy(p.payload as Int32Array, dec.labels) };
        },
      },
      'k-means raw (segmentkit)': {
        run(input, p) {
          const km = new KMeans({ nClusters: 10, nInit: 10, randomState: 0 }).fit(input as Matrix);
          return { labels: km.labels, iterations: km.nIter, value: clusteringAccuracy(p.payload as Int32Array, km.labels) };
        },
      },
      'Ward raw (segmentkit)': {
        run(input, p) {
          const labels = new AgglomerativeClustering({ nClusters: 10 }).fit(input as Matrix).labels;
          return { labels, value: clusteringAccuracy(p.payload as Int32Array, labels) };
        },
      },
    },
  },
  sweepK: {
    title: 'sweepK over k = 2..10 with KMeans (nInit 1), silhouette sampled on 5000 rows, CH and DB on all rows, d=8',
    sizes: { '100k': { n: 100_000, d: 8 } },
    smoke: { n: 500, d: 4 },
    targets: [],
    prepare(size, label) {
      return prepareLabelled('sweepk', size, label, { box: 6, stdLo: 1, stdHi: 2, seed: 7 });
    },
    impls: {
      segmentkit: {
        run(input) {
          const r = sweepK({ make: (k) => new KMeans({ nClusters: k, nInit: 1, maxIter: 100 }), X: input as Matrix, kRange: [2, 3, 4, 5, 6, 7, 8, 9, 10], sampleSize: 5000 });
          return { labels: r.model.labels, value: r.recommended.k };
        },
      },
    },
  },
};

/** Blobs with their true labels, both written to disk (X as float64, labels as int32). */
function prepareLabelled(kind: string, size: Size, label: string, recipe: Parameters<typeof blobs>[2]): Prepared {
  const xPath = file(`${kind}-${label}-${size.n}x${size.d}.f64`);
  const yPath = file(`${kind}-${label}-${size.n}x${size.d}.labels.i32`);
  if (!existsSync(xPath) || !existsSync(yPath)) {
    const b = blobs(size.n, size.d, recipe);
    writeMatrix(xPath, b.X);
    writeInt32(yPath, b.y);
  }
  return { size, X: readMatrix(xPath, size.d), extra: {}, files: { X: xPath, labels: yPath }, params: {} };
}
