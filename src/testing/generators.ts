/**
 * Seeded synthetic data for tests and examples (scikit-learn's `make_blobs`, `make_moons`,
 * `make_circles`).
 *
 * @packageDocumentation
 */
import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';

/** Generated points with their true group. */
export interface LabeledData {
  /** The points, n x d. */
  readonly X: Matrix;
  /** The true group of each point. */
  readonly y: Int32Array;
}

/** Options of {@link makeBlobs}. */
export interface MakeBlobsOptions {
  /** Number of points. @defaultValue 100 */
  readonly nSamples?: number;
  /** Number of features. @defaultValue 2 */
  readonly nFeatures?: number;
  /** Number of blobs, when `centers` is not given. @defaultValue 3 */
  readonly nCenters?: number;
  /** Explicit centres (rows), overriding nCenters and nFeatures. */
  readonly centers?: readonly (readonly number[])[];
  /** Standard deviation of each blob (one value, or one per blob). @defaultValue 1 */
  readonly clusterStd?: number | readonly number[];
  /** Box the random centres are drawn from. @defaultValue [-10, 10] */
  readonly centerBox?: readonly [number, number];
  /** Shuffle the points. @defaultValue true */
  readonly shuffle?: boolean;
  /** Seed. @defaultValue 0 */
  readonly randomState?: number;
}

/**
 * Isotropic Gaussian blobs, points split as evenly as possible between blobs.
 *
 * @remarks O(n d). Same options, same points, on every platform.
 * @example
 * ```ts
 * import { makeBlobs } from 'segmentkit/testing';
 * const { X, y } = makeBlobs({ nSamples: 60, nCenters: 3, randomState: 1 });
 * console.log(X.rows, X.cols, new Set(y).size); // 60 2 3
 * ```
 */
export function makeBlobs(options: MakeBlobsOptions = {}): LabeledData & { readonly centers: Matrix } {
  const n = options.nSamples ?? 100;
  const rng = new Rng(options.randomState ?? 0);
  const [lo, hi] = options.centerBox ?? [-10, 10];
  let k: number;
  let d: number;
  let centers: Float64Array;
  if (options.centers !== undefined) {
    k = options.centers.length;
    d = options.centers[0]?.length ?? 0;
    centers = Float64Array.from(options.centers.flat());
  } else {
    k = options.nCenters ?? 3;
    d = options.nFeatures ?? 2;
    centers = new Float64Array(k * d);
    for (let i = 0; i < centers.length; i++) centers[i] = lo + (hi - lo) * rng.float();
  }
  const stds = typeof options.clusterStd === 'number' || options.clusterStd === undefined
    ? new Array<number>(k).fill(options.clusterStd ?? 1)
    : [...options.clusterStd];
  const data = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor((i * k) / n);
    y[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = (centers[c * d + j] as number) + (stds[c] as number) * rng.normal();
  }
  const out = options.shuffle ?? true ? shuffled(data, y, n, d, rng) : { X: { rows: n, cols: d, data }, y };
  return { ...out, centers: { rows: k, cols: d, data: centers } };
}

function shuffled(data: Float64Array, y: Int32Array, n: number, d: number, rng: Rng): LabeledData {
  const perm = rng.permutation(n);
  const X = new Float64Array(n * d);
  const yy = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = perm[i] as number;
    X.set(data.subarray(p * d, (p + 1) * d), i * d);
    yy[i] = y[p] as number;
  }
  return { X: { rows: n, cols: d, data: X }, y: yy };
}

/** Options of {@link makeMoons} and {@link makeCircles}. */
export interface MakeShapesOptions {
  /** Number of points. @defaultValue 100 */
  readonly nSamples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate. @defaultValue 0 */
  readonly noise?: number;
  /** Shuffle the points. @defaultValue true */
  readonly shuffle?: boolean;
  /** Seed. @defaultValue 0 */
  readonly randomState?: number;
}

/**
 * Two interleaving half circles (2-D): a shape k-means cannot separate and DBSCAN can.
 *
 * @example
 * ```ts
 * import { makeMoons } from 'segmentkit/testing';
 * const { X, y } = makeMoons({ nSamples: 50, noise: 0.05 });
 * console.log(X.rows, y.length); // 50 50
 * ```
 */
export function makeMoons(options: MakeShapesOptions = {}): LabeledData {
  const n = options.nSamples ?? 100;
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  return shape(n, options, (i) => {
    if (i < nOut) {
      const t = nOut > 1 ? (Math.PI * i) / (nOut - 1) : 0;
      return [Math.cos(t), Math.sin(t), 0];
    }
    const t = nIn > 1 ? (Math.PI * (i - nOut)) / (nIn - 1) : 0;
    return [1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1];
  });
}

/** Options of {@link makeCircles}. */
export interface MakeCirclesOptions extends MakeShapesOptions {
  /** Radius of the inner circle relative to the outer one (0 < factor < 1). @defaultValue 0.8 */
  readonly factor?: number;
}

/**
 * A large circle containing a smaller one (2-D).
 *
 * @throws RangeError when factor is not in (0, 1).
 * @example
 * ```ts
 * import { makeCircles } from 'segmentkit/testing';
 * const { X } = makeCircles({ nSamples: 40, factor: 0.5 });
 * console.log(X.cols); // 2
 * ```
 */
export function makeCircles(options: MakeCirclesOptions = {}): LabeledData {
  const n = options.nSamples ?? 100;
  const factor = options.factor ?? 0.8;
  if (!(factor > 0 && factor < 1)) throw new RangeError(`makeCircles needs 0 < factor < 1. Got ${factor} instead.`);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  return shape(n, options, (i) => {
    if (i < nOut) {
      const t = (2 * Math.PI * i) / nOut;
      return [Math.cos(t), Math.sin(t), 0];
    }
    const t = (2 * Math.PI * (i - nOut)) / nIn;
    return [factor * Math.cos(t), factor * Math.sin(t), 1];
  });
}

function shape(n: number, options: MakeShapesOptions, point: (i: number) => [number, number, number]): LabeledData {
  const rng = new Rng(options.randomState ?? 0);
  const noise = options.noise ?? 0;
  const data = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, label] = point(i);
    data[2 * i] = a + noise * rng.normal();
    data[2 * i + 1] = b + noise * rng.normal();
    y[i] = label;
  }
  return options.shuffle ?? true ? shuffled(data, y, n, 2, rng) : { X: { rows: n, cols: 2, data }, y };
}
