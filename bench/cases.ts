// Benchmark cases: data recipe, sizes, and how each implementation runs on identical bytes.
// Add a case here and in bench/sklearn_runner.py (the scikit-learn side, when it has one).
import { join } from 'node:path';
import { kmeans as mlKmeans } from 'ml-kmeans';
import type { Matrix } from '../src/core/matrix.js';
import { KMeans } from '../src/cluster/kmeans.js';
import { kmeansPlusPlus } from '../src/cluster/_kmeans-kernels.js';
import { Rng } from '../src/core/random.js';
import { blobs, cached, DATA_DIR, readMatrix, toNested, writeMatrix } from './data.js';

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
  readonly targets?: readonly { readonly peer: string; readonly maxRatio: number; readonly note: string }[];
}

const file = (name: string) => join(DATA_DIR, name);

function prepareBlobs(kind: string, size: Size, label: string, recipe: Parameters<typeof blobs>[2]): { X: Matrix; path: string } {
  const path = cached(file(`${kind}-${label}-${size.n}x${size.d}.f64`), () => writeMatrix(file(`${kind}-${label}-${size.n}x${size.d}.f64`), blobs(size.n, size.d, recipe).X));
  return { X: readMatrix(path, size.d), path };
}

export const CASES: Record<string, BenchCase> = {
  kmeans: {
    title: 'KMeans, d=16, k=8, same initial centres (k-means++ seeds), maxIter 100, tol 1e-4',
    sizes: { '10k': { n: 10_000, d: 16 }, '100k': { n: 100_000, d: 16 }, '1m': { n: 1_000_000, d: 16 } },
    smoke: { n: 500, d: 4 },
    sklearn: true,
    targets: [
      { peer: 'scikit-learn', maxRatio: 1, note: 'no more time than scikit-learn' },
      { peer: 'ml-kmeans', maxRatio: 0.1, note: 'at least 10x faster than ml-kmeans' },
    ],
    prepare(size, label) {
      const { X, path } = prepareBlobs('kmeans', size, label, { box: 4, stdLo: 2, stdHi: 3.5, seed: 1 });
      const initPath = file(`kmeans-${label}-init.f64`);
      cached(initPath, () => {
        const w = new Float64Array(X.rows).fill(1);
        writeMatrix(initPath, { rows: 8, cols: size.d, data: kmeansPlusPlus(X.data, w, X.rows, X.cols, 8, new Rng(0)) });
      });
      const init = readMatrix(initPath, size.d);
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
};
