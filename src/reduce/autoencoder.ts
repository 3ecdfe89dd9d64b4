/**
 * Autoencoder: a dense encoder-decoder network trained to reconstruct its input; the encoder's
 * output is a compressed code of each row.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, custom, int, isNull, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import type { RandomState, Rng } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { checkCodecLayers, decodeRows, encodeRows, startTraining } from '../deep/_estimator.js';
import { layersField, trainAutoencoder, type Denoising, type ReconstructionLoss } from '../deep/autoencoder-core.js';
import { ensureBackend, readyBackend } from '../deep/backend.js';
import { ACTIVATIONS, convEncoderShapes, initConvAutoencoder, outputWidth, type Activation, type DenseWeights } from '../deep/network.js';
import { runAsync, runSync, toFloat32, type DeepProgress, type OptimizerKind } from '../deep/train.js';
import { checkUnitInterval, rejectSampleWeight } from './_input-checks.js';

/** Options of {@link Autoencoder}. */
export interface AutoencoderOptions {
  /** Widths of the encoder's hidden layers (the decoder mirrors them). @defaultValue [64, 32] */
  readonly hiddenSizes?: readonly number[];
  /** Width of the code (latent space). At most the number of features. @defaultValue 2 */
  readonly nComponents?: number;
  /** Activation of the hidden layers; the code and output layers are linear. @defaultValue 'relu' */
  readonly activation?: Activation;
  /**
   * Reconstruction loss: 'mse' (mean squared error, any real features) or 'bce' (binary
   * cross-entropy; features in [0, 1], decoded through a sigmoid). @defaultValue 'mse'
   */
  readonly loss?: ReconstructionLoss;
  /**
   * Input corruption while training (a denoising autoencoder): 'gaussian' adds noise of standard
   * deviation `noiseLevel`; 'dropout' zeroes each input with probability `noiseLevel` and scales the
   * rest by 1 / (1 - noiseLevel). @defaultValue 'none'
   */
  readonly denoising?: Denoising;
  /** Noise standard deviation ('gaussian') or rate ('dropout'). @defaultValue 0.1 */
  readonly noiseLevel?: number;
  /** Most passes over the training rows. @defaultValue 200 */
  readonly epochs?: number;
  /** Rows per gradient step; clipped (with a DATA_ADJUSTED warning) to the training rows. @defaultValue 64 */
  readonly batchSize?: number;
  /** Step size of the optimizer. @defaultValue 0.001 */
  readonly learningRate?: number;
  /** 'adam' or 'sgd' (with `momentum`). @defaultValue 'adam' */
  readonly optimizer?: OptimizerKind;
  /** Momentum of 'sgd'. @defaultValue 0.9 */
  readonly momentum?: number;
  /** Improvement of the monitored loss that resets the patience counter. @defaultValue 1e-4 */
  readonly tol?: number;
  /** Training stops after more than this many epochs in a row without a `tol` improvement. @defaultValue 10 */
  readonly nIterNoChange?: number;
  /**
   * Hold out `validationFraction` of the rows, monitor their loss instead of the training loss,
   * and keep the weights of the best epoch (scikit-learn's MLP `early_stopping`). @defaultValue false
   */
  readonly earlyStopping?: boolean;
  /** Held-out fraction when `earlyStopping`. @defaultValue 0.1 */
  readonly validationFraction?: number;
  /**
   * 'dec': the architecture of the DEC paper, d-500-500-2000-10 (hiddenSizes [500, 500, 2000],
   * nComponents 10); hiddenSizes and nComponents must then keep their defaults. @defaultValue null
   */
  readonly preset?: 'dec' | null;
  /**
   * Rows are images of [height, width, channels] (pixels row by row, channels last): the encoder
   * starts with convolutions (`convFilters`, `convKernels`; stride 2, k // 2 zeros per side) before the
   * dense `hiddenSizes` layers, and the decoder ends with their transposes. Their product must
   * equal the number of features. null: a dense autoencoder. @defaultValue null
   */
  readonly imageShape?: readonly [number, number, number] | null;
  /** Filters of each convolution (with `imageShape`). @defaultValue [32, 64, 128] */
  readonly convFilters?: readonly number[];
  /** Kernel size of each convolution, one per entry of `convFilters`. @defaultValue [5, 5, 3] */
  readonly convKernels?: readonly number[];
  /** Seed of the weights, the shuffling and the noise; null draws a fresh one (recorded as `seedUsed`). @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link Autoencoder} after defaults. */
export type AutoencoderParams = Required<AutoencoderOptions>;

/** Defaults of {@link Autoencoder}. */
export const AUTOENCODER_DEFAULTS: Readonly<AutoencoderParams> = Object.freeze({
  hiddenSizes: Object.freeze([64, 32]),
  nComponents: 2,
  activation: 'relu',
  loss: 'mse',
  denoising: 'none',
  noiseLevel: 0.1,
  epochs: 200,
  batchSize: 64,
  learningRate: 1e-3,
  optimizer: 'adam',
  momentum: 0.9,
  tol: 1e-4,
  nIterNoChange: 10,
  earlyStopping: false,
  validationFraction: 0.1,
  preset: null,
  imageShape: null,
  convFilters: Object.freeze([32, 64, 128]),
  convKernels: Object.freeze([5, 5, 3]),
  randomState: 0,
});

/** The architecture of the DEC paper's autoencoder (Xie et al. 2016). */
export const DEC_PRESET = Object.freeze({ hiddenSizes: Object.freeze([500, 500, 2000]), nComponents: 10 });

/** Fit options of the deep estimators: progress reports carry the epoch. */
export interface DeepFitOptions extends Omit<FitOptions, 'onProgress'> {
  /** Called once per epoch with `{ stage, epoch, epochs, loss }`. */
  readonly onProgress?: (progress: DeepProgress) => void;
}

interface AutoencoderState {
  readonly nFeaturesIn: number;
  readonly encoder: DenseWeights[];
  readonly decoder: DenseWeights[];
  readonly lossCurve: Float64Array;
  readonly validationScores: Float64Array;
  readonly bestLoss: number;
  readonly nIter: number;
  readonly seedUsed: number;
  readonly backend: string;
}

/** A positive-int array constraint (layer widths). */
export const layerSizes = custom('an array of ints >= 1', (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1));

/** The convolutions' constraint: at least one (a dense autoencoder has imageShape null). */
const convSizes = custom('a non-empty array of ints >= 1', (v) => Array.isArray(v) && v.length > 0 && layerSizes.test(v));

/** An image shape constraint: [height, width, channels], ints >= 1. */
const imageShapeConstraint = custom('[height, width, channels] of ints >= 1', (v) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1));

