/**
 * KNNImputer: missing values filled from the nearest training rows that have them.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, type FitOptions } from '../core/estimator.js';
import type { Transformer } from '../core/families.js';
import { defaultFeatureNames } from '../core/feature-names.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, int, oneOf, type ParamConstraints } from '../core/params.js';
import { assertLengths, field, type StateSchema } from '../core/serialize.js';

/** Options of {@link KNNImputer}. */
export interface KNNImputerOptions {
  /** Number of donors averaged for each missing value. @defaultValue 5 */
  readonly nNeighbors?: number;
  /** 'uniform': plain mean of the donors; 'distance': weighted by inverse distance (an exact match wins outright). @defaultValue 'uniform' */
  readonly weights?: 'uniform' | 'distance';
  /** Append one 0/1 indicator column per feature that had missing values in fit. @defaultValue false */
  readonly addIndicator?: boolean;
  /** Keep features that are entirely missing in fit (imputed with 0) instead of rejecting them. @defaultValue false */
  readonly keepEmptyFeatures?: boolean;
}

/** Numeric input where missing values are NaN or, in nested arrays, `null`. */
export type MatrixWithMissing = MatrixInput | readonly (readonly (number | null)[])[];

/** Parameters of {@link KNNImputer} after defaults. */
export type KNNImputerParams = Required<KNNImputerOptions>;

/** Defaults of {@link KNNImputer}. */
export const KNN_IMPUTER_DEFAULTS: Readonly<KNNImputerParams> = Object.freeze({
  nNeighbors: 5,
  weights: 'uniform',
  addIndicator: false,
  keepEmptyFeatures: false,
});

interface KNNImputerState {
  readonly nFeaturesIn: number;
  /** Training rows with missing cells stored as 0 (see `fitMissing`). */
  readonly fitX: Matrix;
  /** Flat indices (i * d + j) of the missing training cells. */
  readonly fitMissing: Int32Array;
  /** Mean of each feature's present training values (0 for an empty kept feature). */
  readonly means: Float64Array;
  readonly indicatorFeatures: Int32Array;
}

/**
 * Imputes each missing value with the mean of that feature over the `nNeighbors` nearest training
 * rows that have it, with scikit-learn's `nan_euclidean` distance: `sqrt(d / p * sum of squared
 * differences over the p coordinates present in both rows)`.
 *
 * @remarks
 * For each row with missing values, distances to every training row are computed once over the
 * shared coordinates (O(n_train d)); for each missing feature the donors are the training rows that
 * have that feature, and the k nearest are averaged (O(n_train k)). So O(r n_train d) for r rows
 * with gaps, O(n_train) extra memory. A row that shares no coordinate with any donor gets the
 * feature's training mean. With weights 'distance', donors at distance 0 take all the weight.
 * Matches scikit-learn's `KNNImputer` to 1e-10 (`add_indicator` as `MissingIndicator`
 * 'missing-only'); ties between equally distant donors go to the earlier training row. An
 * all-missing feature is an error unless `keepEmptyFeatures` (scikit-learn drops it silently).
 *
 * @example
 * ```ts
 * import { KNNImputer, toRows } from 'segmentkit';
 * const X = [[1, 2], [3, 4], [5, 6], [8, null]];
 * const imp = new KNNImputer({ nNeighbors: 2 }).fit(X);
 * console.log(toRows(imp.transform([[4.5, null], [null, 2.5]]))); // [[4.5, 5], [2, 2.5]]
 * ```
 */
export class KNNImputer extends BaseEstimator<KNNImputerParams, KNNImputerState> implements Transformer<MatrixWithMissing> {
  /** Stable type name. */
  static readonly estimatorType = 'KNNImputer';
  /** Defaults of every parameter. */
  static readonly defaults = KNN_IMPUTER_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<KNNImputerParams> = {
    nNeighbors: [int({ min: 1 })],
    weights: [oneOf('uniform', 'distance')],
    addIndicator: [bool],
    keepEmptyFeatures: [bool],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    fitX: field.matrix(),
    fitMissing: field.int32(),
    means: field.float64(),
    indicatorFeatures: field.int32(),
  };

