/**
 * Stable segment ids across refits: match the segments of a new model to those of the previous one,
 * so that "segment 3" keeps meaning the same customers after the monthly refit.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import { isMatrix, isMatrixLike, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { custom, int, isNull, num, oneOf } from '../core/params.js';
import { validateLabels, validateMatrix } from '../core/validation.js';
import { linearSumAssignment } from '../linalg/hungarian.js';
import { resolveOptions } from '../metrics/_options.js';
import { checkIds, pairCustomers, type CustomerId } from './_customers.js';

const FN = 'alignSegments';

export type { CustomerId } from './_customers.js';

/**
 * Segment centres: a k x d matrix, or a fitted model that has them (`clusterCenters` of KMeans,
 * `means` of GaussianMixture).
 */
export type SegmentCenters = MatrixInput | { readonly clusterCenters: MatrixInput } | { readonly means: MatrixInput };

/**
 * A labelled snapshot of the customer base: one segment label per customer (-1 = noise), and
 * optionally the customers' ids. Without ids both snapshots must list the same customers in the
 * same order.
 */
export interface LabeledSnapshot {
  /** One segment label per customer (-1 = noise). */
  readonly labels: ArrayLike<number>;
  /** One unique customer id per label. */
  readonly ids?: ArrayLike<CustomerId>;
}

/** Options of {@link alignSegments}. */
export interface AlignSegmentsOptions {
  /**
   * How segments are matched: `'centroid'` by the distance between centres, `'overlap'` by the
   * customers they share; `'auto'` picks `'overlap'` when both inputs are plain `{ labels, ids? }`
   * snapshots and `'centroid'` otherwise.
   * @defaultValue 'auto'
   */
  readonly method?: 'auto' | 'centroid' | 'overlap';
  /**
   * Beyond this a segment counts as new rather than matched: the largest centre distance with
   * `'centroid'`, the smallest score (Jaccard index, or shared customers with `score: 'shared'`)
   * with `'overlap'`. `null`: any centre distance; any overlap of at least one customer.
   * @defaultValue null
   */
  readonly threshold?: number | null;
  /**
   * Stable id of each previous centre (row), for `'centroid'`; `null` for 0, 1, ..., k - 1. With
   * `'overlap'` the previous labels are the stable ids, so this must stay `null`.
   * @defaultValue null
   */
  readonly previousIds?: ArrayLike<number> | null;
  /**
   * First id given to a new segment; `null` for one more than the largest previous id. Pass the
   * `nextId` of the last alignment to never reuse the id of a segment that died earlier.
   * @defaultValue null
   */
  readonly nextId?: number | null;
  /** What `'overlap'` maximises: the Jaccard index of the segments or the count of shared customers. @defaultValue 'jaccard' */
  readonly score?: 'jaccard' | 'shared';
}

/** Defaults of {@link AlignSegmentsOptions}. */
export const ALIGN_SEGMENTS_DEFAULTS = Object.freeze({
  method: 'auto',
  threshold: null,
  previousIds: null,
  nextId: null,
  score: 'jaccard',
} as const);

/** One matched pair of segments. */
export interface SegmentMatch {
  /** The stable id of the previous segment. */
  readonly previous: number;
  /** The current segment: row of the current centres, or current label. */
  readonly current: number;
  /** Distance between the two centres (method `'centroid'`). */
  readonly distance?: number;
  /** Jaccard index of the two segments over the shared customers (method `'overlap'`). */
  readonly jaccard?: number;
  /** Customers in both segments (method `'overlap'`). */
  readonly shared?: number;
}

/** The result of {@link alignSegments}. */
export interface SegmentAlignment {
  /** The method used. */
  readonly method: 'centroid' | 'overlap';
  /**
   * Stable id of each current segment: `mapping[c]` for current segment (label) c. -1 for a label
   * below the largest that no customer carries (`'overlap'` only).
   */
  readonly mapping: Int32Array;
  /** Fresh stable ids given to current segments that matched no previous one, ascending. */
  readonly born: readonly number[];
  /** Stable ids of previous segments that no current segment matched, ascending. */
  readonly died: readonly number[];
  /** The matched pairs, by current segment. */
  readonly matches: readonly SegmentMatch[];
  /** The first id that is still free: pass it as `nextId` to the next alignment. */
  readonly nextId: number;
  /**
   * Rewrites labels of the current model into stable ids (-1 stays -1).
   * @throws {@link ValidationError} for a label that is not a current segment.
   */
  relabel(labels: ArrayLike<number>): Int32Array;
}

interface ResolvedOptions {
  readonly method: 'auto' | 'centroid' | 'overlap';
  readonly threshold: number | null;
  readonly previousIds: ArrayLike<number> | null;
  readonly nextId: number | null;
  readonly score: 'jaccard' | 'shared';
}

