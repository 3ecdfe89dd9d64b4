import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import { clusteringAccuracy, purity } from '../../src/metrics/accuracy.js';
import { contingencyMatrix } from '../../src/metrics/contingency.js';
import { fowlkesMallowsScore } from '../../src/metrics/fowlkes-mallows.js';
import { completenessScore, homogeneityCompletenessVMeasure, homogeneityScore, vMeasureScore } from '../../src/metrics/homogeneity.js';
import { adjustedMutualInfoScore, mutualInfoScore, normalizedMutualInfoScore, type AverageMethod } from '../../src/metrics/mutual-info.js';
import { adjustedRandScore, pairConfusionMatrix, randScore } from '../../src/metrics/rand.js';

interface Case {
  name: string;
  labelsTrue: number[];
  labelsPred: number[];
  adjustedRandScore: number;
  randScore: number;
  mutualInfoScore: number;
  normalizedMutualInfoScore: Record<AverageMethod, number>;
  adjustedMutualInfoScore: Record<AverageMethod, number>;
  homogeneityScore: number;
  completenessScore: number;
  vMeasureScore: number;
  vMeasureBeta: Record<string, number>;
  fowlkesMallowsScore: number;
  pairConfusionMatrix: number[][];
  contingency?: { classes: number[]; clusters: number[]; data: number[][] | null };
  clusteringAccuracy?: number;
  purity?: number;
}
const fixture = JSON.parse(readFileSync('test/fixtures/metrics/external.json', 'utf8')) as { cases: Case[] };
const TOL = 1e-10;
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(expected)));

describe('external metrics agree with scikit-learn 1.2 within 1e-10', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const a = c.labelsTrue;
      const b = c.labelsPred;
      close(adjustedRandScore(a, b), c.adjustedRandScore);
      close(randScore(a, b), c.randScore);
      close(mutualInfoScore(a, b), c.mutualInfoScore);
      for (const m of ['arithmetic', 'geometric', 'min', 'max'] as const) {
        close(normalizedMutualInfoScore(a, b, { averageMethod: m }), c.normalizedMutualInfoScore[m]);
        close(adjustedMutualInfoScore(a, b, { averageMethod: m }), c.adjustedMutualInfoScore[m]);
      }
      close(normalizedMutualInfoScore(a, b), c.normalizedMutualInfoScore.arithmetic);
      close(adjustedMutualInfoScore(a, b), c.adjustedMutualInfoScore.arithmetic);
      close(homogeneityScore(a, b), c.homogeneityScore);
      close(completenessScore(a, b), c.completenessScore);
      close(vMeasureScore(a, b), c.vMeasureScore);
      for (const [beta, v] of Object.entries(c.vMeasureBeta)) close(vMeasureScore(a, b, { beta: Number(beta) }), v);
      const all = homogeneityCompletenessVMeasure(a, b);
      close(all.homogeneity, c.homogeneityScore);
      close(all.completeness, c.completenessScore);
      close(all.vMeasure, c.vMeasureScore);
      close(fowlkesMallowsScore(a, b), c.fowlkesMallowsScore);
      expect(pairConfusionMatrix(a, b)).toEqual(c.pairConfusionMatrix);
      if (c.contingency) {
        const cm = contingencyMatrix(a, b);
        expect(Array.from(cm.classes)).toEqual(c.contingency.classes);
        expect(Array.from(cm.clusters)).toEqual(c.contingency.clusters);
        if (c.contingency.data) {
          expect(cm.rows).toBe(c.contingency.data.length);
          expect(Array.from(cm.data)).toEqual(c.contingency.data.flat());
        }
        close(clusteringAccuracy(a, b), c.clusteringAccuracy as number);
        close(purity(a, b), c.purity as number);
      }
    });
  }
});

