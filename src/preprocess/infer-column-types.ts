/**
 * inferColumnTypes: proposes how each column of a customer table should be treated, and
 * columnTransformerFor: the ColumnTransformer that applies the proposal.
 *
 * @packageDocumentation
 */
import { OneHotEncoder } from './one-hot-encoder.js';
import { ColumnTransformer, type ColumnGroup } from './column-transformer.js';
import { DateFeatures } from './date-features.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';
import { ISO_DATE } from './_dates.js';
import { isMissing, readTable, type Column, type TableInput } from './table.js';

/** How a column should be used. */
export type ColumnType = 'numeric' | 'categorical' | 'date' | 'identifier' | 'drop';

/** The proposal for one column. */
export interface ColumnTypeProposal {
  /** Column name. */
  readonly name: string;
  /** Proposed treatment ('identifier' and 'drop' are left out of features). */
  readonly type: ColumnType;
  /** Why, in one sentence. */
  readonly reason: string;
  /** Non-missing cells. */
  readonly count: number;
  /** Distinct non-missing values. */
  readonly distinct: number;
}

/** The proposals, grouped by type, plus one entry per column with its reason. */
export interface InferredColumnTypes {
  readonly numeric: string[];
  readonly categorical: string[];
  readonly date: string[];
  readonly identifier: string[];
  readonly drop: string[];
  readonly columns: ColumnTypeProposal[];
}

/** Options of {@link inferColumnTypes}. */
export interface InferColumnTypesOptions {
  /** Text columns with more distinct values than this (and mostly unique) are identifiers or free text. @defaultValue 50 */
  readonly maxCategories?: number;
}

const ID_NAME = /(^|[_\s-])(id|uuid|guid|key)$|[a-z]Id$|ID$|^(id|uuid|guid)$/i;

function propose(name: string, col: Column, maxCategories: number): ColumnTypeProposal {
  const n = col.length;
  let count = 0;
  let nums = 0;
  let strs = 0;
  let dates = 0;
  let bools = 0;
  let integers = 0;
  const distinctSet = new Set<unknown>();
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (isMissing(v)) continue;
    count++;
    if (v instanceof Date) {
      dates++;
      distinctSet.add(v.getTime());
      continue;
    }
    distinctSet.add(v);
    if (typeof v === 'number') {
      nums++;
      if (Number.isInteger(v)) integers++;
    } else if (typeof v === 'boolean') bools++;
    else if (typeof v === 'string') {
      strs++;
      if (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')))) dates++;
    }
  }
  const distinct = distinctSet.size;
  const base = { name, count, distinct };
  if (count === 0) return { ...base, type: 'drop', reason: 'every value is missing.' };
  const unique = distinct === count && count > 1;
  if (dates === count) return { ...base, type: 'date', reason: 'every value is a Date or an ISO 8601 date string.' };
  if (ID_NAME.test(name) && unique && (strs === count || integers === count)) {
    return { ...base, type: 'identifier', reason: `the name looks like an identifier and all ${count} values are distinct.` };
  }
  if (distinct === 1) return { ...base, type: 'drop', reason: `every value is the same (${String(col.length > 0 ? [...distinctSet][0] : '')}), so it carries no information.` };
  if (nums === count) return { ...base, type: 'numeric', reason: 'every value is a number.' };
  if (bools === count) return { ...base, type: 'categorical', reason: 'every value is a boolean.' };
  if (strs === count) {
    if (distinct > maxCategories && distinct > 0.5 * count) {
      return { ...base, type: 'identifier', reason: `${distinct} distinct text values out of ${count} (more than maxCategories=${maxCategories}): an identifier or free text, not a category.` };
    }
    return { ...base, type: 'categorical', reason: `text with ${distinct} distinct values.` };
  }
  return { ...base, type: 'drop', reason: 'it mixes numbers, text or booleans: clean or cast it, then choose its type.' };
}

