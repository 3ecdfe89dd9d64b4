/**
 * Fitting a clusterer for each number of clusters and scoring every fit.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from '../core/errors.js';
import { throwIfAborted, type Progress } from '../core/estimator.js';
import type { MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { func, int, isNull, num, oneOf, seed, custom } from '../core/params.js';
import type { RandomState } from '../core/random.js';
import { validateMatrix } from '../core/validation.js';
import type { NoiseHandling } from '../metrics/_internal.js';
import { resolveOptions } from '../metrics/_options.js';
import { calinskiHarabaszScore } from '../metrics/calinski-harabasz.js';
import { daviesBouldinScore } from '../metrics/davies-bouldin.js';
import { silhouetteScore } from '../metrics/silhouette.js';
import { build, checkKRange, countClusters, criterion, fitLabels, fmt, inertiaOf, kListConstraint, progressConstraints, type SelectableModel } from './_model.js';
import { elbow, type ElbowResult } from './elbow.js';

/** A score {@link sweepK} can compute for each k. */
export type SweepMetric = 'inertia' | 'silhouette' | 'calinskiHarabasz' | 'daviesBouldin' | 'bic' | 'aic';

/** Options of {@link sweepK}. */
export interface SweepKOptions<M extends SelectableModel = SelectableModel> {
  /** Builds an unfitted model for k clusters, e.g. `(k) => new KMeans({ nClusters: k })`. */
  readonly make: (k: number) => M;
  /** The data, n x d. */
  readonly X: MatrixInput;
  /** The numbers of clusters to try, strictly increasing integers in [1, n]. @defaultValue [2, 3, ..., 10] (capped at n - 1) */
  readonly kRange?: readonly number[];
  /**
   * Scores to compute. 'inertia', 'bic' and 'aic' are read from the model when it has them; the
   * others are computed from the labels. @defaultValue every one
   */
  readonly metrics?: readonly SweepMetric[];
  /**
   * Rows used for the silhouette: above this many, a seeded random subset of this size, the same
   * subset for every k (so the comparison is paired); null for the exact silhouette on all rows.
   * Calinski-Harabasz and Davies-Bouldin always use every row (they are O(n d)). @defaultValue 5000
   */
  readonly sampleSize?: number | null;
  /** Seed of the silhouette subset. @defaultValue 0 */
  readonly randomState?: RandomState;
  /** How the internal indices score label -1 (see {@link NoiseHandling}). @defaultValue 'cluster' */
  readonly noise?: NoiseHandling;
  /**
   * How far below the best silhouette a k may be and still count as tied; ties go to the highest
   * Calinski-Harabasz. @defaultValue 0.001
   */
  readonly silhouetteTolerance?: number;
  /** Called after each fit with `{ stage: 'sweepK', step, total }`. */
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the sweep between (and, when the model supports it, during) fits. */
  readonly signal?: AbortSignal;
}

/** The scores of one k; null where a score does not apply (see {@link sweepK}). */
export interface SweepKRow {
  /** Number of clusters asked for. */
  readonly k: number;
  /** Distinct non-noise clusters the fit produced (can be below k). */
  readonly nClustersFound: number;
  /** The model's inertia (k-means family), or null. */
  readonly inertia: number | null;
  /** Mean silhouette (sampled above `sampleSize` rows), or null for fewer than 2 clusters. */
  readonly silhouette: number | null;
  /** Calinski-Harabasz index, or null for fewer than 2 clusters. */
  readonly calinskiHarabasz: number | null;
  /** Davies-Bouldin index, or null for fewer than 2 clusters. */
  readonly daviesBouldin: number | null;
  /** The model's BIC on X (mixtures), or null. */
  readonly bic: number | null;
  /** The model's AIC on X (mixtures), or null. */
  readonly aic: number | null;
}

