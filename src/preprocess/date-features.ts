/**
 * DateFeatures: numeric features derived from date columns (days since a reference date, month,
 * day of week...).
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { custom, isNull, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { DAY_MS, toEpochMs } from './_dates.js';
import { isMissing, readFittedTable, readTable, type Column, type TableInput } from './table.js';

/** A feature DateFeatures can derive from each date column (all in UTC). */
export type DateFeature = 'daysSince' | 'year' | 'month' | 'dayOfMonth' | 'dayOfWeek' | 'dayOfYear' | 'hour';

const SUFFIX: Record<DateFeature, string> = {
  daysSince: 'days_since',
  year: 'year',
  month: 'month',
  dayOfMonth: 'day_of_month',
  dayOfWeek: 'day_of_week',
  dayOfYear: 'day_of_year',
  hour: 'hour',
};
const ALL_FEATURES = Object.keys(SUFFIX) as DateFeature[];

/** Options of {@link DateFeatures}. */
export interface DateFeaturesOptions {
  /**
   * Reference date of 'daysSince' (ISO string or epoch ms); null uses the latest date seen in fit
   * (recorded, so transform is reproducible). @defaultValue null
   */
  readonly asOf?: string | number | null;
  /**
   * Features per date column, in output order: 'daysSince' (fractional days from the date to asOf),
   * 'year', 'month' (1-12), 'dayOfMonth' (1-31), 'dayOfWeek' (0 = Monday ... 6 = Sunday, as pandas),
   * 'dayOfYear' (1-366), 'hour' (0-23). @defaultValue ['daysSince', 'month', 'dayOfWeek']
   */
  readonly features?: readonly DateFeature[];
}

/** Parameters of {@link DateFeatures} after defaults. */
export type DateFeaturesParams = Required<DateFeaturesOptions>;

/** Defaults of {@link DateFeatures}. */
export const DATE_FEATURES_DEFAULTS: Readonly<DateFeaturesParams> = Object.freeze({
  asOf: null,
  features: Object.freeze(['daysSince', 'month', 'dayOfWeek']) as readonly DateFeature[],
});

interface DateFeaturesState {
  readonly nFeaturesIn: number;
  readonly featureNamesIn: readonly string[];
  readonly asOfMs: number;
}

function feature(ms: number, f: DateFeature, asOfMs: number): number {
  if (f === 'daysSince') return (asOfMs - ms) / DAY_MS;
  const d = new Date(ms);
  switch (f) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'dayOfMonth':
      return d.getUTCDate();
    case 'dayOfWeek':
      return (d.getUTCDay() + 6) % 7;
    case 'dayOfYear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
    case 'hour':
      return d.getUTCHours();
  }
}

/**
 * Turns date columns into numeric features. Cells may be Date objects, ISO 8601 strings or epoch
 * milliseconds; missing cells give NaN features (follow with {@link SimpleImputer}).
 *
 * @remarks
 * O(n d f) for n rows, d date columns and f features. All calendar features are in UTC. Output
 * names are `<column>_days_since`, `<column>_month`, `<column>_day_of_week`...
 *
 * @throws {@link ValidationError} naming column and row for a cell that is not a date
 * @example
 * ```ts
 * import { DateFeatures, toRows } from 'segmentkit';
 * const df = new DateFeatures({ asOf: '2024-01-31' }).fit({ signup: ['2024-01-01', '2024-01-29'] });
 * console.log(df.featureNamesOut(), toRows(df.transform({ signup: ['2024-01-01'] }))); // ['signup_days_since', 'signup_month', 'signup_day_of_week'] [[30, 1, 0]]
 * ```
 */