describe('hand-computed cases and conventions', () => {
  it('ARI of the scikit-learn docstring examples', () => {
    expect(adjustedRandScore([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandScore([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285714, 15);
    expect(adjustedRandScore([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedRandScore([0, 0, 1, 1], [0, 1, 0, 1])).toBe(-0.5);
  });

  it('Rand index counts agreeing pairs: 5 of 6', () => {
    expect(randScore([0, 0, 1, 2], [0, 0, 1, 1])).toBe(5 / 6);
  });

  it('empty labelings follow scikit-learn (perfect match by convention)', () => {
    expect(adjustedRandScore([], [])).toBe(1);
    expect(randScore([], [])).toBe(1);
    expect(normalizedMutualInfoScore([], [])).toBe(1);
    expect(adjustedMutualInfoScore([], [])).toBe(1);
    expect(mutualInfoScore([], [])).toBe(0);
    expect(homogeneityCompletenessVMeasure([], [])).toEqual({ homogeneity: 1, completeness: 1, vMeasure: 1 });
    expect(fowlkesMallowsScore([], [])).toBe(0);
    expect(clusteringAccuracy([], [])).toBe(1);
    expect(purity([], [])).toBe(1);
  });

  it('MI of two identical halves is ln 2; homogeneity/completeness of a split', () => {
    expect(mutualInfoScore([0, 0, 1, 1], [1, 1, 0, 0])).toBeCloseTo(Math.LN2, 15);
    const r = homogeneityCompletenessVMeasure([0, 0, 1, 1], [0, 0, 1, 2]);
    expect(r.homogeneity).toBeCloseTo(1, 15);
    // completeness = MI / H(K) = ln2 / (1.5 ln 2) = 2/3
    expect(r.completeness).toBeCloseTo(2 / 3, 14);
    expect(r.vMeasure).toBeCloseTo(0.8, 14);
  });

  it('V-measure with beta = 1 equals arithmetic NMI', () => {
    const a = [0, 1, 1, 2, 2, 2, 0, 1];
    const b = [1, 1, 0, 0, 2, 2, 2, 1];
    expect(vMeasureScore(a, b)).toBeCloseTo(normalizedMutualInfoScore(a, b), 14);
  });

  it('clustering accuracy: best one-to-one map, extra clusters count as errors', () => {
    expect(clusteringAccuracy([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])).toBe(1);
    expect(clusteringAccuracy([0, 0, 1, 1], [0, 0, 0, 1])).toBe(0.75);
    // 3 clusters for 2 classes: one cluster stays unmatched.
    expect(clusteringAccuracy([0, 0, 0, 1, 1, 1], [0, 0, 2, 1, 1, 1])).toBe(5 / 6);
    // More classes than clusters (transposed problem).
    expect(clusteringAccuracy([0, 1, 2, 2], [0, 0, 1, 1])).toBe(0.75);
    expect(purity([0, 0, 0, 1, 1, 1], [0, 0, 2, 1, 1, 1])).toBe(1);
  });

  it('noise (-1) is an ordinary label for the external scores', () => {
    expect(adjustedRandScore([-1, -1, 0, 0], [3, 3, 4, 4])).toBe(1);
    const cm = contingencyMatrix([-1, 0, 0], [1, 1, -1]);
    expect(Array.from(cm.classes)).toEqual([-1, 0]);
    expect(Array.from(cm.clusters)).toEqual([-1, 1]);
    expect(Array.from(cm.data)).toEqual([0, 1, 1, 1]);
  });

  it('accepts typed arrays and many distinct labels without a dense table', () => {
    const n = 3000;
    const a = new Int32Array(n).map((_, i) => i);
    const b = new Int32Array(n).map((_, i) => (i * 7919) % n);
    expect(adjustedRandScore(a, b)).toBe(1);
    expect(normalizedMutualInfoScore(a, b)).toBeCloseTo(1, 12);
    expect(fowlkesMallowsScore(a, b)).toBe(0);
  });
});

describe('bad input', () => {
  it('rejects labelings of different lengths', () => {
    expect(() => adjustedRandScore([0, 1], [0, 1, 1])).toThrow(ValidationError);
    expect(() => mutualInfoScore([0, 1], [0])).toThrow(/length 2/);
  });
  it('rejects non-integer and below -1 labels, naming the index', () => {
    expect(() => randScore([0, 0.5], [0, 1])).toThrow(/labels\[1\] is 0.5/);
    expect(() => randScore([0, 1], [0, -2])).toThrow(ValidationError);
    expect(() => vMeasureScore([0, NaN], [0, 1])).toThrow(ValidationError);
    expect(() => contingencyMatrix('ab' as never, [0, 1])).toThrow(ValidationError);
  });
  it('rejects bad options with InvalidParameterError', () => {
    expect(() => normalizedMutualInfoScore([0, 1], [0, 1], { averageMethod: 'mean' as never })).toThrow(InvalidParameterError);
    expect(() => adjustedMutualInfoScore([0, 1], [0, 1], { averageMetod: 'min' } as never)).toThrow(/no parameter 'averageMetod'/);
    expect(() => vMeasureScore([0, 1], [0, 1], { beta: -1 })).toThrow(InvalidParameterError);
  });
});