/** The k {@link sweepK} recommends and why. */
export interface Recommendation {
  /** The recommended number of clusters. */
  readonly k: number;
  /** The criterion that decided. */
  readonly criterion: 'bic' | 'silhouette' | 'calinskiHarabasz' | 'daviesBouldin' | 'elbow' | 'none';
  /** Sentences explaining the choice and whether the other scores agree. */
  readonly reasons: string[];
}

/** What {@link sweepK} returns. */
export interface SweepKResult<M extends SelectableModel = SelectableModel> {
  /** One row per k, in the order of kRange. */
  readonly rows: SweepKRow[];
  /** The recommended k, with reasons. */
  readonly recommended: Recommendation;
  /** Kneedle on the inertia curve, when inertia was available for at least 3 values of k. */
  readonly elbow: ElbowResult | null;
  /** The fitted model of the recommended k. */
  readonly model: M;
}

const FN = 'sweepK';
const ALL: readonly SweepMetric[] = ['inertia', 'silhouette', 'calinskiHarabasz', 'daviesBouldin', 'bic', 'aic'];

/**
 * Fits one model per number of clusters and scores each: inertia, silhouette, Calinski-Harabasz,
 * Davies-Bouldin, and BIC/AIC for mixtures; then recommends a k with its reasons. The silhouette
 * analysis and elbow method of the customer-segmentation playbook, in one call.
 *
 * @remarks
 * Cost: one fit per k, plus O(n d) per k for CH and DB and O(s^2 d) for the silhouette on
 * s = min(n, sampleSize) rows (the same seeded subset for every k).
 *
 * The recommendation rule, first that applies:
 * 1. every fit has a BIC (Gaussian mixtures): the k of lowest BIC, as mclust does;
 * 2. silhouettes were computed: the k of highest mean silhouette, where ks within
 *    `silhouetteTolerance` of the best count as tied and the tie goes to the highest
 *    Calinski-Harabasz (then the smallest k);
 * 3. else the highest Calinski-Harabasz, else the lowest Davies-Bouldin;
 * 4. else the Kneedle elbow of the inertia curve; else the first k.
 * The reasons also say whether the elbow, CH and DB agree with the choice, so disagreement is
 * visible. Scores that do not apply are null: CH, DB and silhouette need 2 <= clusters <= n - 1
 * (k = 1 gets inertia and BIC only).
 *
 * @param options - see {@link SweepKOptions}
 * @throws {@link InvalidParameterError} for a bad kRange (not increasing integers in [1, n]) or options
 * @throws {@link ValidationError} for bad X or a factory that does not build a clusterer
 * @throws {@link AbortError} when the signal fires
 * @example
 * ```ts
 * import { KMeans, sweepK } from 'segmentkit';
 * import { makeBlobs } from 'segmentkit/testing';
 * const { X } = makeBlobs({ nSamples: 300, nCenters: 4, clusterStd: 0.6, randomState: 1 });
 * const r = sweepK({ make: (k) => new KMeans({ nClusters: k }), X, kRange: [2, 3, 4, 5, 6] });
 * console.log(r.recommended.k, r.rows.length); // 4 5
 * ```
 */
