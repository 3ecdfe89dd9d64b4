/**
 * ColumnTransformer: per-column-group chains of transformers over a table, concatenated into one
 * numeric matrix with names that trace every output column back to its source.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type AnyEstimator, type EstimatorStatics, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, custom, oneOf, validateParams, type ParamConstraints } from '../core/params.js';
import { decodeState, field, readHeader, type DecodeContext, type EstimatorJSON, type StateSchema } from '../core/serialize.js';
import { readTable, tableToMatrix, type Column, type ColumnSet, type TableInput } from './table.js';

/** A transformer usable as a step: fit, transform to a Matrix, featureNamesOut. */
export type ColumnStep = AnyEstimator & {
  /** Learns from the group's columns. */
  fit(X: never, options?: FitOptions): unknown;
  /** Maps the group's columns to numbers. */
  transform(X: never): Matrix;
  /** Output column names from the group's input names. */
  featureNamesOut(inputNames?: readonly string[]): string[];
};

/** One group of columns and what to do with them. */
export interface ColumnGroup {
  /** Group name, the prefix of its output names (`<name>__<feature>`). Unique; not 'remainder'. */
  readonly name: string;
  /** Input column names of the group. */
  readonly columns: readonly string[];
  /**
   * A transformer, a chain of transformers applied in order (e.g. imputer then scaler), or
   * 'passthrough' (numeric columns copied) or 'drop'.
   */
  readonly steps: ColumnStep | readonly ColumnStep[] | 'passthrough' | 'drop';
}

/** Options of {@link ColumnTransformer}. */
export interface ColumnTransformerOptions {
  /** The column groups, in output order. @defaultValue [] */
  readonly transformers?: readonly ColumnGroup[];
  /** Columns in no group: 'drop', or 'passthrough' (numeric, appended last). @defaultValue 'drop' */
  readonly remainder?: 'drop' | 'passthrough';
  /** Prefix output names with the group name (`num__age`), as scikit-learn. @defaultValue true */
  readonly verboseFeatureNamesOut?: boolean;
}

/** Parameters of {@link ColumnTransformer} after defaults. */
export type ColumnTransformerParams = Required<ColumnTransformerOptions>;

/** Defaults of {@link ColumnTransformer}. */
export const COLUMN_TRANSFORMER_DEFAULTS: Readonly<ColumnTransformerParams> = Object.freeze({
  transformers: Object.freeze([]) as readonly ColumnGroup[],
  remainder: 'drop',
  verboseFeatureNamesOut: true,
});

/** Where one output column comes from. */
export interface FeatureSource {
  /** The output column name. */
  readonly name: string;
  /** The group that produced it ('remainder' for passed-through leftovers). */
  readonly group: string;
  /** The input columns it derives from. */
  readonly columns: readonly string[];
}

interface ColumnTransformerState {
  readonly nFeaturesIn: number;
  readonly featureNamesIn: readonly string[];
  readonly fitted: readonly (readonly AnyEstimator[])[];
  readonly remainderColumns: readonly string[];
  readonly featureNamesOut: readonly string[];
  readonly sources: readonly FeatureSource[];
}

function isStep(v: unknown): v is ColumnStep {
  const s = v as Partial<ColumnStep> | null;
  return typeof s === 'object' && s !== null && typeof s.fit === 'function' && typeof s.transform === 'function' && typeof s.toJSON === 'function' && typeof s.clone === 'function';
}

function stepsOf(g: ColumnGroup): readonly ColumnStep[] {
  if (typeof g.steps === 'string') return [];
  return Array.isArray(g.steps) ? (g.steps as readonly ColumnStep[]) : [g.steps as ColumnStep];
}

const groupsConstraint = custom(
  "an array of groups { name, columns: string[], steps } with unique names (not 'remainder') and steps a transformer, a non-empty array of transformers, 'passthrough' or 'drop'",
  (v) => {
    if (!Array.isArray(v)) return false;
    const seen = new Set<string>();
    for (const g of v as unknown[]) {
      const grp = g as Partial<ColumnGroup> | null;
      if (typeof grp !== 'object' || grp === null || typeof grp.name !== 'string' || grp.name === '' || grp.name === 'remainder' || seen.has(grp.name)) return false;
      seen.add(grp.name);
      if (!Array.isArray(grp.columns) || !grp.columns.every((c) => typeof c === 'string')) return false;
      const st = grp.steps;
      const ok = st === 'passthrough' || st === 'drop' || isStep(st) || (Array.isArray(st) && st.length > 0 && st.every(isStep));
      if (!ok) return false;
    }
    return true;
  },
);

