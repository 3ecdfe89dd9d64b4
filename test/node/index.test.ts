import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, SerializationError, ValidationError } from '../../src/core/errors.js';
import { pipeline, type Pipeline } from '../../src/core/pipeline.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { FASHION_MNIST_LABELS, loadFashionMnist, loadModel, readCsv, saveModel, writeCsv } from '../../src/node/index.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { segment, Segmentation } from '../../src/segment/segment.js';

const dir = mkdtempSync(join(tmpdir(), 'segmentkit-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(text: string | Buffer, name = `f${counter++}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('readCsv', () => {
  it('casts numbers, keeps text, reads empty cells as null', () => {
    const p = file('id,age,spend,zip,city,joined\nC01,31,12.5,02134,Boston,2024-01-03\nC02,,-3e2,90210,"New York, NY",\n');
    expect(readCsv(p)).toEqual([
      { id: 'C01', age: 31, spend: 12.5, zip: '02134', city: 'Boston', joined: '2024-01-03' },
      { id: 'C02', age: null, spend: -300, zip: 90210, city: 'New York, NY', joined: null },
    ]);
  });

  it('handles quotes, embedded line breaks, a byte order mark, spaces and blank lines', () => {
    const p = file('\uFEFFname , note\n"Ann ""A""","two\nlines"\n\n Bob , .5 \n');
    expect(readCsv(p)).toEqual([
      { name: 'Ann "A"', note: 'two\nlines' },
      { name: ' Bob ', note: 0.5 },
    ]);
  });

  it('follows the options: delimiter, cast and null values', () => {
    const p = file('a;b\n1;NA\n2;x\n');
    expect(readCsv(p, { delimiter: ';' })).toEqual([
      { a: 1, b: 'NA' },
      { a: 2, b: 'x' },
    ]);
    expect(readCsv(p, { delimiter: ';', nullValues: ['NA'] })[0]).toEqual({ a: 1, b: null });
    expect(readCsv(p, { delimiter: ';', cast: false })[1]).toEqual({ a: '2', b: 'x' });
  });

  it('reports missing files, parse errors, empty files and repeated names', () => {
    expect(() => readCsv(join(dir, 'nope.csv'))).toThrow(ValidationError);
    expect(() => readCsv(join(dir, 'nope.csv'))).toThrow(/could not read .*nope\.csv.*no such file/);
    expect(() => readCsv(file('a,b\n1,2\n3\n'))).toThrow(/could not parse .* as CSV/);
    expect(() => readCsv(file('a,b\n'))).toThrow(/found no data rows/);
    expect(() => readCsv(file(''))).toThrow(/found no data rows/);
    expect(() => readCsv(file('a,a\n1,2\n'))).toThrow(/column name 'a' twice/);
  });
});

describe('writeCsv', () => {
  it('round-trips records through readCsv, quoting where needed', () => {
    const rows = [
      { id: 'a', text: 'x, y', quote: 'say "hi"', n: 1.5, missing: null, when: new Date(Date.UTC(2024, 0, 2)) },
      { id: 'b', text: 'line\nbreak', quote: ' padded ', n: NaN, missing: null, when: null },
    ];
    const p = join(dir, 'out.csv');
    writeCsv(p, rows);
    expect(readCsv(p)).toEqual([
      { id: 'a', text: 'x, y', quote: 'say "hi"', n: 1.5, missing: null, when: '2024-01-02T00:00:00.000Z' },
      { id: 'b', text: 'line\nbreak', quote: ' padded ', n: null, missing: null, when: null },
    ]);
  });

  it('writes column tables with typed arrays, and another delimiter', () => {
    const p = join(dir, 'cols.csv');
    writeCsv(p, { customerId: ['c1', 'c2'], segment: new Int32Array([2, 0]) }, { delimiter: '\t' });
    expect(readCsv(p, { delimiter: '\t' })).toEqual([
      { customerId: 'c1', segment: 2 },
      { customerId: 'c2', segment: 0 },
    ]);
  });

  it('rejects what is not a table', () => {
    expect(() => writeCsv(join(dir, 'x.csv'), 5 as unknown as [])).toThrow(ValidationError);
    expect(() => writeCsv(join(dir, 'x.csv'), [])).toThrow(ValidationError);
  });
});

