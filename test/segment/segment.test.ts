import { describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError, SerializationError, ValidationError } from '../../src/core/errors.js';
import type { Progress } from '../../src/core/estimator.js';
import { makeCustomers } from '../../src/datasets/make-customers.js';
import { adjustedRandScore } from '../../src/metrics/rand.js';
import { loadSegmentation, segment, Segmentation, type SegmentationJSON } from '../../src/segment/segment.js';
import { makeBlobs } from '../../src/testing/generators.js';

const { records, segment: truth } = makeCustomers({ n: 1200, randomState: 7 });
const progress: Progress[] = [];
const auto = segment(records, { onProgress: (p) => progress.push(p) });

/** Three tight groups of 100 plus three far-away customers. */
function blobsWithOutliers(): { a: number; b: number }[] {
  const { X } = makeBlobs({ nSamples: 300, nCenters: 3, nFeatures: 2, clusterStd: 0.5, randomState: 3 });
  const rows: { a: number; b: number }[] = [];
  for (let i = 0; i < X.rows; i++) rows.push({ a: X.data[2 * i] as number, b: X.data[2 * i + 1] as number });
  rows.push({ a: 200, b: 200 }, { a: 201, b: 199 }, { a: 200.5, b: 201 });
  return rows;
}

describe('segment on makeCustomers', () => {
  it('chooses the true number of segments and recovers them', () => {
    expect(auto.nSegments).toBe(4);
    expect(adjustedRandScore(truth, auto.labels)).toBeGreaterThan(0.95);
    expect(auto.labels).toHaveLength(1200);
    const sel = auto.selection;
    expect(sel?.k).toBe(4);
    expect(sel?.criterion).toBe('silhouette');
    expect(sel?.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(sel?.reasons[0]).toMatch(/silhouette/);
    // the silhouette is highest at the chosen k
    const best = Math.max(...(sel?.rows ?? []).map((r) => r.silhouette ?? -1));
    expect(sel?.rows.find((r) => r.k === 4)?.silhouette).toBe(best);
    expect(sel?.elbow).toBe(4);
  });

  it('reports progress once per k of the sweep', () => {
    expect(progress.map((p) => [p.stage, p.step, p.total])).toEqual([2, 3, 4, 5, 6, 7, 8].map((_, i) => ['sweepK', i + 1, 7]));
  });

  it('infers the columns and leaves the identifier out', () => {
    expect(auto.columns.numeric).toEqual(['age', 'sessionsPerMonth', 'avgBasketSize', 'discountUsage', 'totalSpend', 'orderCount', 'daysSinceLastOrder', 'tenureDays']);
    expect(auto.columns.categorical).toEqual(['region', 'acquisitionChannel', 'preferredChannel']);
    expect(auto.columns.date).toEqual(['firstOrderDate', 'lastOrderDate']);
    expect(auto.columns.ignored.map((c) => c.name)).toEqual(['customerId']);
    expect(auto.columns.ignored[0]?.reason).toMatch(/identifier/);
    expect(auto.featureNames).toContain('numeric__totalSpend');
    expect(auto.featureNames).toContain('categorical__region_north');
    expect(auto.featureNames).toContain('date__lastOrderDate_days_since');
    expect(auto.featureNames.some((f) => f.includes('_month'))).toBe(false);
  });

  it('profiles the segments in the units of the table', () => {
    const p = auto.profiles;
    expect(p.overall.size).toBe(1200);
    expect(p.segments.reduce((s, g) => s + g.size, 0)).toBe(1200);
    expect(p.numericColumns).toContain('totalSpend');
    expect(p.categoricalColumns).toEqual(['region', 'acquisitionChannel', 'preferredChannel']);
    // the segment with the highest mean spend is mostly the true Champions (segment 0)
    const top = [...p.segments].sort((a, b) => (b.numeric.totalSpend?.mean ?? 0) - (a.numeric.totalSpend?.mean ?? 0))[0];
    let champions = 0;
    for (let i = 0; i < 1200; i++) if (auto.labels[i] === top?.segment && truth[i] === 0) champions++;
    expect(champions / (top?.size ?? 1)).toBeGreaterThan(0.95);
    const table = auto.table();
    expect(table.split('\n')[0]).toMatch(/^segment\s+size\s+share\s+age/);
    expect(table.split('\n').filter((l) => /^\d/.test(l))).toHaveLength(4);
    expect(table).toContain(`    - ${p.segments[0]?.highlights[0] ?? ''}`);
  });

  it('predicts the training labels for the same records, and assigns new customers', () => {
    expect(Array.from(auto.predict(records))).toEqual(Array.from(auto.labels));
    const fresh = makeCustomers({ n: 300, randomState: 99 });
    const pred = auto.predict(fresh.records);
    expect(adjustedRandScore(fresh.segment, pred)).toBeGreaterThan(0.9);
    // missing values and an unseen category are handled as in training
    const odd = { ...fresh.records[0], age: null, region: 'mars', totalSpend: 123 } as unknown as Record<string, unknown>;
    expect(auto.predict([odd])).toHaveLength(1);
  });

  it('is deterministic given randomState and records the seed', () => {
    const again = segment(records);
    expect(Array.from(again.labels)).toEqual(Array.from(auto.labels));
    expect(auto.seedUsed).toBe(0);
    const fresh = segment(records.slice(0, 200), { randomState: null, nSegments: 3 });
    expect(Number.isInteger(fresh.seedUsed)).toBe(true);
    const replay = segment(records.slice(0, 200), { randomState: fresh.seedUsed, nSegments: 3 });
    expect(Array.from(replay.labels)).toEqual(Array.from(fresh.labels));
  });

  it('accepts an object of columns as well as records', () => {
    const few = records.slice(0, 150);
    const cols: Record<string, unknown[]> = {};
    for (const key of Object.keys(few[0] as object)) cols[key] = few.map((r) => (r as Record<string, unknown>)[key]);
    const a = segment(few, { nSegments: 3 });
    const b = segment(cols, { nSegments: 3 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.table()).toBe(a.table());
  });
});

describe('segment options', () => {
  it('uses a given number of segments without a sweep', () => {
    const s = segment(records.slice(0, 400), { nSegments: 3 });
    expect(s.nSegments).toBe(3);
    expect(s.selection).toBeNull();
    expect(new Set(s.labels).size).toBe(3);
  });

  it('column lists replace the inferred ones', () => {
    const few = records.slice(0, 300);
    const s = segment(few, { nSegments: 4, columns: { categorical: [], drop: ['age'] } });
    expect(s.columns.categorical).toEqual([]);
    expect(s.columns.numeric).not.toContain('age');
    expect(s.columns.ignored.map((c) => c.name).sort()).toEqual(['acquisitionChannel', 'age', 'customerId', 'preferredChannel', 'region']);
    expect(s.columns.ignored.find((c) => c.name === 'age')?.reason).toMatch(/columns\.drop/);
    expect(s.featureNames.some((f) => f.startsWith('categorical__'))).toBe(false);
    // columns left out of the clustering are still profiled
    expect(s.profiles.numericColumns).toContain('age');
    expect(s.profiles.categoricalColumns).toContain('region');
    // a numeric column treated as categorical moves out of the numeric list
    const t = segment(few, { nSegments: 2, columns: { categorical: ['orderCount'], date: [] } });
    expect(t.columns.categorical).toEqual(['orderCount']);
    expect(t.columns.numeric).not.toContain('orderCount');
    expect(t.columns.date).toEqual([]);
  });

  it('sets aside a k whose smallest segment is below minSegmentShare', () => {
    const rows = blobsWithOutliers();
    const off = segment(rows, { minSegmentShare: 0, kRange: [2, 3, 4, 5] });
    expect(off.nSegments).toBe(4); // three outliers form their own "segment"
    const on = segment(rows, { kRange: [2, 3, 4, 5] });
    expect(on.nSegments).toBe(3);
    expect(on.selection?.rows.map((r) => r.eligible)).toEqual([true, true, false, false]);
    expect(on.selection?.rows.find((r) => r.k === 4)?.smallestSegment).toBe(3);
    expect(on.selection?.reasons.join(' ')).toMatch(/The sweep alone preferred k = 4/);
    expect(on.selection?.reasons.join(' ')).toMatch(/k = 4 \(smallest segment: 3 customers, 1\.0%\)/);
  });

  it("fits a Gaussian mixture with algorithm 'gmm'", () => {
    const few = makeCustomers({ n: 600, randomState: 1 });
    const g = segment(few.records, { algorithm: 'gmm' });
    expect(g.algorithm).toBe('gmm');
    expect(g.nSegments).toBe(4);
    expect(adjustedRandScore(few.segment, g.labels)).toBeGreaterThan(0.95);
    const proba = g.predictProba(few.records.slice(0, 5));
    expect([proba.rows, proba.cols]).toEqual([5, 4]);
    for (let i = 0; i < 5; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += proba.data[i * 4 + j] as number;
      expect(s).toBeCloseTo(1, 12);
    }
    const back = loadSegmentation(JSON.stringify(g));
    expect(Array.from(back.predict(few.records))).toEqual(Array.from(g.labels));
    expect(() => auto.predictProba(records.slice(0, 2))).toThrow(InvalidParameterError);
  });

  it('stops when the signal fires', () => {
    const c = new AbortController();
    c.abort();
    expect(() => segment(records.slice(0, 100), { signal: c.signal })).toThrow(AbortError);
    const d = new AbortController();
    expect(() =>
      segment(records.slice(0, 200), {
        signal: d.signal,
        onProgress: (p) => {
          if (p.step === 2) d.abort();
        },
      }),
    ).toThrow(AbortError);
  });
});

describe('segment bad input', () => {
  it('rejects bad options with the parameter named', () => {
    const few = records.slice(0, 50);
    expect(() => segment(few, { nSegments: 0 })).toThrow(InvalidParameterError);
    expect(() => segment(few, { nSegments: 'many' as unknown as number })).toThrow(/'nSegments' parameter of segment/);
    expect(() => segment(few, { algorithm: 'dbscan' as 'kmeans' })).toThrow(/'algorithm' parameter of segment/);
    expect(() => segment(few, { kRange: [1, 2] })).toThrow(InvalidParameterError);
    expect(() => segment(few, { kRange: [3, 2] })).toThrow(/strictly increasing/);
    expect(() => segment(few, { minSegmentShare: 0.9 })).toThrow(/minSegmentShare/);
    expect(() => segment(few, { nClusters: 3 } as unknown as object)).toThrow(/segment has no parameter 'nClusters'/);
    expect(() => segment(few, { columns: { numeric: 'age' } as unknown as object })).toThrow(/'columns' parameter/);
  });

  it('rejects bad tables and columns with what was wrong', () => {
    expect(() => segment([])).toThrow(ValidationError);
    expect(() => segment('customers' as unknown as [])).toThrow(ValidationError);
    expect(() => segment([{ id: 'a' }, { id: 'b' }, { id: 'c' }])).toThrow(/found no column to segment on \(id: identifier/);
    expect(() => segment(records.slice(0, 20), { columns: { numeric: ['income'] } })).toThrow(/expected a column 'income'/);
    expect(() => segment(records.slice(0, 20), { columns: { numeric: ['age'], drop: ['age'] } })).toThrow(/column 'age' is listed in both columns\.numeric and columns\.drop/);
    expect(() => segment(records.slice(0, 5), { nSegments: 6 })).toThrow(/needs at least 6 customers/);
    expect(() => segment([{ spend: 1 }, { spend: 2 }])).toThrow(/needs at least 3 customers to choose the number of segments/);
    expect(() => segment(records.slice(0, 20), { nSegments: 2, columns: { numeric: ['region'] } })).toThrow(ValidationError);
  });
});

describe('Segmentation JSON', () => {
  const text = JSON.stringify(auto);
  const doc = JSON.parse(text) as SegmentationJSON;

  it('round-trips: the restored segmentation predicts, prints and reports identically', () => {
    const back = loadSegmentation(text);
    expect(back).toBeInstanceOf(Segmentation);
    expect(back.nSegments).toBe(4);
    expect(Array.from(back.labels)).toEqual(Array.from(auto.labels));
    const fresh = makeCustomers({ n: 200, randomState: 5 }).records;
    expect(Array.from(back.predict(fresh))).toEqual(Array.from(auto.predict(fresh)));
    expect(back.table()).toBe(auto.table());
    expect(back.selection).toEqual(auto.selection);
    expect(back.columns).toEqual(auto.columns);
    expect(JSON.stringify(back)).toBe(text);
    expect(Segmentation.fromJSON(doc).nSegments).toBe(4);
  });

  it('restores NaN statistics written as null', () => {
    const rows = [
      { spend: 1, extra: null, n: 1 },
      { spend: 2, extra: null, n: 2 },
      { spend: 50, extra: 3, n: 3 },
      { spend: 51, extra: 4, n: 4 },
    ];
    const s = segment(rows, { nSegments: 2, columns: { numeric: ['spend'], drop: ['extra', 'n'] } });
    const lowSegment = s.labels[0] as number;
    expect(Number.isNaN(s.profiles.segments[lowSegment]?.numeric.extra?.mean)).toBe(true);
    const back = loadSegmentation(JSON.stringify(s));
    expect(Number.isNaN(back.profiles.segments[lowSegment]?.numeric.extra?.mean)).toBe(true);
    expect(back.table()).toBe(s.table());
  });

  it('rejects documents that are not valid segmentations', () => {
    expect(() => loadSegmentation('{nope')).toThrow(SerializationError);
    expect(() => loadSegmentation(42)).toThrow(/Expected a segmentation document/);
    expect(() => loadSegmentation({ ...doc, format: 'segmentkit/estimator' })).toThrow(/Expected a segmentation document/);
    expect(() => loadSegmentation(auto.pipeline.toJSON())).toThrow(SerializationError);
    expect(() => loadSegmentation({ ...doc, version: 2 })).toThrow(/Upgrade segmentkit/);
    expect(() => loadSegmentation({ ...doc, extra: 1 })).toThrow(/extra must be absent/);
    expect(() => loadSegmentation({ ...doc, algorithm: 'gmm' })).toThrow(/GaussianMixture/);
    expect(() => loadSegmentation(JSON.parse(text.replace('"profiles":{', '"profiles":{"__proto__":{"x":1},')))).toThrow(/forbidden key '__proto__'/);
    expect(() => loadSegmentation({ ...doc, profiles: { ...doc.profiles, overall: { ...doc.profiles.overall, size: 5 } } })).toThrow(/5 customers but the model has 1200 labels/);
    expect(() => loadSegmentation({ ...doc, profiles: { ...doc.profiles, segments: 'x' } })).toThrow(/profiles\.segments must be an array/);
    expect(() => loadSegmentation({ ...doc, selection: { ...doc.selection, rows: [{ k: 2 }] } })).toThrow(/selection\.rows\[0\]/);
    const unfitted = { ...doc, pipeline: { ...doc.pipeline, state: null } };
    expect(() => loadSegmentation(unfitted)).toThrow(/a fitted Pipeline document/);
  });
});
