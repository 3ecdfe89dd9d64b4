/**
 * Customer features from a transaction log: recency, frequency, monetary value (RFM), tenure; RFM
 * quantile scores; and the classic RFM segment names.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { averageRanks } from './_stats.js';
import { DAY_MS, isoOf, toEpochMs } from './_dates.js';
import { isMissing, isTable, readTable, type Column, type TableInput } from './table.js';

/** Options of {@link rfm}: which columns hold what. */
export interface RfmOptions {
  /** Column of customer ids (non-empty strings or numbers). */
  readonly customerId: string;
  /** Column of transaction dates (Date, ISO 8601 string or epoch ms). */
  readonly date: string;
  /** Column of transaction amounts (finite, non-negative numbers). */
  readonly amount: string;
  /** Reference date for recency and tenure. @defaultValue the latest transaction date */
  readonly asOf?: Date | string | number;
  /** Transactions after `asOf`: 'error' (naming the row) or 'ignore' (skipped). @defaultValue 'error' */
  readonly future?: 'error' | 'ignore';
}

/** One row per customer, as columns (a {@link ColumnsTable}, ready for ColumnTransformer or rfmScores). */
export type RfmTable = {
  /** Customer ids, in order of first appearance in the log. */
  readonly customerId: (string | number)[];
  /** Days from the customer's last transaction to asOf (fractional for timestamps). */
  readonly recency: Float64Array;
  /** Number of transactions. */
  readonly frequency: Float64Array;
  /** Total amount. */
  readonly monetary: Float64Array;
  /** Average order value: monetary / frequency. */
  readonly averageOrderValue: Float64Array;
  /** Days from the customer's first transaction to asOf. */
  readonly tenure: Float64Array;
};

const FN = 'rfm';

class Accumulator {
  n = 0;
  ids: (string | number)[] = [];
  first = new Float64Array(1024);
  last = new Float64Array(1024);
  count = new Float64Array(1024);
  total = new Float64Array(1024);
  readonly index = new Map<string | number, number>();

  private grow(): void {
    const cap = this.first.length * 2;
    for (const k of ['first', 'last', 'count', 'total'] as const) {
      const a = new Float64Array(cap);
      a.set(this[k]);
      this[k] = a;
    }
  }

  add(id: string | number, ms: number, amount: number): void {
    let c = this.index.get(id);
    if (c === undefined) {
      c = this.n++;
      if (c === this.first.length) this.grow();
      this.index.set(id, c);
      this.ids.push(id);
      this.first[c] = ms;
      this.last[c] = ms;
    } else {
      if (ms < (this.first[c] as number)) this.first[c] = ms;
      if (ms > (this.last[c] as number)) this.last[c] = ms;
    }
    this.count[c] = (this.count[c] as number) + 1;
    this.total[c] = (this.total[c] as number) + amount;
  }
}

/** Parses dates with a cache (transaction logs repeat the same day strings). */
class DateParser {
  private readonly cache = new Map<string, number>();
  parse(v: unknown): number {
    if (typeof v !== 'string') return toEpochMs(v);
    const hit = this.cache.get(v);
    if (hit !== undefined) return hit;
    const ms = toEpochMs(v);
    if (this.cache.size < 100_000) this.cache.set(v, ms);
    return ms;
  }
}

/**
 * Computes recency, frequency, monetary value, average order value and tenure per customer.
 *
 * @remarks
 * One pass over the log with a Map from customer id to a row of growable Float64Arrays: O(n) time,
 * O(customers) memory, no allocation per transaction beyond the customer table (date strings are
 * parsed once each and cached). Records are read in place; column tables are read column-wise.
 * Recency and tenure are in days (exact, so timestamps give fractions); with asOf left out the
 * latest transaction date is used, so the most recent customer has recency 0.
 *
 * @throws {@link ValidationError} naming the row for a missing or invalid customer id, a bad date,
 *   a negative or non-numeric amount, a transaction after asOf (with future 'error'), a record
 *   missing one of the columns, or an empty log
 * @throws {@link InvalidParameterError} for a bad asOf or missing column names
 * @example
 * ```ts
 * import { rfm } from 'segmentkit';
 * const t = rfm(
 *   [
 *     { id: 'a', day: '2024-01-01', amount: 10 },
 *     { id: 'b', day: '2024-01-05', amount: 5 },
 *     { id: 'a', day: '2024-01-09', amount: 30 },
 *   ],
 *   { customerId: 'id', date: 'day', amount: 'amount', asOf: '2024-01-11' },
 * );
 * console.log(t.customerId, Array.from(t.recency), Array.from(t.frequency), Array.from(t.monetary)); // ['a', 'b'] [2, 6] [2, 1] [40, 5]
 * ```
 */
