/**
 * Segment profiles: what each segment looks like, in the units of the customer table, with the
 * traits that set it apart written as sentences a marketer can read.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { formatValue } from '../core/messages.js';
import { validateLabels } from '../core/validation.js';

/** Statistics of one numeric column within a segment. */
export interface NumericProfile {
  /** Mean over the non-missing values. NaN when every value is missing. */
  readonly mean: number;
  /** Median over the non-missing values. */
  readonly median: number;
  /** Segment mean divided by the overall mean (NaN when the overall mean is 0). */
  readonly lift: number;
  /** (segment mean - overall mean) / overall standard deviation: the size of the difference. */
  readonly effect: number;
  /** Missing values in the segment. */
  readonly missing: number;
}

/** One frequent value of a categorical column within a segment. */
export interface CategoryShare {
  readonly value: string;
  /** Share of the segment's non-missing values. */
  readonly share: number;
  /** Segment share divided by the overall share of the value. */
  readonly lift: number;
}

/** Everything known about one segment. */
export interface SegmentProfile {
  /** The label (-1 for noise). */
  readonly segment: number;
  readonly size: number;
  /** Size divided by the number of customers. */
  readonly share: number;
  readonly numeric: Readonly<Record<string, NumericProfile>>;
  readonly categorical: Readonly<Record<string, readonly CategoryShare[]>>;
  /** The traits that set the segment apart, strongest first, as sentences. */
  readonly highlights: readonly string[];
}

/** Profiles of every segment, plus the overall numbers they are compared with. */
export interface SegmentProfiles {
  readonly segments: readonly SegmentProfile[];
  readonly overall: { readonly size: number; readonly numeric: Readonly<Record<string, { mean: number; std: number }>> };
  readonly numericColumns: readonly string[];
  readonly categoricalColumns: readonly string[];
}

/** Options of {@link profileSegments}. */
export interface ProfileOptions {
  /** Numeric columns to profile. @defaultValue every column whose non-missing values are all numbers */
  readonly numeric?: readonly string[];
  /** Categorical columns to profile. @defaultValue every column of strings with at most 20 distinct values */
  readonly categorical?: readonly string[];
  /** Column names when the data is a Matrix. @defaultValue x0, x1, ... */
  readonly featureNames?: readonly string[];
  /** Frequent values kept per categorical column. @defaultValue 3 */
  readonly topCategories?: number;
  /** Traits kept per segment. @defaultValue 3 */
  readonly maxHighlights?: number;
}

/** A customer table as records: one object per customer, one key per column. */
export type ProfileRecords = readonly Readonly<Record<string, unknown>>[];

function columnsOf(data: ProfileRecords | Matrix, names: readonly string[] | undefined): { names: string[]; get: (i: number, c: string) => unknown; n: number } {
  if (isMatrix(data)) {
    const cols = names ? [...names] : Array.from({ length: data.cols }, (_, j) => `x${j}`);
    if (cols.length !== data.cols) throw new ValidationError(`profileSegments got ${cols.length} feature names for ${data.cols} columns.`);
    const index = new Map(cols.map((c, j) => [c, j]));
    return { names: cols, n: data.rows, get: (i, c) => data.data[i * data.cols + (index.get(c) as number)] };
  }
  if (!Array.isArray(data)) throw new ValidationError(`profileSegments expected records (an array of objects) or a Matrix, got ${formatValue(data)} instead.`);
  const seen = new Set<string>();
  for (const r of data) {
    if (typeof r !== 'object' || r === null) throw new ValidationError(`profileSegments expected records (objects), got ${formatValue(r)}.`);
    for (const k of Object.keys(r)) seen.add(k);
  }
  return { names: [...seen], n: data.length, get: (i, c) => (data[i] as Record<string, unknown>)[c] };
}

const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
}

