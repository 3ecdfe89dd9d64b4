/**
 * VAE: a variational autoencoder, a generative model of the rows with a Gaussian latent space.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import { BaseEstimator } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { checkCodecLayers, decodeRows, encodeRows, startTraining } from '../deep/_estimator.js';
import { layersField, type ReconstructionLoss } from '../deep/autoencoder-core.js';
import { ensureBackend, readyBackend } from '../deep/backend.js';
import { ACTIVATIONS, outputWidth, type Activation, type DenseWeights } from '../deep/network.js';
import { runAsync, runSync, toFloat32, type OptimizerKind } from '../deep/train.js';
import { trainVae } from '../deep/vae-core.js';
import { layerSizes, rowMse, type DeepFitOptions } from './autoencoder.js';
import { checkUnitInterval, rejectSampleWeight } from './_input-checks.js';

/** Options of {@link VAE}. */
export interface VAEOptions {
  /** Widths of the encoder's hidden layers (the decoder mirrors them). @defaultValue [64, 32] */
  readonly hiddenSizes?: readonly number[];
  /** Dimension of the latent space. At most the number of features. @defaultValue 2 */
  readonly nComponents?: number;
  /** Activation of the hidden layers. @defaultValue 'relu' */
  readonly activation?: Activation;
  /**
   * Decoder likelihood: 'mse' (Gaussian with unit variance: 0.5 x squared error summed over
   * features) or 'bce' (Bernoulli; features in [0, 1], decoded through a sigmoid). @defaultValue 'mse'
   */
  readonly loss?: ReconstructionLoss;
  /** Weight beta of the KL term (beta-VAE; 1 is the ELBO). @defaultValue 1 */
  readonly klWeight?: number;
  /** Epochs over which the KL weight rises linearly from klWeight / klWarmup to klWeight (0: none). @defaultValue 10 */
  readonly klWarmup?: number;
  /** Most passes over the rows. @defaultValue 200 */
  readonly epochs?: number;
  /** Rows per gradient step; clipped (with a DATA_ADJUSTED warning) to the rows. @defaultValue 64 */
  readonly batchSize?: number;
  /** Step size of the optimizer. @defaultValue 0.001 */
  readonly learningRate?: number;
  /** 'adam' or 'sgd' (with `momentum`). @defaultValue 'adam' */
  readonly optimizer?: OptimizerKind;
  /** Momentum of 'sgd'. @defaultValue 0.9 */
  readonly momentum?: number;
  /** Improvement of the loss that resets the patience counter (after the warm-up). @defaultValue 1e-4 */
  readonly tol?: number;
  /** Training stops after more than this many epochs in a row without a `tol` improvement. @defaultValue 10 */
  readonly nIterNoChange?: number;
  /** Seed of the weights, shuffling and reparameterisation noise; null draws a fresh one. @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link VAE} after defaults. */
export type VAEParams = Required<VAEOptions>;

/** Defaults of {@link VAE}. */
export const VAE_DEFAULTS: Readonly<VAEParams> = Object.freeze({
  hiddenSizes: Object.freeze([64, 32]),
  nComponents: 2,
  activation: 'relu',
  loss: 'mse',
  klWeight: 1,
  klWarmup: 10,
  epochs: 200,
  batchSize: 64,
  learningRate: 1e-3,
  optimizer: 'adam',
  momentum: 0.9,
  tol: 1e-4,
  nIterNoChange: 10,
  randomState: 0,
});

interface VAEState {
  readonly nFeaturesIn: number;
  readonly encoder: DenseWeights[];
  readonly decoder: DenseWeights[];
  readonly lossCurve: Float64Array;
  readonly nIter: number;
  readonly seedUsed: number;
  readonly backend: string;
}

/** Options of {@link VAE.sample}. */
export interface VAESampleOptions {
  /** Seed of the latent draws; null draws a fresh one. @defaultValue 0 */
  readonly randomState?: RandomState;
}

/**
 * A variational autoencoder trained with tfjs-core: `transform` gives the posterior means,
 * `sample(n)` generates synthetic rows, `inverseTransform` decodes latent points.
 *
 * @remarks
 * Gaussian encoder q(z|x) = N(mu(x), diag(exp(logVar(x)))) from a dense trunk and one linear head;
 * reparameterisation z = mu + exp(logVar / 2) eps with eps drawn from the seeded Rng; decoder with
 * a unit-variance Gaussian ('mse') or Bernoulli ('bce') likelihood. Minimises the negative ELBO
 * with the KL term weighted by `klWeight` (beta) and warmed up linearly over `klWarmup` epochs,
 * by Adam on shuffled mini-batches (about 6 x weights flops per row and step). `sample` draws
 * z ~ N(0, I) and decodes it (the decoder mean). Inputs should be scaled; inside a pipeline,
 * {@link sampleRecords} maps samples back through the preprocessing. Same seed and same backend
 * give identical weights. Reference: Kingma and Welling, "Auto-Encoding Variational Bayes", 2014;
 * Bowman et al. 2016 for KL warm-up.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nComponents exceeds the features, on NaN, or for
 *   'bce' with values outside [0, 1]
 * @throws {@link AbortError} when the signal fires; the previous state is kept
 * @example
 * ```ts
 * import { VAE } from 'segmentkit';
 * const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 5) / 5]);
 * const vae = new VAE({ hiddenSizes: [8], epochs: 5 }).fit(X);
 * console.log(vae.transform(X).cols, vae.sample(3).rows); // 2 3
 * ```
 */
export class VAE extends BaseEstimator<VAEParams, VAEState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'VAE';
  /** Defaults of every parameter. */
  static readonly defaults = VAE_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<VAEParams> = {
    hiddenSizes: [layerSizes],
    nComponents: [int({ min: 1 })],
    activation: [oneOf(...ACTIVATIONS)],
    loss: [oneOf('mse', 'bce')],
    klWeight: [num({ min: 0 })],
    klWarmup: [int({ min: 0 })],
    epochs: [int({ min: 1 })],
    batchSize: [int({ min: 1 })],
    learningRate: [num({ min: 0, closed: 'neither' })],
    optimizer: [oneOf('adam', 'sgd')],
    momentum: [num({ min: 0, max: 1, closed: 'left' })],
    tol: [num({ min: 0 })],
    nIterNoChange: [int({ min: 1 })],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    encoder: layersField,
    decoder: layersField,
    lossCurve: field.float64(),
    nIter: field.int({ min: 0 }),
    seedUsed: field.int({ min: 0 }),
    backend: field.string(),
  };

