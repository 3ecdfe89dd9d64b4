/**
 * Synthetic customers with known segments: the demo and test data of the segmentation layer.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { custom, int, validateParams, type ParamConstraints } from '../core/params.js';
import { MAX_SEED, Rng } from '../core/random.js';

/** Sales regions of {@link CustomerRecord.region}. */
export type CustomerRegion = 'north' | 'south' | 'east' | 'west';
/** How a customer was acquired ({@link CustomerRecord.acquisitionChannel}). */
export type AcquisitionChannel = 'search' | 'social' | 'referral' | 'email';
/** Where a customer mostly shops ({@link CustomerRecord.preferredChannel}). */
export type PreferredChannel = 'web' | 'app' | 'store';

/**
 * One synthetic customer, as {@link makeCustomers} returns it.
 *
 * @remarks
 * A type alias (not an interface) so a `CustomerRecord[]` is assignable to
 * `Array<Record<string, unknown>>`, the form tables enter ColumnTransformer in.
 */
export type CustomerRecord = {
  /** Unique id, `C` followed by a zero-padded number (`C0001`). */
  customerId: string;
  /** Age in whole years, 18..90; null when missing (about 5%). */
  age: number | null;
  /** Sales region; null when missing (about 2%). */
  region: CustomerRegion | null;
  /** Acquisition channel. */
  acquisitionChannel: AcquisitionChannel;
  /** Site or app sessions per month (one decimal); null when missing (about 2%). */
  sessionsPerMonth: number | null;
  /** Typical order value in currency units (two decimals); null when missing (about 3%). */
  avgBasketSize: number | null;
  /** Share of orders placed with a discount, in [0, 1] (two decimals). */
  discountUsage: number;
  /** Channel the customer mostly orders through. */
  preferredChannel: PreferredChannel;
  /** Lifetime spend (two decimals). About 0.5% of customers carry one bulk order that makes it an outlier. */
  totalSpend: number;
  /** Number of orders, at least 1. */
  orderCount: number;
  /** Whole days from the last order to `asOf` (recency). */
  daysSinceLastOrder: number;
  /** Whole days from the first order to `asOf` (tenure), at least `daysSinceLastOrder`. */
  tenureDays: number;
  /** Date of the first order, `YYYY-MM-DD`. */
  firstOrderDate: string;
  /** Date of the last order, `YYYY-MM-DD`. */
  lastOrderDate: string;
};

/** The synthetic customers, their true segments and the segment names. */
export interface CustomerData {
  /** One record per customer. */
  readonly records: CustomerRecord[];
  /** True segment of each customer, an index into `segmentNames`. */
  readonly segment: Int32Array;
  /** Names of the segments, in index order. */
  readonly segmentNames: string[];
}

/** Options of {@link makeCustomers}. */
export interface MakeCustomersOptions {
  /** Number of customers. @defaultValue 1000 */
  readonly n?: number;
  /** Seed: the same seed and options give identical records. @defaultValue 0 */
  readonly randomState?: number;
  /** Number of segments, 2..6, taken in the order of {@link CUSTOMER_SEGMENT_NAMES}. @defaultValue 4 */
  readonly nSegments?: number;
  /** Reference date of recency and tenure, `YYYY-MM-DD`. @defaultValue '2024-12-31' */
  readonly asOf?: string;
}

/** Defaults of {@link makeCustomers}. */
export const MAKE_CUSTOMERS_DEFAULTS: Readonly<Required<MakeCustomersOptions>> = Object.freeze({
  n: 1000,
  randomState: 0,
  nSegments: 4,
  asOf: '2024-12-31',
});

/**
 * The numeric columns of {@link CustomerRecord}, in a fixed order: pick them to build a matrix
 * (impute the nulls first).
 */
export const CUSTOMER_NUMERIC_COLUMNS = Object.freeze([
  'age',
  'sessionsPerMonth',
  'avgBasketSize',
  'discountUsage',
  'totalSpend',
  'orderCount',
  'daysSinceLastOrder',
  'tenureDays',
] as const);

/** The categorical columns of {@link CustomerRecord} (`region` has missing values). */
export const CUSTOMER_CATEGORICAL_COLUMNS = Object.freeze(['region', 'acquisitionChannel', 'preferredChannel'] as const);

/** The date columns of {@link CustomerRecord} (`YYYY-MM-DD` strings). */
export const CUSTOMER_DATE_COLUMNS = Object.freeze(['firstOrderDate', 'lastOrderDate'] as const);

/** Names of all six segment archetypes; `nSegments = k` uses the first k. */
export const CUSTOMER_SEGMENT_NAMES = Object.freeze([
  'Champions',
  'Bargain hunters',
  'New customers',
  'Dormant',
  'Loyal regulars',
  'Big-ticket buyers',
] as const);

