/**
 * LogTransformer: `log1p(x + offset)` per feature, for spend and count data with a long right tail.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { InvertibleTransformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { num, oneOf, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';

/** Options of {@link LogTransformer}. */
export interface LogTransformerOptions {
  /**
   * Added to every value before `log1p`. A number applies to every feature; 'auto' learns, per
   * feature, the smallest offset that makes the training data non-negative (`max(0, -min x)`).
   * @defaultValue 0
   */
  readonly offset?: number | 'auto';
}

/** Parameters of {@link LogTransformer} after defaults. */
export type LogTransformerParams = Required<LogTransformerOptions>;

/** Defaults of {@link LogTransformer}. */
export const LOG_TRANSFORMER_DEFAULTS: Readonly<LogTransformerParams> = Object.freeze({ offset: 0 });

interface LogTransformerState {
  readonly nFeaturesIn: number;
  /** The offset of each feature. */
  readonly offsets: Float64Array;
}

/**
 * Compresses long right tails with `y = log1p(x + offset)`, which maps 0 to 0 and is exact for
 * small values; `inverseTransform` is `expm1(y) - offset`.
 *
 * @remarks
 * O(n d) time, no extra memory beyond the output. Values with `x + offset < 0` (refunds or
 * adjustments below the offset) are rejected with their row and column rather than turned into NaN;
 * offset 'auto' learns per-feature offsets from the training minimum, and new data below it is still
 * rejected. Unlike {@link PowerTransformer} nothing is estimated except the 'auto' offsets, so the
 * transform is stable across refits. scikit-learn has no direct equivalent (it is
 * `FunctionTransformer(np.log1p, np.expm1)` with the offset added).
 *
 * @example
 * ```ts
 * import { LogTransformer, toRows } from 'segmentkit';
 * const lt = new LogTransformer().fit([[0], [9], [99]]);
 * console.log(toRows(lt.transform([[0], [99]]))); // [[0], [4.60517]]
 * const auto = new LogTransformer({ offset: 'auto' }).fit([[-5], [10]]);
 * console.log(Array.from(auto.offsets)); // [5]
 * ```
 */
export class LogTransformer extends BaseEstimator<LogTransformerParams, LogTransformerState> implements InvertibleTransformer {
  /** Stable type name. */
  static readonly estimatorType = 'LogTransformer';
  /** Defaults of every parameter. */
  static readonly defaults = LOG_TRANSFORMER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<LogTransformerParams> = { offset: [num(), oneOf('auto')] };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = { nFeaturesIn: field.int({ min: 1 }), offsets: field.float64() };

  /** @param options - see {@link LogTransformerOptions} */
  constructor(options: LogTransformerOptions = {}) {
    super(LOG_TRANSFORMER_DEFAULTS, options);
  }

  /**
   * Learns the offsets (for 'auto') and checks that every training value is in the domain.
   *
   * @param X - training data, n x d
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed or non-finite input, or a value below `-offset`
   *   (naming its row and column)
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const m = this.checkInput(X);
    const { rows, cols, data } = m;
    const { offset } = this.params;
    const offsets = new Float64Array(cols);
    if (offset === 'auto') {
      for (let j = 0; j < cols; j++) {
        let min = Infinity;
        for (let i = 0; i < rows; i++) min = Math.min(min, data[i * cols + j] as number);
        offsets[j] = min < 0 ? -min : 0;
      }
    } else {
      offsets.fill(offset);
    }
    this.checkDomain(m, offsets);
    return this.commit({ nFeaturesIn: cols, offsets });
  }

  private checkDomain(m: Matrix, offsets: Float64Array): void {
    const { rows, cols, data } = m;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = data[i * cols + j] as number;
        if (!(v + (offsets[j] as number) >= 0)) {
          throw new ValidationError(messages.preprocess.logDomain(this.estimatorType, i, j, v, offsets[j] as number), { row: i, column: j });
        }
      }
    }
  }

  /** The offset added to each feature. @throws {@link NotFittedError} before fit. */
  get offsets(): Float64Array {
    return this.fitted('offsets').offsets.slice();
  }

  /**
   * Applies `log1p(x + offset)`.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width, or a
   *   value below `-offset` (naming its row and column).
   */
  transform(X: MatrixInput): Matrix {
    const s = this.fitted('transform');
    const m = this.checkInput(X, { fitted: s });
    this.checkDomain(m, s.offsets);
    const { rows, cols, data } = m;
    const out = new Float64Array(data.length);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) out[base + j] = Math.log1p((data[base + j] as number) + (s.offsets[j] as number));
    }
    return { rows, cols, data: out };
  }

  /**
   * Applies `expm1(y) - offset`.
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input or width, or a
   *   value so large that `expm1` overflows (naming its row and column).
   */
  inverseTransform(Y: MatrixInput): Matrix {
    const s = this.fitted('inverseTransform');
    const { rows, cols, data } = this.checkInput(Y, { fitted: s, input: 'Y' });
    const out = new Float64Array(data.length);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const y = data[base + j] as number;
        const x = Math.expm1(y) - (s.offsets[j] as number);
        if (!Number.isFinite(x)) {
          throw new ValidationError(messages.preprocess.outsideRange(this.estimatorType, i, j, y, 'expm1 overflows above 709.78'), { row: i, column: j });
        }
        out[base + j] = x;
      }
    }
    return { rows, cols, data: out };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixInput, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names (the transform keeps columns). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    return defaultFeatureNames(this.fitted('featureNamesOut').nFeaturesIn, inputNames, this.estimatorType);
  }

  protected override checkState(s: LogTransformerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { offsets: s.offsets });
    if (this.params.offset !== 'auto') {
      for (let j = 0; j < s.nFeaturesIn; j++) {
        if (s.offsets[j] !== this.params.offset) {
          throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, `offsets[${j}] must equal the offset parameter ${this.params.offset}.`));
        }
      }
    }
  }
}
