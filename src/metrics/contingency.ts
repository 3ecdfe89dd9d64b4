/**
 * The contingency table of two labelings.
 *
 * @packageDocumentation
 */
import type { Matrix } from '../core/matrix.js';
import { contingencyOf } from './_labels.js';

/** A contingency table: `data[i * cols + j]` samples have class `classes[i]` and cluster `clusters[j]`. */
export interface ContingencyMatrix extends Matrix {
  /** The distinct labels of `labelsTrue` (rows), ascending. */
  readonly classes: Int32Array;
  /** The distinct labels of `labelsPred` (columns), ascending. */
  readonly clusters: Int32Array;
}

/**
 * Builds the contingency table (cross-tabulation) of two labelings: how many samples fall in each
 * (class, cluster) pair. scikit-learn's `contingency_matrix`.
 *
 * @remarks
 * Rows follow the distinct values of `labelsTrue` in ascending order, columns those of
 * `labelsPred`; noise (-1) is an ordinary label here, so it gets its own row or column (first,
 * being the smallest). O(n + r c) time and O(r c) memory for the dense result: with very many
 * distinct labels prefer the scores, which count only the non-zero cells.
 *
 * @param labelsTrue - reference labels (integers >= -1), one per sample
 * @param labelsPred - labels to compare, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { contingencyMatrix } from 'segmentkit';
 * const c = contingencyMatrix([0, 0, 1, 1], [1, 1, 1, 0]);
 * console.log(c.rows, c.cols, Array.from(c.data)); // 2 2 [0, 2, 1, 1]
 * ```
 */
export function contingencyMatrix(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): ContingencyMatrix {
  const s = contingencyOf('contingencyMatrix', labelsTrue, labelsPred);
  const rows = s.classes.length;
  const cols = s.clusters.length;
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < s.values.length; t++) data[(s.rowIdx[t] as number) * cols + (s.colIdx[t] as number)] = s.values[t] as number;
  return { rows, cols, data, classes: s.classes, clusters: s.clusters };
}
