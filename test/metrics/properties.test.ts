import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusteringAccuracy, purity } from '../../src/metrics/accuracy.js';
import { calinskiHarabaszScore } from '../../src/metrics/calinski-harabasz.js';
import { daviesBouldinScore } from '../../src/metrics/davies-bouldin.js';
import { fowlkesMallowsScore } from '../../src/metrics/fowlkes-mallows.js';
import { homogeneityCompletenessVMeasure, vMeasureScore } from '../../src/metrics/homogeneity.js';
import { adjustedMutualInfoScore, normalizedMutualInfoScore } from '../../src/metrics/mutual-info.js';
import { adjustedRandScore, randScore } from '../../src/metrics/rand.js';
import { silhouetteSamples, silhouetteScore } from '../../src/metrics/silhouette.js';

const RUNS = { numRuns: 60, seed: 20251124 };

/** A labeling of n samples with up to k labels (noise -1 included). */
const labeling = (n: number, k: number) => fc.array(fc.integer({ min: -1, max: k - 1 }), { minLength: n, maxLength: n });
const pairOfLabelings = fc
  .tuple(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([n, ka, kb]) => fc.tuple(labeling(n, ka), labeling(n, kb)));
/** A bijective relabeling of -1..9 onto distinct arbitrary labels. */
const relabel = fc.shuffledSubarray(Array.from({ length: 40 }, (_, i) => i - 1), { minLength: 11, maxLength: 11 });

const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe('external metrics: properties', () => {
  it('are invariant under renaming the labels of either side', () => {
    fc.assert(
      fc.property(pairOfLabelings, relabel, ([a, b], map) => {
        const b2 = b.map((v) => map[v + 1]!);
        const a2 = a.map((v) => map[(v + 4) % 11]!);
        close(adjustedRandScore(a, b), adjustedRandScore(a2, b2));
        close(randScore(a, b), randScore(a2, b2));
        close(normalizedMutualInfoScore(a, b), normalizedMutualInfoScore(a2, b2));
        close(adjustedMutualInfoScore(a, b), adjustedMutualInfoScore(a2, b2), 1e-9);
        close(vMeasureScore(a, b), vMeasureScore(a2, b2));
        close(fowlkesMallowsScore(a, b), fowlkesMallowsScore(a2, b2));
        close(clusteringAccuracy(a, b), clusteringAccuracy(a2, b2));
        close(purity(a, b), purity(a2, b2));
      }),
      RUNS,
    );
  });

  it('ARI, Rand, NMI, FMI and V-measure are symmetric; ARI is 1 on identical partitions', () => {
    fc.assert(
      fc.property(pairOfLabelings, ([a, b]) => {
        expect(adjustedRandScore(a, b)).toBe(adjustedRandScore(b, a));
        expect(randScore(a, b)).toBe(randScore(b, a));
        close(normalizedMutualInfoScore(a, b), normalizedMutualInfoScore(b, a));
        close(fowlkesMallowsScore(a, b), fowlkesMallowsScore(b, a));
        close(vMeasureScore(a, b), vMeasureScore(b, a));
        expect(adjustedRandScore(a, a)).toBe(1);
        expect(randScore(a, a)).toBe(1);
      }),
      RUNS,
    );
  });

  it('scores stay in their ranges; homogeneity and completeness swap with the arguments', () => {
    fc.assert(
      fc.property(pairOfLabelings, ([a, b]) => {
        const ari = adjustedRandScore(a, b);
        expect(ari).toBeGreaterThanOrEqual(-0.5 - 1e-12);
        expect(ari).toBeLessThanOrEqual(1 + 1e-12);
        for (const v of [randScore(a, b), normalizedMutualInfoScore(a, b), fowlkesMallowsScore(a, b), clusteringAccuracy(a, b), purity(a, b)]) {
          expect(v).toBeGreaterThanOrEqual(-1e-12);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
        const ab = homogeneityCompletenessVMeasure(a, b);
        const ba = homogeneityCompletenessVMeasure(b, a);
        close(ab.homogeneity, ba.completeness);
        close(ab.completeness, ba.homogeneity);
        expect(clusteringAccuracy(a, b)).toBeLessThanOrEqual(purity(a, b) + 1e-12);
      }),
      RUNS,
    );
  });

  it('clusteringAccuracy is 1 on a relabelled copy', () => {
    fc.assert(
      fc.property(labeling(30, 8), relabel, (a, map) => {
        expect(clusteringAccuracy(a, a.map((v) => map[v + 1]!))).toBe(1);
        close(normalizedMutualInfoScore(a, a.map((v) => map[v + 1]!)), 1);
      }),
      RUNS,
    );
  });
});

/** Points on a small grid (duplicates likely) with labels that use at least 2 and at most n-1 values. */
const clustered = fc
  .tuple(fc.integer({ min: 3, max: 30 }), fc.integer({ min: 1, max: 4 }))
  .chain(([n, d]) =>
    fc.tuple(
      fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    ),
  )
  .map(([X, labels]) => {
    const fixed = labels.slice();
    fixed[0] = 0;
    fixed[1] = 1;
    fixed[2] = fixed[0]!; // at least one cluster with 2 members, so k <= n - 1
    return { X, labels: fixed };
  });

describe('internal indices: properties', () => {
  it('silhouette in [-1, 1], DB >= 0, CH >= 0, all invariant under renaming labels', () => {
    fc.assert(
      fc.property(clustered, relabel, ({ X, labels }, map) => {
        const renamed = labels.map((v) => map[v + 1]!);
        for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) {
          const s = silhouetteSamples(X, labels, { metric });
          for (const v of s) {
            expect(v).toBeGreaterThanOrEqual(-1);
            expect(v).toBeLessThanOrEqual(1);
          }
          close(silhouetteScore(X, renamed, { metric }), silhouetteScore(X, labels, { metric }));
        }
        const db = daviesBouldinScore(X, labels);
        expect(db).toBeGreaterThanOrEqual(0);
        close(daviesBouldinScore(X, renamed), db);
        const ch = calinskiHarabaszScore(X, labels);
        expect(ch).toBeGreaterThanOrEqual(0);
        close(calinskiHarabaszScore(X, renamed), ch, 1e-9 * Math.max(1, ch));
      }),
      RUNS,
    );
  });

  it('silhouette samples do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(clustered, fc.integer({ min: 0, max: 1000 }), ({ X, labels }, shift) => {
        const n = X.length;
        const order = Array.from({ length: n }, (_, i) => (i * 7 + shift) % n);
        if (new Set(order).size !== n) return;
        const s = silhouetteSamples(X, labels);
        const t = silhouetteSamples(order.map((i) => X[i]!), order.map((i) => labels[i]!));
        order.forEach((i, p) => close(t[p]!, s[i]!));
      }),
      RUNS,
    );
  });
});
