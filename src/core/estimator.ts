/**
 * The estimator contract: frozen params in, one learned state out.
 *
 * @packageDocumentation
 */
import { AbortError, NotFittedError, SerializationError } from './errors.js';
import type { Matrix, MatrixInput } from './matrix.js';
import { messages } from './messages.js';
import { validateParams, type ParamConstraints } from './params.js';
import {
  decodeState,
  deepFreeze,
  encodeState,
  FORMAT,
  FORMAT_VERSION,
  plainParams,
  readHeader,
  type DecodeContext,
  type EstimatorJSON,
  type StateSchema,
} from './serialize.js';
import { validateMatrix, type ValidateMatrixOptions } from './validation.js';
import type { SegmentWarning } from './warnings.js';

/** Progress of long work (k sweeps, restarts, deep training), reported through `onProgress`. */
export interface Progress {
  /** What is running, e.g. 'init', 'restart', 'pretrain', 'cluster'. */
  readonly stage: string;
  /** 1-based step within the stage. */
  readonly step: number;
  /** Steps in the stage. */
  readonly total: number;
  /** Current loss or objective, when there is one. */
  readonly loss?: number;
}

/** Per-call options of `fit` that are not hyperparameters (they are not serialized). */
export interface FitOptions {
  /** Per-sample weights (non-negative), where the estimator supports them. */
  readonly sampleWeight?: ArrayLike<number>;
  /** Stops a long fit; the estimator then keeps its previous state and throws {@link AbortError}. */
  readonly signal?: AbortSignal;
  /** Called as long work advances. */
  readonly onProgress?: (progress: Progress) => void;
}

/** Fields every fitted state has. */
export interface BaseState {
  /** Number of features seen in fit. */
  readonly nFeaturesIn: number;
}

/** The static side every estimator class provides (read through the constructor). */
export interface EstimatorStatics<P = object> {
  /** Stable type name written into documents (class names do not survive minifiers). */
  readonly estimatorType: string;
  /** Frozen defaults of every parameter. */
  readonly defaults: P;
  /** Constraint table checked at the start of fit and on restore. */
  readonly constraints: ParamConstraints<P>;
  /** Schema of the fitted state, for serialization. */
  readonly stateSchema: StateSchema;
}

/** A constructor of estimators with its statics. */
export type EstimatorClass<E = AnyEstimator> = (new (options?: never) => E) & EstimatorStatics;

/** Any estimator, whatever its params and state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEstimator = BaseEstimator<any, any>;

/** Throws {@link AbortError} when the signal has fired. Call between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined, estimator: string): void {
  if (signal?.aborted) throw new AbortError(messages.aborted(estimator));
}

/**
 * Base class of every estimator.
 *
 * @remarks
 * Subclasses call `super(DEFAULTS, options)` and do nothing else in their constructor; they declare
 * `static estimatorType`, `defaults`, `constraints` and `stateSchema`. `fit` validates params,
 * computes into locals, and ends with `return this.commit(state)`
 * so a failed refit leaves the previous state intact. Parameters are checked with the protected
 * `checkParams()` at the start of fit.
 *
 * @typeParam P - the parameter object (every field present after defaults)
 * @typeParam S - the fitted state
 */
export abstract class BaseEstimator<P extends object, S extends BaseState> {
  /** The hyperparameters: defaults merged with the options given, deep-frozen plain data. */
  readonly params: Readonly<P>;
  #state: S | undefined;
  #warnings: readonly SegmentWarning[] = Object.freeze([]);

  protected constructor(defaults: P, options: Partial<P> | undefined) {
    const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    if (options !== null && typeof options === 'object') {
      for (const [k, v] of Object.entries(options)) if (v !== undefined) merged[k] = v;
    }
    this.params = deepFreeze(plainParams(merged) as P);
  }

  /** The class's statics. */
  protected get statics(): EstimatorStatics<P> {
    return this.constructor as unknown as EstimatorStatics<P>;
  }

  /** Stable type name, as written into documents. */
  get estimatorType(): string {
    return this.statics.estimatorType;
  }

  /** True once `fit` (or `fromJSON` of a fitted document) has succeeded. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Warnings raised by the last successful fit (codes such as NOT_CONVERGED). */
  get warnings(): readonly SegmentWarning[] {
    return this.#warnings;
  }

