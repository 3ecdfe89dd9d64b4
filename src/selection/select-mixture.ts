/**
 * Choosing a Gaussian mixture by BIC over numbers of components and covariance types.
 *
 * @packageDocumentation
 */
import { AbortError, InvalidParameterError, SegmentationError, ValidationError } from '../core/errors.js';
import { throwIfAborted, type Progress } from '../core/estimator.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { custom, func } from '../core/params.js';
import { validateMatrix } from '../core/validation.js';
import { resolveOptions } from '../metrics/_options.js';
import { build, checkKRange, criterion, kListConstraint, modelName, progressConstraints, type SelectableModel } from './_model.js';

/** The covariance structures scikit-learn's GaussianMixture offers. */
export type MixtureCovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** A model {@link selectMixture} can rank: fitted with `fit`, scored with `bic(X)`. */
export interface MixtureModel {
  /** Fits the model; the return value is ignored. */
  fit(X: Matrix, options?: { readonly signal?: AbortSignal }): unknown;
  /** Bayesian information criterion on X (lower is better). */
  bic(X: Matrix): number;
  /** Akaike information criterion on X, when available. */
  aic?(X: Matrix): number;
}

/** Options of {@link selectMixture}. */
export interface SelectMixtureOptions<M extends MixtureModel> {
  /**
   * Builds an unfitted mixture with k components and a covariance type, e.g.
   * `(k, covarianceType) => new GaussianMixture({ nComponents: k, covarianceType })`.
   */
  readonly make: (k: number, covarianceType: MixtureCovarianceType) => M;
  /** Numbers of components to try, strictly increasing integers in [1, n]. @defaultValue [1, 2, ..., 9] (mclust's G = 1:9), capped at n */
  readonly nComponents?: readonly number[];
  /** Covariance types to try. @defaultValue ['full', 'tied', 'diag', 'spherical'] */
  readonly covarianceTypes?: readonly MixtureCovarianceType[];
  /** Called after each fit with `{ stage: 'selectMixture', step, total, loss: bic }`. */
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the search between (and, when the model supports it, during) fits. */
  readonly signal?: AbortSignal;
}

/** One candidate of {@link selectMixture}. */
export interface MixtureCandidate {
  /** Number of components. */
  readonly nComponents: number;
  /** Covariance type. */
  readonly covarianceType: MixtureCovarianceType;
  /** BIC on X, or null when the fit failed. */
  readonly bic: number | null;
  /** AIC on X, or null when unavailable or the fit failed. */
  readonly aic: number | null;
  /** Why the fit failed (a segmentkit error message), or null. */
  readonly error: string | null;
}

/** What {@link selectMixture} returns. */
export interface SelectMixtureResult<M extends MixtureModel> {
  /** Every candidate, by covariance type then number of components. */
  readonly candidates: MixtureCandidate[];
  /** The candidate of lowest BIC. */
  readonly best: MixtureCandidate;
  /** The fitted model of the best candidate. */
  readonly model: M;
}

const FN = 'selectMixture';
const TYPES: readonly MixtureCovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/**
 * Fits a Gaussian mixture for every number of components and covariance type and keeps the one
 * of lowest BIC, the model-based choice of k (as R's mclust does over its covariance models).
 *
 * @remarks
 * BIC = -2 log L + p log n penalises the p free parameters, so it weighs fit against complexity
 * (mclust reports 2 log L - p log n, the same ranking with the sign flipped). Cost: one fit per
 * candidate. A candidate whose fit throws a segmentkit error (for example a covariance that is not
 * positive definite with too many components) is recorded with its message and skipped, as mclust
 * leaves NA in its BIC table; other errors propagate. Ties keep the first candidate in the order
 * of `covarianceTypes`, then `nComponents` (simpler first by default). The factory keeps this
 * module independent of a particular mixture class.
 * Reference: C. Fraley and A. E. Raftery (2002), "Model-based clustering, discriminant analysis,
 * and density estimation", JASA 97.
 *
 * @param X - the data, n x d
 * @param options - see {@link SelectMixtureOptions}
 * @throws {@link InvalidParameterError} for bad options or ranges
 * @throws {@link ValidationError} for bad X, a factory whose models have no `bic`, or when every fit fails
 * @throws {@link AbortError} when the signal fires
 * @example
 * ```ts
 * import { GaussianMixture, selectMixture } from 'segmentkit';
 * import { makeBlobs } from 'segmentkit/testing';
 * const { X } = makeBlobs({ nSamples: 200, centers: [[0, 0], [8, 8]], randomState: 1 });
 * const r = selectMixture(X, {
 *   make: (k, covarianceType) => new GaussianMixture({ nComponents: k, covarianceType }),
 *   nComponents: [1, 2, 3],
 *   covarianceTypes: ['spherical', 'full'],
 * });
 * console.log(r.best.nComponents); // 2
 * ```
 */