export function rfm(transactions: TableInput, options: RfmOptions): RfmTable {
  for (const key of ['customerId', 'date', 'amount'] as const) {
    if (typeof options?.[key] !== 'string' || options[key] === '') {
      throw new InvalidParameterError(key, messages.invalidParameter(FN, key, 'the name of a column', options?.[key]));
    }
  }
  const { customerId, date, amount } = options;
  const future = options.future ?? 'error';
  if (future !== 'error' && future !== 'ignore') throw new InvalidParameterError('future', messages.invalidParameter(FN, 'future', "a str among {'error', 'ignore'}", future));
  let asOfMs = Infinity;
  if (options.asOf !== undefined) {
    asOfMs = toEpochMs(options.asOf);
    if (Number.isNaN(asOfMs)) throw new InvalidParameterError('asOf', messages.invalidParameter(FN, 'asOf', 'a Date, an ISO 8601 string or epoch milliseconds', options.asOf));
  }
  const acc = new Accumulator();
  const parser = new DateParser();
  const row = (i: number, idv: unknown, dv: unknown, av: unknown): void => {
    if (!((typeof idv === 'string' && idv !== '') || (typeof idv === 'number' && Number.isFinite(idv)))) {
      throw new ValidationError(messages.preprocess.missingId(FN, customerId, i, idv), { row: i });
    }
    const ms = isMissing(dv) ? NaN : parser.parse(dv);
    if (Number.isNaN(ms)) throw new ValidationError(messages.preprocess.badDate(FN, date, i, dv), { row: i });
    if (typeof av !== 'number' || !(av >= 0) || av === Infinity) throw new ValidationError(messages.preprocess.badAmount(FN, amount, i, av), { row: i });
    if (ms > asOfMs) {
      if (future === 'ignore') return;
      throw new ValidationError(messages.preprocess.afterAsOf(FN, date, i, isoOf(ms), isoOf(asOfMs)), { row: i });
    }
    acc.add(idv, ms, av);
  };
  if (Array.isArray(transactions) && isTable(transactions)) {
    const recs = transactions as readonly Record<string, unknown>[];
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i] as Record<string, unknown>;
      if (typeof r !== 'object' || r === null) throw new ValidationError(messages.preprocess.notRecord(FN, 'transactions', i, r), { row: i });
      const idv = r[customerId];
      const dv = r[date];
      const av = r[amount];
      if (idv === undefined || dv === undefined || av === undefined) {
        for (const c of [customerId, date, amount]) {
          if (!Object.prototype.hasOwnProperty.call(r, c)) throw new ValidationError(messages.preprocess.missingColumn(FN, 'transactions', c, i), { row: i });
        }
      }
      row(i, idv, dv, av);
    }
  } else {
    const set = readTable(transactions, { estimator: FN, input: 'transactions', columns: [customerId, date, amount] });
    const [ids, dates, amounts] = set.columns as [Column, Column, Column];
    for (let i = 0; i < set.nRows; i++) row(i, ids[i], dates[i], amounts[i]);
  }
  const n = acc.n;
  if (n === 0) throw new ValidationError(`${FN} found no transactions on or before asOf (${isoOf(asOfMs)}); move asOf later.`);
  if (asOfMs === Infinity) {
    asOfMs = -Infinity;
    for (let c = 0; c < n; c++) if ((acc.last[c] as number) > asOfMs) asOfMs = acc.last[c] as number;
  }
  const recency = new Float64Array(n);
  const tenure = new Float64Array(n);
  const averageOrderValue = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    recency[c] = (asOfMs - (acc.last[c] as number)) / DAY_MS;
    tenure[c] = (asOfMs - (acc.first[c] as number)) / DAY_MS;
    averageOrderValue[c] = (acc.total[c] as number) / (acc.count[c] as number);
  }
  return {
    customerId: acc.ids,
    recency,
    frequency: acc.count.slice(0, n),
    monetary: acc.total.slice(0, n),
    averageOrderValue,
    tenure,
  };
}

/** Options of {@link rfmScores}. */
export interface RfmScoresOptions {
  /** Number of quantile bins, so scores run 1..bins. @defaultValue 5 */
  readonly bins?: number;
  /** Tied values: 'average' (they share one score) or 'first' (order of appearance, as pandas `rank(method='first')`). @defaultValue 'average' */
  readonly ties?: 'average' | 'first';
}

