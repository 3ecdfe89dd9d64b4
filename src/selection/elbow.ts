/**
 * The elbow of a curve, found by Kneedle.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { num, oneOf } from '../core/params.js';
import { resolveOptions } from '../metrics/_options.js';

/** Options of {@link elbow}. */
export interface ElbowOptions {
  /**
   * Shape of the curve: `'convex'` bends upwards (inertia and distortion curves), `'concave'` bends
   * downwards (explained variance, log-likelihood). @defaultValue 'convex'
   */
  readonly curve?: 'convex' | 'concave';
  /** Whether y falls (`'decreasing'`, inertia) or rises with x. @defaultValue 'decreasing' */
  readonly direction?: 'decreasing' | 'increasing';
  /**
   * Kneedle's sensitivity S: how far the difference curve must drop after a local maximum, in units
   * of the mean x spacing, before that maximum is declared the knee. Larger is more conservative.
   * @defaultValue 1
   */
  readonly sensitivity?: number;
}

/** The knee found by {@link elbow}, with the normalised curves for plotting. */
export interface ElbowResult {
  /** The x value at the knee, or null when the curve has none (a straight line, or too flat). */
  readonly knee: number | null;
  /** Index of the knee in the inputs, or -1. */
  readonly kneeIndex: number;
  /** y at the knee, or null. */
  readonly kneeY: number | null;
  /** x scaled to [0, 1]. */
  readonly xNormalized: Float64Array;
  /** y scaled to [0, 1]. */
  readonly yNormalized: Float64Array;
  /**
   * Kneedle's difference curve: the normalised curve, turned so that its knee is a maximum, minus
   * the diagonal. Its largest values mark the bend.
   */
  readonly difference: Float64Array;
  /** The threshold the difference curve had to fall below after the knee (NaN-free; 0 when no knee). */
  readonly threshold: number;
}

const FN = 'elbow';

/**
 * Finds the knee (elbow) of a curve with Kneedle (Satopaa et al. 2011): the point where the curve
 * bends most relative to the straight line between its ends. Use it on inertia against k for the
 * elbow method.
 *
 * @remarks
 * x and y are scaled to [0, 1]; the curve is turned into a concave increasing one (for the default
 * convex decreasing inertia curve, y becomes 1 - y); the difference curve D = y - x is computed;
 * each local maximum of D sets a threshold D_max - S * mean(dx), and the first maximum after which
 * D falls below its threshold (before a larger maximum) is the knee, as in the offline Kneedle.
 * O(m) for m points. Returns `knee: null` when no maximum qualifies, e.g. on a straight line or a
 * constant curve. Reference: V. Satopaa, J. Albrecht, D. Irwin and B. Raghavan (2011), "Finding a
 * 'kneedle' in a haystack: detecting knee points in system behavior", ICDCS Workshops.
 *
 * @param x - increasing x values (e.g. the k values), at least 3
 * @param y - the curve (e.g. inertias), same length
 * @param options - see {@link ElbowOptions}
 * @throws {@link InvalidParameterError} when x and y differ in length, have fewer than 3 points,
 *   contain non-finite values, when x is not strictly increasing, or for invalid options
 * @example
 * ```ts
 * import { elbow } from 'segmentkit';
 * const r = elbow([1, 2, 3, 4, 5, 6, 7, 8], [1000, 420, 150, 120, 100, 90, 82, 76]);
 * console.log(r.knee); // 3
 * ```
 */
export function elbow(x: ArrayLike<number>, y: ArrayLike<number>, options: ElbowOptions = {}): ElbowResult {
  const { curve, direction, sensitivity } = resolveOptions(
    FN,
    { curve: 'convex' as 'convex' | 'concave', direction: 'decreasing' as 'decreasing' | 'increasing', sensitivity: 1 },
    options,
    { curve: [oneOf('convex', 'concave')], direction: [oneOf('decreasing', 'increasing')], sensitivity: [num({ min: 0 })] },
  );
  const xs = checkSeries('x', x);
  const ys = checkSeries('y', y);
  const m = xs.length;
  if (ys.length !== m) throw new InvalidParameterError('y', messages.lengthMismatch(FN, 'y', ys.length, m));
  if (m < 3) throw new InvalidParameterError('x', messages.metrics.tooFewPoints(FN, 'points', m, 3));
  for (let t = 1; t < m; t++) if (!((xs[t] as number) > (xs[t - 1] as number))) throw new InvalidParameterError('x', messages.metrics.notIncreasing(FN, 'x', t));

  const x0 = xs[0] as number;
  const xSpan = (xs[m - 1] as number) - x0;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let t = 0; t < m; t++) {
    yMin = Math.min(yMin, ys[t] as number);
    yMax = Math.max(yMax, ys[t] as number);
  }
  const ySpan = yMax - yMin;
  const xNormalized = new Float64Array(m);
  const yNormalized = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    xNormalized[t] = ((xs[t] as number) - x0) / xSpan;
    yNormalized[t] = ySpan > 0 ? ((ys[t] as number) - yMin) / ySpan : 0;
  }
  // Turn every case into a concave increasing curve: convex curves flip y, and the x axis is
  // mirrored when exactly one of (decreasing, convex) holds.
  const mirror = (direction === 'decreasing') !== (curve === 'convex');
  const difference = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const yt = curve === 'convex' ? 1 - (yNormalized[t] as number) : (yNormalized[t] as number);
    const xt = mirror ? 1 - (xNormalized[t] as number) : (xNormalized[t] as number);
    difference[t] = yt - xt;
  }
  const none: ElbowResult = { knee: null, kneeIndex: -1, kneeY: null, xNormalized, yNormalized, difference, threshold: 0 };
  if (ySpan === 0) return none;
  // Walk in increasing transformed x: forwards, or backwards when mirrored.
  const order = Array.from({ length: m }, (_, t) => (mirror ? m - 1 - t : t));
  const step = sensitivity / (m - 1); // mean spacing of the normalised x is 1 / (m - 1)
  let candidate = -1;
  let threshold = 0;
  for (let p = 0; p < m; p++) {
    const t = order[p] as number;
    const v = difference[t] as number;
    const prev = p > 0 ? (difference[order[p - 1] as number] as number) : -Infinity;
    const next = p < m - 1 ? (difference[order[p + 1] as number] as number) : -Infinity;
    if (candidate >= 0 && v < threshold) {
      return { knee: xs[candidate] as number, kneeIndex: candidate, kneeY: ys[candidate] as number, xNormalized, yNormalized, difference, threshold };
    }
    const isMax = v >= prev && v >= next && v > 0;
    if (isMax && (candidate < 0 || v > (difference[candidate] as number))) {
      candidate = t;
      threshold = v - step;
    }
  }
  return none;
}

function checkSeries(name: string, v: ArrayLike<number>): ArrayLike<number> {
  if (typeof v !== 'object' || v === null || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new InvalidParameterError(name, messages.invalidParameter(FN, name, 'an array of finite numbers', v));
  }
  for (let t = 0; t < v.length; t++) {
    const value = v[t];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidParameterError(name, messages.metrics.notFiniteValue(FN, name, t, value));
  }
  return v;
}
