import fc from 'fast-check';
import { Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../src/cluster/gmm.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import { alignSegments } from '../../src/segment/align.js';

describe('alignSegments by centroid distance', () => {
  it('maps permuted centres back exactly', () => {
    const before = [[0, 0], [10, 0], [0, 10], [10, 10]];
    const after = [[10, 10], [0, 0], [0, 10], [10, 0]];
    const a = alignSegments(before, after);
    expect(a.method).toBe('centroid');
    expect(Array.from(a.mapping)).toEqual([3, 0, 2, 1]);
    expect(a.born).toEqual([]);
    expect(a.died).toEqual([]);
    expect(a.nextId).toBe(4);
    expect(a.matches).toEqual([
      { previous: 3, current: 0, distance: 0 },
      { previous: 0, current: 1, distance: 0 },
      { previous: 2, current: 2, distance: 0 },
      { previous: 1, current: 3, distance: 0 },
    ]);
    expect(Array.from(a.relabel([0, 1, 2, 3, -1, 0]))).toEqual([3, 0, 2, 1, -1, 3]);
  });

  it('property: a permutation of jittered centres is undone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (k, d, seed) => {
          // Centres far apart on a grid, jitter below a tenth of the spacing.
          let s = seed;
          const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
          const before = Array.from({ length: k }, (_, i) => Array.from({ length: d }, (_, t) => (t === 0 ? 10 * i : rnd())));
          const perm = Array.from({ length: k }, (_, i) => i).sort(() => rnd() - 0.5);
          const after = perm.map((p) => (before[p] as number[]).map((v) => v + (rnd() - 0.5) * 0.5));
          const a = alignSegments(before, after);
          return Array.from(a.mapping).every((m, c) => m === perm[c]) && a.born.length === 0 && a.died.length === 0;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a split keeps the id on the nearer part; the other part is born', () => {
    const a = alignSegments([[0, 0], [10, 0]], [[-1, 0], [1.5, 0], [10, 0]], { threshold: 3 });
    expect(Array.from(a.mapping)).toEqual([0, 2, 1]);
    expect(a.born).toEqual([2]);
    expect(a.died).toEqual([]);
    // Without a threshold the extra segment is born as well: there are only two previous ids.
    expect(Array.from(alignSegments([[0, 0], [10, 0]], [[-1, 0], [1.5, 0], [10, 0]]).mapping)).toEqual([0, 2, 1]);
  });

  it('a new segment far from every previous one gets a fresh id after the largest previous id', () => {
    const a = alignSegments([[0], [10]], [[100], [10.5], [0.5]], { threshold: 2, previousIds: [5, 7] });
    expect(Array.from(a.mapping)).toEqual([8, 7, 5]);
    expect(a.born).toEqual([8]);
    expect(a.nextId).toBe(9);
    const b = alignSegments([[0], [10]], [[100], [10.5], [0.5]], { threshold: 2, previousIds: [5, 7], nextId: 20 });
    expect(b.born).toEqual([20]);
    expect(b.nextId).toBe(21);
  });

  it('when k shrinks the unmatched previous segments die (a merge)', () => {
    const a = alignSegments([[0, 0], [1, 0], [10, 0]], [[0.6, 0], [10, 0]]);
    expect(Array.from(a.mapping)).toEqual([1, 2]);
    expect(a.died).toEqual([0]);
    expect(a.born).toEqual([]);
  });

  it('a pair beyond the threshold is never matched: one dies, one is born', () => {
    const a = alignSegments([[0, 0]], [[3, 4]], { threshold: 4.9 });
    expect(Array.from(a.mapping)).toEqual([1]);
    expect(a.born).toEqual([1]);
    expect(a.died).toEqual([0]);
    expect(a.matches).toEqual([]);
    expect(alignSegments([[0, 0]], [[3, 4]], { threshold: 5 }).matches).toEqual([{ previous: 0, current: 0, distance: 5 }]);
  });

  it('with a threshold it first matches as many segments as it can, then minimises distance', () => {
    // Unconstrained, the cheapest assignment is p0-c1 (0.1) + p1-c0 (7.0), but p1-c0 is beyond 5;
    // p0-c0 (5) + p1-c1 (5) keeps both segments.
    const before = [[0, 0], [0.1, 5]];
    const after = [[5, 0], [0.1, 0]];
    expect(Array.from(alignSegments(before, after).mapping)).toEqual([1, 0]);
    const a = alignSegments(before, after, { threshold: 5 });
    expect(Array.from(a.mapping)).toEqual([0, 1]);
    expect(a.born).toEqual([]);
    expect(a.died).toEqual([]);
  });

  it('reads fitted KMeans models, { means } objects and ml-matrix matrices', () => {
    const X = [[0, 0], [0, 1], [10, 0], [10, 1], [0, 10], [1, 10]];
    const k1 = new KMeans({ nClusters: 3, init: [[0, 0], [10, 0], [0, 10]] }).fit(X);
    const k2 = new KMeans({ nClusters: 3, init: [[0, 10], [0, 0], [10, 0]] }).fit(X);
    const a = alignSegments(k1, k2);
    expect(Array.from(a.mapping)).toEqual([2, 0, 1]);
    expect(Array.from(a.relabel(k2.labels))).toEqual(Array.from(k1.labels));
    const gmm = { means: [[0, 10], [10, 0]] };
    expect(Array.from(alignSegments(k1, gmm).mapping)).toEqual([2, 1]);
    expect(Array.from(alignSegments(new MlMatrix([[1], [2]]), new MlMatrix([[2], [1]])).mapping)).toEqual([1, 0]);
  });

  it('rejects bad inputs and options with typed errors', () => {
    expect(() => alignSegments([[0, 0]], [[0]])).toThrow(/previous centres have 2 features but the current ones have 1/);
    expect(() => alignSegments([[0, 0]], { labels: [0] })).toThrow(ValidationError);
    expect(() => alignSegments('nope' as never, [[0]])).toThrow(/expected the previous segments as cluster centres/);
    expect(() => alignSegments([[NaN]], [[0]])).toThrow(/NaN at row 0, column 0/);
    expect(() => alignSegments([[0]], [[0]], { treshold: 1 } as never)).toThrow(InvalidParameterError);
    expect(() => alignSegments([[0]], [[0]], { threshold: NaN })).toThrow(/'threshold' parameter of alignSegments/);
    expect(() => alignSegments([[0]], [[0]], { previousIds: [0, 1] })).toThrow(/one previousIds entry per previous segment \(1\), got 2/);
    expect(() => alignSegments([[0], [1]], [[0]], { previousIds: [3, 3] })).toThrow(/unique non-negative integers/);
    expect(() => alignSegments([[0]], [[0]], { previousIds: [4], nextId: 4 })).toThrow(/'nextId' parameter/);
    expect(() => alignSegments([[1e200]], [[-1e200]])).toThrow(/overflow/);
    const a = alignSegments([[0]], [[0], [5]]);
    expect(() => a.relabel([0, 2])).toThrow(/labels\[1\] = 2 is not a segment of the current model, whose labels are 0 to 1/);
    expect(() => a.relabel([0.5])).toThrow(ValidationError);
  });
});

