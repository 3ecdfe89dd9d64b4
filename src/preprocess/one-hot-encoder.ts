/**
 * OneHotEncoder: each categorical column becomes one 0/1 column per category.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, isNull, num, oneOf, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { validateMatrix } from '../core/validation.js';
import { categoryLabel, categoryListsConstraint, checkCategoryLists, checkCell, columnCategories, indexOf, isCategoryList, type Category } from './_categories.js';
import { readFittedTable, readTable, type Column, type TableInput } from './table.js';

/** What to do with a category not seen in fit. */
export type HandleUnknown = 'error' | 'ignore' | 'infrequent_if_exist';

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /** 'auto' (sorted distinct values of each column, missing last) or one explicit list per column. @defaultValue 'auto' */
  readonly categories?: 'auto' | readonly (readonly Category[])[];
  /**
   * Drop one column per feature: 'first', 'if_binary' (also spelled 'ifBinary': only for features
   * with exactly two output columns), or null to keep all. @defaultValue null
   */
  readonly drop?: 'first' | 'if_binary' | 'ifBinary' | null;
  /**
   * Unknown categories at transform: 'error', 'ignore' (all zeros), or 'infrequent_if_exist' (the
   * infrequent column when the feature has one, else zeros). @defaultValue 'error'
   */
  readonly handleUnknown?: HandleUnknown;
  /**
   * Categories seen fewer times than this are grouped into one infrequent column: an int count
   * (>= 1) or a fraction of the rows in (0, 1). null disables it. @defaultValue null
   */
  readonly minFrequency?: number | null;
  /** Most output columns per feature, the infrequent column included; rarer categories are grouped. null: no limit. @defaultValue null */
  readonly maxCategories?: number | null;
}

/** Parameters of {@link OneHotEncoder} after defaults. */
export type OneHotEncoderParams = Required<OneHotEncoderOptions>;

/** Defaults of {@link OneHotEncoder}. */
export const ONE_HOT_ENCODER_DEFAULTS: Readonly<OneHotEncoderParams> = Object.freeze({
  categories: 'auto',
  drop: null,
  handleUnknown: 'error',
  minFrequency: null,
  maxCategories: null,
});

interface OneHotEncoderState {
  readonly nFeaturesIn: number;
  readonly featureNamesIn: readonly string[];
  readonly categories: readonly (readonly Category[])[];
  readonly infrequent: readonly (readonly number[] | null)[];
  readonly dropIdx: readonly (number | null)[];
}

/** Per-feature output layout derived from the state. */
interface Layout {
  readonly lookup: Map<Category, number>;
  /** Output slot of each category before the drop (infrequent ones share the last slot). */
  readonly slotOf: Int32Array;
  readonly nSlots: number;
  readonly infrequentSlot: number;
  readonly drop: number;
  readonly offset: number;
}

function buildLayouts(s: OneHotEncoderState): { layouts: Layout[]; width: number } {
  const layouts: Layout[] = [];
  let offset = 0;
  for (let j = 0; j < s.nFeaturesIn; j++) {
    const cats = s.categories[j] as readonly Category[];
    const infreq = new Set(s.infrequent[j] ?? []);
    const slotOf = new Int32Array(cats.length);
    let k = 0;
    for (let c = 0; c < cats.length; c++) if (!infreq.has(c)) slotOf[c] = k++;
    const infrequentSlot = infreq.size > 0 ? k : -1;
    for (const c of infreq) slotOf[c] = k;
    const nSlots = k + (infreq.size > 0 ? 1 : 0);
    const drop = s.dropIdx[j] ?? -1;
    layouts.push({ lookup: indexOf(cats), slotOf, nSlots, infrequentSlot, drop, offset });
    offset += nSlots - (drop >= 0 ? 1 : 0);
  }
  return { layouts, width: offset };
}

/** Indices of infrequent categories, as scikit-learn's `_identify_infrequent`. */
function identifyInfrequent(counts: readonly number[], nSamples: number, minFrequency: number | null, maxCategories: number | null): number[] | null {
  const n = counts.length;
  const mask = new Array<boolean>(n).fill(false);
  if (minFrequency !== null) {
    const threshold = Number.isInteger(minFrequency) ? minFrequency : nSamples * minFrequency;
    for (let c = 0; c < n; c++) mask[c] = (counts[c] as number) < threshold;
  }
  const nCurrent = n - mask.filter(Boolean).length + 1;
  if (maxCategories !== null && maxCategories < nCurrent) {
    // numpy: argsort(counts, kind='mergesort')[: -maxCategories + 1]
    const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => (counts[a] as number) - (counts[b] as number) || a - b);
    const take = maxCategories === 1 ? 0 : Math.max(0, n - maxCategories + 1);
    for (let t = 0; t < take; t++) mask[order[t] as number] = true;
  }
  const out: number[] = [];
  for (let c = 0; c < n; c++) if (mask[c]) out.push(c);
  return out.length > 0 ? out : null;
}

