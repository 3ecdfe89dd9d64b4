/**
 * Pair-counting indices: the Rand index, the adjusted Rand index and the pair confusion matrix.
 *
 * @packageDocumentation
 */
import type { SparseContingency } from './_labels.js';
import { contingencyOf } from './_labels.js';

/** The four pair counts of two labelings, as integers (exact below 2^53). */
interface PairCounts {
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly tp: number;
}

function pairCounts(s: SparseContingency): PairCounts {
  const n = s.n;
  let sumSquares = 0;
  let rowDot = 0;
  let colDot = 0;
  for (let t = 0; t < s.values.length; t++) {
    const v = s.values[t] as number;
    sumSquares += v * v;
    colDot += v * (s.colSums[s.colIdx[t] as number] as number);
    rowDot += v * (s.rowSums[s.rowIdx[t] as number] as number);
  }
  const tp = sumSquares - n;
  const fp = colDot - sumSquares;
  const fn = rowDot - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  return { tn, fp, fn, tp };
}

/**
 * The pair confusion matrix `[[tn, fp], [fn, tp]]`: ordered pairs of distinct samples counted by
 * whether the two labelings put them together. scikit-learn's `pair_confusion_matrix`.
 *
 * @remarks
 * `tp` counts pairs together in both labelings, `fp` pairs together only in `labelsPred`, `fn`
 * pairs together only in `labelsTrue`, `tn` pairs apart in both; each unordered pair counts twice.
 * Computed from the non-zero cells of the contingency table, O(n log n) at worst. Noise (-1) is an
 * ordinary label. Reference: Hubert and Arabie (1985), "Comparing partitions".
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { pairConfusionMatrix } from 'segmentkit';
 * console.log(pairConfusionMatrix([0, 0, 1, 1], [0, 0, 1, 2])); // [[8, 0], [2, 2]]
 * ```
 */
export function pairConfusionMatrix(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): [[number, number], [number, number]] {
  const { tn, fp, fn, tp } = pairCounts(contingencyOf('pairConfusionMatrix', labelsTrue, labelsPred));
  return [
    [tn, fp],
    [fn, tp],
  ];
}

/**
 * The Rand index: the fraction of sample pairs on which two labelings agree (both together or
 * both apart). scikit-learn's `rand_score`.
 *
 * @remarks
 * In [0, 1]; 1 for identical partitions, and 1 by convention for empty or one-sample input.
 * Not corrected for chance (see {@link adjustedRandScore}). Symmetric, invariant under renaming
 * labels; noise (-1) is an ordinary label. O(n log n) at worst. Reference: Rand (1971).
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { randScore } from 'segmentkit';
 * console.log(randScore([0, 0, 1, 2], [0, 0, 1, 1])); // 0.8333333333333334
 * ```
 */
export function randScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const { tn, fp, fn, tp } = pairCounts(contingencyOf('randScore', labelsTrue, labelsPred));
  const numerator = tn + tp;
  const denominator = tn + fp + fn + tp;
  if (numerator === denominator || denominator === 0) return 1;
  return numerator / denominator;
}

/**
 * The adjusted Rand index (Hubert and Arabie 1985): the Rand index corrected for chance, so random
 * labelings score close to 0 and identical partitions exactly 1. scikit-learn's
 * `adjusted_rand_score`.
 *
 * @remarks
 * In [-0.5, 1]. Symmetric and invariant under renaming labels; noise (-1) is an ordinary label.
 * The pair counts are exact integers and the final formula is evaluated in BigInt, then rounded
 * once, as scikit-learn does with Python integers. 1 when both labelings agree on every pair
 * (including empty input, one sample, or both all-singletons). O(n log n) at worst, O(n) memory.
 * Reference: L. Hubert and P. Arabie (1985), "Comparing partitions", Journal of Classification 2.
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { adjustedRandScore } from 'segmentkit';
 * console.log(adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0])); // 1
 * console.log(adjustedRandScore([0, 0, 1, 1], [0, 1, 0, 1])); // -0.5
 * ```
 */
export function adjustedRandScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const { tn, fp, fn, tp } = pairCounts(contingencyOf('adjustedRandScore', labelsTrue, labelsPred));
  if (fn === 0 && fp === 0) return 1;
  const TN = BigInt(tn);
  const FP = BigInt(fp);
  const FN = BigInt(fn);
  const TP = BigInt(tp);
  const numerator = TP * TN - FN * FP;
  const denominator = (TP + FN) * (FN + TN) + (TP + FP) * (FP + TN);
  return (2 * Number(numerator)) / Number(denominator);
}
