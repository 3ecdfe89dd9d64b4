import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/random.js';
import { silhouetteKernel } from '../../src/metrics/_silhouette-kernels.js';
import { encodeLabels } from '../../src/metrics/_labels.js';
import { silhouetteSamples, silhouetteScore } from '../../src/metrics/silhouette.js';

interface Case {
  name: string;
  labels: number[];
  silhouetteScore: { euclidean: number; euclideanExact: number; manhattan: number; cosine: number };
  silhouetteSamplesExact: number[];
  ignoringNoise?: { silhouetteScore: number };
}
const fixture = JSON.parse(readFileSync('test/fixtures/metrics/internal.json', 'utf8')) as { X: number[][]; cases: Case[] };
const X = fixture.X;
const close = (actual: number, expected: number, tol = 1e-10) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);

/** Pairwise Euclidean distances, for 'precomputed' tests. */
function distances(rows: number[][]): number[][] {
  return rows.map((a) => rows.map((b) => Math.sqrt(a.reduce((s, v, t) => s + (v - b[t]!) ** 2, 0))));
}

/** The definition, O(n^2) with the full matrix: the oracle for the tiled kernel. */
function naiveSilhouette(rows: number[][], labels: number[], dist: (a: number[], b: number[]) => number): number[] {
  const n = rows.length;
  const ids = [...new Set(labels)];
  return rows.map((x, i) => {
    const sums = new Map<number, [number, number]>(ids.map((c) => [c, [0, 0]]));
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const e = sums.get(labels[j]!)!;
      e[0] += dist(x, rows[j]!);
      e[1] += 1;
    }
    const [intra, m] = sums.get(labels[i]!)!;
    if (m === 0) return 0;
    const a = intra / m;
    let b = Infinity;
    for (const [c, [s, cnt]] of sums) if (c !== labels[i]) b = Math.min(b, s / cnt);
    return Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
  });
}
const euclid = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, t) => s + (v - b[t]!) ** 2, 0));

describe('silhouette agrees with scikit-learn', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      // Exact distances: agree with scikit-learn on cdist distances within 1e-10.
      close(silhouetteScore(X, c.labels), c.silhouetteScore.euclideanExact);
      const samples = silhouetteSamples(X, c.labels);
      c.silhouetteSamplesExact.forEach((v, i) => close(samples[i]!, v));
      close(silhouetteScore(X, c.labels, { metric: 'manhattan' }), c.silhouetteScore.manhattan);
      close(silhouetteScore(X, c.labels, { metric: 'cosine' }), c.silhouetteScore.cosine);
      // scikit-learn's default path uses the ||x||^2 + ||y||^2 - 2 x.y expansion, which loses
      // digits on close pairs: agreement is then to 1e-8.
      close(silhouetteScore(X, c.labels), c.silhouetteScore.euclidean, 1e-8);
      if (c.ignoringNoise) close(silhouetteScore(X, c.labels, { noise: 'ignore' }), c.ignoringNoise.silhouetteScore);
    });
  }

  it('precomputed distances give the same result as the features', () => {
    const c = fixture.cases[1]!;
    const D = distances(X);
    close(silhouetteScore(D, c.labels, { metric: 'precomputed' }), c.silhouetteScore.euclideanExact);
    const s = silhouetteSamples(D, c.labels, { metric: 'precomputed' });
    c.silhouetteSamplesExact.forEach((v, i) => close(s[i]!, v));
  });
});