describe('saveModel / loadModel', () => {
  it('restores estimators, pipelines and segmentations', () => {
    const X = [[0, 0], [0, 1], [10, 10], [10, 11]];
    const km = new KMeans({ nClusters: 2 }).fit(X);
    saveModel(join(dir, 'km.json'), km);
    const km2 = loadModel(join(dir, 'km.json')) as KMeans;
    expect(km2).toBeInstanceOf(KMeans);
    expect(Array.from(km2.predict(X))).toEqual(Array.from(km.labels));

    const p = pipeline(new StandardScaler()).cluster(new KMeans({ nClusters: 2 })).fit(X);
    saveModel(join(dir, 'p.json'), p as unknown as Pipeline);
    const p2 = loadModel(join(dir, 'p.json')) as Pipeline;
    expect(Array.from(p2.predict?.(X) ?? [])).toEqual(Array.from(p.labels));

    const rows = [{ spend: 1 }, { spend: 2 }, { spend: 3 }, { spend: 90 }, { spend: 95 }, { spend: 99 }];
    const s = segment(rows, { nSegments: 2 });
    saveModel(join(dir, 's.json'), s);
    const s2 = loadModel(join(dir, 's.json'));
    expect(s2).toBeInstanceOf(Segmentation);
    expect(Array.from((s2 as Segmentation).predict(rows))).toEqual(Array.from(s.labels));
  });

  it('reports missing files, bad JSON and foreign documents', () => {
    expect(() => loadModel(join(dir, 'absent.json'))).toThrow(/no such file/);
    expect(() => loadModel(file('{oops', 'bad.json'))).toThrow(SerializationError);
    expect(() => loadModel(file('{"format":"other"}', 'other.json'))).toThrow(/is not a segmentkit model .*got format 'other'/);
    expect(() => loadModel(file('[1,2]', 'arr.json'))).toThrow(SerializationError);
    expect(() => saveModel(join(dir, 'x.json'), {} as unknown as KMeans)).toThrow(/expected a segmentkit estimator/);
  });
});

/** A tiny IDX pair: `count` images of h x w with pixel (i, p) = (i * 7 + p) % 256, labels i % 10. */
function writeIdx(folder: string, prefix: string, count: number, h: number, w: number, options: { gzip?: boolean; magic?: number; labels?: number } = {}): void {
  const d = h * w;
  const img = Buffer.alloc(16 + count * d);
  img.writeUInt32BE(options.magic ?? 0x803, 0);
  img.writeUInt32BE(count, 4);
  img.writeUInt32BE(h, 8);
  img.writeUInt32BE(w, 12);
  for (let i = 0; i < count; i++) for (let p = 0; p < d; p++) img[16 + i * d + p] = (i * 7 + p) % 256;
  const nLabels = options.labels ?? count;
  const lab = Buffer.alloc(8 + nLabels);
  lab.writeUInt32BE(0x801, 0);
  lab.writeUInt32BE(nLabels, 4);
  for (let i = 0; i < nLabels; i++) lab[8 + i] = i % 10;
  const gz = options.gzip ?? true;
  writeFileSync(join(folder, `${prefix}-images-idx3-ubyte${gz ? '.gz' : ''}`), gz ? gzipSync(img) : img);
  writeFileSync(join(folder, `${prefix}-labels-idx1-ubyte${gz ? '.gz' : ''}`), gz ? gzipSync(lab) : lab);
}

describe('loadFashionMnist', () => {
  it('reads gzipped IDX files, scales pixels to [0, 1], and honours split and limit', () => {
    const folder = mkdtempSync(join(dir, 'fm-'));
    writeIdx(folder, 't10k', 12, 3, 2);
    writeIdx(folder, 'train', 5, 3, 2);
    const test = loadFashionMnist(folder);
    expect([test.X.rows, test.X.cols]).toEqual([12, 6]);
    expect(test.shape).toEqual([3, 2]);
    expect(Array.from(test.y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(test.X.data[1 * 6 + 4]).toBeCloseTo((7 + 4) / 255, 15);
    expect(test.labelNames).toBe(FASHION_MNIST_LABELS);
    const train = loadFashionMnist(folder, { split: 'train', limit: 3 });
    expect(train.X.rows).toBe(3);
    expect(Array.from(train.y)).toEqual([0, 1, 2]);
    expect(loadFashionMnist(folder, { limit: 100 }).X.rows).toBe(12);
  });

  it('reads uncompressed IDX files too', () => {
    const folder = mkdtempSync(join(dir, 'fm-raw-'));
    writeIdx(folder, 't10k', 4, 2, 2, { gzip: false });
    expect(loadFashionMnist(folder).X.rows).toBe(4);
  });

  it('explains missing, malformed and mismatched files', () => {
    const empty = mkdtempSync(join(dir, 'fm-empty-'));
    expect(() => loadFashionMnist(empty)).toThrow(/apt-get install dataset-fashion-mnist/);
    const magic = mkdtempSync(join(dir, 'fm-magic-'));
    writeIdx(magic, 't10k', 2, 2, 2, { magic: 0x802 });
    expect(() => loadFashionMnist(magic)).toThrow(/magic number 2050 \(expected 2051/);
    const mismatch = mkdtempSync(join(dir, 'fm-mismatch-'));
    writeIdx(mismatch, 't10k', 3, 2, 2, { labels: 2 });
    expect(() => loadFashionMnist(mismatch)).toThrow(/3 images but 2 labels/);
    const corrupt = mkdtempSync(join(dir, 'fm-corrupt-'));
    writeFileSync(join(corrupt, 't10k-images-idx3-ubyte.gz'), 'not gzip');
    writeFileSync(join(corrupt, 't10k-labels-idx1-ubyte.gz'), 'not gzip');
    expect(() => loadFashionMnist(corrupt)).toThrow(/does not gunzip/);
    expect(() => loadFashionMnist(empty, { split: 'val' as 'test' })).toThrow(InvalidParameterError);
    expect(() => loadFashionMnist(empty, { limit: 0 })).toThrow(/'limit' parameter/);
  });
});
