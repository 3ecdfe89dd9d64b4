import { describe, expect, it } from 'vitest';
import { resolveSeed, Rng } from '../../src/core/random.js';

describe('Rng', () => {
  it('is reproducible from the seed, and seed 0 is a real seed', () => {
    const a = new Rng(0);
    const b = new Rng(0);
    const xs = Array.from({ length: 5 }, () => a.float());
    expect(Array.from({ length: 5 }, () => b.float())).toEqual(xs);
    expect(xs).not.toEqual(Array.from({ length: 5 }, () => new Rng(1).float()));
    expect(resolveSeed(0)).toBe(0);
  });

  it('pins its stream (Node and Deno must agree bit for bit)', () => {
    // Pinned values: a change here breaks every user's saved seeds, so it must be deliberate.
    const r = new Rng(42);
    expect([r.uint32(), r.uint32(), r.int(1000), r.float()]).toEqual([4294967253, 3587504873, 535, 0.33222943573592745]);
    // Normal draws use a portable logarithm: engines' Math.log differ in the last bit.
    const g = new Rng(42);
    expect([g.normal(), g.normal(), g.normal()]).toEqual([-0.36409298775493243, 0.11218914648366955, -0.13911777451566262]);
  });

  it('forks independent, reproducible streams', () => {
    const p1 = new Rng(7);
    const p2 = new Rng(7);
    const f1 = p1.fork();
    const f2 = p1.fork();
    expect(f1.float()).toBe(p2.fork().float());
    expect(f1.float()).not.toBe(f2.float());
  });

  it('draws floats in [0, 1) and ints in [0, n) with the right mean', () => {
    const r = new Rng(3);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const v = r.float();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 8000; i++) counts[r.int(4)]++;
    for (const c of counts) expect(c).toBeGreaterThan(1800);
  });

  it('draws standard normals', () => {
    const r = new Rng(11);
    let s = 0;
    let s2 = 0;
    const n = 40000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(s2 / n).toBeCloseTo(1, 1);
  });

  it('permutes, samples without replacement and draws by weight', () => {
    const r = new Rng(5);
    const p = Array.from(r.permutation(10)).sort((a, b) => a - b);
    expect(p).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const s = r.sampleWithoutReplacement(10, 4);
    expect(new Set(s).size).toBe(4);
    expect(() => r.sampleWithoutReplacement(3, 4)).toThrow(RangeError);
    for (let i = 0; i < 50; i++) expect(r.weightedIndex([0, 0, 1, 0])).toBe(2);
  });

  it('restores mid-stream from its state', () => {
    const r = new Rng(9);
    r.float();
    const restored = Rng.fromState(9, r.getState());
    expect(restored.float()).toBe(r.float());
  });

  it('rejects invalid seeds', () => {
    expect(() => new Rng(-1)).toThrow(RangeError);
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(2 ** 32)).toThrow(RangeError);
  });

  it('draws a fresh seed for null', () => {
    const s = resolveSeed(null);
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