  /** @param options - see {@link VAEOptions} */
  constructor(options: VAEOptions = {}) {
    super(VAE_DEFAULTS, options);
  }

  /**
   * Trains the VAE on X, synchronously, on the active tfjs backend.
   *
   * @param X - training data, n x d (scaled)
   * @param options - `signal` (AbortSignal) and `onProgress` (`{ stage: 'train', epoch, epochs, loss }`)
   * @returns this
   */
  fit(X: MatrixInput, options: DeepFitOptions = {}): this {
    return runSync(this.fitSteps(X, options, ensureBackend));
  }

  /** Trains like {@link VAE.fit} on the default backend (wasm in Node and Deno), yielding to the event loop between batches. */
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
    if (p.nComponents > m.cols) throw new ValidationError(messages.deep.tooManyComponents(this.estimatorType, p.nComponents, m.cols));
    if (p.loss === 'bce') checkUnitInterval(this.estimatorType, m, "loss 'bce'");
    const backend = backendOf(this.estimatorType);
    const { warnings, seedUsed, rngs } = startTraining(this.estimatorType, p, m.rows);
    const trained = yield* trainVae(toFloat32(m), m.rows, m.cols, p, rngs, {
      estimator: this.estimatorType,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    if (!trained.stoppedEarly && trained.nIter === p.epochs && p.epochs > p.klWarmup + 1) {
      warnings.warn('NOT_CONVERGED', messages.deep.epochsExhausted(this.estimatorType, p.epochs));
    }
    return this.commit(
      {
        nFeaturesIn: m.cols,
        encoder: trained.encoder,
        decoder: trained.decoder,
        lossCurve: Float64Array.from(trained.lossCurve),
        nIter: trained.nIter,
        seedUsed,
        backend,
      },
      warnings.flush(),
    );
  }

  /** Posterior means and log-variances of validated rows (n x 2k). */
  private posterior(s: VAEState, m: Matrix): Matrix {
    return encodeRows(this.estimatorType, s.encoder, m);
  }

  private latentWidth(s: VAEState): number {
    return (s.decoder[0] as DenseWeights).nIn;
  }

  /** Posterior means of each row (n x nComponents): the deterministic latent code. */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const m = this.checkInput(X, { fitted: s });
    return takeColumns(this.posterior(s, m), 0, this.latentWidth(s));
  }

