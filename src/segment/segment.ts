/**
 * segment(): the one-call path from a customer table to segments, with the preprocessing, the
 * choice of the number of segments, the fitted pipeline and the profiles in one object.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import { throwIfAborted, type FitOptions, type Progress } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { abortSignal, custom, func, int, num, oneOf, seed, validateParams, type ParamConstraints } from '../core/params.js';
import { Pipeline, type ClusterPipelineBase } from '../core/pipeline.js';
import { resolveSeed, type RandomState } from '../core/random.js';
import { assertSafeJson, FORMAT, FORMAT_VERSION, type EstimatorJSON } from '../core/serialize.js';
import { GaussianMixture, type CovarianceType } from '../cluster/gmm.js';
import { KMeans } from '../cluster/kmeans.js';
import { ColumnTransformer, type ColumnGroup } from '../preprocess/column-transformer.js';
import { DateFeatures } from '../preprocess/date-features.js';
import { inferColumnTypes, type ColumnTypeProposal, type InferredColumnTypes } from '../preprocess/infer-column-types.js';
import { OneHotEncoder } from '../preprocess/one-hot-encoder.js';
import { PowerTransformer } from '../preprocess/power-transformer.js';
import { SimpleImputer } from '../preprocess/simple-imputer.js';
import { readTable, type Column, type TableInput, type TableRecord } from '../preprocess/table.js';
import { fromJSON } from '../registry.js';
import { checkKRange, countClusters, fmt } from '../selection/_model.js';
import { sweepK, type Recommendation, type SweepKRow } from '../selection/sweep-k.js';
import { formatSegmentTable, profileSegments, type FormatSegmentTableOptions, type ProfileRecords, type SegmentProfiles } from './profile.js';

/** The clustering algorithms {@link segment} can fit. */
export type SegmentAlgorithm = 'kmeans' | 'gmm';

/** The clusterer at the end of a segmentation pipeline. */
export type SegmentClusterer = KMeans | GaussianMixture<CovarianceType>;

/**
 * The fitted pipeline of a {@link Segmentation}: a ColumnTransformer (step `'columns'`) that turns
 * the customer table into numbers, then the clusterer (step `'clusterer'`). `predict` takes tables.
 */
export interface SegmentPipeline extends ClusterPipelineBase<TableInput, SegmentClusterer, { readonly columns: ColumnTransformer; readonly clusterer: SegmentClusterer }> {
  /** Segments of new customers: the fitted preprocessing, then the clusterer's predict. */
  predict(X: TableInput): Int32Array;
}

/** Column lists that override {@link inferColumnTypes}' proposal (see {@link SegmentOptions.columns}). */
export interface SegmentColumnsOption {
  /** Numeric columns (median imputation, Yeo-Johnson power transform, standardization). */
  readonly numeric?: readonly string[];
  /** Categorical columns (most-frequent imputation, one-hot). */
  readonly categorical?: readonly string[];
  /** Date columns (days since the latest date, then as numeric). */
  readonly date?: readonly string[];
  /** Columns left out of the clustering (they are still profiled when numeric or categorical). */
  readonly drop?: readonly string[];
}

/** Options of {@link segment}. */
export interface SegmentOptions {
  /** Number of segments, or 'auto' to choose it in `kRange` (see {@link segment}). @defaultValue 'auto' */
  readonly nSegments?: number | 'auto';
  /** The numbers of segments tried by 'auto': increasing integers >= 2. @defaultValue [2, 3, 4, 5, 6, 7, 8] (capped at n - 1) */
  readonly kRange?: readonly number[];
  /**
   * 'kmeans' (KMeans, k-means++ with 10 restarts) or 'gmm' (GaussianMixture with diagonal
   * covariances started from the k-means segments, which also gives membership probabilities).
   * @defaultValue 'kmeans'
   */
  readonly algorithm?: SegmentAlgorithm;
  /** Seed of the clusterer and of the silhouette sample; null draws a fresh one (see `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
  /**
   * Smallest share of the customers a segment may hold for 'auto' to choose its k: a k whose
   * smallest segment is below it is set aside (a few outliers are not a segment). 0 turns the rule
   * off. @defaultValue 0.02
   */
  readonly minSegmentShare?: number;
  /**
   * Column lists that replace the inferred ones: each list given replaces the inferred list of its
   * type, a column named in any list leaves the lists it was inferred into, and `drop` leaves columns
   * out. `{ categorical: [] }` clusters without the categorical columns. @defaultValue inferred (see {@link inferColumnTypes})
   */
  readonly columns?: SegmentColumnsOption;
  /** Called as the sweep advances (`stage: 'sweepK'`) and during the final fit (`stage: 'restart'`). */
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the work between fits; segment then throws {@link AbortError}. */
  readonly signal?: AbortSignal;
}

/** One row of the sweep of {@link segment}: the scores of {@link sweepK} plus the smallest segment. */
export interface SegmentSweepRow extends SweepKRow {
  /** Customers in the smallest segment of this k's fit. */
  readonly smallestSegment: number;
  /** Whether the k could be chosen (its smallest segment holds at least `minSegmentShare`). */
  readonly eligible: boolean;
}

