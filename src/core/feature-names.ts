/**
 * Feature names that follow columns through transformers.
 *
 * @packageDocumentation
 */
import { ValidationError } from './errors.js';

/**
 * The names of `n` columns: `inputNames` when given (checked for length), else `x0 ... x{n-1}`
 * as scikit-learn names unnamed columns.
 *
 * @throws {@link ValidationError} when `inputNames` has the wrong length.
 * @example
 * ```ts
 * import { defaultFeatureNames } from 'segmentkit';
 * console.log(defaultFeatureNames(2)); // ['x0', 'x1']
 * ```
 */
export function defaultFeatureNames(n: number, inputNames?: readonly string[], estimator = 'featureNamesOut'): string[] {
  if (inputNames === undefined) return Array.from({ length: n }, (_, i) => `x${i}`);
  if (inputNames.length !== n) {
    throw new ValidationError(`${estimator} was fitted on ${n} features, but ${inputNames.length} input names were given.`);
  }
  return inputNames.slice();
}