describe('alignSegments by membership overlap', () => {
  it('matches by Jaccard index on the shared customers (hand-computed)', () => {
    // Previous: a b c d in segment 7, e f in segment 3. Current: a b c in 1, d e f in 0, g (new) in 2.
    const previous = { ids: ['a', 'b', 'c', 'd', 'e', 'f', 'z'], labels: [7, 7, 7, 7, 3, 3, 3] };
    const current = { ids: ['g', 'f', 'e', 'd', 'c', 'b', 'a'], labels: [2, 0, 0, 0, 1, 1, 1] };
    const a = alignSegments(previous, current);
    expect(a.method).toBe('overlap');
    // Shared: a..f. P7 = {a,b,c,d}, P3 = {e,f}; C1 = {a,b,c}, C0 = {d,e,f}, C2 = {} (g is new).
    // J(7,1) = 3/4, J(7,0) = 1/6, J(3,0) = 2/3, J(3,1) = 0.
    expect(Array.from(a.mapping)).toEqual([3, 7, 8]);
    expect(a.born).toEqual([8]);
    expect(a.died).toEqual([]);
    expect(a.matches).toEqual([
      { previous: 3, current: 0, jaccard: 2 / 3, shared: 2 },
      { previous: 7, current: 1, jaccard: 3 / 4, shared: 3 },
    ]);
    expect(Array.from(a.relabel(current.labels))).toEqual([8, 3, 3, 3, 7, 7, 7]);
  });

  it('a split: the larger part keeps the id, the smaller is born; with a threshold both are born', () => {
    const previous = { labels: [0, 0, 0, 0, 1, 1] };
    const current = { labels: [0, 0, 0, 2, 1, 1] };
    const a = alignSegments(previous, current);
    expect(Array.from(a.mapping)).toEqual([0, 1, 2]);
    expect(a.matches.map((m) => m.jaccard)).toEqual([0.75, 1]);
    expect(a.born).toEqual([2]);
    const b = alignSegments(previous, current, { threshold: 0.8 });
    expect(Array.from(b.mapping)).toEqual([2, 1, 3]);
    expect(b.born).toEqual([2, 3]);
    expect(b.died).toEqual([0]);
  });

  it("score 'shared' maximises shared customers instead of the Jaccard index", () => {
    const previous = { labels: [0, 0, 0, 0, 0, 0, 1] };
    const current = { labels: [0, 0, 0, 0, 1, 1, 1] };
    // P0 = {0..5}, P1 = {6}; C0 = {0..3}, C1 = {4, 5, 6}.
    // J(0,0) = 4/6, J(0,1) = 2/7, J(1,1) = 1/3: P0-C0 + P1-C1 = 1.0 vs P0-C1 = 2/7.
    expect(Array.from(alignSegments(previous, current).mapping)).toEqual([0, 1]);
    expect(Array.from(alignSegments(previous, current, { score: 'shared' }).mapping)).toEqual([0, 1]);
    // Shared 4 vs 2: a threshold of 3 customers leaves only P0-C0.
    const c = alignSegments(previous, current, { score: 'shared', threshold: 3 });
    expect(Array.from(c.mapping)).toEqual([0, 2]);
    expect(c.died).toEqual([1]);
  });

  it('k changes: customers moving to noise, a segment that disappears, an empty label', () => {
    const previous = { ids: [1, 2, 3, 4, 5], labels: [0, 0, 1, 1, 2] };
    const current = { ids: [1, 2, 3, 4, 5], labels: [0, 0, -1, -1, 2] };
    const a = alignSegments(previous, current);
    // Label 1 is carried by no current customer: mapped to -1 and not born.
    expect(Array.from(a.mapping)).toEqual([0, -1, 2]);
    expect(a.died).toEqual([1]);
    expect(a.born).toEqual([]);
    expect(() => a.relabel([1])).toThrow(/labels\[0\] = 1 is not a segment/);
  });

  it('chains: relabelled labels become the next previous snapshot, nextId avoids reusing dead ids', () => {
    const a = alignSegments({ labels: [0, 0, 1, 1] }, { labels: [1, 1, 1, 1] });
    expect(a.died).toEqual([1]);
    const stable = a.relabel([1, 1, 1, 1]);
    const b = alignSegments({ labels: stable }, { labels: [0, 0, 1, 1] }, { nextId: a.nextId });
    expect(Array.from(b.mapping)).toEqual([0, 2]);
    expect(b.born).toEqual([2]);
  });

  it('rejects malformed snapshots', () => {
    expect(() => alignSegments({ labels: [0, 1] }, { labels: [0] })).toThrow(/2 previous and 1 current labels without ids/);
    expect(() => alignSegments({ labels: [0], ids: ['a'] }, { labels: [0] })).toThrow(/ids for only one/);
    expect(() => alignSegments({ labels: [0, 1], ids: ['a', 'a'] }, { labels: [0], ids: ['a'] })).toThrow(/'a' appears at positions 0 and 1/);
    expect(() => alignSegments({ labels: [0, 1], ids: ['a'] }, { labels: [0], ids: ['a'] })).toThrow(/got 1 ids for 2 labels/);
    expect(() => alignSegments({ labels: [0], ids: [null] } as never, { labels: [0], ids: ['a'] })).toThrow(/ids\[0\] is null/);
    expect(() => alignSegments({ labels: [0], ids: ['a'] }, { labels: [0], ids: ['b'] })).toThrow(/no customer that is in a segment/);
    expect(() => alignSegments({ labels: [0] }, { labels: [0] }, { previousIds: [0] })).toThrow(/applies to method 'centroid' only/);
    expect(() => alignSegments({ labels: [0.5] }, { labels: [0] })).toThrow(/integer labels/);
    expect(() => alignSegments([[0]], [[0]], { method: 'overlap' })).toThrow(/as \{ labels \} or \{ ids, labels \}/);
  });
});