/** How {@link segment} chose the number of segments. */
export interface SegmentSelection {
  /** The chosen number of segments. */
  readonly k: number;
  /** The criterion that decided (see {@link sweepK}). */
  readonly criterion: Recommendation['criterion'];
  /** Sentences explaining the choice. */
  readonly reasons: readonly string[];
  /** One row per k tried. */
  readonly rows: readonly SegmentSweepRow[];
  /** The elbow (Kneedle) of the inertia curve, or null (no inertia, or no clear elbow). */
  readonly elbow: number | null;
}

/** The columns a {@link Segmentation} clustered on, and those it left out with the reason. */
export interface SegmentColumns {
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
  readonly date: readonly string[];
  /** Columns not used for clustering, each with the reason. */
  readonly ignored: readonly { readonly name: string; readonly reason: string }[];
}

/** The JSON document of a {@link Segmentation} (see {@link Segmentation.toJSON}). */
export interface SegmentationJSON {
  readonly format: 'segmentkit/segmentation';
  readonly version: number;
  readonly algorithm: SegmentAlgorithm;
  readonly seedUsed: number;
  readonly columns: SegmentColumns;
  readonly selection: SegmentSelection | null;
  readonly profiles: SegmentProfiles;
  readonly pipeline: EstimatorJSON;
}

/** The `format` tag of segmentation documents. */
export const SEGMENTATION_FORMAT = 'segmentkit/segmentation';
const SEGMENTATION_VERSION = 1;
const FN = 'segment';
const DEFAULT_K_RANGE: readonly number[] = Object.freeze([2, 3, 4, 5, 6, 7, 8]);
/** Rows of the silhouette in the sweep: exact up to this many customers, a seeded sample above. */
const SILHOUETTE_SAMPLE = 3000;

/** Defaults of {@link segment}. */
export const SEGMENT_DEFAULTS = Object.freeze({
  nSegments: 'auto' as number | 'auto',
  kRange: DEFAULT_K_RANGE,
  algorithm: 'kmeans' as SegmentAlgorithm,
  randomState: 0 as RandomState,
  minSegmentShare: 0.02,
});

const isUndefined = custom('undefined', (v) => v === undefined);
const stringList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every((c) => typeof c === 'string'));

type ResolvedOptions = Required<Omit<SegmentOptions, 'columns' | 'onProgress' | 'signal'>> & Pick<SegmentOptions, 'columns' | 'onProgress' | 'signal'>;

const CONSTRAINTS: ParamConstraints<ResolvedOptions> = {
  nSegments: [int({ min: 1 }), oneOf('auto')],
  kRange: [custom('an array of increasing integers >= 2', (v) => Array.isArray(v) || ArrayBuffer.isView(v))],
  algorithm: [oneOf('kmeans', 'gmm')],
  randomState: seed,
  minSegmentShare: [num({ min: 0, max: 0.5 })],
  columns: [
    custom('an object { numeric?, categorical?, date?, drop? } of column-name arrays', (v) => {
      if (v === undefined) return true;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      return Object.keys(o).every((k) => ['numeric', 'categorical', 'date', 'drop'].includes(k) && stringList(o[k]));
    }),
  ],
  onProgress: [func, isUndefined],
  signal: [abortSignal, isUndefined],
};

const GMM_REG_COVAR = 1e-6;

/**
 * A clusterer for k segments, as segment() fits it. The mixture starts from the k-means segments
 * (10 restarts): weights, means and diagonal precisions of each k-means cluster.
 */
function makeClusterer(algorithm: SegmentAlgorithm, k: number, seedUsed: number, X: Matrix, signal: AbortSignal | undefined): SegmentClusterer {
  const km = new KMeans({ nClusters: k, nInit: 10, randomState: seedUsed });
  if (algorithm === 'kmeans') return km;
  km.fit(X, signal ? { signal } : {});
  const { rows: n, cols: d, data } = X;
  const labels = km.labels;
  const counts = new Float64Array(k);
  const mean = new Float64Array(k * d);
  const sq = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    counts[c] = (counts[c] as number) + 1;
    for (let j = 0; j < d; j++) mean[c * d + j] = (mean[c * d + j] as number) + (data[i * d + j] as number);
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) mean[c * d + j] = (mean[c * d + j] as number) / Math.max(1, counts[c] as number);
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    for (let j = 0; j < d; j++) {
      const r = (data[i * d + j] as number) - (mean[c * d + j] as number);
      sq[c * d + j] = (sq[c * d + j] as number) + r * r;
    }
  }
  const weights: number[] = [];
  const means: number[][] = [];
  const precisions: number[][] = [];
  for (let c = 0; c < k; c++) {
    weights.push((counts[c] as number) / n);
    means.push(Array.from(mean.subarray(c * d, (c + 1) * d)));
    precisions.push(Array.from({ length: d }, (_, j) => 1 / ((sq[c * d + j] as number) / Math.max(1, counts[c] as number) + GMM_REG_COVAR)));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return new GaussianMixture({
    nComponents: k,
    covarianceType: 'diag',
    regCovar: GMM_REG_COVAR,
    weightsInit: weights.map((w) => w / total),
    meansInit: means,
    precisionsInit: precisions,
    randomState: seedUsed,
  });
}

