/**
 * Typed pipelines: preprocessing and reduction steps chained into a clusterer, fitted, used and
 * serialized as one object.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError } from './errors.js';
import { BaseEstimator, throwIfAborted, type AnyEstimator, type FitOptions } from './estimator.js';
import type { Matrix } from './matrix.js';
import { messages } from './messages.js';
import { custom, validateParams, type ParamConstraints } from './params.js';
import { decodeState, field, FORMAT, FORMAT_VERSION, readHeader, type DecodeContext, type EstimatorJSON, type StateSchema } from './serialize.js';
import type { SegmentWarning } from './warnings.js';

/** One named step of a {@link Pipeline}. */
export interface PipelineStep<E extends AnyEstimator = AnyEstimator> {
  /** Unique name (no '.'), used by `step()`, `named` and `withParams` keys. */
  readonly name: string;
  /** The estimator, fitted in place by the pipeline. */
  readonly estimator: E;
}

/** Options of {@link Pipeline} (usually built with {@link pipeline} instead). */
export interface PipelineOptions {
  /** The steps in order: every step but the last must have `transform`. @defaultValue [] */
  readonly steps?: readonly PipelineStep[];
}

/** Parameters of {@link Pipeline} after defaults. */
export type PipelineParams = Required<PipelineOptions>;

/** Defaults of {@link Pipeline}: no steps. */
export const PIPELINE_DEFAULTS: Readonly<PipelineParams> = Object.freeze({ steps: Object.freeze([]) as readonly PipelineStep[] });

interface PipelineState {
  readonly nFeaturesIn: number;
}

type Fn = (...args: never[]) => unknown;

function isEstimator(value: unknown): value is AnyEstimator {
  return value instanceof BaseEstimator;
}

function has<K extends string>(est: unknown, method: K): est is Record<K, Fn> {
  return typeof (est as Record<string, unknown> | undefined)?.[method] === 'function';
}

function isStepList(value: unknown): value is readonly PipelineStep[] {
  return (
    Array.isArray(value) &&
    value.every((s: unknown) => typeof s === 'object' && s !== null && typeof (s as PipelineStep).name === 'string' && isEstimator((s as PipelineStep).estimator))
  );
}

/** Reviver of nested documents for {@link Pipeline.fromJSON}, installed by the registry. */
let registryReviver: ((doc: unknown) => unknown) | undefined;

/**
 * Installs the function that restores nested estimator documents when `Pipeline.fromJSON` is
 * called without a context (the registry does this once; not part of the public API).
 * @internal
 */
export function setPipelineReviver(revive: (doc: unknown) => unknown): void {
  registryReviver = revive;
}

