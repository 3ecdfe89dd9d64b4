/**
 * Plots of a segmentation as Vega-Lite v5 specifications (plain JSON, no dependency), a
 * dependency-free SVG renderer for them, and notebook display for Deno and tslab.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { MatrixInput } from '../core/matrix.js';
import { formatValue, messages } from '../core/messages.js';
import { validateLabels, validateMatrix } from '../core/validation.js';
import type { SegmentProfiles } from './profile.js';

/** The Vega-Lite schema the specs declare. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * Segment colours: the Okabe-Ito palette, distinguishable with every common colour-vision
 * deficiency (Okabe and Ito 2008, "Color Universal Design"). Segments beyond eight reuse colours.
 */
export const SEGMENT_PALETTE: readonly string[] = Object.freeze(['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000']);

/** Colour of noise points (label -1). */
export const NOISE_COLOR = '#BBBBBB';

/**
 * The diverging colours of the profile heatmap, for effects below zero, at zero and above zero:
 * blue to light grey to orange, a colour-blind-safe pairing (ColorBrewer's RdBu and PuOr ends).
 */
export const DIVERGING_COLORS: readonly string[] = Object.freeze(['#2166AC', '#F7F7F7', '#B35806']);

/** Which plot a spec made by this module draws (recorded in `usermeta.segmentkit`). */
export type PlotKind = 'scatter' | 'sizes' | 'heatmap' | 'elbow' | 'silhouette';

/**
 * A Vega-Lite v5 specification: plain JSON data that any Vega-Lite renderer (vega-embed,
 * JupyterLab, Observable, the VS Code viewer) draws. The specs made here carry
 * `usermeta.segmentkit` so that {@link renderSvg} knows how to draw them.
 */
export interface VegaLiteSpec {
  readonly $schema: string;
  readonly title?: string | { readonly text: string };
  readonly width?: number;
  readonly height?: number;
  readonly data?: { readonly values: readonly Readonly<Record<string, unknown>>[] };
  readonly mark?: unknown;
  readonly encoding?: Readonly<Record<string, unknown>>;
  readonly layer?: readonly unknown[];
  readonly usermeta?: { readonly segmentkit?: PlotKind; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Names shown instead of segment numbers, as in {@link formatSegmentTable}. */
export type SegmentNames = Readonly<Record<number, string>>;

/** Options of {@link segmentScatterSpec}. */
export interface ScatterSpecOptions {
  /** Names shown instead of the segment numbers. @defaultValue the numbers; 'noise' for -1 */
  readonly names?: SegmentNames;
  /** Title of the plot. @defaultValue 'Segments' */
  readonly title?: string;
  /** Title of the horizontal axis. @defaultValue 'component 1' */
  readonly xTitle?: string;
  /** Title of the vertical axis. @defaultValue 'component 2' */
  readonly yTitle?: string;
  /** Width of the plotting area in pixels. @defaultValue 400 */
  readonly width?: number;
  /** Height of the plotting area in pixels. @defaultValue 300 */
  readonly height?: number;
}

/** Options of {@link segmentSizesSpec} and {@link profileHeatmapSpec}. */
export interface ProfileSpecOptions {
  /** Names shown instead of the segment numbers. @defaultValue the numbers; 'noise' for -1 */
  readonly names?: SegmentNames;
  /** Title of the plot. @defaultValue 'Segment sizes' / 'Segment profiles (effect size)' */
  readonly title?: string;
  /** Numeric columns shown by the heatmap. @defaultValue every profiled numeric column */
  readonly columns?: readonly string[];
}

/** Options of {@link elbowSpec}. */
export interface ElbowSpecOptions {
  /** The chosen k, marked by a dashed rule. @defaultValue none */
  readonly knee?: number | null;
  /** Title of the plot. @defaultValue 'Choosing the number of segments' */
  readonly title?: string;
  /** Title of the vertical axis (the criterion). @defaultValue 'inertia' */
  readonly yTitle?: string;
}

/** Options of {@link silhouetteSpec}. */
export interface SilhouetteSpecOptions {
  /** Names shown instead of the segment numbers. @defaultValue the numbers; 'noise' for -1 */
  readonly names?: SegmentNames;
  /** Title of the plot. @defaultValue 'Silhouette by segment' */
  readonly title?: string;
}

function segmentName(g: number, names: SegmentNames | undefined): string {
  return names?.[g] ?? (g === -1 ? 'noise' : String(g));
}

/** The colour scale of a nominal segment field: noise grey, the others the palette in label order. */
function segmentScale(groups: readonly number[], names: SegmentNames | undefined): { domain: string[]; range: string[] } {
  let c = 0;
  return {
    domain: groups.map((g) => segmentName(g, names)),
    range: groups.map((g) => (g === -1 ? NOISE_COLOR : (SEGMENT_PALETTE[c++ % SEGMENT_PALETTE.length] as string))),
  };
}

function sortedGroups(labels: Int32Array): number[] {
  return [...new Set(labels)].sort((a, b) => a - b);
}

function dimension(fn: string, what: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 10 || v > 10000) {
    throw new ValidationError(messages.invalidParameter(fn, what, 'an int in the range [10, 10000]', v));
  }
  return v;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * A scatter plot of customers in two dimensions (a PCA or UMAP projection), coloured by segment.
 *
 * @remarks
 * One circle per customer; the colour scale is spelled out (the {@link SEGMENT_PALETTE} in label
 * order, noise grey) so that every renderer draws the same colours. Coordinates are rounded to 6
 * decimals. O(n) time and size (about 90 bytes of SVG per point): for more than some 20,000
 * customers, plot a random sample.
 *
 * @param points2d - n x 2 coordinates (e.g. `new PCA({ nComponents: 2 }).fitTransform(X)`)
 * @param labels - segment of each point (-1 = noise)
 * @param options - see {@link ScatterSpecOptions}
 * @throws {@link ValidationError} when the points are not n x 2 finite numbers or the labels do not
 *   match them.
 * @example
 * ```ts
 * import { segmentScatterSpec } from 'segmentkit';
 * const spec = segmentScatterSpec([[0, 0], [1, 1], [5, 5]], [0, 0, 1], { names: { 1: 'VIP' } });
 * console.log(spec.mark, spec.data?.values[2]); // { type: circle, opacity: 0.8, size: 40 } { x: 5, y: 5, segment: VIP }
 * ```
 */
export function segmentScatterSpec(points2d: MatrixInput, labels: ArrayLike<number>, options: ScatterSpecOptions = {}): VegaLiteSpec {
  const FN = 'segmentScatterSpec';
  const P = validateMatrix(points2d, { estimator: FN, input: 'points2d' });
  if (P.cols !== 2) throw new ValidationError(messages.segment.notPoints(FN, P.cols));
  const y = validateLabels(labels, P.rows, FN);
  const groups = sortedGroups(y);
  const values = Array.from({ length: P.rows }, (_, i) => ({
    x: round(P.data[2 * i] as number),
    y: round(P.data[2 * i + 1] as number),
    segment: segmentName(y[i] as number, options.names),
  }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    usermeta: { segmentkit: 'scatter' },
    title: options.title ?? 'Segments',
    width: dimension(FN, 'width', options.width, 400),
    height: dimension(FN, 'height', options.height, 300),
    data: { values },
    mark: { type: 'circle', opacity: 0.8, size: 40 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'component 1', scale: { zero: false, nice: true } },
      y: { field: 'y', type: 'quantitative', title: options.yTitle ?? 'component 2', scale: { zero: false, nice: true } },
      color: { field: 'segment', type: 'nominal', title: 'segment', scale: segmentScale(groups, options.names) },
      tooltip: [{ field: 'segment', type: 'nominal' }, { field: 'x', type: 'quantitative' }, { field: 'y', type: 'quantitative' }],
    },
  };
}

/**
 * A bar chart of segment sizes, labelled with each segment's share of the customers.
 *
 * @remarks Reads the sizes of {@link profileSegments}' result. O(k) for k segments.
 * @param profiles - the result of {@link profileSegments}
 * @param options - see {@link ProfileSpecOptions}
 * @throws {@link ValidationError} when `profiles` is not a profile result.
 * @example
 * ```ts
 * import { profileSegments, segmentSizesSpec } from 'segmentkit';
 * const spec = segmentSizesSpec(profileSegments([{ spend: 1 }, { spend: 2 }, { spend: 9 }], [0, 0, 1]));
 * console.log(spec.data?.values); // [{ segment: 0, size: 2, share: 0.667, label: 66.7% }, { segment: 1, size: 1, share: 0.333, label: 33.3% }]
 * ```
 */
export function segmentSizesSpec(profiles: SegmentProfiles, options: ProfileSpecOptions = {}): VegaLiteSpec {
  const segs = checkProfiles('segmentSizesSpec', profiles);
  const groups = segs.map((s) => s.segment);
  const names = groups.map((g) => segmentName(g, options.names));
  const values = segs.map((s) => ({ segment: segmentName(s.segment, options.names), size: s.size, share: s.share, label: `${(s.share * 100).toFixed(1)}%` }));
  const long = names.some((n) => n.length > 10);
  return {
    $schema: VEGA_LITE_SCHEMA,
    usermeta: { segmentkit: 'sizes' },
    title: options.title ?? 'Segment sizes',
    width: Math.max(200, 50 * segs.length),
    height: 240,
    data: { values },
    encoding: {
      x: { field: 'segment', type: 'nominal', sort: names, title: 'segment', axis: { labelAngle: long ? -45 : 0 } },
      y: { field: 'size', type: 'quantitative', title: 'customers', axis: { tickMinStep: 1 } },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: { field: 'segment', type: 'nominal', scale: segmentScale(groups, options.names), legend: null },
          tooltip: [{ field: 'segment', type: 'nominal' }, { field: 'size', type: 'quantitative' }, { field: 'label', type: 'nominal', title: 'share' }],
        },
      },
      { mark: { type: 'text', dy: -6 }, encoding: { text: { field: 'label', type: 'nominal' } } },
    ],
  };
}

