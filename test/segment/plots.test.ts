import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import {
  DIVERGING_COLORS,
  elbowSpec,
  JUPYTER_DISPLAY,
  NOISE_COLOR,
  Plot,
  profileHeatmapSpec,
  renderSvg,
  SEGMENT_PALETTE,
  segmentScatterSpec,
  segmentSizesSpec,
  show,
  silhouetteSpec,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from '../../src/segment/plots.js';
import { profileSegments } from '../../src/segment/profile.js';

type Obj = Record<string, unknown>;

/**
 * A structural check of a Vega-Lite unit or layer spec: schema, inline data, a known mark in every
 * unit, and encodings whose fields exist in the data they read.
 */
function checkVegaLite(spec: VegaLiteSpec): void {
  expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
  expect(Array.isArray(spec.data?.values)).toBe(true);
  const marks = new Set(['circle', 'point', 'bar', 'rect', 'text', 'line', 'rule']);
  const types = new Set(['quantitative', 'nominal', 'ordinal', 'temporal']);
  const unit = (u: Obj, inherited: readonly Obj[], sharedEncoding: Obj) => {
    const rows = ((u.data as Obj | undefined)?.values as Obj[] | undefined) ?? inherited;
    const mark = typeof u.mark === 'string' ? u.mark : (u.mark as Obj | undefined)?.type;
    expect(marks.has(mark as string), `mark ${String(mark)}`).toBe(true);
    const enc = { ...sharedEncoding, ...((u.encoding as Obj | undefined) ?? {}) };
    for (const [channel, def] of Object.entries(enc)) {
      for (const d of Array.isArray(def) ? (def as Obj[]) : [def as Obj]) {
        if ('field' in d) {
          expect(rows.every((r) => d.field as string in r), `field ${String(d.field)} of ${channel} in the data`).toBe(true);
          if ('type' in d) expect(types.has(d.type as string)).toBe(true);
        } else {
          expect('datum' in d || 'value' in d || 'condition' in d, `channel ${channel} has a field, datum or value`).toBe(true);
        }
      }
    }
  };
  const values = spec.data?.values as Obj[];
  if (spec.layer) {
    expect(spec.mark).toBeUndefined();
    for (const l of spec.layer) unit(l as Obj, values, (spec.encoding as Obj | undefined) ?? {});
  } else {
    unit(spec as unknown as Obj, values, {});
  }
  // Plain JSON: survives a round trip unchanged.
  expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
}

/** A minimal well-formedness check of an XML document: balanced tags, quoted attributes, escaped text. */
function checkXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const text = xml.slice(last, m.index);
    expect(text, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#39);)/);
    last = m.index + m[0].length;
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2] as string);
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(xml.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
}

const marks = (svg: string) => (svg.match(/class="mark"/g) ?? []).length;

const rows = [
  { spend: 10, visits: 1, age: null },
  { spend: 12, visits: 2, age: null },
  { spend: 100, visits: 9, age: null },
  { spend: 90, visits: 11, age: null },
  { spend: 50, visits: 5, age: 30 },
];
const labels = [0, 0, 1, 1, -1];
const profiles = profileSegments(rows, labels, { numeric: ['spend', 'visits', 'age'] });

