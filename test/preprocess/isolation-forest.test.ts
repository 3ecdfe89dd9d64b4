import { describe, expect, it } from 'vitest';
import { fromJSON, InvalidParameterError, IsolationForest, Rng } from '../../src/index.js';
import { averagePathLength } from '../../src/preprocess/_isolation-forest-kernels.js';

/** 300 Gaussian inliers in 4-D and 15 planted outliers on a shell of radius 5 to 7. */
function planted(seed: number): { X: number[][]; outlier: boolean[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const outlier: boolean[] = [];
  for (let i = 0; i < 300; i++) {
    X.push([rng.normal(), rng.normal(), rng.normal(), rng.normal()]);
    outlier.push(false);
  }
  for (let i = 0; i < 15; i++) {
    const v = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    const norm = Math.hypot(...v);
    const r = 5 + 2 * rng.float();
    X.push(v.map((x) => (x / norm) * r));
    outlier.push(true);
  }
  return { X, outlier };
}

/** ROC AUC of "lower score = outlier" (Mann-Whitney U with ties counted half). */
function aucLowIsOutlier(scores: ArrayLike<number>, outlier: boolean[]): number {
  let pairs = 0;
  let wins = 0;
  for (let i = 0; i < outlier.length; i++) {
    if (!outlier[i]) continue;
    for (let j = 0; j < outlier.length; j++) {
      if (outlier[j]) continue;
      pairs++;
      const a = scores[i] as number;
      const b = scores[j] as number;
      wins += a < b ? 1 : a === b ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('IsolationForest', () => {
  it('average path length c(n) equals scikit-learn\'s _average_path_length', () => {
    const expected = [0.0, 1.0, 1.207392357589623, 2.327020052042847, 3.748880484475505, 10.244770920119917, 12.969940887100174];
    [1, 2, 3, 5, 10, 256, 1000].forEach((n, i) => expect(averagePathLength(n)).toBeCloseTo(expected[i] as number, 14));
  });

  it('ranks planted outliers first (ROC AUC >= 0.95) on several seeds', () => {
    for (const seed of [0, 1, 2]) {
      const { X, outlier } = planted(seed);
      const forest = new IsolationForest({ randomState: seed }).fit(X);
      const scores = forest.scoreSamples(X);
      expect(aucLowIsOutlier(scores, outlier)).toBeGreaterThanOrEqual(0.95);
      for (const s of scores) {
        expect(s).toBeLessThanOrEqual(0);
        expect(s).toBeGreaterThanOrEqual(-1);
      }
    }
  });

  it('contamination sets the share flagged on the training data', () => {
    const { X, outlier } = planted(3);
    const forest = new IsolationForest({ contamination: 15 / 315 }).fit(X);
    const pred = forest.predict(X);
    const flagged = Array.from(pred).filter((p) => p === -1).length;
    expect(flagged).toBeGreaterThanOrEqual(14);
    expect(flagged).toBeLessThanOrEqual(16);
    const hits = outlier.filter((o, i) => o && pred[i] === -1).length;
    expect(hits).toBeGreaterThanOrEqual(12);
    const dec = forest.decisionFunction(X);
    const scores = forest.scoreSamples(X);
    for (let i = 0; i < X.length; i++) {
      expect(dec[i]).toBeCloseTo((scores[i] as number) - forest.offset, 15);
      expect(pred[i]).toBe((dec[i] as number) < 0 ? -1 : 1);
    }
  });

  it("contamination 'auto' uses offset -0.5", () => {
    const { X } = planted(4);
    expect(new IsolationForest({ nEstimators: 10 }).fit(X).offset).toBe(-0.5);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const { X } = planted(5);
    const a = new IsolationForest({ nEstimators: 20, randomState: 7 }).fit(X);
    const b = new IsolationForest({ nEstimators: 20, randomState: 7 }).fit(X);
    const c = new IsolationForest({ nEstimators: 20, randomState: 8 }).fit(X);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Array.from(a.scoreSamples(X))).toEqual(Array.from(b.scoreSamples(X)));
    expect(Array.from(a.scoreSamples(X))).not.toEqual(Array.from(c.scoreSamples(X)));
    expect(a.seedUsed).toBe(7);
  });

  it('serializes exactly: restored forest gives bit-identical scores', () => {
    const { X } = planted(6);
    const forest = new IsolationForest({ nEstimators: 30, contamination: 0.1, bootstrap: true, maxFeatures: 0.5 }).fit(X);
    const restored = fromJSON(JSON.parse(JSON.stringify(forest))) as IsolationForest;
    expect(Array.from(restored.scoreSamples(X))).toEqual(Array.from(forest.scoreSamples(X)));
    expect(restored.offset).toBe(forest.offset);
    expect(restored.nodeCount).toBe(forest.nodeCount);
  });

  it('rejects corrupted trees', () => {
    const doc = JSON.parse(JSON.stringify(new IsolationForest({ nEstimators: 2 }).fit([[0], [1], [2], [5]])));
    doc.params.nEstimators = 3;
    expect(() => fromJSON(doc)).toThrow(/expected 3 trees/);
  });

  it('maxSamples: auto = min(256, n), counts are capped at n with a warning, depth limit log2', () => {
    const { X } = planted(7);
    expect(new IsolationForest({ nEstimators: 5 }).fit(X).maxSamplesFitted).toBe(256);
    expect(new IsolationForest({ nEstimators: 5, maxSamples: 0.5 }).fit(X).maxSamplesFitted).toBe(157);
    const big = new IsolationForest({ nEstimators: 5, maxSamples: 1000 }).fit(X);
    expect(big.maxSamplesFitted).toBe(315);
    expect(big.warnings.map((w) => w.code)).toEqual(['DATA_ADJUSTED']);
    // a tree on 16 rows has depth <= 4, so at most 31 nodes
    const small = new IsolationForest({ nEstimators: 1, maxSamples: 16 }).fit(X);
    expect(small.nodeCount).toBeLessThanOrEqual(31);
  });

  it('duplicates and one row: constant nodes become leaves, scores stay finite', () => {
    const f = new IsolationForest({ nEstimators: 5 }).fit([[1, 1], [1, 1], [1, 1]]);
    expect(f.nodeCount).toBe(5);
    const one = new IsolationForest({ nEstimators: 5 }).fit([[3, 4]]);
    expect(Array.from(one.scoreSamples([[3, 4], [100, 100]]))).toEqual([-0.5, -0.5]);
  });

  it('rejects bad options', () => {
    expect(() => new IsolationForest({ contamination: 0.7 }).fit([[1], [2]])).toThrow(InvalidParameterError);
    expect(() => new IsolationForest({ maxSamples: 1.5 }).fit([[1], [2]])).toThrow(/'maxSamples' parameter/);
    expect(() => new IsolationForest({ maxFeatures: 3 }).fit([[1, 2], [2, 3]])).toThrow(/at most the number of features \(2\)/);
  });

  it('stops through an AbortSignal and keeps the previous state', () => {
    const { X } = planted(8);
    const forest = new IsolationForest({ nEstimators: 5 }).fit(X);
    const before = JSON.stringify(forest);
    const controller = new AbortController();
    controller.abort();
    expect(() => forest.fit(X, { signal: controller.signal })).toThrow(/aborted/);
    expect(JSON.stringify(forest)).toBe(before);
  });
});
