/**
 * Information-theoretic comparison of labelings: mutual information, normalized MI and adjusted MI.
 *
 * @packageDocumentation
 */
import { oneOf } from '../core/params.js';
import { gammaln } from './_gammaln.js';
import { contingencyOf, entropyOfCounts, type SparseContingency } from './_labels.js';
import { resolveOptions } from './_options.js';

/** How the two entropies are averaged in the normaliser of NMI and AMI. */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

/** Options of {@link normalizedMutualInfoScore} and {@link adjustedMutualInfoScore}. */
export interface MutualInfoOptions {
  /**
   * Generalised mean of H(labelsTrue) and H(labelsPred) used as the normaliser.
   * @defaultValue 'arithmetic'
   */
  readonly averageMethod?: AverageMethod;
}

const EPS = 2.220446049250313e-16;

function checkOptions(fn: string, options: MutualInfoOptions): AverageMethod {
  return resolveOptions(fn, { averageMethod: 'arithmetic' as AverageMethod }, options, {
    averageMethod: [oneOf('arithmetic', 'geometric', 'min', 'max')],
  }).averageMethod;
}

function generalizedAverage(u: number, v: number, method: AverageMethod): number {
  switch (method) {
    case 'min':
      return Math.min(u, v);
    case 'geometric':
      return Math.sqrt(u * v);
    case 'arithmetic':
      return (u + v) / 2;
    case 'max':
      return Math.max(u, v);
  }
}

/** The normaliser of NMI and AMI: the `method` mean of the entropies of both labelings. */
function meanEntropy(s: SparseContingency, method: AverageMethod): number {
  return generalizedAverage(entropyOfCounts(s.rowSums), entropyOfCounts(s.colSums), method);
}

/** NMI and AMI are 1 by convention when both labelings have a single label, or both are empty. */
function perfectByConvention(s: SparseContingency): boolean {
  const r = s.classes.length;
  const c = s.clusters.length;
  return (r === 1 && c === 1) || (r === 0 && c === 0);
}

/** Mutual information (nats) of a contingency table, term by term as scikit-learn. */
export function mutualInfoOfContingency(s: SparseContingency): number {
  const pi = s.rowSums;
  const pj = s.colSums;
  if (pi.length === 1 || pj.length === 1) return 0;
  const total = s.n;
  const logTotal = Math.log(total);
  let sumPi = 0;
  for (let t = 0; t < pi.length; t++) sumPi += pi[t] as number;
  let sumPj = 0;
  for (let t = 0; t < pj.length; t++) sumPj += pj[t] as number;
  const logMargins = Math.log(sumPi) + Math.log(sumPj);
  let mi = 0;
  for (let t = 0; t < s.values.length; t++) {
    const v = s.values[t] as number;
    const p = v / total;
    const outer = (pi[s.rowIdx[t] as number] as number) * (pj[s.colIdx[t] as number] as number);
    const term = p * (Math.log(v) - logTotal) + p * (-Math.log(outer) + logMargins);
    if (Math.abs(term) >= EPS) mi += term;
  }
  return mi < 0 ? 0 : mi;
}

/** `log m`, `gammaln(m + 1)` and `gammaln(N - m + 1)` of each margin m of a contingency table of N samples. */
function marginLogs(margins: Float64Array, N: number): { log: Float64Array; gln: Float64Array; glnRest: Float64Array } {
  const log = new Float64Array(margins.length);
  const gln = new Float64Array(margins.length);
  const glnRest = new Float64Array(margins.length);
  for (let i = 0; i < margins.length; i++) {
    const m = margins[i] as number;
    log[i] = Math.log(m);
    gln[i] = gammaln(m + 1);
    glnRest[i] = gammaln(N - m + 1);
  }
  return { log, gln, glnRest };
}

/**
 * Expected mutual information of two labelings with the margins of `s` under the hypergeometric
 * model of randomness (Vinh, Epps and Bailey 2010), summed exactly as scikit-learn's
 * `expected_mutual_information`: O(r c min(n_max, n)) terms, each with log-gamma values.
 */
