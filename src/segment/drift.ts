/**
 * Segment drift between two snapshots of the customer base: who moved between segments, how the
 * segment shares changed, and which features shifted.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { isNull, num } from '../core/params.js';
import { validateLabels, validateMatrix } from '../core/validation.js';
import { resolveOptions } from '../metrics/_options.js';
import { checkIds, pairCustomers, type CustomerId } from './_customers.js';

/** How far a distribution moved, by the usual bands of the population stability index. */
export type PsiLevel = 'stable' | 'moderate' | 'significant';

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Share used in place of an empty bin (or segment), so the logarithm stays finite. @defaultValue 1e-4 */
  readonly epsilon?: number;
}

const EPSILON_CONSTRAINT = [num({ min: 0, max: 1, closed: 'neither' })];

/**
 * The population stability index (PSI) between an expected distribution (the previous snapshot, or
 * training data) and an actual one: sum over bins of (a - e) ln(a / e).
 *
 * @remarks
 * Both inputs are normalised to sum to 1, so counts work as well as shares; a share of 0 is
 * replaced by `epsilon`. The usual reading (Siddiqi 2006, "Credit Risk Scorecards"):
 * below 0.1 the population is stable, 0.1 to 0.25 it shifted moderately (watch it), 0.25 and above
 * it shifted significantly (refit or review the segments); see {@link psiLevel}. The index is a
 * symmetrised Kullback-Leibler divergence, KL(a || e) + KL(e || a). O(k) time for k bins.
 *
 * @param expected - shares (or counts) of the reference distribution
 * @param actual - shares (or counts) of the new distribution, same bins in the same order
 * @throws {@link ValidationError} for negative or non-finite entries, an all-zero input, or
 *   inputs of different lengths.
 * @example
 * ```ts
 * import { populationStabilityIndex, psiLevel } from 'segmentkit';
 * const psi = populationStabilityIndex([0.5, 0.5], [0.6, 0.4]);
 * console.log(psi.toFixed(4), psiLevel(psi)); // 0.0405 stable
 * ```
 */
export function populationStabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>, options: PsiOptions = {}): number {
  const FN = 'populationStabilityIndex';
  const { epsilon } = resolveOptions(FN, { epsilon: 1e-4 }, options, { epsilon: EPSILON_CONSTRAINT });
  if (expected.length !== actual.length) throw new ValidationError(messages.segment.sharesLength(FN, expected.length, actual.length));
  const e = normalise(FN, 'expected', expected);
  const a = normalise(FN, 'actual', actual);
  return psiOf(e, a, epsilon);
}

/**
 * Reads a population stability index by its usual bands: `'stable'` below 0.1, `'moderate'` from
 * 0.1 to 0.25, `'significant'` from 0.25.
 *
 * @throws {@link ValidationError} when `psi` is not a non-negative number.
 * @example
 * ```ts
 * import { psiLevel } from 'segmentkit';
 * console.log(psiLevel(0.05), psiLevel(0.1), psiLevel(0.3)); // stable moderate significant
 * ```
 */
export function psiLevel(psi: number): PsiLevel {
  if (typeof psi !== 'number' || !(psi >= 0)) throw new ValidationError(messages.segment.badShare('psiLevel', 'psi', 0, psi));
  return psi < 0.1 ? 'stable' : psi < 0.25 ? 'moderate' : 'significant';
}

function normalise(fn: string, what: string, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (typeof v !== 'number' || !(v >= 0) || v === Infinity) throw new ValidationError(messages.segment.badShare(fn, what, i, v));
    out[i] = v;
    sum += v;
  }
  if (!(sum > 0)) throw new ValidationError(messages.segment.zeroShares(fn, what));
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

function psiOf(e: Float64Array, a: Float64Array, epsilon: number): number {
  let psi = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i] as number, epsilon);
    const ai = Math.max(a[i] as number, epsilon);
    psi += (ai - ei) * Math.log(ai / ei);
  }
  return psi;
}

/** Options of {@link segmentDrift}. */
export interface SegmentDriftOptions {
  /**
   * Customer ids of both snapshots, to follow customers who joined, left or were reordered.
   * Without ids both label arrays describe the same customers in the same order.
   * @defaultValue null
   */
  readonly ids?: { readonly previous: ArrayLike<CustomerId>; readonly current: ArrayLike<CustomerId> } | null;
  /** See {@link PsiOptions.epsilon}. @defaultValue 1e-4 */
  readonly epsilon?: number;
}

