/**
 * Private: input handling shared by the internal validity indices (silhouette, Calinski-Harabasz,
 * Davies-Bouldin, inertia).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { validateLabels, validateMatrix } from '../core/validation.js';
import { oneOf } from '../core/params.js';
import { encodeLabels } from './_labels.js';
import { resolveOptions } from './_options.js';

/**
 * How the noise label -1 is scored by the internal indices.
 *
 * - `'cluster'`: -1 is one more cluster, exactly as scikit-learn does (its LabelEncoder sees -1
 *   as an ordinary label). Scores then match scikit-learn's on the same labels.
 * - `'ignore'`: rows labelled -1 are left out before scoring (the usual way to score DBSCAN and
 *   HDBSCAN results, as R's fpc and dbscan packages do); per-sample outputs give them 0.
 */
export type NoiseHandling = 'cluster' | 'ignore';

/** Validated data for an internal index, with noise rows removed when asked. */
export interface InternalInput {
  /** Rows scored (all rows, or the non-noise rows). */
  readonly X: Matrix;
  /** Cluster code of each scored row, 0..k-1. */
  readonly codes: Int32Array;
  /** Size of each cluster. */
  readonly counts: Float64Array;
  /** Number of clusters. */
  readonly k: number;
  /** Original row of each scored row, or null when every row is scored. */
  readonly kept: Int32Array | null;
  /** Number of rows of the input. */
  readonly nInput: number;
}

/**
 * Validates X (finite, 2-D, at least one row) and labels (one integer >= -1 per row), applies the
 * noise rule, and encodes labels to 0..k-1. With `checkLabelCount`, requires 2 <= k <= n - 1.
 */
export function prepareInternal(
  fn: string,
  X: MatrixInput,
  labels: ArrayLike<number>,
  noise: NoiseHandling,
  checkLabelCount: boolean,
  square = false,
): InternalInput {
  const m = validateMatrix(X, { estimator: fn, minSamples: 1 });
  if (square && m.rows !== m.cols) {
    throw new ValidationError(messages.metrics.notSquare(fn, m.rows, m.cols));
  }
  const lab = validateLabels(labels, m.rows, fn);
  let rowsX = m;
  let kept: Int32Array | null = null;
  let used = lab;
  if (noise === 'ignore') {
    let nKeep = 0;
    for (let i = 0; i < lab.length; i++) if (lab[i] !== -1) nKeep++;
    if (nKeep === 0) throw new ValidationError(messages.metrics.allNoise(fn, lab.length));
    if (nKeep < lab.length) {
      kept = new Int32Array(nKeep);
      for (let i = 0, t = 0; i < lab.length; i++) if (lab[i] !== -1) kept[t++] = i;
      used = new Int32Array(nKeep);
      for (let t = 0; t < nKeep; t++) used[t] = lab[kept[t] as number] as number;
      rowsX = square ? takeSquare(m, kept) : takeRowsOf(m, kept);
    }
  }
  const enc = encodeLabels(used);
  const k = enc.classes.length;
  const n = used.length;
  if (checkLabelCount && !(k > 1 && k < n)) throw new ValidationError(messages.metrics.numberOfLabels(fn, k, n));
  return { X: rowsX, codes: enc.codes, counts: enc.counts, k, kept, nInput: m.rows };
}

/** Rows `idx` of m as a new matrix. */
export function takeRowsOf(m: Matrix, idx: Int32Array): Matrix {
  const d = m.cols;
  const out = new Float64Array(idx.length * d);
  for (let t = 0; t < idx.length; t++) {
    const src = (idx[t] as number) * d;
    out.set(m.data.subarray(src, src + d), t * d);
  }
  return { rows: idx.length, cols: d, data: out };
}

/** The sub-matrix of a square matrix on rows and columns `idx`. */
export function takeSquare(m: Matrix, idx: Int32Array): Matrix {
  const s = idx.length;
  const out = new Float64Array(s * s);
  for (let a = 0; a < s; a++) {
    const base = (idx[a] as number) * m.cols;
    for (let b = 0; b < s; b++) out[a * s + b] = m.data[base + (idx[b] as number)] as number;
  }
  return { rows: s, cols: s, data: out };
}

/** Cluster centroids (k x d) and sizes of encoded rows. O(n d). */
export function centroids(X: Matrix, codes: Int32Array, k: number): Float64Array {
  const { rows: n, cols: d, data } = X;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    counts[c] = (counts[c] as number) + 1;
    const base = c * d;
    const row = i * d;
    for (let j = 0; j < d; j++) sums[base + j] = (sums[base + j] as number) + (data[row + j] as number);
  }
  for (let c = 0; c < k; c++) {
    const cnt = counts[c] as number;
    for (let j = 0; j < d; j++) sums[c * d + j] = (sums[c * d + j] as number) / cnt;
  }
  return sums;
}

/** Resolves the `noise` option of the internal indices (default 'cluster'). */
export function resolveNoise(fn: string, options: { readonly noise?: NoiseHandling }): NoiseHandling {
  return resolveOptions(fn, { noise: 'cluster' as NoiseHandling }, options, { noise: [oneOf('cluster', 'ignore')] }).noise;
}
