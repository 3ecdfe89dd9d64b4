import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/random.js';
import { IncrementalPCA } from '../../src/reduce/incremental-pca.js';
import { PCA } from '../../src/reduce/pca.js';
import { fromJSON } from '../../src/registry.js';
import { allClose } from '../../src/testing/asserts.js';

interface IpcaCase {
  name: string;
  params: { n_components: number | null; batch_size?: number; whiten?: boolean };
  batches: [number, number][] | null;
  X: number[][];
  Xnew: number[][];
  nComponents: number;
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  mean: number[];
  var: number[];
  noiseVariance: number;
  nSamplesSeen: number;
  transform: number[][];
  inverseTransform: number[][];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/pca/incremental-pca.json', import.meta.url), 'utf8')) as { cases: IpcaCase[] };

function randomData(seed: number, n: number, d: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() * (d - j) + j;
  return { rows: n, cols: d, data };
}

describe('IncrementalPCA against scikit-learn 1.2', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const ipca = new IncrementalPCA({ nComponents: c.params.n_components, whiten: c.params.whiten ?? false, batchSize: c.params.batch_size ?? null });
      if (c.batches === null) ipca.fit(c.X);
      else for (const [a, b] of c.batches) ipca.partialFit(c.X.slice(a, b));
      expect(ipca.nComponents).toBe(c.nComponents);
      expect(ipca.nSamplesSeen).toBe(c.nSamplesSeen);
      allClose(ipca.explainedVariance, c.explainedVariance, { rtol: 1e-10 });
      allClose(ipca.explainedVarianceRatio, c.explainedVarianceRatio, { rtol: 1e-10 });
      allClose(ipca.singularValues, c.singularValues, { rtol: 1e-10 });
      allClose(ipca.mean, c.mean, { rtol: 1e-12, atol: 1e-13 });
      allClose(ipca.var, c.var, { rtol: 1e-12 });
      allClose([ipca.noiseVariance], [c.noiseVariance], { rtol: 1e-10, atol: 1e-13 });
      allClose(ipca.components, c.components, { rtol: 1e-8, atol: 1e-10 });
      allClose(ipca.transform(c.Xnew), c.transform, { rtol: 1e-8, atol: 1e-10 });
      allClose(ipca.inverseTransform(ipca.transform(c.Xnew)), c.inverseTransform, { rtol: 1e-9, atol: 1e-9 });
    });
  }
});

describe('IncrementalPCA behaviour', () => {
  it('one batch with every component equals PCA (up to sign)', () => {
    const X = randomData(1, 40, 4);
    const ipca = new IncrementalPCA({ batchSize: 40 }).fit(X);
    const pca = new PCA().fit(X);
    allClose(ipca.explainedVariance, pca.explainedVariance, { rtol: 1e-10 });
    for (let c = 0; c < 4; c++) {
      let dot = 0;
      for (let j = 0; j < 4; j++) dot += (ipca.components.data[c * 4 + j] as number) * (pca.components.data[c * 4 + j] as number);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
  });

  it('many small batches approach PCA on well-separated data', () => {
    const X = randomData(2, 300, 5);
    const ipca = new IncrementalPCA({ nComponents: 2, batchSize: 25 }).fit(X);
    const pca = new PCA({ nComponents: 2 }).fit(X);
    allClose(ipca.mean, pca.mean, { rtol: 1e-12 });
    allClose(ipca.explainedVariance, pca.explainedVariance, { rtol: 0.05 });
  });

  it('fit equals the same partialFit calls, and reports each batch as progress', () => {
    const X = randomData(3, 50, 4);
    const steps: number[] = [];
    const a = new IncrementalPCA({ nComponents: 2, batchSize: 20 }).fit(X, { onProgress: (p) => steps.push(p.step) });
    expect(steps).toEqual([1, 2, 3]); // [0, 20), [20, 40), [40, 50)
    const b = new IncrementalPCA({ nComponents: 2 });
    for (const [lo, hi] of [[0, 20], [20, 40], [40, 50]] as const) b.partialFit({ rows: hi - lo, cols: 4, data: X.data.subarray(lo * 4, hi * 4) });
    expect(Array.from(b.components.data)).toEqual(Array.from(a.components.data));
    expect(b.nSamplesSeen).toBe(50);
    // a last batch smaller than nComponents is merged into the one before (gen_batches)
    const merged: number[] = [];
    new IncrementalPCA({ nComponents: 3, batchSize: 24 }).fit(randomData(3, 50, 4), { onProgress: (p) => merged.push(p.total) });
    expect(merged).toEqual([2, 2]); // [0, 24), [24, 50)
  });

  it('rejects inconsistent batches with typed errors', () => {
    const X = randomData(4, 30, 4);
    expect(() => new IncrementalPCA({ nComponents: 5 }).fit(X)).toThrow(ValidationError);
    const ipca = new IncrementalPCA({ nComponents: 3 });
    expect(() => ipca.partialFit([[1, 2, 3, 4], [2, 3, 4, 5]])).toThrow(/nComponents=3 must be less or equal to the batch number of samples 2/);
    ipca.partialFit({ rows: 10, cols: 4, data: X.data.subarray(0, 40) });
    expect(() => ipca.partialFit([[1, 2, 3]])).toThrow(/3 features, but IncrementalPCA is expecting 4/);
    expect(() => ipca.withParams({}).fit([[1, 2, 3, 4]])).toThrow(/minimum of 2/);
    expect(() => new IncrementalPCA({ batchSize: 0 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new IncrementalPCA().transform(X)).toThrow(NotFittedError);
  });

  it('round-trips through JSON and keeps learning after a restore', () => {
    const X = randomData(5, 60, 4);
    const ipca = new IncrementalPCA({ nComponents: 2 });
    ipca.partialFit({ rows: 30, cols: 4, data: X.data.subarray(0, 120) });
    const back = fromJSON(JSON.stringify(ipca)) as IncrementalPCA;
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(ipca.transform(X).data));
    ipca.partialFit({ rows: 30, cols: 4, data: X.data.subarray(120) });
    back.partialFit({ rows: 30, cols: 4, data: X.data.subarray(120) });
    expect(Array.from(back.components.data)).toEqual(Array.from(ipca.components.data));
  });
});