export function sweepK<M extends SelectableModel>(options: SweepKOptions<M>): SweepKResult<M> {
  const opts = resolveOptions(
    FN,
    {
      make: undefined as unknown as SweepKOptions<M>['make'],
      X: undefined as unknown as MatrixInput,
      kRange: undefined as readonly number[] | undefined,
      metrics: ALL as readonly SweepMetric[],
      sampleSize: 5000 as number | null,
      randomState: 0 as RandomState,
      noise: 'cluster' as NoiseHandling,
      silhouetteTolerance: 0.001,
      onProgress: undefined as SweepKOptions<M>['onProgress'],
      signal: undefined as AbortSignal | undefined,
    },
    options,
    {
      make: [func],
      X: [custom('a 2-D array or Matrix', (v) => typeof v === 'object' && v !== null)],
      kRange: [kListConstraint],
      metrics: [custom(`an array of metric names among ${ALL.join(', ')}`, (v) => Array.isArray(v) && v.every((m) => ALL.includes(m as SweepMetric)))],
      sampleSize: [int({ min: 2 }), isNull],
      randomState: seed,
      noise: [oneOf('cluster', 'ignore')],
      silhouetteTolerance: [num({ min: 0 })],
      ...progressConstraints,
    },
  );
  const X = validateMatrix(opts.X, { estimator: FN, minSamples: 2 });
  const n = X.rows;
  const kRange = opts.kRange === undefined ? defaultRange(n) : checkKRange(FN, 'kRange', opts.kRange, 1, n);
  if (kRange.length === 0) throw new InvalidParameterError('kRange', messages.metrics.tooFewPoints(FN, "values in 'kRange'", 0, 1));
  const want = new Set(opts.metrics);

  const rows: SweepKRow[] = [];
  const models: M[] = [];
  for (let t = 0; t < kRange.length; t++) {
    throwIfAborted(opts.signal, FN);
    const k = kRange[t] as number;
    const model = build<M>(FN, opts.make, k);
    const labels = fitLabels(FN, model, X, opts.signal);
    const found = countClusters(labels);
    const scorable = scorableClusters(labels, opts.noise);
    const valid = scorable >= 2 && scorable < (opts.noise === 'ignore' ? n - countNoise(labels) : n);
    rows.push({
      k,
      nClustersFound: found,
      inertia: want.has('inertia') ? inertiaOf(model) : null,
      silhouette:
        want.has('silhouette') && valid
          ? safeScore(() => silhouetteScore(X, labels, { sampleSize: opts.sampleSize, randomState: opts.randomState, noise: opts.noise }))
          : null,
      calinskiHarabasz: want.has('calinskiHarabasz') && valid ? calinskiHarabaszScore(X, labels, { noise: opts.noise }) : null,
      daviesBouldin: want.has('daviesBouldin') && valid ? daviesBouldinScore(X, labels, { noise: opts.noise }) : null,
      bic: want.has('bic') ? criterion(model, 'bic', X) : null,
      aic: want.has('aic') ? criterion(model, 'aic', X) : null,
    });
    models.push(model);
    opts.onProgress?.({ stage: FN, step: t + 1, total: kRange.length });
  }
  const inertias = rows.map((r) => r.inertia);
  const elbowResult =
    rows.length >= 3 && inertias.every((v) => v !== null) ? elbow(kRange, inertias as number[]) : null;
  const recommended = recommend(rows, elbowResult, opts.silhouetteTolerance);
  const index = rows.findIndex((r) => r.k === recommended.k);
  return { rows, recommended, elbow: elbowResult, model: models[index] as M };
}

function defaultRange(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; k <= Math.min(10, n - 1); k++) out.push(k);
  return out.length > 0 ? out : [1];
}

function countNoise(labels: Int32Array): number {
  let c = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) c++;
  return c;
}

/** Clusters the internal indices will see: noise counts as one more cluster with 'cluster'. */
function scorableClusters(labels: Int32Array, noise: NoiseHandling): number {
  const found = countClusters(labels);
  return noise === 'cluster' && countNoise(labels) > 0 ? found + 1 : found;
}

/** The sampled silhouette can meet a subset with a single cluster: then it does not apply. */
function safeScore(f: () => number): number | null {
  try {
    return f();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'VALIDATION') return null;
    throw err;
  }
}

function argBest(rows: readonly SweepKRow[], key: 'silhouette' | 'calinskiHarabasz' | 'daviesBouldin' | 'bic', lower: boolean): SweepKRow | null {
  let best: SweepKRow | null = null;
  for (const r of rows) {
    const v = r[key];
    if (v === null) continue;
    if (best === null || (lower ? v < (best[key] as number) : v > (best[key] as number))) best = r;
  }
  return best;
}

