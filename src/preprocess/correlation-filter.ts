/**
 * CorrelationFilter: drops one feature of every highly correlated pair, and says why.
 *
 * @packageDocumentation
 */
import { SerializationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { num, oneOf, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { correlationKernel } from './_correlation.js';
import { checkSupport, selectColumns, selectedNames } from './_support.js';

/** Options of {@link CorrelationFilter}. */
export interface CorrelationFilterOptions {
  /** A pair of features with |r| strictly above this is redundant. @defaultValue 0.9 */
  readonly threshold?: number;
  /**
   * Which feature of a redundant pair survives: 'first' keeps the one listed first, 'variance'
   * the one with the larger variance (ties to the one listed first). @defaultValue 'first'
   */
  readonly keep?: 'first' | 'variance';
  /** Correlation coefficient: 'pearson' or 'spearman' (rank, any monotone relation). @defaultValue 'pearson' */
  readonly method?: 'pearson' | 'spearman';
}

/** Parameters of {@link CorrelationFilter} after defaults. */
export type CorrelationFilterParams = Required<CorrelationFilterOptions>;

/** Defaults of {@link CorrelationFilter}. */
export const CORRELATION_FILTER_DEFAULTS: Readonly<CorrelationFilterParams> = Object.freeze({ threshold: 0.9, keep: 'first', method: 'pearson' });

/** One feature dropped by {@link CorrelationFilter}, and the kept feature it duplicated. */
export interface DroppedFeature {
  /** Index of the dropped feature. */
  readonly feature: number;
  /** Index of the kept feature it correlated with most strongly. */
  readonly correlatedWith: number;
  /** Their correlation (signed). */
  readonly r: number;
}

interface CorrelationFilterState {
  readonly nFeaturesIn: number;
  /** Indices of the kept features, ascending. */
  readonly support: Int32Array;
  readonly dropped: readonly DroppedFeature[];
}

/**
 * Drops redundant features: of every pair whose absolute correlation exceeds `threshold`, one is
 * dropped, and {@link CorrelationFilter.dropped} reports each dropped feature with the kept feature
 * it correlated with and their r.
 *
 * @remarks
 * Features are visited in priority order (input order for keep 'first', decreasing population
 * variance for 'variance'); each is kept unless its |r| with an already kept feature exceeds the
 * threshold, so no two kept features are above the threshold and every dropped one is explained by
 * a kept one. O(n d^2) time for the correlation matrix, O(d^2) memory. A constant feature has no
 * correlation and is always kept (drop constants with {@link VarianceThreshold}). Like caret's
 * `findCorrelation` in purpose; scikit-learn has no equivalent.
 *
 * @example
 * ```ts
 * import { CorrelationFilter } from 'segmentkit';
 * const X = [[1, 2, 5], [2, 4.1, 3], [3, 5.9, 4], [4, 8, 1]];
 * const cf = new CorrelationFilter({ threshold: 0.95 }).fit(X);
 * console.log(Array.from(cf.support)); // [0, 2]
 * console.log(cf.dropped[0].feature, cf.dropped[0].correlatedWith); // 1 0
 * ```
 */
export class CorrelationFilter extends BaseEstimator<CorrelationFilterParams, CorrelationFilterState> implements Transformer {
  /** Stable type name. */
  static readonly estimatorType = 'CorrelationFilter';
  /** Defaults of every parameter. */
  static readonly defaults = CORRELATION_FILTER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<CorrelationFilterParams> = {
    threshold: [num({ min: 0, max: 1 })],
    keep: [oneOf('first', 'variance')],
    method: [oneOf('pearson', 'spearman')],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    support: field.int32(),
    dropped: field.array(field.record({ feature: field.int({ min: 0 }), correlatedWith: field.int({ min: 0 }), r: field.number() })),
  };

  /** @param options - see {@link CorrelationFilterOptions} */
  constructor(options: CorrelationFilterOptions = {}) {
    super(CORRELATION_FILTER_DEFAULTS, options);
  }

  /**
   * Computes the correlations and chooses the features to keep.
   *
   * @param X - training data, n x d
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const m = this.checkInput(X);
    const { rows, cols: d, data } = m;
    const { threshold, keep, method } = this.params;
    const { corr } = rows > 1 ? correlationKernel(m, method) : { corr: identity(d) };
    const order = Array.from({ length: d }, (_, j) => j);
    if (keep === 'variance') {
      const variance = columnVariances(data, rows, d);
      order.sort((a, b) => (variance[b] as number) - (variance[a] as number) || a - b);
    }
    const kept: number[] = [];
    const dropped: DroppedFeature[] = [];
    for (const j of order) {
      let best = -1;
      let bestAbs = -1;
      for (const k of kept) {
        const a = Math.abs(corr[j * d + k] as number);
        if (a > bestAbs) {
          bestAbs = a;
          best = k;
        }
      }
      if (best >= 0 && bestAbs > threshold) dropped.push({ feature: j, correlatedWith: best, r: corr[j * d + best] as number });
      else kept.push(j);
    }
    kept.sort((a, b) => a - b);
    return this.commit({ nFeaturesIn: d, support: Int32Array.from(kept), dropped });
  }

  /** Indices of the kept features, ascending. @throws {@link NotFittedError} before fit. */
  get support(): Int32Array {
    return this.fitted('support').support.slice();
  }

  /** Each dropped feature, in the order it was dropped, with the kept feature it duplicated and r. @throws {@link NotFittedError} before fit. */
  get dropped(): DroppedFeature[] {
    return this.fitted('dropped').dropped.map((x) => ({ ...x }));
  }

  /**
   * Keeps the selected columns.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width.
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    return selectColumns(this.checkInput(X, { fitted: s }), s.support);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the names of the kept features. */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    return selectedNames(this.estimatorType, s.nFeaturesIn, s.support, inputNames);
  }

  protected override checkState(s: CorrelationFilterState): void {
    const bad = (detail: string) => new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    checkSupport(this.estimatorType, s.support, s.nFeaturesIn);
    const seen = new Set<number>(s.support);
    const gone = new Set<number>();
    for (const x of s.dropped) {
      if (x.feature >= s.nFeaturesIn || seen.has(x.feature) || gone.has(x.feature) || !seen.has(x.correlatedWith)) {
        throw bad(`dropped feature ${x.feature} is not explained by a kept feature.`);
      }
      gone.add(x.feature);
    }
    if (s.support.length + s.dropped.length !== s.nFeaturesIn) throw bad('every feature must be either kept or dropped.');
  }
}

function identity(d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) out[j * d + j] = 1;
  return out;
}

function columnVariances(data: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] as number;
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = (data[i * d + j] as number) - (mean[j] as number);
      v[j] += c * c;
    }
  }
  return v;
}
