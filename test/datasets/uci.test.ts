import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDigits, loadIris, loadWine, type Dataset } from '../../src/datasets/index.js';

interface Summary {
  shape: [number, number];
  featureNames: string[];
  targetNames: string[];
  classCounts: number[];
  firstRow: number[];
  lastRow: number[];
  target: number[] | null;
  targetHead: number[];
  columnSums: number[];
  columnSumsOfSquares: number[];
  descriptionStart: string;
}

const golden = JSON.parse(readFileSync(new URL('../fixtures/datasets/uci.json', import.meta.url), 'utf8')) as Record<
  'iris' | 'wine' | 'digits',
  Summary
>;

function column(ds: Dataset, j: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ds.data.rows; i++) out.push(ds.data.data[i * ds.data.cols + j] as number);
  return out;
}

function relClose(a: number, b: number, rtol = 1e-12): boolean {
  return Math.abs(a - b) <= rtol * Math.max(1, Math.abs(b));
}

const loaders = { iris: loadIris, wine: loadWine, digits: loadDigits } as const;

describe.each(Object.entries(loaders) as [keyof typeof loaders, () => Dataset][])('%s agrees with scikit-learn', (name, load) => {
  const ds = load();
  const g = golden[name];

  it('has the shape, names and class counts of load_' + name, () => {
    expect([ds.data.rows, ds.data.cols]).toEqual(g.shape);
    expect(ds.data.data).toBeInstanceOf(Float64Array);
    expect(ds.data.data.length).toBe(g.shape[0] * g.shape[1]);
    expect(ds.target).toBeInstanceOf(Int32Array);
    expect(ds.target.length).toBe(g.shape[0]);
    expect(ds.featureNames).toEqual(g.featureNames);
    expect(ds.targetNames).toEqual(g.targetNames);
    const counts = new Array(ds.targetNames.length).fill(0);
    for (const t of ds.target) counts[t]++;
    expect(counts).toEqual(g.classCounts);
  });

  it('has the same values, row by row and in column totals', () => {
    expect(Array.from(ds.data.data.subarray(0, ds.data.cols))).toEqual(g.firstRow);
    expect(Array.from(ds.data.data.subarray(ds.data.data.length - ds.data.cols))).toEqual(g.lastRow);
    expect(Array.from(ds.target.subarray(0, 50))).toEqual(g.targetHead);
    if (g.target !== null) expect(Array.from(ds.target)).toEqual(g.target);
    for (let j = 0; j < ds.data.cols; j++) {
      const col = column(ds, j);
      const sum = col.reduce((a, b) => a + b, 0);
      const sq = col.reduce((a, b) => a + b * b, 0);
      expect(relClose(sum, g.columnSums[j] as number), `sum of column ${j}`).toBe(true);
      expect(relClose(sq, g.columnSumsOfSquares[j] as number), `sum of squares of column ${j}`).toBe(true);
    }
  });

  it('carries the dataset card', () => {
    expect(ds.description.split('\n')[0]).toBe(g.descriptionStart);
    expect(ds.description).toMatch(/Creator/);
  });

  it('returns fresh, independent copies on every call', () => {
    const a = load();
    const b = load();
    expect(a.data.data).not.toBe(b.data.data);
    a.data.data[0] = -999;
    a.target[0] = 99;
    a.featureNames[0] = 'changed';
    a.targetNames.push('extra');
    const c = load();
    expect(c.data.data[0]).toBe(g.firstRow[0]);
    expect(b.data.data[0]).toBe(g.firstRow[0]);
    expect(c.target[0]).toBe(g.targetHead[0]);
    expect(c.featureNames[0]).toBe(g.featureNames[0]);
    expect(c.targetNames).toEqual(g.targetNames);
  });
});

describe('hand-checked values', () => {
  it('iris: first row 5.1, 3.5, 1.4, 0.2 (setosa), 50 of each species in order', () => {
    const iris = loadIris();
    expect(Array.from(iris.data.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(iris.targetNames[iris.target[0] as number]).toBe('setosa');
    expect(Array.from(iris.target)).toEqual([...Array(50).fill(0), ...Array(50).fill(1), ...Array(50).fill(2)]);
    // Fisher's corrected rows (scikit-learn / R), not the two UCI typos: row 35 is 4.9, 3.1, 1.5, 0.2
    expect(Array.from(iris.data.data.subarray(34 * 4, 35 * 4))).toEqual([4.9, 3.1, 1.5, 0.2]);
    expect(Array.from(iris.data.data.subarray(37 * 4, 38 * 4))).toEqual([4.9, 3.6, 1.4, 0.1]);
  });

  it('wine: 178 x 13, classes 59 / 71 / 48, first row from the UCI file', () => {
    const wine = loadWine();
    expect(wine.data.rows).toBe(178);
    expect(wine.data.cols).toBe(13);
    expect(Array.from(wine.data.data.subarray(0, 13))).toEqual([14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065]);
    expect(wine.targetNames).toEqual(['class_0', 'class_1', 'class_2']);
  });

  it('digits: 1797 x 64, integer pixels 0..16, ten classes, pixel_r_c names', () => {
    const digits = loadDigits();
    expect(digits.data.rows).toBe(1797);
    expect(digits.data.cols).toBe(64);
    let min = Infinity;
    let max = -Infinity;
    let nonIntegers = 0;
    for (const v of digits.data.data) {
      if (!Number.isInteger(v)) nonIntegers++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(nonIntegers).toBe(0);
    expect(min).toBe(0);
    expect(max).toBe(16);
    expect(new Set(digits.target).size).toBe(10);
    expect(digits.targetNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(digits.featureNames[9]).toBe('pixel_1_1');
    // the first image is a 0: blank corners, ink in the middle of the top row
    expect(digits.target[0]).toBe(0);
    expect(Array.from(digits.data.data.subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });
});
