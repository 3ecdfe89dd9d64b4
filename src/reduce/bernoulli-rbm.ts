/**
 * BernoulliRBM: a restricted Boltzmann machine with binary visible and hidden units, trained by
 * persistent contrastive divergence, as scikit-learn's.
 *
 * @packageDocumentation
 */
import { SerializationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, num, seed, type ParamConstraints } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';
import { checkUnitInterval, rejectSampleWeight } from './_input-checks.js';
import { batchSlices, meanHiddens, pseudoLikelihood, rbmBuffers, rbmFitBatch, rowIndex, sampleVisibles } from './_rbm-kernels.js';

/** Options of {@link BernoulliRBM} (scikit-learn's names and defaults, but a seed of 0). */
export interface BernoulliRBMOptions {
  /** Number of binary hidden units. @defaultValue 256 */
  readonly nComponents?: number;
  /** Step size of the weight updates (divided by the batch's rows). @defaultValue 0.1 */
  readonly learningRate?: number;
  /** Rows per mini-batch, and particles of the persistent chain. @defaultValue 10 */
  readonly batchSize?: number;
  /** Passes over the training rows. @defaultValue 10 */
  readonly nIter?: number;
  /** Seed of the initial weights and of the Gibbs sampling; null draws a fresh one. @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link BernoulliRBM} after defaults. */
export type BernoulliRBMParams = Required<BernoulliRBMOptions>;

/** Defaults of {@link BernoulliRBM}. */
export const BERNOULLI_RBM_DEFAULTS: Readonly<BernoulliRBMParams> = Object.freeze({
  nComponents: 256,
  learningRate: 0.1,
  batchSize: 10,
  nIter: 10,
  randomState: 0,
});

interface BernoulliRBMState {
  readonly nFeaturesIn: number;
  /** nComponents x nFeatures. */
  readonly components: Matrix;
  readonly interceptHidden: Float64Array;
  readonly interceptVisible: Float64Array;
  readonly seedUsed: number;
}

/** Options of {@link BernoulliRBM.gibbs}. */
export interface GibbsOptions {
  /** Seed of the sampling; default: the fitted `seedUsed`. */
  readonly randomState?: RandomState;
}

/**
 * Bernoulli restricted Boltzmann machine: an unsupervised feature learner for binary or
 * [0, 1]-scaled features (customer flags, min-max scaled amounts); `transform` gives the hidden
 * units' activation probabilities.
 *
 * @remarks
 * Energy E(v, h) = -v·b_v - h·b_h - h W v. Training is scikit-learn's stochastic maximum likelihood
 * (persistent contrastive divergence, Tieleman 2008): weights N(0, 0.01), batches of `batchSize`
 * rows in order, one Gibbs step of a persistent chain of `batchSize` particles per batch, O(batchSize
 * x nFeatures x nComponents) per batch. Same operations and order of random draws as scikit-learn
 * 1.2 (checked against it by replaying numpy's draws); the draws come from segmentkit's Rng.
 * `scoreSamples` is the pseudo-likelihood with one feature flipped per row; unlike scikit-learn, the
 * flipped feature is chosen from the row's values and the seed, so a row scores the same in any
 * batch. Reference: Hinton (2002); Tieleman (2008); scikit-learn `neural_network.BernoulliRBM`.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} on NaN, or values outside [0, 1]
 * @example
 * ```ts
 * import { BernoulliRBM } from 'segmentkit';
 * const X = [[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 0]];
 * const rbm = new BernoulliRBM({ nComponents: 2, nIter: 5 }).fit(X);
 * console.log(rbm.transform(X).cols, rbm.scoreSamples(X).length); // 2 4
 * ```
 */
export class BernoulliRBM extends BaseEstimator<BernoulliRBMParams, BernoulliRBMState> implements Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'BernoulliRBM';
  /** Defaults of every parameter. */
  static readonly defaults = BERNOULLI_RBM_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<BernoulliRBMParams> = {
    nComponents: [int({ min: 1 })],
    learningRate: [num({ min: 0, closed: 'neither' })],
    batchSize: [int({ min: 1 })],
    nIter: [int({ min: 0 })],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    components: field.matrix(),
    interceptHidden: field.float64(),
    interceptVisible: field.float64(),
    seedUsed: field.int({ min: 0 }),
  };

  /** @param options - see {@link BernoulliRBMOptions} */
  constructor(options: BernoulliRBMOptions = {}) {
    super(BERNOULLI_RBM_DEFAULTS, options);
  }

