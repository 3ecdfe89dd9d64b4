/**
 * The Davies-Bouldin index.
 *
 * @packageDocumentation
 */
import type { MatrixInput } from '../core/matrix.js';
import { centroids, prepareInternal, resolveNoise } from './_internal.js';
import type { InternalIndexOptions } from './calinski-harabasz.js';

function allClose0(values: Float64Array): boolean {
  // numpy.allclose(values, 0): |v| <= 1e-8 for every entry.
  for (let t = 0; t < values.length; t++) if (!(Math.abs(values[t] as number) <= 1e-8)) return false;
  return true;
}

/**
 * The Davies-Bouldin index: the mean, over clusters, of the worst ratio of summed within-cluster
 * scatter to centroid separation. Lower is better, 0 is the minimum. scikit-learn's
 * `davies_bouldin_score`.
 *
 * @remarks
 * With s_c the mean Euclidean distance of cluster c's members to its centroid and d_ij the distance
 * between centroids, DB = (1/k) sum_i max_{j != i} (s_i + s_j) / d_ij. Returns 0 when all s_c or all
 * d_ij are (numerically) 0, and ignores pairs of coincident centroids, as scikit-learn does.
 * O(n d + k^2 d) time, O(k d) memory. Noise: see {@link NoiseHandling}. Reference: D. L. Davies and
 * D. W. Bouldin (1979), "A cluster separation measure", IEEE TPAMI 1(2).
 *
 * @param X - the data, n x d
 * @param labels - cluster of each row (integers >= -1)
 * @param options - see {@link InternalIndexOptions}
 * @throws {@link ValidationError} when X is not a finite 2-D array, labels and X differ in
 *   length, or there are fewer than 2 or more than n - 1 distinct labels
 * @throws {@link InvalidParameterError} for unknown or invalid options
 * @example
 * ```ts
 * import { daviesBouldinScore } from 'segmentkit';
 * console.log(daviesBouldinScore([[0], [1], [10], [11]], [0, 0, 1, 1])); // 0.1
 * ```
 */
export function daviesBouldinScore(X: MatrixInput, labels: ArrayLike<number>, options: InternalIndexOptions = {}): number {
  const fn = 'daviesBouldinScore';
  const noise = resolveNoise(fn, options);
  const { X: m, codes, counts, k } = prepareInternal(fn, X, labels, noise, true);
  const { rows: n, cols: d, data } = m;
  const mu = centroids(m, codes, k);
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    let s = 0;
    for (let j = 0; j < d; j++) s += ((data[i * d + j] as number) - (mu[c * d + j] as number)) ** 2;
    intra[c] = (intra[c] as number) + Math.sqrt(s);
  }
  for (let c = 0; c < k; c++) intra[c] = (intra[c] as number) / (counts[c] as number);
  const between = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((mu[a * d + j] as number) - (mu[b * d + j] as number)) ** 2;
      between[a * k + b] = between[b * k + a] = Math.sqrt(s);
    }
  }
  if (allClose0(intra) || allClose0(between)) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      const sep = between[a * k + b] as number;
      if (sep === 0) continue;
      const r = ((intra[a] as number) + (intra[b] as number)) / sep;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / k;
}
