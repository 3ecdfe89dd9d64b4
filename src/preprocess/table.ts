/**
 * Tables: the column-oriented input of encoders, ColumnTransformer, rfm and describe. A table is an
 * array of records, an object of columns, an Arrow-like or arquero-like table, or a 2-D array of
 * cells; every form is read into the same {@link ColumnSet}.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { isMatrix, isMatrixLike, type Matrix } from '../core/matrix.js';
import { formatValue, messages } from '../core/messages.js';

/** One record (row) of a table: column name to cell value. */
export type TableRecord = Readonly<Record<string, unknown>>;

/** A table as rows: `[{ age: 31, city: 'Oslo' }, ...]`. Every record must have the same keys. */
export type RecordsTable = readonly TableRecord[];

/** One column of a table: any array-like of cells (plain array, typed array, Arrow vector...). */
export type Column = ArrayLike<unknown>;

/** A table as columns: `{ age: [31, 40], city: ['Oslo', 'Rome'] }`. Every column has the same length. */
export type ColumnsTable = Readonly<Record<string, Column>>;

/** The part of an Apache Arrow `Table` that segmentkit reads. */
export interface ArrowLikeTable {
  /** The column names, as Arrow's schema fields. */
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  /** A column by name, or null when absent. */
  getChild(name: string): {
    /** The column's values. */
    toArray(): ArrayLike<unknown>;
  } | null;
}

/** The part of an arquero `ColumnTable` that segmentkit reads. */
export interface ArqueroLikeTable {
  /** The column names, in order. */
  columnNames(): string[];
  /** A column's values by name. */
  array(name: string): ArrayLike<unknown>;
}

/** Any table form segmentkit accepts. */
export type Table = RecordsTable | ColumnsTable | ArrowLikeTable | ArqueroLikeTable;

/** A 2-D array of cells (rows of values); columns are named `x0, x1, ...`. */
export type CellRows = readonly (readonly unknown[])[];

/** What table-consuming estimators accept: a {@link Table}, {@link CellRows} or a numeric {@link Matrix}. */
export type TableInput = Table | CellRows | Matrix;

/** A table read into named columns. */
export interface ColumnSet {
  /** Column names, in table order. */
  readonly names: readonly string[];
  /** One array-like of cells per name. */
  readonly columns: readonly Column[];
  /** Number of rows. */
  readonly nRows: number;
  /** The form the table came in: named forms carry real column names. */
  readonly named: boolean;
  /** Position of each column in the original input (for messages), when a selection was read. */
  readonly positions?: readonly number[];
}

/** How {@link readTable} reads a table. */
export interface ReadTableOptions {
  /** Estimator or function name for messages. */
  readonly estimator: string;
  /** Name of the input in messages. @defaultValue 'X' */
  readonly input?: string;
  /** Only these columns, in this order (each must exist). Default: every column. */
  readonly columns?: readonly string[];
  /** Fewest rows accepted. @defaultValue 1 */
  readonly minRows?: number;
}

/**
 * True for `null`, `undefined` and `NaN`: the cells segmentkit reads as missing.
 *
 * @example
 * ```ts
 * import { isMissing } from 'segmentkit';
 * console.log(isMissing(null), isMissing(NaN), isMissing(0)); // true true false
 * ```
 */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

function isPlainRecord(value: unknown): value is TableRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isArrowLike(value: unknown): value is ArrowLikeTable {
  const v = value as Partial<ArrowLikeTable> | null;
  return typeof v === 'object' && v !== null && typeof v.getChild === 'function' && Array.isArray(v.schema?.fields);
}

function isArqueroLike(value: unknown): value is ArqueroLikeTable {
  const v = value as Partial<ArqueroLikeTable> | null;
  return typeof v === 'object' && v !== null && typeof v.columnNames === 'function' && typeof v.array === 'function';
}

