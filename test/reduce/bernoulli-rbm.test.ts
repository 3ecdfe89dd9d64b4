import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbortError, ValidationError } from '../../src/core/errors.js';
import { encodeTyped } from '../../src/core/serialize.js';
import { fromJSON } from '../../src/registry.js';
import { batchSlices, freeEnergy, meanHiddens, pseudoLikelihood, rbmBuffers, rbmFitBatch, rowIndex, softplus } from '../../src/reduce/_rbm-kernels.js';
import { BernoulliRBM } from '../../src/reduce/bernoulli-rbm.js';

interface Fixture {
  params: { n_components: number; learning_rate: number; batch_size: number; n_iter: number };
  X: number[][];
  initialComponents: number[];
  uniforms: number[];
  components: number[][];
  interceptHidden: number[];
  interceptVisible: number[];
  transform: number[][];
  flip: number[];
  scoreSamples: number[];
  tol: number;
}

const load = (name: string): Fixture => JSON.parse(readFileSync(join(__dirname, '../fixtures/bernoulli_rbm', `${name}.json`), 'utf8')) as Fixture;

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(tol * (1 + Math.abs(b[i] as number)));
}

describe.each(['binary', 'unit_interval', 'batch_larger_than_data'])('BernoulliRBM kernels match scikit-learn (%s)', (name) => {
  const f = load(name);
  const n = f.X.length;
  const d = (f.X[0] as number[]).length;
  const nc = f.params.n_components;
  const X = Float64Array.from(f.X.flat());

  it('replaying numpy draws reproduces the fitted weights, transform and pseudo-likelihood', () => {
    const W = Float64Array.from(f.initialComponents);
    const hb = new Float64Array(nc);
    const vb = new Float64Array(d);
    const buf = rbmBuffers(f.params.batch_size, nc, d);
    let u = 0;
    const uniform = () => f.uniforms[u++] as number;
    for (let it = 0; it < f.params.n_iter; it++) {
      for (const [r0, r1] of batchSlices(n, f.params.batch_size)) rbmFitBatch(X, r0, r1, d, W, hb, vb, nc, f.params.batch_size, f.params.learning_rate, uniform, buf);
    }
    expect(u).toBe(f.uniforms.length);
    close(W, f.components.flat(), f.tol);
    close(hb, f.interceptHidden, f.tol);
    close(vb, f.interceptVisible, f.tol);
    close(meanHiddens(X, n, d, W, hb, nc, new Float64Array(n * nc)), f.transform.flat(), f.tol);
    close(pseudoLikelihood(X, n, d, W, hb, vb, nc, Int32Array.from(f.flip)), f.scoreSamples, f.tol);
  });

  it('a fitted estimator restored with those weights transforms as scikit-learn', () => {
    const est = new BernoulliRBM({ nComponents: nc, nIter: 1 }).fit(f.X);
    const doc = JSON.parse(JSON.stringify(est)) as { state: Record<string, unknown> };
    const enc = (a: number[]) => encodeTyped(Float64Array.from(a));
    doc.state.components = { rows: nc, cols: d, data: enc(f.components.flat()) };
    doc.state.interceptHidden = enc(f.interceptHidden);
    doc.state.interceptVisible = enc(f.interceptVisible);
    const restored = fromJSON(doc) as BernoulliRBM;
    close(restored.transform(f.X).data, f.transform.flat(), f.tol);
  });
});

describe('BernoulliRBM', () => {
  const f = load('binary');

  it("batchSlices follows scikit-learn's gen_even_slices", () => {
    expect(batchSlices(23, 5)).toEqual([[0, 5], [5, 10], [10, 15], [15, 20], [20, 23]]);
    expect(batchSlices(7, 10)).toEqual([[0, 7]]);
    expect(batchSlices(10, 5)).toEqual([[0, 5], [5, 10]]);
  });

  it('free energy and softplus by hand', () => {
    // one visible, one hidden: F(v) = -v b_v - softplus(v w + b_h)
    expect(freeEnergy(Float64Array.from([1]), 1, 1, Float64Array.from([2]), Float64Array.from([-1]), Float64Array.from([0.5]), 1)[0]).toBeCloseTo(-0.5 - Math.log(1 + Math.E), 14);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
  });

  it('learns: the pseudo-likelihood of the training rows rises', () => {
    const short = new BernoulliRBM({ nComponents: 8, nIter: 1, learningRate: 0.05 }).fit(f.X);
    const long = new BernoulliRBM({ nComponents: 8, nIter: 200, learningRate: 0.05 }).fit(f.X);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(long.scoreSamples(f.X))).toBeGreaterThan(mean(short.scoreSamples(f.X)));
  });

  it('transform, gibbs and scoreSamples have the right shapes and ranges; seeded', () => {
    const rbm = new BernoulliRBM({ nComponents: 5, nIter: 3 }).fit(f.X);
    const H = rbm.transform(f.X);
    expect([H.rows, H.cols]).toEqual([23, 5]);
    expect(H.data.every((v) => v > 0 && v < 1)).toBe(true);
    const G = rbm.gibbs(f.X);
    expect(G.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(Array.from(rbm.gibbs(f.X).data)).toEqual(Array.from(G.data));
    expect(rbm.scoreSamples(f.X).every((v) => v <= 0)).toBe(true);
    expect(rbm.featureNamesOut()).toEqual(['bernoullirbm0', 'bernoullirbm1', 'bernoullirbm2', 'bernoullirbm3', 'bernoullirbm4']);
    const again = new BernoulliRBM({ nComponents: 5, nIter: 3 }).fit(f.X);
    expect(JSON.stringify(again)).toBe(JSON.stringify(rbm));
    expect([rbm.components.rows, rbm.components.cols, rbm.interceptHidden.length, rbm.interceptVisible.length]).toEqual([5, 6, 5, 6]);
  });

  it('scoreSamples of a row does not depend on the other rows (property)', () => {
    const rbm = new BernoulliRBM({ nComponents: 3, nIter: 2 }).fit(f.X);
    const all = rbm.scoreSamples(f.X);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 22 }), (i) => {
        expect(rbm.scoreSamples([f.X[i] as number[]])[0]).toBe(all[i]);
      }),
      { numRuns: 20 },
    );
    for (let i = 0; i < 23; i++) {
      const k = rowIndex(Float64Array.from(f.X[i] as number[]), 0, 6, 3);
      expect(k >= 0 && k < 6).toBe(true);
    }
    const v = Float64Array.from([0, 1, 1, 0]);
    expect(rowIndex(v, 0, 4, 0)).toBe(rowIndex(Float64Array.from([9, 9, 9, 9, 0, 1, 1, 0]), 4, 4, 0));
  });

  it('rejects values outside [0, 1] and NaN; abort keeps the state', () => {
    expect(() => new BernoulliRBM().fit([[0, 2]])).toThrow(/values in \[0, 1\]/);
    expect(() => new BernoulliRBM().fit([[0, NaN]])).toThrow(ValidationError);
    const rbm = new BernoulliRBM({ nComponents: 2, nIter: 2 }).fit(f.X);
    const before = JSON.stringify(rbm);
    const ac = new AbortController();
    expect(() => rbm.fit(f.X, { signal: ac.signal, onProgress: () => ac.abort() })).toThrow(AbortError);
    expect(JSON.stringify(rbm)).toBe(before);
  });
});
