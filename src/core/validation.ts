/**
 * Input validation at the public boundary. Kernels behind it assume finite, row-major input.
 *
 * @packageDocumentation
 */
import { ValidationError } from './errors.js';
import { isMatrix, isMatrixLike, type Matrix, type MatrixInput } from './matrix.js';
import { formatValue, messages } from './messages.js';

/** How {@link validateMatrix} checks its input. */
export interface ValidateMatrixOptions {
  /** Estimator or function name used in messages. */
  readonly estimator: string;
  /** Name of the input in messages. @defaultValue 'X' */
  readonly input?: string;
  /** Accept NaN (and `null` in nested arrays, read as NaN) as missing values. @defaultValue false */
  readonly allowNaN?: boolean;
  /** Accept +Infinity and -Infinity (e.g. forbidden cells of a cost matrix). @defaultValue false */
  readonly allowInfinity?: boolean;
  /** Fewest rows accepted. @defaultValue 1 */
  readonly minSamples?: number;
  /** Fewest columns accepted. @defaultValue 1 */
  readonly minFeatures?: number;
  /** Exact number of columns required (the `nFeaturesIn` seen in fit). */
  readonly nFeatures?: number;
}

/**
 * Checks and converts 2-D input into a {@link Matrix}.
 *
 * @remarks
 * Nested arrays and ml-matrix matrices are copied into a fresh Float64Array; a Matrix is returned
 * as is (no copy), so callers must treat the result as read-only. One pass over the data, O(n d).
 *
 * @throws {@link ValidationError} for 1-D, ragged, empty, non-numeric or non-finite input, or the
 *   wrong number of columns; the message names the row and column of a bad cell.
 * @example
 * ```ts
 * import { validateMatrix } from 'segmentkit';
 * const X = validateMatrix([[1, 2], [3, 4]], { estimator: 'Example' });
 * console.log(X.rows, X.cols); // 2 2
 * ```
 */
export function validateMatrix(input: MatrixInput | unknown, options: ValidateMatrixOptions): Matrix {
  const name = options.input ?? 'X';
  const m = toMatrixUnchecked(input, options.estimator, name, options.allowNaN ?? false);
  checkShape(m, options, name);
  checkFinite(m, options, name);
  return m;
}

function checkShape(m: Matrix, options: ValidateMatrixOptions, name: string): void {
  const minSamples = options.minSamples ?? 1;
  const minFeatures = options.minFeatures ?? 1;
  if (m.rows < minSamples) {
    throw new ValidationError(messages.tooFewSamples(options.estimator, name, m.rows, m.cols, minSamples));
  }
  if (m.cols < minFeatures) {
    throw new ValidationError(messages.tooFewFeatures(options.estimator, name, m.rows, m.cols, minFeatures));
  }
  if (options.nFeatures !== undefined && m.cols !== options.nFeatures) {
    throw new ValidationError(messages.featureCount(options.estimator, name, m.cols, options.nFeatures));
  }
}

function checkFinite(m: Matrix, options: ValidateMatrixOptions, name: string): void {
  const { data, cols } = m;
  const allowNaN = options.allowNaN ?? false;
  const allowInfinity = options.allowInfinity ?? false;
  for (let k = 0; k < data.length; k++) {
    const v = data[k] as number;
    // v - v is 0 for finite v and NaN for NaN and +-Infinity: one branch per cell on the fast path.
    if (v - v !== 0 && !(allowNaN && Number.isNaN(v)) && !(allowInfinity && (v === Infinity || v === -Infinity))) {
      const row = Math.floor(k / cols);
      const column = k - row * cols;
      throw new ValidationError(messages.nonFinite(options.estimator, name, row, column, v), { row, column });
    }
  }
}

function describeNonMatrix(input: unknown): string {
  if (Array.isArray(input) || ArrayBuffer.isView(input)) return 'a 1-D array';
  return formatValue(input);
}

function toMatrixUnchecked(input: unknown, estimator: string, name: string, allowNull: boolean): Matrix {
  if (isMatrix(input)) return input;
  if (isMatrixLike(input)) {
    const rows = input.rows;
    const cols = input.columns;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = input.get(i, j);
    return { rows, cols, data };
  }
  if (!Array.isArray(input)) throw new ValidationError(messages.notTwoD(estimator, name, describeNonMatrix(input)));
  const rows = input.length;
  if (rows === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  const first: unknown = input[0];
  if (!Array.isArray(first) && !(first instanceof Float64Array)) {
    throw new ValidationError(messages.notTwoD(estimator, name, 'a 1-D array'));
  }
  const cols = (first as ArrayLike<unknown>).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r: unknown = input[i];
    if (r instanceof Float64Array) {
      if (r.length !== cols) throw new ValidationError(messages.ragged(estimator, name, i, r.length, cols), { row: i });
      data.set(r, i * cols);
      continue;
    }
    if (!Array.isArray(r)) throw new ValidationError(messages.notTwoD(estimator, name, `row ${i} = ${formatValue(r)}`), { row: i });
    if (r.length !== cols) throw new ValidationError(messages.ragged(estimator, name, i, r.length, cols), { row: i });
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v: unknown = r[j];
      if (typeof v === 'number') data[base + j] = v;
      else if (v === null && allowNull) data[base + j] = NaN;
      else throw new ValidationError(messages.notNumber(estimator, name, i, j, v), { row: i, column: j });
    }
  }
  return { rows, cols, data };
}

/**
 * Checks optional per-sample weights: length n, finite, non-negative, positive sum.
 * Returns a fresh Float64Array of ones when `weights` is undefined.
 *
 * @throws {@link ValidationError} naming the first bad weight.
 * @example
 * ```ts
 * import { validateSampleWeight } from 'segmentkit';
 * console.log(Array.from(validateSampleWeight(undefined, 2, 'Example'))); // [1, 1]
 * ```
 */
export function validateSampleWeight(weights: ArrayLike<number> | undefined, n: number, estimator: string): Float64Array {
  if (weights === undefined) return new Float64Array(n).fill(1);
  if (weights.length !== n) throw new ValidationError(messages.lengthMismatch(estimator, 'sampleWeight', weights.length, n));
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (typeof w !== 'number' || !(w >= 0) || w === Infinity) {
      throw new ValidationError(messages.badSampleWeight(estimator, i, w), { row: i });
    }
    out[i] = w;
    sum += w;
  }
  if (!(sum > 0)) throw new ValidationError(messages.zeroSampleWeight(estimator));
  return out;
}

/**
 * Checks a label vector: integers (-1 = noise), one per sample. Returns an Int32Array copy.
 *
 * @throws {@link ValidationError} naming the first bad label or the length mismatch.
 * @example
 * ```ts
 * import { validateLabels } from 'segmentkit';
 * console.log(Array.from(validateLabels([0, 1, -1], 3, 'Example'))); // [0, 1, -1]
 * ```
 */
export function validateLabels(labels: ArrayLike<number> | unknown, n: number | undefined, estimator: string, what = 'labels'): Int32Array {
  if (typeof labels !== 'object' || labels === null || typeof (labels as ArrayLike<number>).length !== 'number') {
    throw new ValidationError(`${estimator} expected ${what} as an array of integers, got ${formatValue(labels)} instead.`);
  }
  const arr = labels as ArrayLike<unknown>;
  if (n !== undefined && arr.length !== n) throw new ValidationError(messages.lengthMismatch(estimator, what, arr.length, n));
  const out = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -1 || v > 0x7fffffff) {
      throw new ValidationError(messages.badLabels(estimator, i, v), { row: i });
    }
    out[i] = v;
  }
  return out;
}