function humanize(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/**
 * Profiles segments: size and share, per-column means, medians and lifts against the whole
 * customer base, frequent categories, and the traits that set each segment apart.
 *
 * @remarks
 * One pass per column, O(n (p + c)) time for p numeric and c categorical columns, plus sorting for
 * medians. A numeric trait is reported when its standardized difference |effect| >= 0.5 (Cohen's
 * "medium"), a categorical one when a value is at least 1.5x as frequent as overall and covers at
 * least 30% of the segment. Missing values are skipped and counted.
 *
 * @param data - the customer table as records, or a Matrix with `featureNames`
 * @param labels - one segment label per row (-1 = noise, profiled as its own group)
 * @throws {@link ValidationError} when labels and rows differ in number, or the data is not a table
 * @example
 * ```ts
 * import { profileSegments } from 'segmentkit';
 * const rows = [{ spend: 10, city: 'a' }, { spend: 12, city: 'a' }, { spend: 100, city: 'b' }, { spend: 90, city: 'b' }];
 * const p = profileSegments(rows, [0, 0, 1, 1]);
 * console.log(p.segments[1]?.numeric.spend?.mean); // 95
 * ```
 */
export function profileSegments(data: ProfileRecords | Matrix, labels: ArrayLike<number>, options: ProfileOptions = {}): SegmentProfiles {
  const table = columnsOf(data, options.featureNames);
  const y = validateLabels(labels, table.n, 'profileSegments');
  const numericCols = options.numeric ? [...options.numeric] : table.names.filter((c) => isNumericColumn(table, c));
  const categoricalCols = options.categorical
    ? [...options.categorical]
    : table.names.filter((c) => !numericCols.includes(c) && isCategoricalColumn(table, c));
  for (const c of [...numericCols, ...categoricalCols]) {
    if (!table.names.includes(c)) throw new ValidationError(`profileSegments: column '${c}' is not in the data. Columns: ${table.names.join(', ')}.`);
  }
  const groups = [...new Set(y)].sort((a, b) => a - b);
  const members = new Map<number, number[]>(groups.map((g) => [g, []]));
  for (let i = 0; i < table.n; i++) (members.get(y[i] as number) as number[]).push(i);

  const overall: Record<string, { mean: number; std: number }> = {};
  for (const c of numericCols) {
    let s = 0;
    let s2 = 0;
    let m = 0;
    for (let i = 0; i < table.n; i++) {
      const v = table.get(i, c);
      if (isMissing(v)) continue;
      if (typeof v !== 'number') throw new ValidationError(`profileSegments: numeric column '${c}' has ${formatValue(v)} at row ${i}.`);
      s += v;
      s2 += v * v;
      m++;
    }
    const mean = m ? s / m : NaN;
    overall[c] = { mean, std: m ? Math.sqrt(Math.max(0, s2 / m - mean * mean)) : NaN };
  }
  const overallShares = new Map<string, Map<string, number>>();
  for (const c of categoricalCols) overallShares.set(c, shares(table, c, Array.from({ length: table.n }, (_, i) => i)));

  const maxHighlights = options.maxHighlights ?? 3;
  const top = options.topCategories ?? 3;
  const segments: SegmentProfile[] = groups.map((g) => {
    const rows = members.get(g) as number[];
    const numeric: Record<string, NumericProfile> = {};
    const traits: { strength: number; text: string }[] = [];
    for (const c of numericCols) {
      const vals: number[] = [];
      for (const i of rows) {
        const v = table.get(i, c);
        if (!isMissing(v)) vals.push(v as number);
      }
      const sorted = Float64Array.from(vals).sort();
      const mean = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : NaN;
      const o = overall[c] as { mean: number; std: number };
      const effect = o.std > 0 ? (mean - o.mean) / o.std : 0;
      const lift = o.mean !== 0 ? mean / o.mean : NaN;
      numeric[c] = { mean, median: median(sorted), lift, effect, missing: rows.length - vals.length };
      if (Math.abs(effect) >= 0.5 && Number.isFinite(mean)) {
        const ratio = Number.isFinite(lift) && lift > 0 ? ` (${lift >= 1 ? `${fmt(lift)}x` : `${Math.round(lift * 100)}% of`} average)` : '';
        traits.push({ strength: Math.abs(effect), text: `${effect > 0 ? 'higher' : 'lower'} ${humanize(c)}: ${fmt(mean)} vs ${fmt(o.mean)}${ratio}` });
      }
    }
    const categorical: Record<string, CategoryShare[]> = {};
    for (const c of categoricalCols) {
      const seg = shares(table, c, rows);
      const all = overallShares.get(c) as Map<string, number>;
      const list = [...seg.entries()].map(([value, share]) => ({ value, share, lift: share / (all.get(value) ?? share) }));
      list.sort((a, b) => b.share - a.share || (a.value < b.value ? -1 : 1));
      categorical[c] = list.slice(0, top);
      for (const s of list) {
        if (s.lift >= 1.5 && s.share >= 0.3) traits.push({ strength: s.lift - 1, text: `mostly ${humanize(c)} '${s.value}': ${Math.round(s.share * 100)}% vs ${Math.round((all.get(s.value) ?? 0) * 100)}% overall` });
      }
    }
    traits.sort((a, b) => b.strength - a.strength);
    return { segment: g, size: rows.length, share: rows.length / table.n, numeric, categorical, highlights: traits.slice(0, maxHighlights).map((t) => t.text) };
  });
  return { segments, overall: { size: table.n, numeric: overall }, numericColumns: numericCols, categoricalColumns: categoricalCols };
}

function shares(table: ReturnType<typeof columnsOf>, c: string, rows: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>();
  let m = 0;
  for (const i of rows) {
    const v = table.get(i, c);
    if (isMissing(v)) continue;
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    m++;
  }
  for (const [k, v] of counts) counts.set(k, v / (m || 1));
  return counts;
}

function isNumericColumn(table: ReturnType<typeof columnsOf>, c: string): boolean {
  let any = false;
  for (let i = 0; i < table.n; i++) {
    const v = table.get(i, c);
    if (isMissing(v)) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}

function isCategoricalColumn(table: ReturnType<typeof columnsOf>, c: string): boolean {
  const distinct = new Set<unknown>();
  for (let i = 0; i < table.n; i++) {
    const v = table.get(i, c);
    if (isMissing(v)) continue;
    if (typeof v !== 'string' && typeof v !== 'boolean') return false;
    distinct.add(v);
    if (distinct.size > 20) return false;
  }
  return distinct.size > 0;
}

/** Options of {@link formatSegmentTable}. */
export interface FormatSegmentTableOptions {
  /** Numeric columns shown (means). @defaultValue up to 6 of the profiled numeric columns */
  readonly columns?: readonly string[];
  /** Names shown instead of the segment numbers. */
  readonly names?: Readonly<Record<number, string>>;
}

/**
 * Renders profiles as a plain-text table (one row per segment: size, share, column means), with
 * each segment's highlights below it. For terminals, logs and notebooks.
 *
 * @example
 * ```ts
 * import { formatSegmentTable, profileSegments } from 'segmentkit';
 * const p = profileSegments([{ spend: 10 }, { spend: 90 }], [0, 1]);
 * console.log(formatSegmentTable(p).split('\n')[0]); // 'segment  size  share  spend'
 * ```
 */
export function formatSegmentTable(profiles: SegmentProfiles, options: FormatSegmentTableOptions = {}): string {
  const cols = options.columns ? [...options.columns] : profiles.numericColumns.slice(0, 6);
  const header = ['segment', 'size', 'share', ...cols];
  const body = profiles.segments.map((s) => [
    options.names?.[s.segment] ?? String(s.segment),
    String(s.size),
    `${(s.share * 100).toFixed(1)}%`,
    ...cols.map((c) => {
      const m = s.numeric[c]?.mean;
      return m === undefined || Number.isNaN(m) ? '-' : fmt(m);
    }),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => (r[j] as string).length)));
  const line = (r: string[]) => r.map((v, j) => (j === 0 ? v.padEnd(widths[j] as number) : v.padStart(widths[j] as number))).join('  ');
  const out = [line(header)];
  profiles.segments.forEach((s, i) => {
    out.push(line(body[i] as string[]));
    for (const h of s.highlights) out.push(`${' '.repeat(4)}- ${h}`);
  });
  return out.join('\n');
}
