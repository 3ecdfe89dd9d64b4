/**
 * The clustering phase shared by DEC and IDEC: Student-t soft assignments in the embedded space,
 * the sharpened target distribution, and the self-training loop.
 *
 * @packageDocumentation
 */
import { throwIfAborted } from '../core/estimator.js';
import type { Rng } from '../core/random.js';
import { tf } from '../deep/backend.js';
import { clusteringKl, mse, studentT, targetDistribution } from '../deep/losses.js';
import { Mlp, outputWidth, type DenseWeights } from '../deep/network.js';
import { applyLayers } from '../deep/autoencoder-core.js';
import { gatherRows, makeOptimizer, optimizerStep, reportEpoch, type OptimizerKind, type TrainingRun } from '../deep/train.js';

/**
 * Student-t soft assignments of embedded rows `Z` (n x m) to `centers` (k x m), in float64:
 * `q_ij ∝ (1 + |z_i - mu_j|^2 / alpha)^(-(alpha + 1) / 2)`, each row summing to 1. O(n k m).
 */
export function softAssign(Z: Float64Array, n: number, m: number, centers: Float64Array, k: number, alpha: number, out = new Float64Array(n * k)): Float64Array {
  const power = -(alpha + 1) / 2;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      let d2 = 0;
      for (let f = 0; f < m; f++) {
        const t = (Z[i * m + f] as number) - (centers[j * m + f] as number);
        d2 += t * t;
      }
      const v = alpha === 1 ? 1 / (1 + d2) : (1 + d2 / alpha) ** power;
      out[i * k + j] = v;
      s += v;
    }
    if (s > 0) {
      for (let j = 0; j < k; j++) out[i * k + j] = (out[i * k + j] as number) / s;
    } else {
      // every kernel underflowed (a row extremely far from every centre): nearest centre wins
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        let d2 = 0;
        for (let f = 0; f < m; f++) d2 += ((Z[i * m + f] as number) - (centers[j * m + f] as number)) ** 2;
        if (d2 < bestD) {
          bestD = d2;
          best = j;
        }
        out[i * k + j] = 0;
      }
      out[i * k + best] = 1;
    }
  }
  return out;
}