/** The preprocessing of segment(): one group per column type. */
function preprocessing(cols: SegmentColumns): ColumnTransformer {
  const groups: ColumnGroup[] = [];
  if (cols.numeric.length > 0) groups.push({ name: 'numeric', columns: cols.numeric, steps: [new SimpleImputer({ strategy: 'median' }), new PowerTransformer()] });
  if (cols.categorical.length > 0) {
    groups.push({
      name: 'categorical',
      columns: cols.categorical,
      steps: [new SimpleImputer({ strategy: 'mostFrequent' }), new OneHotEncoder({ handleUnknown: 'infrequent_if_exist', minFrequency: 0.01 })],
    });
  }
  if (cols.date.length > 0) {
    groups.push({ name: 'date', columns: cols.date, steps: [new DateFeatures({ features: ['daysSince'] }), new SimpleImputer({ strategy: 'median' }), new PowerTransformer()] });
  }
  return new ColumnTransformer({ transformers: groups, remainder: 'drop' });
}

/** Applies the user's column lists to the inferred proposal. */
function chooseColumns(inferred: InferredColumnTypes, names: readonly string[], override: SegmentColumnsOption | undefined): SegmentColumns {
  const o = override ?? {};
  const kinds = ['numeric', 'categorical', 'date', 'drop'] as const;
  const listedIn = new Map<string, string>();
  for (const kind of kinds) {
    for (const c of o[kind] ?? []) {
      if (!names.includes(c)) throw new ValidationError(messages.preprocess.absentColumn(FN, 'the table', c, names));
      const first = listedIn.get(c);
      if (first !== undefined) throw new InvalidParameterError('columns', messages.segmentation.columnTwice(FN, c, first, kind));
      listedIn.set(c, kind);
    }
  }
  const pick = (kind: 'numeric' | 'categorical' | 'date'): string[] => {
    const given = o[kind];
    if (given !== undefined) return [...given];
    return inferred[kind].filter((c) => !listedIn.has(c));
  };
  const numeric = pick('numeric');
  const categorical = pick('categorical');
  const date = pick('date');
  const used = new Set([...numeric, ...categorical, ...date]);
  const reasons = new Map<string, ColumnTypeProposal>(inferred.columns.map((p) => [p.name, p]));
  const ignored = names
    .filter((c) => !used.has(c))
    .map((name) => {
      if (listedIn.get(name) === 'drop') return { name, reason: 'listed in columns.drop.' };
      const p = reasons.get(name);
      if (p !== undefined && (p.type === 'identifier' || p.type === 'drop')) return { name, reason: `${p.type === 'identifier' ? 'identifier' : 'dropped'}: ${p.reason}` };
      return { name, reason: `inferred ${p?.type ?? 'unknown'}, but that list was replaced in the columns option.` };
    });
  return { numeric, categorical, date, ignored };
}

/** The table as records (profiles are computed on records, in the table's own units). */
function recordsOf(table: TableInput): ProfileRecords {
  if (Array.isArray(table) && table.length > 0 && typeof table[0] === 'object' && table[0] !== null && !Array.isArray(table[0]) && !ArrayBuffer.isView(table[0])) {
    return table as ProfileRecords;
  }
  const set = readTable(table, { estimator: FN, input: 'table' });
  const out: TableRecord[] = new Array(set.nRows);
  for (let i = 0; i < set.nRows; i++) {
    const r: Record<string, unknown> = {};
    for (let j = 0; j < set.names.length; j++) r[set.names[j] as string] = (set.columns[j] as Column)[i];
    out[i] = r;
  }
  return out;
}

function smallestSize(labels: Int32Array): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i] as number, (counts.get(labels[i] as number) ?? 0) + 1);
  let min = Infinity;
  for (const c of counts.values()) min = Math.min(min, c);
  return Number.isFinite(min) ? min : 0;
}

/**
 * The sweep's recommendation, restricted to eligible k: the same silhouette rule as {@link sweepK}
 * (ties within 0.001 go to the highest Calinski-Harabasz, then the smallest k).
 */
