/**
 * Private label machinery shared by the metrics: encoding labels to 0..k-1 and the sparse
 * contingency table. Callers validate first (labels are integers >= -1).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { validateLabels } from '../core/validation.js';

/** Labels recoded to 0..k-1 in ascending order of the original values (scikit-learn's LabelEncoder). */
export interface EncodedLabels {
  /** Code of each sample, in 0..k-1. */
  readonly codes: Int32Array;
  /** The distinct original labels, ascending; `classes[codes[i]]` is the original label of sample i. */
  readonly classes: Int32Array;
  /** Number of samples with each code. */
  readonly counts: Float64Array;
}

/** Recodes integer labels (>= -1) to 0..k-1, O(n) when the label range is small, else O(n + k log k). */
export function encodeLabels(labels: Int32Array): EncodedLabels {
  const n = labels.length;
  const codes = new Int32Array(n);
  if (n === 0) return { codes, classes: new Int32Array(0), counts: new Float64Array(0) };
  let lo = labels[0] as number;
  let hi = lo;
  for (let i = 1; i < n; i++) {
    const v = labels[i] as number;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  const range = hi - lo + 1;
  if (range <= 4 * n + 64) {
    const seen = new Int32Array(range).fill(-1);
    for (let i = 0; i < n; i++) seen[(labels[i] as number) - lo] = 0;
    let k = 0;
    for (let v = 0; v < range; v++) if (seen[v] === 0) seen[v] = k++;
    const classes = new Int32Array(k);
    for (let v = 0; v < range; v++) if ((seen[v] as number) >= 0) classes[seen[v] as number] = v + lo;
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = seen[(labels[i] as number) - lo] as number;
      codes[i] = c;
      counts[c] = (counts[c] as number) + 1;
    }
    return { codes, classes, counts };
  }
  const classes = Int32Array.from(new Set(labels)).sort();
  const index = new Map<number, number>();
  for (let c = 0; c < classes.length; c++) index.set(classes[c] as number, c);
  const counts = new Float64Array(classes.length);
  for (let i = 0; i < n; i++) {
    const c = index.get(labels[i] as number) as number;
    codes[i] = c;
    counts[c] = (counts[c] as number) + 1;
  }
  return { codes, classes, counts };
}

/** The non-zero cells of a contingency table, in row-major order, with its margins. */
export interface SparseContingency {
  /** Number of samples. */
  readonly n: number;
  /** Distinct labels of the first labeling (rows), ascending. */
  readonly classes: Int32Array;
  /** Distinct labels of the second labeling (columns), ascending. */
  readonly clusters: Int32Array;
  /** Row of each non-zero cell. */
  readonly rowIdx: Int32Array;
  /** Column of each non-zero cell. */
  readonly colIdx: Int32Array;
  /** Count of each non-zero cell. */
  readonly values: Float64Array;
  /** Row sums (class sizes). */
  readonly rowSums: Float64Array;
  /** Column sums (cluster sizes). */
  readonly colSums: Float64Array;
}

/** Largest dense table built while counting; beyond it the cells are counted by sorting keys. */
const DENSE_LIMIT = 1 << 22;

/**
 * Sparse contingency of two encoded labelings. O(n + r c) when the dense table is small,
 * O(n log n) otherwise; never O(r c) memory beyond {@link DENSE_LIMIT} cells.
 */
export function sparseContingency(a: EncodedLabels, b: EncodedLabels): SparseContingency {
  const n = a.codes.length;
  const r = a.classes.length;
  const c = b.classes.length;
  const ca = a.codes;
  const cb = b.codes;
  const rowIdx: number[] = [];
  const colIdx: number[] = [];
  const values: number[] = [];
  if (r * c <= Math.max(DENSE_LIMIT, 4 * n)) {
    const table = new Float64Array(r * c);
    for (let i = 0; i < n; i++) {
      const key = (ca[i] as number) * c + (cb[i] as number);
      table[key] = (table[key] as number) + 1;
    }
    for (let key = 0; key < table.length; key++) {
      const v = table[key] as number;
      if (v !== 0) {
        const row = Math.floor(key / c);
        rowIdx.push(row);
        colIdx.push(key - row * c);
        values.push(v);
      }
    }
  } else {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (ca[i] as number) * c + (cb[i] as number);
    keys.sort();
    let t = 0;
    while (t < n) {
      const key = keys[t] as number;
      let u = t + 1;
      while (u < n && keys[u] === key) u++;
      const row = Math.floor(key / c);
      rowIdx.push(row);
      colIdx.push(key - row * c);
      values.push(u - t);
      t = u;
    }
  }
  return {
    n,
    classes: a.classes,
    clusters: b.classes,
    rowIdx: Int32Array.from(rowIdx),
    colIdx: Int32Array.from(colIdx),
    values: Float64Array.from(values),
    rowSums: a.counts,
    colSums: b.counts,
  };
}

/**
 * Validates two labelings of the same samples (integers >= -1, equal lengths) and returns them as
 * Int32Array copies. Empty labelings are accepted (scikit-learn's conventions apply).
 */
export function checkClusterings(fn: string, labelsTrue: unknown, labelsPred: unknown): [Int32Array, Int32Array] {
  const a = validateLabels(labelsTrue, undefined, fn, 'labelsTrue');
  const b = validateLabels(labelsPred, undefined, fn, 'labelsPred');
  if (a.length !== b.length) throw new ValidationError(messages.lengthMismatch(fn, 'labelsPred', b.length, a.length));
  return [a, b];
}

/** Contingency of two raw labelings, validated. */
export function contingencyOf(fn: string, labelsTrue: unknown, labelsPred: unknown): SparseContingency {
  const [a, b] = checkClusterings(fn, labelsTrue, labelsPred);
  return sparseContingency(encodeLabels(a), encodeLabels(b));
}

/** Entropy (natural log) of a vector of counts, scikit-learn's `entropy` on the class sizes. */
export function entropyOfCounts(counts: Float64Array): number {
  let nonZero = 0;
  let sum = 0;
  for (let t = 0; t < counts.length; t++) {
    const v = counts[t] as number;
    if (v > 0) {
      nonZero++;
      sum += v;
    }
  }
  if (counts.length === 0) return 1;
  if (nonZero === 1) return 0;
  const logSum = Math.log(sum);
  let h = 0;
  for (let t = 0; t < counts.length; t++) {
    const v = counts[t] as number;
    if (v > 0) h += (v / sum) * (Math.log(v) - logSum);
  }
  return -h;
}