describe('silhouette kernel', () => {
  it('hand-computed: two pairs on a line', () => {
    // a = 1, b = mean(10, 11) = 10.5 for the first point.
    const s = silhouetteSamples([[0], [1], [10], [11]], [0, 0, 1, 1]);
    expect(s[0]).toBeCloseTo(9.5 / 10.5, 15);
    expect(s[1]).toBeCloseTo((9.5 - 1) / 9.5, 15);
    expect(silhouetteScore([[0], [1], [10], [11]], [0, 0, 1, 1])).toBeCloseTo((2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4, 15);
  });

  it('singletons score 0, duplicates with a = b = 0 score 0', () => {
    const s = silhouetteSamples([[0], [5], [5.5], [9]], [0, 1, 1, 2]);
    expect(s[0]).toBe(0);
    expect(s[3]).toBe(0);
    const t = silhouetteSamples([[1], [1], [1], [1]], [0, 0, 1, 1]);
    expect(Array.from(t)).toEqual([0, 0, 0, 0]);
  });

  it('symmetric, blocked and row-wise passes agree with the definition (remainders, wide rows)', () => {
    const rng = new Rng(9);
    for (const [n, d, k] of [
      [7, 2, 2],
      [41, 3, 5],
      [130, 300, 3], // d = 300: column blocks of 54 rows, so clusters span several blocks
      [23, 4, 20],
    ] as const) {
      const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
      const labels = Array.from({ length: n }, (_, i) => (i < k ? i : rng.int(k)));
      const ref = naiveSilhouette(rows, labels, euclid);
      const m = { rows: n, cols: d, data: Float64Array.from(rows.flat()) };
      const enc = encodeLabels(Int32Array.from(labels));
      const sym = silhouetteKernel(m, enc.codes, enc.counts, k, 'euclidean');
      const rowwise = silhouetteKernel(m, enc.codes, enc.counts, k, 'euclidean', true);
      ref.forEach((v, i) => {
        close(sym[i]!, v, 1e-12);
        close(rowwise[i]!, v, 1e-12);
      });
    }
  });

  it('manhattan and cosine agree with the definition', () => {
    const rng = new Rng(4);
    const rows = Array.from({ length: 33 }, () => [rng.normal(), rng.normal() + 1, rng.normal()]);
    const labels = rows.map((_, i) => i % 3);
    const l1 = (a: number[], b: number[]) => a.reduce((s, v, t) => s + Math.abs(v - b[t]!), 0);
    const cos = (a: number[], b: number[]) => {
      const dot = a.reduce((s, v, t) => s + v * b[t]!, 0);
      return Math.min(2, Math.max(0, 1 - dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0))));
    };
    const refL1 = naiveSilhouette(rows, labels, l1);
    const refCos = naiveSilhouette(rows, labels, cos);
    const s1 = silhouetteSamples(rows, labels, { metric: 'manhattan' });
    const s2 = silhouetteSamples(rows, labels, { metric: 'cosine' });
    refL1.forEach((v, i) => close(s1[i]!, v, 1e-12));
    refCos.forEach((v, i) => close(s2[i]!, v, 1e-12));
  });

  it('is exact for near-duplicate rows far from the origin', () => {
    // The dot-product expansion loses all digits here; direct differences do not.
    const rows = [[1e8], [1e8 + 1e-3], [1e8 + 1], [1e8 + 1 + 1e-3]];
    const s = silhouetteSamples(rows, [0, 0, 1, 1]);
    // a = 1e-3; b = mean(1, 1.001) = 1.0005 (up to the rounding of 1e8 + 1e-3).
    expect(s[0]).toBeCloseTo(1 - 1e-3 / 1.0005, 6);
  });

  it('sampling: seeded, reproducible, close to the exact score on blobs', () => {
    const c = fixture.cases[0]!;
    const a = silhouetteScore(X, c.labels, { sampleSize: 120, randomState: 3 });
    const b = silhouetteScore(X, c.labels, { sampleSize: 120, randomState: 3 });
    expect(a).toBe(b);
    expect(Math.abs(a - c.silhouetteScore.euclideanExact)).toBeLessThan(0.05);
    // A sample size of n or more scores every row exactly.
    close(silhouetteScore(X, c.labels, { sampleSize: 10_000 }), c.silhouetteScore.euclideanExact);
    // randomState null draws a fresh subset, still a valid score.
    const r = silhouetteScore(X, c.labels, { sampleSize: 50, randomState: null });
    expect(r).toBeGreaterThanOrEqual(-1);
    expect(r).toBeLessThanOrEqual(1);
  });

  it("noise 'ignore' leaves noise rows out and gives them 0 per sample", () => {
    const rows = [[0], [1], [10], [11], [50]];
    const s = silhouetteSamples(rows, [0, 0, 1, 1, -1], { noise: 'ignore' });
    expect(s[4]).toBe(0);
    expect(s[0]).toBeCloseTo(9.5 / 10.5, 15);
    expect(silhouetteScore(rows, [0, 0, 1, 1, -1], { noise: 'ignore' })).toBeCloseTo(silhouetteScore(rows.slice(0, 4), [0, 0, 1, 1]), 15);
    // Default: -1 is a cluster of its own (scikit-learn), here a singleton scoring 0.
    expect(silhouetteSamples(rows, [0, 0, 1, 1, -1])[4]).toBe(0);
  });
});

describe('silhouette bad input', () => {
  it('rejects labels whose length differs from X', () => {
    expect(() => silhouetteScore([[0], [1], [2]], [0, 1])).toThrow(ValidationError);
    expect(() => silhouetteSamples([[0], [1], [2]], [0, 1, 1, 0])).toThrow(/length 3/);
  });
  it('rejects a single label and n labels (sklearn: 2 to n_samples - 1)', () => {
    expect(() => silhouetteScore([[0], [1], [2]], [0, 0, 0])).toThrow(/got 1 distinct label/);
    expect(() => silhouetteScore([[0], [1], [2]], [0, 1, 2])).toThrow(ValidationError);
    expect(() => silhouetteScore([[0], [1], [2], [3]], [0, 0, 0, 1], { sampleSize: 1 })).toThrow(ValidationError);
  });
  it('rejects NaN in X naming the cell', () => {
    try {
      silhouetteScore([[0, 1], [1, NaN], [2, 2]], [0, 1, 1]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).row).toBe(1);
      expect((e as ValidationError).column).toBe(1);
    }
  });
  it('rejects all-noise with ignore, bad precomputed matrices and bad options', () => {
    expect(() => silhouetteScore([[0], [1]], [-1, -1], { noise: 'ignore' })).toThrow(/all 2 labels are -1/);
    expect(() => silhouetteScore([[0, 1, 2], [1, 0, 2]], [0, 1], { metric: 'precomputed' })).toThrow(/square/);
    expect(() => silhouetteScore([[0, 1, 2], [1, 1, 2], [2, 2, 0]], [0, 1, 1], { metric: 'precomputed' })).toThrow(/\(1, 1\)/);
    expect(() => silhouetteScore([[0], [1], [3]], [0, 1, 1], { metric: 'chebyshev' as never })).toThrow(InvalidParameterError);
    expect(() => silhouetteScore([[0], [1], [3]], [0, 1, 1], { sampleSize: 0 })).toThrow(InvalidParameterError);
    expect(() => silhouetteSamples([[0], [1], [3]], [0, 1, 1], { sampleSize: 2 } as never)).toThrow(/no parameter 'sampleSize'/);
  });
  it('never mutates its inputs', () => {
    const rows = [[0], [1], [10], [11]];
    const labels = [1, 1, 0, 0];
    silhouetteScore(Object.freeze(rows.map((r) => Object.freeze(r))) as number[][], Object.freeze(labels) as number[], { metric: 'cosine' });
    expect(rows).toEqual([[0], [1], [10], [11]]);
  });
});