  /** @param options - see {@link KNNImputerOptions} */
  constructor(options: KNNImputerOptions = {}) {
    super(KNN_IMPUTER_DEFAULTS, options);
  }

  /**
   * Stores the training rows (the donors) and each feature's mean.
   *
   * @param X - training data, n x d; NaN or null marks a missing value
   * @param options - unused (for the Transformer signature)
   * @returns this
   * @throws {@link ValidationError} on malformed input, infinite values, or an all-missing feature
   *   (unless `keepEmptyFeatures`)
   * @throws {@link InvalidParameterError} on invalid options
   */
  fit(X: MatrixWithMissing, options: FitOptions = {}): this {
    void options;
    this.checkParams();
    const { rows, cols, data } = this.checkInput(X, { allowNaN: true });
    const fit = new Float64Array(data.length);
    const missing: number[] = [];
    const sums = new Float64Array(cols);
    const counts = new Float64Array(cols);
    for (let k = 0; k < data.length; k++) {
      const v = data[k] as number;
      if (Number.isNaN(v)) missing.push(k);
      else {
        fit[k] = v;
        sums[k % cols] += v;
        counts[k % cols] += 1;
      }
    }
    const means = new Float64Array(cols);
    const indicator: number[] = [];
    for (let j = 0; j < cols; j++) {
      const c = counts[j] as number;
      if (c === 0 && !this.params.keepEmptyFeatures) throw new ValidationError(messages.preprocess.allMissing(this.estimatorType, `x${j}`), { column: j });
      means[j] = c > 0 ? (sums[j] as number) / c : 0;
      if (c < rows && this.params.addIndicator) indicator.push(j);
    }
    return this.commit({
      nFeaturesIn: cols,
      fitX: { rows, cols, data: fit },
      fitMissing: Int32Array.from(missing),
      means,
      indicatorFeatures: Int32Array.from(indicator),
    });
  }

  /** Indices of the features that get a missing-indicator column. @throws {@link NotFittedError} before fit. */
  get indicatorFeatures(): Int32Array {
    return this.fitted('indicatorFeatures').indicatorFeatures.slice();
  }

  /**
   * Fills every missing value (then appends the indicator columns when `addIndicator`).
   * @throws {@link NotFittedError} before fit; {@link ValidationError} on bad input, width or infinite values.
   */
  transform(X: MatrixWithMissing): Matrix {
    const s = this.fitted('transform');
    const { rows, cols: d, data } = this.checkInput(X, { fitted: s, allowNaN: true });
    const { nNeighbors, weights } = this.params;
    const nFit = s.fitX.rows;
    const F = s.fitX.data;
    const fitMask = new Uint8Array(nFit * d);
    for (const k of s.fitMissing) fitMask[k] = 1;
    const donorCount = new Int32Array(d);
    for (let i = 0; i < nFit; i++) for (let j = 0; j < d; j++) if (fitMask[i * d + j] === 0) donorCount[j]++;
    const nInd = s.indicatorFeatures.length;
    const width = d + nInd;
    const out = new Float64Array(rows * width);
    const dist = new Float64Array(nFit);
    const bestIdx = new Int32Array(nNeighbors);
    const bestDist = new Float64Array(nNeighbors);
    for (let i = 0; i < rows; i++) {
      const base = i * d;
      let hasMissing = false;
      for (let j = 0; j < d; j++) {
        const v = data[base + j] as number;
        out[i * width + j] = v;
        if (Number.isNaN(v)) hasMissing = true;
      }
      for (let t = 0; t < nInd; t++) out[i * width + d + t] = Number.isNaN(data[base + (s.indicatorFeatures[t] as number)] as number) ? 1 : 0;
      if (!hasMissing) continue;
      // nan_euclidean distances from row i to every training row (NaN when no shared coordinate).
      for (let r = 0; r < nFit; r++) {
        let sum = 0;
        let present = 0;
        const rb = r * d;
        for (let j = 0; j < d; j++) {
          const v = data[base + j] as number;
          if (Number.isNaN(v) || fitMask[rb + j] === 1) continue;
          const diff = v - (F[rb + j] as number);
          sum += diff * diff;
          present++;
        }
        dist[r] = present === 0 ? NaN : Math.sqrt((sum / present) * d);
      }
      for (let j = 0; j < d; j++) {
        if (!Number.isNaN(data[base + j] as number)) continue;
        if (donorCount[j] === 0) {
          out[i * width + j] = 0; // a kept empty feature
          continue;
        }
        // The k nearest donors (rows with feature j), NaN distances last, ties to the lower index.
        const k = Math.min(nNeighbors, donorCount[j] as number);
        let filled = 0;
        let anyFinite = false;
        for (let r = 0; r < nFit; r++) {
          if (fitMask[r * d + j] === 1) continue;
          const dr = dist[r] as number;
          if (!Number.isNaN(dr)) anyFinite = true;
          if (filled === k && !before(dr, bestDist[k - 1] as number)) continue;
          let p = filled < k ? filled++ : k - 1;
          while (p > 0 && before(dr, bestDist[p - 1] as number)) {
            bestDist[p] = bestDist[p - 1] as number;
            bestIdx[p] = bestIdx[p - 1] as number;
            p--;
          }
          bestDist[p] = dr;
          bestIdx[p] = r;
        }
        out[i * width + j] = anyFinite ? donorAverage(F, d, j, bestIdx, bestDist, k, weights) : (s.means[j] as number);
      }
    }
    return { rows, cols: width, data: out };
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixWithMissing, options: FitOptions = {}): Matrix {
    return this.fit(X, options).transform(X);
  }

