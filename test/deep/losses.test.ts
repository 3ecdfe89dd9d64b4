import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tf } from '../../src/deep/backend.js';
import { bceWithLogits, clusteringKl, gaussianKl, mse, studentT, targetDistribution } from '../../src/deep/losses.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const value = (f: () => tf.Tensor): number => tf.tidy(() => (f().dataSync() as Float32Array)[0] as number);

describe('losses', () => {
  it('mse is the mean of squared differences', () => {
    expect(value(() => mse(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1, 0], [0, 4]])))).toBeCloseTo((0 + 4 + 9 + 0) / 4, 6);
  });

  it('bceWithLogits equals -[x log s(z) + (1 - x) log(1 - s(z))], also for large logits', () => {
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const x = [1, 0, 0.3];
    const z = [2, -1, 0.5];
    const expected = x.reduce((acc, xi, i) => acc - (xi * Math.log(s(z[i] as number)) + (1 - xi) * Math.log(1 - s(z[i] as number))), 0) / 3;
    expect(value(() => bceWithLogits(tf.tensor2d([x]), tf.tensor2d([z])))).toBeCloseTo(expected, 5);
    // z = 100, x = 0: loss 100 (a naive log(1 - sigmoid) would give Infinity)
    expect(value(() => bceWithLogits(tf.tensor2d([[0]]), tf.tensor2d([[100]])))).toBeCloseTo(100, 3);
  });

  it('gaussianKl is 0 at the prior and 0.5 (mu^2 + s^2 - 1 - log s^2) per dimension otherwise', () => {
    expect(value(() => gaussianKl(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 0]])))).toBeCloseTo(0, 7);
    const mu = 1.5;
    const lv = Math.log(0.25);
    const one = 0.5 * (mu * mu + 0.25 - 1 - lv);
    // two rows: the batch mean of the per-row sums
    expect(value(() => gaussianKl(tf.tensor2d([[mu, 0], [0, 0]]), tf.tensor2d([[lv, 0], [0, 0]])))).toBeCloseTo(one / 2, 5);
  });

  it('studentT rows sum to 1 and prefer the nearer centre; clusteringKl is 0 when P = Q', () => {
    const q = tf.tidy(() => studentT(tf.tensor2d([[0, 0], [2, 2]]), tf.tensor2d([[0, 0], [2, 2]]), 1).arraySync() as number[][]);
    expect(q[0]![0]).toBeCloseTo(1 / (1 + 1 / 9), 6);
    expect(q[1]![1]).toBeGreaterThan(q[1]![0] as number);
    expect(value(() => clusteringKl(tf.tensor2d(q), tf.tensor2d(q)))).toBeCloseTo(0, 6);
    // KL([1, 0] || [0.5, 0.5]) = log 2
    expect(value(() => clusteringKl(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.5]])))).toBeCloseTo(Math.log(2), 5);
  });

  it('targetDistribution keeps rows normalised and sharpens them', () => {
    const q = Float64Array.from([0.6, 0.4, 0.3, 0.7, 0.5, 0.5]);
    const p = targetDistribution(q, 3, 2, new Float64Array(6));
    for (let i = 0; i < 3; i++) expect((p[2 * i] as number) + (p[2 * i + 1] as number)).toBeCloseTo(1, 15);
    expect(p[0]).toBeGreaterThan(0.6);
    expect(p[3]).toBeGreaterThan(0.7);
  });
});
