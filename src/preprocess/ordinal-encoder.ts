/**
 * OrdinalEncoder: each categorical column becomes one column of category codes 0..k-1.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, isNull, oneOf, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { validateMatrix } from '../core/validation.js';
import { categoryListsConstraint, checkCategoryLists, checkCell, columnCategories, indexOf, isCategoryList, type Category } from './_categories.js';
import { readFittedTable, readTable, type Column, type TableInput } from './table.js';

/** Options of {@link OrdinalEncoder}. */
export interface OrdinalEncoderOptions {
  /** 'auto' (sorted distinct values, missing last) or one explicit ordered list per column. @defaultValue 'auto' */
  readonly categories?: 'auto' | readonly (readonly Category[])[];
  /** Unknown categories at transform: 'error', or 'use_encoded_value' (encode as `unknownValue`). @defaultValue 'error' */
  readonly handleUnknown?: 'error' | 'use_encoded_value';
  /** Code of unknown categories with 'use_encoded_value': an int outside 0..k-1, or 'nan'. Required then. @defaultValue null */
  readonly unknownValue?: number | 'nan' | null;
  /** Code of missing cells (null, undefined, NaN): an int outside 0..k-1, or 'nan' (NaN). @defaultValue 'nan' */
  readonly encodedMissingValue?: number | 'nan';
}

/** Parameters of {@link OrdinalEncoder} after defaults. */
export type OrdinalEncoderParams = Required<OrdinalEncoderOptions>;

/** Defaults of {@link OrdinalEncoder}. */
export const ORDINAL_ENCODER_DEFAULTS: Readonly<OrdinalEncoderParams> = Object.freeze({
  categories: 'auto',
  handleUnknown: 'error',
  unknownValue: null,
  encodedMissingValue: 'nan',
});

interface OrdinalEncoderState {
  readonly nFeaturesIn: number;
  readonly featureNamesIn: readonly string[];
  readonly categories: readonly (readonly Category[])[];
}

function code(v: number | 'nan' | null): number {
  return v === 'nan' || v === null ? NaN : v;
}

/**
 * Encodes categorical columns as integer codes (as floats), in category order.
 *
 * @remarks
 * Same inputs as {@link OneHotEncoder}. Missing cells are a category of their own in `categories`
 * (null, last) but are encoded as `encodedMissingValue` (NaN by default, as scikit-learn). O(n d)
 * with one Map lookup per cell. Matches scikit-learn's `OrdinalEncoder`.
 *
 * @throws {@link ValidationError} from transform on an unknown category with handleUnknown 'error'
 * @example
 * ```ts
 * import { OrdinalEncoder, toRows } from 'segmentkit';
 * const enc = new OrdinalEncoder().fit([['low'], ['high'], ['mid']]);
 * console.log(toRows(enc.transform([['mid'], ['high']]))); // [[2], [0]]
 * ```
 */
export class OrdinalEncoder extends BaseEstimator<OrdinalEncoderParams, OrdinalEncoderState> implements Transformer<TableInput | MatrixInput> {
  /** Stable type name. */
  static readonly estimatorType = 'OrdinalEncoder';
  /** Takes tables as input (used by ColumnTransformer). */
  static readonly tableInput = true;
  /** Defaults of every parameter. */
  static readonly defaults = ORDINAL_ENCODER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<OrdinalEncoderParams> = {
    categories: [oneOf('auto'), categoryListsConstraint],
    handleUnknown: [oneOf('error', 'use_encoded_value')],
    unknownValue: [int(), oneOf('nan'), isNull],
    encodedMissingValue: [int(), oneOf('nan')],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    featureNamesIn: field.array(field.string()),
    categories: field.json(),
  };

  /** @param options - see {@link OrdinalEncoderOptions} */
  constructor(options: OrdinalEncoderOptions = {}) {
    super(ORDINAL_ENCODER_DEFAULTS, options);
  }

