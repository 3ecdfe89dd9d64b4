/**
 * Private minimum-spanning-tree kernels: Prim's algorithm on distances computed on the fly, for
 * single linkage (Gower and Ross 1969) and for HDBSCAN's mutual reachability graph.
 *
 * @internal
 * @packageDocumentation
 */
import { manhattan, rowNorms, type DistanceMetric } from '../linalg/distances.js';

/** An MST as parallel edge arrays, in the order Prim's algorithm adds the edges. */
export interface SpanningTree {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
}

/**
 * Prim's MST of the complete graph on the rows of X with edge weights `metric(x_i, x_j)`, or, when
 * `core` is given, the mutual reachability distance max(core_i, core_j, metric(x_i, x_j) / alpha).
 *
 * @remarks
 * O(n^2 d) time and O(n) extra memory: no distance matrix is stored. The scan order and the strict
 * comparisons are those of scipy's `mst_single_linkage` and scikit-learn's `mst_linkage_core`
 * (start at row 0, ties to the lowest row), so the same MST comes out. For 'cosine', X must have
 * no all-zero row.
 */
export function primMst(
  X: Float64Array,
  n: number,
  d: number,
  metric: DistanceMetric,
  core?: Float64Array,
  alpha = 1,
  signalCheck?: () => void,
): SpanningTree {
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  const best = new Float64Array(n).fill(Infinity);
  // Rows not yet in the tree, ascending (so ties go to the lowest row, as scipy's full scan).
  const rest = new Int32Array(n);
  for (let i = 0; i < n; i++) rest[i] = i;
  let nRest = n;
  const norms = metric === 'cosine' ? rowNorms(X, n, d) : undefined;
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    // Remove x from the rest, keeping order.
    let pos = 0;
    while ((rest[pos] as number) !== x) pos++;
    rest.copyWithin(pos, pos + 1, nRest);
    nRest--;
    let y = -1;
    let currentMin = Infinity;
    const cx = core ? (core[x] as number) : 0;
    const xb = x * d;
    for (let a = 0; a < nRest; a++) {
      const i = rest[a] as number;
      let dist: number;
      if (metric === 'euclidean') {
        const ib = i * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = (X[xb + j] as number) - (X[ib + j] as number);
          s += t * t;
        }
        dist = Math.sqrt(s);
      } else if (metric === 'manhattan') {
        dist = manhattan(X, x, X, i, d);
      } else {
        const ib = i * d;
        let dot = 0;
        for (let j = 0; j < d; j++) dot += (X[xb + j] as number) * (X[ib + j] as number);
        let c = dot / (((norms as Float64Array)[x] as number) * ((norms as Float64Array)[i] as number));
        c = c > 1 ? 1 : c < -1 ? -1 : c;
        dist = 1 - c;
      }
      if (core) {
        if (alpha !== 1) dist /= alpha;
        const ci = core[i] as number;
        if (cx > dist) dist = cx;
        if (ci > dist) dist = ci;
      }
      if (dist < (best[i] as number)) best[i] = dist;
      if ((best[i] as number) < currentMin) {
        currentMin = best[i] as number;
        y = i;
      }
    }
    if (y < 0) {
      // Every remaining distance is +Infinity (cannot happen on finite data): take the first row.
      y = rest[0] as number;
    }
    from[k] = x;
    to[k] = y;
    weight[k] = currentMin;
    x = y;
    if (signalCheck && (k & 1023) === 0) signalCheck();
  }
  return { from, to, weight };
}
