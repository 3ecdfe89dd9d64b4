/**
 * Per-column affine maps shared by the scalers: `(x - shift) / scale` and its inverse. A null
 * shift or scale skips that step (exactly, not by subtracting 0 or dividing by 1).
 *
 * @internal
 * @packageDocumentation
 */
import type { Matrix } from '../core/matrix.js';

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
