/**
 * segmentkit/node: file input and output for Node.js — CSV tables, model files, and the Fashion-MNIST
 * images of the Debian package `dataset-fashion-mnist`. The only entry point that imports Node
 * built-ins; everything else in segmentkit runs in browsers and Deno too.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { InvalidParameterError, SerializationError, ValidationError } from '../core/errors.js';
import type { AnyEstimator } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { isMissing, readTable, type Column, type TableInput } from '../preprocess/table.js';
import { fromJSON } from '../registry.js';
import { loadSegmentation, SEGMENTATION_FORMAT, type Segmentation } from '../segment/segment.js';

/** One row read by {@link readCsv}: numbers where the text is a number, null for empty cells, text otherwise. */
export type CsvRecord = Record<string, string | number | null>;

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** Field separator. @defaultValue ',' */
  readonly delimiter?: string;
  /** Turn cells that read as decimal numbers into numbers (see {@link readCsv}). @defaultValue true */
  readonly cast?: boolean;
  /** Cells read as null (after trimming spaces). @defaultValue [''] */
  readonly nullValues?: readonly string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LEADING_ZERO = /^[+-]?0\d/;

function isNodeError(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function readText(fn: string, file: string, hint: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    if (isNodeError(err, 'ENOENT')) throw new ValidationError(messages.io.missingFile(fn, file, hint));
    throw err;
  }
}

/**
 * Reads a CSV file with a header row into records (one object per row, keyed by the header), the
 * table form `segment`, `rfm` and ColumnTransformer read.
 *
 * @remarks
 * Parsed with csv-parse (RFC 4180: quoted fields, embedded delimiters, quotes and newlines; a
 * UTF-8 byte order mark is skipped). With `cast` (the default) a cell that is a plain decimal
 * number (`12`, `-3.5`, `1e6`, `.5`) becomes a number, except numbers with a leading zero (`007`,
 * zip codes, ids), which stay text; cells in `nullValues` (by default the empty cell) become null;
 * everything else, dates included, stays text (ISO dates are recognised later by
 * `inferColumnTypes`). O(file size).
 *
 * @param file - path of the CSV file
 * @param options - see {@link ReadCsvOptions}
 * @throws `ValidationError` when the file does not exist, cannot be parsed (with the line),
 *   has a header only, or repeats a column name
 * @example
 * ```ts
 * import { readCsv, writeCsv } from 'segmentkit/node';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(tmpdir(), 'segmentkit-doc-read.csv');
 * writeCsv(file, [{ id: 'a1', spend: 12.5, zip: '02134', city: null }]);
 * console.log(readCsv(file)); // [{ id: a1, spend: 12.5, zip: 02134, city: null }]
 * ```
 */
export function readCsv(file: string, options: ReadCsvOptions = {}): CsvRecord[] {
  const fn = 'readCsv';
  const delimiter = options.delimiter ?? ',';
  const cast = options.cast ?? true;
  const nulls = new Set(options.nullValues ?? ['']);
  const text = readText(fn, file, 'Check the path.');
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new ValidationError(messages.io.csvParse(fn, file, (err as Error).message));
  }
  const header = rows[0];
  if (header === undefined || rows.length < 2) throw new ValidationError(messages.io.csvEmpty(fn, file));
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ValidationError(messages.io.duplicateHeader(fn, file, name));
    seen.add(name);
  }
  const out: CsvRecord[] = new Array(rows.length - 1);
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as string[];
    const rec: CsvRecord = {};
    for (let j = 0; j < names.length; j++) {
      const raw = row[j] as string;
      const trimmed = raw.trim();
      let value: string | number | null = raw;
      if (nulls.has(trimmed)) value = null;
      else if (cast && NUMBER.test(trimmed) && !LEADING_ZERO.test(trimmed)) value = Number(trimmed);
      rec[names[j] as string] = value;
    }
    out[i - 1] = rec;
  }
  return out;
}

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions {
  /** Field separator. @defaultValue ',' */
  readonly delimiter?: string;
}