function isArrayLikeColumn(value: unknown): value is Column {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * True when `value` is one of the {@link Table} forms (records, columns, Arrow-like, arquero-like).
 *
 * @example
 * ```ts
 * import { isTable } from 'segmentkit';
 * console.log(isTable([{ a: 1 }]), isTable({ a: [1, 2] }), isTable([[1, 2]])); // true true false
 * ```
 */
export function isTable(value: unknown): value is Table {
  if (Array.isArray(value)) return value.length > 0 && isPlainRecord(value[0]);
  if (isArrowLike(value) || isArqueroLike(value)) return true;
  if (isMatrix(value) || !isPlainRecord(value)) return false;
  const cols = Object.values(value);
  return cols.length > 0 && cols.every(isArrayLikeColumn);
}

function selectNames(all: readonly string[], wanted: readonly string[] | undefined, estimator: string, input: string): readonly string[] {
  if (wanted === undefined) return all;
  const have = new Set(all);
  for (const c of wanted) if (!have.has(c)) throw new ValidationError(messages.preprocess.absentColumn(estimator, input, c, all));
  return wanted;
}

function positionsOf(all: readonly string[], selected: readonly string[]): number[] {
  const at = new Map(all.map((n, j) => [n, j]));
  return selected.map((n) => at.get(n) ?? -1);
}

function checkRows(nRows: number, names: readonly string[], options: ReadTableOptions, input: string): void {
  if (nRows < (options.minRows ?? 1)) throw new ValidationError(messages.preprocess.emptyTable(options.estimator, input));
  if (names.length === 0) throw new ValidationError(messages.preprocess.noColumns(options.estimator, input));
}

function fromRecords(records: readonly unknown[], options: ReadTableOptions, input: string): ColumnSet {
  const { estimator } = options;
  const first = records[0];
  if (!isPlainRecord(first)) throw new ValidationError(messages.preprocess.notRecord(estimator, input, 0, first), { row: 0 });
  const names = selectNames(Object.keys(first), options.columns, estimator, input);
  const n = records.length;
  const columns: unknown[][] = names.map(() => new Array<unknown>(n));
  for (let i = 0; i < n; i++) {
    const rec = records[i];
    if (!isPlainRecord(rec)) throw new ValidationError(messages.preprocess.notRecord(estimator, input, i, rec), { row: i });
    for (let j = 0; j < names.length; j++) {
      const name = names[j] as string;
      const v = rec[name];
      if (v === undefined && !Object.prototype.hasOwnProperty.call(rec, name)) {
        throw new ValidationError(messages.preprocess.missingColumn(estimator, input, name, i), { row: i, column: j });
      }
      (columns[j] as unknown[])[i] = v;
    }
  }
  return { names, columns, nRows: n, named: true, positions: positionsOf(Object.keys(first), names) };
}

function fromNamedColumns(names: readonly string[], get: (name: string) => Column, options: ReadTableOptions, input: string): ColumnSet {
  const selected = selectNames(names, options.columns, options.estimator, input);
  const columns = selected.map(get);
  const n = columns.length > 0 ? (columns[0] as Column).length : 0;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j] as Column;
    if (!c || typeof c.length !== 'number') {
      throw new ValidationError(messages.preprocess.notTable(options.estimator, input, `column '${selected[j] as string}' = ${formatValue(c)}`));
    }
    if (c.length !== n) {
      throw new ValidationError(messages.preprocess.columnLength(options.estimator, input, selected[j] as string, c.length, n), { column: j });
    }
  }
  return { names: selected, columns, nRows: n, named: true, positions: positionsOf(names, selected) };
}

