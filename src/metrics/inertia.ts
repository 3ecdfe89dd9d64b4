/**
 * Within-cluster sum of squares.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { matrixLike, oneOf } from '../core/params.js';
import { validateLabels, validateMatrix } from '../core/validation.js';
import { centroids, prepareInternal, type NoiseHandling } from './_internal.js';
import { resolveOptions } from './_options.js';

/** Options of {@link inertia}. */
export interface InertiaOptions {
  /**
   * Centres to measure from (k x d, row c for label c, labels then in 0..k-1); by default each
   * cluster's mean, which gives the within-cluster sum of squares.
   */
  readonly centers?: MatrixInput;
  /**
   * How label -1 is scored: `'cluster'` (its own cluster) or `'ignore'` (noise rows add nothing).
   * With `centers`, -1 requires 'ignore'. @defaultValue 'cluster'
   */
  readonly noise?: NoiseHandling;
}

/**
 * Inertia: the sum of squared Euclidean distances of the rows to their cluster's centre, the
 * objective k-means minimises and the y-axis of the elbow plot.
 *
 * @remarks
 * Without `centers`, the centres are the cluster means, so this is the within-cluster sum of
 * squares W_k of the gap statistic; with the centres a KMeans model learned, it equals its
 * `inertia` on the training rows. O(n d) time, O(k d) memory. A single cluster is allowed
 * (W_1, the total sum of squares about the mean).
 *
 * @param X - the data, n x d
 * @param labels - cluster of each row (integers >= -1; in 0..k-1 with `centers`)
 * @param options - see {@link InertiaOptions}
 * @throws {@link ValidationError} when X is not a finite 2-D array, labels and X differ in
 *   length, or a label has no row in `centers`
 * @throws {@link InvalidParameterError} for unknown or invalid options
 * @example
 * ```ts
 * import { inertia } from 'segmentkit';
 * console.log(inertia([[0], [2], [10], [12]], [0, 0, 1, 1])); // 4
 * console.log(inertia([[0], [2]], [0, 0], { centers: [[0]] })); // 4
 * ```
 */
export function inertia(X: MatrixInput, labels: ArrayLike<number>, options: InertiaOptions = {}): number {
  const fn = 'inertia';
  const opts = resolveOptions(fn, { noise: 'cluster' as NoiseHandling, centers: undefined as MatrixInput | undefined }, options, {
    noise: [oneOf('cluster', 'ignore')],
    centers: [matrixLike, { describe: 'undefined', test: (v) => v === undefined }],
  });
  if (opts.centers === undefined) {
    const { X: m, codes, k } = prepareInternal(fn, X, labels, opts.noise, false);
    const { rows: n, cols: d, data } = m;
    const mu = centroids(m, codes, k);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const base = (codes[i] as number) * d;
      for (let j = 0; j < d; j++) total += ((data[i * d + j] as number) - (mu[base + j] as number)) ** 2;
    }
    return total;
  }
  const m = validateMatrix(X, { estimator: fn, minSamples: 1 });
  const centers = validateMatrix(opts.centers, { estimator: fn, input: 'centers', nFeatures: m.cols });
  const lab = validateLabels(labels, m.rows, fn);
  const { cols: d, data } = m;
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    const c = lab[i] as number;
    if (c === -1 && opts.noise === 'ignore') continue;
    if (c < 0 || c >= centers.rows) {
      throw new ValidationError(messages.metrics.labelOutOfRange(fn, c, i, centers.rows), { row: i });
    }
    for (let j = 0; j < d; j++) total += ((data[i * d + j] as number) - (centers.data[c * d + j] as number)) ** 2;
  }
  return total;
}
