/**
 * The mini-batch training loop (shuffled from the Rng, early stopping, progress, abort), the
 * optimizers, and batched data helpers. The loop is a generator, so one body serves a synchronous
 * `fit` and an asynchronous `fitAsync` that returns to the event loop between batches.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { throwIfAborted, type Progress } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import type { Rng } from '../core/random.js';
import { tf } from './backend.js';

/** Progress of deep training, one report per epoch (or per target update in clustering). */
export interface DeepProgress extends Progress {
  /** 1-based epoch within the stage (the same as `step`). */
  readonly epoch: number;
  /** Epochs in the stage (the same as `total`). */
  readonly epochs: number;
  /** Mean training loss of the epoch. */
  readonly loss: number;
}

/** Optimizers of the deep estimators. */
export type OptimizerKind = 'adam' | 'sgd';

/** The optimisation settings every deep training kernel reads (the estimators' resolved parameters). */
export interface TrainingSpec {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerKind;
  readonly momentum: number;
  readonly tol: number;
  readonly nIterNoChange: number;
}

/**
 * A tfjs-core optimizer: Adam (beta1 0.9, beta2 0.999, epsilon 1e-7) or SGD with momentum.
 * Dispose it after training (its moment variables live on the backend).
 */
export function makeOptimizer(kind: OptimizerKind, learningRate: number, momentum = 0.9): tf.Optimizer {
  return kind === 'adam' ? tf.train.adam(learningRate, 0.9, 0.999, 1e-7) : tf.train.momentum(learningRate, momentum);
}

/**
 * One optimizer step on `lossFn`, inside `tf.tidy`; returns the loss value.
 *
 * @throws {@link ValidationError} when the loss is not finite (training diverged)
 */
export function optimizerStep(optimizer: tf.Optimizer, vars: tf.Variable[], lossFn: () => tf.Scalar, estimator: string, stage: string): number {
  const value = tf.tidy(() => {
    const { value: loss, grads } = tf.variableGrads(lossFn, vars);
    optimizer.applyGradients(grads);
    return (loss.dataSync() as Float32Array)[0] as number;
  });
  if (!Number.isFinite(value)) throw new ValidationError(messages.deep.diverged(estimator, stage));
  return value;
}

/** Settings of {@link trainLoop}. */
export interface TrainLoopConfig {
  readonly estimator: string;
  /** Stage name in progress reports ('train', 'pretrain'...). */
  readonly stage: string;
  readonly nSamples: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Shuffles the rows every epoch. */
  readonly rng: Rng;
  /** One optimizer step on the rows `batch`; returns the batch's mean loss. */
  readonly step: (batch: Int32Array, epoch: number) => number;
  /** Loss minimum improvement (absolute); 0 with `nIterNoChange` = epochs disables early stopping. */
  readonly tol: number;
  /** Training stops once more than this many epochs in a row improved the monitored loss by less than `tol`. */
  readonly nIterNoChange: number;
  /** Epochs (e.g. a warm-up) before the stopping rule starts watching the loss. @defaultValue 0 */
  readonly monitorFrom?: number;
  /** Validation loss computed after each epoch; monitored instead of the training loss when given. */
  readonly validationLoss?: () => number;
  /** Called when the monitored loss reaches a new best (to snapshot the weights). */
  readonly onBest?: () => void;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DeepProgress) => void;
}

/** Who trains and how it reports: the run part of a training kernel's arguments. */
export interface TrainingRun {
  readonly estimator: string;
  /** Stage name in progress reports ('train', 'pretrain'...). */
  readonly stage: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DeepProgress) => void;
}

/** The {@link trainLoop} settings read from a spec and a run: batches of at most `nSamples` rows shuffled by `rng`. */
export function loopSettings(spec: TrainingSpec, run: TrainingRun, nSamples: number, rng: Rng): Omit<TrainLoopConfig, 'step'> {
  return {
    estimator: run.estimator,
    stage: run.stage,
    nSamples,
    batchSize: Math.min(spec.batchSize, nSamples),
    epochs: spec.epochs,
    rng,
    tol: spec.tol,
    nIterNoChange: spec.nIterNoChange,
    signal: run.signal,
    onProgress: run.onProgress,
  };
}

