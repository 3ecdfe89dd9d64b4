import { beforeAll, describe, expect, it } from 'vitest';
import { argmaxRows, embed, softAssign, trainDec, type DecConfig } from '../../src/cluster/_dec-kernels.js';
import { DEC } from '../../src/cluster/dec.js';
import { IDEC } from '../../src/cluster/idec.js';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/random.js';
import { setBackend, tf } from '../../src/deep/backend.js';
import { studentT, targetDistribution } from '../../src/deep/losses.js';
import { runSync } from '../../src/deep/train.js';
import { Autoencoder } from '../../src/reduce/autoencoder.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand } from '../../src/testing/asserts.js';
import { makeBlobs } from '../../src/testing/generators.js';

function blobs(n = 90, d = 5, k = 3): { X: Matrix; y: Int32Array } {
  const { X, y } = makeBlobs({ nSamples: n, nFeatures: d, nCenters: k, clusterStd: 0.8, randomState: 4 });
  const data = X.data.slice();
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * d + j] as number;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((data[i * d + j] as number) - m) ** 2;
    for (let i = 0; i < n; i++) data[i * d + j] = ((data[i * d + j] as number) - m) / Math.sqrt(v / n);
  }
  return { X: { rows: n, cols: d, data }, y };
}

const small = { nClusters: 3, hiddenSizes: [16], nComponents: 2, pretrainEpochs: 20, batchSize: 16, maxIter: 100, updateInterval: 20, nInit: 3 } as const;

beforeAll(async () => {
  await setBackend('cpu');
});

describe('soft assignment and target distribution', () => {
  it('softAssign matches a hand computation and the tfjs expression', () => {
    // z = (0, 0); centres (0, 0) and (1, 1): kernels 1 and 1/3 -> q = (0.75, 0.25)
    const q = softAssign(Float64Array.from([0, 0]), 1, 2, Float64Array.from([0, 0, 1, 1]), 2, 1);
    expect(q[0]).toBeCloseTo(0.75, 15);
    expect(q[1]).toBeCloseTo(0.25, 15);
    // alpha = 2: (1 + d2/2)^(-1.5): 1 and 2^-1.5
    const q2 = softAssign(Float64Array.from([0, 0]), 1, 2, Float64Array.from([0, 0, 1, 1]), 2, 2);
    expect(q2[0]).toBeCloseTo(1 / (1 + 2 ** -1.5), 14);
    const Z = Float64Array.from([0.3, -1, 2, 0.5, -0.7, 0.1]);
    const C = Float64Array.from([0, 0, 1, 1]);
    for (const alpha of [1, 2.5]) {
      const js = softAssign(Z, 3, 2, C, 2, alpha);
      const t = tf.tidy(() => studentT(tf.tensor2d(Float32Array.from(Z), [3, 2]), tf.tensor2d(Float32Array.from(C), [2, 2]), alpha).dataSync());
      for (let i = 0; i < 6; i++) expect(t[i]).toBeCloseTo(js[i] as number, 6);
    }
    expect(Array.from(argmaxRows(Float64Array.from([0.2, 0.8, 0.5, 0.5]), 2, 2))).toEqual([1, 0]);
  });

  it('targetDistribution squares and renormalises by cluster frequency', () => {
    // q rows (0.75, 0.25), (0.5, 0.5): f = (1.25, 0.75)
    const q = Float64Array.from([0.75, 0.25, 0.5, 0.5]);
    const p = targetDistribution(q, 2, 2, new Float64Array(4));
    const a = 0.75 ** 2 / 1.25;
    const b = 0.25 ** 2 / 0.75;
    expect(p[0]).toBeCloseTo(a / (a + b), 15);
    const c = 0.25 / 1.25;
    const e = 0.25 / 0.75;
    expect(p[2]).toBeCloseTo(c / (c + e), 15);
    expect((p[0] as number) + (p[1] as number)).toBeCloseTo(1, 15);
  });
});

