import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { setBackend, tf } from '../../src/deep/backend.js';
import { dense, denseForward, denseReference, initDense, initMlp, Mlp, parameterCount, type Activation } from '../../src/deep/network.js';

const ACTS: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'elu'];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Gradients of sum(w * f(x)) through the custom layer and through tfjs autodiff of the same expression. */
function compareGradients(act: Activation, inputGrad: boolean): { custom: Float32Array[]; auto: Float32Array[]; forward: number } {
  const rng = new Rng(3);
  const w = initDense(4, 3, act, rng);
  const xv = Float32Array.from({ length: 5 * 4 }, () => rng.normal());
  const wv = Float32Array.from({ length: 5 * 3 }, () => rng.normal());
  return tf.tidy(() => {
    const x = tf.tensor2d(xv, [5, 4]);
    const W = tf.tensor2d(w.W, [4, 3]);
    const b = tf.tensor1d(Float32Array.from([0.1, -0.2, 0.3]));
    const weights = tf.tensor2d(wv, [5, 3]);
    const custom = tf.grads((x_: tf.Tensor, W_: tf.Tensor, b_: tf.Tensor) =>
      tf.sum(tf.mul(weights, dense(x_ as tf.Tensor2D, W_ as tf.Tensor2D, b_ as tf.Tensor1D, act, inputGrad))),
    )([x, W, b]);
    const auto = tf.grads((x_: tf.Tensor, W_: tf.Tensor, b_: tf.Tensor) =>
      tf.sum(tf.mul(weights, denseReference(x_ as tf.Tensor2D, W_ as tf.Tensor2D, b_ as tf.Tensor1D, act))),
    )([x, W, b]);
    const fwd = Math.max(
      maxAbsDiff(dense(x, W, b, act).dataSync(), denseForward(x, W, b, act).dataSync()),
      maxAbsDiff(dense(x, W, b, act).dataSync(), denseReference(x, W, b, act).dataSync()),
    );
    return { custom: custom.map((g) => g.dataSync() as Float32Array), auto: auto.map((g) => g.dataSync() as Float32Array), forward: fwd };
  });
}

describe.each(['cpu', 'wasm'])('dense layers on %s', (backend) => {
  it('sets the backend', async () => {
    expect(await setBackend(backend)).toBe(backend);
  });

  for (const act of ACTS) {
    it(`${act}: custom gradient equals autodiff`, () => {
      const { custom, auto, forward } = compareGradients(act, true);
      expect(forward).toBeLessThan(1e-6);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(custom[i] as Float32Array, auto[i] as Float32Array)).toBeLessThan(1e-5);
    });
  }

  it('a data-fed layer returns a zero input gradient and the same weight gradients', () => {
    const { custom, auto } = compareGradients('relu', false);
    expect(Array.from(custom[0] as Float32Array).every((v) => v === 0)).toBe(true);
    expect(maxAbsDiff(custom[1] as Float32Array, auto[1] as Float32Array)).toBeLessThan(1e-5);
  });

  it('Mlp reads back what it was given and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const layers = initMlp([3, 5, 2], 'relu', 'linear', new Rng(1));
    const net = new Mlp(layers, false);
    expect(net.variables()).toHaveLength(4);
    const back = net.read();
    expect(Array.from(back[0]!.W)).toEqual(Array.from(layers[0]!.W));
    const y = tf.tidy(() => net.apply(tf.ones([2, 3])).dataSync());
    expect(y).toHaveLength(4);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('initialisation', () => {
  it('is seeded and scaled (He for relu, Glorot uniform otherwise)', () => {
    const a = initDense(200, 100, 'relu', new Rng(7));
    const b = initDense(200, 100, 'relu', new Rng(7));
    expect(Array.from(a.W)).toEqual(Array.from(b.W));
    let s2 = 0;
    for (const v of a.W) s2 += v * v;
    expect(Math.sqrt(s2 / a.W.length)).toBeCloseTo(Math.sqrt(2 / 200), 2);
    const g = initDense(200, 100, 'sigmoid', new Rng(7));
    const lim = Math.sqrt(6 / 300);
    expect(Math.max(...g.W.map(Math.abs))).toBeLessThanOrEqual(lim);
    expect(Math.max(...g.W.map(Math.abs))).toBeGreaterThan(0.9 * lim);
    expect(Array.from(a.b).every((v) => v === 0)).toBe(true);
  });

  it('initMlp uses the hidden activation except on the last layer', () => {
    const layers = initMlp([4, 8, 6, 2], 'tanh', 'linear', new Rng(0));
    expect(layers.map((l) => [l.nIn, l.nOut, l.activation])).toEqual([
      [4, 8, 'tanh'],
      [8, 6, 'tanh'],
      [6, 2, 'linear'],
    ]);
    expect(parameterCount(layers)).toBe(4 * 8 + 8 + 8 * 6 + 6 + 6 * 2 + 2);
  });
});

afterAll(async () => {
  await setBackend('cpu');
});