/**
 * Encodes categorical columns as one-hot 0/1 columns.
 *
 * @remarks
 * Input is a table (records or columns; names give `featureNamesOut` such as `color_red`), a 2-D
 * array of strings/numbers/booleans/null, or a numeric matrix. Missing cells (null, undefined, NaN)
 * form their own category `nan`, sorted last. Fit and transform are O(n d) with one Map lookup per
 * cell. Rare categories can be grouped into one column named `<feature>_infrequent` (scikit-learn
 * names it `infrequent_sklearn`). Matches scikit-learn's `OneHotEncoder` (dense output, float 0/1).
 *
 * @throws {@link ValidationError} from fit on mixed types in a column or bad cells, naming column and row;
 *   from transform on an unknown category with handleUnknown 'error' (naming column, row and value)
 * @example
 * ```ts
 * import { OneHotEncoder, toRows } from 'segmentkit';
 * const enc = new OneHotEncoder().fit({ color: ['red', 'blue', 'red'] });
 * console.log(enc.featureNamesOut(), toRows(enc.transform({ color: ['red'] }))); // ['color_blue', 'color_red'] [[0, 1]]
 * ```
 */
export class OneHotEncoder extends BaseEstimator<OneHotEncoderParams, OneHotEncoderState> implements Transformer<TableInput | MatrixInput> {
  /** Stable type name. */
  static readonly estimatorType = 'OneHotEncoder';
  /** Takes tables as input (used by ColumnTransformer). */
  static readonly tableInput = true;
  /** Defaults of every parameter. */
  static readonly defaults = ONE_HOT_ENCODER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<OneHotEncoderParams> = {
    categories: [oneOf('auto'), categoryListsConstraint],
    drop: [oneOf('first', 'if_binary', 'ifBinary'), isNull],
    handleUnknown: [oneOf('error', 'ignore', 'infrequent_if_exist')],
    minFrequency: [int({ min: 1 }), num({ min: 0, max: 1, closed: 'neither' }), isNull],
    maxCategories: [int({ min: 1 }), isNull],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    featureNamesIn: field.array(field.string()),
    categories: field.json(),
    infrequent: field.json(),
    dropIdx: field.json(),
  };

  /** @param options - see {@link OneHotEncoderOptions} */
  constructor(options: OneHotEncoderOptions = {}) {
    super(ONE_HOT_ENCODER_DEFAULTS, options);
  }

  /**
   * Learns the categories of every column.
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on an empty table, mixed types or bad cells (naming column and row),
   *   or, with explicit categories and handleUnknown 'error', a value outside them
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: TableInput | MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const set = readTable(X, { estimator: this.estimatorType });
    const { categories: given, drop, handleUnknown, minFrequency, maxCategories } = this.params;
    const d = set.names.length;
    checkCategoryLists(this.estimatorType, given, d);
    const categories: Category[][] = [];
    const infrequent: (number[] | null)[] = [];
    const dropIdx: (number | null)[] = [];
    const infrequentEnabled = minFrequency !== null || maxCategories !== null;
    for (let j = 0; j < d; j++) {
      const name = set.names[j] as string;
      const col = set.columns[j] as Column;
      const { categories: cats, counts } = columnCategories(col, name, j, this.estimatorType, given, handleUnknown === 'error');
      categories.push(cats);
      const infreq = infrequentEnabled ? identifyInfrequent(cats.map((c) => counts.get(c) ?? 0), set.nRows, minFrequency, maxCategories) : null;
      infrequent.push(infreq);
      const nSlots = cats.length - (infreq ? infreq.length - 1 : 0);
      dropIdx.push(drop === 'first' ? 0 : (drop === 'if_binary' || drop === 'ifBinary') && nSlots === 2 ? 0 : null);
    }
    return this.commit({ nFeaturesIn: d, featureNamesIn: set.names.slice(), categories, infrequent, dropIdx });
  }

  /** Categories of each column, in output order before grouping (null = missing). @throws {@link NotFittedError} before fit. */
  get categories(): Category[][] {
    return this.fitted('categories').categories.map((c) => c.slice());
  }

  /** Infrequent categories of each column (null when none). @throws {@link NotFittedError} before fit. */
  get infrequentCategories(): (Category[] | null)[] {
    const s = this.fitted('infrequentCategories');
    return s.infrequent.map((idx, j) => (idx ? idx.map((c) => (s.categories[j] as readonly Category[])[c] as Category) : null));
  }

  /** Column names seen in fit (`x0, x1, ...` for unnamed input). @throws {@link NotFittedError} before fit. */
  get featureNamesIn(): string[] {
    return this.fitted('featureNamesIn').featureNamesIn.slice();
  }