describe('Vega-Lite specs', () => {
  it('segmentScatterSpec: one circle per point, colours spelled out (palette in label order, noise grey)', () => {
    const spec = segmentScatterSpec([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]], labels, { names: { 1: 'VIP' }, title: 'T' });
    checkVegaLite(spec);
    expect(spec.mark).toEqual({ type: 'circle', opacity: 0.8, size: 40 });
    expect(spec.data?.values).toEqual([
      { x: 0, y: 1, segment: '0' },
      { x: 2, y: 3, segment: '0' },
      { x: 4, y: 5, segment: 'VIP' },
      { x: 6, y: 7, segment: 'VIP' },
      { x: 8, y: 9, segment: 'noise' },
    ]);
    expect((spec.encoding?.color as Obj).scale).toEqual({ domain: ['noise', '0', 'VIP'], range: [NOISE_COLOR, SEGMENT_PALETTE[0], SEGMENT_PALETTE[1]] });
    expect(spec.title).toBe('T');
    expect([spec.width, spec.height]).toEqual([400, 300]);
  });

  it('segmentScatterSpec rejects points that are not n x 2 and mismatched labels', () => {
    expect(() => segmentScatterSpec([[1, 2, 3]], [0])).toThrow(/expected 2-D points \(n x 2.*got 3 column/);
    expect(() => segmentScatterSpec([[1, 2]], [0, 1])).toThrow(/labels of length 1/);
    expect(() => segmentScatterSpec([[1, NaN]], [0])).toThrow(/NaN at row 0, column 1/);
    expect(() => segmentScatterSpec([[1, 2]], [0], { width: 0 })).toThrow(/'width' parameter of segmentScatterSpec/);
  });

  it('segmentSizesSpec: bars and share labels per profiled segment', () => {
    const spec = segmentSizesSpec(profiles, { names: { 0: 'small' } });
    checkVegaLite(spec);
    expect(spec.layer?.map((l) => ((l as Obj).mark as Obj).type)).toEqual(['bar', 'text']);
    expect(spec.data?.values).toEqual([
      { segment: 'noise', size: 1, share: 0.2, label: '20.0%' },
      { segment: 'small', size: 2, share: 0.4, label: '40.0%' },
      { segment: '1', size: 2, share: 0.4, label: '40.0%' },
    ]);
    expect(() => segmentSizesSpec({} as never)).toThrow(/expected the result of profileSegments/);
  });

  it('profileHeatmapSpec: one cell per segment and feature, symmetric diverging scale, null for undefined effects', () => {
    const spec = profileHeatmapSpec(profiles);
    checkVegaLite(spec);
    const values = spec.data?.values as Obj[];
    expect(values).toHaveLength(3 * 3);
    const spend1 = values.find((v) => v.segment === '1' && v.feature === 'spend');
    expect(spend1?.effect).toBeCloseTo(profiles.segments[2]?.numeric.spend?.effect as number, 5);
    expect(spend1?.label).toBe(`+${(spend1?.effect as number).toFixed(1)}`);
    // Segments 0 and 1 have no age at all: their mean and effect are undefined.
    expect(values.filter((v) => v.feature === 'age' && v.effect === null).map((v) => v.segment)).toEqual(['0', '1']);
    const scale = (((spec.layer?.[0] as Obj).encoding as Obj).color as Obj).scale as Obj;
    const m = Math.max(...values.map((v) => Math.abs((v.effect as number | null) ?? 0)));
    expect(scale.domain).toEqual([-m, 0, m]);
    expect(scale.range).toEqual([...DIVERGING_COLORS]);
    expect(profileHeatmapSpec(profiles, { columns: ['visits'] }).data?.values).toHaveLength(3);
    expect(() => profileHeatmapSpec(profiles, { columns: ['nope'] })).toThrow(/column 'nope' was not profiled as numeric/);
  });

  it('elbowSpec: points sorted by k, the knee as a rule and a label', () => {
    const spec = elbowSpec([3, 1, 2], [30, 100, 40], { knee: 2, yTitle: 'BIC' });
    checkVegaLite(spec);
    expect(spec.data?.values).toEqual([{ k: 1, value: 100 }, { k: 2, value: 40 }, { k: 3, value: 30 }]);
    expect(spec.layer?.map((l) => ((l as Obj).mark as Obj).type)).toEqual(['line', 'rule', 'text']);
    expect(elbowSpec([1, 2], [2, 1]).layer).toHaveLength(1);
    expect(() => elbowSpec([1, 2], [1])).toThrow(/values of length 2, got 1/);
    expect(() => elbowSpec([1, 2], [1, NaN])).toThrow(/values\[1\] is NaN/);
    expect(() => elbowSpec([], [])).toThrow(ValidationError);
    expect(() => elbowSpec([1], [1], { knee: Infinity })).toThrow(/'knee' parameter/);
  });

  it('silhouetteSpec: sorted within segments, gaps between them, the average marked', () => {
    const spec = silhouetteSpec([0.1, 0.5, -0.2, 0.9, 0.3], [1, 0, 1, 1, 0]);
    checkVegaLite(spec);
    expect(spec.data?.values).toEqual([
      { segment: '0', silhouette: 0.5, y0: 0, y1: 1 },
      { segment: '0', silhouette: 0.3, y0: 1, y1: 2 },
      { segment: '1', silhouette: 0.9, y0: 3, y1: 4 },
      { segment: '1', silhouette: 0.1, y0: 4, y1: 5 },
      { segment: '1', silhouette: -0.2, y0: 5, y1: 6 },
    ]);
    expect(spec.usermeta?.average).toBeCloseTo(0.32, 12);
    const x = (((spec.layer?.[0] as Obj).encoding as Obj).x as Obj).scale as Obj;
    expect(x.domain).toEqual([-0.2, 1]);
    expect(() => silhouetteSpec([1.5], [0])).toThrow(/in \[-1, 1\], but samples\[0\] is 1.5/);
    expect(() => silhouetteSpec([0.5, 0.5], [0])).toThrow(/labels of length 2/);
    expect(() => silhouetteSpec([], [])).toThrow(ValidationError);
  });
});

