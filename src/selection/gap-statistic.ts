/**
 * The gap statistic (Tibshirani, Walther and Hastie 2001).
 *
 * @packageDocumentation
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { throwIfAborted, type Progress } from '../core/estimator.js';
import type { Matrix, MatrixInput } from '../core/matrix.js';
import { int, oneOf, seed } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { validateMatrix } from '../core/validation.js';
import { resolveOptions } from '../metrics/_options.js';
import { inertia } from '../metrics/inertia.js';
import { build, checkKRange, fitLabels, kListConstraint, progressConstraints, type SelectableModel } from './_model.js';

/** Options of {@link gapStatistic}. */
export interface GapStatisticOptions {
  /** The numbers of clusters to try, strictly increasing integers in [1, n]. @defaultValue [1, 2, ..., 10] (capped at n - 1) */
  readonly kRange?: readonly number[];
  /** Reference data sets B. @defaultValue 10 */
  readonly nRefs?: number;
  /**
   * Reference distribution: `'uniform'` over the bounding box of the features, or `'pca'` over the
   * box aligned with the principal components (Tibshirani's second choice, which follows the shape
   * of elongated data). @defaultValue 'uniform'
   */
  readonly reference?: 'uniform' | 'pca';
  /** Seed of the reference sets. @defaultValue 0 */
  readonly randomState?: RandomState;
  /** Called after each fit with `{ stage: 'gapStatistic', step, total }`. */
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the computation between fits. */
  readonly signal?: AbortSignal;
}

/** What {@link gapStatistic} returns; arrays are aligned with `kRange`. */
export interface GapStatisticResult {
  /** The ks tried. */
  readonly kRange: number[];
  /** log W_k of the data, W_k the pooled within-cluster sum of squares. */
  readonly logW: Float64Array;
  /** Mean of log W*_k over the reference sets. */
  readonly expectedLogW: Float64Array;
  /** Gap(k) = expectedLogW - logW. */
  readonly gap: Float64Array;
  /** s_k = sd_k sqrt(1 + 1/B), the simulation error of Gap(k). */
  readonly sk: Float64Array;
  /**
   * The k chosen by the 1-SE rule: the smallest k with Gap(k) >= Gap(k') - s_k', k' the next k
   * tried; the largest k tried when none qualifies.
   */
  readonly k: number;
  /** The seed used for the reference sets. */
  readonly seedUsed: number;
}

const FN = 'gapStatistic';

/**
 * Estimates the number of clusters with the gap statistic: how much tighter the clusters of the
 * data are than those of structureless reference data, with the 1-standard-error rule.
 *
 * @remarks
 * For each k, the data are clustered with `make(k)` and W_k, the pooled within-cluster sum of
 * squares about the cluster means (Tibshirani's W_k with squared Euclidean distances), is computed
 * from the labels (k = 1 needs no fit: it is the total sum of squares). B reference sets of the
 * same size are drawn uniformly over the data's bounding box (or its principal-component box),
 * seeded, and clustered the same way. Gap(k) = mean_b log W*_kb - log W_k and
 * s_k = sd_b(log W*_kb) sqrt(1 + 1/B); the chosen k is the smallest with
 * Gap(k) >= Gap(k+1) - s_{k+1}. Cost: (B + 1) |kRange| fits. The same reference sets serve every
 * k. Unlike silhouette-based choices it can answer k = 1 (no cluster structure).
 * Reference: R. Tibshirani, G. Walther and T. Hastie (2001), "Estimating the number of clusters
 * in a data set via the gap statistic", JRSS B 63(2).
 *
 * @param make - builds an unfitted clusterer for k clusters (labels are read after fit)
 * @param X - the data, n x d
 * @param options - see {@link GapStatisticOptions}
 * @throws {@link InvalidParameterError} for bad options or kRange
 * @throws {@link ValidationError} for bad X or a factory that does not build a clusterer
 * @throws {@link AbortError} when the signal fires
 * @example
 * ```ts
 * import { KMeans, gapStatistic } from 'segmentkit';
 * import { makeBlobs } from 'segmentkit/testing';
 * const { X } = makeBlobs({ nSamples: 150, centers: [[0, 0], [6, 0], [3, 5]], clusterStd: 0.5, randomState: 3 });
 * const r = gapStatistic((k) => new KMeans({ nClusters: k }), X, { kRange: [1, 2, 3, 4, 5] });
 * console.log(r.k); // 3
 * ```
 */
