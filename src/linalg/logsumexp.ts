/**
 * Numerically stable log-sum-exp and the softmax built on it.
 *
 * @packageDocumentation
 */

/**
 * log Σ exp(a[i]) over `len` values from `offset`, shifted by the maximum so that no term
 * overflows and the largest one never underflows.
 *
 * @remarks
 * O(len). Returns -Infinity when every value is -Infinity (an empty sum), +Infinity when one is
 * +Infinity, NaN when one is NaN. Reference: the shifted form used by scipy.special.logsumexp.
 *
 * @param a - values
 * @param offset - first index @defaultValue 0
 * @param len - number of values @defaultValue a.length - offset
 * @example
 * ```ts
 * import { logSumExp } from './logsumexp.js';
 * console.log(logSumExp(new Float64Array([1000, 1000])) === 1000 + Math.LN2); // true
 * ```
 */
export function logSumExp(a: Float64Array, offset = 0, len = a.length - offset): number {
  let max = -Infinity;
  for (let i = offset; i < offset + len; i++) {
    const v = a[i] as number;
    if (v > max || Number.isNaN(v)) max = v;
  }
  if (Number.isNaN(max)) return NaN;
  if (max === -Infinity || max === Infinity) return max;
  let s = 0;
  for (let i = offset; i < offset + len; i++) s += Math.exp((a[i] as number) - max);
  return max + Math.log(s);
}

/**
 * In-place softmax of one row: replaces a[offset .. offset+len) by exp(a[i] − lse) and returns
 * lse = log Σ exp(a[i]). One exp per value.
 *
 * @remarks
 * O(len). When lse is not finite (every value -Infinity, or an infinity or NaN among them) the
 * row is left unchanged and the non-finite lse is returned, so callers can raise a clear error
 * instead of spreading NaN.
 *
 * @param a - log-weights, overwritten by probabilities summing to 1
 * @param offset - first index
 * @param len - number of values
 * @returns log Σ exp of the original values
 * @example
 * ```ts
 * import { softmaxInPlace } from './logsumexp.js';
 * const row = new Float64Array([0, 0]);
 * softmaxInPlace(row, 0, 2); // row = [0.5, 0.5], returns ln 2
 * ```
 */
export function softmaxInPlace(a: Float64Array, offset: number, len: number): number {
  let max = -Infinity;
  for (let i = offset; i < offset + len; i++) {
    const v = a[i] as number;
    if (v > max || Number.isNaN(v)) max = v;
  }
  if (max - max !== 0) return max;
  let s = 0;
  for (let i = offset; i < offset + len; i++) {
    const e = Math.exp((a[i] as number) - max);
    a[i] = e;
    s += e;
  }
  const inv = 1 / s;
  for (let i = offset; i < offset + len; i++) a[i] = (a[i] as number) * inv;
  return max + Math.log(s);
}