function fromCellRows(rows: readonly unknown[], options: ReadTableOptions, input: string): ColumnSet {
  const { estimator } = options;
  const first = rows[0] as ArrayLike<unknown>;
  const d = first.length;
  const all = Array.from({ length: d }, (_, j) => `x${j}`);
  const names = selectNames(all, options.columns, estimator, input);
  const idx = names.map((nm) => Number(nm.slice(1)));
  const n = rows.length;
  const columns: unknown[][] = names.map(() => new Array<unknown>(n));
  for (let i = 0; i < n; i++) {
    const r = rows[i] as ArrayLike<unknown> | undefined;
    if (!isArrayLikeColumn(r)) throw new ValidationError(messages.notTwoD(estimator, input, `row ${i} = ${formatValue(r)}`), { row: i });
    if (r.length !== d) throw new ValidationError(messages.ragged(estimator, input, i, r.length, d), { row: i });
    for (let j = 0; j < idx.length; j++) (columns[j] as unknown[])[i] = r[idx[j] as number];
  }
  return { names, columns, nRows: n, named: false, positions: idx };
}

function fromMatrix(m: Matrix, options: ReadTableOptions, input: string): ColumnSet {
  const all = Array.from({ length: m.cols }, (_, j) => `x${j}`);
  const names = selectNames(all, options.columns, options.estimator, input);
  const columns = names.map((nm) => {
    const j = Number(nm.slice(1));
    const c = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) c[i] = m.data[i * m.cols + j] as number;
    return c;
  });
  return { names, columns, nRows: m.rows, named: false, positions: names.map((nm) => Number(nm.slice(1))) };
}

/**
 * Reads any table form into named columns, checking shape as it goes.
 *
 * @remarks
 * Records are transposed once (O(n d)); columns, Arrow and arquero tables are referenced without a
 * copy. 2-D arrays and matrices get scikit-learn's default names `x0, x1, ...`.
 *
 * @throws {@link ValidationError} for an empty table, a record without one of the columns (naming
 *   the column and the record), columns of different lengths, ragged rows, or an absent column.
 * @example
 * ```ts
 * import { readTable } from 'segmentkit';
 * const t = readTable([{ a: 1, b: 'x' }, { a: 2, b: 'y' }], { estimator: 'Example' });
 * console.log(t.names, t.nRows); // ['a', 'b'] 2
 * ```
 */
export function readTable(table: TableInput | unknown, options: ReadTableOptions): ColumnSet {
  const input = options.input ?? 'X';
  let set: ColumnSet;
  if (isMatrix(table)) set = fromMatrix(table, options, input);
  else if (isMatrixLike(table)) {
    const m = table;
    const data = new Float64Array(m.rows * m.columns);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) data[i * m.columns + j] = m.get(i, j);
    set = fromMatrix({ rows: m.rows, cols: m.columns, data }, options, input);
  } else if (Array.isArray(table)) {
    if (table.length === 0) throw new ValidationError(messages.preprocess.emptyTable(options.estimator, input));
    const first: unknown = table[0];
    if (isArrayLikeColumn(first)) set = fromCellRows(table, options, input);
    else if (isPlainRecord(first)) set = fromRecords(table, options, input);
    else throw new ValidationError(messages.preprocess.notTable(options.estimator, input, `an array whose first element is ${formatValue(first)}`));
  } else if (isArrowLike(table)) {
    const t = table;
    set = fromNamedColumns(t.schema.fields.map((f) => f.name), (nm) => t.getChild(nm)?.toArray() ?? (undefined as unknown as Column), options, input);
  } else if (isArqueroLike(table)) {
    const t = table;
    set = fromNamedColumns(t.columnNames(), (nm) => t.array(nm), options, input);
  } else if (isPlainRecord(table)) {
    const t = table as Record<string, unknown>;
    set = fromNamedColumns(Object.keys(t), (nm) => t[nm] as Column, options, input);
  } else {
    throw new ValidationError(messages.preprocess.notTable(options.estimator, input, formatValue(table)));
  }
  checkRows(set.nRows, set.names, options, input);
  return set;
}

