/**
 * Variational autoencoder training: Gaussian encoder, reparameterisation with noise from the Rng,
 * KL weight with linear warm-up. The kernel behind VAE.
 *
 * @packageDocumentation
 */
import { trainingNetworks, type AutoencoderRngs, type NetworkSpec, type ReconstructionLoss, type TrainedAutoencoder } from './autoencoder-core.js';
import { tf } from './backend.js';
import { gaussianKl } from './losses.js';
import { initDense, initMlp, type DenseWeights } from './network.js';
import { gatherRows, loopSettings, trainLoop, type TrainingRun, type TrainingSpec } from './train.js';

/** Resolved settings of a VAE fit. */
export interface VaeSpec extends NetworkSpec, TrainingSpec {
  readonly klWeight: number;
  /** Epochs over which the KL weight rises linearly to `klWeight` (0: full weight from the start). */
  readonly klWarmup: number;
}

/** A trained VAE: the encoder ends in one linear layer of 2 x nComponents outputs (means, then log-variances). */
export type TrainedVae = TrainedAutoencoder;

/** The KL weight of a 0-based epoch: `klWeight * min(1, (epoch + 1) / klWarmup)`. */
export function klWeightAt(epoch: number, klWeight: number, klWarmup: number): number {
  return klWarmup <= 0 ? klWeight : klWeight * Math.min(1, (epoch + 1) / klWarmup);
}

/**
 * The negative ELBO of a batch with weight `beta` on the KL term: reconstruction summed over
 * features (0.5 x squared error, a unit-variance Gaussian decoder, for 'mse'; cross-entropy for
 * 'bce') plus `beta` KL(q(z|x) || N(0, I)), averaged over rows.
 */
export function vaeLoss(kind: ReconstructionLoss, x: tf.Tensor2D, out: tf.Tensor2D, mu: tf.Tensor2D, logVar: tf.Tensor2D, beta: number): tf.Scalar {
  const perElement =
    kind === 'mse'
      ? tf.mul(0.5, tf.squaredDifference(x, out))
      : tf.add(tf.sub(tf.relu(out), tf.mul(out, x)), tf.log1p(tf.exp(tf.neg(tf.abs(out)))));
  const recon = tf.mean(tf.sum(perElement, 1)) as tf.Scalar;
  return beta === 0 ? recon : (tf.add(recon, tf.mul(beta, gaussianKl(mu, logVar))) as tf.Scalar);
}

/** Splits the encoder output into means and log-variances. */
export function splitHead(h: tf.Tensor2D, k: number): [tf.Tensor2D, tf.Tensor2D] {
  const mu = tf.slice(h, [0, 0], [-1, k]) as tf.Tensor2D;
  const logVar = tf.slice(h, [0, k], [-1, k]) as tf.Tensor2D;
  return [mu, logVar];
}

/**
 * Trains a VAE on float32 rows (n x d): encoder d -> hiddenSizes -> 2k (means and log-variances,
 * the log-variance head starting at zero weights so q starts at unit variance), z = mu +
 * exp(logVar / 2) eps with eps ~ N(0, I) drawn from `rngs.noise`, decoder k -> hiddenSizes reversed
 * -> d. Early stopping (tol, nIterNoChange) watches the loss only after the warm-up. A generator.
 */
export function* trainVae(
  X: Float32Array,
  n: number,
  d: number,
  spec: VaeSpec,
  rngs: AutoencoderRngs,
  run: Omit<TrainingRun, 'stage'>,
): Generator<void, TrainedVae> {
  const k = spec.nComponents;
  const trunkSizes = [d, ...spec.hiddenSizes];
  const trunk = initMlp(trunkSizes, spec.activation, spec.activation, rngs.init);
  const width = trunkSizes[trunkSizes.length - 1] as number;
  const muHead = initDense(width, k, 'linear', rngs.init);
  // head columns: k means (Glorot), then k log-variances (zero: unit variance at the start)
  const head: DenseWeights = { nIn: width, nOut: 2 * k, activation: 'linear', W: new Float32Array(width * 2 * k), b: new Float32Array(2 * k) };
  for (let r = 0; r < width; r++) (head.W as Float32Array).set(muHead.W.subarray(r * k, (r + 1) * k), r * 2 * k);
  const decoderInit = initMlp([k, ...spec.hiddenSizes.slice().reverse(), d], spec.activation, 'linear', rngs.init);
  const nets = trainingNetworks([...trunk, head], decoderInit, spec);
  const { encoder, decoder } = nets;
  const trainRun: TrainingRun = { ...run, stage: 'train' };
  try {
    const result = yield* trainLoop({
      ...loopSettings(spec, trainRun, n, rngs.shuffle),
      monitorFrom: spec.klWarmup,
      step: (batch, epoch) => {
        const xb = gatherRows(X, d, batch);
        const eps = new Float32Array(batch.length * k);
        for (let i = 0; i < eps.length; i++) eps[i] = rngs.noise.normal();
        const beta = klWeightAt(epoch, spec.klWeight, spec.klWarmup);
        return nets.step(() => {
          const x = tf.tensor2d(xb, [batch.length, d], 'float32');
          const [mu, logVar] = splitHead(encoder.apply(x), k);
          const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), tf.tensor2d(eps, [batch.length, k], 'float32'))) as tf.Tensor2D;
          return vaeLoss(spec.loss, x, decoder.apply(z), mu, logVar, beta);
        }, trainRun);
      },
    });
    return { ...result, encoder: encoder.read(), decoder: decoder.read() };
  } finally {
    nets.dispose();
  }
}
