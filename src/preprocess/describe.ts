/**
 * describe: per-column descriptive statistics of a table, as pandas' `DataFrame.describe`.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { int } from '../core/params.js';
import { pairwiseSum, quantileSorted } from './_stats.js';
import { isMissing, readTable, type Column, type TableInput } from './table.js';

/** Options of {@link describe}. */
export interface DescribeOptions {
  /** Most frequent values listed per column. @defaultValue 5 */
  readonly top?: number;
}

/** A value of a column with its number of occurrences. */
export interface ValueCount {
  /** The value (Dates are listed as ISO 8601 strings). */
  readonly value: string | number | boolean;
  /** How many rows hold it. */
  readonly count: number;
}

/** Statistics of one column, as given by {@link describe}. */
export interface ColumnSummary {
  /** Column name (`x0, x1, ...` for unnamed input). */
  readonly name: string;
  /** 'numeric' when every present cell is a number, 'categorical' otherwise, 'empty' when all cells are missing. */
  readonly kind: 'numeric' | 'categorical' | 'empty';
  /** Present (non-missing) cells. */
  readonly count: number;
  /** Missing cells (null, undefined, NaN). */
  readonly missing: number;
  /** Distinct present values. */
  readonly distinct: number;
  /** Mean (numeric columns with a present value; null otherwise). */
  readonly mean: number | null;
  /** Sample standard deviation, ddof = 1 as pandas (numeric columns with 2 or more present values; null otherwise). */
  readonly std: number | null;
  /** Smallest value (numeric columns; null otherwise). */
  readonly min: number | null;
  /** First quartile, numpy's linear interpolation (numeric columns; null otherwise). */
  readonly q25: number | null;
  /** Median (numeric columns; null otherwise). */
  readonly q50: number | null;
  /** Third quartile (numeric columns; null otherwise). */
  readonly q75: number | null;
  /** Largest value (numeric columns; null otherwise). */
  readonly max: number | null;
  /** The most frequent values, by decreasing count, ties in order of first appearance. */
  readonly top: ValueCount[];
}

const NAME = 'describe';

function keyOf(v: unknown, name: string, i: number, j: number): string | number | boolean {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(messages.nonFinite(NAME, `column '${name}'`, i, j, v), { row: i, column: j });
    return v;
  }
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString();
  throw new ValidationError(messages.preprocess.badCategoryCell(NAME, name, i, v, j), { row: i, column: j });
}

function summarize(col: Column, name: string, j: number, top: number): ColumnSummary {
  const n = col.length;
  const counts = new Map<string | number | boolean, number>();
  let missing = 0;
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (isMissing(v)) {
      missing++;
      continue;
    }
    const k = keyOf(v, name, i, j);
    if (typeof k !== 'number') numeric = false;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const count = n - missing;
  // Map iteration follows first appearance, and the sort is stable: ties keep that order.
  const ranked = [...counts.entries()].map(([value, c]) => ({ value, count: c }));
  ranked.sort((a, b) => b.count - a.count);
  const base = { name, count, missing, distinct: counts.size, top: ranked.slice(0, top) };
  const none = { mean: null, std: null, min: null, q25: null, q50: null, q75: null, max: null };
  if (count === 0) return { ...base, kind: 'empty', ...none };
  if (!numeric) return { ...base, kind: 'categorical', ...none };
  const values = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (!isMissing(col[i])) values[k++] = col[i] as number;
  const mean = pairwiseSum(values) / count;
  let std: number | null = null;
  if (count > 1) {
    const sq = new Float64Array(count);
    for (let i = 0; i < count; i++) sq[i] = ((values[i] as number) - mean) ** 2;
    std = Math.sqrt(pairwiseSum(sq) / (count - 1));
  }
  values.sort();
  return {
    ...base,
    kind: 'numeric',
    mean,
    std,
    min: values[0] as number,
    q25: quantileSorted(values, count, 0.25),
    q50: quantileSorted(values, count, 0.5),
    q75: quantileSorted(values, count, 0.75),
    max: values[count - 1] as number,
  };
}

/**
 * Descriptive statistics of every column of a table: count, missing, distinct values and the most
 * frequent ones, plus mean, standard deviation, min, quartiles and max for numeric columns.
 *
 * @remarks
 * Accepts every table form of {@link readTable} (records, columns, Arrow-like, arquero-like, 2-D
 * arrays, matrices). O(n) per column for counts plus O(n log n) for the quartiles of numeric
 * columns. Means and variances use numpy's pairwise summation, quartiles numpy's linear
 * interpolation, the standard deviation ddof = 1: the numbers of pandas' `describe()`. A column
 * mixing numbers and text is categorical (as pandas' object columns); Dates are counted by their
 * ISO 8601 string. Statistics that do not exist (the mean of an empty column, the standard
 * deviation of one value) are null, never NaN.
 *
 * @param table - the table to describe
 * @param options - see {@link DescribeOptions}
 * @returns one summary per column, in table order
 * @throws {@link ValidationError} on an empty table, a record missing a column, an infinite
 *   number, or a cell that is not a number, string, boolean, Date or missing (naming column and row)
 * @example
 * ```ts
 * import { describe } from 'segmentkit';
 * const [spend, plan] = describe([
 *   { spend: 10, plan: 'pro' }, { spend: 30, plan: 'free' }, { spend: null, plan: 'pro' }, { spend: 20, plan: 'pro' },
 * ]);
 * console.log(spend.count, spend.missing, spend.mean, spend.std, spend.q50); // 3 1 20 10 20
 * console.log(plan.kind, plan.distinct, plan.top[0]); // categorical 2 { value: pro, count: 3 }
 * ```
 */
export function describe(table: TableInput, options: DescribeOptions = {}): ColumnSummary[] {
  const top = options.top ?? 5;
  if (!int({ min: 0 }).test(top)) throw new ValidationError(messages.invalidParameter(NAME, 'top', 'an int in the range [0, inf)', top));
  const set = readTable(table, { estimator: NAME, input: 'table' });
  return set.names.map((name, j) => summarize(set.columns[j] as Column, name, set.positions?.[j] ?? j, top));
}