/**
 * The decoder's starting output per channel: the mean of each channel of X (rows flattened NHWC),
 * as a logit for 'bce' (whose output goes through a sigmoid), clamped to [1e-3, 1 - 1e-3] first.
 */
function channelStart(X: Matrix, c: number, loss: ReconstructionLoss): number[] {
  const sums = new Float64Array(c);
  const data = X.data;
  for (let i = 0; i < data.length; i++) sums[i % c] += data[i] as number;
  return Array.from(sums, (sum) => {
    const mean = sum / (data.length / c);
    if (loss === 'mse') return mean;
    const q = Math.min(Math.max(mean, 1e-3), 1 - 1e-3);
    return Math.log(q / (1 - q));
  });
}

/**
 * The seeded layers of the convolutional autoencoder the parameters describe for the training rows
 * X, or undefined for a dense one (then trainAutoencoder seeds its own).
 *
 * @internal
 *
 * @throws {@link ValidationError} when the image shape does not match the features, the kernels
 *   do not pair with the filters, or an image is too small for the convolutions
 */
export function convLayers(
  estimator: string,
  p: Pick<AutoencoderParams, 'imageShape' | 'convFilters' | 'convKernels' | 'activation' | 'loss'>,
  arch: { hiddenSizes: readonly number[]; nComponents: number },
  X: Matrix,
  rng: Rng,
): { encoder: DenseWeights[]; decoder: DenseWeights[] } | undefined {
  if (p.imageShape === null) return undefined;
  const [h, w, c] = p.imageShape;
  if (h * w * c !== X.cols) throw new ValidationError(messages.deep.imageShape(estimator, p.imageShape, X.cols));
  if (p.convKernels.length !== p.convFilters.length) throw new ValidationError(messages.deep.convKernels(estimator, p.convKernels.length, p.convFilters.length));
  const shapes = convEncoderShapes([h, w, c], p.convFilters, p.convKernels);
  if (!Array.isArray(shapes)) throw new ValidationError(messages.deep.imageTooSmall(estimator, p.imageShape, shapes.tooSmall, shapes.size));
  return initConvAutoencoder(shapes, arch.hiddenSizes, arch.nComponents, p.activation, channelStart(X, c, p.loss), rng);
}