/** The recommendation rule documented on {@link sweepK}. */
function recommend(rows: readonly SweepKRow[], elbowResult: ElbowResult | null, tolerance: number): Recommendation {
  const bestCH = argBest(rows, 'calinskiHarabasz', false);
  const bestDB = argBest(rows, 'daviesBouldin', true);
  const bestSil = argBest(rows, 'silhouette', false);
  const knee = elbowResult?.knee ?? null;
  const supporting = (k: number, except: string): string[] => {
    const out: string[] = [];
    if (except !== 'silhouette' && bestSil !== null) {
      out.push(
        bestSil.k === k
          ? `The mean silhouette is also highest at k = ${k} (${fmt(bestSil.silhouette as number)}).`
          : `The mean silhouette is highest at k = ${bestSil.k} (${fmt(bestSil.silhouette as number)}), not at k = ${k}.`,
      );
    }
    if (except !== 'calinskiHarabasz' && bestCH !== null) {
      out.push(bestCH.k === k ? `Calinski-Harabasz agrees (highest at k = ${k}).` : `Calinski-Harabasz is highest at k = ${bestCH.k}.`);
    }
    if (except !== 'daviesBouldin' && bestDB !== null) {
      out.push(bestDB.k === k ? `Davies-Bouldin agrees (lowest at k = ${k}).` : `Davies-Bouldin is lowest at k = ${bestDB.k}.`);
    }
    if (except !== 'elbow' && elbowResult !== null) {
      out.push(
        knee === null
          ? 'The inertia curve has no clear elbow.'
          : knee === k
            ? `The elbow of the inertia curve is at k = ${k} too.`
            : `The elbow of the inertia curve is at k = ${knee}.`,
      );
    }
    return out;
  };

  if (rows.length > 0 && rows.every((r) => r.bic !== null)) {
    const best = argBest(rows, 'bic', true) as SweepKRow;
    return {
      k: best.k,
      criterion: 'bic',
      reasons: [`Lowest BIC (${fmt(best.bic as number)}) among the ${rows.length} values of k tried.`, ...supporting(best.k, 'bic')],
    };
  }
  if (bestSil !== null) {
    const top = bestSil.silhouette as number;
    const tied = rows.filter((r) => r.silhouette !== null && r.silhouette >= top - tolerance);
    let chosen = bestSil;
    if (tied.length > 1) {
      chosen = tied.reduce((a, b) => {
        const ca = a.calinskiHarabasz ?? -Infinity;
        const cb = b.calinskiHarabasz ?? -Infinity;
        return cb > ca || (cb === ca && b.k < a.k) ? b : a;
      });
    }
    const reasons =
      chosen === bestSil
        ? [`Highest mean silhouette (${fmt(top)}).`]
        : [
            `The mean silhouette of k = ${tied.map((r) => r.k).join(', ')} is within ${fmt(tolerance)} of the best ` +
              `(${fmt(top)} at k = ${bestSil.k}); k = ${chosen.k} has the highest Calinski-Harabasz among them.`,
          ];
    return { k: chosen.k, criterion: 'silhouette', reasons: [...reasons, ...supporting(chosen.k, 'silhouette')] };
  }
  if (bestCH !== null) {
    return {
      k: bestCH.k,
      criterion: 'calinskiHarabasz',
      reasons: [`Highest Calinski-Harabasz (${fmt(bestCH.calinskiHarabasz as number)}).`, ...supporting(bestCH.k, 'calinskiHarabasz')],
    };
  }
  if (bestDB !== null) {
    return {
      k: bestDB.k,
      criterion: 'daviesBouldin',
      reasons: [`Lowest Davies-Bouldin (${fmt(bestDB.daviesBouldin as number)}).`, ...supporting(bestDB.k, 'daviesBouldin')],
    };
  }
  if (knee !== null) {
    return { k: knee, criterion: 'elbow', reasons: [`Elbow (Kneedle) of the inertia curve at k = ${knee}.`] };
  }
  const first = rows[0] as SweepKRow;
  return {
    k: first.k,
    criterion: 'none',
    reasons: [`No score could rank the fits (each gave fewer than 2 clusters, or no score was asked for); k = ${first.k} is the first tried.`],
  };
}