/** A default step name: the lowercased type, with `-2`, `-3`... when it is taken. */
function defaultName(est: AnyEstimator, taken: readonly PipelineStep[]): string {
  const base = est.estimatorType.toLowerCase();
  const names = new Set(taken.map((s) => s.name));
  if (!names.has(base)) return base;
  let i = 2;
  while (names.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}

/**
 * A sequence of estimators fitted one after the other: each step but the last is fitted on the
 * output of the previous one and transforms its input for the next (scikit-learn's `Pipeline`).
 *
 * @remarks
 * Build pipelines with {@link pipeline}, which gives them static types: each step's input type is
 * the previous step's output, and `predict`, `predictProba`, `transform`, `scoreSamples` exist only
 * when the last step has them. At run time the same rule holds: those members are `undefined`
 * when the last step lacks them, so `typeof p.predict === 'function'` tells what a restored
 * pipeline can do. Steps are fitted in place (a failed fit may leave earlier steps refitted, as in
 * scikit-learn). The whole pipeline serializes as one document whose `params.steps` holds the
 * nested step documents; {@link Pipeline.fromJSON} restores them through the registry. Costs are
 * the sum of the steps' costs.
 *
 * @example
 * ```ts
 * import { Pipeline, StandardScaler, KMeans, fromJSON } from 'segmentkit';
 * const p = new Pipeline({ steps: [
 *   { name: 'scale', estimator: new StandardScaler() },
 *   { name: 'kmeans', estimator: new KMeans({ nClusters: 2 }) },
 * ] }).fit([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * const back = fromJSON(JSON.stringify(p)) as Pipeline;
 * console.log(back.predict?.([[10, 12]])[0] === p.labels[2]); // true
 * ```
 */
export class Pipeline extends BaseEstimator<PipelineParams, PipelineState> {
  /** Stable type name. */
  static readonly estimatorType = 'Pipeline';
  /** Defaults of every parameter. */
  static readonly defaults = PIPELINE_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<PipelineParams> = {
    steps: [custom('an array of { name, estimator } steps with segmentkit estimators', isStepList)],
  };
  /** Schema of the fitted state (the marker that the pipeline as a whole was fitted). */
  static readonly stateSchema: StateSchema = { nFeaturesIn: field.int({ min: 1 }) };

  /** @param options - see {@link PipelineOptions} */
  constructor(options: PipelineOptions = {}) {
    super(PIPELINE_DEFAULTS, options);
  }

  /** The steps, in order (frozen). */
  get steps(): readonly PipelineStep[] {
    return isStepList(this.params.steps) ? this.params.steps : [];
  }

  /** The step estimators by name (frozen object). */
  get named(): Readonly<Record<string, AnyEstimator>> {
    const out: Record<string, AnyEstimator> = Object.create(null) as Record<string, AnyEstimator>;
    for (const s of this.steps) out[s.name] = s.estimator;
    return Object.freeze(out);
  }

  /**
   * A step's estimator by name or index (negative indices count from the end).
   * @throws {@link InvalidParameterError} when there is no such step.
   */
  step(key: string | number): AnyEstimator {
    return (this.steps[this.indexOf(key)] as PipelineStep).estimator;
  }

  /** The last step's estimator (the clusterer of a cluster pipeline). @throws {@link InvalidParameterError} without steps. */
  get clusterer(): AnyEstimator {
    const steps = this.checkSteps('clusterer');
    return (steps[steps.length - 1] as PipelineStep).estimator;
  }

  private indexOf(key: string | number): number {
    const steps = this.steps;
    const names = steps.map((s) => s.name);
    let i = typeof key === 'number' ? key : names.indexOf(key);
    if (i === -1 && typeof key === 'string' && /^-?\d+$/.test(key)) i = Number(key);
    if (typeof key === 'number' || /^-\d+$/.test(String(key))) i = i < 0 ? steps.length + i : i;
    if (!Number.isInteger(i) || i < 0 || i >= steps.length) {
      throw new InvalidParameterError('steps', messages.pipeline.unknownStep(String(key), names));
    }
    return i;
  }

  /** A new pipeline with `step` appended (the step objects are shared, not copied). */
  pipe(nameOrStep: string | AnyEstimator | readonly [string, AnyEstimator], maybeStep?: AnyEstimator): Pipeline {
    const steps = this.steps;
    const [name, estimator] = normalizeStep(nameOrStep, maybeStep, steps);
    if (steps.some((s) => s.name === name)) throw new InvalidParameterError('steps', messages.pipeline.duplicateName(name));
    const Ctor = this.constructor as new (options: PipelineOptions) => Pipeline;
    return new Ctor({ steps: [...steps, { name, estimator }] });
  }

  /** A new pipeline ending in `clusterer` (same as {@link Pipeline.pipe}; typed by {@link pipeline}). */
  cluster(nameOrStep: string | AnyEstimator | readonly [string, AnyEstimator], maybeStep?: AnyEstimator): Pipeline {
    return this.pipe(nameOrStep, maybeStep);
  }

  /** Checks the steps beyond the constraint table: names, at least one step, transformers before the last. */
  private checkSteps(method: string): readonly PipelineStep[] {
    const steps = this.params.steps as unknown;
    if (!isStepList(steps)) {
      throw new InvalidParameterError('steps', messages.invalidParameter(this.estimatorType, 'steps', 'an array of { name, estimator } steps with segmentkit estimators', steps));
    }
    if (steps.length === 0) throw new InvalidParameterError('steps', messages.pipeline.noSteps(method));
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (s.name.length === 0 || s.name.includes('.')) throw new InvalidParameterError('steps', messages.pipeline.badName(i, s.name));
      if (seen.has(s.name)) throw new InvalidParameterError('steps', messages.pipeline.duplicateName(s.name));
      seen.add(s.name);
      if (i < steps.length - 1 && !has(s.estimator, 'transform')) {
        throw new InvalidParameterError('steps', messages.pipeline.notTransformer(i, s.estimator.estimatorType));
      }
    });
    return steps;
  }

  private lastEstimator(): AnyEstimator | undefined {
    const steps = this.steps;
    return steps.length > 0 ? (steps[steps.length - 1] as PipelineStep).estimator : undefined;
  }

  /** Runs X through the transforms of steps [0, end). */
  private through(X: unknown, end: number): unknown {
    const steps = this.steps;
    let Xt = X;
    for (let i = 0; i < end; i++) Xt = ((steps[i] as PipelineStep).estimator as unknown as { transform(X: unknown): unknown }).transform(Xt);
    return Xt;
  }

  /** Fits every step but the last (fitTransform), then calls `final` on the last; commits on success. */
  private fitWith<R>(X: unknown, options: FitOptions, final: (est: AnyEstimator, Xt: unknown, opts: FitOptions) => R): R {
    this.checkParams();
    const steps = this.checkSteps('fit');
    const inner: FitOptions = {
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    };
    let Xt: unknown = X;
    for (let i = 0; i < steps.length - 1; i++) {
      throwIfAborted(options.signal, this.estimatorType);
      Xt = ((steps[i] as PipelineStep).estimator as unknown as { fitTransform(X: unknown, o: FitOptions): unknown }).fitTransform(Xt, inner);
    }
    throwIfAborted(options.signal, this.estimatorType);
    const last = (steps[steps.length - 1] as PipelineStep).estimator;
    const lastOptions: FitOptions = options.sampleWeight !== undefined ? { ...inner, sampleWeight: options.sampleWeight } : inner;
    const result = final(last, Xt, lastOptions);
    const warnings: SegmentWarning[] = [];
    for (const s of steps) warnings.push(...s.estimator.warnings);
    this.commit({ nFeaturesIn: (steps[0] as PipelineStep).estimator.nFeaturesIn }, warnings);
    return result;
  }

  /**
   * Fits each step on the output of the previous one.
   *
   * @param X - training data in the first step's input form
   * @param options - `signal` and `onProgress` go to every step, `sampleWeight` to the last step
   * @returns this
   * @throws {@link InvalidParameterError} for an empty pipeline, duplicate or dotted names, or a
   *   step without `transform` before the last; whatever the steps throw
   */
  fit(X: unknown, options: FitOptions = {}): this {
    this.fitWith(X, options, (est, Xt, o) => (est as unknown as { fit(X: unknown, o: FitOptions): unknown }).fit(Xt, o));
    return this;
  }

  /** `fit(X)` then the last step's labels: present when the last step is a clusterer. */
  get fitPredict(): ((X: unknown, options?: FitOptions) => Int32Array) | undefined {
    if (!has(this.lastEstimator(), 'fitPredict')) return undefined;
    return (X, options = {}) =>
      this.fitWith(X, options, (est, Xt, o) => (est as unknown as { fitPredict(X: unknown, o: FitOptions): Int32Array }).fitPredict(Xt, o));
  }

  /** Labels of the training rows from the last step. @throws {@link NotFittedError} before fit; {@link InvalidParameterError} when the last step is no clusterer. */
  get labels(): Int32Array {
    this.fitted('labels');
    const last = this.lastEstimator();
    if (!has(last, 'fitPredict')) throw new InvalidParameterError('steps', messages.pipeline.noMethod('labels', last?.estimatorType ?? 'nothing'));
    return (last as unknown as { labels: Int32Array }).labels;
  }

  private delegate<R>(method: string): ((X: unknown) => R) | undefined {
    const last = this.lastEstimator();
    if (!has(last, method)) return undefined;
    return (X) => {
      this.fitted(method);
      const Xt = this.through(X, this.steps.length - 1);
      return (last as unknown as Record<string, (X: unknown) => R>)[method]?.call(last, Xt) as R;
    };
  }

  /** Labels of new rows: present when the last step has `predict`. @throws {@link NotFittedError} before fit. */
  get predict(): ((X: unknown) => Int32Array) | undefined {
    return this.delegate<Int32Array>('predict');
  }

  /** Soft assignments of new rows: present when the last step has `predictProba`. @throws {@link NotFittedError} before fit. */
  get predictProba(): ((X: unknown) => Matrix) | undefined {
    return this.delegate<Matrix>('predictProba');
  }

  /** Transforms rows through every step: present when the last step has `transform`. @throws {@link NotFittedError} before fit. */
  get transform(): ((X: unknown) => Matrix) | undefined {
    return this.delegate<Matrix>('transform');
  }

  /** Per-row log-likelihoods from the last step: present when it has `scoreSamples`. @throws {@link NotFittedError} before fit. */
  get scoreSamples(): ((X: unknown) => Float64Array) | undefined {
    return this.delegate<Float64Array>('scoreSamples');
  }

  /** The last step's `score` of the transformed rows: present when it has one. @throws {@link NotFittedError} before fit. */
  get score(): ((X: unknown) => number) | undefined {
    return this.delegate<number>('score');
  }

  /** `fit(X)` then the transform of X: present when the last step has `transform`. */
  get fitTransform(): ((X: unknown, options?: FitOptions) => Matrix) | undefined {
    if (!has(this.lastEstimator(), 'transform')) return undefined;
    return (X, options = {}) =>
      this.fitWith(X, options, (est, Xt, o) => {
        const e = est as unknown as { fitTransform?: (X: unknown, o: FitOptions) => Matrix; fit(X: unknown, o: FitOptions): { transform(X: unknown): Matrix } };
        return typeof e.fitTransform === 'function' ? e.fitTransform(Xt, o) : e.fit(Xt, o).transform(Xt);
      });
  }

  /** Maps outputs back through every step in reverse: present when every step has `inverseTransform`. */
  get inverseTransform(): ((Y: unknown) => Matrix) | undefined {
    const steps = this.steps;
    if (steps.length === 0 || !steps.every((s) => has(s.estimator, 'inverseTransform'))) return undefined;
    return (Y) => {
      this.fitted('inverseTransform');
      let Xt = Y;
      for (let i = steps.length - 1; i >= 0; i--) Xt = ((steps[i] as PipelineStep).estimator as unknown as { inverseTransform(Y: unknown): unknown }).inverseTransform(Xt);
      return Xt as Matrix;
    };
  }

  /**
   * Output column names, each step naming its output from the previous step's names: present when
   * every step has `featureNamesOut`.
   */
  get featureNamesOut(): ((inputNames?: readonly string[]) => string[]) | undefined {
    const steps = this.steps;
    if (steps.length === 0 || !steps.every((s) => has(s.estimator, 'featureNamesOut'))) return undefined;
    return (inputNames) => {
      this.fitted('featureNamesOut');
      let names = inputNames;
      for (const s of steps) names = (s.estimator as unknown as { featureNamesOut(n?: readonly string[]): string[] }).featureNamesOut(names);
      return (names ?? []).slice();
    };
  }

  /**
   * Names of the columns the step at `key` outputs (by name or index), for example the features a
   * clusterer sees: `p.featureNamesAt(-2, names)`. Every step up to it needs `featureNamesOut`.
   * @throws {@link NotFittedError} before fit; {@link InvalidParameterError} for an unknown step or one without names.
   */
  featureNamesAt(key: string | number, inputNames?: readonly string[]): string[] {
    this.fitted('featureNamesAt');
    const end = this.indexOf(key);
    let names = inputNames;
    for (let i = 0; i <= end; i++) {
      const est = (this.steps[i] as PipelineStep).estimator;
      if (!has(est, 'featureNamesOut')) throw new InvalidParameterError('steps', messages.pipeline.noMethod('featureNamesOut', est.estimatorType));
      names = (est as unknown as { featureNamesOut(n?: readonly string[]): string[] }).featureNamesOut(names);
    }
    return (names ?? []).slice();
  }

  /** Parameters with unfitted clones of the steps (so the result never shares fitted state). */
  override getParams(): PipelineParams {
    const steps = this.params.steps as unknown;
    if (!isStepList(steps)) return { steps: steps as readonly PipelineStep[] };
    return { steps: steps.map((s) => ({ name: s.name, estimator: s.estimator.clone() })) };
  }

  /**
   * A new unfitted pipeline with step parameters changed, by `'<step name or index>.<param>'`
   * keys (`{ 'pca.nComponents': 3 }`, `{ '1.nComponents': 3 }`; nested pipelines take longer
   * paths), or new `steps`. Unchanged steps are cloned.
   * @throws {@link InvalidParameterError} for a key without '.', or an unknown step.
   */
  override withParams(changes: Readonly<Record<string, unknown>>): this {
    let steps: readonly PipelineStep[] = isStepList(this.params.steps) ? this.params.steps : [];
    let replaced = false;
    const dotted: [string, unknown][] = [];
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'steps') {
        if (!isStepList(value)) {
          // invalid steps are kept as given and rejected by fit, like any invalid parameter
          const Ctor = this.constructor as new (options: unknown) => this;
          return new Ctor({ steps: value });
        }
        steps = value;
        replaced = true;
        continue;
      }
      const dot = key.indexOf('.');
      if (dot <= 0 || dot === key.length - 1) throw new InvalidParameterError(key, messages.pipeline.badParamKey(key));
      dotted.push([key, value]);
    }
    const stepChanges = new Map<number, Record<string, unknown>>();
    const view = new Pipeline({ steps });
    for (const [key, value] of dotted) {
      const dot = key.indexOf('.');
      const i = view.indexOf(key.slice(0, dot));
      const bucket = stepChanges.get(i) ?? {};
      bucket[key.slice(dot + 1)] = value;
      stepChanges.set(i, bucket);
    }
    const next = steps.map((s, i) => {
      const c = stepChanges.get(i);
      const estimator = c !== undefined ? s.estimator.withParams(c) : replaced ? s.estimator : s.estimator.clone();
      return { name: s.name, estimator };
    });
    const Ctor = this.constructor as new (options: PipelineOptions) => this;
    return new Ctor({ steps: next });
  }

  /**
   * The pipeline as one document: `{ format, version, type: 'Pipeline', params: { steps: [{ name,
   * estimator: <step document> }] }, state: null | { nFeaturesIn } }`.
   * @throws {@link InvalidParameterError} when the steps are malformed.
   */
  override toJSON(): EstimatorJSON {
    const steps = this.checkSteps('toJSON');
    return {
      format: FORMAT,
      version: FORMAT_VERSION,
      type: this.estimatorType,
      params: { steps: steps.map((s) => ({ name: s.name, estimator: s.estimator.toJSON() })) },
      state: this.isFitted ? { nFeaturesIn: this.nFeaturesIn } : null,
    };
  }

  /**
   * Restores a pipeline and its nested steps from {@link Pipeline.toJSON}'s document, without
   * fitting. The document is untrusted: every nested step goes through the registry's checks.
   *
   * @throws {@link SerializationError} for a malformed document, an unknown or malformed step, a
   *   fitted marker with unfitted steps, or prototype-polluting keys.
   */
  static override fromJSON<T extends AnyEstimator>(this: new (options?: never) => T, json: unknown, context?: Omit<DecodeContext, 'estimator'>): T {
    const type = Pipeline.estimatorType;
    const header = readHeader(json);
    if (header.type !== type) throw new SerializationError(messages.serialization.wrongType(type, header.type));
    const revive = context?.reviveEstimator ?? registryReviver;
    if (revive === undefined) throw new SerializationError(messages.serialization.badField(type, 'params.steps', 'restored through fromJSON() from segmentkit', 'no registry'));
    const bad = (path: string, expected: string, got: unknown): never => {
      throw new SerializationError(messages.serialization.badField(type, path, expected, got));
    };
    for (const key of Object.keys(header.params)) if (key !== 'steps') bad(`params.${key}`, 'absent (known: steps)', header.params[key]);
    const rawSteps = header.params.steps;
    if (!Array.isArray(rawSteps)) return bad('params.steps', 'an array of { name, estimator }', rawSteps);
    const steps: PipelineStep[] = rawSteps.map((raw: unknown, i) => {
      const path = `params.steps[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(path, 'an object { name, estimator }', raw);
      const r = raw as Record<string, unknown>;
      for (const key of Object.keys(r)) if (key !== 'name' && key !== 'estimator') bad(`${path}.${key}`, 'absent (known: name, estimator)', r[key]);
      if (typeof r.name !== 'string') return bad(`${path}.name`, 'a string', r.name);
      const estimator = revive(r.estimator);
      if (!isEstimator(estimator)) return bad(`${path}.estimator`, 'a segmentkit estimator document', r.estimator);
      return { name: r.name, estimator };
    });
    const p = new Pipeline({ steps });
    try {
      validateParams(type, p.params, Pipeline.constraints);
      p.checkSteps('fromJSON');
    } catch (err) {
      throw new SerializationError(messages.serialization.badParams(type, (err as Error).message));
    }
    if (header.state !== null && header.state !== undefined) {
      const state = decodeState(Pipeline.stateSchema, header.state, { estimator: type }) as unknown as PipelineState;
      steps.forEach((s, i) => {
        if (!s.estimator.isFitted) throw new SerializationError(messages.serialization.inconsistent(type, `the pipeline is marked fitted but step ${i} ('${s.name}') is not.`));
      });
      const first = (steps[0] as PipelineStep).estimator.nFeaturesIn;
      if (first !== state.nFeaturesIn) {
        throw new SerializationError(messages.serialization.inconsistent(type, `nFeaturesIn is ${state.nFeaturesIn} but the first step was fitted on ${first} features.`));
      }
      p.restoreState(state);
    }
    return p as unknown as T;
  }
}

function normalizeStep(
  nameOrStep: string | AnyEstimator | readonly [string, AnyEstimator],
  maybeStep: AnyEstimator | undefined,
  taken: readonly PipelineStep[],
): [string, AnyEstimator] {
  let name: string | undefined;
  let estimator: unknown;
  if (typeof nameOrStep === 'string') {
    name = nameOrStep;
    estimator = maybeStep;
  } else if (Array.isArray(nameOrStep)) {
    name = nameOrStep[0] as string;
    estimator = nameOrStep[1];
  } else estimator = nameOrStep;
  if (!isEstimator(estimator)) throw new InvalidParameterError('steps', messages.pipeline.notAStep(taken.length, estimator));
  name ??= defaultName(estimator, taken);
  if (typeof name !== 'string' || name.length === 0 || name.includes('.')) throw new InvalidParameterError('steps', messages.pipeline.badName(taken.length, name));
  return [name, estimator];
}

// ---------------------------------------------------------------------------------------------
// static types of the builder

/** A step that can start a pipeline: any estimator with `transform`; its input type becomes the pipeline's. */
export type FirstStep = AnyEstimator & {
  /** Maps rows of the pipeline's input type to a matrix. */
  transform(X: never): Matrix;
  /** Fits and maps. */
  fitTransform(X: never, options?: FitOptions): Matrix;
};

/** The input type a step accepts (the parameter type of its `transform`). */
export type InputOf<S> = S extends {
  /** The step's transform, whose parameter type is read. */
  transform(X: infer I): Matrix;
}
  ? I
  : never;

/** A step that can follow another: it transforms the `Matrix` the previous step outputs. */
export type MatrixTransformer = AnyEstimator & {
  /** Maps a matrix to a matrix. */
  transform: (X: Matrix) => Matrix;
  /** Fits and maps. */
  fitTransform: (X: Matrix, options?: FitOptions) => Matrix;
};

/** A clusterer that can end a pipeline: it clusters the `Matrix` the previous step outputs. */
export type MatrixClusterer = AnyEstimator & {
  /** Clusters a matrix and returns the labels. */
  fitPredict: (X: Matrix, options?: FitOptions) => Int32Array;
  /** Labels of the training rows. */
  readonly labels: Int32Array;
};

/** One `'<step>.<param>'` key of {@link PipelineParamChanges} with the type of its value. */
export type StepParamEntry<N> = {
  [K in keyof N & string]: N[K] extends { readonly params: infer P }
    ? { [Q in keyof P & string]: { readonly key: `${K}.${Q}`; readonly value: P[Q] } }[keyof P & string]
    : never;
}[keyof N & string];

/**
 * The changes `withParams` accepts: `'<step name>.<param>'` keys typed from the named steps
 * (`{ 'pca.nComponents': 3 }`), `'<index>.<param>'` keys (checked at run time), or new `steps`.
 */
export type PipelineParamChanges<N> = { readonly [E in StepParamEntry<N> as E['key']]?: E['value'] } & {
  readonly [key: `${number}.${string}`]: unknown;
} & { readonly steps?: readonly PipelineStep[] };

/** What every typed pipeline has, whatever its last step. */
export interface PipelineBase<In, N> {
  /** 'Pipeline'. */
  readonly estimatorType: string;
  /** True once fit (or fromJSON of a fitted document) has succeeded. */
  readonly isFitted: boolean;
  /** Warnings of the steps' last fits. */
  readonly warnings: readonly SegmentWarning[];
  /** Number of features (columns) the first step was fitted on. */
  readonly nFeaturesIn: number;
  /** The parameters: the steps. */
  readonly params: Readonly<PipelineParams>;
  /** The steps in order. */
  readonly steps: readonly PipelineStep[];
  /** The explicitly named steps, typed. */
  readonly named: Readonly<N>;
  /** A named step, typed. */
  step<K extends keyof N & string>(name: K): N[K];
  /** A step by name or index (negative from the end). */
  step(key: string | number): AnyEstimator;
  /** Names of the columns output by one step. */
  featureNamesAt(key: string | number, inputNames?: readonly string[]): string[];
  /** Fits every step in order. */
  fit(X: In, options?: FitOptions): this;
  /** An unfitted copy with cloned steps. */
  clone(): this;
  /** An unfitted copy with step parameters changed. */
  withParams(changes: PipelineParamChanges<N>): this;
  /** Parameters with unfitted clones of the steps. */
  getParams(): PipelineParams;
  /** The whole pipeline as one JSON document. */
  toJSON(): EstimatorJSON;
}

/** A pipeline of transformers: it transforms, and can be extended by `pipe` or ended by `cluster`. */
export interface TransformerPipeline<In, N> extends PipelineBase<In, N> {
  /** Runs rows through every step. */
  transform(X: In): Matrix;
  /** Fits every step and returns the transform of X. */
  fitTransform(X: In, options?: FitOptions): Matrix;
  /** Output names, each step naming its output from the previous step's names. */
  featureNamesOut(inputNames?: readonly string[]): string[];
  /** Appends a transformer whose input is this pipeline's output. */
  pipe<S extends MatrixTransformer>(step: S): TransformerPipeline<In, N>;
  /** Appends a named transformer, typed in `named`, `step(name)` and `withParams`. */
  pipe<K extends string, S extends MatrixTransformer>(name: K, step: S): TransformerPipeline<In, N & { readonly [P in K]: S }>;
  /** Ends the pipeline in a clusterer. */
  cluster<C extends MatrixClusterer>(clusterer: C): ClusterPipeline<In, C, N>;
  /** Ends the pipeline in a named clusterer. */
  cluster<K extends string, C extends MatrixClusterer>(name: K, clusterer: C): ClusterPipeline<In, C, N & { readonly [P in K]: C }>;
}

/** What every cluster pipeline has. */
export interface ClusterPipelineBase<In, C, N> extends PipelineBase<In, N> {
  /** Fits every step and returns the training labels. */
  fitPredict(X: In, options?: FitOptions): Int32Array;
  /** Labels of the training rows. */
  readonly labels: Int32Array;
  /** The final clusterer, typed. */
  readonly clusterer: C;
}

/**
 * A pipeline ending in clusterer `C`: `predict` only when C is inductive, `predictProba` only when
 * C is soft, `transform` only when C transforms, `scoreSamples`/`score` only when C scores.
 */
export type ClusterPipeline<In, C, N> = ClusterPipelineBase<In, C, N> &
  (C extends ClustererWithPredict ? PredictMembers<In> : unknown) &
  (C extends ClustererWithPredictProba ? PredictProbaMembers<In> : unknown) &
  (C extends ClustererWithTransform ? TransformMembers<In> : unknown) &
  (C extends ClustererWithScores ? ScoreMembers<In> : unknown);

/** A clusterer that assigns new rows. */
export interface ClustererWithPredict {
  /** The cluster of each row. */
  predict: (X: Matrix) => Int32Array;
}

/** A clusterer with soft assignments. */
export interface ClustererWithPredictProba {
  /** Membership probabilities of each row. */
  predictProba: (X: Matrix) => Matrix;
}

/** A clusterer that transforms (e.g. distances to centres). */
export interface ClustererWithTransform {
  /** The clusterer's transform. */
  transform: (X: Matrix) => Matrix;
}

/** A clusterer that scores rows (log-likelihoods). */
export interface ClustererWithScores {
  /** Per-row scores. */
  scoreSamples: (X: Matrix) => Float64Array;
}

/** What a pipeline gains when its clusterer predicts. */
export interface PredictMembers<In> {
  /** The cluster of each new row, through every step. */
  predict(X: In): Int32Array;
}

/** What a pipeline gains when its clusterer gives soft assignments. */
export interface PredictProbaMembers<In> {
  /** Membership probabilities of new rows, through every step. */
  predictProba(X: In): Matrix;
}

/** What a pipeline gains when its clusterer transforms. */
export interface TransformMembers<In> {
  /** The clusterer's transform of rows run through the earlier steps. */
  transform(X: In): Matrix;
  /** Fits every step and returns the transform of X. */
  fitTransform(X: In, options?: FitOptions): Matrix;
  /** Output names of the clusterer's transform. */
  featureNamesOut(inputNames?: readonly string[]): string[];
}

/** What a pipeline gains when its clusterer scores rows. */
export interface ScoreMembers<In> {
  /** Per-row scores (log-likelihoods) of new rows, through every step. */
  scoreSamples(X: In): Float64Array;
  /** Mean score of the rows. */
  score(X: In): number;
}

/** No named steps yet. */
export type NoNames = Record<never, never>;

/**
 * Starts a typed pipeline with its first step (a transformer), optionally named:
 * `pipeline(new StandardScaler())` or `pipeline(['scale', new StandardScaler()])`. Continue with
 * `.pipe(step)` / `.pipe(name, step)` and end with `.cluster(clusterer)`.
 *
 * @remarks
 * The result's type follows the steps: the input type is the first step's, each `pipe` accepts
 * only steps that take a `Matrix`, and the members of the finished pipeline are those its last
 * step supports (a pipeline ending in DBSCAN has no `predict`). Unnamed steps are named after
 * their type in lower case (`standardscaler`, `pca`, `kmeans`; `-2`, `-3`... for repeats).
 *
 * @throws {@link InvalidParameterError} when a step is not a segmentkit estimator or its name is
 *   empty, contains '.', or is taken.
 * @example
 * ```ts
 * import { pipeline, StandardScaler, PCA, KMeans } from 'segmentkit';
 * const model = pipeline(new StandardScaler())
 *   .pipe('pca', new PCA({ nComponents: 1 }))
 *   .cluster(new KMeans({ nClusters: 2 }))
 *   .fit([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * console.log(model.predict([[10, 12]])[0] === model.labels[2]); // true
 * console.log(model.named.pca.nComponents); // 1
 * const wider = model.withParams({ 'pca.nComponents': 2 });
 * console.log(wider.step('pca').params.nComponents); // 2
 * ```
 */
export function pipeline<S extends FirstStep>(step: S): TransformerPipeline<InputOf<S>, NoNames>;
/** Starts a typed pipeline with a named first step. */
export function pipeline<K extends string, S extends FirstStep>(step: readonly [K, S]): TransformerPipeline<InputOf<S>, { readonly [P in K]: S }>;
export function pipeline(step: AnyEstimator | readonly [string, AnyEstimator]): unknown {
  return new Pipeline().pipe(step);
}