function chooseK(rows: readonly SegmentSweepRow[], rec: Recommendation, minShare: number, n: number): { k: number; criterion: Recommendation['criterion']; reasons: string[] } {
  const excluded = rows.filter((r) => !r.eligible);
  const note = (r: SegmentSweepRow) => `k = ${r.k} (smallest segment: ${r.smallestSegment} customers, ${((100 * r.smallestSegment) / n).toFixed(1)}%)`;
  const excludedText =
    excluded.length > 0 ? `Set aside because a segment would hold under ${fmt(100 * minShare)}% of the customers (minSegmentShare): ${excluded.map(note).join('; ')}.` : null;
  const chosenRow = rows.find((r) => r.k === rec.k);
  if (chosenRow === undefined || chosenRow.eligible) return { k: rec.k, criterion: rec.criterion, reasons: excludedText === null ? [...rec.reasons] : [...rec.reasons, excludedText] };
  const candidates = rows.filter((r) => r.eligible && r.silhouette !== null);
  if (candidates.length === 0) {
    return {
      k: rec.k,
      criterion: rec.criterion,
      reasons: [...rec.reasons, `No k in the range keeps every segment above ${fmt(100 * minShare)}% of the customers, so the sweep's choice stands. Lower minSegmentShare or kRange to silence this.`],
    };
  }
  const top = Math.max(...candidates.map((r) => r.silhouette as number));
  const tied = candidates.filter((r) => (r.silhouette as number) >= top - 0.001);
  const best = tied.reduce((a, b) => {
    const ca = a.calinskiHarabasz ?? -Infinity;
    const cb = b.calinskiHarabasz ?? -Infinity;
    return cb > ca || (cb === ca && b.k < a.k) ? b : a;
  });
  return {
    k: best.k,
    criterion: 'silhouette',
    reasons: [
      `Highest mean silhouette (${fmt(best.silhouette as number)}) among the k whose segments all hold at least ${fmt(100 * minShare)}% of the customers.`,
      `The sweep alone preferred k = ${rec.k}: ${rec.reasons[0] ?? ''}`,
      ...(excludedText === null ? [] : [excludedText]),
    ],
  };
}

/** Builds the fitted pipeline from fitted parts, through their documents (exact, no refit). */
function assemble(ct: ColumnTransformer, model: SegmentClusterer): SegmentPipeline {
  const doc: EstimatorJSON = {
    format: FORMAT,
    version: FORMAT_VERSION,
    type: 'Pipeline',
    params: { steps: [{ name: 'columns', estimator: ct.toJSON() }, { name: 'clusterer', estimator: model.toJSON() }] },
    state: { nFeaturesIn: ct.nFeaturesIn },
  };
  return Pipeline.fromJSON(doc) as unknown as SegmentPipeline;
}

/**
 * Segments customers in one call: infers how to treat each column, preprocesses the table,
 * chooses the number of segments (or uses the one given), fits k-means or a Gaussian mixture, and
 * profiles the segments in the table's own units.
 *
 * @remarks
 * The steps, all seeded by `randomState`:
 * 1. **Columns.** {@link inferColumnTypes} proposes numeric, categorical, date, identifier and
 *    constant columns; `columns` overrides it. Identifiers and constant columns are left out (and
 *    listed in `columns.ignored` with the reason).
 * 2. **Preprocessing** (a {@link ColumnTransformer}): numeric columns get median imputation then a
 *    Yeo-Johnson {@link PowerTransformer} with standardization; categorical columns most-frequent
 *    imputation then one-hot (unknown categories at predict time are ignored, categories under 1%
 *    grouped); date columns become days since the latest date in the table (recency, tenure), then
 *    as numeric. Calendar parts (month, weekday) are left out: build your own pipeline with
 *    {@link DateFeatures} to keep them. The power transform matters: customer metrics (spend,
 *    orders, recency) are right-skewed with a few huge values, and on raw standardized values those
 *    few customers form their own "segment" and pull the silhouette towards the wrong k. On
 *    `makeCustomers` (4 true segments) the silhouette picks 3 or 5 with plain standardization and 4
 *    with the power transform, which recovers the truth with an adjusted Rand index of about 0.99.
 * 3. **Number of segments.** With `nSegments: 'auto'`, {@link sweepK} fits one model per k in
 *    `kRange` and scores each (inertia, silhouette, Calinski-Harabasz, Davies-Bouldin); the silhouette
 *    is exact up to 3000 customers and computed on a seeded sample of 3000 (the same for every k)
 *    above. The k of highest silhouette is chosen (ties within 0.001 go to the highest
 *    Calinski-Harabasz), among the k whose smallest segment holds at least `minSegmentShare` of
 *    the customers. For 'gmm' the same rule applies, not BIC: on customer data (skewed, discrete,
 *    one-hot columns) BIC keeps adding components (use {@link selectMixture} for BIC).
 * 4. **Model.** 'kmeans': {@link KMeans} with k-means++ and 10 restarts (one restart can stop in a
 *    poor local optimum on customer data); 'gmm': {@link GaussianMixture} with diagonal
 *    covariances, whose EM starts from the k-means segments (their weights, means and
 *    variances). Not from restarts that chase the highest likelihood: on one-hot and other
 *    discrete columns the likelihood grows without bound as a component shrinks onto one value,
 *    so the best-likelihood mixture splits customers by, say, their preferred channel (seen on
 *    `makeCustomers`: adjusted Rand index 0.52 against 0.99 from the k-means start).
 * 5. **Profiles** with {@link profileSegments} on the original records: every numeric and
 *    categorical column, used for clustering or not.
 *
 * Cost: the sweep fits one model per k (each O(restarts x iterations x n k d)) plus
 * O(min(n, 3000)^2 d) per k for the silhouette; a given k fits once.
 *
 * @param table - the customers: records, an object of columns, or an Arrow / arquero table
 * @param options - see {@link SegmentOptions}
 * @throws {@link ValidationError} for an empty or malformed table, an absent column in `columns`,
 *   a table with no usable column, too few customers for the k asked, or bad cells
 * @throws {@link InvalidParameterError} for invalid options or a column listed twice
 * @throws {@link AbortError} when the signal fires
 * @example
 * ```ts
 * import { segment, adjustedRandScore } from 'segmentkit';
 * import { makeCustomers } from 'segmentkit/datasets';
 * const { records, segment: truth } = makeCustomers({ n: 400, randomState: 1 });
 * const s = segment(records, { kRange: [2, 3, 4, 5] });
 * console.log(s.nSegments, adjustedRandScore(truth, s.labels) > 0.9); // 4 true
 * console.log(s.predict(records.slice(0, 3)).join() === s.labels.slice(0, 3).join()); // true
 * ```
 */