/** How one segment changed between two snapshots. */
export interface SegmentFlow {
  /** The segment label (-1 = noise). */
  readonly segment: number;
  readonly previousSize: number;
  readonly currentSize: number;
  /** previousSize / customers in the previous snapshot. */
  readonly previousShare: number;
  /** currentSize / customers in the current snapshot. */
  readonly currentShare: number;
  /** currentShare - previousShare. */
  readonly shareChange: number;
  /** Customers in this segment in both snapshots. */
  readonly stayed: number;
  /** Customers who came from another segment. */
  readonly inflow: number;
  /** Customers who moved to another segment. */
  readonly outflow: number;
  /** New customers (in the current snapshot only; 0 without ids). */
  readonly joined: number;
  /** Customers who left the customer base (in the previous snapshot only; 0 without ids). */
  readonly left: number;
  /** stayed / previousSize: the share of the segment still in it; null when it was empty before. */
  readonly retention: number | null;
}

/** The result of {@link segmentDrift}. */
export interface SegmentDriftReport {
  /** Every label seen in either snapshot, ascending (-1 = noise first when present). */
  readonly segments: readonly number[];
  /**
   * Customers in both snapshots by previous segment (rows) and current segment (columns), both in
   * the order of `segments`: the diagonal holds those who stayed.
   */
  readonly transitions: Matrix;
  /**
   * The transitions as rates: each row divided by its sum (the chance that a customer of the
   * previous segment who is still a customer is now in each segment); a row of zeros when no
   * customer of the segment is in both snapshots.
   */
  readonly transitionRates: Matrix;
  /** One entry per segment, in the order of `segments`. */
  readonly flows: readonly SegmentFlow[];
  /** Customers in both snapshots. */
  readonly shared: number;
  /** Customers in both snapshots whose segment changed. */
  readonly moved: number;
  /** Population stability index of the segment shares (see {@link populationStabilityIndex}). */
  readonly psi: number;
  /** The band of `psi` (see {@link psiLevel}). */
  readonly level: PsiLevel;
}

/**
 * Compares two segmentations of the customer base: the transition matrix of customers between
 * segments, each segment's inflow, outflow, retention and change of share, and the population
 * stability index of the shares.
 *
 * @remarks
 * Labels should be stable ids (relabel a refitted model with {@link alignSegments} first). With
 * ids, customers are joined by id: those only in the previous snapshot count as `left`, those only
 * in the current one as `joined`. Noise (-1) is treated as a segment of its own. O(n + s^2) time
 * for n customers and s segments (plus O(n) for the id join).
 *
 * @param previousLabels - segment of each customer in the previous snapshot
 * @param currentLabels - segment of each customer in the current snapshot
 * @param options - see {@link SegmentDriftOptions}
 * @throws {@link ValidationError} for malformed labels or ids, or label arrays of different lengths
 *   without ids.
 * @example
 * ```ts
 * import { segmentDrift } from 'segmentkit';
 * const d = segmentDrift([0, 0, 0, 1, 1], [0, 0, 1, 1, 1]);
 * console.log(Array.from(d.transitions.data)); // [2, 1, 0, 2]
 * console.log(d.flows[1]?.inflow, d.flows[0]?.retention); // 1 0.667
 * ```
 */