/** Mean and standard deviation of a normal draw. */
type Normal = readonly [mean: number, sd: number];

interface Archetype {
  readonly share: number;
  readonly age: Normal;
  readonly sessions: Normal;
  /** log-normal: median and sigma of the log */
  readonly basket: Normal;
  readonly discount: Normal;
  readonly orders: Normal;
  /** recency: 'exp' = exponential with this mean; otherwise normal */
  readonly recency: { readonly exp: number } | { readonly normal: Normal; readonly min: number };
  /** tenure beyond recency (days) */
  readonly history: Normal;
  readonly region: readonly [number, number, number, number];
  readonly acquisition: readonly [number, number, number, number];
  readonly channel: readonly [number, number, number];
}

// One entry per CUSTOMER_SEGMENT_NAMES entry. Weights of categorical draws are in the order of the
// REGIONS / ACQUISITION / CHANNELS arrays below.
const ARCHETYPES: readonly Archetype[] = [
  {
    // Champions: buy often, big baskets, recently, rarely need a discount
    share: 0.15,
    age: [41, 9],
    sessions: [18, 4],
    basket: [85, 0.25],
    discount: [0.12, 0.07],
    orders: [38, 9],
    recency: { exp: 6 },
    history: [1000, 280],
    region: [0.3, 0.2, 0.3, 0.2],
    acquisition: [0.25, 0.1, 0.45, 0.2],
    channel: [0.3, 0.55, 0.15],
  },
  {
    // Bargain hunters: frequent small baskets, mostly on discount
    share: 0.3,
    age: [34, 10],
    sessions: [10, 3],
    basket: [26, 0.3],
    discount: [0.68, 0.12],
    orders: [16, 5],
    recency: { exp: 25 },
    history: [650, 250],
    region: [0.2, 0.35, 0.2, 0.25],
    acquisition: [0.2, 0.4, 0.1, 0.3],
    channel: [0.6, 0.3, 0.1],
  },
  {
    // New customers: first order weeks ago, one to four orders
    share: 0.2,
    age: [29, 7],
    sessions: [7, 2.5],
    basket: [48, 0.3],
    discount: [0.3, 0.12],
    orders: [1.8, 1],
    recency: { exp: 12 },
    history: [25, 18],
    region: [0.25, 0.25, 0.25, 0.25],
    acquisition: [0.35, 0.4, 0.15, 0.1],
    channel: [0.4, 0.5, 0.1],
  },
  {
    // Dormant: no order for most of a year, hardly visit
    share: 0.35,
    age: [49, 11],
    sessions: [1.2, 0.8],
    basket: [52, 0.35],
    discount: [0.22, 0.1],
    orders: [7, 3],
    recency: { normal: [330, 110], min: 120 },
    history: [600, 250],
    region: [0.25, 0.2, 0.2, 0.35],
    acquisition: [0.4, 0.15, 0.15, 0.3],
    channel: [0.3, 0.1, 0.6],
  },
  {
    // Loyal regulars: long tenure, steady mid-size orders
    share: 0.2,
    age: [46, 10],
    sessions: [12, 3],
    basket: [55, 0.25],
    discount: [0.2, 0.08],
    orders: [24, 6],
    recency: { exp: 14 },
    history: [1350, 220],
    region: [0.25, 0.25, 0.3, 0.2],
    acquisition: [0.3, 0.1, 0.35, 0.25],
    channel: [0.35, 0.25, 0.4],
  },
  {
    // Big-ticket buyers: few, large orders, no discounts
    share: 0.1,
    age: [52, 9],
    sessions: [4, 1.5],
    basket: [260, 0.3],
    discount: [0.06, 0.04],
    orders: [6, 2],
    recency: { normal: [70, 30], min: 5 },
    history: [800, 300],
    region: [0.3, 0.25, 0.2, 0.25],
    acquisition: [0.4, 0.05, 0.35, 0.2],
    channel: [0.35, 0.1, 0.55],
  },
];

const REGIONS: readonly CustomerRegion[] = ['north', 'south', 'east', 'west'];
const ACQUISITION: readonly AcquisitionChannel[] = ['search', 'social', 'referral', 'email'];
const CHANNELS: readonly PreferredChannel[] = ['web', 'app', 'store'];

/** Missing-value rates (missing completely at random). */
const MISSING = { age: 0.05, region: 0.02, sessionsPerMonth: 0.02, avgBasketSize: 0.03 } as const;
/** Share of customers with one bulk order, and its size as a multiple of their regular spend. */
const BULK_RATE = 0.005;
const BULK_FACTOR: Normal = [15, 5];
/** Longest tenure, in days (five years). */
const MAX_TENURE = 1825;
const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (UTC) of a `YYYY-MM-DD` string, or NaN when it is not a real date. @internal */
export function parseIsoDay(s: unknown): number {
  if (typeof s !== 'string') return NaN;
  const m = ISO_DATE.exec(s);
  if (m === null) return NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // rejects 2024-02-31 and the like, which Date.UTC silently rolls over
  return new Date(t).toISOString().slice(0, 10) === s ? t / DAY_MS : NaN;
}

