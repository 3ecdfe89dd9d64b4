/**
 * correlationMatrix: Pearson or Spearman correlations between the columns of a matrix.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { validateMatrix } from '../core/validation.js';
import { correlationKernel, type CorrelationMethod } from './_correlation.js';

export type { CorrelationMethod } from './_correlation.js';

/** Options of {@link correlationMatrix}. */
export interface CorrelationMatrixOptions {
  /** 'pearson' (linear) or 'spearman' (Pearson on average ranks: any monotone relation). @defaultValue 'pearson' */
  readonly method?: CorrelationMethod;
}

/**
 * The d x d matrix of correlations between the columns of `X`.
 *
 * @remarks
 * Columns are centred once and correlated pairwise: O(n d^2) time, O(n d) memory (Spearman adds an
 * O(n log n) ranking per column; ties get their average rank). Values are clipped to [-1, 1] and
 * the diagonal is exactly 1. Matches numpy's `corrcoef` and scipy's `spearmanr` (so pandas'
 * `DataFrame.corr`) to 1e-10. A constant column has no defined correlation, so it is an error
 * rather than a row of NaN.
 *
 * @param X - data, n x d with n >= 2
 * @param options - see {@link CorrelationMatrixOptions}
 * @returns the symmetric d x d correlation matrix
 * @throws {@link ValidationError} on malformed, non-finite or single-row input, an unknown method,
 *   or a constant column (naming it)
 * @example
 * ```ts
 * import { correlationMatrix, toRows } from 'segmentkit';
 * const X = [[1, 10, 3], [2, 20, 1], [3, 30, 2], [4, 80, 0]];
 * console.log(toRows(correlationMatrix(X, { method: 'spearman' }))[0]); // [1, 1, -0.8]
 * ```
 */
export function correlationMatrix(X: MatrixInput, options: CorrelationMatrixOptions = {}): Matrix {
  const fn = 'correlationMatrix';
  const method = options.method ?? 'pearson';
  if (method !== 'pearson' && method !== 'spearman') {
    throw new ValidationError(messages.invalidParameter(fn, 'method', "a str among {'pearson', 'spearman'}", method));
  }
  const m = validateMatrix(X, { estimator: fn, minSamples: 2 });
  const { corr, constant } = correlationKernel(m, method);
  if (constant >= 0) throw new ValidationError(messages.preprocess.constantCorrelation(fn, constant), { column: constant });
  return { rows: m.cols, cols: m.cols, data: corr };
}