/**
 * Proposes a treatment for every column of a table: numeric, categorical, date, identifier (left
 * out) or drop (empty or constant), each with the reason.
 *
 * @remarks
 * One pass over every column, O(n d) time with one Set per column. The rules, in order: all missing
 * → drop; all Dates or ISO 8601 strings → date; an id-like name (`id`, `customer_id`, `userId`,
 * `uuid`...) with all values distinct → identifier; a single distinct value → drop; all numbers →
 * numeric; all booleans → categorical; text with more than `maxCategories` distinct values that are
 * mostly unique → identifier; other text → categorical; mixed kinds → drop (to be cleaned). Review the
 * proposal before use: it is a heuristic.
 *
 * @throws {@link ValidationError} for a malformed or empty table (see {@link readTable}).
 * @example
 * ```ts
 * import { inferColumnTypes } from 'segmentkit';
 * const t = inferColumnTypes([
 *   { customer_id: 'a1', age: 31, plan: 'pro', signup: '2024-01-03' },
 *   { customer_id: 'b2', age: 45, plan: 'free', signup: '2023-11-20' },
 * ]);
 * console.log(t.numeric, t.categorical, t.date, t.identifier); // ['age'] ['plan'] ['signup'] ['customer_id']
 * ```
 */
export function inferColumnTypes(table: TableInput, options: InferColumnTypesOptions = {}): InferredColumnTypes {
  const set = readTable(table, { estimator: 'inferColumnTypes', input: 'table' });
  const maxCategories = options.maxCategories ?? 50;
  const columns = set.names.map((name, j) => propose(name, set.columns[j] as Column, maxCategories));
  const pick = (t: ColumnType): string[] => columns.filter((c) => c.type === t).map((c) => c.name);
  return { numeric: pick('numeric'), categorical: pick('categorical'), date: pick('date'), identifier: pick('identifier'), drop: pick('drop'), columns };
}

/** Options of {@link columnTransformerFor}. */
export interface ColumnTransformerForOptions extends InferColumnTypesOptions {
  /** Reference date of the date features (ISO string or epoch ms); null: the latest date in fit. @defaultValue null */
  readonly asOf?: string | number | null;
}

/**
 * Builds the default ColumnTransformer for a table from {@link inferColumnTypes} (or from a proposal
 * you edited): numeric → median imputation + standard scaling; categorical → most-frequent
 * imputation + one-hot (unknown categories ignored, categories under 1% grouped); date → days since
 * / month / day of week + median imputation + scaling; identifiers and dropped columns left out.
 *
 * @remarks Construction only (no fitting): O(d).
 * @example
 * ```ts
 * import { columnTransformerFor } from 'segmentkit';
 * const rows = [{ id: 1, spend: 10, plan: 'pro' }, { id: 2, spend: 30, plan: 'free' }];
 * const ct = columnTransformerFor(rows);
 * ct.fit(rows);
 * console.log(ct.featureNamesOut()); // ['numeric__spend', 'categorical__plan_free', 'categorical__plan_pro']
 * ```
 */
export function columnTransformerFor(tableOrTypes: TableInput | InferredColumnTypes, options: ColumnTransformerForOptions = {}): ColumnTransformer {
  const t = isInferred(tableOrTypes) ? tableOrTypes : inferColumnTypes(tableOrTypes, options);
  const groups: ColumnGroup[] = [];
  if (t.numeric.length > 0) groups.push({ name: 'numeric', columns: t.numeric, steps: [new SimpleImputer({ strategy: 'median' }), new StandardScaler()] });
  if (t.categorical.length > 0) {
    groups.push({
      name: 'categorical',
      columns: t.categorical,
      steps: [new SimpleImputer({ strategy: 'mostFrequent' }), new OneHotEncoder({ handleUnknown: 'infrequent_if_exist', minFrequency: 0.01 })],
    });
  }
  if (t.date.length > 0) {
    groups.push({ name: 'date', columns: t.date, steps: [new DateFeatures({ asOf: options.asOf ?? null }), new SimpleImputer({ strategy: 'median' }), new StandardScaler()] });
  }
  return new ColumnTransformer({ transformers: groups, remainder: 'drop' });
}

function isInferred(v: unknown): v is InferredColumnTypes {
  const t = v as Partial<InferredColumnTypes> | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.numeric) && Array.isArray(t.columns) && Array.isArray(t.categorical);
}