  /** Output names: the input names, then `missingindicator_<name>` for each indicator column (scikit-learn's naming). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    const s = this.fitted('featureNamesOut');
    const base = defaultFeatureNames(s.nFeaturesIn, inputNames, this.estimatorType);
    return [...base, ...Array.from(s.indicatorFeatures, (j) => `missingindicator_${base[j] as string}`)];
  }

  protected override checkState(s: KNNImputerState): void {
    assertLengths(this.estimatorType, s.nFeaturesIn, { means: s.means });
    const bad = (detail: string) => new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    if (s.fitX.cols !== s.nFeaturesIn || s.fitX.rows < 1) throw bad(`fitX must have ${s.nFeaturesIn} columns and at least one row.`);
    for (const k of s.fitMissing) if (k < 0 || k >= s.fitX.data.length) throw bad(`missing cell ${k} is out of range.`);
    for (const j of s.indicatorFeatures) if (j < 0 || j >= s.nFeaturesIn) throw bad(`indicator feature ${j} is out of range.`);
  }
}

/** Strict "comes first" order of donor distances: NaN after every number, ties keep the earlier row. */
function before(a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  return Number.isNaN(b) || a < b;
}

/**
 * Average of feature j over the k chosen donors, as scikit-learn's `_calc_impute`: 'uniform' is the
 * plain mean (donors at NaN distance included); 'distance' weighs by 1 / distance with NaN weights
 * set to 0, and when some donor is at distance 0 only those donors count.
 */
function donorAverage(F: Float64Array, d: number, j: number, idx: Int32Array, dist: Float64Array, k: number, weights: 'uniform' | 'distance'): number {
  if (weights === 'uniform') {
    let sum = 0;
    for (let t = 0; t < k; t++) sum += F[(idx[t] as number) * d + j] as number;
    return sum / k;
  }
  let zero = false;
  for (let t = 0; t < k; t++) if (dist[t] === 0) zero = true;
  let num = 0;
  let den = 0;
  for (let t = 0; t < k; t++) {
    const dt = dist[t] as number;
    const w = zero ? (dt === 0 ? 1 : 0) : Number.isNaN(dt) ? 0 : 1 / dt;
    num += w * (F[(idx[t] as number) * d + j] as number);
    den += w;
  }
  return num / den;
}
