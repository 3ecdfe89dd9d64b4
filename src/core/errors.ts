/**
 * The error hierarchy. Every error segmentkit throws on purpose is a {@link SegmentationError} with a
 * stable `code`, so callers can branch on `err.code` instead of parsing messages.
 *
 * @packageDocumentation
 */

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'NOT_FITTED'
  | 'INVALID_PARAMETER'
  | 'VALIDATION'
  | 'SERIALIZATION'
  | 'ABORTED'
  | 'CONVERGENCE';

/**
 * Base class of every error segmentkit throws on purpose.
 *
 * @example
 * ```ts
 * import { KMeans, SegmentationError } from 'segmentkit';
 * try {
 *   new KMeans().predict([[1, 2]]);
 * } catch (err) {
 *   if (err instanceof SegmentationError) console.log(err.code); // 'NOT_FITTED'
 * }
 * ```
 */
export class SegmentationError extends Error {
  /** Stable code of the error family. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * Thrown when a method that needs a fitted estimator is called before `fit`.
 *
 * @example
 * ```ts
 * import { StandardScaler, NotFittedError } from 'segmentkit';
 * try { new StandardScaler().transform([[1]]); } catch (e) { console.log(e instanceof NotFittedError); } // true
 * ```
 */
export class NotFittedError extends SegmentationError {
  constructor(message: string) {
    super('NOT_FITTED', message);
  }
}

/**
 * Thrown by `fit` when an option is unknown, of the wrong type or out of range.
 *
 * @example
 * ```ts
 * import { KMeans, InvalidParameterError } from 'segmentkit';
 * try { new KMeans({ nClusters: 0 }).fit([[1], [2]]); } catch (e) { console.log(e instanceof InvalidParameterError); } // true
 * ```
 */
export class InvalidParameterError extends SegmentationError {
  /** The offending parameter name. */
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super('INVALID_PARAMETER', message);
    this.parameter = parameter;
  }
}

/**
 * Thrown when input data is malformed: not 2-D, ragged, empty, non-finite, or of the wrong width.
 * `row` and `column` are set when one cell is to blame.
 *
 * @example
 * ```ts
 * import { StandardScaler, ValidationError } from 'segmentkit';
 * try { new StandardScaler().fit([[1, NaN]]); } catch (e) { if (e instanceof ValidationError) console.log(e.row, e.column); } // 0 1
 * ```
 */
export class ValidationError extends SegmentationError {
  /** Row index of the offending cell, when one cell is to blame. */
  readonly row: number | undefined;
  /** Column index of the offending cell, when one cell is to blame. */
  readonly column: number | undefined;

  constructor(message: string, where: { row?: number; column?: number } = {}) {
    super('VALIDATION', message);
    this.row = where.row;
    this.column = where.column;
  }
}

/**
 * Thrown by `fromJSON` when a document is not a valid, trusted segmentkit model.
 *
 * @example
 * ```ts
 * import { fromJSON, SerializationError } from 'segmentkit';
 * try { fromJSON({ format: 'nope' }); } catch (e) { console.log(e instanceof SerializationError); } // true
 * ```
 */
export class SerializationError extends SegmentationError {
  constructor(message: string) {
    super('SERIALIZATION', message);
  }
}

/**
 * Thrown when a long-running fit is stopped through an `AbortSignal`. The estimator keeps the state
 * it had before the aborted call.
 *
 * @example
 * ```ts
 * import { AbortError } from 'segmentkit';
 * console.log(new AbortError('stopped').code); // 'ABORTED'
 * ```
 */
export class AbortError extends SegmentationError {
  constructor(message: string) {
    super('ABORTED', message);
  }
}

/**
 * Thrown when an iterative fit cannot go on with finite numbers: a covariance that is not
 * positive definite, densities that under- or overflow. The message says how to fix the input or
 * the options (fewer components, more regularisation, scaled data).
 *
 * @example
 * ```ts
 * import { ConvergenceError } from 'segmentkit';
 * console.log(new ConvergenceError('failed').code); // 'CONVERGENCE'
 * ```
 */
export class ConvergenceError extends SegmentationError {
  constructor(message: string) {
    super('CONVERGENCE', message);
  }
}
