/**
 * IsolationForest: outlier scores from how quickly random trees isolate each row.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SerializationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions, throwIfAborted } from '../core/estimator.js';
import type { MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, custom, int, num, oneOf, seed, type ParamConstraints } from '../core/params.js';
import { Rng, resolveSeed, type RandomState } from '../core/random.js';
import { field, type StateSchema } from '../core/serialize.js';
import { WarningCollector } from '../core/warnings.js';
import { ForestBuilder, scoreRows, type FlatForest } from './_isolation-forest-kernels.js';
import { quantileSorted } from './_stats.js';

/** Options of {@link IsolationForest}. */
export interface IsolationForestOptions {
  /** Number of trees. @defaultValue 100 */
  readonly nEstimators?: number;
  /**
   * Rows drawn to grow each tree: 'auto' = min(256, n); a number in (0, 1] is a fraction of the
   * rows (1 = all); an integer >= 2 is a count (lowered to n, with a warning, when larger).
   * @defaultValue 'auto'
   */
  readonly maxSamples?: 'auto' | number;
  /**
   * Expected share of outliers, which sets the threshold of `predict`: 'auto' uses the original
   * paper's threshold (score -0.5); a number in (0, 0.5] puts that share of training rows below it.
   * @defaultValue 'auto'
   */
  readonly contamination?: 'auto' | number;
  /**
   * Features drawn (without replacement) for each tree: a number in (0, 1] is a fraction of the
   * features (1 = all, scikit-learn's default 1.0); an integer >= 2 is a count.
   * @defaultValue 1
   */
  readonly maxFeatures?: number;
  /** Draw each tree's rows with replacement. @defaultValue false */
  readonly bootstrap?: boolean;
  /** Seed of every random choice; null draws a fresh seed. @defaultValue 0 */
  readonly randomState?: RandomState;
}

/** Parameters of {@link IsolationForest} after defaults. */
export type IsolationForestParams = Required<IsolationForestOptions>;

/** Defaults of {@link IsolationForest}. */
export const ISOLATION_FOREST_DEFAULTS: Readonly<IsolationForestParams> = Object.freeze({
  nEstimators: 100,
  maxSamples: 'auto',
  contamination: 'auto',
  maxFeatures: 1,
  bootstrap: false,
  randomState: 0,
});

interface IsolationForestState extends FlatForest {
  readonly nFeaturesIn: number;
  /** Rows used per tree (maxSamples resolved against n). */
  readonly maxSamplesFitted: number;
  readonly offset: number;
  readonly seedUsed: number;
}

const countOrFraction = custom('an int >= 2 (a count) or a float in (0, 1] (a fraction)', (v) =>
  typeof v === 'number' && Number.isFinite(v) && ((v > 0 && v <= 1) || (Number.isInteger(v) && v >= 2)));

/** Resolves a count-or-fraction option against a total. */
function resolveCount(v: number, total: number): number {
  return v <= 1 ? Math.max(1, Math.floor(v * total)) : v;
}

