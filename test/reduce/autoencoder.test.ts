import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { setBackend, tf } from '../../src/deep/backend.js';
import { Autoencoder } from '../../src/reduce/autoencoder.js';
import { fromJSON } from '../../src/registry.js';
import { makeBlobs } from '../../src/testing/generators.js';

/** 3 blobs in 6-d, standardized. */
function data(n = 60, d = 6): Matrix {
  const { X } = makeBlobs({ nSamples: n, nFeatures: d, nCenters: 3, clusterStd: 0.5, randomState: 1 });
  const out = X.data.slice();
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += out[i * d + j] as number;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((out[i * d + j] as number) - m) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) out[i * d + j] = ((out[i * d + j] as number) - m) / sd;
  }
  return { rows: n, cols: d, data: out };
}

const small = { hiddenSizes: [8], nComponents: 2, epochs: 30, batchSize: 16 } as const;

beforeAll(async () => {
  await setBackend('cpu');
});
afterAll(async () => {
  await setBackend('cpu');
});

describe('Autoencoder', () => {
  const X = data();

  it('learns: the loss falls, shapes are right, errors are per row', () => {
    const ae = new Autoencoder(small).fit(X);
    const curve = ae.lossCurve;
    expect(curve.length).toBe(ae.nIter);
    expect(curve[curve.length - 1]).toBeLessThan((curve[0] as number) * 0.7);
    const Z = ae.transform(X);
    expect([Z.rows, Z.cols]).toEqual([60, 2]);
    const R = ae.inverseTransform(Z);
    expect([R.rows, R.cols]).toEqual([60, 6]);
    const err = ae.reconstructionError(X);
    expect(err.length).toBe(60);
    expect(err.every((e) => e >= 0 && Number.isFinite(e))).toBe(true);
    expect(ae.featureNamesOut()).toEqual(['autoencoder0', 'autoencoder1']);
    expect(ae.backend).toBe('cpu');
    // mean row error equals the mean squared reconstruction error computed by hand
    let s = 0;
    for (let k = 0; k < X.data.length; k++) s += ((X.data[k] as number) - (R.data[k] as number)) ** 2;
    expect(err.reduce((a, b) => a + b, 0) / 60).toBeCloseTo(s / X.data.length, 10);
  });

  it('scores an outlier row above the training rows', () => {
    const ae = new Autoencoder({ ...small, epochs: 60 }).fit(X);
    const outlier = [[8, -8, 8, -8, 8, -8]];
    const e = ae.reconstructionError(outlier)[0] as number;
    const train = ae.reconstructionError(X);
    expect(e).toBeGreaterThan(Math.max(...train));
  });

  it('is reproducible and round-trips through JSON exactly', () => {
    const a = new Autoencoder(small).fit(X);
    const b = new Autoencoder(small).fit(X);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = fromJSON(JSON.parse(JSON.stringify(a))) as Autoencoder;
    expect(Array.from(c.transform(X).data)).toEqual(Array.from(a.transform(X).data));
    expect(Array.from(c.reconstructionError(X))).toEqual(Array.from(a.reconstructionError(X)));
    const other = new Autoencoder({ ...small, randomState: 1 }).fit(X);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(a));
  });

  it('is reproducible on the wasm backend too', async () => {
    await setBackend('wasm');
    try {
      const a = new Autoencoder(small).fit(X);
      const b = new Autoencoder(small).fit(X);
      expect(a.backend).toBe('wasm');
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    } finally {
      await setBackend('cpu');
    }
  });

  it('keeps tf.memory().numTensors flat across epochs and frees everything after fit', () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    new Autoencoder({ ...small, epochs: 6, nIterNoChange: 100 }).fit(X, { onProgress: () => counts.push(tf.memory().numTensors) });
    expect(counts).toHaveLength(6);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports progress with stage, epoch, epochs and loss', () => {
    const seen: { stage: string; epoch: number; epochs: number; loss: number }[] = [];
    new Autoencoder({ ...small, epochs: 3, nIterNoChange: 100 }).fit(X, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.stage, p.epoch, p.epochs])).toEqual([
      ['train', 1, 3],
      ['train', 2, 3],
      ['train', 3, 3],
    ]);
    expect(seen.every((p) => Number.isFinite(p.loss))).toBe(true);
  });

  it('an aborted fit throws AbortError, keeps the previous state and leaks nothing', () => {
    const ae = new Autoencoder(small).fit(X);
    const before = JSON.stringify(ae);
    const tensors = tf.memory().numTensors;
    const ac = new AbortController();
    expect(() => ae.fit(X, { signal: ac.signal, onProgress: (p) => (p.epoch === 2 ? ac.abort() : undefined) })).toThrow(AbortError);
    expect(JSON.stringify(ae)).toBe(before);
    expect(tf.memory().numTensors).toBe(tensors);
    const unfitted = new Autoencoder(small);
    const ac2 = new AbortController();
    ac2.abort();
    expect(() => unfitted.fit(X, { signal: ac2.signal })).toThrow(AbortError);
    expect(unfitted.isFitted).toBe(false);
  });

  it('fitAsync trains and can be aborted from a timer', async () => {
    const ae = await new Autoencoder({ ...small, epochs: 5 }).fitAsync(X);
    expect(ae.isFitted).toBe(true);
    const ac = new AbortController();
    const big = new Autoencoder({ hiddenSizes: [64, 64], nComponents: 2, epochs: 100000, batchSize: 4, tol: 0, nIterNoChange: 100000 });
    setTimeout(() => ac.abort(), 30);
    await expect(big.fitAsync(X, { signal: ac.signal })).rejects.toThrow(AbortError);
    expect(big.isFitted).toBe(false);
  });

  it('denoising, activations, SGD and BCE all train to finite losses', () => {
    const base = new Autoencoder({ ...small, epochs: 5 }).fit(X).lossCurve;
    for (const opts of [
      { denoising: 'gaussian', noiseLevel: 0.2 },
      { denoising: 'dropout', noiseLevel: 0.2 },
      { activation: 'tanh' },
      { activation: 'sigmoid' },
      { activation: 'elu' },
      { optimizer: 'sgd', learningRate: 0.01 },
    ] as const) {
      const curve = new Autoencoder({ ...small, epochs: 5, ...opts }).fit(X).lossCurve;
      expect(curve.every(Number.isFinite)).toBe(true);
      expect(Array.from(curve)).not.toEqual(Array.from(base));
    }
    const U = { rows: 30, cols: 4, data: Float64Array.from({ length: 120 }, (_, k) => ((k * 7) % 11) / 10) };
    const bce = new Autoencoder({ ...small, loss: 'bce', epochs: 5 }).fit(U);
    const R = bce.inverseTransform(bce.transform(U));
    expect(R.data.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('early stopping holds out rows, records their loss and can stop before epochs', () => {
    const ae = new Autoencoder({ ...small, epochs: 200, earlyStopping: true, validationFraction: 0.2, tol: 10, nIterNoChange: 2 }).fit(X);
    expect(ae.nIter).toBeLessThan(200);
    expect(ae.nIter).toBe(4); // first epoch sets the best, then more than 2 without a gain of 10
    expect(ae.validationScores.length).toBe(ae.nIter);
    expect(ae.warnings.map((w) => w.code)).not.toContain('NOT_CONVERGED');
  });

  it("preset 'dec' builds d-500-500-2000-10", () => {
    const wide = data(24, 12);
    const ae = new Autoencoder({ preset: 'dec', epochs: 1, batchSize: 24 }).fit(wide);
    const { encoder, decoder } = ae.layers;
    expect(encoder.map((l) => l.nOut)).toEqual([500, 500, 2000, 10]);
    expect(decoder.map((l) => l.nOut)).toEqual([2000, 500, 500, 12]);
    expect(() => new Autoencoder({ preset: 'dec', nComponents: 3 }).fit(wide)).toThrow(/preset 'dec'/);
  });

  it('rejects bad input with typed errors', () => {
    const bad = X.data.slice();
    bad[7] = NaN;
    expect(() => new Autoencoder(small).fit({ rows: 60, cols: 6, data: bad })).toThrow(ValidationError);
    expect(() => new Autoencoder({ ...small, nComponents: 7 }).fit(X)).toThrow(/nComponents <= the number of features \(6\)/);
    expect(() => new Autoencoder({ ...small, nComponents: 0 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new Autoencoder({ ...small, hiddenSizes: [0] }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new Autoencoder({ ...small, loss: 'bce' }).fit(X)).toThrow(/values in \[0, 1\]/);
    expect(() => new Autoencoder(small).fit(X, { sampleWeight: new Float64Array(60) })).toThrow(ValidationError);
    const ae = new Autoencoder(small).fit(X);
    expect(() => ae.transform([[1, 2, 3]])).toThrow(/is expecting 6 features/);
    expect(() => ae.inverseTransform([[1, 2, 3]])).toThrow(ValidationError);
    expect(() => new Autoencoder(small).transform(X)).toThrow(/not fitted/);
  });

  it('clips a batch larger than the data, with a DATA_ADJUSTED warning', () => {
    const ae = new Autoencoder({ ...small, batchSize: 500, epochs: 2 }).fit(X);
    expect(ae.warnings.map((w) => w.code)).toContain('DATA_ADJUSTED');
    expect(ae.warnings.find((w) => w.code === 'DATA_ADJUSTED')?.message).toMatch(/clipped to 60/);
  });
});

describe('Autoencoder on images (imageShape)', () => {
  /** 40 images of 8 x 8 x 2: a bright 3 x 3 square in one of four corners, channel 1 its negative. */
  function images(): Matrix {
    const n = 40;
    const data = new Float64Array(n * 128);
    for (let i = 0; i < n; i++) {
      const [y0, x0] = [[0, 0], [0, 5], [5, 0], [5, 5]][i % 4] as [number, number];
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const on = y >= y0 && y < y0 + 3 && x >= x0 && x < x0 + 3 ? 1 : 0;
          data[i * 128 + (y * 8 + x) * 2] = on;
          data[i * 128 + (y * 8 + x) * 2 + 1] = -on;
        }
      }
    }
    return { rows: n, cols: 128, data };
  }
  const conv = { imageShape: [8, 8, 2], convFilters: [4, 8], convKernels: [3, 3], hiddenSizes: [], nComponents: 2, epochs: 40, batchSize: 8, learningRate: 0.01 } as const;

  it('trains convolutions before the dense code and transposed ones after it', () => {
    const X = images();
    const ae = new Autoencoder(conv).fit(X);
    expect(ae.lossCurve[ae.nIter - 1]).toBeLessThan((ae.lossCurve[0] as number) / 2);
    expect(ae.layers.encoder.map((L) => L.conv?.transposed ?? 'dense')).toEqual([false, false, 'dense']);
    expect(ae.layers.decoder.map((L) => L.conv?.transposed ?? 'dense')).toEqual(['dense', true, true]);
    expect([ae.transform(X).cols, ae.inverseTransform(ae.transform(X)).cols]).toEqual([2, 128]);
    // The four corners get four distinct codes.
    const Z = ae.transform(X).data;
    const dist = (a: number, b: number) => Math.hypot((Z[2 * a] as number) - (Z[2 * b] as number), (Z[2 * a + 1] as number) - (Z[2 * b + 1] as number));
    expect(Math.min(dist(0, 1), dist(0, 2), dist(0, 3), dist(1, 2), dist(1, 3), dist(2, 3))).toBeGreaterThan(10 * dist(0, 4));
  });

  it("starts the decoder's output at each channel's mean (its logit for 'bce')", () => {
    const X = images();
    const still = { ...conv, epochs: 1, learningRate: 1e-12 };
    const outputBias = (ae: Autoencoder) => Array.from(ae.layers.decoder[ae.layers.decoder.length - 1]?.b ?? []);
    // 9 of 64 pixels are on in every image: +1 in channel 0, -1 in channel 1.
    outputBias(new Autoencoder(still).fit(X)).forEach((b, c) => expect(b).toBeCloseTo(c === 0 ? 9 / 64 : -9 / 64, 6));
    const unit = { rows: X.rows, cols: X.cols, data: X.data.map((v) => Math.abs(v) / 2) };
    const logit = Math.log(9 / 128 / (1 - 9 / 128));
    outputBias(new Autoencoder({ ...still, loss: 'bce' }).fit(unit)).forEach((b) => expect(b).toBeCloseTo(logit, 5));
  });

  it('is reproducible and round-trips through JSON exactly, conv shapes included', () => {
    const X = images();
    const a = new Autoencoder(conv).fit(X);
    const b = new Autoencoder(conv).fit(X);
    expect(b.transform(X).data).toEqual(a.transform(X).data);
    const restored = fromJSON(JSON.parse(JSON.stringify(a.toJSON()))) as Autoencoder;
    expect(restored.transform(X).data).toEqual(a.transform(X).data);
    expect(restored.reconstructionError(X)).toEqual(a.reconstructionError(X));
    expect(restored.layers.encoder[0]?.conv).toEqual({ h: 8, w: 8, cin: 2, k: 3, s: 2, cout: 4, pad: 1, transposed: false });
  });

  it('rejects an image shape that does not match the features, and unpaired kernels', () => {
    const X = images();
    expect(() => new Autoencoder({ ...conv, imageShape: [8, 8, 1] }).fit(X)).toThrow(ValidationError);
    expect(() => new Autoencoder({ ...conv, convKernels: [3] }).fit(X)).toThrow(/one convKernels entry per convFilters entry/);
    expect(() => new Autoencoder({ ...conv, convFilters: [4, 4, 4, 4], convKernels: [3, 3, 3, 3] }).fit(X)).toThrow(/convolution 3 of an image of shape \[8, 8, 2\] would get an input of 1 x 1 pixels/);
    expect(() => new Autoencoder({ ...conv, imageShape: [8, 8] as unknown as [number, number, number] }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new Autoencoder({ ...conv, convFilters: [0] }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new Autoencoder({ ...conv, convFilters: [], convKernels: [] }).fit(X)).toThrow(/non-empty array/);
  });
});
