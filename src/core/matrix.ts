/**
 * The dense matrix type every estimator works on, and conversions from the forms users have.
 *
 * @packageDocumentation
 */

/**
 * A dense row-major matrix of float64 values: cell (i, j) is `data[i * cols + j]`.
 *
 * @remarks
 * A plain object rather than a class, so it crosses worker and JSON boundaries unchanged and any
 * typed array can be wrapped without a copy. Estimators never mutate a Matrix they are given.
 */
export interface Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values, row after row (length rows * cols). */
  readonly data: Float64Array;
}

/**
 * The structural part of an ml-matrix `Matrix` (or any matrix class with the same accessors) that
 * segmentkit reads. Declared here so the core does not depend on ml-matrix's types.
 */
export interface MatrixLike {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly columns: number;
  /** Value at (row, column). */
  get(row: number, column: number): number;
}

/** Every form of 2-D numeric input the public methods accept. */
export type MatrixInput = Matrix | readonly (readonly number[])[] | readonly Float64Array[] | MatrixLike;

/**
 * Creates a matrix of zeros, or wraps existing row-major data (no copy).
 *
 * @param rows - number of rows
 * @param cols - number of columns
 * @param data - optional row-major data of length rows * cols; wrapped, not copied
 * @throws RangeError when `data` has the wrong length
 * @example
 * ```ts
 * import { matrix } from 'segmentkit';
 * const m = matrix(2, 2, new Float64Array([1, 2, 3, 4]));
 * console.log(m.data[1 * 2 + 0]); // 3
 * ```
 */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data !== undefined && data.length !== rows * cols) {
    throw new RangeError(`matrix(${rows}, ${cols}) needs data of length ${rows * cols}, got ${data.length}.`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** True when `value` has the shape of a segmentkit {@link Matrix}. */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Matrix>;
  return (
    m.data instanceof Float64Array &&
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    (m.rows as number) >= 0 &&
    (m.cols as number) >= 0 &&
    m.data.length === (m.rows as number) * (m.cols as number)
  );
}

/** True when `value` looks like an ml-matrix `Matrix` (rows, columns, get). */
export function isMatrixLike(value: unknown): value is MatrixLike {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<MatrixLike>;
  return typeof m.rows === 'number' && typeof m.columns === 'number' && typeof m.get === 'function';
}

/**
 * Converts a Matrix back to nested arrays (a copy).
 *
 * @example
 * ```ts
 * import { matrix, toRows } from 'segmentkit';
 * console.log(toRows(matrix(1, 2, new Float64Array([5, 6])))); // [[5, 6]]
 * ```
 */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/**
 * Returns row `i` of a matrix as a view (no copy). Writing into the view writes into the matrix.
 *
 * @example
 * ```ts
 * import { matrix, row } from 'segmentkit';
 * console.log(Array.from(row(matrix(2, 2, new Float64Array([1, 2, 3, 4])), 1))); // [3, 4]
 * ```
 */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/**
 * Copies a matrix, so the copy can be written without touching the original.
 *
 * @example
 * ```ts
 * import { matrix, copyMatrix } from 'segmentkit';
 * const a = matrix(1, 1, new Float64Array([1]));
 * const b = copyMatrix(a); b.data[0] = 2;
 * console.log(a.data[0]); // 1
 * ```
 */
export function copyMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/**
 * Selects rows by index into a new matrix.
 *
 * @example
 * ```ts
 * import { matrix, takeRows } from 'segmentkit';
 * const m = matrix(3, 1, new Float64Array([10, 20, 30]));
 * console.log(Array.from(takeRows(m, [2, 0]).data)); // [30, 10]
 * ```
 */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r] as number;
    out.set(m.data.subarray(src * m.cols, (src + 1) * m.cols), r * m.cols);
  }
  return { rows: indices.length, cols: m.cols, data: out };
}