export function selectMixture<M extends MixtureModel>(X: MatrixInput, options: SelectMixtureOptions<M>): SelectMixtureResult<M> {
  const opts = resolveOptions(
    FN,
    {
      make: undefined as unknown as SelectMixtureOptions<M>['make'],
      nComponents: undefined as readonly number[] | undefined,
      covarianceTypes: TYPES,
      onProgress: undefined as SelectMixtureOptions<M>['onProgress'],
      signal: undefined as AbortSignal | undefined,
    },
    options,
    {
      make: [func],
      nComponents: [kListConstraint],
      covarianceTypes: [
        custom(
          `a non-empty array of distinct values among ${TYPES.map((t) => `'${t}'`).join(', ')}`,
          (v) => Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((t) => TYPES.includes(t as MixtureCovarianceType)),
        ),
      ],
      ...progressConstraints,
    },
  );
  const m = validateMatrix(X, { estimator: FN, minSamples: 1 });
  const n = m.rows;
  const ks =
    opts.nComponents === undefined
      ? Array.from({ length: Math.min(9, n) }, (_, t) => t + 1)
      : checkKRange(FN, 'nComponents', opts.nComponents, 1, n);
  if (ks.length === 0) throw new InvalidParameterError('nComponents', messages.metrics.tooFewPoints(FN, "values in 'nComponents'", 0, 1));
  const total = ks.length * opts.covarianceTypes.length;
  const candidates: MixtureCandidate[] = [];
  let best: { candidate: MixtureCandidate; model: M } | null = null;
  let step = 0;
  for (const covarianceType of opts.covarianceTypes) {
    for (const k of ks) {
      throwIfAborted(opts.signal, FN);
      const model = build<M>(FN, opts.make, k, covarianceType);
      if (typeof (model as Partial<MixtureModel>).bic !== 'function') {
        throw new ValidationError(messages.metrics.noCriterion(FN, 'bic'));
      }
      let candidate: MixtureCandidate;
      try {
        model.fit(m, opts.signal === undefined ? {} : { signal: opts.signal });
        const bic = criterion(model as unknown as SelectableModel, 'bic', m);
        candidate = { nComponents: k, covarianceType, bic, aic: criterion(model as unknown as SelectableModel, 'aic', m), error: bic === null ? `${modelName(model)}.bic(X) is not finite.` : null };
      } catch (err) {
        if (err instanceof AbortError || !(err instanceof SegmentationError)) throw err;
        candidate = { nComponents: k, covarianceType, bic: null, aic: null, error: err.message };
      }
      candidates.push(candidate);
      if (candidate.bic !== null && (best === null || candidate.bic < (best.candidate.bic as number))) best = { candidate, model };
      opts.onProgress?.({ stage: FN, step: ++step, total, ...(candidate.bic === null ? {} : { loss: candidate.bic }) });
    }
  }
  if (best === null) throw new ValidationError(messages.metrics.allFailed(FN, candidates[0]?.error ?? 'no candidate'));
  return { candidates, best: best.candidate, model: best.model };
}
