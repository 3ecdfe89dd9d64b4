/**
 * Autoencoder training and inference on stored weights: the kernel behind Autoencoder and the
 * pretraining of DEC and IDEC.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import type { Rng } from '../core/random.js';
import { field, type FieldSpec } from '../core/serialize.js';
import { tf } from './backend.js';
import { convOutputShape } from './conv.js';
import { bceWithLogits, mse } from './losses.js';
import { ACTIVATIONS, disposeFrozen, forwardFrozen, freeze, initMlp, storedLayerSizes, Mlp, outputWidth, type Activation, type DenseWeights } from './network.js';
import { gatherRows, loopSettings, makeOptimizer, optimizerStep, trainLoop, type TrainingRun, type TrainingSpec, type TrainLoopResult } from './train.js';

/** Reconstruction losses. 'bce' reads inputs as probabilities in [0, 1] and decodes through a sigmoid. */
export type ReconstructionLoss = 'mse' | 'bce';

/** Input corruption of denoising autoencoders. */
export type Denoising = 'none' | 'gaussian' | 'dropout';

/** The architecture shared by the autoencoder and the VAE: encoder d -> hiddenSizes -> nComponents, mirrored decoder. */
export interface NetworkSpec {
  readonly hiddenSizes: readonly number[];
  readonly nComponents: number;
  readonly activation: Activation;
  readonly loss: ReconstructionLoss;
}

/** What {@link trainAutoencoder} needs (the estimators' resolved parameters). */
export interface AutoencoderSpec extends NetworkSpec, TrainingSpec {
  readonly denoising: Denoising;
  readonly noiseLevel: number;
  /** Fraction of rows held out to monitor (0: monitor the training loss, keep the last weights). */
  readonly validationFraction: number;
}

/** A trained autoencoder. */
export interface TrainedAutoencoder extends TrainLoopResult {
  readonly encoder: DenseWeights[];
  readonly decoder: DenseWeights[];
}

/** Streams of randomness used by {@link trainAutoencoder}, forked by the caller in this order. */
export interface AutoencoderRngs {
  readonly init: Rng;
  readonly shuffle: Rng;
  readonly noise: Rng;
}

/** The state-schema spec of a list of dense layers. */
export const layersField: FieldSpec = field.array(
  field.record({
    nIn: field.int({ min: 1 }),
    nOut: field.int({ min: 1 }),
    activation: field.string(ACTIVATIONS),
    W: field.float32(),
    b: field.float32(),
    conv: field.optional(
      field.record({
        h: field.int({ min: 1 }),
        w: field.int({ min: 1 }),
        cin: field.int({ min: 1 }),
        k: field.int({ min: 1 }),
        s: field.int({ min: 1 }),
        cout: field.int({ min: 1 }),
        pad: field.optional(field.int({ min: 0 })),
        transposed: field.boolean(),
      }),
    ),
  }),
);

/**
 * Checks that restored layers chain from `nIn` to `nOut` with arrays of the right lengths.
 *
 * @throws {@link SerializationError} naming the first inconsistency
 */
export function checkLayers(estimator: string, what: string, layers: readonly DenseWeights[], nIn: number, nOut: number): void {
  const bad = (detail: string): never => {
    throw new SerializationError(messages.serialization.inconsistent(estimator, `${what}: ${detail}`));
  };
  if (layers.length === 0) bad('no layers.');
  let width = nIn;
  layers.forEach((L, i) => {
    const c = L.conv;
    if (c !== undefined && typeof c.pad === 'number' && c.pad >= c.k) bad(`layer ${i} pads ${c.pad} zeros around a ${c.k} x ${c.k} kernel, at most ${c.k - 1}.`);
    if (c !== undefined && Math.min(...convOutputShape(c)) < 1) bad(`layer ${i} convolves ${c.h} x ${c.w} pixels to nothing.`);
    const want = storedLayerSizes(L);
    if (L.nIn !== width) bad(`layer ${i} takes ${L.nIn} inputs, expected ${width}.`);
    if (want.nIn !== L.nIn || want.nOut !== L.nOut) bad(`layer ${i} maps ${L.nIn} to ${L.nOut} values, its convolution ${want.nIn} to ${want.nOut}.`);
    if (L.W.length !== want.W) bad(`layer ${i} W has ${L.W.length} values, expected ${want.W}.`);
    if (L.b.length !== want.b) bad(`layer ${i} b has ${L.b.length} values, expected ${want.b}.`);
    width = L.nOut;
  });
  if (width !== nOut) bad(`the last layer gives ${width} outputs, expected ${nOut}.`);
}