/**
 * A heatmap of segment profiles: one row per segment, one column per numeric feature, coloured by
 * the effect size of {@link profileSegments} (how many standard deviations the segment mean lies
 * above or below the overall mean) and labelled with it.
 *
 * @remarks
 * The diverging colour scale ({@link DIVERGING_COLORS}) is symmetric around 0 (from -m to m, m
 * the largest |effect|), so white means "average". A cell whose effect is undefined (every value
 * missing) has a null effect and is drawn grey. O(k p) for k segments and p features.
 *
 * @param profiles - the result of {@link profileSegments}
 * @param options - see {@link ProfileSpecOptions}
 * @throws {@link ValidationError} when `profiles` is not a profile result or a column was not profiled.
 * @example
 * ```ts
 * import { profileHeatmapSpec, profileSegments } from 'segmentkit';
 * const p = profileSegments([{ spend: 1, visits: 5 }, { spend: 3, visits: 5 }], [0, 1]);
 * const spec = profileHeatmapSpec(p);
 * console.log(spec.data?.values[0]); // { segment: 0, feature: spend, effect: -1, mean: 1, label: -1.0 }
 * ```
 */
export function profileHeatmapSpec(profiles: SegmentProfiles, options: ProfileSpecOptions = {}): VegaLiteSpec {
  const FN = 'profileHeatmapSpec';
  const segs = checkProfiles(FN, profiles);
  const columns = options.columns ? [...options.columns] : [...profiles.numericColumns];
  for (const c of columns) {
    if (!profiles.numericColumns.includes(c)) {
      throw new ValidationError(`${FN}: column ${formatValue(c)} was not profiled as numeric. Profiled numeric columns: ${profiles.numericColumns.join(', ') || 'none'}.`);
    }
  }
  const values: Record<string, unknown>[] = [];
  let m = 0;
  for (const s of segs) {
    for (const c of columns) {
      const np = s.numeric[c];
      const effect = np !== undefined && Number.isFinite(np.effect) && Number.isFinite(np.mean) ? round(np.effect) : null;
      const mean = np !== undefined && Number.isFinite(np.mean) ? round(np.mean) : null;
      if (effect !== null) m = Math.max(m, Math.abs(effect));
      values.push({ segment: segmentName(s.segment, options.names), feature: c, effect, mean, label: effect === null ? '-' : `${effect > 0 ? '+' : ''}${effect.toFixed(1)}` });
    }
  }
  const extent = m > 0 ? m : 1;
  const names = segs.map((s) => segmentName(s.segment, options.names));
  return {
    $schema: VEGA_LITE_SCHEMA,
    usermeta: { segmentkit: 'heatmap' },
    title: options.title ?? 'Segment profiles (effect size)',
    width: Math.max(120, 56 * columns.length),
    height: Math.max(60, 28 * segs.length),
    data: { values },
    encoding: {
      x: { field: 'feature', type: 'nominal', sort: columns, title: null, axis: { labelAngle: -45, orient: 'bottom' } },
      y: { field: 'segment', type: 'nominal', sort: names, title: 'segment' },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'effect',
            type: 'quantitative',
            title: 'effect',
            scale: { domain: [-extent, 0, extent], range: [...DIVERGING_COLORS], interpolate: 'rgb' },
          },
          tooltip: [
            { field: 'segment', type: 'nominal' },
            { field: 'feature', type: 'nominal' },
            { field: 'mean', type: 'quantitative' },
            { field: 'effect', type: 'quantitative' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: `abs(datum.effect) > ${round(extent * 0.6)}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

/**
 * An elbow plot: a criterion (inertia, BIC, silhouette...) against the number of segments k, with
 * the chosen k marked.
 *
 * @remarks O(m) for m values of k. The points are drawn in increasing k.
 * @param kValues - the numbers of segments tried
 * @param values - the criterion for each k
 * @param options - see {@link ElbowSpecOptions}
 * @throws {@link ValidationError} for non-finite values or arrays of different lengths.
 * @example
 * ```ts
 * import { elbowSpec } from 'segmentkit';
 * const spec = elbowSpec([1, 2, 3, 4], [100, 40, 30, 25], { knee: 2 });
 * console.log(spec.layer?.length, spec.data?.values[1]); // 3 { k: 2, value: 40 }
 * ```
 */
export function elbowSpec(kValues: ArrayLike<number>, values: ArrayLike<number>, options: ElbowSpecOptions = {}): VegaLiteSpec {
  const FN = 'elbowSpec';
  if (kValues.length !== values.length) throw new ValidationError(messages.segment.lengthsDiffer(FN, 'values', values.length, kValues.length));
  if (kValues.length === 0) throw new ValidationError(messages.metrics.tooFewPoints(FN, 'values of k', 0, 1));
  const rows: { k: number; value: number }[] = [];
  for (let i = 0; i < kValues.length; i++) {
    const k = kValues[i] as number;
    const v = values[i] as number;
    if (typeof k !== 'number' || !Number.isFinite(k)) throw new ValidationError(messages.metrics.notFiniteValue(FN, 'kValues', i, k));
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(messages.metrics.notFiniteValue(FN, 'values', i, v));
    rows.push({ k, value: round(v) });
  }
  rows.sort((a, b) => a.k - b.k);
  const knee = options.knee ?? null;
  if (knee !== null && (typeof knee !== 'number' || !Number.isFinite(knee))) {
    throw new ValidationError(messages.invalidParameter(FN, 'knee', 'a finite number or null', knee));
  }
  const layer: unknown[] = [
    {
      mark: { type: 'line', point: true, color: SEGMENT_PALETTE[0] },
      encoding: { y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'inertia', scale: { zero: false, nice: true } } },
    },
  ];
  if (knee !== null) {
    layer.push(
      { data: { values: [{ k: knee }] }, mark: { type: 'rule', strokeDash: [4, 4], color: SEGMENT_PALETTE[5] } },
      {
        data: { values: [{ k: knee, label: `k = ${knee}` }] },
        mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', y: 4, color: SEGMENT_PALETTE[5] },
        encoding: { text: { field: 'label', type: 'nominal' } },
      },
    );
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    usermeta: { segmentkit: 'elbow' },
    title: options.title ?? 'Choosing the number of segments',
    width: 400,
    height: 260,
    data: { values: rows },
    // Shared by the layers, so that they share one axis.
    encoding: { x: { field: 'k', type: 'quantitative', title: 'number of segments (k)', axis: { tickMinStep: 1 }, scale: { zero: false, nice: false } } },
    layer,
  };
}

/**
 * A silhouette plot: every customer's silhouette coefficient as a horizontal bar, grouped by
 * segment and sorted within it, with the average marked. Thin or mostly negative blocks show
 * segments that are poorly separated.
 *
 * @remarks
 * The bars are `rect` marks stacked on a hidden vertical axis (each customer one unit, a gap
 * between segments). O(n log n) for the sorting. Pass per-customer coefficients, for example
 * `silhouetteSamples(X, labels)` (see {@link silhouetteSamples}).
 *
 * @param samples - silhouette coefficient of each customer, in [-1, 1]
 * @param labels - segment of each customer (-1 = noise, drawn grey)
 * @param options - see {@link SilhouetteSpecOptions}
 * @throws {@link ValidationError} for values outside [-1, 1], NaN, or labels of another length.
 * @example
 * ```ts
 * import { silhouetteSpec } from 'segmentkit';
 * const spec = silhouetteSpec([0.5, 0.7, 0.2, 0.9], [0, 0, 1, 1]);
 * console.log(spec.data?.values[0], spec.usermeta?.average); // { segment: 0, silhouette: 0.7, y0: 0, y1: 1 } 0.575
 * ```
 */
export function silhouetteSpec(samples: ArrayLike<number>, labels: ArrayLike<number>, options: SilhouetteSpecOptions = {}): VegaLiteSpec {
  const FN = 'silhouetteSpec';
  const n = samples.length;
  if (n === 0) throw new ValidationError(messages.metrics.tooFewPoints(FN, 'samples', 0, 1));
  const y = validateLabels(labels, n, FN);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i] as number;
    if (typeof v !== 'number' || !(v >= -1 && v <= 1)) {
      throw new ValidationError(`${FN} expected silhouette coefficients in [-1, 1], but samples[${i}] is ${formatValue(v)}.`, { row: i });
    }
    sum += v;
  }
  const groups = sortedGroups(y);
  const gap = Math.max(1, Math.round(n * 0.02));
  const values: { segment: string; silhouette: number; y0: number; y1: number }[] = [];
  let pos = 0;
  for (const g of groups) {
    const vals: number[] = [];
    for (let i = 0; i < n; i++) if (y[i] === g) vals.push(samples[i] as number);
    vals.sort((a, b) => b - a);
    for (const v of vals) {
      values.push({ segment: segmentName(g, options.names), silhouette: round(v), y0: pos, y1: pos + 1 });
      pos++;
    }
    pos += gap;
  }
  const total = pos - gap;
  const average = round(sum / n);
  let lo = 0;
  for (const v of values) lo = Math.min(lo, v.silhouette);
  const xMin = lo < 0 ? Math.floor(lo * 10) / 10 : 0;
  return {
    $schema: VEGA_LITE_SCHEMA,
    usermeta: { segmentkit: 'silhouette', average },
    title: options.title ?? 'Silhouette by segment',
    width: 400,
    height: Math.min(600, Math.max(200, total)),
    data: { values },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'silhouette', type: 'quantitative', title: 'silhouette coefficient', scale: { domain: [xMin, 1] } },
          x2: { datum: 0 },
          y: { field: 'y0', type: 'quantitative', axis: null, scale: { domain: [0, total], reverse: true } },
          y2: { field: 'y1' },
          color: { field: 'segment', type: 'nominal', title: 'segment', scale: segmentScale(groups, options.names) },
        },
      },
      {
        data: { values: [{ average }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: SEGMENT_PALETTE[5] },
        encoding: { x: { field: 'average', type: 'quantitative' } },
      },
    ],
  };
}

function checkProfiles(fn: string, profiles: SegmentProfiles): readonly SegmentProfiles['segments'][number][] {
  if (typeof profiles !== 'object' || profiles === null || !Array.isArray(profiles.segments) || !Array.isArray(profiles.numericColumns)) {
    throw new ValidationError(`${fn} expected the result of profileSegments, got ${formatValue(profiles)} instead.`);
  }
  return profiles.segments;
}

// ---------------------------------------------------------------------------------------------
// SVG rendering

const FONT = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';
const TEXT = '#333333';
const AXIS = '#888888';
const GRID = '#E5E5E5';

/** Escapes text for SVG/XML content and attribute values. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Approximate width of a label at 11px. */
function textWidth(s: string, size = 11): number {
  return s.length * size * 0.58;
}

const n2 = (v: number) => String(Math.round(v * 100) / 100);

/** d3's tick step: 1, 2 or 5 times a power of ten, about `count` ticks over [lo, hi]. */
function tickStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  return power * (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1);
}

/** Extends [lo, hi] to multiples of the tick step; a zero-width domain is widened by one unit. */
function niceDomain(lo: number, hi: number, count: number): [number, number] {
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return niceDomain(lo - pad, hi + pad, count);
  }
  const step = tickStep(lo, hi, count);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

function ticksOf(lo: number, hi: number, count: number, minStep = 0): number[] {
  const step = Math.max(tickStep(lo, hi, count), minStep);
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last; i++) out.push(Math.abs(i * step) < step * 1e-9 ? 0 : i * step);
  return out;
}

function formatTick(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const s = Math.abs(v) >= 1e6 ? v.toExponential(1) : v.toFixed(Math.min(decimals, 10));
  return s === '-0' ? '0' : s;
}

interface Linear {
  (v: number): number;
  readonly ticks: number[];
  readonly step: number;
}

function linear(domain: [number, number], range: [number, number], ticks: number[], step: number): Linear {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as Linear;
  return Object.assign(f, { ticks, step });
}

function scaleFor(values: number[], range: [number, number], options: { nice?: boolean; zero?: boolean; domain?: [number, number]; count?: number; minStep?: number }): Linear {
  const count = options.count ?? 5;
  let lo = Infinity;
  let hi = -Infinity;
  if (options.domain) [lo, hi] = options.domain;
  else {
    // A loop, not Math.min(...values): spreading a large array overflows the call stack.
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (options.zero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (!options.domain && (options.nice ?? true)) [lo, hi] = niceDomain(lo, hi, count);
  else if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const ticks = ticksOf(lo, hi, count, options.minStep);
  return linear([lo, hi], range, ticks, Math.max(tickStep(lo, hi, count), options.minStep ?? 0));
}

function hexToRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

function mix(a: string, b: string, t: number): string {
  const x = hexToRgb(a);
  const y = hexToRgb(b);
  const c = x.map((v, i) => Math.round(v + ((y[i] as number) - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Piecewise linear colour scale through `range` at the `domain` stops (RGB interpolation). */
function divergingColor(domain: readonly number[], range: readonly string[], v: number): string {
  if (v <= (domain[0] as number)) return range[0] as string;
  for (let i = 1; i < domain.length; i++) {
    const d0 = domain[i - 1] as number;
    const d1 = domain[i] as number;
    if (v <= d1) return mix(range[i - 1] as string, range[i] as string, d1 === d0 ? 0 : (v - d0) / (d1 - d0));
  }
  return range[range.length - 1] as string;
}

interface Frame {
  readonly parts: string[];
  readonly left: number;
  readonly top: number;
}

function open(width: number, height: number, title: string, left: number, top: number): Frame {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n2(width)}" height="${n2(height)}" viewBox="0 0 ${n2(width)} ${n2(height)}" ` +
      `font-family="${esc(FONT)}" font-size="11" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#FFFFFF"/>`,
  ];
  if (title) parts.push(`<text class="title" x="${n2(left)}" y="20" font-size="14" font-weight="bold" fill="${TEXT}">${esc(title)}</text>`);
  parts.push(`<g transform="translate(${n2(left)},${n2(top)})">`);
  return { parts, left, top };
}

function close(f: Frame): string {
  f.parts.push('</g>', '</svg>');
  return f.parts.join('\n');
}

function gridAndAxes(f: Frame, x: Linear, y: Linear | null, w: number, h: number, xTitle: string | null, yTitle: string | null): void {
  const p = f.parts;
  p.push('<g class="grid">');
  for (const t of x.ticks) p.push(`<line x1="${n2(x(t))}" x2="${n2(x(t))}" y1="0" y2="${n2(h)}" stroke="${GRID}"/>`);
  if (y) for (const t of y.ticks) p.push(`<line x1="0" x2="${n2(w)}" y1="${n2(y(t))}" y2="${n2(y(t))}" stroke="${GRID}"/>`);
  p.push('</g>');
  axisBottom(f, x.ticks.map((t) => ({ pos: x(t), label: formatTick(t, x.step) })), w, h, xTitle, 0);
  if (y) axisLeft(f, y.ticks.map((t) => ({ pos: y(t), label: formatTick(t, y.step) })), h, yTitle);
}

function axisBottom(f: Frame, ticks: { pos: number; label: string }[], w: number, h: number, title: string | null, angle: number): void {
  const p = f.parts;
  p.push(`<g class="axis x-axis" transform="translate(0,${n2(h)})">`, `<line x1="0" x2="${n2(w)}" y1="0" y2="0" stroke="${AXIS}"/>`);
  let deepest = 0;
  for (const t of ticks) {
    p.push(`<line x1="${n2(t.pos)}" x2="${n2(t.pos)}" y1="0" y2="5" stroke="${AXIS}"/>`);
    if (angle === 0) {
      p.push(`<text x="${n2(t.pos)}" y="17" text-anchor="middle" fill="${TEXT}">${esc(t.label)}</text>`);
      deepest = Math.max(deepest, 17);
    } else {
      p.push(`<text transform="translate(${n2(t.pos)},10) rotate(${angle})" text-anchor="end" dominant-baseline="middle" fill="${TEXT}">${esc(t.label)}</text>`);
      deepest = Math.max(deepest, 10 + textWidth(t.label) * Math.sin((Math.abs(angle) * Math.PI) / 180));
    }
  }
  if (title) p.push(`<text class="axis-title" x="${n2(w / 2)}" y="${n2(deepest + 17)}" text-anchor="middle" font-weight="bold" fill="${TEXT}">${esc(title)}</text>`);
  p.push('</g>');
}

function axisLeft(f: Frame, ticks: { pos: number; label: string }[], h: number, title: string | null): void {
  const p = f.parts;
  p.push(`<g class="axis y-axis">`, `<line x1="0" x2="0" y1="0" y2="${n2(h)}" stroke="${AXIS}"/>`);
  let widest = 0;
  for (const t of ticks) {
    p.push(`<line x1="-5" x2="0" y1="${n2(t.pos)}" y2="${n2(t.pos)}" stroke="${AXIS}"/>`);
    p.push(`<text x="-8" y="${n2(t.pos)}" text-anchor="end" dominant-baseline="middle" fill="${TEXT}">${esc(t.label)}</text>`);
    widest = Math.max(widest, textWidth(t.label));
  }
  if (title) {
    p.push(`<text class="axis-title" transform="translate(${n2(-widest - 18)},${n2(h / 2)}) rotate(-90)" text-anchor="middle" font-weight="bold" fill="${TEXT}">${esc(title)}</text>`);
  }
  p.push('</g>');
}

function legendWidth(title: string, labels: readonly string[]): number {
  return 24 + Math.max(textWidth(title), ...labels.map((l) => textWidth(l) + 18));
}

function swatchLegend(f: Frame, x: number, title: string, domain: readonly string[], range: readonly string[], shape: 'circle' | 'square'): void {
  const p = f.parts;
  p.push(`<g class="legend" transform="translate(${n2(x)},0)">`, `<text x="0" y="8" font-weight="bold" fill="${TEXT}">${esc(title)}</text>`);
  domain.forEach((name, i) => {
    const yy = 24 + i * 18;
    const color = range[i] ?? NOISE_COLOR;
    if (shape === 'circle') p.push(`<circle class="swatch" cx="6" cy="${yy}" r="5" fill="${color}"/>`);
    else p.push(`<rect class="swatch" x="1" y="${yy - 5}" width="10" height="10" fill="${color}"/>`);
    p.push(`<text x="18" y="${yy}" dominant-baseline="middle" fill="${TEXT}">${esc(name)}</text>`);
  });
  p.push('</g>');
}

type Spec = VegaLiteSpec;
type Row = Readonly<Record<string, unknown>>;

function kindOf(spec: unknown): PlotKind {
  const kind = typeof spec === 'object' && spec !== null ? (spec as Spec).usermeta?.segmentkit : undefined;
  const ok = ['scatter', 'sizes', 'heatmap', 'elbow', 'silhouette'];
  if (typeof kind !== 'string' || !ok.includes(kind) || !Array.isArray((spec as Spec).data?.values)) {
    throw new ValidationError(messages.segment.notPlotSpec('renderSvg', spec));
  }
  return kind as PlotKind;
}

function titleOf(spec: Spec): string {
  const t = spec.title;
  if (typeof t === 'string') return t;
  if (typeof t === 'object' && t !== null && typeof t.text === 'string') return t.text;
  return '';
}

/** Reads a (possibly nested) property of a spec, or undefined. */
function at(obj: unknown, ...path: (string | number)[]): unknown {
  let o: unknown = obj;
  for (const k of path) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Record<string | number, unknown>)[k];
  }
  return o;
}