const CONSTRAINTS = {
  method: [oneOf('auto', 'centroid', 'overlap')],
  threshold: [num(), isNull],
  previousIds: [
    custom('an array of unique non-negative integers', (v) => {
      if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return false;
      const a = Array.from(v as ArrayLike<unknown>);
      return a.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0x7fffffff) && new Set(a).size === a.length;
    }),
    isNull,
  ],
  nextId: [int({ min: 0, max: 0x7fffffff }), isNull],
  score: [oneOf('jaccard', 'shared')],
};

function hasKey(x: unknown, key: string): boolean {
  return typeof x === 'object' && x !== null && key in x;
}

function isSnapshot(x: unknown): x is LabeledSnapshot {
  return hasKey(x, 'labels') && !hasKey(x, 'clusterCenters') && !hasKey(x, 'means') && !isMatrixLike(x);
}

function centersOf(x: unknown, which: string): Matrix {
  let m: unknown = x;
  if (!isMatrix(x) && !Array.isArray(x) && !isMatrixLike(x)) {
    if (hasKey(x, 'clusterCenters')) m = (x as { clusterCenters: unknown }).clusterCenters;
    else if (hasKey(x, 'means')) m = (x as { means: unknown }).means;
    else throw new ValidationError(messages.segment.notCenters(FN, which, x));
  }
  return validateMatrix(m, { estimator: FN, input: `the ${which} centres` });
}

/** Checks a snapshot and returns its labels and (when given) a map from id to position. */
function snapshotOf(x: unknown, which: string): { labels: Int32Array; ids: CustomerId[] | null } {
  if (!hasKey(x, 'labels')) throw new ValidationError(messages.segment.notSnapshot(FN, which, x));
  const s = x as LabeledSnapshot;
  const labels = validateLabels(s.labels, undefined, FN, `${which} labels`);
  if (s.ids === undefined || s.ids === null) return { labels, ids: null };
  return { labels, ids: checkIds(s.ids, labels.length, FN, which) };
}

function maxLabel(labels: Int32Array): number {
  let m = -1;
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) > m) m = labels[i] as number;
  return m;
}

/**
 * Matches the segments of a refitted model to the previous ones so that segment ids stay stable:
 * a current segment takes the id of the previous segment it matches, and a segment that matches
 * none is born with a fresh id (after the largest previous id).
 *
 * @remarks
 * Two ways to match, both an optimal one-to-one assignment (the Hungarian algorithm,
 * {@link linearSumAssignment}) of previous to current segments, so k may change between fits:
 *
 * - `'centroid'`: minimise the total Euclidean distance between matched centres, for models whose
 *   segments have centres (KMeans `clusterCenters`, GaussianMixture `means`, or any k x d matrix).
 *   With a `threshold`, pairs farther apart are forbidden: the assignment first matches as many
 *   segments as it can within the threshold, then minimises their total distance.
 *   O(kp kc d + min(kp, kc)^2 max(kp, kc)) time.
 * - `'overlap'`: maximise the total Jaccard index (or count of shared customers) between matched
 *   segments, computed on the customers present in both snapshots (joined by id): for previous
 *   segment P and current segment C, |P ∩ C| / |P ∪ C| over shared customers (a customer who
 *   became noise still counts in P). Pairs sharing no customer, or scoring below `threshold`, are
 *   never matched. Works for every clusterer, DBSCAN and hierarchical included. O(n + kp kc) time
 *   plus the assignment.
 *
 * When a segment splits, the larger (or nearer) part keeps the id and the other is born; when two
 * merge, one id survives and the other dies. Chain alignments by relabelling each model's labels
 * with `relabel` and passing them as the next previous snapshot (or the centres with `previousIds`
 * set to the mapping), and `nextId` so that ids of dead segments are never reused.
 *
 * @param previous - the previous segments: centres (a matrix or a fitted KMeans/GaussianMixture),
 *   or a `{ labels, ids? }` snapshot whose labels are the stable ids
 * @param current - the current segments, of the same kind
 * @param options - see {@link AlignSegmentsOptions}
 * @throws {@link ValidationError} for malformed centres, labels or ids, centres of different widths,
 *   inputs of different kinds, or snapshots that share no customer.
 * @throws {@link InvalidParameterError} for an unknown or out-of-range option.
 * @example
 * ```ts
 * import { alignSegments } from 'segmentkit';
 * const before = [[0, 0], [10, 0], [0, 10]];
 * const after = [[10, 1], [0, 9], [1, 0], [50, 50]]; // same three segments, reordered, plus a new one
 * const a = alignSegments(before, after, { threshold: 5 });
 * console.log(Array.from(a.mapping), a.born); // [1, 2, 0, 3] [3]
 * console.log(Array.from(a.relabel([0, 3, 2, -1]))); // [1, 3, 0, -1]
 * ```
 */
