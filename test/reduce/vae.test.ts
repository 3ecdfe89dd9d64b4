import { beforeAll, describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { pipeline } from '../../src/core/pipeline.js';
import { setBackend, tf } from '../../src/deep/backend.js';
import { klWeightAt, vaeLoss } from '../../src/deep/vae-core.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { sampleRecords, VAE } from '../../src/reduce/vae.js';
import { fromJSON } from '../../src/registry.js';
import { Rng } from '../../src/core/random.js';

/** Rows on a noisy 2-d manifold in 5-d: (a, b, a + b, a - b, 2a), standardized-ish. */
function manifold(n = 80): Matrix {
  const rng = new Rng(5);
  const data = new Float64Array(n * 5);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const row = [a, b, (a + b) / 1.4, (a - b) / 1.4, a];
    for (let j = 0; j < 5; j++) data[i * 5 + j] = (row[j] as number) + 0.05 * rng.normal();
  }
  return { rows: n, cols: 5, data };
}

const small = { hiddenSizes: [16], nComponents: 2, epochs: 40, batchSize: 16, klWarmup: 5, learningRate: 5e-3 } as const;

beforeAll(async () => {
  await setBackend('cpu');
});

describe('VAE loss pieces', () => {
  it('KL warm-up rises linearly to klWeight', () => {
    expect([0, 1, 4, 9].map((e) => klWeightAt(e, 2, 5))).toEqual([0.4, 0.8, 2, 2]);
    expect(klWeightAt(0, 1, 0)).toBe(1);
  });

  it('vaeLoss equals a hand computation', () => {
    // x = [1, 0], out = [0, 0]: recon 0.5 * 1 = 0.5; mu = [1], logVar = [0]: KL = 0.5 * (1 + 0 - 0 - 1) ... = 0.5 * mu^2 = 0.5
    const v = tf.tidy(() =>
      vaeLoss('mse', tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]), tf.tensor2d([[1]]), tf.tensor2d([[0]]), 2).dataSync()[0],
    );
    expect(v).toBeCloseTo(0.5 + 2 * 0.5, 6);
    // bce with logits 0: log 2 per element
    const b = tf.tidy(() => vaeLoss('bce', tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]), tf.tensor2d([[0]]), tf.tensor2d([[0]]), 1).dataSync()[0]);
    expect(b).toBeCloseTo(2 * Math.log(2), 6);
  });
});

describe('VAE', () => {
  const X = manifold();

  it('trains, encodes to means, decodes, samples and scores', () => {
    const vae = new VAE(small).fit(X);
    const curve = vae.lossCurve;
    expect(curve[curve.length - 1]).toBeLessThan(curve[0] as number);
    const Z = vae.transform(X);
    expect([Z.rows, Z.cols]).toEqual([80, 2]);
    expect(vae.transformLogVar(X).cols).toBe(2);
    const R = vae.inverseTransform(Z);
    expect([R.rows, R.cols]).toEqual([80, 5]);
    const S = vae.sample(50);
    expect([S.rows, S.cols]).toEqual([50, 5]);
    expect(Array.from(vae.sample(50).data)).toEqual(Array.from(S.data));
    expect(Array.from(vae.sample(50, { randomState: 1 }).data)).not.toEqual(Array.from(S.data));
    // samples follow the data's structure: column 4 tracks column 0 (a) in the data, so in samples too
    let c = 0;
    let v0 = 0;
    let v4 = 0;
    for (let i = 0; i < 50; i++) {
      c += (S.data[i * 5] as number) * (S.data[i * 5 + 4] as number);
      v0 += (S.data[i * 5] as number) ** 2;
      v4 += (S.data[i * 5 + 4] as number) ** 2;
    }
    expect(c / Math.sqrt(v0 * v4)).toBeGreaterThan(0.5);
    const err = vae.reconstructionError(X);
    expect(err.length).toBe(80);
    expect(vae.featureNamesOut()).toEqual(['vae0', 'vae1']);
  });

  it('is reproducible and round-trips through JSON', () => {
    const a = new VAE({ ...small, epochs: 10 }).fit(X);
    const b = new VAE({ ...small, epochs: 10 }).fit(X);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const r = fromJSON(JSON.parse(JSON.stringify(a))) as VAE;
    expect(Array.from(r.transform(X).data)).toEqual(Array.from(a.transform(X).data));
    expect(Array.from(r.sample(5).data)).toEqual(Array.from(a.sample(5).data));
  });

  it('keeps the tensor count flat; abort keeps the previous state', () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const vae = new VAE({ ...small, epochs: 5 }).fit(X, { onProgress: () => counts.push(tf.memory().numTensors) });
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const doc = JSON.stringify(vae);
    const ac = new AbortController();
    expect(() => vae.fit(X, { signal: ac.signal, onProgress: () => ac.abort() })).toThrow(AbortError);
    expect(JSON.stringify(vae)).toBe(doc);
  });

  it('sampleRecords maps samples back through the pipeline (scales restored)', () => {
    const shifted = { rows: 80, cols: 5, data: X.data.map((v, k) => 1000 + 50 * v + (k % 5)) };
    const p = pipeline(new StandardScaler()).pipe(new VAE({ ...small, epochs: 10 })).fit(shifted);
    const records = sampleRecords(p, 200) as Matrix;
    expect([records.rows, records.cols]).toEqual([200, 5]);
    let mean = 0;
    for (let i = 0; i < 200; i++) mean += records.data[i * 5] as number;
    expect(Math.abs(mean / 200 - 1000)).toBeLessThan(40);
    expect(() => sampleRecords(pipeline(new StandardScaler()).fit(shifted), 2)).toThrow(InvalidParameterError);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => new VAE({ ...small, nComponents: 6 }).fit(X)).toThrow(/nComponents <= the number of features \(5\)/);
    const bad = X.data.slice();
    bad[0] = Infinity;
    expect(() => new VAE(small).fit({ rows: 80, cols: 5, data: bad })).toThrow(ValidationError);
    expect(() => new VAE({ ...small, loss: 'bce' }).fit(X)).toThrow(/values in \[0, 1\]/);
    const vae = new VAE({ ...small, epochs: 2, batchSize: 500 }).fit(X);
    expect(vae.warnings.map((w) => w.code)).toContain('DATA_ADJUSTED');
    expect(() => vae.sample(0)).toThrow(/integer number of samples/);
    expect(() => vae.inverseTransform([[1, 2, 3]])).toThrow(ValidationError);
  });
});
