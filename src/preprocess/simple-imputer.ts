/**
 * SimpleImputer: missing values replaced by a per-column statistic or a constant.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, custom, isNull, oneOf, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { medianSorted } from './_stats.js';
import { isMissing, readFittedTable, readTable, type Column, type ColumnSet, type TableInput } from './table.js';

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /**
   * How each column's replacement is chosen: 'mean' and 'median' (numeric columns only),
   * 'mostFrequent' (ties go to the smallest value) or 'constant' (`fillValue`). @defaultValue 'mean'
   */
  readonly strategy?: 'mean' | 'median' | 'mostFrequent' | 'constant';
  /** Replacement for strategy 'constant'; null means 0 for numeric columns and 'missing_value' for others. @defaultValue null */
  readonly fillValue?: number | string | boolean | null;
  /** Append one 0/1 indicator column per column that had missing values in fit. @defaultValue false */
  readonly addIndicator?: boolean;
  /** Keep columns that are entirely missing in fit (imputed with 0) instead of rejecting them. @defaultValue false */
  readonly keepEmptyFeatures?: boolean;
}

/** Parameters of {@link SimpleImputer} after defaults. */
export type SimpleImputerParams = Required<SimpleImputerOptions>;

/** Defaults of {@link SimpleImputer}. */
export const SIMPLE_IMPUTER_DEFAULTS: Readonly<SimpleImputerParams> = Object.freeze({
  strategy: 'mean',
  fillValue: null,
  addIndicator: false,
  keepEmptyFeatures: false,
});

/** A replacement value: a number for numeric columns, a category otherwise. */
export type Statistic = number | string | boolean;

interface SimpleImputerState {
  readonly nFeaturesIn: number;
  readonly featureNamesIn: readonly string[];
  readonly numeric: readonly boolean[];
  readonly statistics: readonly Statistic[];
  readonly indicatorFeatures: Int32Array;
}

/** Most frequent value of a list, ties to the smallest (numbers numerically, others by string order). */
function mostFrequent(values: Column, numeric: boolean): Statistic | undefined {
  const counts = new Map<unknown, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissing(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: Statistic | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) {
    const s = v as Statistic;
    if (c > bestCount || (c === bestCount && best !== undefined && (numeric ? (s as number) < (best as number) : String(s) < String(best)))) {
      best = s;
      bestCount = c;
    }
  }
  return best;
}

/**
 * Replaces missing values (null, undefined, NaN) column by column.
 *
 * @remarks
 * Accepts numeric matrices (NaN or null as missing) and tables of mixed columns: numeric columns
 * take any strategy, text/boolean columns take 'mostFrequent' or 'constant'. `transform` returns a
 * numeric {@link Matrix}; `transformTable` returns the imputed cells with their original types (the
 * step before an encoder). Fit is O(n d) ('median': O(n log n) per column). Matches scikit-learn's
 * `SimpleImputer` (with `add_indicator` = `MissingIndicator(features='missing-only')`), except that
 * an all-missing column is an error unless `keepEmptyFeatures` is set.
 *
 * @example
 * ```ts
 * import { SimpleImputer, toRows } from 'segmentkit';
 * const imp = new SimpleImputer({ strategy: 'median' }).fit([[1, null], [3, 4], [5, 8]]);
 * console.log(toRows(imp.transform([[null, null]]))); // [[3, 6]]
 * ```
 */
