/**
 * How stable a segmentation is: bootstrap stability per segment, and comparing two partitions.
 *
 * @packageDocumentation
 */
import { throwIfAborted, type Progress } from '../core/estimator.js';
import { takeRows, type Matrix, type MatrixInput } from '../core/matrix.js';
import { int, seed } from '../core/params.js';
import { resolveSeed, Rng, type RandomState } from '../core/random.js';
import { validateMatrix } from '../core/validation.js';
import { encodeLabels, sparseContingency } from '../metrics/_labels.js';
import { resolveOptions } from '../metrics/_options.js';
import { contingencyMatrix, type ContingencyMatrix } from '../metrics/contingency.js';
import { adjustedMutualInfoScore, normalizedMutualInfoScore } from '../metrics/mutual-info.js';
import { adjustedRandScore } from '../metrics/rand.js';
import { build, fitLabels, progressConstraints, type SelectableModel } from './_model.js';

/** Options of {@link bootstrapStability}. */
export interface BootstrapStabilityOptions {
  /** Bootstrap replicates B. @defaultValue 20 */
  readonly nBootstrap?: number;
  /** Seed of the resampling. @defaultValue 0 */
  readonly randomState?: RandomState;
  /** Called after each fit with `{ stage: 'bootstrapStability', step, total }` (B + 1 fits). */
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the computation between fits. */
  readonly signal?: AbortSignal;
}

/** What {@link bootstrapStability} returns; per-cluster arrays follow `clusters`. */
export interface BootstrapStabilityResult {
  /** Labels of the fit on all rows. */
  readonly labels: Int32Array;
  /** The clusters of that fit (noise -1 excluded), ascending. */
  readonly clusters: Int32Array;
  /**
   * Mean Jaccard stability of each cluster over the replicates (Hennig's clusterboot): above 0.75
   * a cluster is usually called stable, at or below 0.5 it is "dissolved".
   */
  readonly jaccard: Float64Array;
  /** Replicates in which the cluster's best Jaccard was at most 0.5. */
  readonly dissolved: Int32Array;
  /** Replicates in which the cluster's best Jaccard was at least 0.75. */
  readonly recovered: Int32Array;
  /** Mean ARI between the full-data labels and each replicate's labels, on the resampled rows. */
  readonly meanAriToReference: number;
  /** Mean ARI between pairs of replicates, on the rows both resampled. */
  readonly meanAriBetweenFits: number;
  /** The seed used. */
  readonly seedUsed: number;
}

const FN = 'bootstrapStability';

/**
 * Bootstrap stability of a segmentation (Hennig 2007): refit on resampled customers and measure,
 * for each segment, how well it is recovered, plus the mean ARI between resampled fits.
 *
 * @remarks
 * The model `make(0)` is fitted on all rows. Then for b = 1..B, n rows are drawn with replacement
 * (seeded), `make(b)` is fitted on them (the replicate index lets the factory vary its own seed),
 * and each row drawn gets the label of its first copy. For every original cluster C, restricted to
 * the distinct rows drawn (C*), the Jaccard similarity |C* ∩ D| / |C* ∪ D| with each replicate
 * cluster D is computed and the best kept; the stability of C is the mean over the replicates in
 * which C* is not empty. Noise (-1) is not a cluster on either side. ARI to the reference compares
 * the full-data labels with each replicate on its distinct rows; ARI between fits compares each
 * pair of replicates on the rows both drew (O(B^2 n)).
 * Cost: B + 1 fits plus O(B n + B^2 n). Reference: C. Hennig (2007), "Cluster-wise assessment of
 * cluster stability", Computational Statistics and Data Analysis 52 (R: fpc::clusterboot).
 *
 * @param make - builds an unfitted clusterer; called with 0 for the full fit and b for replicate b
 * @param X - the data, n x d
 * @param options - see {@link BootstrapStabilityOptions}
 * @throws {@link InvalidParameterError} for bad options
 * @throws {@link ValidationError} for bad X or a factory that does not build a clusterer
 * @throws {@link AbortError} when the signal fires
 * @example
 * ```ts
 * import { KMeans, bootstrapStability } from 'segmentkit';
 * import { makeBlobs } from 'segmentkit/testing';
 * const { X } = makeBlobs({ nSamples: 200, centers: [[0, 0], [10, 0]], randomState: 2 });
 * const r = bootstrapStability(() => new KMeans({ nClusters: 2 }), X, { nBootstrap: 5 });
 * console.log(Array.from(r.jaccard).every((j) => j > 0.9)); // true
 * ```
 */
