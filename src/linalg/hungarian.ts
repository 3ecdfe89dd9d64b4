/**
 * The linear sum assignment problem (the Hungarian problem) on rectangular cost matrices.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { validateMatrix } from '../core/validation.js';

/** Options of {@link linearSumAssignment}. */
export interface LinearSumAssignmentOptions {
  /** Find the assignment of largest total instead of smallest. @defaultValue false */
  readonly maximize?: boolean;
}

/** An optimal assignment: row `rowInd[t]` is matched with column `colInd[t]`. */
export interface LinearSumAssignmentResult {
  /** Matched rows, ascending (every row when rows <= columns). */
  readonly rowInd: Int32Array;
  /** The column matched with each entry of `rowInd`. */
  readonly colInd: Int32Array;
  /** Sum of the matched costs. */
  readonly cost: number;
}

const FN = 'linearSumAssignment';

/**
 * Solves the linear sum assignment problem: match every row of an r x c cost matrix with a distinct
 * column (or every column with a distinct row when r > c) so that the total cost is smallest (or
 * largest with `maximize`). scipy's `linear_sum_assignment`.
 *
 * @remarks
 * The shortest augmenting path algorithm (Jonker-Volgenant style, as in Crouse 2016 and scipy):
 * one Dijkstra-like search per row over reduced costs with dual variables, O(r^2 c) time for
 * r <= c (O(n^3) when square) and O(r + c) extra memory besides one copy of the costs. A tall
 * matrix is solved transposed. `+Infinity` (`-Infinity` with `maximize`) forbids a cell.
 * Tie-breaking follows scipy's implementation, so a constant matrix gives the identity matching.
 * Reference: D. F. Crouse (2016), "On implementing 2D rectangular assignment algorithms",
 * IEEE Transactions on Aerospace and Electronic Systems 52(4).
 *
 * @param cost - the r x c cost matrix (nested arrays or a Matrix); not modified
 * @param options - see {@link LinearSumAssignmentOptions}
 * @throws {@link ValidationError} for a non 2-D input, NaN or a -Infinity cost (+Infinity with
 *   `maximize`), or when no complete assignment avoids the forbidden cells.
 * @example
 * ```ts
 * import { linearSumAssignment } from 'segmentkit';
 * const { rowInd, colInd, cost } = linearSumAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]);
 * console.log(Array.from(rowInd), Array.from(colInd), cost); // [0, 1, 2] [1, 0, 2] 5
 * ```
 */
export function linearSumAssignment(cost: MatrixInput, options: LinearSumAssignmentOptions = {}): LinearSumAssignmentResult {
  const maximize = options.maximize ?? false;
  const m = validateMatrix(cost, { estimator: FN, input: 'cost', allowNaN: true, allowInfinity: true, minSamples: 0, minFeatures: 0 });
  const forbidden = maximize ? '-Infinity' : '+Infinity';
  const { rows, cols, data } = m;
  for (let t = 0; t < data.length; t++) {
    const v = data[t] as number;
    if (Number.isNaN(v) || v === (maximize ? Infinity : -Infinity)) {
      const row = Math.floor(t / cols);
      throw new ValidationError(messages.metrics.invalidEntries(FN, row, t - row * cols, v, forbidden), { row, column: t - row * cols });
    }
  }
  if (rows === 0 || cols === 0) return { rowInd: new Int32Array(0), colInd: new Int32Array(0), cost: 0 };
  const transpose = cols < rows;
  const nr = transpose ? cols : rows;
  const nc = transpose ? rows : cols;
  const c = new Float64Array(nr * nc);
  const sign = maximize ? -1 : 1;
  if (transpose) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) c[j * nc + i] = sign * (data[i * cols + j] as number);
  } else {
    for (let t = 0; t < c.length; t++) c[t] = sign * (data[t] as number);
  }
  const col4row = solveAssignment(nr, nc, c);
  if (col4row === null) throw new ValidationError(messages.metrics.infeasible(FN, forbidden));

  const rowInd = new Int32Array(nr);
  const colInd = new Int32Array(nr);
  if (transpose) {
    // Rows of the original are the columns of the transposed problem: report them in ascending order.
    const order = Array.from({ length: nr }, (_, t) => t).sort((a, b) => (col4row[a] as number) - (col4row[b] as number));
    for (let t = 0; t < nr; t++) {
      const r = order[t] as number;
      rowInd[t] = col4row[r] as number;
      colInd[t] = r;
    }
  } else {
    for (let t = 0; t < nr; t++) {
      rowInd[t] = t;
      colInd[t] = col4row[t] as number;
    }
  }
  let total = 0;
  for (let t = 0; t < nr; t++) total += data[(rowInd[t] as number) * cols + (colInd[t] as number)] as number;
  return { rowInd, colInd, cost: total };
}

/**
 * Shortest augmenting path kernel behind {@link linearSumAssignment}, for nr <= nc on a row-major
 * nr x nc array of finite or +Infinity costs (minimised). Returns the column of each row, or null
 * when infeasible. No checks: callers validate.
 *
 * @remarks O(nr^2 nc) time, O(nr + nc) memory.
 */
export function solveAssignment(nr: number, nc: number, cost: Float64Array): Int32Array | null {
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const shortest = new Float64Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const SR = new Uint8Array(nr);
  const SC = new Uint8Array(nc);
  const remaining = new Int32Array(nc);

  for (let curRow = 0; curRow < nr; curRow++) {
    // Dijkstra over reduced costs from curRow until a free column (the sink) is reached.
    let numRemaining = nc;
    // Filled in reverse so that a constant matrix yields the identity matching (as scipy).
    for (let it = 0; it < nc; it++) remaining[it] = nc - it - 1;
    SR.fill(0);
    SC.fill(0);
    shortest.fill(Infinity);
    let minVal = 0;
    let i = curRow;
    let sink = -1;
    while (sink === -1) {
      let index = -1;
      let lowest = Infinity;
      SR[i] = 1;
      const base = i * nc;
      const ui = u[i] as number;
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it] as number;
        const r = minVal + (cost[base + j] as number) - ui - (v[j] as number);
        if (r < (shortest[j] as number)) {
          path[j] = i;
          shortest[j] = r;
        }
        const sj = shortest[j] as number;
        // On ties prefer a column that ends the path (important for small integer costs).
        if (sj < lowest || (sj === lowest && row4col[j] === -1)) {
          lowest = sj;
          index = it;
        }
      }
      minVal = lowest;
      if (minVal === Infinity || index < 0) return null;
      const j = remaining[index] as number;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j] as number;
      SC[j] = 1;
      remaining[index] = remaining[--numRemaining] as number;
    }

    // Update the dual variables.
    u[curRow] = (u[curRow] as number) + minVal;
    for (let r = 0; r < nr; r++) {
      if (SR[r] === 1 && r !== curRow) u[r] = (u[r] as number) + minVal - (shortest[col4row[r] as number] as number);
    }
    for (let j = 0; j < nc; j++) {
      if (SC[j] === 1) v[j] = (v[j] as number) - (minVal - (shortest[j] as number));
    }

    // Augment along the path back to curRow.
    let j = sink;
    for (;;) {
      const r = path[j] as number;
      row4col[j] = r;
      const prev = col4row[r] as number;
      col4row[r] = j;
      j = prev;
      if (r === curRow) break;
    }
  }
  return col4row;
}