export class SimpleImputer extends BaseEstimator<SimpleImputerParams, SimpleImputerState> implements Transformer<TableInput | MatrixInput> {
  /** Stable type name. */
  static readonly estimatorType = 'SimpleImputer';
  /** Takes tables as input (used by ColumnTransformer). */
  static readonly tableInput = true;
  /** Defaults of every parameter. */
  static readonly defaults = SIMPLE_IMPUTER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<SimpleImputerParams> = {
    strategy: [oneOf('mean', 'median', 'mostFrequent', 'constant')],
    fillValue: [custom('a finite number, a string or a boolean', (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))), isNull],
    addIndicator: [bool],
    keepEmptyFeatures: [bool],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    featureNamesIn: field.array(field.string()),
    numeric: field.array(field.boolean()),
    statistics: field.json(),
    indicatorFeatures: field.int32(),
  };

  /** @param options - see {@link SimpleImputerOptions} */
  constructor(options: SimpleImputerOptions = {}) {
    super(SIMPLE_IMPUTER_DEFAULTS, options);
  }

  /**
   * Learns the replacement of every column.
   *
   * @param X - a numeric matrix / 2-D array (null or NaN = missing) or a table
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on an empty table, infinite numbers, text in a column with
   *   strategy 'mean' or 'median' (naming column and row), or an all-missing column (naming it)
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: TableInput | MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const set = readTable(X, { estimator: this.estimatorType });
    const { strategy, fillValue, addIndicator, keepEmptyFeatures } = this.params;
    const d = set.names.length;
    const numeric: boolean[] = [];
    const statistics: Statistic[] = [];
    const indicator: number[] = [];
    for (let j = 0; j < d; j++) {
      const name = set.names[j] as string;
      const col = set.columns[j] as Column;
      const kind = this.columnKind(col, name, j);
      const isNumeric = kind.numeric;
      numeric.push(isNumeric);
      if (kind.missing > 0 && addIndicator) indicator.push(j);
      if (!isNumeric && (strategy === 'mean' || strategy === 'median')) {
        throw new ValidationError(messages.preprocess.notNumericCell(this.estimatorType, name, kind.firstOther, col[kind.firstOther], j), { row: kind.firstOther, column: j });
      }
      if (strategy === 'constant') {
        if (isNumeric && fillValue !== null && typeof fillValue !== 'number') {
          throw new InvalidParameterError('fillValue', messages.invalidParameter(this.estimatorType, 'fillValue', `a number when imputing the numeric column '${name}'`, fillValue));
        }
        statistics.push(fillValue ?? (isNumeric ? 0 : 'missing_value'));
        continue;
      }
      if (kind.missing === set.nRows) {
        if (!keepEmptyFeatures) throw new ValidationError(messages.preprocess.allMissing(this.estimatorType, name), { column: j });
        statistics.push(0);
        continue;
      }
      if (strategy === 'mostFrequent') statistics.push(mostFrequent(col, isNumeric) as Statistic);
      else statistics.push(strategy === 'mean' ? this.mean(col) : this.median(col));
    }
    return this.commit({ nFeaturesIn: d, featureNamesIn: set.names.slice(), numeric, statistics, indicatorFeatures: Int32Array.from(indicator) });
  }

  private columnKind(col: Column, name: string, j: number): { numeric: boolean; missing: number; firstOther: number } {
    let missing = 0;
    let firstOther = -1;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (isMissing(v)) missing++;
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new ValidationError(messages.nonFinite(this.estimatorType, 'X', i, j, v), { row: i, column: j });
      } else if (typeof v === 'string' || typeof v === 'boolean') {
        if (firstOther < 0) firstOther = i;
      } else {
        throw new ValidationError(messages.preprocess.badCategoryCell(this.estimatorType, name, i, v, j), { row: i, column: j });
      }
    }
    return { numeric: firstOther < 0, missing, firstOther };
  }

  private mean(col: Column): number {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (!isMissing(v)) {
        sum += v as number;
        count++;
      }
    }
    return sum / count;
  }

  private median(col: Column): number {
    const vals: number[] = [];
    for (let i = 0; i < col.length; i++) if (!isMissing(col[i])) vals.push(col[i] as number);
    const s = Float64Array.from(vals).sort();
    return medianSorted(s, s.length);
  }

  /** The replacement of each column (numbers, or categories for text columns). @throws {@link NotFittedError} before fit. */
  get statistics(): Statistic[] {
    return this.fitted('statistics').statistics.slice();
  }

  /** Column names seen in fit (`x0, x1, ...` for unnamed input). @throws {@link NotFittedError} before fit. */
  get featureNamesIn(): string[] {
    return this.fitted('featureNamesIn').featureNamesIn.slice();
  }

  /** Indices of the columns that get a missing-indicator column. @throws {@link NotFittedError} before fit. */
  get indicatorFeatures(): Int32Array {
    return this.fitted('indicatorFeatures').indicatorFeatures.slice();
  }

  private read(X: unknown, s: SimpleImputerState): ColumnSet {
    return readFittedTable(X, s.featureNamesIn, { estimator: this.estimatorType });
  }

  /**
   * Imputes numeric data: imputed columns, then the indicator columns when `addIndicator` is set.
   *
   * @throws {@link NotFittedError} before fit
   * @throws {@link ValidationError} when fitted on text columns (use {@link SimpleImputer.transformTable}),
   *   on text in a numeric column (naming column and row), or on bad width
   */
  transform(X: TableInput | MatrixInput): Matrix {
    const s = this.fitted('transform');
    if (s.numeric.some((v) => !v)) throw new ValidationError(messages.preprocess.categoricalFitted(this.estimatorType, 'transform'));
    const set = this.read(X, s);
    const d = s.nFeaturesIn;
    const n = set.nRows;
    const k = s.indicatorFeatures.length;
    const width = d + k;
    const out = new Float64Array(n * width);
    for (let j = 0; j < d; j++) {
      const col = set.columns[j] as Column;
      const fill = s.statistics[j] as number;
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (typeof v === 'number' && !Number.isNaN(v)) {
          if (!Number.isFinite(v)) throw new ValidationError(messages.nonFinite(this.estimatorType, 'X', i, j, v), { row: i, column: j });
          out[i * width + j] = v;
        } else if (isMissing(v)) out[i * width + j] = fill;
        else throw new ValidationError(messages.preprocess.notNumericCell(this.estimatorType, set.names[j] as string, i, v, j), { row: i, column: j });
      }
    }
    for (let t = 0; t < k; t++) {
      const col = set.columns[s.indicatorFeatures[t] as number] as Column;
      for (let i = 0; i < n; i++) out[i * width + d + t] = isMissing(col[i]) ? 1 : 0;
    }
    return { rows: n, cols: width, data: out };
  }

  /**
   * Imputes any table and returns the cells with their types kept, as columns named by
   * {@link SimpleImputer.featureNamesOut} (indicator columns hold 0/1).
   *
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on an absent column or bad width.
   * @example
   * ```ts
   * import { SimpleImputer } from 'segmentkit';
   * const imp = new SimpleImputer({ strategy: 'mostFrequent' }).fit({ city: ['Oslo', null, 'Oslo', 'Rome'] });
   * console.log(imp.transformTable({ city: [null, 'Rome'] })); // { city: ['Oslo', 'Rome'] }
   * ```
   */
  transformTable(X: TableInput | MatrixInput): Record<string, unknown[]> {
    const s = this.fitted('transformTable');
    const set = this.read(X, s);
    const names = this.featureNamesOut(set.named ? s.featureNamesIn : undefined);
    const out: Record<string, unknown[]> = {};
    for (let j = 0; j < s.nFeaturesIn; j++) {
      const col = set.columns[j] as Column;
      const fill = s.statistics[j];
      const values = new Array<unknown>(set.nRows);
      for (let i = 0; i < set.nRows; i++) values[i] = isMissing(col[i]) ? fill : col[i];
      out[names[j] as string] = values;
    }
    for (let t = 0; t < s.indicatorFeatures.length; t++) {
      const col = set.columns[s.indicatorFeatures[t] as number] as Column;
      const values = new Array<unknown>(set.nRows);
      for (let i = 0; i < set.nRows; i++) values[i] = isMissing(col[i]) ? 1 : 0;
      out[names[s.nFeaturesIn + t] as string] = values;
    }
    return out;
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: TableInput | MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /**
   * Output names: the input names (default: the names seen in fit), then `missingindicator_<name>`
   * for each indicator column (scikit-learn's naming).
   */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    const base = defaultFeatureNames(s.nFeaturesIn, inputNames ?? s.featureNamesIn, this.estimatorType);
    return [...base, ...Array.from(s.indicatorFeatures, (j) => `missingindicator_${base[j] as string}`)];
  }

  protected override checkState(s: SimpleImputerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { featureNamesIn: s.featureNamesIn, numeric: s.numeric, statistics: s.statistics as unknown[] });
    for (let j = 0; j < s.nFeaturesIn; j++) {
      const v = s.statistics[j];
      const ok = s.numeric[j] ? typeof v === 'number' && Number.isFinite(v) : typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number';
      if (!ok) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `statistics[${j}] is not a valid replacement.`));
    }
    for (const j of s.indicatorFeatures) {
      if (j < 0 || j >= s.nFeaturesIn) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `indicator feature ${j} is out of range.`));
    }
  }
}