export function segment(table: TableInput, options: SegmentOptions = {}): Segmentation {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InvalidParameterError('options', messages.invalidParameter(FN, 'options', 'an object', options));
  }
  const merged: Record<string, unknown> = { ...SEGMENT_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) merged[k] = v;
  const opts = merged as unknown as ResolvedOptions;
  validateParams(FN, opts, CONSTRAINTS);
  throwIfAborted(opts.signal, FN);

  const set = readTable(table, { estimator: FN, input: 'table' });
  const n = set.nRows;
  const inferred = inferColumnTypes(table);
  const columns = chooseColumns(inferred, set.names, opts.columns);
  if (columns.numeric.length + columns.categorical.length + columns.date.length === 0) {
    throw new ValidationError(messages.segmentation.noFeatures(FN, columns.ignored.map((c) => `${c.name}: ${c.reason}`).join(' ')));
  }
  const seedUsed = resolveSeed(opts.randomState);
  const fitOptions: FitOptions = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };

  const ct = preprocessing(columns);
  const X: Matrix = ct.fitTransform(table);
  let model: SegmentClusterer;
  let selection: SegmentSelection | null = null;
  if (opts.nSegments === 'auto') {
    if (n < 3) throw new ValidationError(messages.segmentation.tooFewRows(FN, n, 3, "to choose the number of segments (nSegments: 'auto')"));
    const kRange = opts.kRange === DEFAULT_K_RANGE ? DEFAULT_K_RANGE.filter((k) => k <= n - 1) : checkKRange(FN, 'kRange', opts.kRange, 2, n - 1);
    const built: SegmentClusterer[] = [];
    const sweep = sweepK({
      make: (k) => {
        const m = makeClusterer(opts.algorithm, k, seedUsed, X, opts.signal);
        built.push(m);
        return m;
      },
      X,
      kRange,
      metrics: ['inertia', 'silhouette', 'calinskiHarabasz', 'daviesBouldin'],
      sampleSize: SILHOUETTE_SAMPLE,
      randomState: seedUsed,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const rows: SegmentSweepRow[] = sweep.rows.map((r, t) => {
      const smallestSegment = smallestSize((built[t] as SegmentClusterer).labels);
      return { ...r, smallestSegment, eligible: smallestSegment >= opts.minSegmentShare * n };
    });
    const chosen = chooseK(rows, sweep.recommended, opts.minSegmentShare, n);
    model = built[rows.findIndex((r) => r.k === chosen.k)] as SegmentClusterer;
    selection = { ...chosen, rows, elbow: sweep.elbow?.knee ?? null };
  } else {
    if (opts.nSegments > n) throw new ValidationError(messages.segmentation.tooFewRows(FN, n, opts.nSegments, `for nSegments = ${opts.nSegments}`));
    model = makeClusterer(opts.algorithm, opts.nSegments, seedUsed, X, opts.signal);
    model.fit(X, fitOptions);
  }
  throwIfAborted(opts.signal, FN);
  const pipeline = assemble(ct, model);
  const labels = pipeline.labels;
  const records = recordsOf(table);
  const profiled = profiledColumns(inferred, columns);
  const profiles = profileSegments(records, labels, profiled);
  return new Segmentation({ pipeline, profiles, selection, columns, algorithm: opts.algorithm, seedUsed });
}

/** Every numeric and categorical column of the table (used for clustering or not), for the profiles. */
function profiledColumns(inferred: InferredColumnTypes, cols: SegmentColumns): { numeric: string[]; categorical: string[] } {
  const numeric = [...new Set([...cols.numeric, ...inferred.numeric.filter((c) => !cols.categorical.includes(c))])];
  const categorical = [...new Set([...cols.categorical, ...inferred.categorical.filter((c) => !numeric.includes(c))])];
  return { numeric, categorical };
}

/** What a {@link Segmentation} is made of (see {@link segment} and {@link loadSegmentation}). */
export interface SegmentationParts {
  readonly pipeline: SegmentPipeline;
  readonly profiles: SegmentProfiles;
  readonly selection: SegmentSelection | null;
  readonly columns: SegmentColumns;
  readonly algorithm: SegmentAlgorithm;
  readonly seedUsed: number;
}

/**
 * The result of {@link segment}: labels, profiles, how k was chosen, and the fitted pipeline that
 * assigns new customers. Serializable: `JSON.stringify(s)` then {@link loadSegmentation} in another
 * process predicts identically.
 *
 * @remarks
 * `predict` runs the fitted preprocessing and clusterer on new records: O(m k d) for m records
 * (plus the transforms). The training labels, the profiles and the selection are stored in the
 * document, so a restored segmentation prints the same table.
 *
 * @example
 * ```ts
 * import { segment, loadSegmentation } from 'segmentkit';
 * const rows = [
 *   { spend: 10, visits: 1 }, { spend: 12, visits: 2 }, { spend: 11, visits: 1 },
 *   { spend: 300, visits: 20 }, { spend: 320, visits: 22 }, { spend: 310, visits: 21 },
 * ];
 * const s = segment(rows, { nSegments: 2 });
 * const back = loadSegmentation(JSON.stringify(s));
 * console.log(back.predict([{ spend: 305, visits: 19 }])[0] === s.labels[3]); // true
 * ```
 */
export class Segmentation {
  /** The fitted pipeline: ColumnTransformer (`'columns'`) then the clusterer (`'clusterer'`). */
  readonly pipeline: SegmentPipeline;
  /** Profiles of the segments, in the units of the table. */
  readonly profiles: SegmentProfiles;
  /** How the number of segments was chosen; null when `nSegments` was given. */
  readonly selection: SegmentSelection | null;
  /** The columns clustered on, and those left out with the reason. */
  readonly columns: SegmentColumns;
  /** The algorithm fitted. */
  readonly algorithm: SegmentAlgorithm;
  /** The seed actually used (the `randomState`, or the fresh seed drawn for null). */
  readonly seedUsed: number;

  /** @param parts - the fitted parts (use {@link segment} or {@link loadSegmentation} rather than this constructor) */
  constructor(parts: SegmentationParts) {
    this.pipeline = parts.pipeline;
    this.profiles = parts.profiles;
    this.selection = parts.selection;
    this.columns = parts.columns;
    this.algorithm = parts.algorithm;
    this.seedUsed = parts.seedUsed;
  }

  /** Segment of each training customer (0 to nSegments - 1), in table order. */
  get labels(): Int32Array {
    return this.pipeline.labels;
  }

  /** Number of segments of the model. */
  get nSegments(): number {
    const c = this.pipeline.clusterer;
    return c instanceof KMeans ? c.params.nClusters : (c as GaussianMixture<CovarianceType>).params.nComponents;
  }

  /** Names of the model's input features after preprocessing (e.g. `numeric__age`, `categorical__region_north`). */
  get featureNames(): string[] {
    return this.pipeline.featureNamesAt('columns');
  }

  /**
   * Assigns new customers to the segments: the same preprocessing as in training, then the
   * clusterer's `predict`. Records need the columns used for clustering (extra columns are
   * ignored); missing values are imputed and unknown categories ignored, as in training.
   * @throws {@link ValidationError} for an absent column or a bad cell
   */
  predict(records: TableInput): Int32Array {
    return this.pipeline.predict(records);
  }

  /**
   * Membership probabilities of new customers (one row per customer, one column per segment):
   * only for `algorithm: 'gmm'`.
   * @throws {@link InvalidParameterError} for a k-means segmentation
   */
  predictProba(records: TableInput): Matrix {
    const c = this.pipeline.clusterer;
    if (!(c instanceof GaussianMixture)) {
      throw new InvalidParameterError('algorithm', messages.invalidParameter('Segmentation.predictProba', 'algorithm', "'gmm' (k-means gives no probabilities)", this.algorithm));
    }
    const Xt = this.pipeline.step('columns') as ColumnTransformer;
    return c.predictProba(Xt.transform(records));
  }

  /** The segment table as text (one row per segment with size, share and means, highlights below): see {@link formatSegmentTable}. */
  table(options: FormatSegmentTableOptions = {}): string {
    return formatSegmentTable(this.profiles, options);
  }

  /** The segmentation as a JSON document (read back with {@link loadSegmentation}). */
  toJSON(): SegmentationJSON {
    return {
      format: SEGMENTATION_FORMAT,
      version: SEGMENTATION_VERSION,
      algorithm: this.algorithm,
      seedUsed: this.seedUsed,
      columns: this.columns,
      selection: this.selection,
      profiles: this.profiles,
      pipeline: this.pipeline.toJSON(),
    };
  }

  /** Same as {@link loadSegmentation}. */
  static fromJSON(json: unknown): Segmentation {
    return loadSegmentation(json);
  }
}

// ---------------------------------------------------------------------------------------------
// restoring

const DOC = 'Segmentation';

function bad(path: string, expected: string, got: unknown): never {
  throw new SerializationError(messages.serialization.badField(DOC, path, expected, got));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) bad(path, 'an array of strings', v);
  return v as string[];
}