/** `YYYY-MM-DD` of a day number from {@link parseIsoDay}. @internal */
export function formatIsoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The constraint of an ISO date option. @internal */
export const isoDate = custom("a date string 'YYYY-MM-DD'", (v) => !Number.isNaN(parseIsoDay(v)));

const CONSTRAINTS: ParamConstraints<Required<MakeCustomersOptions>> = {
  n: [int({ min: 1 })],
  randomState: [int({ min: 0, max: MAX_SEED })],
  nSegments: [int({ min: 2, max: CUSTOMER_SEGMENT_NAMES.length })],
  asOf: [isoDate],
};

/** Merges options over defaults, skipping undefined values (as estimator constructors do). @internal */
export function mergeOptions<P extends object>(defaults: P, options: object | undefined, name: string): P {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InvalidParameterError('options', messages.parameterConflict(name, `options must be an object, got ${typeof options}.`));
  }
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) merged[k] = v;
  return merged as P;
}

/**
 * Everything the generator knows about a customer, including what the records hide: the
 * transaction generator needs the regular spend and the bulk order apart.
 *
 * @internal
 */
export interface CustomerTruth {
  readonly data: CustomerData;
  /** Regular spend of each customer, in cents (orderCount x basket). */
  readonly regularCents: Float64Array;
  /** Extra spend of the bulk order, in cents (0 for most customers). */
  readonly bulkCents: Float64Array;
  /** Day number (see {@link parseIsoDay}) of each customer's first order. */
  readonly firstDay: Int32Array;
  /** Day number of each customer's last order. */
  readonly lastDay: Int32Array;
}

function normal(rng: Rng, [mean, sd]: Normal): number {
  return mean + sd * rng.normal();
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function pick<T>(rng: Rng, values: readonly T[], weights: readonly number[]): T {
  return values[rng.weightedIndex(weights)] as T;
}

/** Segment sizes by largest remainder, so the shares hold exactly for every n. */
function segmentSizes(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (n * s) / total);
  const sizes = exact.map(Math.floor);
  let left = n - sizes.reduce((a, b) => a + b, 0);
  const frac = exact.map((e) => e - Math.floor(e));
  const order = frac.map((_, i) => i).sort((a, b) => (frac[b] as number) - (frac[a] as number) || a - b);
  for (let r = 0; left > 0; r = (r + 1) % order.length, left--) {
    const s = order[r] as number;
    sizes[s] = (sizes[s] as number) + 1;
  }
  return sizes;
}