/** Layer sizes of the encoder, d -> hidden... -> nComponents. */
export function encoderSizes(d: number, spec: Pick<AutoencoderSpec, 'hiddenSizes' | 'nComponents'>): number[] {
  return [d, ...spec.hiddenSizes, spec.nComponents];
}

/** Corrupts a batch in place: additive Gaussian noise of std `level`, or inverted dropout of rate `level`. */
export function corrupt(x: Float32Array, kind: Denoising, level: number, rng: Rng): Float32Array {
  if (kind === 'gaussian') {
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + level * rng.normal();
  } else if (kind === 'dropout') {
    const keep = 1 / (1 - level);
    for (let i = 0; i < x.length; i++) x[i] = rng.float() < level ? 0 : (x[i] as number) * keep;
  }
  return x;
}

/** The reconstruction loss of a batch from the decoder's raw output. */
export function reconstructionLoss(kind: ReconstructionLoss, x: tf.Tensor2D, out: tf.Tensor2D): tf.Scalar {
  return kind === 'mse' ? mse(x, out) : bceWithLogits(x, out);
}

/** Splits rows 0..n-1 into a training and a held-out part with the Rng. */
export function splitRows(n: number, fraction: number, rng: Rng, estimator: string, d: number): { train: Int32Array; valid: Int32Array } {
  if (fraction <= 0) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return { train: all, valid: new Int32Array(0) };
  }
  const nValid = Math.ceil(n * fraction);
  if (n - nValid < 1) throw new ValidationError(messages.tooFewSamples(estimator, 'X', n, d, 2));
  const perm = rng.permutation(n);
  return { train: perm.slice(nValid), valid: perm.slice(0, nValid) };
}

/**
 * Trains an autoencoder on the float32 rows `X` (n x d): encoder d -> hiddenSizes -> nComponents
 * (linear code), mirrored decoder (linear output, logits for 'bce'), Adam or SGD with momentum on
 * the mean reconstruction loss of shuffled mini-batches. With `validationFraction` > 0 the
 * held-out loss is monitored and the best epoch's weights are kept. A generator: yields after
 * each batch (see `runSync`/`runAsync`). Frees every tensor it made, also on errors and aborts.
 *
 * @param initial - pretrained layers to continue from, instead of a seeded initialisation
 */
