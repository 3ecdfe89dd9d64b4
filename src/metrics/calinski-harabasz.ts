/**
 * The Calinski-Harabasz index (variance ratio criterion).
 *
 * @packageDocumentation
 */
import type { MatrixInput } from '../core/matrix.js';
import { centroids, prepareInternal, resolveNoise, type NoiseHandling } from './_internal.js';

/** Options of {@link calinskiHarabaszScore} and {@link daviesBouldinScore}. */
export interface InternalIndexOptions {
  /**
   * How label -1 is scored: `'cluster'` (its own cluster, as scikit-learn) or `'ignore'` (noise
   * rows are left out). @defaultValue 'cluster'
   */
  readonly noise?: NoiseHandling;
}

/**
 * The Calinski-Harabasz index: between-cluster dispersion over within-cluster dispersion, each
 * divided by its degrees of freedom. Higher is better. scikit-learn's `calinski_harabasz_score`.
 *
 * @remarks
 * CH = [B / (k - 1)] / [W / (n - k)] with B = sum_c n_c ||mu_c - mu||^2 and W the within-cluster
 * sum of squares; 1 when W = 0 (scikit-learn's convention). Two passes over the data, O(n d) time
 * and O(k d) memory, so it is cheap enough for every k of a sweep on all rows. Favours convex,
 * similarly sized clusters. Noise: see {@link NoiseHandling}. Reference: T. Calinski and
 * J. Harabasz (1974), "A dendrite method for cluster analysis", Communications in Statistics 3.
 *
 * @param X - the data, n x d
 * @param labels - cluster of each row (integers >= -1)
 * @param options - see {@link InternalIndexOptions}
 * @throws {@link ValidationError} when X is not a finite 2-D array, labels and X differ in
 *   length, or there are fewer than 2 or more than n - 1 distinct labels
 * @throws {@link InvalidParameterError} for unknown or invalid options
 * @example
 * ```ts
 * import { calinskiHarabaszScore } from 'segmentkit';
 * console.log(calinskiHarabaszScore([[0], [1], [10], [11]], [0, 0, 1, 1])); // 200
 * ```
 */
export function calinskiHarabaszScore(X: MatrixInput, labels: ArrayLike<number>, options: InternalIndexOptions = {}): number {
  const fn = 'calinskiHarabaszScore';
  const noise = resolveNoise(fn, options);
  const { X: m, codes, counts, k } = prepareInternal(fn, X, labels, noise, true);
  const { rows: n, cols: d, data } = m;
  const mu = centroids(m, codes, k);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  let extra = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += ((mu[c * d + j] as number) - (mean[j] as number)) ** 2;
    extra += (counts[c] as number) * s;
  }
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const base = (codes[i] as number) * d;
    for (let j = 0; j < d; j++) intra += ((data[i * d + j] as number) - (mu[base + j] as number)) ** 2;
  }
  return intra === 0 ? 1 : (extra * (n - k)) / (intra * (k - 1));
}
