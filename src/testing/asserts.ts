/**
 * Assertions for numeric results, usable from any test runner (they throw plain Errors).
 *
 * @packageDocumentation
 */
import { isMatrix, type Matrix } from '../core/matrix.js';

/** Tolerances of {@link allClose}. */
export interface CloseOptions {
  /** Relative tolerance. @defaultValue 1e-7 */
  readonly rtol?: number;
  /** Absolute tolerance. @defaultValue 0 */
  readonly atol?: number;
  /** Text to prefix failure messages with. */
  readonly message?: string;
}

function flat(x: Matrix | ArrayLike<number> | readonly (readonly number[])[]): ArrayLike<number> {
  if (isMatrix(x)) return x.data;
  const a = x as ArrayLike<unknown>;
  if (a.length > 0 && Array.isArray(a[0])) return (x as readonly (readonly number[])[]).flat();
  return x as ArrayLike<number>;
}

/**
 * Throws unless `|actual - expected| <= atol + rtol * |expected|` elementwise (numpy's rule),
 * with equal lengths. NaN equals only NaN.
 *
 * @throws Error naming the first differing index and both values.
 * @example
 * ```ts
 * import { allClose } from 'segmentkit/testing';
 * allClose([1, 2], [1, 2 + 1e-12]); // passes
 * ```
 */
export function allClose(
  actual: Matrix | ArrayLike<number> | readonly (readonly number[])[],
  expected: Matrix | ArrayLike<number> | readonly (readonly number[])[],
  options: CloseOptions = {},
): void {
  const a = flat(actual);
  const e = flat(expected);
  const rtol = options.rtol ?? 1e-7;
  const atol = options.atol ?? 0;
  const prefix = options.message ? `${options.message}: ` : '';
  if (a.length !== e.length) throw new Error(`${prefix}length ${a.length} differs from expected length ${e.length}.`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      throw new Error(`${prefix}index ${i}: ${x} differs from expected ${y} (|diff| = ${Math.abs(x - y)}, rtol ${rtol}, atol ${atol}).`);
    }
  }
}

/**
 * True when two labelings are the same partition up to renaming (noise -1 must match exactly).
 *
 * @example
 * ```ts
 * import { sameClustering } from 'segmentkit/testing';
 * console.log(sameClustering([0, 0, 1], [1, 1, 0])); // true
 * ```
 */
export function sameClustering(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((x === -1) !== (y === -1)) return false;
    if (x === -1) continue;
    const mx = ab.get(x);
    const my = ba.get(y);
    if (mx === undefined && my === undefined) {
      ab.set(x, y);
      ba.set(y, x);
    } else if (mx !== y || my !== x) return false;
  }
  return true;
}

/**
 * Adjusted Rand index of two labelings (Hubert and Arabie 1985), for contract checks.
 * O(n + ka kb) with a contingency table; -1 is treated as its own group.
 *
 * @example
 * ```ts
 * import { adjustedRand } from 'segmentkit/testing';
 * console.log(adjustedRand([0, 0, 1, 1], [1, 1, 0, 0])); // 1
 * ```
 */
export function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const ia = new Map<number, number>();
  const ib = new Map<number, number>();
  const ca: number[] = [];
  const cb: number[] = [];
  const cell = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let x = ia.get(a[i] as number);
    if (x === undefined) ia.set(a[i] as number, (x = ia.size));
    let y = ib.get(b[i] as number);
    if (y === undefined) ib.set(b[i] as number, (y = ib.size));
    ca[x] = (ca[x] ?? 0) + 1;
    cb[y] = (cb[y] ?? 0) + 1;
    const key = x * n + y;
    cell.set(key, (cell.get(key) ?? 0) + 1);
  }
  const c2 = (v: number) => (v * (v - 1)) / 2;
  let sumCells = 0;
  for (const v of cell.values()) sumCells += c2(v);
  let sumA = 0;
  for (const v of ca) sumA += c2(v);
  let sumB = 0;
  for (const v of cb) sumB += c2(v);
  const total = c2(n);
  const expected = total === 0 ? 0 : (sumA * sumB) / total;
  const max = (sumA + sumB) / 2;
  // Both labelings trivial in the same way (all one group, or all singletons): identical partitions.
  if (max === expected) return 1;
  return (sumCells - expected) / (max - expected);
}