  /** Posterior log-variances of each row (n x nComponents). */
  transformLogVar(X: MatrixInput): Matrix {
    const s = this.fitted('transformLogVar');
    const m = this.checkInput(X, { fitted: s });
    const k = this.latentWidth(s);
    return takeColumns(this.posterior(s, m), k, k);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: DeepFitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Decodes latent points (n x nComponents) to input space: the decoder mean (sigmoid for 'bce'). */
  inverseTransform(Z: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    return decodeRows(this.estimatorType, s.decoder, this.checkInput(Z, { input: 'Z' }), this.params.loss === 'bce');
  }

  /**
   * `n` synthetic rows: latent points drawn from the prior N(0, I) with a seeded Rng, decoded.
   *
   * @throws {@link ValidationError} when n is not an integer >= 1
   */
  sample(n: number, options: VAESampleOptions = {}): Matrix {
    const s = this.fitted('sample');
    if (!Number.isInteger(n) || n < 1) throw new ValidationError(messages.deep.sampleCount(this.estimatorType, n));
    const k = this.latentWidth(s);
    const rng = new Rng(resolveSeed(options.randomState === undefined ? 0 : options.randomState));
    const z = new Float64Array(n * k);
    for (let i = 0; i < z.length; i++) z[i] = rng.normal();
    return this.inverseTransform({ rows: n, cols: k, data: z });
  }

  /** Mean squared error of each row against the decoded posterior mean (an anomaly score). */
  reconstructionError(X: MatrixInput): Float64Array {
    const s = this.fitted('reconstructionError');
    const m = this.checkInput(X, { fitted: s });
    return rowMse(m, this.inverseTransform(this.transform(m)));
  }

  /** Mean loss (negative ELBO with the epoch's KL weight) of each epoch. */
  get lossCurve(): Float64Array {
    return this.fitted('lossCurve').lossCurve.slice();
  }

  /** Epochs run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** The seed actually used. */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** The tfjs backend the model was trained on. */
  get backend(): string {
    return this.fitted('backend').backend;
  }

  /** Output names: `vae0 ... vae{k-1}`. */
  featureNamesOut(): string[] {
    const k = this.latentWidth(this.fitted('featureNamesOut'));
    return Array.from({ length: k }, (_, i) => `vae${i}`);
  }

  protected override checkState(s: VAEState): void {
    const k2 = outputWidth(s.encoder);
    checkCodecLayers(this.estimatorType, s, k2, k2 / 2);
  }
}

function takeColumns(m: Matrix, from: number, count: number): Matrix {
  const out = new Float64Array(m.rows * count);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + from, i * m.cols + from + count), i * count);
  return { rows: m.rows, cols: count, data: out };
}

/** A fitted pipeline (or anything with steps) whose last step can `sample`. */
export interface SamplingPipeline {
  readonly isFitted: boolean;
  readonly steps: readonly { readonly estimator: unknown }[];
}

/**
 * Synthetic records from a fitted pipeline that ends in a {@link VAE}: `n` rows sampled in the
 * VAE's input space, then mapped back through every earlier step's `inverseTransform` in reverse
 * order (scales restored, categories decoded by encoders that can invert).
 *
 * @param pipe - a fitted pipeline whose last step is a VAE (or any step with `sample(n, options)`)
 * @param n - number of records
 * @param options - `randomState` of the latent draws
 * @returns what the first step's `inverseTransform` returns (a Matrix, or records for table steps)
 * @throws {@link NotFittedError} when the pipeline is not fitted
 * @throws {@link InvalidParameterError} when the last step cannot sample or an earlier step cannot invert
 * @example
 * ```ts
 * import { pipeline, StandardScaler, VAE, sampleRecords } from 'segmentkit';
 * const X = Array.from({ length: 30 }, (_, i) => [100 + i, (i % 3) * 10]);
 * const p = pipeline(new StandardScaler()).pipe(new VAE({ hiddenSizes: [8], epochs: 3 })).fit(X);
 * console.log((sampleRecords(p, 2) as { rows: number }).rows); // 2
 * ```
 */
export function sampleRecords(pipe: SamplingPipeline, n: number, options: VAESampleOptions = {}): unknown {
  const steps = pipe.steps;
  const last = steps[steps.length - 1]?.estimator as { sample?: (n: number, o: VAESampleOptions) => Matrix; isFitted?: boolean } | undefined;
  if (last === undefined || typeof last.sample !== 'function') {
    throw new InvalidParameterError('pipe', messages.parameterConflict('sampleRecords', 'the last step of the pipeline must be able to sample (a VAE).'));
  }
  let out: unknown = last.sample(n, options);
  for (let i = steps.length - 2; i >= 0; i--) {
    const est = steps[i]?.estimator as { inverseTransform?: (Y: unknown) => unknown; estimatorType?: string };
    if (typeof est.inverseTransform !== 'function') {
      throw new InvalidParameterError(
        'pipe',
        messages.parameterConflict('sampleRecords', `step ${i} (${est.estimatorType ?? 'unknown'}) has no inverseTransform, so samples cannot be mapped back to records.`),
      );
    }
    out = est.inverseTransform(out);
  }
  return out;
}