describe('alignSegments on real refits', () => {
  // Three well separated groups of customers; the second snapshot drops some, adds others, and the
  // models are started from differently ordered centres, so raw labels come out permuted.
  const centres = [[0, 0], [8, 0], [0, 8]];
  const make = (from: number, to: number) => {
    const X: number[][] = [];
    const ids: string[] = [];
    for (let i = from; i < to; i++) {
      const c = centres[i % 3] as number[];
      X.push([(c[0] as number) + Math.sin(i * 12.9898) * 1.5, (c[1] as number) + Math.cos(i * 78.233) * 1.5]);
      ids.push(`c${i}`);
    }
    return { X, ids };
  };
  const before = make(0, 90);
  const after = make(30, 120);

  it('centroid and overlap matching agree, and relabelled labels follow the customers', () => {
    const k1 = new KMeans({ nClusters: 3, init: centres }).fit(before.X);
    const k2 = new KMeans({ nClusters: 3, init: [centres[2], centres[0], centres[1]] as number[][] }).fit(after.X);
    const byCentre = alignSegments(k1, k2);
    const byMembers = alignSegments({ ids: before.ids, labels: k1.labels }, { ids: after.ids, labels: k2.labels });
    expect(Array.from(byCentre.mapping)).toEqual([2, 0, 1]);
    expect(Array.from(byMembers.mapping)).toEqual([2, 0, 1]);
    expect(byMembers.matches.every((m) => m.jaccard === 1)).toBe(true);
    const stable = byCentre.relabel(k2.labels);
    const was = new Map(before.ids.map((id, i) => [id, k1.labels[i]]));
    after.ids.forEach((id, i) => {
      if (was.has(id)) expect(stable[i]).toBe(was.get(id));
    });
  });

  it('reads GaussianMixture means', () => {
    const g1 = new GaussianMixture({ nComponents: 3, meansInit: centres }).fit(before.X);
    const g2 = new GaussianMixture({ nComponents: 3, meansInit: [centres[1], centres[2], centres[0]] as number[][] }).fit(after.X);
    expect(Array.from(alignSegments(g1, g2).mapping)).toEqual([1, 2, 0]);
  });
});