/**
 * Reads one column as numbers: missing cells (null, undefined, NaN) become NaN when allowed.
 *
 * @throws {@link ValidationError} naming the column and row of the first non-numeric cell (a
 *   string in a numeric column, a boolean...), or of the first missing cell when not allowed.
 * @example
 * ```ts
 * import { numericColumn } from 'segmentkit';
 * console.log(Array.from(numericColumn([1, null, 3], { estimator: 'Example', column: 'a', allowMissing: true }))); // [1, NaN, 3]
 * ```
 */
export function numericColumn(values: Column, options: { estimator: string; column: string; columnIndex?: number; allowMissing?: boolean }): Float64Array {
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v - v === 0) continue;
      if (!Number.isNaN(v)) throw new ValidationError(messages.nonFinite(options.estimator, `column '${options.column}'`, i, options.columnIndex ?? 0, v), { row: i, column: options.columnIndex });
      if (!options.allowMissing) throw new ValidationError(messages.preprocess.missingCell(options.estimator, options.column, i, options.columnIndex), { row: i, column: options.columnIndex });
    }
    return values;
  }
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number' && !Number.isNaN(v)) {
      if (v === Infinity || v === -Infinity) {
        throw new ValidationError(messages.nonFinite(options.estimator, `column '${options.column}'`, i, options.columnIndex ?? 0, v), { row: i, column: options.columnIndex });
      }
      out[i] = v;
    } else if (isMissing(v)) {
      if (!options.allowMissing) throw new ValidationError(messages.preprocess.missingCell(options.estimator, options.column, i, options.columnIndex), { row: i, column: options.columnIndex });
      out[i] = NaN;
    } else {
      throw new ValidationError(messages.preprocess.notNumericCell(options.estimator, options.column, i, v, options.columnIndex), { row: i, column: options.columnIndex });
    }
  }
  return out;
}

/**
 * Reads the columns of a {@link ColumnSet} into a numeric matrix (missing cells as NaN when allowed).
 *
 * @throws {@link ValidationError} as {@link numericColumn}.
 * @example
 * ```ts
 * import { readTable, tableToMatrix } from 'segmentkit';
 * const m = tableToMatrix(readTable({ a: [1, 2], b: [3, 4] }, { estimator: 'Example' }), { estimator: 'Example' });
 * console.log(Array.from(m.data)); // [1, 3, 2, 4]
 * ```
 */
export function tableToMatrix(set: ColumnSet, options: { estimator: string; allowMissing?: boolean }): Matrix {
  const d = set.names.length;
  const n = set.nRows;
  const data = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const col = numericColumn(set.columns[j] as Column, { estimator: options.estimator, column: set.names[j] as string, columnIndex: set.positions?.[j] ?? j, allowMissing: options.allowMissing });
    for (let i = 0; i < n; i++) data[i * d + j] = col[i] as number;
  }
  return { rows: n, cols: d, data };
}

/**
 * Reads a table at transform time against the columns seen in fit: a named table must contain every
 * fitted column (extra columns are ignored, order is taken from fit); an unnamed one (2-D array,
 * matrix) must have exactly as many columns, taken by position.
 *
 * @throws {@link ValidationError} for an absent column, a width mismatch, or any {@link readTable} error.
 * @example
 * ```ts
 * import { readFittedTable } from 'segmentkit';
 * const t = readFittedTable({ b: [1], a: [2], c: [3] }, ['a', 'b'], { estimator: 'Example' });
 * console.log(t.names); // ['a', 'b']
 * ```
 */
export function readFittedTable(table: TableInput | unknown, names: readonly string[], options: Omit<ReadTableOptions, 'columns'>): ColumnSet {
  const probe = isTable(table);
  if (probe) return readTable(table, { ...options, columns: names });
  const set = readTable(table, options);
  if (set.names.length !== names.length) {
    throw new ValidationError(messages.featureCount(options.estimator, options.input ?? 'X', set.names.length, names.length));
  }
  return { names, columns: set.columns, nRows: set.nRows, named: false };
}
