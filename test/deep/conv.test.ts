import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { setBackend, tf } from '../../src/deep/backend.js';
import { conv2dLayer, conv2dTransposeLayer, convOutputShape, initConv, type ConvGeometry } from '../../src/deep/conv.js';
import { applyLayers, checkLayers, layersField, trainAutoencoder } from '../../src/deep/autoencoder-core.js';
import { convEncoderShapes, forwardFrozen, freeze, disposeFrozen, initConvAutoencoder, Mlp, type ConvShape, parameterCount, type Activation, type DenseWeights } from '../../src/deep/network.js';
import { runSync } from '../../src/deep/train.js';
import { decodeState, encodeState } from '../../src/core/serialize.js';
import { SerializationError } from '../../src/core/errors.js';

// Odd and even sizes, strides 1 to 3, one and several channels: the 'same' padding splits unevenly;
// no padding with a stride that fits (7 -> 3) and one that leaves the last row and column unread;
// PyTorch's k // 2 zeros per side, of which the last row and column are not read.
const GEOMETRIES: ConvGeometry[] = [
  { h: 7, w: 6, cin: 2, k: 3, s: 2, cout: 3 },
  { h: 8, w: 8, cin: 1, k: 5, s: 2, cout: 4 },
  { h: 5, w: 5, cin: 3, k: 3, s: 1, cout: 2 },
  { h: 9, w: 7, cin: 2, k: 4, s: 3, cout: 2 },
  { h: 7, w: 7, cin: 2, k: 3, s: 2, cout: 3, pad: 0 },
  { h: 8, w: 9, cin: 1, k: 3, s: 2, cout: 2, pad: 0 },
  { h: 8, w: 8, cin: 1, k: 5, s: 2, cout: 3, pad: 2 },
  { h: 7, w: 9, cin: 2, k: 3, s: 2, cout: 2, pad: 1 },
];
const ACTS: Activation[] = ['linear', 'relu', 'tanh'];

interface Case {
  readonly x: Float32Array;
  readonly W: Float32Array;
  readonly b: Float32Array;
  readonly weights: Float32Array;
}

/** Seeded inputs of a layer; `transposed` swaps the roles of the two shapes. */
function makeCase(g: ConvGeometry, transposed: boolean): Case {
  const rng = new Rng(11);
  const [oh, ow] = convOutputShape(g);
  const inSize = transposed ? oh * ow * g.cout : g.h * g.w * g.cin;
  const outSize = transposed ? g.h * g.w * g.cin : oh * ow * g.cout;
  return {
    x: Float32Array.from({ length: 2 * inSize }, () => rng.normal()),
    W: initConv(g, transposed, rng).W,
    b: Float32Array.from({ length: transposed ? g.cin : g.cout }, () => rng.normal() * 0.1),
    weights: Float32Array.from({ length: 2 * outSize }, () => rng.normal()),
  };
}

/** Output and gradients of sum(weights * layer(x)) w.r.t. x, W, b: through our layer, or tfjs autodiff of plain ops. */
function run(g: ConvGeometry, act: Activation, transposed: boolean, mine: boolean): Float32Array[] {
  const c = makeCase(g, transposed);
  const [oh, ow] = convOutputShape(g);
  return tf.tidy(() => {
    const x = transposed ? tf.tensor4d(c.x, [2, oh, ow, g.cout]) : tf.tensor4d(c.x, [2, g.h, g.w, g.cin]);
    const W = tf.tensor4d(c.W, [g.k, g.k, g.cin, g.cout]);
    const b = tf.tensor1d(c.b);
    const weights = transposed ? tf.tensor4d(c.weights, [2, g.h, g.w, g.cin]) : tf.tensor4d(c.weights, [2, oh, ow, g.cout]);
    const f = (x_: tf.Tensor, W_: tf.Tensor, b_: tf.Tensor): tf.Tensor4D => {
      const [xt, Wt, bt] = [x_ as tf.Tensor4D, W_ as tf.Tensor4D, b_ as tf.Tensor1D];
      if (mine) return transposed ? conv2dTransposeLayer(xt, Wt, bt, g, act) : conv2dLayer(xt, Wt, bt, g, act);
      const z = transposed ? tf.conv2dTranspose(xt, Wt, [2, g.h, g.w, g.cin], g.s, g.pad ?? 'same') : tf.conv2d(xt, Wt, g.s, g.pad ?? 'same');
      const y = tf.add(z, bt);
      return (act === 'relu' ? tf.relu(y) : act === 'tanh' ? tf.tanh(y) : y) as tf.Tensor4D;
    };
    const y = f(x, W, b);
    const grads = tf.grads((x_: tf.Tensor, W_: tf.Tensor, b_: tf.Tensor) => tf.sum(tf.mul(weights, f(x_, W_, b_))))([x, W, b]);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(b[i] as number)));
  return m;
}