/** Resolves the architecture (preset or explicit) and checks it against the data width. */
export function resolveArchitecture(
  estimator: string,
  params: { hiddenSizes: readonly number[]; nComponents: number; preset: 'dec' | null },
  defaults: { hiddenSizes: readonly number[]; nComponents: number },
  d: number,
): { hiddenSizes: readonly number[]; nComponents: number } {
  let arch = { hiddenSizes: params.hiddenSizes, nComponents: params.nComponents };
  if (params.preset === 'dec') {
    if (JSON.stringify(params.hiddenSizes) !== JSON.stringify(defaults.hiddenSizes)) {
      throw new ValidationError(messages.deep.presetConflict(estimator, 'dec', 'hiddenSizes'));
    }
    if (params.nComponents !== defaults.nComponents) throw new ValidationError(messages.deep.presetConflict(estimator, 'dec', 'nComponents'));
    arch = { hiddenSizes: DEC_PRESET.hiddenSizes, nComponents: DEC_PRESET.nComponents };
  }
  if (arch.nComponents > d) throw new ValidationError(messages.deep.tooManyComponents(estimator, arch.nComponents, d));
  return arch;
}

/**
 * An autoencoder (dense, or convolutional on images; optionally denoising) trained with tfjs-core:
 * `transform` gives the code of each row, `inverseTransform` decodes codes, `reconstructionError`
 * scores rows (anomaly score).
 *
 * @remarks
 * Encoder d -> hiddenSizes -> nComponents (linear code), mirrored decoder with a linear output
 * ('mse') or a sigmoid output ('bce'). With `imageShape`, the rows are images and the encoder
 * starts with stride-2 convolutions (`convFilters`, `convKernels`), the decoder ends with their
 * transposes (Masci et al. 2011; imageShape [28, 28, 1] with the default filters and kernels,
 * hiddenSizes [] and nComponents 10 is the DCEC network of Guo et al. 2017: each convolution pads
 * k // 2 zeros per side, the last none where its input height is odd, as DCEC's 'valid' 3 x 3 x 128
 * code on 28 x 28 images); a convolution costs about 6 k² cin cout flops per output pixel and row
 * in a training step, and carries its own gradients (im2col filter gradients, fast and correct on
 * wasm). A convolutional autoencoder starts as PyTorch's does (weights and biases uniform in
 * ±1/sqrt(fan-in)) with the decoder's output bias at each channel's mean (its logit for 'bce'): on
 * Fashion-MNIST, after one epoch, its codes then cluster at 0.61 ACC where He weights and zero
 * biases gave 0.56 (bench/NOTES.md). A dense one uses He initialisation for relu/elu layers, Glorot
 * uniform otherwise, and zero biases; all draws come from the seeded Rng. Adam (or SGD with
 * momentum) on shuffled mini-batches with scikit-learn's MLP stopping rule. Each training step costs about 6 x (number of weights) flops per
 * row; the dense layers carry their own gradients with explicit transposes (fast on wasm). Inputs
 * should be scaled (StandardScaler, or [0, 1] for 'bce'). `fit` runs synchronously on the active
 * tfjs backend (see {@link setBackend}); `fitAsync` brings up wasm in Node and Deno and returns to
 * the event loop between batches. Same seed and same backend give identical weights.
 * References: Hinton and Salakhutdinov (2006); Vincent et al. (2010) for denoising.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nComponents exceeds the features, on NaN, or for
 *   'bce' with values outside [0, 1]
 * @throws {@link AbortError} when the signal fires; the previous state is kept
 * @example
 * ```ts
 * import { Autoencoder } from 'segmentkit';
 * const X = Array.from({ length: 40 }, (_, i) => [i % 2, (i % 2) * 2, i % 3, 1 - (i % 2)]);
 * const ae = new Autoencoder({ hiddenSizes: [8], nComponents: 2, epochs: 5 }).fit(X);
 * console.log(ae.transform(X).cols, ae.reconstructionError(X).length); // 2 40
 * ```
 */