describe('renderSvg', () => {
  const n = 40;
  const pts = Array.from({ length: n }, (_, i) => [Math.cos(i) * (i % 3), Math.sin(i) * (i % 3) + (i % 3) * 4]);
  const lab = pts.map((_, i) => (i === 7 ? -1 : i % 3));
  const names = { 0: 'A <b> & "c"', 1: "O'Neil" };

  it('draws well-formed SVG with one mark per data value for every kind of spec', () => {
    const cases: [VegaLiteSpec, number][] = [
      [segmentScatterSpec(pts, lab, { names }), n],
      [segmentSizesSpec(profiles, { names }), 3],
      [profileHeatmapSpec(profiles, { names }), 9],
      [elbowSpec([1, 2, 3, 4, 5], [50, 20, 12, 10, 9], { knee: 3 }), 5],
      [silhouetteSpec(pts.map((_, i) => ((i % 21) - 10) / 10), lab, { names }), n],
    ];
    for (const [spec, count] of cases) {
      const svg = renderSvg(spec);
      checkXml(svg);
      expect(marks(svg), String(spec.usermeta?.segmentkit)).toBe(count);
      expect(svg).toContain(`<title>${spec.title as string}</title>`);
    }
  });

  it('scatter: axes with ticks, a legend entry per segment in the spec colours', () => {
    const svg = renderSvg(segmentScatterSpec(pts, lab, { xTitle: 'PC1', yTitle: 'PC2' }));
    expect(svg).toContain('class="axis x-axis"');
    expect(svg).toContain('class="axis y-axis"');
    expect(svg).toMatch(/>PC1<\/text>/);
    expect(svg).toMatch(/>PC2<\/text>/);
    expect((svg.match(/class="swatch"/g) ?? []).length).toBe(4);
    const fills = new Set([...svg.matchAll(/class="mark"[^>]*fill="(#[0-9A-F]{6})"/g)].map((m) => m[1]));
    expect(fills).toEqual(new Set([NOISE_COLOR, SEGMENT_PALETTE[0], SEGMENT_PALETTE[1], SEGMENT_PALETTE[2]]));
    // Tick labels are numbers on a 1-2-5 grid.
    const ticks = [...svg.matchAll(/<text x="[-\d.]+" y="17" text-anchor="middle" fill="#333333">(-?[\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const step = (ticks[1] as number) - (ticks[0] as number);
    expect([1, 2, 5].some((b) => Math.abs(step / 10 ** Math.floor(Math.log10(step)) - b) < 1e-9)).toBe(true);
  });

  it('escapes names and titles with < & > and quotes', () => {
    const svg = renderSvg(segmentScatterSpec(pts, lab, { names, title: 'Q&A <2024>' }));
    checkXml(svg);
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).toContain('O&#39;Neil');
    expect(svg).toContain('Q&amp;A &lt;2024&gt;');
    expect(svg).not.toContain('<b>');
    const heat = renderSvg(profileHeatmapSpec(profileSegments([{ 'a<b': 1 }, { 'a<b': 3 }], [0, 1]), { names }));
    checkXml(heat);
    expect(heat).toContain('a&lt;b');
  });

  it('heatmap colours follow the diverging scale: extremes at the ends, zero light grey', () => {
    const p = profileSegments([{ v: 0, w: 5 }, { v: 10, w: 5 }], [0, 1]);
    const svg = renderSvg(profileHeatmapSpec(p));
    const fills = [...svg.matchAll(/class="mark"[^>]*fill="(#[0-9A-Fa-f]{6})"/g)].map((m) => (m[1] as string).toUpperCase());
    expect(fills).toEqual([DIVERGING_COLORS[0], DIVERGING_COLORS[1], DIVERGING_COLORS[2], DIVERGING_COLORS[1]]);
    expect(svg).toContain('<linearGradient');
  });

  it('follows edits to the spec (title, size) and rejects specs it does not know', () => {
    const spec = { ...segmentScatterSpec([[0, 0], [1, 1]], [0, 1]), title: { text: 'Edited' }, width: 200 };
    const svg = renderSvg(spec);
    expect(svg).toContain('>Edited</text>');
    expect(svg).toMatch(/<line x1="0" x2="200"/);
    expect(() => renderSvg({ $schema: VEGA_LITE_SCHEMA, mark: 'bar', data: { values: [] } })).toThrow(/renders the specs made by segmentScatterSpec/);
    expect(() => renderSvg(null as never)).toThrow(ValidationError);
  });

  it('renders degenerate data (one point, equal values) without NaN', () => {
    for (const svg of [
      renderSvg(segmentScatterSpec([[3, 3]], [0])),
      renderSvg(elbowSpec([2], [5])),
      renderSvg(silhouetteSpec([0], [0])),
      renderSvg(segmentSizesSpec(profileSegments([{ a: 1 }], [0]))),
    ]) {
      checkXml(svg);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    }
  });
});

describe('Plot and show', () => {
  const spec = segmentSizesSpec(profiles);
  const g = globalThis as Obj;
  afterEach(() => {
    delete g.Deno;
    delete g.__tslab__;
  });

  it('wraps spec and SVG; the Jupyter display hook returns the MIME bundle', () => {
    const plot = new Plot(spec);
    expect(JUPYTER_DISPLAY).toBe(Symbol.for('Jupyter.display'));
    const bundle = (plot as unknown as Record<symbol, () => Obj>)[Symbol.for('Jupyter.display')]?.();
    expect(bundle).toEqual({ 'image/svg+xml': plot.svg, 'application/vnd.vegalite.v5+json': spec, 'text/plain': 'Segment sizes' });
    expect(bundle?.['application/vnd.vegalite.v5+json']).toBe(spec);
    expect(String(plot)).toBe(plot.svg);
    expect(JSON.parse(JSON.stringify(plot))).toEqual(spec);
    const untitled = new Plot({ ...spec, title: undefined });
    expect(untitled.title).toBe('sizes plot');
    expect(() => new Plot({ $schema: VEGA_LITE_SCHEMA })).toThrow(ValidationError);
  });

  it('show returns the SVG outside notebooks', () => {
    const out = show(spec);
    expect(typeof out).toBe('string');
    expect(out).toBe(new Plot(spec).svg);
  });

  it("show uses Deno.jupyter.display(bundle, { raw: true }) in Deno's kernel", async () => {
    const display = vi.fn(async () => undefined);
    g.Deno = { jupyter: { display } };
    const plot = new Plot(spec);
    const out = show(plot);
    expect(out).toBeInstanceOf(Promise);
    await out;
    expect(display).toHaveBeenCalledWith(plot.displayBundle(), { raw: true });
  });

  it('show returns the SVG in a Deno script, where reading Deno.jupyter throws', () => {
    g.Deno = {
      get jupyter(): never {
        throw new Error('Deno.jupyter is only available in `deno jupyter` subcommand');
      },
    };
    expect(show(spec)).toBe(new Plot(spec).svg);
  });

  it("show uses tslab's display.raw('image/svg+xml', svg) through globalThis.__tslab__", () => {
    const raw = vi.fn();
    const require = vi.fn(() => ({ display: { raw } }));
    g.__tslab__ = { require };
    const plot = new Plot(spec);
    expect(show(plot)).toBeUndefined();
    expect(require).toHaveBeenCalledWith('tslab');
    expect(raw).toHaveBeenCalledWith('image/svg+xml', plot.svg);
    // A tslab that cannot display (outside a cell) falls back to the string.
    g.__tslab__ = {
      require: () => {
        throw new Error('Not ready');
      },
    };
    expect(show(plot)).toBe(plot.svg);
  });

  it('imports nothing Node-only (the core entry runs in browsers)', () => {
    for (const f of ['plots', 'align', 'drift', '_customers']) {
      const src = readFileSync(new URL(`../../src/segment/${f}.ts`, import.meta.url), 'utf8');
      const imports = [...src.matchAll(/^(?:import|export)\b[^;]*? from '([^']+)'/gm)].map((m) => m[1] as string);
      expect(imports.every((i) => i.startsWith('.')), `${f}.ts imports ${imports.join(', ')}`).toBe(true);
    }
  });
});