export function gapStatistic<M extends SelectableModel>(make: (k: number) => M, X: MatrixInput, options: GapStatisticOptions = {}): GapStatisticResult {
  const opts = resolveOptions(
    FN,
    {
      kRange: undefined as readonly number[] | undefined,
      nRefs: 10,
      reference: 'uniform' as 'uniform' | 'pca',
      randomState: 0 as RandomState,
      onProgress: undefined as GapStatisticOptions['onProgress'],
      signal: undefined as AbortSignal | undefined,
    },
    options,
    {
      kRange: [kListConstraint],
      nRefs: [int({ min: 1 })],
      reference: [oneOf('uniform', 'pca')],
      randomState: seed,
      ...progressConstraints,
    },
  );
  const m = validateMatrix(X, { estimator: FN, minSamples: 2 });
  const n = m.rows;
  const kRange =
    opts.kRange === undefined ? Array.from({ length: Math.max(1, Math.min(10, n - 1)) }, (_, t) => t + 1) : checkKRange(FN, 'kRange', opts.kRange, 1, n);
  const B = opts.nRefs;
  const seedUsed = resolveSeed(opts.randomState);
  const rng = new Rng(seedUsed);
  const total = kRange.length * (B + 1);
  let step = 0;
  const logWOf = (data: Matrix): Float64Array => {
    const out = new Float64Array(kRange.length);
    for (let t = 0; t < kRange.length; t++) {
      throwIfAborted(opts.signal, FN);
      const k = kRange[t] as number;
      let w: number;
      if (k === 1) w = inertia(data, new Int32Array(data.rows));
      else {
        const labels = fitLabels(FN, build<M>(FN, make, k), data, opts.signal);
        w = inertia(data, labels, { noise: 'ignore' });
      }
      // A perfect fit (W = 0) would give log 0; floor it so the gap stays finite.
      out[t] = Math.log(Math.max(w, Number.MIN_VALUE));
      opts.onProgress?.({ stage: FN, step: ++step, total });
    }
    return out;
  };
  const logW = logWOf(m);
  const sampler = opts.reference === 'pca' ? pcaBoxSampler(m) : boxSampler(m);
  const refs = new Float64Array(B * kRange.length);
  for (let b = 0; b < B; b++) {
    const ref = sampler(rng.fork());
    refs.set(logWOf(ref), b * kRange.length);
  }
  const expectedLogW = new Float64Array(kRange.length);
  const gap = new Float64Array(kRange.length);
  const sk = new Float64Array(kRange.length);
  for (let t = 0; t < kRange.length; t++) {
    let mean = 0;
    for (let b = 0; b < B; b++) mean += refs[b * kRange.length + t] as number;
    mean /= B;
    let v = 0;
    for (let b = 0; b < B; b++) v += ((refs[b * kRange.length + t] as number) - mean) ** 2;
    expectedLogW[t] = mean;
    gap[t] = mean - (logW[t] as number);
    sk[t] = Math.sqrt(v / B) * Math.sqrt(1 + 1 / B);
  }
  let chosen = kRange[kRange.length - 1] as number;
  for (let t = 0; t + 1 < kRange.length; t++) {
    if ((gap[t] as number) >= (gap[t + 1] as number) - (sk[t + 1] as number)) {
      chosen = kRange[t] as number;
      break;
    }
  }
  return { kRange: kRange.slice(), logW, expectedLogW, gap, sk, k: chosen, seedUsed };
}

/** Uniform rows over the per-feature [min, max] box of X. */
function boxSampler(X: Matrix): (rng: Rng) => Matrix {
  const { rows: n, cols: d, data } = X;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j] as number;
      if (v < (lo[j] as number)) lo[j] = v;
      if (v > (hi[j] as number)) hi[j] = v;
    }
  }
  return (rng) => {
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (lo[j] as number) + ((hi[j] as number) - (lo[j] as number)) * rng.float();
    return { rows: n, cols: d, data: out };
  };
}

/** Uniform rows over the box of X in its principal axes, rotated back (Tibshirani et al., 3.2 (b)). */
function pcaBoxSampler(X: Matrix): (rng: Rng) => Matrix {
  const { rows: n, cols: d, data } = X;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number) / n;
  const cov = new MlMatrix(d, d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const va = (data[i * d + a] as number) - (mean[a] as number);
      for (let b = a; b < d; b++) cov.set(a, b, cov.get(a, b) + va * ((data[i * d + b] as number) - (mean[b] as number)));
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov.set(a, b, cov.get(b, a));
  const V = new EigenvalueDecomposition(cov, { assumeSymmetric: true }).eigenvectorMatrix;
  const v = new Float64Array(d * d); // v[a * d + c]: feature a of principal axis c
  for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) v[a * d + c] = V.get(a, c);
  // Scores Z = (X - mean) V and their box.
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      let z = 0;
      for (let a = 0; a < d; a++) z += ((data[i * d + a] as number) - (mean[a] as number)) * (v[a * d + c] as number);
      if (z < (lo[c] as number)) lo[c] = z;
      if (z > (hi[c] as number)) hi[c] = z;
    }
  }
  return (rng) => {
    const out = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < d; c++) z[c] = (lo[c] as number) + ((hi[c] as number) - (lo[c] as number)) * rng.float();
      for (let a = 0; a < d; a++) {
        let s = mean[a] as number;
        for (let c = 0; c < d; c++) s += (z[c] as number) * (v[a * d + c] as number);
        out[i * d + a] = s;
      }
    }
    return { rows: n, cols: d, data: out };
  };
}