export class DateFeatures extends BaseEstimator<DateFeaturesParams, DateFeaturesState> implements Transformer<TableInput | MatrixInput> {
  /** Stable type name. */
  static readonly estimatorType = 'DateFeatures';
  /** Takes tables as input (used by ColumnTransformer). */
  static readonly tableInput = true;
  /** Defaults of every parameter. */
  static readonly defaults = DATE_FEATURES_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<DateFeaturesParams> = {
    asOf: [custom('an ISO 8601 date string or epoch milliseconds', (v) => (typeof v === 'string' || typeof v === 'number') && Number.isFinite(toEpochMs(v))), isNull],
    features: [custom(`a non-empty array of distinct features among ${ALL_FEATURES.map((f) => `'${f}'`).join(', ')}`, (v) =>
      Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((f) => ALL_FEATURES.includes(f as DateFeature)))],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    featureNamesIn: field.array(field.string()),
    asOfMs: field.number(),
  };

  /** @param options - see {@link DateFeaturesOptions} */
  constructor(options: DateFeaturesOptions = {}) {
    super(DATE_FEATURES_DEFAULTS, options);
  }

  private parse(col: Column, name: string, j: number, out: Float64Array): void {
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (isMissing(v)) {
        out[i] = NaN;
        continue;
      }
      const ms = toEpochMs(v);
      if (typeof v === 'number' && !Number.isFinite(v)) throw new ValidationError(messages.nonFinite(this.estimatorType, 'X', i, j, v), { row: i, column: j });
      if (Number.isNaN(ms)) throw new ValidationError(messages.preprocess.badDate(this.estimatorType, name, i, v, j), { row: i, column: j });
      out[i] = ms;
    }
  }

  /**
   * Checks every date and records `asOf` (the latest date when the option is null).
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on a bad date (naming column and row), or when every cell is missing and asOf is null
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: TableInput | MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const set = readTable(X, { estimator: this.estimatorType });
    const buf = new Float64Array(set.nRows);
    let latest = -Infinity;
    for (let j = 0; j < set.names.length; j++) {
      this.parse(set.columns[j] as Column, set.names[j] as string, j, buf);
      for (let i = 0; i < buf.length; i++) if ((buf[i] as number) > latest) latest = buf[i] as number;
    }
    const asOf = this.params.asOf;
    if (asOf === null && latest === -Infinity) {
      throw new InvalidParameterError('asOf', messages.invalidParameter(this.estimatorType, 'asOf', 'a date when every date cell is missing', asOf));
    }
    const asOfMs = asOf === null ? latest : toEpochMs(asOf);
    return this.commit({ nFeaturesIn: set.names.length, featureNamesIn: set.names.slice(), asOfMs });
  }

  /** The reference date of 'daysSince' as epoch milliseconds. @throws {@link NotFittedError} before fit. */
  get asOfMs(): number {
    return this.fitted('asOfMs').asOfMs;
  }

  /**
   * Derives the features of every date column (missing dates give NaN).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on a bad date, an absent column or the wrong width.
   */
  transform(X: TableInput | MatrixInput): Matrix {
    const s = this.fitted('transform');
    const set = readFittedTable(X, s.featureNamesIn, { estimator: this.estimatorType });
    const feats = this.params.features;
    const n = set.nRows;
    const width = s.nFeaturesIn * feats.length;
    const out = new Float64Array(n * width);
    const buf = new Float64Array(n);
    for (let j = 0; j < s.nFeaturesIn; j++) {
      this.parse(set.columns[j] as Column, set.names[j] as string, j, buf);
      for (let i = 0; i < n; i++) {
        const ms = buf[i] as number;
        for (let f = 0; f < feats.length; f++) out[i * width + j * feats.length + f] = Number.isNaN(ms) ? NaN : feature(ms, feats[f] as DateFeature, s.asOfMs);
      }
    }
    return { rows: n, cols: width, data: out };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: TableInput | MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names `<column>_<feature>` (days_since, month, day_of_week...). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    const names = defaultFeatureNames(s.nFeaturesIn, inputNames ?? s.featureNamesIn, this.estimatorType);
    return names.flatMap((nm) => this.params.features.map((f) => `${nm}_${SUFFIX[f]}`));
  }

  protected override checkState(s: DateFeaturesState): void {
    if (s.featureNamesIn.length !== s.nFeaturesIn) throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, 'featureNamesIn does not match nFeaturesIn.'));
  }
}