export function segmentDrift(previousLabels: ArrayLike<number>, currentLabels: ArrayLike<number>, options: SegmentDriftOptions = {}): SegmentDriftReport {
  const FN = 'segmentDrift';
  const o = resolveOptions(FN, { ids: null, epsilon: 1e-4 } as { ids: SegmentDriftOptions['ids'] | null; epsilon: number }, options, {
    ids: [{ describe: 'an object { previous, current } of customer id arrays', test: (v) => typeof v === 'object' && v !== null && 'previous' in v && 'current' in v }, isNull],
    epsilon: EPSILON_CONSTRAINT,
  });
  const prev = validateLabels(previousLabels, undefined, FN, 'previousLabels');
  const cur = validateLabels(currentLabels, undefined, FN, 'currentLabels');
  const prevIds = o.ids ? checkIds(o.ids.previous, prev.length, FN, 'previous') : null;
  const curIds = o.ids ? checkIds(o.ids.current, cur.length, FN, 'current') : null;
  if (prev.length === 0 || cur.length === 0) throw new ValidationError(messages.segment.zeroShares(FN, prev.length === 0 ? 'previousLabels' : 'currentLabels'));
  const { prevIndex, curIndex } = pairCustomers(FN, { labels: prev, ids: prevIds }, { labels: cur, ids: curIds });

  const segments = [...new Set([...prev, ...cur])].sort((a, b) => a - b);
  const s = segments.length;
  const at = new Map<number, number>(segments.map((g, i) => [g, i]));
  const prevSize = new Float64Array(s);
  const curSize = new Float64Array(s);
  for (let i = 0; i < prev.length; i++) prevSize[at.get(prev[i] as number) as number]++;
  for (let i = 0; i < cur.length; i++) curSize[at.get(cur[i] as number) as number]++;
  const T = new Float64Array(s * s);
  let moved = 0;
  for (let t = 0; t < prevIndex.length; t++) {
    const a = prev[prevIndex[t] as number] as number;
    const b = cur[curIndex[t] as number] as number;
    T[(at.get(a) as number) * s + (at.get(b) as number)]++;
    if (a !== b) moved++;
  }
  const rowSum = new Float64Array(s);
  const colSum = new Float64Array(s);
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < s; j++) {
      rowSum[i] = (rowSum[i] as number) + (T[i * s + j] as number);
      colSum[j] = (colSum[j] as number) + (T[i * s + j] as number);
    }
  }
  const rates = new Float64Array(s * s);
  for (let i = 0; i < s; i++) {
    const r = rowSum[i] as number;
    if (r > 0) for (let j = 0; j < s; j++) rates[i * s + j] = (T[i * s + j] as number) / r;
  }
  const flows: SegmentFlow[] = segments.map((segment, i) => {
    const stayed = T[i * s + i] as number;
    const previousShare = (prevSize[i] as number) / prev.length;
    const currentShare = (curSize[i] as number) / cur.length;
    return {
      segment,
      previousSize: prevSize[i] as number,
      currentSize: curSize[i] as number,
      previousShare,
      currentShare,
      shareChange: currentShare - previousShare,
      stayed,
      inflow: (colSum[i] as number) - stayed,
      outflow: (rowSum[i] as number) - stayed,
      joined: (curSize[i] as number) - (colSum[i] as number),
      left: (prevSize[i] as number) - (rowSum[i] as number),
      retention: (prevSize[i] as number) > 0 ? stayed / (prevSize[i] as number) : null,
    };
  });
  const psi = psiOf(
    prevSize.map((v) => v / prev.length),
    curSize.map((v) => v / cur.length),
    o.epsilon,
  );
  return {
    segments,
    transitions: { rows: s, cols: s, data: T },
    transitionRates: { rows: s, cols: s, data: rates },
    flows,
    shared: prevIndex.length,
    moved,
    psi,
    level: psiLevel(psi),
  };
}

/** Options of {@link featureDrift}. */
export interface FeatureDriftOptions {
  /** Column names. @defaultValue x0, x1, ... */
  readonly featureNames?: readonly string[] | null;
  /** Quantile bins of the previous data for the PSI (fewer when values tie). @defaultValue 10 */
  readonly bins?: number;
  /** See {@link PsiOptions.epsilon}. @defaultValue 1e-4 */
  readonly epsilon?: number;
}

/** How one feature's distribution moved. */
export interface FeatureDrift {
  readonly feature: string;
  /** Population stability index on quantile bins of the previous data. */
  readonly psi: number;
  /** The band of `psi` (see {@link psiLevel}). */
  readonly level: PsiLevel;
  /**
   * Standardized mean difference: (current mean - previous mean) / sqrt((s_prev^2 + s_cur^2) / 2)
   * with sample standard deviations; 0 when both are constant and equal, +-Infinity when both are
   * constant and differ. |smd| >= 0.1 is commonly read as a meaningful shift.
   */
  readonly smd: number;
  readonly previousMean: number;
  readonly currentMean: number;
  /** Sample standard deviation (n - 1 denominator; 0 for one row). */
  readonly previousStd: number;
  /** Sample standard deviation (n - 1 denominator; 0 for one row). */
  readonly currentStd: number;
  /** Inner bin edges from the previous data: bins are (-inf, e0], (e0, e1], ..., (e_last, inf). */
  readonly edges: readonly number[];
}

