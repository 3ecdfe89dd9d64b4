/**
 * A synthetic transaction log behind {@link makeCustomers}' customers, for RFM demos and tests.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { int, isNull, validateParams, type ParamConstraints } from '../core/params.js';
import { MAX_SEED, Rng } from '../core/random.js';
import { CUSTOMER_SEGMENT_NAMES, formatIsoDay, generateCustomers, isoDate, MAKE_CUSTOMERS_DEFAULTS, mergeOptions, parseIsoDay } from './make-customers.js';

/** One order in the log of {@link makeTransactions}. */
export type Transaction = {
  /** The customer's id, as in {@link makeCustomers}' records. */
  customerId: string;
  /** Order date, `YYYY-MM-DD`. */
  date: string;
  /** Order value in currency units, positive, two decimals. */
  amount: number;
};

/** Options of {@link makeTransactions}. */
export interface MakeTransactionsOptions {
  /** Number of customers (the `n` of {@link makeCustomers}). @defaultValue 1000 */
  readonly nCustomers?: number;
  /** Seed, shared with {@link makeCustomers}. @defaultValue 0 */
  readonly randomState?: number;
  /** Number of segments, 2..6 (as in {@link makeCustomers}). @defaultValue 4 */
  readonly nSegments?: number;
  /** First day of the log, `YYYY-MM-DD`; earlier orders are left out. null keeps the whole history. @defaultValue null */
  readonly start?: string | null;
  /** Last day of the log and the customers' `asOf` date, `YYYY-MM-DD`. @defaultValue '2024-12-31' */
  readonly end?: string;
}

/** Defaults of {@link makeTransactions}. */
export const MAKE_TRANSACTIONS_DEFAULTS: Readonly<Required<MakeTransactionsOptions>> = Object.freeze({
  nCustomers: MAKE_CUSTOMERS_DEFAULTS.n,
  randomState: MAKE_CUSTOMERS_DEFAULTS.randomState,
  nSegments: MAKE_CUSTOMERS_DEFAULTS.nSegments,
  start: null,
  end: MAKE_CUSTOMERS_DEFAULTS.asOf,
});

const CONSTRAINTS: ParamConstraints<Required<MakeTransactionsOptions>> = {
  nCustomers: [int({ min: 1 })],
  randomState: [int({ min: 0, max: MAX_SEED })],
  nSegments: [int({ min: 2, max: CUSTOMER_SEGMENT_NAMES.length })],
  start: [isoDate, isNull],
  end: [isoDate],
};

/** Spread of the order values around the customer's typical basket (sigma of the log). */
const AMOUNT_SIGMA = 0.35;

/**
 * Generates the order history of {@link makeCustomers}' customers: one row per order, sorted by
 * date then customer id.
 *
 * @remarks
 * The customers are exactly those of `makeCustomers({ n: nCustomers, randomState, nSegments,
 * asOf: end })` (same ids, same segments), and the log agrees with their records: each customer has
 * `orderCount` orders, the first on `firstOrderDate` and the last on `lastOrderDate` (the others on
 * uniformly drawn days between), and the amounts (log-normal around the basket size) sum to
 * `totalSpend` to the cent, a bulk order included in one of them. So recency, frequency and
 * monetary value computed from the full log (`start` null) reproduce `daysSinceLastOrder`,
 * `orderCount` and `totalSpend`. With a `start` date, orders before it are left out, as in a log
 * export that starts on that day. Amounts are computed in integer cents. The order draws use a
 * forked stream of the seed, so they do not disturb the customers. O(total orders x log(total
 * orders)) for the final sort.
 *
 * @param options - see {@link MakeTransactionsOptions}
 * @throws `InvalidParameterError` (from segmentkit) for an unknown option, invalid counts, seed or dates, or a
 *   `start` after `end`
 * @example
 * ```ts
 * import { makeCustomers, makeTransactions } from 'segmentkit/datasets';
 * const log = makeTransactions({ nCustomers: 50, randomState: 3 });
 * const { records } = makeCustomers({ n: 50, randomState: 3 });
 * const first = records[0];
 * const mine = log.filter((t) => t.customerId === first.customerId);
 * console.log(mine.length === first.orderCount); // true
 * ```
 */
export function makeTransactions(options: MakeTransactionsOptions = {}): Transaction[] {
  const p = mergeOptions(MAKE_TRANSACTIONS_DEFAULTS, options, 'makeTransactions');
  validateParams('makeTransactions', p, CONSTRAINTS);
  const endDay = parseIsoDay(p.end);
  const startDay = p.start === null ? -Infinity : parseIsoDay(p.start);
  if (startDay > endDay) {
    throw new InvalidParameterError(
      'start',
      messages.parameterConflict('makeTransactions', `start must not be after end. Got start='${p.start}' and end='${p.end}' instead.`),
    );
  }
  const truth = generateCustomers({ n: p.nCustomers, randomState: p.randomState, nSegments: p.nSegments, asOf: p.end }, 'makeTransactions');
  const { records } = truth.data;
  const rng = new Rng(p.randomState).fork();

  const out: { customerId: string; day: number; amount: number }[] = [];
  const days: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const rec = records[i] as (typeof records)[number];
    const k = rec.orderCount;
    const first = truth.firstDay[i] as number;
    const last = truth.lastDay[i] as number;
    // order days: first and last fixed, the rest uniform in between
    days.length = 0;
    days.push(first);
    for (let j = 1; j < k - 1; j++) days.push(first + rng.int(last - first + 1));
    if (k > 1) days.push(last);
    days.sort((a, b) => a - b);
    // amounts: log-normal shares of the regular spend, floored to cents, leftover cents spread
    weights.length = 0;
    let wSum = 0;
    for (let j = 0; j < k; j++) {
      const w = Math.exp(AMOUNT_SIGMA * rng.normal());
      weights.push(w);
      wSum += w;
    }
    const regular = truth.regularCents[i] as number;
    let assigned = 0;
    for (let j = 0; j < k; j++) {
      const c = Math.floor((regular * (weights[j] as number)) / wSum);
      weights[j] = c;
      assigned += c;
    }
    for (let j = 0; assigned < regular; j = (j + 1) % k, assigned++) weights[j] = (weights[j] as number) + 1;
    const bulk = truth.bulkCents[i] as number;
    if (bulk > 0) {
      const j = rng.int(k);
      weights[j] = (weights[j] as number) + bulk;
    }
    for (let j = 0; j < k; j++) {
      const day = days[j] as number;
      if (day >= startDay) out.push({ customerId: rec.customerId, day, amount: (weights[j] as number) / 100 });
    }
  }
  out.sort((a, b) => a.day - b.day || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return out.map((t) => ({ customerId: t.customerId, date: formatIsoDay(t.day), amount: t.amount }));
}