/** RFM scores per customer (columns). */
export type RfmScores = {
  /** Customer ids, in the order of the input table. */
  readonly customerId: (string | number)[];
  /** Recency score: bins = most recent. */
  readonly r: Int32Array;
  /** Frequency score: bins = most frequent. */
  readonly f: Int32Array;
  /** Monetary score: bins = highest spend. */
  readonly m: Int32Array;
  /** Frequency-monetary score: (f + m) / 2 rounded half up. */
  readonly fm: Int32Array;
  /** The three scores as a code, e.g. '545'. */
  readonly rfm: string[];
  /** r + f + m. */
  readonly total: Int32Array;
};

function quantileScores(x: ArrayLike<number>, bins: number, ties: 'average' | 'first', reverse: boolean): Int32Array {
  const n = x.length;
  let ranks: Float64Array;
  if (ties === 'average') ranks = averageRanks(x);
  else {
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number) || a - b);
    ranks = new Float64Array(n);
    idx.forEach((i, k) => (ranks[i] = k + 1));
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = Math.min(bins, Math.max(1, Math.ceil(((ranks[i] as number) * bins) / n - 1e-9)));
    out[i] = reverse ? bins + 1 - s : s;
  }
  return out;
}

/**
 * Scores recency, frequency and monetary value 1..bins by quantile (equal-frequency bins of their
 * ranks); recency is reversed so `bins` means most recent.
 *
 * @remarks
 * O(n log n) (one sort per metric). A customer of rank k among n gets score ceil(k * bins / n). With
 * ties 'average', tied customers share the mean rank and so one score (a metric with many ties,
 * such as frequency, then uses fewer than `bins` scores).
 *
 * @throws {@link ValidationError} when the table lacks recency, frequency or monetary, or they are not numeric
 * @throws {@link InvalidParameterError} on a bad option
 * @example
 * ```ts
 * import { rfmScores } from 'segmentkit';
 * const s = rfmScores({ customerId: ['a', 'b'], recency: [1, 30], frequency: [9, 1], monetary: [500, 20] }, { bins: 2 });
 * console.log(s.rfm); // ['222', '111']
 * ```
 */
export function rfmScores(table: RfmTable | TableInput, options: RfmScoresOptions = {}): RfmScores {
  const bins = options.bins ?? 5;
  const ties = options.ties ?? 'average';
  if (!Number.isInteger(bins) || bins < 2 || bins > 100) throw new InvalidParameterError('bins', messages.invalidParameter('rfmScores', 'bins', 'an int in the range [2, 100]', bins));
  if (ties !== 'average' && ties !== 'first') throw new InvalidParameterError('ties', messages.invalidParameter('rfmScores', 'ties', "a str among {'average', 'first'}", ties));
  const set = readTable(table, { estimator: 'rfmScores', input: 'table' });
  const col = (name: string): Float64Array => {
    const j = set.names.indexOf(name);
    if (j < 0) throw new ValidationError(messages.preprocess.absentColumn('rfmScores', 'table', name, set.names));
    const c = set.columns[j] as Column;
    const out = new Float64Array(set.nRows);
    for (let i = 0; i < set.nRows; i++) {
      const v = c[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(messages.preprocess.notNumericCell('rfmScores', name, i, v), { row: i, column: j });
      out[i] = v;
    }
    return out;
  };
  const idIdx = set.names.indexOf('customerId');
  const ids = idIdx >= 0 ? Array.from(set.columns[idIdx] as Column, (v) => v as string | number) : Array.from({ length: set.nRows }, (_, i) => i);
  const r = quantileScores(col('recency'), bins, ties, true);
  const f = quantileScores(col('frequency'), bins, ties, false);
  const m = quantileScores(col('monetary'), bins, ties, false);
  const n = set.nRows;
  const fm = new Int32Array(n);
  const total = new Int32Array(n);
  const code: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    fm[i] = Math.floor(((f[i] as number) + (m[i] as number)) / 2 + 0.5);
    total[i] = (r[i] as number) + (f[i] as number) + (m[i] as number);
    code[i] = `${r[i] as number}${bins > 9 ? '-' : ''}${f[i] as number}${bins > 9 ? '-' : ''}${m[i] as number}`;
  }
  return { customerId: ids, r, f, m, fm, rfm: code, total };
}

/** One row of a segment rule table: inclusive score ranges; a customer matches when all given ranges hold. */
export interface RfmSegmentRule {
  /** Segment name. */
  readonly segment: string;
  /** Recency score range [lo, hi]. */
  readonly r?: readonly [number, number];
  /** Frequency score range. */
  readonly f?: readonly [number, number];
  /** Monetary score range. */
  readonly m?: readonly [number, number];
  /** Frequency-monetary score range. */
  readonly fm?: readonly [number, number];
}