/** Index of the largest value of each row (first on ties). */
export function argmaxRows(q: Float64Array, n: number, k: number, out = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = q[i * k + j] as number;
      if (v > bv) {
        bv = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Number of positions where two label vectors differ. */
function mismatch(a: Int32Array, b: Int32Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

/** Where the clustering phase starts. */
export interface DecInit {
  readonly encoder: readonly DenseWeights[];
  readonly decoder: readonly DenseWeights[] | null;
  /** Initial centres in the embedded space (k x m, row-major). */
  readonly centers: Float64Array;
  /** Initial labels (the reference of the first label-change count). */
  readonly labels: Int32Array;
  /**
   * A first target distribution (n x k, rows summing to 1), used instead of the one sharpened
   * from the soft assignments and held at later updates while the encoder is still learning it:
   * as long as the share of rows whose embedded label differs from its most probable cluster falls
   * by at least max(tol, 1/n) from one update to the next. Once that stalls it is released for
   * good and every later target is sharpened from Q. Absent: every target is computed from Q.
   */
  readonly firstTarget?: Float64Array;
}

/** Settings of the clustering phase. */
export interface DecConfig {
  readonly nClusters: number;
  readonly alpha: number;
  readonly batchSize: number;
  readonly maxIter: number;
  readonly updateInterval: number;
  readonly tol: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerKind;
  readonly momentum: number;
  /** Weight of the clustering loss next to the reconstruction loss (IDEC); null: clustering loss only (DEC). */
  readonly gamma: number | null;
}

/** Outcome of the clustering phase. */
export interface DecResult {
  readonly encoder: DenseWeights[];
  readonly decoder: DenseWeights[] | null;
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  /** Mean batch loss between successive target updates. */
  readonly lossCurve: number[];
  /** Fraction of labels that changed at each target update after the first. */
  readonly deltaCurve: number[];
  /** Batches trained. */
  readonly nIter: number;
  readonly converged: boolean;
}

/** Embeds every row with stored encoder layers (float64 codes of the float32 network). */
export function embed(encoder: readonly DenseWeights[], X: Float32Array, n: number, d: number): Float64Array {
  return applyLayers(encoder, X, n, d).data;
}

/**
 * Self-training of DEC (Xie et al. 2016) and IDEC (Guo et al. 2017): starting from pretrained
 * layers and k-means centres in the embedded space, every `updateInterval` batches the soft
 * assignments Q of all rows are computed, the target P is sharpened from them (a first one may
 * be given instead, the posteriors of another clustering, held until the embedded labels stop
 * approaching it), and training stops
 * once fewer than `tol` of the labels changed since the previous update; in between, one optimizer
 * step per shuffled batch on KL(P || Q) (DEC), or on MSE reconstruction + gamma KL (IDEC), moves
 * the encoder (and decoder) weights and the centres. A generator yielding after each batch.
 */
export function* trainDec(
  X: Float32Array,
  n: number,
  d: number,
  init: DecInit,
  cfg: DecConfig,
  rng: Rng,
  run: Omit<TrainingRun, 'stage'>,
): Generator<void, DecResult> {
  const k = cfg.nClusters;
  const m = outputWidth(init.encoder);
  const useDecoder = cfg.gamma !== null && init.decoder !== null;
  const encoder = new Mlp(init.encoder, false);
  const decoder = useDecoder ? new Mlp(init.decoder as DenseWeights[], true) : null;
  const mu = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(init.centers), [k, m], 'float32'), true));
  const optimizer = makeOptimizer(cfg.optimizer, cfg.learningRate, cfg.momentum);
  const vars = [...encoder.variables(), mu, ...(decoder ? decoder.variables() : [])];
  const batchSize = Math.min(cfg.batchSize, n);
  const order = rng.permutation(n);
  const q = new Float64Array(n * k);
  const p = new Float64Array(n * k);
  let p32 = new Float32Array(0);
  let labels = init.labels.slice();
  const next = new Int32Array(n);
  const lossCurve: number[] = [];
  const deltaCurve: number[] = [];
  const updates = Math.ceil(cfg.maxIter / cfg.updateInterval);
  const clusterRun: TrainingRun = { ...run, stage: 'cluster' };
  const current = (): { encoder: DenseWeights[]; centers: Float64Array } => ({
    encoder: encoder.read(),
    centers: Float64Array.from(mu.dataSync() as Float32Array),
  });
  // Labels of a given first target while it is held, and the fraction of rows whose embedded label missed them.
  let firstLabels = init.firstTarget === undefined ? null : argmaxRows(init.firstTarget, n, k);
  let missed = 1;
  let pos = 0;
  let ite = 0;
  let lossSum = 0;
  let lossCount = 0;
  let converged = false;
  try {
    for (; ite < cfg.maxIter; ite++) {
      throwIfAborted(run.signal, run.estimator);
      if (ite % cfg.updateInterval === 0) {
        const now = current();
        softAssign(embed(now.encoder, X, n, d), n, m, now.centers, k, cfg.alpha, q);
        argmaxRows(q, n, k, next);
        const changed = mismatch(next, labels);
        labels = next.slice();
        if (firstLabels !== null) {
          // Held while the encoder is still learning it: each update, at least tol (and one row)
          // more of the embedded labels agree with it. Released for good once that stalls.
          const miss = mismatch(next, firstLabels) / n;
          if (ite > 0 && (miss === 0 || missed - miss < Math.max(cfg.tol, 1 / n))) firstLabels = null;
          missed = miss;
        }
        if (firstLabels !== null) p.set(init.firstTarget as Float64Array);
        else targetDistribution(q, n, k, p);
        p32 = Float32Array.from(p);
        if (ite > 0) {
          const loss = lossSum / lossCount;
          lossCurve.push(loss);
          deltaCurve.push(changed / n);
          reportEpoch(clusterRun, ite / cfg.updateInterval, updates, loss);
          lossSum = 0;
          lossCount = 0;
          if (changed / n < cfg.tol) {
            converged = true;
            break;
          }
        }
      }
      if (pos + batchSize > n) {
        rng.shuffle(order);
        pos = 0;
      }
      const batch = order.subarray(pos, pos + batchSize);
      pos += batchSize;
      const xb = gatherRows(X, d, batch);
      const pb = gatherRows(p32, k, batch);
      lossSum += optimizerStep(
        optimizer,
        vars,
        () => {
          const x = tf.tensor2d(xb, [batch.length, d], 'float32');
          const z = encoder.apply(x);
          const kl = clusteringKl(tf.tensor2d(pb, [batch.length, k], 'float32'), studentT(z, mu, cfg.alpha));
          if (decoder === null) return kl;
          return tf.add(mse(x, decoder.apply(z)), tf.mul(cfg.gamma as number, kl));
        },
        run.estimator,
        'cluster',
      );
      lossCount++;
      yield;
    }
    if (lossCount > 0) {
      const loss = lossSum / lossCount;
      lossCurve.push(loss);
      reportEpoch(clusterRun, Math.ceil(ite / cfg.updateInterval), updates, loss);
    }
    const final = current();
    softAssign(embed(final.encoder, X, n, d), n, m, final.centers, k, cfg.alpha, q);
    return {
      encoder: final.encoder,
      decoder: decoder ? decoder.read() : null,
      centers: final.centers,
      labels: argmaxRows(q, n, k),
      lossCurve,
      deltaCurve,
      nIter: ite,
      converged,
    };
  } finally {
    encoder.dispose();
    decoder?.dispose();
    mu.dispose();
    optimizer.dispose();
  }
}
