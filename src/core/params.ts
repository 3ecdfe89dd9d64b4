/**
 * Declarative parameter constraints, checked at the start of `fit` (never in constructors), in the
 * manner of scikit-learn's `_parameter_constraints`.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from './errors.js';
import { isMatrix } from './matrix.js';
import { messages } from './messages.js';
import { MAX_SEED } from './random.js';

/** One allowed form of a parameter: a test and the words that describe it in messages. */
export interface Constraint {
  /** e.g. "an int in the range [1, inf)". */
  readonly describe: string;
  /** True when the value satisfies the constraint. */
  readonly test: (value: unknown) => boolean;
}

/** A parameter's constraints: the value is valid when any one of them accepts it. */
export type ParamConstraints<P> = { readonly [K in keyof P]-?: readonly Constraint[] };

function interval(min: number | undefined, max: number | undefined, closed: 'both' | 'left' | 'right' | 'neither'): string {
  const lo = min === undefined ? '(-inf' : `${closed === 'both' || closed === 'left' ? '[' : '('}${min}`;
  const hi = max === undefined ? 'inf)' : `${max}${closed === 'both' || closed === 'right' ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}

function inRange(v: number, min: number | undefined, max: number | undefined, closed: 'both' | 'left' | 'right' | 'neither'): boolean {
  const loOk = min === undefined || (closed === 'both' || closed === 'left' ? v >= min : v > min);
  const hiOk = max === undefined || (closed === 'both' || closed === 'right' ? v <= max : v < max);
  return loOk && hiOk;
}

/** Range options for {@link int} and {@link num}. */
export interface RangeOptions {
  readonly min?: number;
  readonly max?: number;
  /** Which ends are included. @defaultValue 'both' */
  readonly closed?: 'both' | 'left' | 'right' | 'neither';
}

/**
 * An integer in a range.
 * @example
 * ```ts
 * import { int } from 'segmentkit';
 * console.log(int({ min: 1 }).describe); // 'an int in the range [1, inf)'
 * ```
 */
export function int(range: RangeOptions = {}): Constraint {
  const closed = range.closed ?? 'both';
  return {
    describe: `an int in the range ${interval(range.min, range.max, closed)}`,
    test: (v) => typeof v === 'number' && Number.isInteger(v) && inRange(v, range.min, range.max, closed),
  };
}

/**
 * A finite real number in a range.
 * @example
 * ```ts
 * import { num } from 'segmentkit';
 * console.log(num({ min: 0, closed: 'neither' }).describe); // 'a float in the range (0, inf)'
 * ```
 */
export function num(range: RangeOptions = {}): Constraint {
  const closed = range.closed ?? 'both';
  return {
    describe: `a float in the range ${interval(range.min, range.max, closed)}`,
    test: (v) => typeof v === 'number' && Number.isFinite(v) && inRange(v, range.min, range.max, closed),
  };
}

/**
 * One of the given strings (or other literals).
 * @example
 * ```ts
 * import { oneOf } from 'segmentkit';
 * console.log(oneOf('a', 'b').describe); // "a str among {'a', 'b'}"
 * ```
 */
export function oneOf(...options: readonly (string | number | boolean)[]): Constraint {
  return {
    describe: `a str among {${options.map((o) => (typeof o === 'string' ? `'${o}'` : String(o))).join(', ')}}`,
    test: (v) => options.includes(v as string),
  };
}

/** A boolean. */
export const bool: Constraint = { describe: 'a bool', test: (v) => typeof v === 'boolean' };

/** `null` exactly. */
export const isNull: Constraint = { describe: 'null', test: (v) => v === null };

/** A `randomState`: an integer seed in [0, 2^32 - 1], or null for a fresh seed. */
export const seed: readonly Constraint[] = [int({ min: 0, max: MAX_SEED }), isNull];

/** A function (callbacks such as `onProgress`). */
export const func: Constraint = { describe: 'a function', test: (v) => typeof v === 'function' };

/** A non-empty 2-D array of finite numbers or a Matrix (explicit initial values). */
export const matrixLike: Constraint = {
  describe: 'a 2-D array of finite numbers',
  test: (v) => {
    if (isMatrix(v)) return v.rows > 0 && v.data.every(Number.isFinite);
    if (!Array.isArray(v) || v.length === 0) return false;
    const first: unknown = v[0];
    if (!Array.isArray(first) || first.length === 0) return false;
    return v.every((r: unknown) => Array.isArray(r) && r.length === first.length && r.every((x) => typeof x === 'number' && Number.isFinite(x)));
  },
};

/** An array of finite numbers. */
export const numberArray: Constraint = {
  describe: 'an array of finite numbers',
  test: (v) => (Array.isArray(v) || ArrayBuffer.isView(v)) && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === 'number' && Number.isFinite(x)),
};

/** An AbortSignal (duck-typed so it works in every runtime). */
export const abortSignal: Constraint = {
  describe: 'an AbortSignal',
  test: (v) => typeof v === 'object' && v !== null && typeof (v as { aborted?: unknown }).aborted === 'boolean',
};

/** A custom constraint. */
export function custom(describe: string, test: (value: unknown) => boolean): Constraint {
  return { describe, test };
}

function describeAll(cs: readonly Constraint[]): string {
  if (cs.length === 1) return (cs[0] as Constraint).describe;
  return `${cs.slice(0, -1).map((c) => c.describe).join(', ')} or ${(cs[cs.length - 1] as Constraint).describe}`;
}

/**
 * Checks every parameter against its constraints and rejects unknown keys.
 *
 * @throws {@link InvalidParameterError} with scikit-learn's wording:
 *   "The 'nClusters' parameter of KMeans must be an int in the range [1, inf). Got 0 instead."
 * @example
 * ```ts
 * import { validateParams, int } from 'segmentkit';
 * validateParams('Example', { k: 3 }, { k: [int({ min: 1 })] }); // passes
 * ```
 */
export function validateParams<P extends object>(estimator: string, params: P, constraints: ParamConstraints<P>): void {
  const known = Object.keys(constraints);
  for (const key of Object.keys(params)) {
    if (!Object.prototype.hasOwnProperty.call(constraints, key)) {
      throw new InvalidParameterError(key, messages.unknownParameter(estimator, key, known));
    }
  }
  for (const key of known) {
    const cs = (constraints as Record<string, readonly Constraint[]>)[key] as readonly Constraint[];
    const value = (params as Record<string, unknown>)[key];
    if (!cs.some((c) => c.test(value))) {
      throw new InvalidParameterError(key, messages.invalidParameter(estimator, key, describeAll(cs), value));
    }
  }
}