  /**
   * Trains on X (values in [0, 1]).
   *
   * @param X - training data, n x d
   * @param options - `signal` (checked before every batch) and `onProgress` (one report per pass)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    rejectSampleWeight(this.estimatorType, options);
    const m = this.checkInput(X);
    checkUnitInterval(this.estimatorType, m, 'the visible units are Bernoulli');
    const { nComponents: nc, learningRate, batchSize, nIter } = this.params;
    const { rows: n, cols: d, data } = m;
    const seedUsed = resolveSeed(this.params.randomState);
    const rng = new Rng(seedUsed);
    const W = new Float64Array(nc * d);
    for (let k = 0; k < W.length; k++) W[k] = 0.01 * rng.normal();
    const hb = new Float64Array(nc);
    const vb = new Float64Array(d);
    const buf = rbmBuffers(batchSize, nc, d);
    const uniform = (): number => rng.float();
    const slices = batchSlices(n, batchSize);
    for (let it = 0; it < nIter; it++) {
      for (const [r0, r1] of slices) {
        throwIfAborted(options.signal, this.estimatorType);
        rbmFitBatch(data, r0, r1, d, W, hb, vb, nc, batchSize, learningRate, uniform, buf);
      }
      options.onProgress?.({ stage: 'train', step: it + 1, total: nIter });
    }
    throwIfAborted(options.signal, this.estimatorType);
    return this.commit({ nFeaturesIn: d, components: { rows: nc, cols: d, data: W }, interceptHidden: hb, interceptVisible: vb, seedUsed });
  }

  /** Hidden activation probabilities P(h = 1 | v) of each row (n x nComponents). */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const m = this.checkInput(X, { fitted: s });
    const nc = s.components.rows;
    return { rows: m.rows, cols: nc, data: meanHiddens(m.data, m.rows, m.cols, s.components.data, s.interceptHidden, nc, new Float64Array(m.rows * nc)) };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /**
   * One Gibbs step from visible rows V: samples h ~ P(h | v), then v' ~ P(v | h); returns v' (0/1).
   * Deterministic for a given seed (scikit-learn advances a stored generator instead).
   */
  gibbs(V: MatrixInput, options: GibbsOptions = {}): Matrix {
    const s = this.fitted('gibbs');
    const m = this.checkInput(V, { fitted: s });
    const nc = s.components.rows;
    const d = m.cols;
    const rng = new Rng(resolveSeed(options.randomState === undefined ? s.seedUsed : options.randomState));
    const h = meanHiddens(m.data, m.rows, d, s.components.data, s.interceptHidden, nc, new Float64Array(m.rows * nc));
    for (let k = 0; k < h.length; k++) h[k] = rng.float() < (h[k] as number) ? 1 : 0;
    const out = new Float64Array(m.rows * d);
    sampleVisibles(h, m.rows, nc, s.components.data, s.interceptVisible, d, () => rng.float(), out, new Float64Array(d));
    return { rows: m.rows, cols: d, data: out };
  }

  /**
   * Pseudo-likelihood of each row: `d log sigmoid(F(v~) - F(v))` with F the free energy and v~ the
   * row with one feature flipped (chosen from the row and the fitted seed). A proxy for the
   * log-likelihood, higher for rows the model finds typical.
   */
  scoreSamples(X: MatrixInput): Float64Array {
    const s = this.fitted('scoreSamples');
    const m = this.checkInput(X, { fitted: s });
    const flip = new Int32Array(m.rows);
    for (let i = 0; i < m.rows; i++) flip[i] = rowIndex(m.data, i * m.cols, m.cols, s.seedUsed);
    return pseudoLikelihood(m.data, m.rows, m.cols, s.components.data, s.interceptHidden, s.interceptVisible, s.components.rows, flip);
  }

  /** Weights, nComponents x nFeatures. */
  get components(): Matrix {
    const c = this.fitted('components').components;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }

  /** Biases of the hidden units. */
  get interceptHidden(): Float64Array {
    return this.fitted('interceptHidden').interceptHidden.slice();
  }

  /** Biases of the visible units. */
  get interceptVisible(): Float64Array {
    return this.fitted('interceptVisible').interceptVisible.slice();
  }

  /** The seed actually used. */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** Output names: `bernoullirbm0 ...`, as scikit-learn. */
  featureNamesOut(): string[] {
    const nc = this.fitted('featureNamesOut').components.rows;
    return Array.from({ length: nc }, (_, i) => `bernoullirbm${i}`);
  }

  protected override checkState(s: BernoulliRBMState): void {
    const c = s.components;
    if (c.cols !== s.nFeaturesIn || c.rows !== this.params.nComponents) {
      throw new SerializationError(
        messages.serialization.inconsistent(this.estimatorType, `components is ${c.rows} x ${c.cols}, expected ${this.params.nComponents} x ${s.nFeaturesIn}.`),
      );
    }
    assertLengths(this.estimatorType, c.rows, { interceptHidden: s.interceptHidden });
    assertLengths(this.estimatorType, c.cols, { interceptVisible: s.interceptVisible });
  }
}