  /**
   * One-hot encodes rows.
   * @throws {@link NotFittedError} before fit
   * @throws {@link ValidationError} on an unknown category with handleUnknown 'error' (naming column,
   *   row and value), a bad cell, an absent column or the wrong width
   */
  transform(X: TableInput | MatrixInput): Matrix {
    const s = this.fitted('transform');
    const set = readFittedTable(X, s.featureNamesIn, { estimator: this.estimatorType });
    const { layouts, width } = buildLayouts(s);
    const n = set.nRows;
    const out = new Float64Array(n * width);
    const handleUnknown = this.params.handleUnknown;
    for (let j = 0; j < s.nFeaturesIn; j++) {
      const L = layouts[j] as Layout;
      const col = set.columns[j] as Column;
      const name = set.names[j] as string;
      for (let i = 0; i < n; i++) {
        const key = checkCell(col[i], name, i, j, this.estimatorType);
        const c = L.lookup.get(key);
        let slot: number;
        if (c === undefined) {
          if (handleUnknown === 'error') {
            throw new ValidationError(messages.preprocess.unknownCategory(this.estimatorType, name, i, col[i], s.categories[j] as readonly Category[], j), { row: i, column: j });
          }
          if (handleUnknown === 'ignore' || L.infrequentSlot < 0) continue;
          slot = L.infrequentSlot;
        } else slot = L.slotOf[c] as number;
        if (slot === L.drop) continue;
        out[i * width + L.offset + (L.drop >= 0 && slot > L.drop ? slot - 1 : slot)] = 1;
      }
    }
    return { rows: n, cols: width, data: out };
  }

  /**
   * scikit-learn's `inverse_transform` (named apart because segmentkit's `inverseTransform` always
   * returns a numeric Matrix). Maps one-hot rows back to categories: per feature the category of the largest column; an
   * all-zero block gives the dropped category, or null (unknown) when none was dropped. The
   * infrequent column decodes to the string 'infrequent'.
   *
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on the wrong width.
   */
  inverseCategories(Y: MatrixInput): Category[][] {
    const s = this.fitted('inverseCategories');
    const { layouts, width } = buildLayouts(s);
    const m = validateMatrix(Y, { estimator: this.estimatorType, input: 'Y', nFeatures: width, minFeatures: width === 0 ? 0 : 1 });
    const out: Category[][] = [];
    for (let i = 0; i < m.rows; i++) {
      const rowOut: Category[] = [];
      for (let j = 0; j < s.nFeaturesIn; j++) {
        const L = layouts[j] as Layout;
        const cats = s.categories[j] as readonly Category[];
        const nOut = L.nSlots - (L.drop >= 0 ? 1 : 0);
        let best = -1;
        let bestV = 0;
        for (let t = 0; t < nOut; t++) {
          const v = m.data[i * width + L.offset + t] as number;
          if (v > bestV) {
            bestV = v;
            best = t;
          }
        }
        const slot = best < 0 ? L.drop : L.drop >= 0 && best >= L.drop ? best + 1 : best;
        if (slot < 0) rowOut.push(null);
        else if (slot === L.infrequentSlot) rowOut.push('infrequent');
        else rowOut.push(cats[L.slotOf.indexOf(slot)] as Category);
      }
      out.push(rowOut);
    }
    return out;
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: TableInput | MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names `<feature>_<category>` (`<feature>_nan` for missing, `<feature>_infrequent` for the group). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    const names = defaultFeatureNames(s.nFeaturesIn, inputNames ?? s.featureNamesIn, this.estimatorType);
    const { layouts } = buildLayouts(s);
    const out: string[] = [];
    for (let j = 0; j < s.nFeaturesIn; j++) {
      const L = layouts[j] as Layout;
      const cats = s.categories[j] as readonly Category[];
      for (let slot = 0; slot < L.nSlots; slot++) {
        if (slot === L.drop) continue;
        const label = slot === L.infrequentSlot ? 'infrequent' : categoryLabel(cats[L.slotOf.indexOf(slot)] as Category);
        out.push(`${names[j] as string}_${label}`);
      }
    }
    return out;
  }

  protected override checkState(s: OneHotEncoderState): void {
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    };
    if (s.featureNamesIn.length !== s.nFeaturesIn) bad('featureNamesIn does not match nFeaturesIn.');
    if (!Array.isArray(s.categories) || s.categories.length !== s.nFeaturesIn || !s.categories.every(isCategoryList)) bad('categories must be one category list per feature.');
    if (!Array.isArray(s.infrequent) || s.infrequent.length !== s.nFeaturesIn) bad('infrequent must have one entry per feature.');
    if (!Array.isArray(s.dropIdx) || s.dropIdx.length !== s.nFeaturesIn) bad('dropIdx must have one entry per feature.');
    for (let j = 0; j < s.nFeaturesIn; j++) {
      const n = (s.categories[j] as readonly Category[]).length;
      const inf = s.infrequent[j];
      if (inf !== null && (!Array.isArray(inf) || !inf.every((c) => Number.isInteger(c) && c >= 0 && c < n))) bad(`infrequent[${j}] has an index out of range.`);
      const dIdx = s.dropIdx[j];
      if (dIdx !== null && dIdx !== 0) bad(`dropIdx[${j}] must be 0 or null.`);
    }
  }
}