type Current = { kind: 'table'; set: ColumnSet } | { kind: 'matrix'; m: Matrix; names: string[] };

function columnsObject(set: ColumnSet): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (let j = 0; j < set.names.length; j++) out[set.names[j] as string] = set.columns[j] as Column;
  return out;
}

function matrixColumns(m: Matrix, names: readonly string[]): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (let j = 0; j < m.cols; j++) {
    const c = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) c[i] = m.data[i * m.cols + j] as number;
    out[names[j] as string] = c;
  }
  return out;
}

function subset(all: ColumnSet, columns: readonly string[], index: Map<string, number>): ColumnSet {
  const at = columns.map((c) => index.get(c) as number);
  return { names: columns, columns: at.map((j) => all.columns[j] as Column), nRows: all.nRows, named: true, positions: at.map((j) => all.positions?.[j] ?? j) };
}

/** The input columns an output name derives from: the longest input name it starts with, else all of them. */
function traceSources(outName: string, inputs: readonly string[]): string[] {
  let best: string | undefined;
  for (const c of inputs) {
    const hit = outName === c || outName.startsWith(`${c}_`) || outName === `missingindicator_${c}`;
    if (hit && (best === undefined || c.length > best.length)) best = c;
  }
  return best === undefined ? inputs.slice() : [best];
}

/**
 * Applies a chain of transformers to each group of columns of a table and concatenates the results.
 *
 * @remarks
 * Input is a table (records, columns, Arrow- or arquero-like), or a matrix / 2-D array whose
 * columns are named `x0, x1, ...`. Each group's chain starts from its columns: table-aware steps
 * ({@link SimpleImputer}, {@link OneHotEncoder}, {@link OrdinalEncoder}, {@link DateFeatures},
 * ColumnTransformer) receive the columns as they are; numeric steps (scalers, transforms) receive a
 * matrix, and a text or missing cell there is an error naming its column and row. A step before the
 * last that has `transformTable` (SimpleImputer) hands on cells with their types kept, so
 * imputer-then-encoder chains work. Steps given in the options are templates: fit clones them, so the
 * options never change. Cost: the sum of the steps' costs plus O(n d) copying. Output names follow
 * scikit-learn (`<group>__<feature>`, `remainder__<column>`); {@link ColumnTransformer.featureSources}
 * maps each output column to its input columns. Matches scikit-learn's `ColumnTransformer`.
 *
 * @throws {@link ValidationError} from fit or transform on an absent column, a record missing a
 *   column, an empty table, or bad cells (naming column and row)
 * @example
 * ```ts
 * import { ColumnTransformer, OneHotEncoder, SimpleImputer, StandardScaler } from 'segmentkit';
 * const ct = new ColumnTransformer({
 *   transformers: [
 *     { name: 'num', columns: ['age'], steps: [new SimpleImputer(), new StandardScaler()] },
 *     { name: 'cat', columns: ['plan'], steps: [new SimpleImputer({ strategy: 'mostFrequent' }), new OneHotEncoder()] },
 *   ],
 * });
 * const out = ct.fitTransform([{ age: 20, plan: 'pro' }, { age: 40, plan: null }, { age: null, plan: 'free' }]);
 * console.log(ct.featureNamesOut(), out.rows); // ['num__age', 'cat__plan_free', 'cat__plan_pro'] 3
 * ```
 */