/**
 * Reports a finished epoch (or target update) to `onProgress`, then throws if the callback (or
 * anything before it) aborted the signal.
 *
 * @throws {@link AbortError} when the signal has fired
 */
export function reportEpoch(run: TrainingRun, epoch: number, epochs: number, loss: number): void {
  run.onProgress?.({ stage: run.stage, step: epoch, total: epochs, epoch, epochs, loss });
  throwIfAborted(run.signal, run.estimator);
}

/** Outcome of {@link trainLoop}. */
export interface TrainLoopResult {
  /** Mean training loss of each epoch run. */
  readonly lossCurve: number[];
  /** Validation loss of each epoch (empty without validation). */
  readonly validationCurve: number[];
  /** Epochs run. */
  readonly nIter: number;
  /** Best monitored loss. */
  readonly bestLoss: number;
  /** Whether early stopping ended training before `epochs`. */
  readonly stoppedEarly: boolean;
}

/**
 * Mini-batch training: every epoch shuffles the rows with the Rng, runs one step per batch of
 * `batchSize` rows (the last batch may be smaller), reports the epoch's mean loss, and stops when the
 * monitored loss has improved by less than `tol` in more than `nIterNoChange` consecutive epochs
 * (scikit-learn's MLP rule).
 * Yields after every batch; drive it with {@link runSync} or {@link runAsync}.
 *
 * @throws {@link AbortError} when the signal fires (checked before every batch)
 */
export function* trainLoop(cfg: TrainLoopConfig): Generator<void, TrainLoopResult> {
  const { nSamples: n, batchSize, epochs } = cfg;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const lossCurve: number[] = [];
  const validationCurve: number[] = [];
  let best = Infinity;
  let noImprovement = 0;
  let stoppedEarly = false;
  let epoch = 0;
  while (epoch < epochs) {
    cfg.rng.shuffle(order);
    let sum = 0;
    for (let start = 0; start < n; start += batchSize) {
      throwIfAborted(cfg.signal, cfg.estimator);
      const batch = order.subarray(start, Math.min(n, start + batchSize));
      sum += cfg.step(batch, epoch) * batch.length;
      yield;
    }
    epoch++;
    const loss = sum / n;
    lossCurve.push(loss);
    const monitored = cfg.validationLoss ? cfg.validationLoss() : loss;
    if (cfg.validationLoss) validationCurve.push(monitored);
    reportEpoch(cfg, epoch, epochs, loss);
    if (epoch > (cfg.monitorFrom ?? 0)) {
      noImprovement = monitored > best - cfg.tol ? noImprovement + 1 : 0;
      if (monitored < best) {
        best = monitored;
        cfg.onBest?.();
      }
    } else {
      // still warming up: the latest epoch is the reference
      best = monitored;
      cfg.onBest?.();
    }
    if (noImprovement > cfg.nIterNoChange && epoch < epochs) {
      stoppedEarly = true;
      break;
    }
  }
  return { lossCurve, validationCurve, nIter: epoch, bestLoss: best, stoppedEarly };
}

/** Runs a training generator to completion, synchronously. */
export function runSync<T>(gen: Generator<void, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Runs a training generator, returning to the event loop every `sliceMs` milliseconds so timers,
 * UI events and AbortSignals are served during training.
 */
export async function runAsync<T>(gen: Generator<void, T>, sliceMs = 25): Promise<T> {
  let last = now();
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    if (now() - last >= sliceMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = now();
    }
  }
}

/** A matrix as float32, row-major (the dtype the networks run in). */
export function toFloat32(m: Matrix): Float32Array {
  return Float32Array.from(m.data);
}

/** Copies rows `idx` of a row-major n x d array into a new batch array. */
export function gatherRows(src: Float32Array, d: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * d);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r] as number;
    out.set(src.subarray(i * d, (i + 1) * d), r * d);
  }
  return out;
}
