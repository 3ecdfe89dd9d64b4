/**
 * Per-column affine maps shared by the scalers: `(x - shift) / scale` and its inverse. A null
 * shift or scale skips that step (exactly, not by subtracting 0 or dividing by 1). Also the check
 * of a loaded per-column scale.
 *
 * @internal
 * @packageDocumentation
 */
import { SerializationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';

/** `(x - shift[j]) / scale[j]` for every cell of column j, into a new matrix. O(n d). */
export function affineForward(m: Matrix, shift: Float64Array | null, scale: Float64Array | null): Matrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      let v = data[base + j] as number;
      if (shift !== null) v -= shift[j] as number;
      if (scale !== null) v /= scale[j] as number;
      out[base + j] = v;
    }
  }
  return { rows, cols, data: out };
}

/** `x * scale[j] + shift[j]` for every cell of column j (the inverse of {@link affineForward}). */
export function affineInverse(m: Matrix, shift: Float64Array | null, scale: Float64Array | null): Matrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      let v = data[base + j] as number;
      if (scale !== null) v *= scale[j] as number;
      if (shift !== null) v += shift[j] as number;
      out[base + j] = v;
    }
  }
  return { rows, cols, data: out };
}

/**
 * Checks that every entry of a loaded per-column scale is positive.
 *
 * @throws {@link SerializationError} naming the first entry that is not
 */
export function checkPositiveScale(estimator: string, scale: Float64Array): void {
  for (let j = 0; j < scale.length; j++) {
    if (!((scale[j] as number) > 0)) throw new SerializationError(messages.serialization.inconsistent(estimator, `scale[${j}] must be positive.`));
  }
}