/** The generator behind {@link makeCustomers} and `makeTransactions`; validates its options. @internal */
export function generateCustomers(options: MakeCustomersOptions | undefined, name = 'makeCustomers'): CustomerTruth {
  const p = mergeOptions(MAKE_CUSTOMERS_DEFAULTS, options, name);
  validateParams(name, p, CONSTRAINTS);
  const { n, randomState, nSegments } = p;
  const asOfDay = parseIsoDay(p.asOf);
  const rng = new Rng(randomState);
  const archetypes = ARCHETYPES.slice(0, nSegments);

  // true segments: exact shares, shuffled
  const sizes = segmentSizes(n, archetypes.map((a) => a.share));
  const segment = new Int32Array(n);
  for (let s = 0, i = 0; s < sizes.length; s++) for (let c = 0; c < (sizes[s] as number); c++) segment[i++] = s;
  rng.shuffle(segment);

  const width = Math.max(4, String(n).length);
  const records: CustomerRecord[] = new Array(n);
  const regularCents = new Float64Array(n);
  const bulkCents = new Float64Array(n);
  const firstDay = new Int32Array(n);
  const lastDay = new Int32Array(n);

  for (let i = 0; i < n; i++) {
    const a = archetypes[segment[i] as number] as Archetype;
    const age = Math.round(clamp(normal(rng, a.age), 18, 90));
    const region = pick(rng, REGIONS, a.region);
    const acquisitionChannel = pick(rng, ACQUISITION, a.acquisition);
    const sessions = round(Math.max(0, normal(rng, a.sessions)), 1);
    const basket = round(Math.max(3, a.basket[0] * Math.exp(a.basket[1] * rng.normal())), 2);
    const discountUsage = round(clamp(normal(rng, a.discount), 0, 1), 2);
    const preferredChannel = pick(rng, CHANNELS, a.channel);
    const orderCount = Math.max(1, Math.round(normal(rng, a.orders)));
    const recency =
      'exp' in a.recency
        ? Math.floor(-a.recency.exp * Math.log(1 - rng.float()))
        : Math.round(Math.max(a.recency.min, normal(rng, a.recency.normal)));
    const daysSinceLastOrder = Math.min(recency, MAX_TENURE);
    // a single order has no history beyond it; otherwise at least one day per extra order
    const history = orderCount === 1 ? 0 : Math.max(orderCount - 1, Math.round(normal(rng, a.history)));
    const tenureDays = Math.min(MAX_TENURE, daysSinceLastOrder + history);

    const regular = Math.round(orderCount * basket * 100);
    const bulk = rng.float() < BULK_RATE ? Math.round(regular * Math.max(5, normal(rng, BULK_FACTOR))) : 0;
    regularCents[i] = regular;
    bulkCents[i] = bulk;
    lastDay[i] = asOfDay - daysSinceLastOrder;
    firstDay[i] = asOfDay - tenureDays;

    // missing values, drawn last so they never change the values above
    const ageMissing = rng.float() < MISSING.age;
    const regionMissing = rng.float() < MISSING.region;
    const sessionsMissing = rng.float() < MISSING.sessionsPerMonth;
    const basketMissing = rng.float() < MISSING.avgBasketSize;

    records[i] = {
      customerId: `C${String(i + 1).padStart(width, '0')}`,
      age: ageMissing ? null : age,
      region: regionMissing ? null : region,
      acquisitionChannel,
      sessionsPerMonth: sessionsMissing ? null : sessions,
      avgBasketSize: basketMissing ? null : basket,
      discountUsage,
      preferredChannel,
      totalSpend: (regular + bulk) / 100,
      orderCount,
      daysSinceLastOrder,
      tenureDays,
      firstOrderDate: formatIsoDay(firstDay[i] as number),
      lastOrderDate: formatIsoDay(lastDay[i] as number),
    };
  }
  return {
    data: { records, segment, segmentNames: CUSTOMER_SEGMENT_NAMES.slice(0, nSegments) },
    regularCents,
    bulkCents,
    firstDay,
    lastDay,
  };
}

/**
 * Generates synthetic e-commerce customers with known segments, for demos, tutorials and tests of
 * the segmentation pipeline.
 *
 * @remarks
 * Each customer is drawn from one of `nSegments` archetypes ({@link CUSTOMER_SEGMENT_NAMES}):
 * Champions (frequent, large, recent orders), Bargain hunters (small baskets, high discount
 * usage), New customers (first order weeks ago, one to four orders), Dormant (no order for
 * months, few sessions), Loyal regulars (long tenure, steady orders) and Big-ticket buyers (few,
 * large orders). Segment sizes follow fixed shares exactly (largest remainder) in shuffled order.
 * Within a segment, values are normal (basket log-normal, recency exponential for active
 * segments), so segments overlap a little but are separable in the standardized numeric columns
 * ({@link CUSTOMER_NUMERIC_COLUMNS}): k-means (best of 10 restarts) on them recovers the truth
 * with an adjusted Rand index of about 0.95-0.99 for four segments and 0.85-0.95 for six. The data is realistically messy: values missing completely at random
 * (`age` 5%, `avgBasketSize` 3%, `sessionsPerMonth` 2%, `region` 2%, as null) and a bulk order
 * for about 0.5% of customers that multiplies their `totalSpend` 5-30x (outliers). Consistent by
 * construction: `lastOrderDate = asOf - daysSinceLastOrder`, `firstOrderDate = asOf - tenureDays`,
 * `totalSpend = orderCount x avgBasketSize` apart from bulk orders.
 *
 * Deterministic: only the seeded {@link Rng} is used, so the same options give identical records
 * on every platform. O(n) time and memory.
 *
 * @param options - see {@link MakeCustomersOptions}
 * @throws `InvalidParameterError` (from segmentkit) for an unknown option, `n` below 1, `nSegments` outside
 *   2..6, a seed that is not an integer in [0, 2^32 - 1], or an `asOf` that is not a real date
 * @example
 * ```ts
 * import { makeCustomers, CUSTOMER_NUMERIC_COLUMNS } from 'segmentkit/datasets';
 * const { records, segment, segmentNames } = makeCustomers({ n: 200, randomState: 1 });
 * console.log(records.length, segmentNames[segment[0]] !== undefined); // 200 true
 * const X = records.map((r) => CUSTOMER_NUMERIC_COLUMNS.map((c) => r[c] ?? NaN)); // nulls as NaN
 * console.log(X[0].length); // 8
 * ```
 */
export function makeCustomers(options: MakeCustomersOptions = {}): CustomerData {
  return generateCustomers(options).data;
}