/** A number, or NaN for the null JSON writes for NaN. */
function numberOrNaN(v: unknown, path: string): number {
  if (v === null) return NaN;
  if (typeof v !== 'number') bad(path, 'a number (or null for NaN)', v);
  return v as number;
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(path, 'a finite number', v);
  return v as number;
}

function reviveProfiles(v: unknown): SegmentProfiles {
  if (!isObject(v)) bad('profiles', 'an object', v);
  const p = v as Record<string, unknown>;
  const numericColumns = strings(p.numericColumns, 'profiles.numericColumns');
  const categoricalColumns = strings(p.categoricalColumns, 'profiles.categoricalColumns');
  if (!isObject(p.overall) || !isObject(p.overall.numeric)) bad('profiles.overall', 'an object { size, numeric }', p.overall);
  const o = p.overall as { size: unknown; numeric: Record<string, unknown> };
  const overallNumeric: Record<string, { mean: number; std: number }> = {};
  for (const c of numericColumns) {
    const e = o.numeric[c];
    if (!isObject(e)) bad(`profiles.overall.numeric.${c}`, 'an object { mean, std }', e);
    overallNumeric[c] = { mean: numberOrNaN(e.mean, `profiles.overall.numeric.${c}.mean`), std: numberOrNaN(e.std, `profiles.overall.numeric.${c}.std`) };
  }
  if (!Array.isArray(p.segments)) bad('profiles.segments', 'an array', p.segments);
  const segments = (p.segments as unknown[]).map((s, i) => {
    const path = `profiles.segments[${i}]`;
    if (!isObject(s) || !Number.isInteger(s.segment) || !Number.isInteger(s.size)) bad(path, 'a segment profile { segment, size, share, numeric, categorical, highlights }', s);
    if (!isObject(s.numeric) || !isObject(s.categorical)) bad(path, 'a segment profile with numeric and categorical objects', s);
    const numeric: Record<string, { mean: number; median: number; lift: number; effect: number; missing: number }> = {};
    for (const c of numericColumns) {
      const e = (s.numeric as Record<string, unknown>)[c];
      const q = `${path}.numeric.${c}`;
      if (!isObject(e)) bad(q, 'an object { mean, median, lift, effect, missing }', e);
      numeric[c] = {
        mean: numberOrNaN(e.mean, `${q}.mean`),
        median: numberOrNaN(e.median, `${q}.median`),
        lift: numberOrNaN(e.lift, `${q}.lift`),
        effect: numberOrNaN(e.effect, `${q}.effect`),
        missing: finite(e.missing, `${q}.missing`),
      };
    }
    const categorical: Record<string, { value: string; share: number; lift: number }[]> = {};
    for (const c of categoricalColumns) {
      const list = (s.categorical as Record<string, unknown>)[c];
      const q = `${path}.categorical.${c}`;
      if (!Array.isArray(list)) bad(q, 'an array of { value, share, lift }', list);
      categorical[c] = (list as unknown[]).map((e, j) => {
        if (!isObject(e) || typeof e.value !== 'string') bad(`${q}[${j}]`, 'an object { value, share, lift }', e);
        return { value: e.value as string, share: finite(e.share, `${q}[${j}].share`), lift: numberOrNaN(e.lift, `${q}[${j}].lift`) };
      });
    }
    return {
      segment: s.segment as number,
      size: s.size as number,
      share: finite(s.share, `${path}.share`),
      numeric,
      categorical,
      highlights: strings(s.highlights, `${path}.highlights`),
    };
  });
  return { segments, overall: { size: finite(o.size, 'profiles.overall.size'), numeric: overallNumeric }, numericColumns, categoricalColumns };
}