  /** Number of features seen in fit. @throws {@link NotFittedError} before fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  /** A plain copy of the parameters. */
  getParams(): P {
    return plainParams(this.params) as P;
  }

  /** A new unfitted estimator of the same class with some parameters changed. */
  withParams(changes: Partial<P>): this {
    const Ctor = this.constructor as new (options: Partial<P>) => this;
    return new Ctor({ ...this.getParams(), ...changes });
  }

  /** A new unfitted estimator with the same parameters. */
  clone(): this {
    return this.withParams({});
  }

  /** The fitted state. @throws {@link NotFittedError} before fit, naming `method`. */
  protected fitted(method: string): S {
    if (this.#state === undefined) throw new NotFittedError(messages.notFitted(this.estimatorType, method));
    return this.#state;
  }

  /** Validates the parameters against the class's constraint table. */
  protected checkParams(): void {
    validateParams(this.estimatorType, this.params, this.statics.constraints);
  }

  /**
   * Validates input for this estimator. After fit, pass `fitted` so the width is enforced.
   */
  protected checkInput(X: MatrixInput | unknown, options: Omit<ValidateMatrixOptions, 'estimator'> & { fitted?: S } = {}): Matrix {
    const { fitted, ...rest } = options;
    return validateMatrix(X, {
      estimator: this.estimatorType,
      ...rest,
      ...(fitted ? { nFeatures: fitted.nFeaturesIn } : {}),
    });
  }

  /** Commits the learned state (the last line of fit) and returns `this`. */
  protected commit(state: S, warnings: readonly SegmentWarning[] = []): this {
    this.#state = state;
    this.#warnings = Object.freeze(warnings.slice());
    return this;
  }

  /**
   * Cross-field checks on a restored state (lengths agree with `nFeaturesIn`, labels in range...).
   * Throw {@link SerializationError} with `messages.serialization.inconsistent`. Default: none.
   */
  protected checkState(state: S): void {
    void state;
  }

  /**
   * The model as a JSON-safe document `{ format, version, type, params, state }`; state is null
   * before fit. Round-trips exactly through {@link BaseEstimator.fromJSON}.
   */
  toJSON(): EstimatorJSON {
    return {
      format: FORMAT,
      version: FORMAT_VERSION,
      type: this.estimatorType,
      params: plainParams(this.params) as Record<string, unknown>,
      state: this.#state === undefined ? null : encodeState(this.statics.stateSchema, this.#state as unknown as Record<string, unknown>),
    };
  }

  /** Restores decoded state after checks (used by fromJSON). */
  protected restoreState(state: S): void {
    this.checkState(state);
    this.#state = state;
  }

  /**
   * Restores an estimator of this class from a document made by `toJSON`, without fitting.
   * The document is untrusted: wrong format, newer version, other type, invalid params,
   * malformed or inconsistent state and prototype-polluting keys throw {@link SerializationError}.
   *
   * @example
   * ```ts
   * import { StandardScaler } from 'segmentkit';
   * const s = new StandardScaler().fit([[1], [3]]);
   * const t = StandardScaler.fromJSON(JSON.parse(JSON.stringify(s)));
   * console.log(Array.from(t.transform([[3]]).data)); // [1]
   * ```
   */
  static fromJSON<T extends AnyEstimator>(this: new (options?: never) => T, json: unknown, context?: Omit<DecodeContext, 'estimator'>): T {
    const statics = this as unknown as EstimatorStatics;
    const header = readHeader(json);
    if (header.type !== statics.estimatorType) {
      throw new SerializationError(messages.serialization.wrongType(statics.estimatorType, header.type));
    }
    const est = new this(header.params as never);
    try {
      validateParams(statics.estimatorType, est.params as object, statics.constraints as ParamConstraints<object>);
    } catch (err) {
      throw new SerializationError(messages.serialization.badParams(statics.estimatorType, (err as Error).message));
    }
    if (header.state !== null && header.state !== undefined) {
      const ctx: DecodeContext = { estimator: statics.estimatorType, ...context };
      const state = decodeState(statics.stateSchema, header.state, ctx);
      (est as unknown as { restoreState(s: unknown): void }).restoreState(state);
    }
    return est;
  }
}