  /**
   * Learns the categories of every column.
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on an empty table or mixed types in a column (naming column and row)
   * @throws {@link InvalidParameterError} on invalid options, a missing `unknownValue` with
   *   'use_encoded_value', or a code that collides with a category code
   */
  fit(X: TableInput | MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { categories: given, handleUnknown, unknownValue, encodedMissingValue } = this.params;
    if (handleUnknown === 'use_encoded_value' && unknownValue === null) {
      throw new InvalidParameterError('unknownValue', messages.invalidParameter(this.estimatorType, 'unknownValue', "an int or 'nan' when handleUnknown is 'use_encoded_value'", unknownValue));
    }
    if (handleUnknown === 'error' && unknownValue !== null) {
      throw new InvalidParameterError('unknownValue', messages.invalidParameter(this.estimatorType, 'unknownValue', "null unless handleUnknown is 'use_encoded_value'", unknownValue));
    }
    const set = readTable(X, { estimator: this.estimatorType });
    const d = set.names.length;
    checkCategoryLists(this.estimatorType, given, d);
    const categories: Category[][] = [];
    for (let j = 0; j < d; j++) {
      const name = set.names[j] as string;
      const col = set.columns[j] as Column;
      const cats = columnCategories(col, name, j, this.estimatorType, given, handleUnknown === 'error').categories;
      const nCodes = cats.filter((c) => c !== null).length;
      for (const [param, v] of [['unknownValue', handleUnknown === 'use_encoded_value' ? unknownValue : null], ['encodedMissingValue', cats.includes(null) ? encodedMissingValue : null]] as const) {
        if (typeof v === 'number' && v >= 0 && v < nCodes) {
          throw new InvalidParameterError(param, messages.invalidParameter(this.estimatorType, param, `outside the codes 0..${nCodes - 1} of column '${name}'`, v));
        }
      }
      categories.push(cats);
    }
    return this.commit({ nFeaturesIn: d, featureNamesIn: set.names.slice(), categories });
  }

  /** Categories of each column in code order (null = missing). @throws {@link NotFittedError} before fit. */
  get categories(): Category[][] {
    return this.fitted('categories').categories.map((c) => c.slice());
  }

  /** Column names seen in fit. @throws {@link NotFittedError} before fit. */
  get featureNamesIn(): string[] {
    return this.fitted('featureNamesIn').featureNamesIn.slice();
  }

  /**
   * Encodes rows as category codes.
   * @throws {@link NotFittedError} before fit
   * @throws {@link ValidationError} on an unknown category with handleUnknown 'error' (naming column,
   *   row and value), a bad cell, an absent column or the wrong width
   */
  transform(X: TableInput | MatrixInput): Matrix {
    const s = this.fitted('transform');
    const set = readFittedTable(X, s.featureNamesIn, { estimator: this.estimatorType });
    const d = s.nFeaturesIn;
    const n = set.nRows;
    const out = new Float64Array(n * d);
    const unknownCode = code(this.params.unknownValue);
    const missingCode = code(this.params.encodedMissingValue);
    const useEncoded = this.params.handleUnknown === 'use_encoded_value';
    for (let j = 0; j < d; j++) {
      const cats = s.categories[j] as readonly Category[];
      const lookup = indexOf(cats);
      const col = set.columns[j] as Column;
      const name = set.names[j] as string;
      for (let i = 0; i < n; i++) {
        const key = checkCell(col[i], name, i, j, this.estimatorType);
        const c = lookup.get(key);
        let v: number;
        if (c === undefined) {
          if (!useEncoded) throw new ValidationError(messages.preprocess.unknownCategory(this.estimatorType, name, i, col[i], cats, j), { row: i, column: j });
          v = unknownCode;
        } else v = key === null ? missingCode : c;
        out[i * d + j] = v;
      }
    }
    return { rows: n, cols: d, data: out };
  }

  /**
   * scikit-learn's `inverse_transform` (named apart because segmentkit's `inverseTransform` always
   * returns a numeric Matrix). Maps codes back to categories (unknown and missing codes give null).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on the wrong width or a
   *   code that is not one of the fitted codes.
   */
  inverseCategories(Y: MatrixInput): Category[][] {
    const s = this.fitted('inverseCategories');
    const m = validateMatrix(Y, { estimator: this.estimatorType, input: 'Y', nFeatures: s.nFeaturesIn, allowNaN: true });
    const out: Category[][] = [];
    for (let i = 0; i < m.rows; i++) {
      const r: Category[] = [];
      for (let j = 0; j < s.nFeaturesIn; j++) {
        const v = m.data[i * s.nFeaturesIn + j] as number;
        const cats = s.categories[j] as readonly Category[];
        if (Number.isInteger(v) && v >= 0 && v < cats.length && cats[v] !== null) r.push(cats[v] as Category);
        else if (Number.isNaN(v) || v === code(this.params.unknownValue) || v === code(this.params.encodedMissingValue)) r.push(null);
        else throw new ValidationError(`${this.estimatorType} cannot decode Y[${i}][${j}] = ${v}: it is not a code of column '${s.featureNamesIn[j] as string}'.`, { row: i, column: j });
      }
      out.push(r);
    }
    return out;
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: TableInput | MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (one code column per input column). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    return defaultFeatureNames(s.nFeaturesIn, inputNames ?? s.featureNamesIn, this.estimatorType);
  }

  protected override checkState(s: OrdinalEncoderState): void {
    if (s.featureNamesIn.length !== s.nFeaturesIn || !Array.isArray(s.categories) || s.categories.length !== s.nFeaturesIn || !s.categories.every(isCategoryList)) {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, 'categories must be one category list per feature.'));
    }
  }
}