describe.each([
  ['DEC', (o: object) => new DEC(o)],
  ['IDEC', (o: object) => new IDEC(o)],
] as const)('%s', (name, make) => {
  const { X, y } = blobs();

  it('finds the blobs, with consistent labels, predict and predictProba', () => {
    const est = make(small).fit(X);
    expect(adjustedRand(est.labels, y)).toBeGreaterThan(0.9);
    expect(Array.from(est.predict(X))).toEqual(Array.from(est.labels));
    const q = est.predictProba(X);
    expect([q.rows, q.cols]).toEqual([90, 3]);
    for (let i = 0; i < 90; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += q.data[i * 3 + j] as number;
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
    expect([est.clusterCenters.rows, est.clusterCenters.cols]).toEqual([3, 2]);
    expect(est.transform(X).cols).toBe(2);
    expect(est.nIter).toBeGreaterThanOrEqual(1);
    expect(est.pretrainLossCurve.length).toBeGreaterThan(0);
    expect(est.featureNamesOut()).toEqual([`${name.toLowerCase()}0`, `${name.toLowerCase()}1`]);
    // the labels are the nearest centres in the embedded space (the Student-t kernel is monotone)
    const Z = est.transform(X);
    const C = est.clusterCenters;
    for (let i = 0; i < 90; i++) {
      let best = 0;
      let bd = Infinity;
      for (let j = 0; j < 3; j++) {
        const dd = ((Z.data[i * 2] as number) - (C.data[j * 2] as number)) ** 2 + ((Z.data[i * 2 + 1] as number) - (C.data[j * 2 + 1] as number)) ** 2;
        if (dd < bd) {
          bd = dd;
          best = j;
        }
      }
      expect(est.labels[i]).toBe(best);
    }
  });

  it('is reproducible, restores from JSON and predicts identically', () => {
    const a = make(small).fit(X);
    const b = make(small).fit(X);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const r = fromJSON(JSON.parse(JSON.stringify(a))) as DEC;
    expect(Array.from(r.predictProba(X).data)).toEqual(Array.from(a.predictProba(X).data));
    expect(Array.from(r.labels)).toEqual(Array.from(a.labels));
  });

  it('keeps the tensor count flat and frees everything', () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    make({ ...small, maxIter: 100, tol: 0 }).fit(X, { onProgress: (p) => (p.stage === 'cluster' ? counts.push(tf.memory().numTensors) : undefined) });
    expect(counts.length).toBeGreaterThan(2);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports pretrain and cluster progress, and an abort keeps the previous state', () => {
    const stages = new Set<string>();
    const est = make(small).fit(X, { onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(['pretrain', 'cluster']);
    const before = JSON.stringify(est);
    const ac = new AbortController();
    expect(() => est.fit(X, { signal: ac.signal, onProgress: (p) => (p.stage === 'cluster' ? ac.abort() : undefined) })).toThrow(AbortError);
    expect(JSON.stringify(est)).toBe(before);
  });

  it('starts from a fitted autoencoder without pretraining', () => {
    const ae = new Autoencoder({ hiddenSizes: [16], nComponents: 2, epochs: 30, batchSize: 16 }).fit(X);
    const stages = new Set<string>();
    const est = make(small).fit(X, { autoencoder: ae, onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(['cluster']);
    expect(Array.from(est.pretrainLossCurve)).toEqual(Array.from(ae.lossCurve));
    expect(adjustedRand(est.labels, y)).toBeGreaterThan(0.9);
    expect(() => make(small).fit(X, { autoencoder: new Autoencoder() })).toThrow(/not fitted/);
    const narrow = { rows: 90, cols: 4, data: X.data.filter((_, i) => i % 5 !== 4) };
    expect(() => make(small).fit(narrow, { autoencoder: ae })).toThrow(/fitted on 5 features/);
  });

  it("init 'umap' (N2D) finds the blobs and is reproducible", () => {
    const ae = new Autoencoder({ hiddenSizes: [16], nComponents: 2, epochs: 30, batchSize: 16 }).fit(X);
    const a = make({ ...small, init: 'umap' }).fit(X, { autoencoder: ae });
    expect(adjustedRand(a.labels, y)).toBeGreaterThan(0.9);
    const b = make({ ...small, init: 'umap' }).fit(X, { autoencoder: ae });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(() => make({ ...small, init: 'pca' }).fit(X)).toThrow(InvalidParameterError);
  });

  it('rejects bad input with typed errors', () => {
    const bad = X.data.slice();
    bad[11] = NaN;
    expect(() => make(small).fit({ rows: 90, cols: 5, data: bad })).toThrow(/NaN at row 2, column 1/);
    expect(() => make({ ...small, nComponents: 6 }).fit(X)).toThrow(ValidationError);
    expect(() => make({ ...small, nClusters: 91 }).fit(X)).toThrow(/fewer than nClusters=91/);
    expect(() => make({ ...small, tol: 2 }).fit(X)).toThrow(InvalidParameterError);
    const est = make({ ...small, batchSize: 1000, pretrainEpochs: 2, maxIter: 5 }).fit(X);
    expect(est.warnings.map((w) => w.code)).toContain('DATA_ADJUSTED');
  });
});

/** Blobs, a small pretrained encoder, centres on its codes of rows 0, 30 and 60, and a runner of the kernel from there. */
function kernelStart() {
  const { X, y } = blobs();
  const [n, d, k] = [90, 5, 3];
  const X32 = Float32Array.from(X.data);
  const { encoder } = new Autoencoder({ hiddenSizes: [8], nComponents: 2, epochs: 5, batchSize: 16 }).fit(X).layers;
  const Z = embed(encoder, X32, n, d);
  // codes of rows 0, 30, 60 (float32 values, as the kernel's centre variable holds them)
  const centers = Float64Array.from([0, 1, 60, 61, 120, 121].map((i) => Z[i] as number));
  const cfg: DecConfig = { nClusters: k, alpha: 1, batchSize: 16, maxIter: 12, updateInterval: 6, tol: 0, learningRate: 1e-3, optimizer: 'adam', momentum: 0.9, gamma: null };
  const run = (firstTarget: Float64Array | undefined, c: DecConfig) =>
    runSync(trainDec(X32, n, d, { encoder, decoder: null, centers, labels: new Int32Array(n), ...(firstTarget ? { firstTarget } : {}) }, c, new Rng(3), { estimator: 'DEC' }));
  /** A target putting each row wholly in the cluster `labels` gives it. */
  const oneHot = (labels: Int32Array): Float64Array => {
    const t = new Float64Array(n * k);
    for (let i = 0; i < n; i++) t[i * k + (labels[i] as number)] = 1;
    return t;
  };
  return { y, n, k, Z, centers, cfg, run, oneHot };
}

describe('trainDec first target', () => {
  it('a given first target equal to the sharpened Q changes nothing; another one steers the first steps', () => {
    const { y, n, k, Z, centers, cfg, run, oneHot } = kernelStart();
    const q = softAssign(Z, n, 2, centers, k, 1);
    const p = targetDistribution(q, n, k, new Float64Array(n * k));
    // one update only: later ones may hold a given target (tested below)
    const plain = run(undefined, { ...cfg, maxIter: 6 });
    const same = run(p, { ...cfg, maxIter: 6 });
    expect(Array.from(same.centers)).toEqual(Array.from(plain.centers));
    expect(same.lossCurve).toEqual(plain.lossCurve);
    // a one-hot target on the true blobs, held for the whole run: the network learns it
    const long = { ...cfg, maxIter: 60, updateInterval: 60, learningRate: 1e-2 };
    const steered = run(oneHot(y), long);
    expect(steered.lossCurve[0]).not.toBe(run(undefined, long).lossCurve[0]);
    expect(adjustedRand(steered.labels, y)).toBe(1);
  });

  it('holds a given first target while the embedded labels approach it, then sharpens from Q', () => {
    const { y, k, cfg, run: runFrom, oneHot } = kernelStart();
    // the centres start on the blobs, the target asks each centre for the next blob's rows
    const shifted = Int32Array.from(y, (c) => (c + 1) % k);
    const target = oneHot(shifted);
    const run = (updateInterval: number) => runFrom(target, { ...cfg, maxIter: 400, updateInterval, learningRate: 1e-2 });
    const r = run(10);
    // held over the first updates, it is learnt for every row (used only until the first update, 30 rows stay behind)
    expect(Array.from(r.labels)).toEqual(Array.from(shifted));
    // then released: a target held for all 400 batches (one update) would train exactly the same steps
    const heldThroughout = run(400);
    expect(Array.from(heldThroughout.labels)).toEqual(Array.from(shifted));
    expect(Array.from(r.centers)).not.toEqual(Array.from(heldThroughout.centers));
    expect(r.deltaCurve[r.deltaCurve.length - 1]).toBe(0);
  });
});

describe('IDEC', () => {
  it('keeps a decoder and differs from DEC', () => {
    const { X } = blobs();
    const dec = new DEC(small).fit(X);
    const idec = new IDEC(small).fit(X);
    const doc = JSON.parse(JSON.stringify(idec)) as { state: { decoder: unknown } };
    expect(doc.state.decoder).not.toBeNull();
    expect((JSON.parse(JSON.stringify(dec)) as { state: { decoder: unknown } }).state.decoder).toBeNull();
    expect(() => new IDEC({ ...small, gamma: 0 }).fit(X)).toThrow(InvalidParameterError);
  });
});

describe.each([
  ['DEC', DEC],
  ['IDEC', IDEC],
] as const)('%s on a convolutional autoencoder', (_name, Estimator) => {
  /** 48 images of 8 x 8: a bright 3 x 3 square in one of four corners, with pixel noise. */
  function corners(): { X: Matrix; y: Int32Array } {
    const rng = new Rng(6);
    const n = 48;
    const data = new Float64Array(n * 64);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 4;
      const [y0, x0] = [[0, 0], [0, 5], [5, 0], [5, 5]][i % 4] as [number, number];
      for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) data[i * 64 + r * 8 + c] = (r >= y0 && r < y0 + 3 && c >= x0 && c < x0 + 3 ? 1 : 0) + 0.05 * rng.normal();
    }
    return { X: { rows: n, cols: 64, data }, y };
  }

  it('clusters with the given conv encoder and restores from JSON', () => {
    const { X, y } = corners();
    const ae = new Autoencoder({ imageShape: [8, 8, 1], convFilters: [4, 8], convKernels: [3, 3], hiddenSizes: [], nComponents: 2, epochs: 40, batchSize: 8, learningRate: 0.01 }).fit(X);
    const model = new Estimator({ nClusters: 4, batchSize: 16, maxIter: 60, updateInterval: 10, nInit: 5 }).fit(X, { autoencoder: ae });
    expect(adjustedRand(y, model.labels)).toBeGreaterThan(0.9);
    expect(Array.from(model.predict(X))).toEqual(Array.from(model.labels));
    const restored = fromJSON(JSON.parse(JSON.stringify(model.toJSON()))) as InstanceType<typeof Estimator>;
    expect(restored.predictProba(X).data).toEqual(model.predictProba(X).data);
  });
});
