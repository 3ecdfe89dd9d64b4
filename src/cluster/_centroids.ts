/**
 * Private helpers shared by the centroid clusterers (KMeans, MiniBatchKMeans, BisectingKMeans).
 *
 * @packageDocumentation
 */
import { SerializationError } from '../core/errors.js';
import { takeRows, type Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import type { WarningCollector } from '../core/warnings.js';
import { centerDistances, nearestCenters } from './_kmeans-kernels.js';

/** Rows `idx` of a row-major array of width d. */
export function gatherRows(a: Float64Array, d: number, idx: Int32Array): Float64Array {
  return takeRows({ rows: a.length / d, cols: d, data: a }, idx).data;
}

/** Euclidean distance of each row of X to each centre (n x k), as the centroid clusterers' `transform`. O(n k d). */
export function distancesToCenters(X: Matrix, centers: Matrix): Matrix {
  const k = centers.rows;
  return { rows: X.rows, cols: k, data: centerDistances(X.data, X.rows, X.cols, centers.data, k) };
}

/** Nearest centre of each row and the weighted sum of the squared distances to it (the inertia). O(n k d). */
export function weightedNearest(X: Float64Array, w: Float64Array, n: number, d: number, centers: Float64Array, k: number): { labels: Int32Array; inertia: number } {
  const dist = new Float64Array(n);
  const labels = nearestCenters(X, n, d, centers, k, dist);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += (w[i] as number) * (dist[i] as number);
  return { labels, inertia };
}

/** Warns FEWER_CLUSTERS when `labels` use fewer than k distinct clusters. */
export function warnFewerClusters(warnings: WarningCollector, estimator: string, labels: Int32Array, k: number): void {
  // One flag per cluster: a Set of n labels costs about 30 ms at a million rows.
  const seen = new Uint8Array(k);
  let distinct = 0;
  for (let i = 0; i < labels.length && distinct < k; i++) {
    const c = labels[i] as number;
    if (c >= 0 && c < k && seen[c] === 0) {
      seen[c] = 1;
      distinct++;
    }
  }
  if (distinct < k) warnings.warn('FEWER_CLUSTERS', messages.warnings.fewerClusters(estimator, distinct, k));
}

/**
 * Checks that loaded centres are k x d.
 *
 * @throws {@link SerializationError} naming both shapes
 */
export function checkCenters(estimator: string, centers: Matrix, k: number, d: number): void {
  if (centers.cols !== d || centers.rows !== k) {
    throw new SerializationError(messages.serialization.inconsistent(estimator, `clusterCenters is ${centers.rows} x ${centers.cols}, expected ${k} x ${d}.`));
  }
}

/**
 * Checks that loaded training labels are cluster indices in [0, k).
 *
 * @throws {@link SerializationError} naming the first bad label
 */
export function checkLabels(estimator: string, labels: Int32Array, k: number): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    if (l < 0 || l >= k) throw new SerializationError(messages.serialization.inconsistent(estimator, `labels[${i}] = ${l} is not a cluster index.`));
  }
}