/** Every geometry, activation and direction. */
function forEachCase(f: (g: ConvGeometry, act: Activation, transposed: boolean) => void): void {
  for (const g of GEOMETRIES) for (const act of ACTS) for (const transposed of [false, true]) f(g, act, transposed);
}

describe('convolution layers with their own gradients', () => {
  const reference = new Map<string, Float32Array[]>();

  it('equal tfjs autodiff of conv2d / conv2dTranspose on the cpu backend (output and all three gradients)', async () => {
    await setBackend('cpu');
    forEachCase((g, act, transposed) => {
      const ours = run(g, act, transposed, true);
      const auto = run(g, act, transposed, false);
      expect(ours.map((v) => v.length)).toEqual(auto.map((v) => v.length));
      ours.forEach((v, i) => expect(maxRelDiff(v, auto[i] as Float32Array)).toBeLessThan(1e-5));
      reference.set(JSON.stringify([g, act, transposed]), auto);
    });
  });

  it('give the cpu results on wasm, whose own strided filter-gradient kernel is wrong', async () => {
    await setBackend('wasm');
    forEachCase((g, act, transposed) => {
      const cpu = reference.get(JSON.stringify([g, act, transposed])) as Float32Array[];
      run(g, act, transposed, true).forEach((v, i) => expect(maxRelDiff(v, cpu[i] as Float32Array)).toBeLessThan(1e-5));
    });
  });

  it('a data-fed layer returns zeros for its input gradient, and a training step leaks no tensors', async () => {
    await setBackend('cpu');
    const g = GEOMETRIES[0] as ConvGeometry;
    const before = tf.memory().numTensors;
    const grads = tf.tidy(() => {
      const x = tf.ones([2, g.h, g.w, g.cin]) as tf.Tensor4D;
      const W = tf.tensor4d(initConv(g, false, new Rng(1)).W, [g.k, g.k, g.cin, g.cout]);
      const b = tf.zeros([g.cout]) as tf.Tensor1D;
      return tf.grads((x_: tf.Tensor, W_: tf.Tensor, b_: tf.Tensor) => tf.sum(conv2dLayer(x_ as tf.Tensor4D, W_ as tf.Tensor4D, b_ as tf.Tensor1D, g, 'relu', false)))([x, W, b]).map((t) => t.dataSync() as Float32Array);
    });
    expect(Array.from(grads[0] as Float32Array).every((v) => v === 0)).toBe(true);
    expect(Array.from(grads[1] as Float32Array).some((v) => v !== 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('seeds filters and biases reproducibly, uniform in ±1/sqrt(k k cin) in both directions (PyTorch)', () => {
    const g: ConvGeometry = { h: 8, w: 8, cin: 4, k: 3, s: 2, cout: 16 };
    expect(initConv(g, false, new Rng(5))).toEqual(initConv(g, false, new Rng(5)));
    const bound = 1 / Math.sqrt(9 * 4);
    for (const transposed of [false, true]) {
      const { W, b } = initConv(g, transposed, new Rng(5));
      expect(W.length).toBe(9 * 4 * 16);
      expect(b.length).toBe(transposed ? 4 : 16);
      const all = [...W, ...b];
      expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(bound);
      // Uniform in ±a has standard deviation a / sqrt(3).
      expect(Math.sqrt(all.reduce((s, v) => s + v * v, 0) / all.length)).toBeCloseTo(bound / Math.sqrt(3), 2);
    }
    expect(convOutputShape(g)).toEqual([4, 4, 16]);
    expect(convOutputShape({ ...g, h: 7, w: 28, pad: 0 })).toEqual([3, 13, 16]);
    expect(convOutputShape({ ...g, h: 28, w: 27, k: 5, pad: 2 })).toEqual([14, 14, 16]);
  });
});

describe('convolutional autoencoder layers in a network', () => {
  const make = () => initConvAutoencoder(convEncoderShapes([8, 8, 1], [4, 8], [3, 3]) as ConvShape[], [], 3, 'relu', [0.25], new Rng(2));

  it('pads k // 2 per side, and not at all in a last convolution of odd input height (DCEC); too small an image is named', () => {
    const dcec = convEncoderShapes([28, 28, 1], [32, 64, 128], [5, 5, 3]) as ConvShape[];
    expect(dcec.map((g) => [g.h, g.pad])).toEqual([[28, 2], [14, 2], [7, 0]]);
    expect(convOutputShape(dcec[2] as ConvShape)).toEqual([3, 3, 128]);
    expect((convEncoderShapes([32, 32, 3], [8, 8, 8], [5, 5, 3]) as ConvShape[]).map((g) => g.pad)).toEqual([2, 2, 1]);
    expect(convEncoderShapes([4, 4, 1], [2, 2, 2], [3, 3, 3])).toEqual({ tooSmall: 2, size: [1, 1] });
  });

  it('chains image -> code -> image, with the filter and bias sizes of each convolution', () => {
    const { encoder, decoder } = make();
    expect(encoder.map((L) => [L.nIn, L.nOut])).toEqual([[64, 64], [64, 32], [32, 3]]);
    expect(decoder.map((L) => [L.nIn, L.nOut])).toEqual([[3, 32], [32, 64], [64, 64]]);
    expect(decoder.map((L) => L.activation)).toEqual(['relu', 'relu', 'linear']);
    expect(decoder[2]?.conv).toMatchObject({ h: 8, w: 8, cin: 1, cout: 4, transposed: true });
    expect(Array.from(decoder[2]?.b ?? [])).toEqual([0.25]);
    expect(() => checkLayers('Test', 'encoder', encoder, 64, 3)).not.toThrow();
    expect(() => checkLayers('Test', 'decoder', decoder, 3, 64)).not.toThrow();
    const broken = { ...(encoder[1] as DenseWeights), W: new Float32Array(5) };
    expect(() => checkLayers('Test', 'encoder', [encoder[0] as DenseWeights, broken, encoder[2] as DenseWeights], 64, 3)).toThrow(SerializationError);
    expect(parameterCount(encoder)).toBe(3 * 3 * 1 * 4 + 4 + 3 * 3 * 4 * 8 + 8 + 32 * 3 + 3);
  });

  it('trains (the loss falls), reads back its layers and runs them frozen like the training network', async () => {
    await setBackend('cpu');
    const rng = new Rng(4);
    const n = 48;
    // Bright squares at two positions: structure a 3-D code can hold.
    const X = new Float32Array(n * 64);
    for (let i = 0; i < n; i++) {
      const at = i % 2 === 0 ? 0 : 4;
      for (let y = at; y < at + 4; y++) for (let x = at; x < at + 4; x++) X[i * 64 + y * 8 + x] = 1 + 0.1 * rng.normal();
    }
    const spec = {
      hiddenSizes: [],
      nComponents: 3,
      activation: 'relu' as const,
      loss: 'mse' as const,
      epochs: 30,
      batchSize: 16,
      learningRate: 0.01,
      optimizer: 'adam' as const,
      momentum: 0.9,
      tol: 0,
      nIterNoChange: 30,
      denoising: 'none' as const,
      noiseLevel: 0,
      validationFraction: 0,
    };
    const rngs = { init: new Rng(1), shuffle: new Rng(2), noise: new Rng(3) };
    const before = tf.memory().numTensors;
    const trained = runSync(trainAutoencoder(X, n, 64, spec, rngs, { estimator: 'Test', stage: 'train' }, make()));
    expect(tf.memory().numTensors).toBe(before);
    expect(trained.lossCurve[trained.lossCurve.length - 1]).toBeLessThan((trained.lossCurve[0] as number) / 2);
    expect(trained.encoder.map((L) => L.conv?.transposed ?? null)).toEqual([false, false, null]);
    const codes = applyLayers(trained.encoder, X, n, 64);
    const net = new Mlp(trained.encoder, false);
    const frozen = freeze(trained.encoder);
    try {
      const viaNet = tf.tidy(() => net.apply(tf.tensor2d(X, [n, 64])).dataSync() as Float32Array);
      const viaFrozen = tf.tidy(() => forwardFrozen(frozen, tf.tensor2d(X, [n, 64])).dataSync() as Float32Array);
      expect(maxRelDiff(viaNet, viaFrozen)).toBeLessThan(1e-6);
      expect(maxRelDiff(Float32Array.from(codes.data), viaFrozen)).toBeLessThan(1e-6);
      expect(net.read()).toEqual(trained.encoder);
    } finally {
      net.dispose();
      disposeFrozen(frozen);
    }
  });

  it('serializes conv layers with their shapes and dense layers without one', () => {
    const { encoder } = make();
    const schema = { layers: layersField };
    const json = JSON.parse(JSON.stringify(encodeState(schema, { layers: encoder }))) as unknown;
    const back = decodeState(schema, json, { estimator: 'Test' }).layers as DenseWeights[];
    expect(back.map((L) => L.conv)).toEqual(encoder.map((L) => L.conv));
    expect(back.map((L) => Array.from(L.W))).toEqual(encoder.map((L) => Array.from(L.W)));
    // Untrusted shapes: a pad as wide as the kernel, or an image the convolution leaves empty.
    const tamper = (conv: Partial<ConvShape>) => [{ ...(encoder[0] as DenseWeights), conv: { ...(encoder[0]?.conv as ConvShape), ...conv } }, ...encoder.slice(1)];
    expect(() => checkLayers('Test', 'encoder', tamper({ pad: 3 }), 64, 3)).toThrow(/pads 3 zeros around a 3 x 3 kernel/);
    expect(() => checkLayers('Test', 'encoder', tamper({ pad: 0, h: 2 }), 64, 3)).toThrow(/convolves 2 x 8 pixels to nothing/);
  });
});