/**
 * Isolation Forest (Liu, Ting and Zhou, 2008): random trees split on random features at random
 * thresholds; outliers are isolated near the root. {@link IsolationForest.scoreSamples} is the
 * opposite of the paper's anomaly score (lower = more abnormal, in [-1, 0]), and `predict` gives
 * -1 for outliers and 1 for inliers, as scikit-learn.
 *
 * @remarks
 * Each of `nEstimators` trees is grown on `maxSamples` rows (without replacement unless
 * `bootstrap`) and `maxFeatures` features, to depth ceil(log2(maxSamples)): O(T m log m) fit for m
 * rows per tree, O(n T log m) scoring. The path length of a row is the depth of its leaf plus c(size
 * of the leaf), with c(n) = 2 H(n - 1) - 2 (n - 1) / n the average path length of an unsuccessful
 * search in a binary search tree (H approximated by ln + Euler's gamma); the score is
 * `-2^(-mean path / c(maxSamples))`. `decisionFunction` is the score minus `offset` (-0.5 for
 * contamination 'auto', else the contamination quantile of the training scores, numpy's linear
 * method), so negative means outlier. Trees are stored in flat typed arrays (feature, threshold,
 * left, right, size), which serialize exactly. Follows scikit-learn's `IsolationForest` (splitter,
 * depth limit, scores, offsets) but draws from segmentkit's generator, so its trees differ from
 * scikit-learn's; `maxSamples` and `maxFeatures` read 1 as "all" (scikit-learn's 1.0).
 * Randomness: one generator from `randomState`, forked once per tree in tree order.
 *
 * @example
 * ```ts
 * import { IsolationForest } from 'segmentkit';
 * const X = [[0, 0], [0.1, 0.2], [0.2, 0.1], [-0.1, 0], [0, -0.2], [8, 8]];
 * const forest = new IsolationForest({ nEstimators: 50 }).fit(X);
 * console.log(Array.from(forest.predict([[0, 0.1], [9, 9]]))); // [1, -1]
 * ```
 */
export class IsolationForest extends BaseEstimator<IsolationForestParams, IsolationForestState> {
  /** Stable type name. */
  static readonly estimatorType = 'IsolationForest';
  /** Defaults of every parameter. */
  static readonly defaults = ISOLATION_FOREST_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<IsolationForestParams> = {
    nEstimators: [int({ min: 1 })],
    maxSamples: [oneOf('auto'), countOrFraction],
    contamination: [oneOf('auto'), num({ min: 0, max: 0.5, closed: 'right' })],
    maxFeatures: [countOrFraction],
    bootstrap: [bool],
    randomState: seed,
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    maxSamplesFitted: field.int({ min: 1 }),
    offset: field.number(),
    seedUsed: field.int({ min: 0 }),
    feature: field.int32(),
    threshold: field.float64(),
    left: field.int32(),
    right: field.int32(),
    size: field.int32(),
    roots: field.int32(),
  };

  /** @param options - see {@link IsolationForestOptions} */
  constructor(options: IsolationForestOptions = {}) {
    super(ISOLATION_FOREST_DEFAULTS, options);
  }

  /**
   * Grows the trees and sets the decision threshold.
   *
   * @param X - training data, n x d
   * @param options - `signal` stops the fit between trees
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options, or `maxFeatures` above the number of features
   * @throws {@link AbortError} when `signal` fires
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const { rows: n, cols: d, data } = this.checkInput(X);
    const { nEstimators, maxSamples, contamination, maxFeatures, bootstrap, randomState } = this.params;
    const warnings = new WarningCollector(this.estimatorType);
    let m = maxSamples === 'auto' ? Math.min(256, n) : resolveCount(maxSamples, n);
    if (m > n) {
      warnings.warn('DATA_ADJUSTED', messages.preprocess.clampedToSamples(this.estimatorType, 'maxSamples', m, n));
      m = n;
    }
    const nFeat = resolveCount(maxFeatures, d);
    if (nFeat > d) {
      throw new InvalidParameterError('maxFeatures', messages.invalidParameter(this.estimatorType, 'maxFeatures', `at most the number of features (${d}) when given as a count`, maxFeatures));
    }
    const maxDepth = Math.ceil(Math.log2(Math.max(m, 2)));
    const seedUsed = resolveSeed(randomState);
    const rng = new Rng(seedUsed);
    const builder = new ForestBuilder();
    const rowPerm = new Int32Array(n);
    for (let i = 0; i < n; i++) rowPerm[i] = i;
    const featPerm = new Int32Array(d);
    for (let j = 0; j < d; j++) featPerm[j] = j;
    const idx = new Int32Array(m);
    for (let t = 0; t < nEstimators; t++) {
      throwIfAborted(options.signal, this.estimatorType);
      const tr = rng.fork();
      // Features, then rows: partial Fisher-Yates on persistent permutations (uniform subsets, O(k) per tree).
      for (let j = 0; j < nFeat; j++) swap(featPerm, j, j + tr.int(d - j));
      const features = featPerm.slice(0, nFeat);
      if (bootstrap) for (let i = 0; i < m; i++) idx[i] = tr.int(n);
      else {
        for (let i = 0; i < m; i++) swap(rowPerm, i, i + tr.int(n - i));
        idx.set(rowPerm.subarray(0, m));
      }
      builder.growTree(data, d, idx, features, maxDepth, tr);
      options.onProgress?.({ stage: 'trees', step: t + 1, total: nEstimators });
    }
    const forest = builder.finish();
    let offset = -0.5;
    if (contamination !== 'auto') {
      const scores = new Float64Array(n);
      scoreRows(forest, data, n, d, m, scores);
      scores.sort();
      offset = quantileSorted(scores, n, (contamination * 100) / 100); // np.percentile(scores, 100 c)
    }
    return this.commit({ nFeaturesIn: d, maxSamplesFitted: m, offset, seedUsed, ...forest }, warnings.flush());
  }

  /** Rows drawn per tree (maxSamples resolved against the training size). @throws {@link NotFittedError} before fit. */
  get maxSamplesFitted(): number {
    return this.fitted('maxSamplesFitted').maxSamplesFitted;
  }