export function expectedMutualInformation(s: SparseContingency): number {
  const a = s.rowSums;
  const b = s.colSums;
  const R = a.length;
  const C = b.length;
  if (R === 1 || C === 1) return 0;
  const N = s.n;
  let maxAB = 0;
  for (let i = 0; i < R; i++) maxAB = Math.max(maxAB, a[i] as number);
  for (let j = 0; j < C; j++) maxAB = Math.max(maxAB, b[j] as number);
  const logNnij = new Float64Array(maxAB + 1);
  const glnNij = new Float64Array(maxAB + 1);
  const logN = Math.log(N);
  for (let nij = 1; nij <= maxAB; nij++) {
    logNnij[nij] = logN + Math.log(nij);
    glnNij[nij] = gammaln(nij + 1);
  }
  const { log: logA, gln: glnA, glnRest: glnNa } = marginLogs(a, N);
  const { log: logB, gln: glnB, glnRest: glnNb } = marginLogs(b, N);
  const glnN = gammaln(N + 1);
  let emi = 0;
  for (let i = 0; i < R; i++) {
    const ai = a[i] as number;
    for (let j = 0; j < C; j++) {
      const bj = b[j] as number;
      const start = Math.max(ai - N + bj, 1);
      const end = Math.min(ai, bj) + 1;
      const base = (glnA[i] as number) + (glnB[j] as number) + (glnNa[i] as number) + (glnNb[j] as number) - glnN;
      for (let nij = start; nij < end; nij++) {
        const term2 = (logNnij[nij] as number) - (logA[i] as number) - (logB[j] as number);
        const gln = base - (glnNij[nij] as number) - gammaln(ai - nij + 1) - gammaln(bj - nij + 1) - gammaln(N - ai - bj + nij + 1);
        emi += (nij / N) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/**
 * Mutual information (in nats) between two labelings of the same samples. scikit-learn's
 * `mutual_info_score`.
 *
 * @remarks
 * MI = sum over cells of (n_ij / N) log(N n_ij / (a_i b_j)). Not normalised: its upper bound
 * depends on the entropies (see {@link normalizedMutualInfoScore}). 0 when either labeling has a
 * single label. Noise (-1) is an ordinary label. Symmetric. O(n log n) at worst. Reference: Cover
 * and Thomas, "Elements of Information Theory".
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { mutualInfoScore } from 'segmentkit';
 * console.log(mutualInfoScore([0, 0, 1, 1], [1, 1, 0, 0]) === Math.LN2); // true
 * ```
 */
export function mutualInfoScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const s = contingencyOf('mutualInfoScore', labelsTrue, labelsPred);
  if (s.n === 0) return 0;
  return mutualInfoOfContingency(s);
}

/**
 * Normalized mutual information: MI divided by a generalised mean of the two entropies, in [0, 1].
 * scikit-learn's `normalized_mutual_info_score`.
 *
 * @remarks
 * 1 for identical partitions (and by convention when both labelings have a single label, or are
 * empty); 0 when MI is 0. With `averageMethod: 'arithmetic'` (the default) it equals
 * {@link vMeasureScore}. Not corrected for chance (see {@link adjustedMutualInfoScore}). Noise
 * (-1) is an ordinary label. O(n log n) at worst. Reference: Strehl and Ghosh (2002).
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @param options - `averageMethod`, see {@link MutualInfoOptions}
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @throws {@link InvalidParameterError} for an unknown `averageMethod`
 * @example
 * ```ts
 * import { normalizedMutualInfoScore } from 'segmentkit';
 * console.log(normalizedMutualInfoScore([0, 0, 1, 1], [5, 5, 3, 3])); // 1
 * console.log(normalizedMutualInfoScore([0, 0, 0, 0], [0, 1, 2, 3])); // 0
 * ```
 */
export function normalizedMutualInfoScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>, options: MutualInfoOptions = {}): number {
  const fn = 'normalizedMutualInfoScore';
  const method = checkOptions(fn, options);
  const s = contingencyOf(fn, labelsTrue, labelsPred);
  if (perfectByConvention(s)) return 1;
  const mi = mutualInfoOfContingency(s);
  if (mi === 0) return 0;
  const normalizer = meanEntropy(s, method);
  return mi / normalizer;
}

/**
 * Adjusted mutual information (Vinh, Epps and Bailey 2010): MI corrected for chance, so random
 * labelings score close to 0 and identical partitions 1. scikit-learn's
 * `adjusted_mutual_info_score`, including its expected-MI term.
 *
 * @remarks
 * AMI = (MI - E[MI]) / (mean(H(U), H(V)) - E[MI]), with E[MI] under the hypergeometric model and
 * the mean chosen by `averageMethod`. 1 when both labelings have a single label (or are empty).
 * When E[MI], MI and the normaliser coincide up to rounding (e.g. one labeling all singletons with
 * `'min'`), AMI is 0/0 and 1 is returned, the value scikit-learn means to give there; otherwise the
 * denominator is kept at least one machine epsilon away from 0 with its sign, as scikit-learn does. The expected MI costs O(r c min(n_max, n)) log-gamma evaluations, which dominates with many
 * clusters. Noise (-1) is an ordinary label. Reference: N. X. Vinh, J. Epps and J. Bailey (2010),
 * "Information theoretic measures for clusterings comparison", JMLR 11.
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @param options - `averageMethod`, see {@link MutualInfoOptions}
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @throws {@link InvalidParameterError} for an unknown `averageMethod`
 * @example
 * ```ts
 * import { adjustedMutualInfoScore } from 'segmentkit';
 * console.log(adjustedMutualInfoScore([0, 0, 1, 1], [1, 1, 0, 0])); // 1
 * ```
 */
export function adjustedMutualInfoScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>, options: MutualInfoOptions = {}): number {
  const fn = 'adjustedMutualInfoScore';
  const method = checkOptions(fn, options);
  const s = contingencyOf(fn, labelsTrue, labelsPred);
  if (perfectByConvention(s)) return 1;
  const mi = mutualInfoOfContingency(s);
  const emi = expectedMutualInformation(s);
  const normalizer = meanEntropy(s, method);
  // E[MI] equal to the normaliser (up to rounding) makes AMI 0/0: both labelings are then as
  // informative as chance allows, which scikit-learn scores as a perfect match (1).
  const noise = 1e-12 * Math.max(normalizer, emi);
  if (normalizer > 0 && Math.abs(normalizer - emi) <= noise && Math.abs(mi - emi) <= noise) return 1;
  let denominator = normalizer - emi;
  if (denominator < 0) denominator = Math.min(denominator, -EPS);
  else denominator = Math.max(denominator, EPS);
  return (mi - emi) / denominator;
}