function reviveSelection(v: unknown): SegmentSelection | null {
  if (v === null) return null;
  if (!isObject(v) || !Number.isInteger(v.k) || typeof v.criterion !== 'string' || !Array.isArray(v.rows)) bad('selection', 'null or { k, criterion, reasons, rows, elbow }', v);
  const keys = ['inertia', 'silhouette', 'calinskiHarabasz', 'daviesBouldin', 'bic', 'aic'] as const;
  const rows = (v.rows as unknown[]).map((r, i) => {
    if (!isObject(r) || !Number.isInteger(r.k) || !Number.isInteger(r.nClustersFound) || !Number.isInteger(r.smallestSegment) || typeof r.eligible !== 'boolean') {
      bad(`selection.rows[${i}]`, 'a sweep row { k, nClustersFound, smallestSegment, eligible, scores }', r);
    }
    const out: Record<string, unknown> = { k: r.k, nClustersFound: r.nClustersFound };
    for (const key of keys) out[key] = r[key] === null || r[key] === undefined ? null : finite(r[key], `selection.rows[${i}].${key}`);
    out.smallestSegment = r.smallestSegment;
    out.eligible = r.eligible;
    return out as unknown as SegmentSweepRow;
  });
  if (v.elbow !== null && !Number.isInteger(v.elbow)) bad('selection.elbow', 'null or an integer', v.elbow);
  return { k: v.k as number, criterion: v.criterion as Recommendation['criterion'], reasons: strings(v.reasons, 'selection.reasons'), rows, elbow: v.elbow as number | null };
}

