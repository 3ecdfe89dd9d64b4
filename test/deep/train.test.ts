import { describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/random.js';
import { getBackend, setBackend, tf } from '../../src/deep/backend.js';
import { runAsync, runSync, trainLoop, type TrainLoopConfig } from '../../src/deep/train.js';

function config(losses: number[], extra: Partial<TrainLoopConfig> = {}): TrainLoopConfig {
  let epochSeen = -1;
  return {
    estimator: 'Test',
    stage: 'train',
    nSamples: 10,
    batchSize: 4,
    epochs: losses.length,
    rng: new Rng(0),
    tol: 0.1,
    nIterNoChange: 2,
    step: (_batch, epoch) => {
      epochSeen = epoch;
      return losses[epochSeen] as number;
    },
    ...extra,
  };
}

describe('trainLoop', () => {
  it('visits every row once per epoch in batches, reshuffled each epoch', () => {
    const seen: number[][] = [];
    const cfg = { ...config([1, 1, 1]), nIterNoChange: 100, step: (b: Int32Array) => (seen.push(Array.from(b)), 1) };
    const r = runSync(trainLoop(cfg));
    expect(r.nIter).toBe(3);
    expect(seen.map((b) => b.length)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
    for (let e = 0; e < 3; e++) expect(seen.slice(3 * e, 3 * e + 3).flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(0, 3).flat()).not.toEqual(seen.slice(3, 6).flat());
  });

  it("stops by scikit-learn's rule: more than nIterNoChange epochs without a tol improvement", () => {
    // 5 -> 4 improves; 3.95, 3.9, 3.85 improve by < 0.1: the third such epoch stops training
    const r = runSync(trainLoop(config([5, 4, 3.95, 3.9, 3.85, 1, 1])));
    expect(r.lossCurve).toEqual([5, 4, 3.95, 3.9, 3.85]);
    expect(r.stoppedEarly).toBe(true);
    expect(r.bestLoss).toBeCloseTo(3.85, 12);
  });

  it('monitors a validation loss when given and reports progress per epoch', () => {
    const progress: number[] = [];
    let v = 10;
    const r = runSync(trainLoop(config([1, 1, 1, 1], { nIterNoChange: 100, validationLoss: () => (v -= 1), onProgress: (p) => progress.push(p.epoch) })));
    expect(r.validationCurve).toEqual([9, 8, 7, 6]);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('ignores the warm-up epochs (monitorFrom)', () => {
    const r = runSync(trainLoop(config([1, 2, 3, 4, 5, 0.5], { monitorFrom: 4, nIterNoChange: 1 })));
    expect(r.nIter).toBe(6);
  });

  it('throws AbortError before the next batch once the signal fires', () => {
    const ac = new AbortController();
    let steps = 0;
    const cfg = { ...config([1, 1, 1]), step: () => (++steps === 2 ? ac.abort() : undefined, 1), signal: ac.signal };
    expect(() => runSync(trainLoop(cfg))).toThrow(AbortError);
    expect(steps).toBe(2);
  });

  it('runAsync returns to the event loop during long loops', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const cfg = { ...config(Array.from({ length: 400 }, () => 1)), nIterNoChange: 1000, step: () => {
      const t = Date.now();
      while (Date.now() - t < 1);
      return 1;
    } };
    await runAsync(trainLoop(cfg), 5);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('backend', () => {
  it('setBackend switches and reports; unknown names are rejected', async () => {
    expect(await setBackend('cpu')).toBe('cpu');
    expect(getBackend()).toBe('cpu');
    await expect(setBackend('no-such-backend')).rejects.toThrow(InvalidParameterError);
    expect(await setBackend()).toBe('wasm');
    expect(getBackend()).toBe('wasm');
    await setBackend('cpu');
  });

  it('registers the gradients tfjs-core lacks', () => {
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.div(tf.square(x), 2)))(tf.tensor1d([3, -1])).dataSync());
    expect(Array.from(g)).toEqual([3, -1]);
  });
});
