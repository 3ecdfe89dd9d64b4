/**
 * What the deep estimators (Autoencoder, VAE, DEC, IDEC) share around their training kernels: the
 * start of a fit, encoding and decoding validated rows with stored layers, and the checks of
 * restored layers.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { WarningCollector } from '../core/warnings.js';
import { applyLayers, checkLayers, type AutoencoderRngs } from './autoencoder-core.js';
import { ensureBackend } from './backend.js';
import type { DenseWeights } from './network.js';
import { toFloat32 } from './train.js';

/** What a deep fit sets up once its input is valid. */
export interface TrainingStart {
  /** Warnings of the fit, with DATA_ADJUSTED already recorded when the batches were clipped. */
  readonly warnings: WarningCollector;
  /** `randomState` resolved. */
  readonly seedUsed: number;
  /** The fit's Rng, after `rngs` were forked from it (further streams fork from here). */
  readonly rng: Rng;
  /** The streams of the network training, forked first, in the order of {@link AutoencoderRngs}. */
  readonly rngs: AutoencoderRngs;
}

/**
 * The warnings, seed and Rng streams of a deep fit that trains on `nTrain` rows; warns (DATA_ADJUSTED)
 * when `batchSize` exceeds them.
 */
export function startTraining(estimator: string, params: { batchSize: number; randomState: RandomState }, nTrain: number): TrainingStart {
  const warnings = new WarningCollector(estimator);
  if (params.batchSize > nTrain && nTrain >= 1) warnings.warn('DATA_ADJUSTED', messages.deep.batchSizeClamped(estimator, params.batchSize, nTrain));
  const seedUsed = resolveSeed(params.randomState);
  const rng = new Rng(seedUsed);
  const rngs = { init: rng.fork(), shuffle: rng.fork(), noise: rng.fork() };
  return { warnings, seedUsed, rng, rngs };
}

/** Encodes validated rows with stored encoder layers, on the active backend (n x code width). */
export function encodeRows(estimator: string, encoder: readonly DenseWeights[], m: Matrix): Matrix {
  ensureBackend(estimator);
  return applyLayers(encoder, toFloat32(m), m.rows, m.cols);
}

/**
 * Decodes validated codes `Z` with stored decoder layers (through a sigmoid with `sigmoid`, for decoders trained with 'bce').
 *
 * @throws {@link ValidationError} when Z's width is not the decoder's input width
 */
export function decodeRows(estimator: string, decoder: readonly DenseWeights[], Z: Matrix, sigmoid: boolean): Matrix {
  const k = (decoder[0] as DenseWeights).nIn;
  if (Z.cols !== k) throw new ValidationError(messages.featureCount(estimator, 'Z', Z.cols, k));
  ensureBackend(estimator);
  return applyLayers(decoder, toFloat32(Z), Z.rows, Z.cols, sigmoid);
}

/**
 * Checks restored layers: the encoder maps `nFeaturesIn` to `encoderOut`, the decoder (when there
 * is one) `decoderIn` back to `nFeaturesIn`.
 *
 * @throws {@link SerializationError} naming the first inconsistency
 */
export function checkCodecLayers(
  estimator: string,
  s: { readonly nFeaturesIn: number; readonly encoder: readonly DenseWeights[]; readonly decoder?: readonly DenseWeights[] | undefined },
  encoderOut: number,
  decoderIn = encoderOut,
): void {
  checkLayers(estimator, 'encoder', s.encoder, s.nFeaturesIn, encoderOut);
  if (s.decoder !== undefined) checkLayers(estimator, 'decoder', s.decoder, decoderIn, s.nFeaturesIn);
}