function reviveColumns(v: unknown): SegmentColumns {
  if (!isObject(v) || !Array.isArray(v.ignored)) bad('columns', 'an object { numeric, categorical, date, ignored }', v);
  const ignored = (v.ignored as unknown[]).map((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string' || typeof e.reason !== 'string') bad(`columns.ignored[${i}]`, 'an object { name, reason }', e);
    return { name: e.name as string, reason: e.reason as string };
  });
  return { numeric: strings(v.numeric, 'columns.numeric'), categorical: strings(v.categorical, 'columns.categorical'), date: strings(v.date, 'columns.date'), ignored };
}

/**
 * Restores a {@link Segmentation} from its JSON document (a string or the parsed object), without
 * refitting: the pipeline goes through {@link fromJSON} and every other field is checked.
 *
 * @remarks O(size of the document). The document is untrusted: a wrong format, a newer version,
 * prototype-polluting keys, a malformed field or a pipeline that is not a fitted ColumnTransformer
 * then KMeans / GaussianMixture throw {@link SerializationError}.
 *
 * @throws {@link SerializationError} for anything but a valid segmentation document
 * @example
 * ```ts
 * import { segment, loadSegmentation } from 'segmentkit';
 * const s = segment({ spend: [1, 2, 3, 100, 101, 102] }, { nSegments: 2 });
 * const back = loadSegmentation(JSON.parse(JSON.stringify(s)));
 * console.log(back.nSegments, back.labels.join() === s.labels.join()); // 2 true
 * ```
 */
export function loadSegmentation(json: unknown): Segmentation {
  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch (err) {
      throw new SerializationError(`The document is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!isObject(doc)) throw new SerializationError(messages.segmentation.notDocument(doc));
  assertSafeJson(doc);
  if (doc.format !== SEGMENTATION_FORMAT) throw new SerializationError(messages.segmentation.notDocument(doc.format));
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version) || doc.version < 1) throw new SerializationError(messages.serialization.badVersion(doc.version));
  if (doc.version > SEGMENTATION_VERSION) throw new SerializationError(messages.serialization.newerVersion(doc.version, SEGMENTATION_VERSION));
  const known = new Set(['format', 'version', 'algorithm', 'seedUsed', 'columns', 'selection', 'profiles', 'pipeline']);
  for (const key of Object.keys(doc)) if (!known.has(key)) bad(key, `absent (known: ${[...known].join(', ')})`, doc[key]);
  if (doc.algorithm !== 'kmeans' && doc.algorithm !== 'gmm') bad('algorithm', "'kmeans' or 'gmm'", doc.algorithm);
  if (typeof doc.seedUsed !== 'number' || !Number.isInteger(doc.seedUsed) || doc.seedUsed < 0) bad('seedUsed', 'a non-negative integer', doc.seedUsed);
  const restored = fromJSON(doc.pipeline as object);
  if (!(restored instanceof Pipeline) || !restored.isFitted) bad('pipeline', 'a fitted Pipeline document', doc.pipeline);
  const p = restored as Pipeline;
  const steps = p.steps;
  const ok =
    steps.length === 2 &&
    steps[0]?.name === 'columns' &&
    steps[0].estimator instanceof ColumnTransformer &&
    steps[1]?.name === 'clusterer' &&
    (doc.algorithm === 'kmeans' ? steps[1].estimator instanceof KMeans : steps[1].estimator instanceof GaussianMixture);
  if (!ok) bad('pipeline', `steps 'columns' (ColumnTransformer) then 'clusterer' (${doc.algorithm === 'kmeans' ? 'KMeans' : 'GaussianMixture'})`, steps.map((s) => `${s.name}: ${s.estimator.estimatorType}`).join(', '));
  const profiles = reviveProfiles(doc.profiles);
  const labels = p.labels;
  if (profiles.overall.size !== labels.length) {
    throw new SerializationError(messages.serialization.inconsistent(DOC, `the profiles describe ${profiles.overall.size} customers but the model has ${labels.length} labels.`));
  }
  const seg = new Segmentation({
    pipeline: p as unknown as SegmentPipeline,
    profiles,
    selection: reviveSelection(doc.selection),
    columns: reviveColumns(doc.columns),
    algorithm: doc.algorithm,
    seedUsed: doc.seedUsed,
  });
  if (countClusters(labels) > seg.nSegments) {
    throw new SerializationError(messages.serialization.inconsistent(DOC, `the labels use more than nSegments = ${seg.nSegments} segments.`));
  }
  return seg;
}