export function* trainAutoencoder(
  X: Float32Array,
  n: number,
  d: number,
  spec: AutoencoderSpec,
  rngs: AutoencoderRngs,
  run: TrainingRun,
  initial?: { encoder: readonly DenseWeights[]; decoder: readonly DenseWeights[] },
): Generator<void, TrainedAutoencoder> {
  const sizes = encoderSizes(d, spec);
  const encoderInit = initial?.encoder ?? initMlp(sizes, spec.activation, 'linear', rngs.init);
  const decoderInit = initial?.decoder ?? initMlp(sizes.slice().reverse(), spec.activation, 'linear', rngs.init);
  const { train, valid } = splitRows(n, spec.validationFraction, rngs.shuffle, run.estimator, d);
  const Xtrain = train.length === n ? X : gatherRows(X, d, train);
  const Xvalid = valid.length > 0 ? gatherRows(X, d, valid) : undefined;
  const nets = trainingNetworks(encoderInit, decoderInit, spec);
  const { encoder, decoder } = nets;
  let best: { encoder: DenseWeights[]; decoder: DenseWeights[] } | undefined;
  try {
    const result = yield* trainLoop({
      ...loopSettings(spec, run, train.length, rngs.shuffle),
      step: (batch) => {
        const clean = gatherRows(Xtrain, d, batch);
        const input = spec.denoising === 'none' ? clean : corrupt(clean.slice(), spec.denoising, spec.noiseLevel, rngs.noise);
        return nets.step(() => {
          const x = tf.tensor2d(clean, [batch.length, d], 'float32');
          const xin = input === clean ? x : tf.tensor2d(input, [batch.length, d], 'float32');
          return reconstructionLoss(spec.loss, x, decoder.apply(encoder.apply(xin)));
        }, run);
      },
      ...(Xvalid
        ? {
            validationLoss: () => datasetLoss(Xvalid, valid.length, d, (x) => reconstructionLoss(spec.loss, x, decoder.apply(encoder.apply(x)))),
            onBest: () => {
              best = { encoder: encoder.read(), decoder: decoder.read() };
            },
          }
        : {}),
    });
    const final = best ?? { encoder: encoder.read(), decoder: decoder.read() };
    return { ...result, encoder: final.encoder, decoder: final.decoder };
  } finally {
    nets.dispose();
  }
}

/** An encoder and a decoder trained together by one optimizer (the autoencoder's and the VAE's networks). */
export interface TrainingNetworks {
  readonly encoder: Mlp;
  readonly decoder: Mlp;
  /** One optimizer step on both networks' weights; returns the loss (throws when it is not finite). */
  step(loss: () => tf.Scalar, run: Pick<TrainingRun, 'estimator' | 'stage'>): number;
  /** Frees the weights and the optimizer's variables. */
  dispose(): void;
}

/** Builds the networks from initial layers and the optimizer the spec names. */
export function trainingNetworks(encoderInit: readonly DenseWeights[], decoderInit: readonly DenseWeights[], spec: TrainingSpec): TrainingNetworks {
  const encoder = new Mlp(encoderInit, false);
  const decoder = new Mlp(decoderInit, true);
  const optimizer = makeOptimizer(spec.optimizer, spec.learningRate, spec.momentum);
  const vars = [...encoder.variables(), ...decoder.variables()];
  return {
    encoder,
    decoder,
    step: (loss, run) => optimizerStep(optimizer, vars, loss, run.estimator, run.stage),
    dispose: () => {
      encoder.dispose();
      decoder.dispose();
      optimizer.dispose();
    },
  };
}

/** Mean of a per-batch mean loss over all rows, in chunks inside tidy. */
export function datasetLoss(X: Float32Array, n: number, d: number, loss: (x: tf.Tensor2D) => tf.Scalar, chunk = 1024): number {
  let sum = 0;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const v = tf.tidy(() => (loss(tf.tensor2d(X.subarray(start * d, end * d), [end - start, d], 'float32')).dataSync() as Float32Array)[0] as number);
    sum += v * (end - start);
  }
  return sum / n;
}

/**
 * Applies stored layers to the rows of X (float32, n x d) in chunks; returns a Float64 matrix.
 * With `sigmoid`, the output goes through a logistic function (decoders trained with 'bce').
 */
export function applyLayers(layers: readonly DenseWeights[], X: Float32Array, n: number, d: number, sigmoid = false, chunk = 1024): { rows: number; cols: number; data: Float64Array } {
  const cols = outputWidth(layers);
  const frozen = freeze(layers);
  try {
    const out = new Float64Array(n * cols);
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      const values = tf.tidy(() => {
        const y = forwardFrozen(frozen, tf.tensor2d(X.slice(start * d, end * d), [end - start, d], 'float32'));
        return (sigmoid ? tf.sigmoid(y) : y).dataSync() as Float32Array;
      });
      out.set(values, start * cols);
    }
    return { rows: n, cols, data: out };
  } finally {
    disposeFrozen(frozen);
  }
}