function str(v: unknown, fallback: string | null): string | null {
  return typeof v === 'string' ? v : v === null ? null : fallback;
}

function numField(rows: readonly Row[], field: string): number[] {
  return rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function colorMap(scale: unknown): Map<string, string> {
  const domain = at(scale, 'domain');
  const range = at(scale, 'range');
  const m = new Map<string, string>();
  if (Array.isArray(domain) && Array.isArray(range)) domain.forEach((d, i) => m.set(String(d), String(range[i] ?? NOISE_COLOR)));
  return m;
}

/**
 * Renders a spec made by {@link segmentScatterSpec}, {@link segmentSizesSpec},
 * {@link profileHeatmapSpec}, {@link elbowSpec} or {@link silhouetteSpec} as a standalone SVG
 * document, without any dependency, for Node scripts, reports and notebooks without a Vega-Lite
 * renderer.
 *
 * @remarks
 * Draws what the spec says (title, size, data values, colours, axis titles) with axes, "nice"
 * ticks, grid lines and a legend; each data mark carries `class="mark"`. Text is escaped, so
 * segment and feature names may contain any character. Specs from elsewhere (without
 * `usermeta.segmentkit`) are rejected: render those with vega. O(n) in the number of data values.
 *
 * @param spec - a spec made by this module (possibly with a changed title, size or data)
 * @throws {@link ValidationError} for any other spec.
 * @example
 * ```ts
 * import { renderSvg, segmentScatterSpec } from 'segmentkit';
 * const svg = renderSvg(segmentScatterSpec([[0, 0], [1, 2], [3, 1]], [0, 1, 1], { title: 'R&D <2>' }));
 * console.log(svg.startsWith('<svg'), svg.match(/class="mark"/g)?.length, svg.includes('R&amp;D &lt;2&gt;')); // true 3 true
 * ```
 */
export function renderSvg(spec: VegaLiteSpec): string {
  const kind = kindOf(spec);
  switch (kind) {
    case 'scatter':
      return renderScatter(spec);
    case 'sizes':
      return renderSizes(spec);
    case 'heatmap':
      return renderHeatmap(spec);
    case 'elbow':
      return renderElbow(spec);
    default:
      return renderSilhouette(spec);
  }
}

const MARGIN_TOP = 34;

function renderScatter(spec: Spec): string {
  const rows = spec.data?.values ?? [];
  const w = spec.width ?? 400;
  const h = spec.height ?? 300;
  const xs = numField(rows, 'x');
  const ys = numField(rows, 'y');
  const x = scaleFor(xs.length ? xs : [0, 1], [0, w], { count: Math.max(2, Math.round(w / 60)) });
  const y = scaleFor(ys.length ? ys : [0, 1], [h, 0], { count: Math.max(2, Math.round(h / 50)) });
  const colors = colorMap(at(spec, 'encoding', 'color', 'scale'));
  const yLabelWidth = Math.max(...y.ticks.map((t) => textWidth(formatTick(t, y.step))));
  const left = yLabelWidth + 40;
  const legendTitle = str(at(spec, 'encoding', 'color', 'title'), 'segment') ?? '';
  const lw = legendWidth(legendTitle, [...colors.keys()]);
  const f = open(left + w + 20 + lw, MARGIN_TOP + h + 50, titleOf(spec), left, MARGIN_TOP);
  gridAndAxes(f, x, y, w, h, str(at(spec, 'encoding', 'x', 'title'), 'x'), str(at(spec, 'encoding', 'y', 'title'), 'y'));
  const opacity = Number(at(spec, 'mark', 'opacity') ?? 0.8);
  f.parts.push(`<g class="marks" fill-opacity="${n2(opacity)}">`);
  for (const r of rows) {
    if (typeof r.x !== 'number' || typeof r.y !== 'number') continue;
    const seg = String(r.segment);
    f.parts.push(`<circle class="mark" cx="${n2(x(r.x))}" cy="${n2(y(r.y))}" r="3.5" fill="${colors.get(seg) ?? NOISE_COLOR}"><title>${esc(seg)}</title></circle>`);
  }
  f.parts.push('</g>');
  swatchLegend(f, w + 20, legendTitle, [...colors.keys()], [...colors.values()], 'circle');
  return close(f);
}

function renderSizes(spec: Spec): string {
  const rows = spec.data?.values ?? [];
  const w = spec.width ?? 300;
  const h = spec.height ?? 240;
  const names = rows.map((r) => String(r.segment));
  const sizes = numField(rows, 'size');
  const y = scaleFor([0, ...sizes], [h, 0], { zero: true, count: Math.max(2, Math.round(h / 50)), minStep: 1 });
  const colors = colorMap(at(spec, 'layer', 0, 'encoding', 'color', 'scale'));
  const angle = Number(at(spec, 'encoding', 'x', 'axis', 'labelAngle') ?? 0);
  const left = Math.max(...y.ticks.map((t) => textWidth(formatTick(t, y.step)))) + 40;
  const deepest = angle === 0 ? 17 : 10 + Math.max(...names.map((nm) => textWidth(nm))) * Math.sin((Math.abs(angle) * Math.PI) / 180);
  const f = open(left + w + 20, MARGIN_TOP + h + deepest + 34, titleOf(spec), left, MARGIN_TOP);
  const p = f.parts;
  p.push('<g class="grid">');
  for (const t of y.ticks) p.push(`<line x1="0" x2="${n2(w)}" y1="${n2(y(t))}" y2="${n2(y(t))}" stroke="${GRID}"/>`);
  p.push('</g>');
  const band = w / Math.max(1, rows.length);
  const bar = band * 0.8;
  p.push('<g class="marks">');
  rows.forEach((r, i) => {
    const size = typeof r.size === 'number' ? r.size : 0;
    const x0 = i * band + (band - bar) / 2;
    const seg = String(r.segment);
    p.push(`<rect class="mark" x="${n2(x0)}" y="${n2(y(size))}" width="${n2(bar)}" height="${n2(y(0) - y(size))}" fill="${colors.get(seg) ?? SEGMENT_PALETTE[0]}"><title>${esc(`${seg}: ${size}`)}</title></rect>`);
    if (typeof r.label === 'string') p.push(`<text class="bar-label" x="${n2(x0 + bar / 2)}" y="${n2(y(size) - 6)}" text-anchor="middle" fill="${TEXT}">${esc(r.label)}</text>`);
  });
  p.push('</g>');
  axisBottom(f, names.map((nm, i) => ({ pos: (i + 0.5) * band, label: nm })), w, h, str(at(spec, 'encoding', 'x', 'title'), 'segment'), angle);
  axisLeft(f, y.ticks.map((t) => ({ pos: y(t), label: formatTick(t, y.step) })), h, str(at(spec, 'encoding', 'y', 'title'), 'customers'));
  return close(f);
}

function renderHeatmap(spec: Spec): string {
  const rows = spec.data?.values ?? [];
  const sortOr = (v: unknown, field: string) => (Array.isArray(v) ? v.map(String) : [...new Set(rows.map((r) => String(r[field])))]);
  const features = sortOr(at(spec, 'encoding', 'x', 'sort'), 'feature');
  const segments = sortOr(at(spec, 'encoding', 'y', 'sort'), 'segment');
  const w = spec.width ?? 56 * features.length;
  const h = spec.height ?? 28 * segments.length;
  const scale = at(spec, 'layer', 0, 'encoding', 'color', 'scale');
  const domain = (at(scale, 'domain') as number[] | undefined) ?? [-1, 0, 1];
  const range = (at(scale, 'range') as string[] | undefined) ?? [...DIVERGING_COLORS];
  const extent = Math.max(Math.abs(domain[0] as number), Math.abs(domain[domain.length - 1] as number));
  const left = Math.max(...segments.map((s) => textWidth(s))) + 40;
  const deepest = 10 + Math.max(...features.map((c) => textWidth(c))) * Math.SQRT1_2;
  const legendTitle = str(at(spec, 'layer', 0, 'encoding', 'color', 'title'), 'effect') ?? '';
  const f = open(left + w + 30 + Math.max(60, textWidth(legendTitle) + 10), MARGIN_TOP + Math.max(h, 130) + deepest + 20, titleOf(spec), left, MARGIN_TOP);
  const p = f.parts;
  const cw = w / Math.max(1, features.length);
  const ch = h / Math.max(1, segments.length);
  const col = new Map(features.map((c, j) => [c, j]));
  const rowOf = new Map(segments.map((s, i) => [s, i]));
  p.push('<g class="marks">');
  for (const r of rows) {
    const j = col.get(String(r.feature));
    const i = rowOf.get(String(r.segment));
    if (j === undefined || i === undefined) continue;
    const effect = typeof r.effect === 'number' && Number.isFinite(r.effect) ? r.effect : null;
    const fill = effect === null ? '#DDDDDD' : divergingColor(domain, range, effect);
    const tip = `${String(r.segment)} / ${String(r.feature)}: effect ${effect === null ? 'n/a' : effect}${typeof r.mean === 'number' ? `, mean ${r.mean}` : ''}`;
    p.push(`<rect class="mark" x="${n2(j * cw)}" y="${n2(i * ch)}" width="${n2(cw)}" height="${n2(ch)}" fill="${fill}" stroke="#FFFFFF"><title>${esc(tip)}</title></rect>`);
    const ink = effect !== null && Math.abs(effect) > extent * 0.6 ? '#FFFFFF' : '#000000';
    p.push(`<text x="${n2(j * cw + cw / 2)}" y="${n2(i * ch + ch / 2)}" text-anchor="middle" dominant-baseline="middle" font-size="10" fill="${ink}">${esc(String(r.label ?? ''))}</text>`);
  }
  p.push('</g>');
  axisBottom(f, features.map((c, j) => ({ pos: (j + 0.5) * cw, label: c })), w, h, null, -45);
  axisLeft(f, segments.map((s, i) => ({ pos: (i + 0.5) * ch, label: s })), h, str(at(spec, 'encoding', 'y', 'title'), 'segment'));
  // Gradient legend: top = +extent, bottom = -extent.
  const lh = Math.max(100, Math.min(h, 200));
  p.push(
    `<g class="legend" transform="translate(${n2(w + 20)},0)">`,
    `<defs><linearGradient id="sk-diverging" x1="0" y1="1" x2="0" y2="0">` +
      range.map((c, i) => `<stop offset="${n2(((domain[i] as number) + extent) / (2 * extent))}" stop-color="${esc(c)}"/>`).join('') +
      `</linearGradient></defs>`,
    `<text x="0" y="8" font-weight="bold" fill="${TEXT}">${esc(legendTitle)}</text>`,
    `<rect x="0" y="18" width="12" height="${n2(lh)}" fill="url(#sk-diverging)" stroke="${AXIS}"/>`,
    `<text x="16" y="22" dominant-baseline="middle" fill="${TEXT}">${esc(`+${n2(extent)}`)}</text>`,
    `<text x="16" y="${n2(18 + lh / 2)}" dominant-baseline="middle" fill="${TEXT}">0</text>`,
    `<text x="16" y="${n2(14 + lh)}" dominant-baseline="middle" fill="${TEXT}">${esc(`-${n2(extent)}`)}</text>`,
    '</g>',
  );
  return close(f);
}

function renderElbow(spec: Spec): string {
  const rows = [...(spec.data?.values ?? [])].filter((r) => typeof r.k === 'number' && typeof r.value === 'number') as { k: number; value: number }[];
  rows.sort((a, b) => a.k - b.k);
  const w = spec.width ?? 400;
  const h = spec.height ?? 260;
  const kneeRow = at(spec, 'layer', 1, 'data', 'values', 0, 'k');
  const knee = typeof kneeRow === 'number' ? kneeRow : null;
  const ks = rows.map((r) => r.k);
  if (knee !== null) ks.push(knee);
  const x = scaleFor(ks.length ? ks : [1, 2], [0, w], { nice: false, count: Math.max(2, Math.round(w / 50)), minStep: 1 });
  const y = scaleFor(rows.length ? rows.map((r) => r.value) : [0, 1], [h, 0], { count: Math.max(2, Math.round(h / 50)) });
  const left = Math.max(...y.ticks.map((t) => textWidth(formatTick(t, y.step)))) + 40;
  const f = open(left + w + 30, MARGIN_TOP + h + 50, titleOf(spec), left, MARGIN_TOP);
  const enc = at(spec, 'layer', 0, 'encoding');
  gridAndAxes(f, x, y, w, h, str(at(spec, 'encoding', 'x', 'title'), 'k'), str(at(enc, 'y', 'title'), 'value'));
  const p = f.parts;
  const color = String(at(spec, 'layer', 0, 'mark', 'color') ?? SEGMENT_PALETTE[0]);
  if (knee !== null) {
    const kc = String(at(spec, 'layer', 1, 'mark', 'color') ?? SEGMENT_PALETTE[5]);
    p.push(
      `<line class="knee" x1="${n2(x(knee))}" x2="${n2(x(knee))}" y1="0" y2="${n2(h)}" stroke="${esc(kc)}" stroke-dasharray="4,4"/>`,
      `<text x="${n2(x(knee) + 4)}" y="12" fill="${esc(kc)}">${esc(`k = ${knee}`)}</text>`,
    );
  }
  p.push(`<path class="line" d="${rows.map((r, i) => `${i ? 'L' : 'M'}${n2(x(r.k))},${n2(y(r.value))}`).join('')}" fill="none" stroke="${esc(color)}" stroke-width="2"/>`);
  p.push('<g class="marks">');
  for (const r of rows) p.push(`<circle class="mark" cx="${n2(x(r.k))}" cy="${n2(y(r.value))}" r="3.5" fill="${esc(color)}"><title>${esc(`k = ${r.k}: ${r.value}`)}</title></circle>`);
  p.push('</g>');
  return close(f);
}

function renderSilhouette(spec: Spec): string {
  const rows = spec.data?.values ?? [];
  const w = spec.width ?? 400;
  const h = spec.height ?? 300;
  const enc = at(spec, 'layer', 0, 'encoding');
  const xDomain = at(enc, 'x', 'scale', 'domain');
  const yDomain = at(enc, 'y', 'scale', 'domain');
  const x = scaleFor([], [0, w], { domain: Array.isArray(xDomain) ? [Number(xDomain[0]), Number(xDomain[1])] : [-1, 1], count: Math.max(2, Math.round(w / 60)) });
  const total = Array.isArray(yDomain) ? Number(yDomain[1]) : numField(rows, 'y1').reduce((a, b) => Math.max(a, b), 1);
  const colors = colorMap(at(enc, 'color', 'scale'));
  const legendTitle = str(at(enc, 'color', 'title'), 'segment') ?? '';
  const lw = legendWidth(legendTitle, [...colors.keys()]);
  const left = 24;
  const f = open(left + w + 20 + lw, MARGIN_TOP + h + 50, titleOf(spec), left, MARGIN_TOP);
  const p = f.parts;
  p.push('<g class="grid">');
  for (const t of x.ticks) p.push(`<line x1="${n2(x(t))}" x2="${n2(x(t))}" y1="0" y2="${n2(h)}" stroke="${GRID}"/>`);
  p.push('</g>');
  const unit = h / Math.max(1, total);
  p.push('<g class="marks">');
  for (const r of rows) {
    if (typeof r.silhouette !== 'number' || typeof r.y0 !== 'number') continue;
    const x0 = Math.min(x(0), x(r.silhouette));
    const seg = String(r.segment);
    p.push(`<rect class="mark" x="${n2(x0)}" y="${n2(r.y0 * unit)}" width="${n2(Math.abs(x(r.silhouette) - x(0)))}" height="${n2(Math.max(unit, 0.5))}" fill="${colors.get(seg) ?? NOISE_COLOR}"/>`);
  }
  p.push('</g>');
  const average = at(spec, 'usermeta', 'average');
  if (typeof average === 'number') {
    const c = String(at(spec, 'layer', 1, 'mark', 'color') ?? SEGMENT_PALETTE[5]);
    p.push(
      `<line class="average" x1="${n2(x(average))}" x2="${n2(x(average))}" y1="0" y2="${n2(h)}" stroke="${esc(c)}" stroke-dasharray="4,4"/>`,
      `<text x="${n2(x(average) + 4)}" y="-4" fill="${esc(c)}">${esc(`average ${n2(average)}`)}</text>`,
    );
  }
  p.push(`<line x1="${n2(x(0))}" x2="${n2(x(0))}" y1="0" y2="${n2(h)}" stroke="${AXIS}"/>`);
  axisBottom(f, x.ticks.map((t) => ({ pos: x(t), label: formatTick(t, x.step) })), w, h, str(at(enc, 'x', 'title'), 'silhouette'), 0);
  swatchLegend(f, w + 20, legendTitle, [...colors.keys()], [...colors.values()], 'square');
  return close(f);
}

// ---------------------------------------------------------------------------------------------
// Notebook display

/**
 * The symbol Deno's Jupyter kernel looks for on a cell's result (`Deno.jupyter.$display`):
 * `Symbol.for('Jupyter.display')`.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display');

/** A MIME bundle for notebook display. */
export interface DisplayBundle {
  readonly 'image/svg+xml': string;
  readonly 'application/vnd.vegalite.v5+json': VegaLiteSpec;
  readonly 'text/plain': string;
}

/**
 * A plot: a Vega-Lite spec together with its SVG rendering, displayed richly in notebooks.
 *
 * @remarks
 * In Deno's Jupyter kernel a `Plot` that ends a cell is shown through
 * `[Symbol.for('Jupyter.display')]()`, which returns the SVG, the Vega-Lite spec and a text
 * fallback (the front end picks the richest type it renders). tslab ignores that hook: call
 * {@link show} there. Elsewhere use `plot.svg` (write it to a file) or `plot.spec` (vega-embed).
 * The SVG is rendered once, in the constructor.
 *
 * @example
 * ```ts
 * import { Plot, elbowSpec } from 'segmentkit';
 * const plot = new Plot(elbowSpec([2, 3, 4], [50, 20, 18], { knee: 3 }));
 * const bundle = plot[Symbol.for('Jupyter.display')]();
 * console.log(Object.keys(bundle), bundle['text/plain']); // [image/svg+xml, application/vnd.vegalite.v5+json, text/plain] Choosing the number of segments
 * ```
 */
export class Plot {
  /** The Vega-Lite v5 specification. */
  readonly spec: VegaLiteSpec;
  /** The standalone SVG document. */
  readonly svg: string;
  /** The title (or the kind of plot when the spec has none). */
  readonly title: string;

  /**
   * @param spec - a spec made by one of this module's `...Spec` functions
   * @throws {@link ValidationError} when {@link renderSvg} cannot draw the spec.
   */
  constructor(spec: VegaLiteSpec) {
    this.svg = renderSvg(spec);
    this.spec = spec;
    this.title = titleOf(spec) || `${kindOf(spec)} plot`;
  }

  /** The MIME bundle shown by notebooks: SVG, Vega-Lite spec and the title as text. */
  displayBundle(): DisplayBundle {
    return { 'image/svg+xml': this.svg, 'application/vnd.vegalite.v5+json': this.spec, 'text/plain': this.title };
  }

  /** Deno's Jupyter display hook (see {@link JUPYTER_DISPLAY}). */
  [JUPYTER_DISPLAY](): DisplayBundle {
    return this.displayBundle();
  }

  /** The SVG document. */
  toString(): string {
    return this.svg;
  }

  /** The spec, so `JSON.stringify(plot)` writes the Vega-Lite document. */
  toJSON(): VegaLiteSpec {
    return this.spec;
  }
}

interface DenoJupyter {
  readonly display?: (bundle: unknown, options: { raw: boolean }) => Promise<void>;
}

interface DenoLike {
  readonly jupyter?: DenoJupyter;
}
interface TslabLike {
  readonly require?: (name: string) => { display?: { raw?: (mime: string, data: string) => void } };
}

/**
 * Displays a plot in the current notebook, or returns its SVG where there is none.
 *
 * @remarks
 * - Deno's Jupyter kernel: `Deno.jupyter.display(bundle, { raw: true })` with the SVG, the
 *   Vega-Lite spec and the title; returns its Promise (await it, or let the cell end).
 * - tslab: `display.raw('image/svg+xml', svg)` through the kernel's `globalThis.__tslab__`
 *   (a library cannot `require('tslab')` itself); returns undefined.
 * - anywhere else (Node, browsers): returns the SVG string, to write to a file or insert in a page.
 *
 * Nothing Node- or Deno-specific is imported: the runtimes are detected on `globalThis`.
 *
 * @param plot - a {@link Plot}, or a spec made by this module
 * @throws {@link ValidationError} when given a spec that {@link renderSvg} cannot draw.
 * @example
 * ```ts
 * import { segmentSizesSpec, profileSegments, show } from 'segmentkit';
 * const out = show(segmentSizesSpec(profileSegments([{ a: 1 }, { a: 2 }], [0, 1])));
 * console.log(typeof out, String(out).startsWith('<svg')); // string true
 * ```
 */
export function show(plot: Plot | VegaLiteSpec): Promise<void> | string | undefined {
  const p = plot instanceof Plot ? plot : new Plot(plot);
  const g = globalThis as { Deno?: DenoLike; __tslab__?: TslabLike };
  let display: DenoJupyter['display'];
  try {
    display = g.Deno?.jupyter?.display;
  } catch {
    // outside `deno jupyter`, reading Deno.jupyter throws: not a notebook
    display = undefined;
  }
  if (typeof display === 'function') return display.call(g.Deno?.jupyter, p.displayBundle(), { raw: true });
  const tslab = g.__tslab__;
  if (tslab && typeof tslab.require === 'function') {
    try {
      const raw = tslab.require('tslab').display?.raw;
      if (typeof raw === 'function') {
        raw('image/svg+xml', p.svg);
        return undefined;
      }
    } catch {
      // Not inside a running tslab cell: fall back to the SVG string.
    }
  }
  return p.svg;
}