export function alignSegments(
  previous: SegmentCenters | LabeledSnapshot,
  current: SegmentCenters | LabeledSnapshot,
  options: AlignSegmentsOptions = {},
): SegmentAlignment {
  const o = resolveOptions<ResolvedOptions>(FN, ALIGN_SEGMENTS_DEFAULTS, options, CONSTRAINTS);
  let method = o.method;
  if (method === 'auto') {
    const ps = isSnapshot(previous);
    const cs = isSnapshot(current);
    if (ps !== cs) throw new ValidationError(messages.segment.mixedInputs(FN));
    method = ps ? 'overlap' : 'centroid';
  }
  return method === 'centroid' ? byCentroid(previous, current, o) : byOverlap(previous, current, o);
}

function byCentroid(previous: unknown, current: unknown, o: ResolvedOptions): SegmentAlignment {
  const P = centersOf(previous, 'previous');
  const C = centersOf(current, 'current');
  if (P.cols !== C.cols) throw new ValidationError(messages.segment.centersWidth(FN, P.cols, C.cols));
  const kp = P.rows;
  const kc = C.rows;
  const d = P.cols;
  let prevIds: Int32Array;
  if (o.previousIds !== null) {
    if (o.previousIds.length !== kp) throw new InvalidParameterError('previousIds', messages.segment.previousIdsLength(FN, o.previousIds.length, kp));
    prevIds = Int32Array.from(o.previousIds);
  } else {
    prevIds = new Int32Array(kp);
    for (let i = 0; i < kp; i++) prevIds[i] = i;
  }
  const dist = new Float64Array(kp * kc);
  for (let i = 0; i < kp; i++) {
    for (let j = 0; j < kc; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = (P.data[i * d + t] as number) - (C.data[j * d + t] as number);
        s += diff * diff;
      }
      dist[i * kc + j] = Math.sqrt(s);
    }
  }
  const limit = o.threshold ?? Infinity;
  // Forbidden pairs get a cost larger than any total of allowed ones, so the assignment first
  // maximises the number of allowed matches, then minimises their total distance.
  let maxAllowed = 0;
  for (let t = 0; t < dist.length; t++) if ((dist[t] as number) <= limit && (dist[t] as number) > maxAllowed) maxAllowed = dist[t] as number;
  const big = 2 * maxAllowed * Math.min(kp, kc) + 1;
  if (!Number.isFinite(big)) throw new ValidationError(messages.segment.distanceOverflow(FN));
  const cost = new Float64Array(kp * kc);
  for (let t = 0; t < cost.length; t++) cost[t] = (dist[t] as number) <= limit ? (dist[t] as number) : big;
  const { rowInd, colInd } = linearSumAssignment({ rows: kp, cols: kc, data: cost });
  const pairs: { p: number; c: number }[] = [];
  for (let t = 0; t < rowInd.length; t++) {
    const i = rowInd[t] as number;
    const j = colInd[t] as number;
    if ((dist[i * kc + j] as number) <= limit) pairs.push({ p: i, c: j });
  }
  const present = new Uint8Array(kc).fill(1);
  return finish('centroid', prevIds, kc, present, pairs, o.nextId, (pr) => ({ previous: prevIds[pr.p] as number, current: pr.c, distance: dist[pr.p * kc + pr.c] as number }));
}