export function bootstrapStability<M extends SelectableModel>(make: (replicate: number) => M, X: MatrixInput, options: BootstrapStabilityOptions = {}): BootstrapStabilityResult {
  const opts = resolveOptions(
    FN,
    { nBootstrap: 20, randomState: 0 as RandomState, onProgress: undefined as BootstrapStabilityOptions['onProgress'], signal: undefined as AbortSignal | undefined },
    options,
    {
      nBootstrap: [int({ min: 1 })],
      randomState: seed,
      ...progressConstraints,
    },
  );
  const m = validateMatrix(X, { estimator: FN, minSamples: 2 });
  const n = m.rows;
  const B = opts.nBootstrap;
  const total = B + 1;
  throwIfAborted(opts.signal, FN);
  const labels = fitLabels(FN, build<M>(FN, make, 0), m, opts.signal);
  opts.onProgress?.({ stage: FN, step: 1, total });
  const ref = encodeLabels(labels);
  // Original clusters without noise.
  const clusterCodes: number[] = [];
  for (let c = 0; c < ref.classes.length; c++) if (ref.classes[c] !== -1) clusterCodes.push(c);
  const kc = clusterCodes.length;
  const jaccardSum = new Float64Array(kc);
  const jaccardCount = new Int32Array(kc);
  const dissolved = new Int32Array(kc);
  const recovered = new Int32Array(kc);
  const seedUsed = resolveSeed(opts.randomState);
  const rng = new Rng(seedUsed);
  // Label of each original row in each replicate (-2 when not drawn).
  const replicateLabels: Int32Array[] = [];
  let ariRefSum = 0;
  for (let b = 1; b <= B; b++) {
    throwIfAborted(opts.signal, FN);
    const stream = rng.fork();
    const idx = new Int32Array(n);
    for (let t = 0; t < n; t++) idx[t] = stream.int(n);
    const Xb: Matrix = takeRows(m, idx);
    const lb = fitLabels(FN, build<M>(FN, make, b), Xb, opts.signal);
    const byRow = new Int32Array(n).fill(-2);
    for (let t = 0; t < n; t++) if (byRow[idx[t] as number] === -2) byRow[idx[t] as number] = lb[t] as number;
    replicateLabels.push(byRow);
    // Contingency of original code x replicate label over the distinct rows drawn.
    const drawn: number[] = [];
    for (let i = 0; i < n; i++) if (byRow[i] !== -2) drawn.push(i);
    const a = new Int32Array(drawn.length);
    const r = new Int32Array(drawn.length);
    for (let t = 0; t < drawn.length; t++) {
      a[t] = ref.codes[drawn[t] as number] as number;
      r[t] = byRow[drawn[t] as number] as number;
    }
    const ea = encodeLabels(a);
    const er = encodeLabels(r);
    const s = sparseContingency(ea, er);
    const best = new Float64Array(ref.classes.length);
    const noiseCol = er.classes[0] === -1 ? 0 : -1;
    for (let t = 0; t < s.values.length; t++) {
      const col = s.colIdx[t] as number;
      if (col === noiseCol) continue;
      const row = s.rowIdx[t] as number;
      const inter = s.values[t] as number;
      const jac = inter / ((s.rowSums[row] as number) + (s.colSums[col] as number) - inter);
      const code = ea.classes[row] as number; // the original cluster code
      if (jac > (best[code] as number)) best[code] = jac;
    }
    const present = new Uint8Array(ref.classes.length);
    for (let row = 0; row < ea.classes.length; row++) present[ea.classes[row] as number] = 1;
    for (let t = 0; t < kc; t++) {
      const code = clusterCodes[t] as number;
      if (present[code] === 0) continue;
      const j = best[code] as number;
      jaccardSum[t] = (jaccardSum[t] as number) + j;
      jaccardCount[t] = (jaccardCount[t] as number) + 1;
      if (j <= 0.5) dissolved[t] = (dissolved[t] as number) + 1;
      if (j >= 0.75) recovered[t] = (recovered[t] as number) + 1;
    }
    const refDrawn = new Int32Array(drawn.length);
    for (let t = 0; t < drawn.length; t++) refDrawn[t] = labels[drawn[t] as number] as number;
    ariRefSum += adjustedRandScore(refDrawn, r);
    opts.onProgress?.({ stage: FN, step: b + 1, total });
  }
  let ariPairSum = 0;
  let pairs = 0;
  for (let p = 0; p < B; p++) {
    for (let q = p + 1; q < B; q++) {
      const lp = replicateLabels[p] as Int32Array;
      const lq = replicateLabels[q] as Int32Array;
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        if (lp[i] !== -2 && lq[i] !== -2) {
          x.push(lp[i] as number);
          y.push(lq[i] as number);
        }
      }
      ariPairSum += adjustedRandScore(x, y);
      pairs++;
    }
  }
  const jaccard = new Float64Array(kc);
  for (let t = 0; t < kc; t++) jaccard[t] = (jaccardCount[t] as number) > 0 ? (jaccardSum[t] as number) / (jaccardCount[t] as number) : 0;
  return {
    labels,
    clusters: Int32Array.from(clusterCodes, (c) => ref.classes[c] as number),
    jaccard,
    dissolved,
    recovered,
    meanAriToReference: ariRefSum / B,
    meanAriBetweenFits: pairs > 0 ? ariPairSum / pairs : 1,
    seedUsed,
  };
}