  /** The threshold on {@link IsolationForest.scoreSamples} below which a row is an outlier. @throws {@link NotFittedError} before fit. */
  get offset(): number {
    return this.fitted('offset').offset;
  }

  /** The seed actually used. @throws {@link NotFittedError} before fit. */
  get seedUsed(): number {
    return this.fitted('seedUsed').seedUsed;
  }

  /** Number of nodes in the whole forest. @throws {@link NotFittedError} before fit. */
  get nodeCount(): number {
    return this.fitted('nodeCount').feature.length;
  }

  /**
   * The opposite of the anomaly score of the original paper, in [-1, 0]: the lower, the more
   * abnormal (inliers are near -0.5 or above, clear outliers near -1).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  scoreSamples(X: MatrixInput): Float64Array {
    const s = this.fitted('scoreSamples');
    const { rows, cols, data } = this.checkInput(X, { fitted: s });
    const out = new Float64Array(rows);
    scoreRows(s, data, rows, cols, s.maxSamplesFitted, out);
    return out;
  }

  /**
   * `scoreSamples(X) - offset`: negative for outliers, positive for inliers.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  decisionFunction(X: MatrixInput): Float64Array {
    const s = this.fitted('decisionFunction');
    const out = this.scoreSamples(X);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) - s.offset;
    return out;
  }

  /**
   * -1 for outliers (`decisionFunction < 0`), 1 for inliers.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  predict(X: MatrixInput): Int32Array {
    const s = this.fitted('predict');
    const scores = this.scoreSamples(X);
    const out = new Int32Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = (scores[i] as number) - s.offset < 0 ? -1 : 1;
    return out;
  }

  protected override checkState(s: IsolationForestState): void {
    const bad = (detail: string) => new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    const c = s.feature.length;
    if (s.threshold.length !== c || s.left.length !== c || s.right.length !== c || s.size.length !== c) throw bad('the node arrays must have the same length.');
    for (let k = 0; k < c; k++) {
      const f = s.feature[k] as number;
      if (f === -1) continue;
      const l = s.left[k] as number;
      const r = s.right[k] as number;
      // Children are stored after their parent, so every path ends: no cycles in a valid document.
      if (f < 0 || f >= s.nFeaturesIn || !(l > k && l < c) || !(r > k && r < c)) throw bad(`node ${k} has an invalid feature or children.`);
    }
    for (const root of s.roots) if (root < 0 || root >= c) throw bad(`tree root ${root} is out of range.`);
    if (s.roots.length !== this.params.nEstimators) throw bad(`expected ${this.params.nEstimators} trees, found ${s.roots.length}.`);
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
