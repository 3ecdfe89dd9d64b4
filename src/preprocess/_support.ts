/**
 * Private helpers of the feature selectors (VarianceThreshold, CorrelationFilter): the kept columns,
 * their names, and the check of a loaded support.
 *
 * @packageDocumentation
 * @internal
 */
import { SerializationError } from '../core/errors.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';

/** The columns `support` of m, in that order. O(n k). */
export function selectColumns(m: Matrix, support: Int32Array): Matrix {
  const { rows, cols, data } = m;
  const k = support.length;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) out[i * k + t] = data[i * cols + (support[t] as number)] as number;
  return { rows, cols: k, data: out };
}

/** Names of the kept features (`inputNames`, checked for length, or `x0 ...`). */
export function selectedNames(estimator: string, nFeaturesIn: number, support: Int32Array, inputNames: readonly string[] | undefined): string[] {
  const names = defaultFeatureNames(nFeaturesIn, inputNames, estimator);
  return Array.from(support, (j) => names[j] as string);
}

/**
 * Checks that a loaded support holds ascending feature indices below nFeaturesIn.
 *
 * @throws {@link SerializationError} otherwise
 */
export function checkSupport(estimator: string, support: Int32Array, nFeaturesIn: number): void {
  let prev = -1;
  for (const j of support) {
    if (j <= prev || j >= nFeaturesIn) throw new SerializationError(messages.serialization.inconsistent(estimator, 'support must hold ascending feature indices.'));
    prev = j;
  }
}
