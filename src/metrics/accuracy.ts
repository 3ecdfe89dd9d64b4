/**
 * Accuracy-style scores of a clustering against known classes: best-matching accuracy and purity.
 *
 * @packageDocumentation
 */
import { solveAssignment } from '../linalg/hungarian.js';
import { contingencyOf } from './_labels.js';

/**
 * Clustering accuracy: the fraction of samples labelled correctly under the best one-to-one
 * mapping of clusters to classes, found by the Hungarian algorithm. The "ACC" the deep-clustering
 * papers report (DEC, IDEC, ...).
 *
 * @remarks
 * Builds the r x c contingency table and solves a maximum-weight assignment on it (see
 * {@link linearSumAssignment}), O(n + r c min(r, c)) time and O(r c) memory. With more clusters
 * than classes (or the reverse) the extra ones stay unmatched and count as errors, so ACC rewards
 * the right number of clusters, unlike {@link purity}. Invariant under renaming labels; noise (-1)
 * is an ordinary cluster. Empty input gives 1, like the other scores' conventions.
 * Reference: J. Xie, R. Girshick and A. Farhadi (2016), "Unsupervised deep embedding for
 * clustering analysis", ICML (evaluation protocol).
 *
 * @param labelsTrue - class labels (integers >= -1)
 * @param labelsPred - cluster labels, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { clusteringAccuracy } from 'segmentkit';
 * console.log(clusteringAccuracy([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])); // 1
 * console.log(clusteringAccuracy([0, 0, 1, 1], [0, 0, 0, 1])); // 0.75
 * ```
 */
export function clusteringAccuracy(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const s = contingencyOf('clusteringAccuracy', labelsTrue, labelsPred);
  if (s.n === 0) return 1;
  const r = s.classes.length;
  const c = s.clusters.length;
  // Minimise minus the counts; the kernel wants rows <= columns, so put the smaller side on rows.
  const transpose = r > c;
  const nr = transpose ? c : r;
  const nc = transpose ? r : c;
  const cost = new Float64Array(nr * nc);
  for (let t = 0; t < s.values.length; t++) {
    const i = s.rowIdx[t] as number;
    const j = s.colIdx[t] as number;
    cost[transpose ? j * nc + i : i * nc + j] = -(s.values[t] as number);
  }
  const col4row = solveAssignment(nr, nc, cost) as Int32Array;
  let matched = 0;
  for (let i = 0; i < nr; i++) matched -= cost[i * nc + (col4row[i] as number)] as number;
  return matched / s.n;
}

/**
 * Purity: each cluster is credited with its most frequent class; the fraction of samples so
 * credited.
 *
 * @remarks
 * (1/n) sum over clusters of max over classes n_ij, O(n log n) at worst. In (0, 1]; it rises to 1
 * as the clusters get smaller (all singletons have purity 1), so compare it only between
 * clusterings with the same number of clusters, or use {@link clusteringAccuracy}. Noise (-1) is an
 * ordinary cluster. Empty input gives 1. Reference: Manning, Raghavan and Schutze (2008),
 * "Introduction to Information Retrieval", section 16.3.
 *
 * @param labelsTrue - class labels (integers >= -1)
 * @param labelsPred - cluster labels, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { purity } from 'segmentkit';
 * console.log(purity([0, 0, 1, 1], [0, 0, 0, 1])); // 0.75
 * ```
 */
export function purity(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  const s = contingencyOf('purity', labelsTrue, labelsPred);
  if (s.n === 0) return 1;
  const best = new Float64Array(s.clusters.length);
  for (let t = 0; t < s.values.length; t++) {
    const j = s.colIdx[t] as number;
    const v = s.values[t] as number;
    if (v > (best[j] as number)) best[j] = v;
  }
  let total = 0;
  for (let j = 0; j < best.length; j++) total += best[j] as number;
  return total / s.n;
}