/**
 * Measures how each feature's distribution moved between two snapshots: the population stability
 * index on quantile bins of the previous data, and the standardized mean difference.
 *
 * @remarks
 * For each column the inner bin edges are the 1/bins, 2/bins, ... quantiles of the previous data
 * (linear interpolation, numpy's default), with repeated edges merged, so a column with few
 * distinct values gets fewer bins. Both snapshots are counted into those bins and compared with
 * {@link populationStabilityIndex}. O(p (n log n + m log bins)) time for n previous and m current
 * rows and p features.
 *
 * @param previous - the previous (reference) data, n x p
 * @param current - the current data, m x p, same columns
 * @param options - see {@link FeatureDriftOptions}
 * @throws {@link ValidationError} for malformed or non-finite data, different column counts, or
 *   the wrong number of feature names.
 * @throws {@link InvalidParameterError} for bins below 2 or a bad epsilon.
 * @example
 * ```ts
 * import { featureDrift } from 'segmentkit';
 * const before = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
 * const after = [[1], [1], [1], [1], [1], [2], [3], [5], [7], [9]];
 * const [spend] = featureDrift(before, after, { featureNames: ['spend'], bins: 5 });
 * console.log(spend?.edges, spend?.psi.toFixed(4), spend?.level); // [2.8, 4.6, 6.4, 8.2] 0.7167 significant
 * ```
 */
export function featureDrift(previous: MatrixInput, current: MatrixInput, options: FeatureDriftOptions = {}): FeatureDrift[] {
  const FN = 'featureDrift';
  const o = resolveOptions(FN, { featureNames: null, bins: 10, epsilon: 1e-4 } as { featureNames: readonly string[] | null; bins: number; epsilon: number }, options, {
    featureNames: [{ describe: 'an array of strings', test: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string') }, isNull],
    bins: [{ describe: 'an int in the range [2, 1000]', test: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= 1000 }],
    epsilon: EPSILON_CONSTRAINT,
  });
  const P = validateMatrix(previous, { estimator: FN, input: 'previous' });
  const C = validateMatrix(current, { estimator: FN, input: 'current', nFeatures: P.cols });
  const p = P.cols;
  const names = o.featureNames ?? Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p) throw new ValidationError(messages.segment.featureNames(FN, names.length, p));
  const n = P.rows;
  const m = C.rows;
  const col = new Float64Array(n);
  const expected = new Float64Array(o.bins);
  const actual = new Float64Array(o.bins);
  const out: FeatureDrift[] = [];
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = P.data[i * p + j] as number;
    col.sort();
    const edges: number[] = [];
    for (let b = 1; b < o.bins; b++) {
      const pos = ((n - 1) * b) / o.bins;
      const lo = Math.floor(pos);
      const hi = Math.min(lo + 1, n - 1);
      const q = (col[lo] as number) + ((col[hi] as number) - (col[lo] as number)) * (pos - lo);
      if (edges.length === 0 || q > (edges[edges.length - 1] as number)) edges.push(q);
    }
    const k = edges.length + 1;
    expected.fill(0);
    actual.fill(0);
    for (let i = 0; i < n; i++) expected[binOf(edges, P.data[i * p + j] as number)]++;
    for (let i = 0; i < m; i++) actual[binOf(edges, C.data[i * p + j] as number)]++;
    for (let b = 0; b < k; b++) {
      expected[b] = (expected[b] as number) / n;
      actual[b] = (actual[b] as number) / m;
    }
    const psi = psiOf(expected.subarray(0, k), actual.subarray(0, k), o.epsilon);
    const ps = moments(P, j);
    const cs = moments(C, j);
    const pooled = Math.sqrt((ps.std * ps.std + cs.std * cs.std) / 2);
    const diff = cs.mean - ps.mean;
    const smd = pooled > 0 ? diff / pooled : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
    out.push({
      feature: names[j] as string,
      psi,
      level: psiLevel(psi),
      smd,
      previousMean: ps.mean,
      currentMean: cs.mean,
      previousStd: ps.std,
      currentStd: cs.std,
      edges,
    });
  }
  return out;
}

/** Index of the bin of v: the number of edges strictly below v (right-closed bins). */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Mean and sample standard deviation of column j (two passes, for accuracy). */
function moments(X: Matrix, j: number): { mean: number; std: number } {
  const { rows, cols, data } = X;
  let s = 0;
  for (let i = 0; i < rows; i++) s += data[i * cols + j] as number;
  const mean = s / rows;
  let ss = 0;
  for (let i = 0; i < rows; i++) {
    const d = (data[i * cols + j] as number) - mean;
    ss += d * d;
  }
  return { mean, std: rows > 1 ? Math.sqrt(ss / (rows - 1)) : 0 };
}