export class ColumnTransformer extends BaseEstimator<ColumnTransformerParams, ColumnTransformerState> implements Transformer<TableInput | MatrixInput> {
  /** Stable type name. */
  static readonly estimatorType = 'ColumnTransformer';
  /** Takes tables as input (it can be a step of another ColumnTransformer). */
  static readonly tableInput = true;
  /** Defaults of every parameter. */
  static readonly defaults = COLUMN_TRANSFORMER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<ColumnTransformerParams> = {
    transformers: [groupsConstraint],
    remainder: [oneOf('drop', 'passthrough')],
    verboseFeatureNamesOut: [bool],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    featureNamesIn: field.array(field.string()),
    fitted: field.array(field.array(field.estimator())),
    remainderColumns: field.array(field.string()),
    featureNamesOut: field.array(field.string()),
    sources: field.json(),
  };

  /** @param options - see {@link ColumnTransformerOptions} */
  constructor(options: ColumnTransformerOptions = {}) {
    super(COLUMN_TRANSFORMER_DEFAULTS, options);
  }

  private runChain(steps: readonly AnyEstimator[], set: ColumnSet, group: string, fit: boolean): { m: Matrix; names: string[] } {
    let cur: Current = { kind: 'table', set };
    const where = `${this.estimatorType} (group '${group}')`;
    for (let k = 0; k < steps.length; k++) {
      const est = steps[k] as unknown as ColumnStep & { transformTable?: (X: unknown) => Record<string, Column> };
      const tableInput = (est.constructor as { tableInput?: boolean }).tableInput === true;
      let input: unknown;
      let inNames: string[];
      if (cur.kind === 'table') {
        inNames = cur.set.names.slice();
        input = tableInput ? columnsObject(cur.set) : tableToMatrix(cur.set, { estimator: where });
      } else {
        inNames = cur.names;
        input = tableInput ? matrixColumns(cur.m, cur.names) : cur.m;
      }
      if (fit) (est.fit as (X: unknown) => unknown)(input);
      if (k < steps.length - 1 && typeof est.transformTable === 'function') {
        cur = { kind: 'table', set: readTable(est.transformTable(input), { estimator: where }) };
      } else {
        const m = (est.transform as (X: unknown) => Matrix)(input);
        cur = { kind: 'matrix', m, names: est.featureNamesOut(inNames) };
      }
    }
    if (cur.kind === 'table') return { m: tableToMatrix(cur.set, { estimator: where }), names: cur.set.names.slice() };
    return cur;
  }

  private read(X: unknown, s: ColumnTransformerState | undefined): { all: ColumnSet; index: Map<string, number> } {
    let all = readTable(X, { estimator: this.estimatorType });
    if (s !== undefined) {
      if (!all.named) {
        if (all.names.length !== s.nFeaturesIn) throw new ValidationError(messages.featureCount(this.estimatorType, 'X', all.names.length, s.nFeaturesIn));
        all = { ...all, names: s.featureNamesIn };
      }
    }
    return { all, index: new Map(all.names.map((n, j) => [n, j])) };
  }

  private columnsOf(all: ColumnSet, index: Map<string, number>, columns: readonly string[]): ColumnSet {
    for (const c of columns) {
      if (!index.has(c)) throw new ValidationError(messages.preprocess.absentColumn(this.estimatorType, 'X', c, all.names));
    }
    return subset(all, columns, index);
  }