function byOverlap(previous: unknown, current: unknown, o: ResolvedOptions): SegmentAlignment {
  if (o.previousIds !== null) {
    throw new InvalidParameterError('previousIds', `${FN}: 'previousIds' applies to method 'centroid' only; with 'overlap' the previous labels are the stable ids. Relabel them instead.`);
  }
  const prev = snapshotOf(previous, 'previous');
  const cur = snapshotOf(current, 'current');
  const { prevIndex, curIndex } = pairCustomers(FN, prev, cur);
  // Previous segments: the distinct labels >= 0 of the previous snapshot (they are the stable ids).
  const prevIds = Int32Array.from(new Set(Array.from(prev.labels).filter((l) => l >= 0))).sort();
  const row = new Map<number, number>();
  prevIds.forEach((id, i) => row.set(id, i));
  const kp = prevIds.length;
  const kc = maxLabel(cur.labels) + 1;
  const present = new Uint8Array(kc);
  for (let i = 0; i < cur.labels.length; i++) if ((cur.labels[i] as number) >= 0) present[cur.labels[i] as number] = 1;
  // Contingency over shared customers, with one extra row and column for noise.
  const counts = new Float64Array((kp + 1) * (kc + 1));
  for (let t = 0; t < prevIndex.length; t++) {
    const a = prev.labels[prevIndex[t] as number] as number;
    const b = cur.labels[curIndex[t] as number] as number;
    const r = a < 0 ? kp : (row.get(a) as number);
    const c = b < 0 ? kc : b;
    counts[r * (kc + 1) + c] = (counts[r * (kc + 1) + c] as number) + 1;
  }
  const rowSum = new Float64Array(kp);
  const colSum = new Float64Array(kc);
  let sharedInSegments = 0;
  for (let r = 0; r < kp; r++) {
    for (let c = 0; c <= kc; c++) {
      const v = counts[r * (kc + 1) + c] as number;
      rowSum[r] = (rowSum[r] as number) + v;
      if (c < kc) {
        colSum[c] = (colSum[c] as number) + v;
        sharedInSegments += v;
      }
    }
  }
  for (let c = 0; c < kc; c++) colSum[c] = (colSum[c] as number) + (counts[kp * (kc + 1) + c] as number);
  if (sharedInSegments === 0) throw new ValidationError(messages.segment.noSharedCustomers(FN));
  const jac = new Float64Array(kp * kc);
  const cost = new Float64Array(kp * kc);
  const limit = o.threshold ?? -Infinity;
  for (let r = 0; r < kp; r++) {
    for (let c = 0; c < kc; c++) {
      const n = counts[r * (kc + 1) + c] as number;
      const j = n > 0 ? n / ((rowSum[r] as number) + (colSum[c] as number) - n) : 0;
      jac[r * kc + c] = j;
      const s = o.score === 'jaccard' ? j : n;
      // Maximising the total score over allowed pairs: forbidden pairs cost 0, like no match at all.
      cost[r * kc + c] = n > 0 && s >= limit ? -s : 0;
    }
  }
  const pairs: { p: number; c: number }[] = [];
  if (kp > 0 && kc > 0) {
    const { rowInd, colInd } = linearSumAssignment({ rows: kp, cols: kc, data: cost });
    for (let t = 0; t < rowInd.length; t++) {
      const r = rowInd[t] as number;
      const c = colInd[t] as number;
      if ((cost[r * kc + c] as number) < 0) pairs.push({ p: r, c });
    }
  }
  return finish('overlap', prevIds, kc, present, pairs, o.nextId, (pr) => ({
    previous: prevIds[pr.p] as number,
    current: pr.c,
    jaccard: jac[pr.p * kc + pr.c] as number,
    shared: counts[pr.p * (kc + 1) + pr.c] as number,
  }));
}

function finish(
  method: 'centroid' | 'overlap',
  prevIds: Int32Array,
  kc: number,
  present: Uint8Array,
  pairs: { p: number; c: number }[],
  nextIdOption: number | null,
  describe: (pair: { p: number; c: number }) => SegmentMatch,
): SegmentAlignment {
  let maxPrev = -1;
  for (let i = 0; i < prevIds.length; i++) if ((prevIds[i] as number) > maxPrev) maxPrev = prevIds[i] as number;
  if (nextIdOption !== null && nextIdOption <= maxPrev) {
    throw new InvalidParameterError('nextId', messages.invalidParameter(FN, 'nextId', `larger than every previous id (${maxPrev})`, nextIdOption));
  }
  let next = nextIdOption ?? maxPrev + 1;
  const mapping = new Int32Array(kc).fill(-1);
  const matchedPrev = new Uint8Array(prevIds.length);
  pairs.sort((a, b) => a.c - b.c);
  for (const pr of pairs) {
    mapping[pr.c] = prevIds[pr.p] as number;
    matchedPrev[pr.p] = 1;
  }
  const born: number[] = [];
  for (let c = 0; c < kc; c++) {
    if (mapping[c] === -1 && present[c] === 1) {
      mapping[c] = next;
      born.push(next++);
    }
  }
  const died: number[] = [];
  for (let i = 0; i < prevIds.length; i++) if (matchedPrev[i] === 0) died.push(prevIds[i] as number);
  died.sort((a, b) => a - b);
  const matches = pairs.map(describe);
  const frozen = mapping.slice();
  return {
    method,
    mapping,
    born,
    died,
    matches,
    nextId: next,
    relabel(labels: ArrayLike<number>): Int32Array {
      const y = validateLabels(labels, undefined, 'SegmentAlignment.relabel');
      const out = new Int32Array(y.length);
      for (let i = 0; i < y.length; i++) {
        const l = y[i] as number;
        if (l === -1) {
          out[i] = -1;
          continue;
        }
        const m = l < frozen.length ? (frozen[l] as number) : -1;
        if (m === -1) throw new ValidationError(messages.segment.unknownLabel('SegmentAlignment.relabel', i, l, kc), { row: i });
        out[i] = m;
      }
      return out;
    },
  };
}