/** What {@link comparePartitions} returns. */
export interface PartitionComparison {
  /** Adjusted Rand index (1 = same partition up to renaming). */
  readonly ari: number;
  /** Normalized mutual information (arithmetic mean). */
  readonly nmi: number;
  /** Adjusted mutual information (arithmetic mean). */
  readonly ami: number;
  /** Counts: `data[i * cols + j]` rows went from segment `classes[i]` of `a` to `clusters[j]` of `b`. */
  readonly contingency: ContingencyMatrix;
  /**
   * The transition matrix: each row of the contingency divided by its total, so row i gives where
   * the members of segment `classes[i]` of `a` went in `b` (rows sum to 1).
   */
  readonly transition: Matrix;
}

/**
 * Compares two segmentations of the same customers (two refits, two algorithms, last month and
 * this month): agreement scores and the transition matrix between segments.
 *
 * @remarks
 * ARI, NMI and AMI as in {@link adjustedRandScore}, {@link normalizedMutualInfoScore} and
 * {@link adjustedMutualInfoScore}; the contingency table as {@link contingencyMatrix}, with rows for
 * `a` and columns for `b`, and its row-normalised transition matrix. Noise (-1) is an ordinary
 * segment here. O(n log n + r c) plus the AMI's expected-MI term.
 *
 * @param a - segments before (integers >= -1)
 * @param b - segments after, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { comparePartitions } from 'segmentkit';
 * const c = comparePartitions([0, 0, 1, 1], [0, 0, 0, 1]);
 * console.log(Array.from(c.transition.data)); // [1, 0, 0.5, 0.5]
 * ```
 */
export function comparePartitions(a: ArrayLike<number>, b: ArrayLike<number>): PartitionComparison {
  const contingency = contingencyMatrix(a, b);
  const { rows, cols, data } = contingency;
  const transition = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j] as number;
    for (let j = 0; j < cols; j++) transition[i * cols + j] = (data[i * cols + j] as number) / sum;
  }
  return {
    ari: adjustedRandScore(a, b),
    nmi: normalizedMutualInfoScore(a, b),
    ami: adjustedMutualInfoScore(a, b),
    contingency,
    transition: { rows, cols, data: transition },
  };
}