  private assemble(parts: readonly Matrix[], n: number): Matrix {
    const width = parts.reduce((w, p) => w + p.cols, 0);
    const out = new Float64Array(n * width);
    let offset = 0;
    for (const p of parts) {
      for (let i = 0; i < n; i++) out.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * width + offset);
      offset += p.cols;
    }
    return { rows: n, cols: width, data: out };
  }

  /**
   * Fits every group's chain (on clones of the given steps).
   * @param options - unused (for the Transformer signature)
   * @throws {@link ValidationError} on an absent column, a record missing a column, an empty table,
   *   duplicate output names without verbose names, or any step's error
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: TableInput | MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    this.fitInternal(X);
    return this;
  }

  private fitInternal(X: unknown): Matrix {
    const { transformers, remainder, verboseFeatureNamesOut } = this.params;
    const { all, index } = this.read(X, undefined);
    const used = new Set<string>();
    const parts: Matrix[] = [];
    const fitted: AnyEstimator[][] = [];
    const names: string[] = [];
    const sources: FeatureSource[] = [];
    for (const g of transformers) {
      const set = this.columnsOf(all, index, g.columns);
      for (const c of g.columns) used.add(c);
      if (g.steps === 'drop') {
        fitted.push([]);
        continue;
      }
      let res: { m: Matrix; names: string[] };
      if (g.steps === 'passthrough') {
        fitted.push([]);
        res = { m: tableToMatrix(set, { estimator: `${this.estimatorType} (group '${g.name}')` }), names: g.columns.slice() };
      } else {
        const steps = stepsOf(g).map((st) => st.clone() as AnyEstimator);
        res = this.runChain(steps, set, g.name, true);
        fitted.push(steps);
      }
      parts.push(res.m);
      for (const nm of res.names) {
        const out = verboseFeatureNamesOut ? `${g.name}__${nm}` : nm;
        names.push(out);
        sources.push({ name: out, group: g.name, columns: traceSources(nm, g.columns) });
      }
    }
    const remainderColumns = all.names.filter((c) => !used.has(c));
    if (remainder === 'passthrough' && remainderColumns.length > 0) {
      parts.push(tableToMatrix(subset(all, remainderColumns, index), { estimator: `${this.estimatorType} (remainder)` }));
      for (const c of remainderColumns) {
        const out = verboseFeatureNamesOut ? `remainder__${c}` : c;
        names.push(out);
        sources.push({ name: out, group: 'remainder', columns: [c] });
      }
    }
    const seen = new Set<string>();
    for (const nm of names) {
      if (seen.has(nm)) throw new ValidationError(messages.preprocess.duplicateName(this.estimatorType, 'output names (set verboseFeatureNamesOut to true)', nm));
      seen.add(nm);
    }
    const result = this.assemble(parts, all.nRows);
    this.commit({ nFeaturesIn: all.names.length, featureNamesIn: all.names.slice(), fitted, remainderColumns, featureNamesOut: names, sources });
    return result;
  }

  /**
   * Transforms a table with the fitted chains.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on an absent column, the wrong
   *   width for unnamed input, or any step's error (unknown category, bad cell...)
   */
  transform(X: TableInput | MatrixInput): Matrix {
    const s = this.fitted('transform');
    const { all, index } = this.read(X, s);
    const parts: Matrix[] = [];
    const { transformers, remainder } = this.params;
    transformers.forEach((g, k) => {
      if (g.steps === 'drop') return;
      const set = this.columnsOf(all, index, g.columns);
      if (g.steps === 'passthrough') parts.push(tableToMatrix(set, { estimator: `${this.estimatorType} (group '${g.name}')` }));
      else parts.push(this.runChain(s.fitted[k] as readonly AnyEstimator[], set, g.name, false).m);
    });
    if (remainder === 'passthrough' && s.remainderColumns.length > 0) {
      parts.push(tableToMatrix(this.columnsOf(all, index, s.remainderColumns), { estimator: `${this.estimatorType} (remainder)` }));
    }
    const out = this.assemble(parts, all.nRows);
    if (out.cols !== s.featureNamesOut.length) {
      throw new ValidationError(`${this.estimatorType} produced ${out.cols} columns at transform but ${s.featureNamesOut.length} in fit; a step's output width changed.`);
    }
    return out;
  }

  /** Fits and transforms in one pass over the chains (same result as `fit(X).transform(X)`). */
  fitTransform(X: TableInput | MatrixInput, options: FitOptions = {}): Matrix {
    void options;
    this.checkParams();
    return this.fitInternal(X);
  }

  /** Output column names (`<group>__<feature>`, `remainder__<column>`); `inputNames` is ignored: names come from fit. */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    void inputNames;
    return this.fitted('featureNamesOut').featureNamesOut.slice();
  }

  /** For each output column: its name, its group, and the input columns it derives from. @throws {@link NotFittedError} before fit. */
  get featureSources(): FeatureSource[] {
    return this.fitted('featureSources').sources.map((x) => ({ name: x.name, group: x.group, columns: x.columns.slice() }));
  }

  /** Input column names seen in fit. @throws {@link NotFittedError} before fit. */
  get featureNamesIn(): string[] {
    return this.fitted('featureNamesIn').featureNamesIn.slice();
  }

  /** Columns in no group (dropped or passed through by `remainder`). @throws {@link NotFittedError} before fit. */
  get remainderColumns(): string[] {
    return this.fitted('remainderColumns').remainderColumns.slice();
  }

  /** The fitted steps of a group, by group name (empty for 'passthrough' and 'drop'). @throws {@link NotFittedError} before fit. */
  namedTransformer(name: string): AnyEstimator[] {
    const s = this.fitted('namedTransformer');
    const k = this.params.transformers.findIndex((g) => g.name === name);
    if (k < 0) throw new ValidationError(`${this.estimatorType} has no group named '${name}'. Groups: ${this.params.transformers.map((g) => `'${g.name}'`).join(', ')}.`);
    return (s.fitted[k] as readonly AnyEstimator[]).slice();
  }

  /** The model document; steps in params are written as unfitted estimator documents. */
  override toJSON(): EstimatorJSON {
    const doc = super.toJSON();
    const transformers = this.params.transformers.map((g) => ({
      name: g.name,
      columns: g.columns.slice(),
      steps: typeof g.steps === 'string' ? g.steps : stepsOf(g).map((st) => st.clone().toJSON()),
    }));
    return { ...doc, params: { ...doc.params, transformers } };
  }

  /**
   * Restores a ColumnTransformer from {@link ColumnTransformer.toJSON}; nested steps are restored
   * through the registry (use the package's `fromJSON`, which supplies it).
   *
   * @throws {@link SerializationError} on any malformed document or when no registry is supplied.
   */
  static override fromJSON<T extends AnyEstimator>(this: new (options?: never) => T, json: unknown, context?: Omit<DecodeContext, 'estimator'>): T {
    const statics = this as unknown as EstimatorStatics & { prototype: ColumnTransformer };
    const type = statics.estimatorType;
    const header = readHeader(json);
    if (header.type !== type) throw new SerializationError(messages.serialization.wrongType(type, header.type));
    const revive = context?.reviveEstimator;
    if (revive === undefined) {
      throw new SerializationError(messages.serialization.badField(type, 'params.transformers', 'restored through fromJSON() (nested steps need the registry)', 'no registry'));
    }
    const raw = header.params.transformers;
    if (raw !== undefined && !Array.isArray(raw)) throw new SerializationError(messages.serialization.badField(type, 'params.transformers', 'an array', raw));
    const transformers = (raw ?? []).map((g: unknown, k: number) => {
      const grp = g as { name?: unknown; columns?: unknown; steps?: unknown } | null;
      if (typeof grp !== 'object' || grp === null) throw new SerializationError(messages.serialization.badField(type, `params.transformers[${k}]`, 'an object', g));
      const steps = typeof grp.steps === 'string' ? grp.steps : Array.isArray(grp.steps) ? grp.steps.map((d) => revive(d)) : grp.steps;
      return { name: grp.name, columns: grp.columns, steps };
    });
    const est = new this({ ...header.params, transformers } as never);
    try {
      validateParams(type, est.params as object, statics.constraints as ParamConstraints<object>);
    } catch (err) {
      throw new SerializationError(messages.serialization.badParams(type, (err as Error).message));
    }
    if (header.state !== null && header.state !== undefined) {
      const state = decodeState(statics.stateSchema, header.state, { estimator: type, reviveEstimator: revive });
      (est as unknown as { restoreState(s: unknown): void }).restoreState(state);
    }
    return est;
  }

  protected override checkState(s: ColumnTransformerState): void {
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    };
    if (s.featureNamesIn.length !== s.nFeaturesIn) bad('featureNamesIn does not match nFeaturesIn.');
    if (s.fitted.length !== this.params.transformers.length) bad('fitted must have one chain per group.');
    this.params.transformers.forEach((g, k) => {
      if ((s.fitted[k] as readonly AnyEstimator[]).length !== stepsOf(g).length) bad(`group '${g.name}' has the wrong number of fitted steps.`);
    });
    if (!Array.isArray(s.sources) || s.sources.length !== s.featureNamesOut.length) bad('sources must have one entry per output column.');
  }
}