function cell(v: unknown, delimiter: string): string {
  if (isMissing(v)) return '';
  let s: string;
  if (v instanceof Date) s = Number.isNaN(v.getTime()) ? '' : v.toISOString();
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') s = String(v);
  else if (typeof v === 'string') s = v;
  else s = JSON.stringify(v) ?? '';
  const needsQuotes = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim();
  return needsQuotes ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes a table to a CSV file with a header row: records, an object of columns (typed arrays such
 * as labels included), or any table form segmentkit reads.
 *
 * @remarks
 * Null, undefined and NaN are written as empty cells, Dates as ISO 8601, and a field is quoted
 * (RFC 4180, quotes doubled) when it holds the delimiter, a quote, a line break or surrounding
 * spaces. Lines end in `\n`. O(cells).
 *
 * @param file - path of the CSV file (overwritten)
 * @param table - the rows to write
 * @param options - see {@link WriteCsvOptions}
 * @throws `ValidationError` when `table` is not a table, or records lack a column of the first record
 * @example
 * ```ts
 * import { readCsv, writeCsv } from 'segmentkit/node';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(tmpdir(), 'segmentkit-doc-write.csv');
 * writeCsv(file, { customerId: ['a', 'b'], segment: new Int32Array([1, 0]) });
 * console.log(readCsv(file)); // [{ customerId: a, segment: 1 }, { customerId: b, segment: 0 }]
 * ```
 */
export function writeCsv(file: string, table: TableInput, options: WriteCsvOptions = {}): void {
  const fn = 'writeCsv';
  const delimiter = options.delimiter ?? ',';
  if (typeof table !== 'object' || table === null) throw new ValidationError(messages.io.notRecords(fn, table));
  const set = readTable(table, { estimator: fn, input: 'table' });
  const lines: string[] = [set.names.map((n) => cell(n, delimiter)).join(delimiter)];
  for (let i = 0; i < set.nRows; i++) {
    const parts: string[] = new Array(set.names.length);
    for (let j = 0; j < set.names.length; j++) parts[j] = cell((set.columns[j] as Column)[i], delimiter);
    lines.push(parts.join(delimiter));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** What {@link saveModel} writes and {@link loadModel} reads: an estimator, a pipeline or a `Segmentation`. */
export type SavedModel = AnyEstimator | Segmentation;

/**
 * Saves a fitted (or unfitted) estimator, pipeline or `Segmentation` as a JSON file, to be
 * restored by {@link loadModel} in any process.
 *
 * @remarks O(size of the model). The file is the model's `toJSON()` document, compact.
 * @throws `ValidationError` when `model` has no segmentkit document (no toJSON)
 * @example
 * ```ts
 * import { KMeans } from 'segmentkit';
 * import { loadModel, saveModel } from 'segmentkit/node';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(tmpdir(), 'segmentkit-doc-model.json');
 * const km = new KMeans({ nClusters: 2 }).fit([[0], [1], [10], [11]]);
 * saveModel(file, km);
 * const back = loadModel(file) as KMeans;
 * console.log(back.predict([[10.5]])[0] === km.labels[2]); // true
 * ```
 */
export function saveModel(file: string, model: SavedModel): void {
  const doc = (model as { toJSON?: unknown } | null)?.toJSON;
  if (typeof doc !== 'function') throw new ValidationError(messages.io.notSerializable('saveModel', model));
  writeFileSync(file, JSON.stringify(model));
}

/**
 * Loads a model saved by {@link saveModel}: an estimator or pipeline (through `fromJSON`) or
 * a `Segmentation` (through `loadSegmentation`), chosen by the document's `format`.
 *
 * @remarks O(size of the file). The file is untrusted input and is checked as the restore
 * functions check documents.
 * @throws `ValidationError` when the file does not exist
 * @throws `SerializationError` when it is not JSON or not a valid segmentkit document
 * @example
 * ```ts
 * import { segment } from 'segmentkit';
 * import { loadModel, saveModel } from 'segmentkit/node';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(tmpdir(), 'segmentkit-doc-segmentation.json');
 * const s = segment({ spend: [1, 2, 3, 90, 95, 99] }, { nSegments: 2 });
 * saveModel(file, s);
 * console.log(loadModel(file).constructor.name); // Segmentation
 * ```
 */
export function loadModel(file: string): SavedModel {
  const fn = 'loadModel';
  const text = readText(fn, file, 'Check the path, or save the model first with saveModel().').toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (err) {
    throw new SerializationError(`${fn}: '${file}' is not valid JSON: ${(err as Error).message}`);
  }
  const format = typeof doc === 'object' && doc !== null ? (doc as { format?: unknown }).format : undefined;
  if (format === SEGMENTATION_FORMAT) return loadSegmentation(doc);
  if (format !== 'segmentkit/estimator') throw new SerializationError(messages.io.notModel(fn, file, format));
  return fromJSON(doc);
}

// ---------------------------------------------------------------------------------------------
// Fashion-MNIST

/** Names of the 10 Fashion-MNIST classes, in label order. */
export const FASHION_MNIST_LABELS: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/** Where the Debian package `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /** 'test' (10,000 images, `t10k-*`) or 'train' (60,000 images, `train-*`). @defaultValue 'test' */
  readonly split?: 'test' | 'train';
  /** Read only the first `limit` images; null for all. @defaultValue null */
  readonly limit?: number | null;
}

/** The images and labels read by {@link loadFashionMnist}. */
export interface FashionMnist {
  /** One row per image, 784 = 28 x 28 pixels in row-major order, scaled to [0, 1]. */
  readonly X: Matrix;
  /** Class of each image, 0..9 (see `labelNames`). */
  readonly y: Int32Array;
  /** {@link FASHION_MNIST_LABELS}. */
  readonly labelNames: readonly string[];
  /** Height and width of an image. */
  readonly shape: readonly [number, number];
}

function readIdxFile(fn: string, dir: string, base: string): { file: string; bytes: Uint8Array } {
  const gz = join(dir, `${base}.gz`);
  const raw = join(dir, base);
  const hint =
    `Install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist puts the files in ${FASHION_MNIST_DIR}), ` +
    'or pass the folder holding the IDX files.';
  if (existsSync(gz)) {
    const packed = readFileSync(gz);
    try {
      return { file: gz, bytes: new Uint8Array(gunzipSync(packed)) };
    } catch (err) {
      throw new ValidationError(messages.io.badIdx(fn, gz, `it does not gunzip (${(err as Error).message}).`));
    }
  }
  if (existsSync(raw)) return { file: raw, bytes: new Uint8Array(readFileSync(raw)) };
  throw new ValidationError(messages.io.missingFile(fn, gz, hint));
}

/** Parses an IDX header: unsigned-byte data with `rank` dimensions; returns the dimensions. */
function idxDims(fn: string, file: string, bytes: Uint8Array, rank: number): number[] {
  if (bytes.length < 4 + 4 * rank) throw new ValidationError(messages.io.badIdx(fn, file, `${bytes.length} bytes is shorter than its header.`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expected = 0x0800 + rank;
  if (magic !== expected) {
    throw new ValidationError(messages.io.badIdx(fn, file, `magic number ${magic} (expected ${expected}: unsigned bytes in ${rank} dimension(s)).`));
  }
  const dims: number[] = [];
  for (let r = 0; r < rank; r++) dims.push(view.getUint32(4 + 4 * r, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== 4 + 4 * rank + size) {
    throw new ValidationError(messages.io.badIdx(fn, file, `the header announces ${size} values but the file holds ${bytes.length - 4 - 4 * rank}.`));
  }
  return dims;
}

/**
 * Loads Fashion-MNIST (Xiao, Rasul and Vollgraf 2017: 70,000 28 x 28 grey images of clothing in
 * 10 classes) from its gzipped IDX files, as installed by the Debian package
 * `dataset-fashion-mnist`. A harder benchmark than digits for deep clustering (DEC, IDEC).
 *
 * @remarks
 * Reads `<dir>/t10k-images-idx3-ubyte.gz` and `t10k-labels-idx1-ubyte.gz` (split 'test') or the
 * `train-*` pair, gunzipped with node:zlib (uncompressed files without `.gz` are read too). Pixels
 * are scaled to [0, 1]. O(images x 784) time; the matrix takes 6.3 KB per image as Float64
 * (63 MB for the test split, 376 MB for all of train: use `limit`). The IDX headers are checked
 * (magic numbers, sizes, matching counts) and labels must be 0..9.
 *
 * @param dir - folder of the IDX files
 * @param options - see {@link LoadFashionMnistOptions}
 * @throws `ValidationError` when the files are missing (with the install hint), are not
 *   valid IDX files, or do not match
 * @throws `InvalidParameterError` for a bad split or limit
 * @example
 * ```ts
 * import { loadFashionMnist, FASHION_MNIST_DIR } from 'segmentkit/node';
 * import { existsSync } from 'node:fs';
 * // the files are there once `apt-get install dataset-fashion-mnist` has run
 * const data = existsSync(FASHION_MNIST_DIR) ? loadFashionMnist(FASHION_MNIST_DIR, { limit: 100 }) : null;
 * console.log(data === null || (data.X.rows === 100 && data.X.cols === 784)); // true
 * ```
 */
export function loadFashionMnist(dir: string = FASHION_MNIST_DIR, options: LoadFashionMnistOptions = {}): FashionMnist {
  const fn = 'loadFashionMnist';
  const split = options.split ?? 'test';
  const limit = options.limit ?? null;
  if (split !== 'test' && split !== 'train') throw new InvalidParameterError('split', messages.invalidParameter(fn, 'split', "'test' or 'train'", split));
  if (limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw new InvalidParameterError('limit', messages.invalidParameter(fn, 'limit', 'an int in the range [1, inf) or null', limit));
  }
  const prefix = split === 'test' ? 't10k' : 'train';
  const images = readIdxFile(fn, dir, `${prefix}-images-idx3-ubyte`);
  const labels = readIdxFile(fn, dir, `${prefix}-labels-idx1-ubyte`);
  const [count, height, width] = idxDims(fn, images.file, images.bytes, 3) as [number, number, number];
  const [labelCount] = idxDims(fn, labels.file, labels.bytes, 1) as [number];
  if (count !== labelCount) throw new ValidationError(messages.io.idxMismatch(fn, count, labelCount));
  const n = limit === null ? count : Math.min(limit, count);
  const d = height * width;
  const data = new Float64Array(n * d);
  const pixels = images.bytes.subarray(16, 16 + n * d);
  for (let i = 0; i < pixels.length; i++) data[i] = (pixels[i] as number) / 255;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = labels.bytes[8 + i] as number;
    if (v > 9) throw new ValidationError(messages.io.badIdx(fn, labels.file, `label ${v} at position ${i} is not a class 0..9.`));
    y[i] = v;
  }
  return { X: { rows: n, cols: d, data }, y, labelNames: FASHION_MNIST_LABELS, shape: [height, width] };
}
