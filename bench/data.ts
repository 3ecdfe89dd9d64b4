// Deterministic benchmark data, following the recipes of peers-baseline.md. Every implementation
// (segmentkit, the JS peers, scikit-learn) reads the same bytes: raw little-endian float64 files.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/random.js';
import type { Matrix } from '../src/core/matrix.js';

export const DATA_DIR = join(process.cwd(), '.bench-data');

/** Gaussian blobs with unequal weights; centres uniform in [-box, box]^d, per-cluster std in [stdLo, stdHi]. */
export function blobs(n: number, d: number, opts: { k?: number; box: number; stdLo: number; stdHi: number; minSep?: number; noiseFraction?: number; seed: number }): { X: Matrix; y: Int32Array } {
  const k = opts.k ?? 8;
  const weights = [0.2, 0.18, 0.15, 0.12, 0.1, 0.1, 0.08, 0.07].slice(0, k);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const rng = new Rng(opts.seed);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let attempt = 0; attempt < 1000; attempt++) {
      for (let j = 0; j < d; j++) centers[c * d + j] = (2 * rng.float() - 1) * opts.box;
      let ok = true;
      for (let o = 0; o < c && opts.minSep !== undefined; o++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += ((centers[c * d + j] as number) - (centers[o * d + j] as number)) ** 2;
        if (Math.sqrt(s) < opts.minSep) ok = false;
      }
      if (ok) break;
    }
  }
  const stds = Array.from({ length: k }, () => opts.stdLo + (opts.stdHi - opts.stdLo) * rng.float());
  const nNoise = Math.round(n * (opts.noiseFraction ?? 0));
  const nBlob = n - nNoise;
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  let i = 0;
  for (let c = 0; c < k; c++) {
    const m = c === k - 1 ? nBlob - i : Math.round((nBlob * (weights[c] as number)) / wsum);
    for (let t = 0; t < m; t++, i++) {
      y[i] = c;
      for (let j = 0; j < d; j++) X[i * d + j] = (centers[c * d + j] as number) + (stds[c] as number) * rng.normal();
    }
  }
  for (; i < n; i++) {
    y[i] = -1;
    for (let j = 0; j < d; j++) X[i * d + j] = (2 * rng.float() - 1) * (opts.box + 2);
  }
  // Shuffle rows so no implementation benefits from sorted input.
  const perm = rng.permutation(n);
  const Xs = new Float64Array(n * d);
  const ys = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const p = perm[r] as number;
    Xs.set(X.subarray(p * d, (p + 1) * d), r * d);
    ys[r] = y[p] as number;
  }
  return { X: { rows: n, cols: d, data: Xs }, y: ys };
}

/** Writes a matrix as raw float64 (little-endian on every platform this runs on). */
export function writeMatrix(path: string, m: Matrix): void {
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(path, new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
}

export function readMatrix(path: string, cols: number): Matrix {
  const buf = readFileSync(path);
  const data = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { rows: data.length / cols, cols, data };
}

export function writeInt32(path: string, a: Int32Array): void {
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export function readInt32(path: string): Int32Array {
  const buf = readFileSync(path);
  return new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function cached(path: string, make: () => void): string {
  if (!existsSync(path)) make();
  return path;
}

export function toNested(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}
