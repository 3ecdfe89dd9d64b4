/**
 * The Fowlkes-Mallows index.
 *
 * @packageDocumentation
 */
import { contingencyOf } from './_labels.js';

/**
 * The Fowlkes-Mallows index: the geometric mean of pairwise precision and recall,
 * TP / sqrt((TP + FP)(TP + FN)). scikit-learn's `fowlkes_mallows_score`.
 *
 * @remarks
 * In [0, 1]; 1 for identical partitions; 0 when no pair is together in both labelings (including
 * empty input, as scikit-learn). Symmetric; noise (-1) is an ordinary label. O(n log n) at worst.
 * Reference: E. B. Fowlkes and C. L. Mallows (1983), "A method for comparing two hierarchical
 * clusterings", JASA 78.
 *
 * @param labelsTrue - reference labels (integers >= -1)
 * @param labelsPred - labels to compare, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { fowlkesMallowsScore } from 'segmentkit';
 * console.log(fowlkesMallowsScore([0, 0, 1, 1], [1, 1, 0, 0])); // 1
 * console.log(fowlkesMallowsScore([0, 0, 0, 0], [0, 1, 2, 3])); // 0
 * ```
 */
export function fowlkesMallowsScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const s = contingencyOf('fowlkesMallowsScore', labelsTrue, labelsPred);
  const n = s.n;
  let tk = -n;
  for (let t = 0; t < s.values.length; t++) tk += (s.values[t] as number) ** 2;
  let pk = -n;
  for (let t = 0; t < s.colSums.length; t++) pk += (s.colSums[t] as number) ** 2;
  let qk = -n;
  for (let t = 0; t < s.rowSums.length; t++) qk += (s.rowSums[t] as number) ** 2;
  return tk !== 0 ? Math.sqrt(tk / pk) * Math.sqrt(tk / qk) : 0;
}
