/**
 * Seeded randomness. The only file allowed to touch ambient entropy: everything else draws from an
 * {@link Rng}, so the same data and the same `randomState` give bit-identical results everywhere.
 *
 * @packageDocumentation
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Natural logarithm of a positive finite number from IEEE basic operations only, so every
 * JavaScript engine gives the same bits (engines' `Math.log` differ in the last bit: V8 versions of
 * Node and Deno do). x = 2^k m with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m-1)/(m+1),
 * |s| < 0.172, summed to 1e-17 relative. Accurate to about 1 ulp.
 */
function portableLog(x: number): number {
  f64[0] = x;
  let k = ((u32[HI] as number) >>> 20) - 1023;
  if (k === -1023) {
    // Subnormal: scale into the normal range first.
    f64[0] = x * 2 ** 54;
    k = ((u32[HI] as number) >>> 20) - 1023 - 54;
  }
  u32[HI] = ((u32[HI] as number) & 0x800fffff) | 0x3ff00000;
  let m = f64[0] as number;
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let n = 1; n <= 25; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return k * LN2 + 2 * sum;
}

/** A `randomState` option: an integer seed, or `null` to draw a fresh one. */
export type RandomState = number | null;

/** Largest seed accepted (seeds are unsigned 32-bit integers). */
export const MAX_SEED = 0xffffffff;

/**
 * Draws a fresh seed from the platform's entropy (crypto.getRandomValues where available).
 *
 * @example
 * ```ts
 * import { freshSeed } from 'segmentkit';
 * const s = freshSeed();
 * console.log(Number.isInteger(s) && s >= 0); // true
 * ```
 */
export function freshSeed(): number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0] as number;
  return Math.floor(Math.random() * (MAX_SEED + 1));
}

/**
 * Resolves a `randomState` option to the seed actually used: the integer itself, or a fresh seed
 * for `null`. Seed 0 is a real seed.
 *
 * @example
 * ```ts
 * import { resolveSeed } from 'segmentkit';
 * console.log(resolveSeed(0)); // 0
 * ```
 */
export function resolveSeed(randomState: RandomState | undefined): number {
  return randomState ?? freshSeed();
}

/**
 * A seeded pseudo-random generator (xoroshiro128+ from pure-rand) with the draws the algorithms need.
 *
 * @remarks
 * Independent streams come from {@link Rng.fork}, which jumps 2^64 steps ahead, so the streams of
 * restarts, batches and noise never overlap. Every draw is O(1).
 *
 * @example
 * ```ts
 * import { Rng } from 'segmentkit';
 * const a = new Rng(42), b = new Rng(42);
 * console.log(a.float() === b.float()); // true
 * ```
 */
export class Rng {
  /** The seed this generator was created with (forks report their parent's). */
  readonly seed: number;
  private readonly gen: JumpableRandomGenerator;
  private spareNormal = NaN;

  /**
   * @param seed - an integer in [0, 2^32 - 1]
   * @throws RangeError when the seed is not such an integer
   */
  constructor(seed: number, gen?: JumpableRandomGenerator) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`Rng seed must be an integer in [0, ${MAX_SEED}]. Got ${seed} instead.`);
    }
    this.seed = seed;
    this.gen = gen ?? xoroshiro128plus(seed | 0);
  }

  /** Restores a generator from {@link Rng.getState}. */
  static fromState(seed: number, state: readonly number[]): Rng {
    return new Rng(seed, xoroshiro128plusFromState(state));
  }

  /** The generator's internal state (4 int32 values), to serialize a stream mid-way. */
  getState(): number[] {
    return [...this.gen.getState()];
  }

  /**
   * An independent generator: a copy of this one jumped 2^64 steps ahead. This generator also
   * jumps, so successive forks are independent of each other and of the parent.
   */
  fork(): Rng {
    this.gen.jump();
    const child = this.gen.clone();
    this.gen.jump();
    return new Rng(this.seed, child);
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return uniformInt(this.gen, 0, n - 1);
  }

  /** Uniform integer in [0, 2^32), e.g. a seed for a child component. */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /**
   * Standard normal draw (Marsaglia polar method; pairs are cached). Uses a portable logarithm, so
   * the draws are bit-identical in every JavaScript engine.
   */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const s = this.spareNormal;
      this.spareNormal = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * portableLog(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Shuffles an array-like in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** `k` distinct indices from 0..n-1, in random order (partial Fisher-Yates, O(n) memory). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`Cannot draw ${k} distinct indices from ${n}.`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = p[i] as number;
      p[i] = p[j] as number;
      p[j] = t;
    }
    return p.slice(0, k);
  }

  /**
   * Index drawn with probability proportional to `weights` (non-negative, positive sum).
   * O(n) per draw; use a cumulative sum and binary search for many draws.
   */
  weightedIndex(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i] as number;
    let r = this.float() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }
}