/**
 * The default segment rules on 1-5 scores, over recency (r) and the frequency-monetary score (fm);
 * the first matching rule wins and together they cover every (r, fm) pair:
 *
 * | segment | r | fm |
 * |---|---|---|
 * | Champions | 5 | 4-5 |
 * | Loyal Customers | 3-4 | 4-5 |
 * | Can't Lose Them | 1-2 | 5 |
 * | At Risk | 1-2 | 3-4 |
 * | Potential Loyalist | 4-5 | 2-3 |
 * | Need Attention | 3 | 3 |
 * | About To Sleep | 3 | 1-2 |
 * | New Customers | 5 | 1 |
 * | Promising | 4 | 1 |
 * | Lost | 1 | 1 |
 * | Hibernating | 1-2 | 1-2 |
 */
export const RFM_SEGMENT_RULES: readonly RfmSegmentRule[] = Object.freeze(([
  { segment: 'Champions', r: [5, 5], fm: [4, 5] },
  { segment: 'Loyal Customers', r: [3, 4], fm: [4, 5] },
  { segment: "Can't Lose Them", r: [1, 2], fm: [5, 5] },
  { segment: 'At Risk', r: [1, 2], fm: [3, 4] },
  { segment: 'Potential Loyalist', r: [4, 5], fm: [2, 3] },
  { segment: 'Need Attention', r: [3, 3], fm: [3, 3] },
  { segment: 'About To Sleep', r: [3, 3], fm: [1, 2] },
  { segment: 'New Customers', r: [5, 5], fm: [1, 1] },
  { segment: 'Promising', r: [4, 4], fm: [1, 1] },
  { segment: 'Lost', r: [1, 1], fm: [1, 1] },
  { segment: 'Hibernating', r: [1, 2], fm: [1, 2] },
] as RfmSegmentRule[]).map((rule) => Object.freeze(rule)));

/** Options of {@link rfmSegments}. */
export interface RfmSegmentsOptions {
  /** The rule table, first match wins. @defaultValue {@link RFM_SEGMENT_RULES} */
  readonly rules?: readonly RfmSegmentRule[];
  /** Name given to customers no rule matches. @defaultValue 'Other' */
  readonly otherwise?: string;
}

function inRange(v: number, range: readonly [number, number] | undefined): boolean {
  return range === undefined || (v >= range[0] && v <= range[1]);
}

/**
 * Names each customer's RFM segment with a rule table (first match wins).
 *
 * @remarks O(n * rules). The default table ({@link RFM_SEGMENT_RULES}) is for 1-5 scores; pass your own
 * `rules` for other bins or other segment definitions.
 * @throws {@link ValidationError} when scores exceed 5 with the default rules
 * @throws {@link InvalidParameterError} on a malformed rule table
 * @example
 * ```ts
 * import { rfmSegments } from 'segmentkit';
 * const seg = rfmSegments({ r: [5, 1, 3], f: [5, 1, 3], m: [4, 2, 3], fm: [5, 2, 3] });
 * console.log(seg); // ['Champions', 'Hibernating', 'Need Attention']
 * ```
 */
export function rfmSegments(scores: Pick<RfmScores, 'r' | 'f' | 'm' | 'fm'> | { r: ArrayLike<number>; f: ArrayLike<number>; m: ArrayLike<number>; fm: ArrayLike<number> }, options: RfmSegmentsOptions = {}): string[] {
  const rules = options.rules ?? RFM_SEGMENT_RULES;
  const otherwise = options.otherwise ?? 'Other';
  const isRange = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'));
  if (!Array.isArray(rules) || !rules.every((x: RfmSegmentRule) => typeof x?.segment === 'string' && isRange(x.r) && isRange(x.f) && isRange(x.m) && isRange(x.fm))) {
    throw new InvalidParameterError('rules', messages.invalidParameter('rfmSegments', 'rules', 'an array of { segment, r?, f?, m?, fm? } with [lo, hi] ranges', rules));
  }
  const { r, f, m, fm } = scores;
  const n = r.length;
  for (const [name, a] of [['f', f], ['m', m], ['fm', fm]] as const) {
    if (a.length !== n) throw new ValidationError(messages.lengthMismatch('rfmSegments', name, a.length, n));
  }
  if (options.rules === undefined) {
    for (let i = 0; i < n; i++) {
      const mx = Math.max(r[i] as number, f[i] as number, m[i] as number);
      if (mx > 5) throw new ValidationError(messages.preprocess.tooManyBins('rfmSegments', mx, mx));
    }
  }
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const ri = r[i] as number, fi = f[i] as number, mi = m[i] as number, fmi = fm[i] as number;
    let name = otherwise;
    for (const rule of rules) {
      if (inRange(ri, rule.r) && inRange(fi, rule.f) && inRange(mi, rule.m) && inRange(fmi, rule.fm)) {
        name = rule.segment;
        break;
      }
    }
    out[i] = name;
  }
  return out;
}