export class Autoencoder extends BaseEstimator<AutoencoderParams, AutoencoderState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'Autoencoder';
  /** Defaults of every parameter. */
  static readonly defaults = AUTOENCODER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<AutoencoderParams> = {
    hiddenSizes: [layerSizes],
    nComponents: [int({ min: 1 })],
    activation: [oneOf(...ACTIVATIONS)],
    loss: [oneOf('mse', 'bce')],
    denoising: [oneOf('none', 'gaussian', 'dropout')],
    noiseLevel: [num({ min: 0, max: 1, closed: 'left' })],
    epochs: [int({ min: 1 })],
    batchSize: [int({ min: 1 })],
    learningRate: [num({ min: 0, closed: 'neither' })],
    optimizer: [oneOf('adam', 'sgd')],
    momentum: [num({ min: 0, max: 1, closed: 'left' })],
    tol: [num({ min: 0 })],
    nIterNoChange: [int({ min: 1 })],
    earlyStopping: [bool],
    validationFraction: [num({ min: 0, max: 1, closed: 'neither' })],
    preset: [oneOf('dec'), isNull],
    imageShape: [imageShapeConstraint, isNull],
    convFilters: [convSizes],
    convKernels: [convSizes],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    encoder: layersField,
    decoder: layersField,
    lossCurve: field.float64(),
    validationScores: field.float64(),
    bestLoss: field.number(),
    nIter: field.int({ min: 0 }),
    seedUsed: field.int({ min: 0 }),
    backend: field.string(),
  };

  /** @param options - see {@link AutoencoderOptions} */
  constructor(options: AutoencoderOptions = {}) {
    super(AUTOENCODER_DEFAULTS, options);
  }

  /**
   * Trains the network on X, synchronously, on the active tfjs backend.
   *
   * @param X - training data, n x d (scaled)
   * @param options - `signal` (AbortSignal, checked before every batch) and `onProgress`
   *   (`{ stage: 'train', epoch, epochs, loss }` after every epoch)
   * @returns this
   */
  fit(X: MatrixInput, options: DeepFitOptions = {}): this {
    return runSync(this.fitSteps(X, options, ensureBackend));
  }

  /**
   * Trains like {@link Autoencoder.fit}, on the default backend (wasm in Node and Deno) when none
   * is active yet, returning to the event loop between batches so an AbortSignal can stop it.
   */
  async fitAsync(X: MatrixInput, options: DeepFitOptions = {}): Promise<this> {
    this.checkParams();
    const backend = await readyBackend(this.estimatorType);
    return runAsync(this.fitSteps(X, options, () => backend));
  }

  private *fitSteps(input: MatrixInput, options: DeepFitOptions, backendOf: (estimator: string) => string): Generator<void, this> {
    this.checkParams();
    rejectSampleWeight(this.estimatorType, options);
    const m = this.checkInput(input);
    const p = this.params;
    const arch = resolveArchitecture(this.estimatorType, p, AUTOENCODER_DEFAULTS, m.cols);
    if (p.loss === 'bce') checkUnitInterval(this.estimatorType, m, "loss 'bce'");
    const backend = backendOf(this.estimatorType);
    const nTrain = p.earlyStopping ? m.rows - Math.ceil(m.rows * p.validationFraction) : m.rows;
    const { warnings, seedUsed, rngs } = startTraining(this.estimatorType, p, nTrain);
    const trained = yield* trainAutoencoder(
      toFloat32(m),
      m.rows,
      m.cols,
      { ...p, ...arch, validationFraction: p.earlyStopping ? p.validationFraction : 0 },
      rngs,
      { estimator: this.estimatorType, stage: 'train', signal: options.signal, onProgress: options.onProgress },
      convLayers(this.estimatorType, p, arch, m, rngs.init),
    );
    if (!trained.stoppedEarly && trained.nIter === p.epochs && p.epochs > 1) {
      warnings.warn('NOT_CONVERGED', messages.deep.epochsExhausted(this.estimatorType, p.epochs));
    }
    return this.commit(
      {
        nFeaturesIn: m.cols,
        encoder: trained.encoder,
        decoder: trained.decoder,
        lossCurve: Float64Array.from(trained.lossCurve),
        validationScores: Float64Array.from(trained.validationCurve),
        bestLoss: trained.bestLoss,
        nIter: trained.nIter,
        seedUsed,
        backend,
      },
      warnings.flush(),
    );
  }

  /** The code (latent representation) of each row, n x nComponents. */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return encodeRows(this.estimatorType, s.encoder, this.checkInput(X, { fitted: s }));
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: DeepFitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Decodes codes (n x nComponents) back to input space (n x nFeaturesIn). */
  inverseTransform(Z: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    return decodeRows(this.estimatorType, s.decoder, this.checkInput(Z, { input: 'Z' }), this.params.loss === 'bce');
  }

  /** Reconstructions of rows: decode(encode(X)). */
  reconstruct(X: MatrixInput): Matrix {
    return this.inverseTransform(this.transform(X));
  }

  /**
   * Mean squared reconstruction error of each row (for 'bce' too, on the sigmoid outputs): high
   * values mark rows unlike the training data, a simple anomaly score.
   */
  reconstructionError(X: MatrixInput): Float64Array {
    const s = this.fitted('reconstructionError');
    const m = this.checkInput(X, { fitted: s });
    const r = this.reconstruct(m);
    return rowMse(m, r);
  }

  /** Mean training loss of each epoch. */
  get lossCurve(): Float64Array {
    return this.fitted('lossCurve').lossCurve.slice();
  }

  /** Held-out loss of each epoch (empty unless `earlyStopping`). */
  get validationScores(): Float64Array {
    return this.fitted('validationScores').validationScores.slice();
  }

  /** Final training loss (the last epoch's mean). */
  get loss(): number {
    const c = this.fitted('loss').lossCurve;
    return c[c.length - 1] as number;
  }

  /** Epochs run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Width of the code. */
  get nComponents(): number {
    return outputWidth(this.fitted('nComponents').encoder);
  }

  /** The seed actually used. */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** The tfjs backend the model was trained on ('wasm', 'cpu', 'webgl'...). */
  get backend(): string {
    return this.fitted('backend').backend;
  }

  /**
   * The trained layers (copies), encoder then decoder: `{ nIn, nOut, activation, W, b }` with W
   * row-major nIn x nOut. DEC and IDEC accept a fitted Autoencoder through their fit options.
   */
  get layers(): { encoder: DenseWeights[]; decoder: DenseWeights[] } {
    const s = this.fitted('layers');
    const copy = (L: DenseWeights): DenseWeights => ({ ...L, W: L.W.slice(), b: L.b.slice() });
    return { encoder: s.encoder.map(copy), decoder: s.decoder.map(copy) };
  }

  /** Output names: `autoencoder0 ... autoencoder{k-1}`. */
  featureNamesOut(): string[] {
    const k = this.nComponents;
    return Array.from({ length: k }, (_, i) => `autoencoder${i}`);
  }

  protected override checkState(s: AutoencoderState): void {
    checkCodecLayers(this.estimatorType, s, outputWidth(s.encoder));
  }
}

/** Mean squared difference of each row of two equally shaped matrices. */
export function rowMse(a: Matrix, b: Matrix): Float64Array {
  const out = new Float64Array(a.rows);
  const d = a.cols;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = (a.data[i * d + j] as number) - (b.data[i * d + j] as number);
      s += t * t;
    }
    out[i] = s / d;
  }
  return out;
}
