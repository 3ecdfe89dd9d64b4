/**
 * HDBSCAN: hierarchical density-based clustering that finds clusters of different densities,
 * with membership probabilities and GLOSH outlier scores.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { Clusterer } from '../core/families.js';
import type { MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { bool, int, isNull, num, oneOf, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { WarningCollector } from '../core/warnings.js';
import { firstZeroRow, normalizeRows, safeScale, scaleData, type DistanceMetric } from '../linalg/distances.js';
import { KDTree } from '../linalg/kd-tree.js';
import { clusterCount, condenseTree, lambdaOf, memberships, selectClusters, stabilities, type CondensedTree } from './_hdbscan-tree.js';
import { primMst } from './_mst.js';
import { sortAndLabel } from './_nn-chain.js';

/** Options of {@link HDBSCAN}. */
export interface HDBSCANOptions {
  /** Smallest group of samples that counts as a cluster; smaller groups splitting off are noise. @defaultValue 5 */
  readonly minClusterSize?: number;
  /**
   * Neighbours (the sample itself included) defining a sample's core distance; larger values make
   * the clustering more conservative. null: equal to `minClusterSize`. @defaultValue null
   */
  readonly minSamples?: number | null;
  /** Clusters born below this distance are merged with their parent (0: off). @defaultValue 0 */
  readonly clusterSelectionEpsilon?: number;
  /** Largest cluster 'eom' may select; null: no limit. @defaultValue null */
  readonly maxClusterSize?: number | null;
  /** Distance between samples. @defaultValue 'euclidean' */
  readonly metric?: DistanceMetric;
  /** Distances are divided by alpha before mutual reachability (scikit-learn's robust single linkage scaling). @defaultValue 1 */
  readonly alpha?: number;
  /**
   * 'eom' (excess of mass: the most stable clusters) or 'leaf' (the leaves of the condensed tree:
   * smaller, more homogeneous clusters). @defaultValue 'eom'
   */
  readonly clusterSelectionMethod?: 'eom' | 'leaf';
  /** Allow the root (one cluster of everything) to be selected. @defaultValue false */
  readonly allowSingleCluster?: boolean;
  /** Most points per KD-tree leaf for the core-distance search. @defaultValue 40 */
  readonly leafSize?: number;
}

/** Parameters of {@link HDBSCAN} after defaults. */
export type HDBSCANParams = Required<HDBSCANOptions>;

/** Defaults of {@link HDBSCAN}. */
export const HDBSCAN_DEFAULTS: Readonly<HDBSCANParams> = Object.freeze({
  minClusterSize: 5,
  minSamples: null,
  clusterSelectionEpsilon: 0,
  maxClusterSize: null,
  metric: 'euclidean',
  alpha: 1,
  clusterSelectionMethod: 'eom',
  allowSingleCluster: false,
  leafSize: 40,
});

interface HDBSCANState {
  readonly nFeaturesIn: number;
  readonly labels: Int32Array;
  readonly probabilities: Float64Array;
  readonly outlierScores: Float64Array;
  readonly condensedParent: Int32Array;
  readonly condensedChild: Int32Array;
  readonly condensedDistance: Float64Array;
  readonly condensedSize: Int32Array;
}

/**
 * Hierarchical DBSCAN (Campello, Moulavi and Sander 2013; McInnes and Healy 2017), with the
 * options of scikit-learn 1.3's `HDBSCAN`.
 *
 * @remarks
 * 1. Core distance of each sample: the distance to its `minSamples`-th nearest neighbour, the
 *    sample itself counting as the first (as scikit-learn and R's dbscan), found with a
 *    {@link KDTree} (O(n log n) for low dimensions).
 * 2. Minimum spanning tree of the mutual reachability distance
 *    max(core(a), core(b), d(a, b) / alpha) by Prim's algorithm with distances computed on the fly:
 *    O(n^2 d) time, O(n) memory.
 * 3. The single-linkage tree of the MST is condensed with `minClusterSize`, cluster stabilities are
 *    computed, and clusters are selected by excess of mass or as leaves (optionally merged below
 *    `clusterSelectionEpsilon`, Malzer and Baum 2020).
 *
 * `labels` number the selected clusters by the order of their birth in the condensed tree (-1:
 * noise); `probabilities` is the strength of each sample's membership (lambda over the cluster's
 * largest lambda, 0 for noise); `outlierScores` are GLOSH scores in [0, 1] (Campello, Moulavi,
 * Zimek and Sander 2015). Exact duplicates (at least minSamples of them) sit at distance 0,
 * lambda = Infinity: they get probability 1 and outlier score 0.
 *
 * References: Campello, Moulavi and Sander (2013), "Density-based clustering based on
 * hierarchical density estimates", PAKDD; McInnes and Healy (2017), "Accelerated hierarchical
 * density based clustering", ICDMW.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when minSamples exceeds the number of rows, or an
 *   all-zero row with metric 'cosine'
 * @example
 * ```ts
 * import { HDBSCAN } from 'segmentkit';
 * const X = [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [10, 10], [10, 11], [11, 10], [11, 11], [10.5, 10.5], [50, 50]];
 * const hdb = new HDBSCAN({ minClusterSize: 3 }).fit(X);
 * console.log(Array.from(hdb.labels)); // [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -1]
 * ```
 */
export class HDBSCAN extends BaseEstimator<HDBSCANParams, HDBSCANState> implements Clusterer {
  /** Stable type name. */
  static readonly estimatorType = 'HDBSCAN';
  /** Defaults of every parameter. */
  static readonly defaults = HDBSCAN_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<HDBSCANParams> = {
    minClusterSize: [int({ min: 2 })],
    minSamples: [int({ min: 1 }), isNull],
    clusterSelectionEpsilon: [num({ min: 0 })],
    maxClusterSize: [int({ min: 1 }), isNull],
    metric: [oneOf('euclidean', 'manhattan', 'cosine')],
    alpha: [num({ min: 0, closed: 'neither' })],
    clusterSelectionMethod: [oneOf('eom', 'leaf')],
    allowSingleCluster: [bool],
    leafSize: [int({ min: 1 })],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    labels: field.int32(),
    probabilities: field.float64(),
    outlierScores: field.float64(),
    condensedParent: field.int32(),
    condensedChild: field.int32(),
    condensedDistance: field.float64(),
    condensedSize: field.int32(),
  };

  /** @param options - see {@link HDBSCANOptions} */
  constructor(options: HDBSCANOptions = {}) {
    super(HDBSCAN_DEFAULTS, options);
  }

  /**
   * Clusters the rows of X.
   *
   * @param X - training data, n x d
   * @param options - `signal` (AbortSignal, checked between phases and during the MST)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const p = this.params;
    const name = this.estimatorType;
    const m = this.checkInput(X);
    const { rows: n, cols: d } = m;
    const minSamples = p.minSamples ?? p.minClusterSize;
    if (minSamples > n) throw new ValidationError(messages.density.minSamplesTooLarge(name, minSamples, n));
    let data: Float64Array;
    let scale = 1;
    if (p.metric === 'cosine') {
      const z = firstZeroRow(m.data, n, d);
      if (z >= 0) throw new ValidationError(messages.density.zeroRow(name, 'X', z), { row: z });
      data = normalizeRows(m.data, n, d);
    } else {
      scale = safeScale(m.data);
      data = scaleData(m.data, scale);
    }
    const core = coreDistances(data, n, d, minSamples, p.metric, p.leafSize);
    throwIfAborted(options.signal, name);
    // On unit rows cosine distance is |u - v|^2 / 2, a monotone map of the Euclidean distance, so
    // Prim runs on the cosine distance itself (primMst's 'cosine' branch).
    const mst = primMst(data, n, d, p.metric, core, p.alpha, () => throwIfAborted(options.signal, name));
    if (scale !== 1) for (let k = 0; k < mst.weight.length; k++) mst.weight[k] = (mst.weight[k] as number) * scale;
    const link = sortAndLabel(n, mst.from, mst.to, mst.weight);
    const tree: CondensedTree =
      n > 1
        ? condenseTree(link, n, p.minClusterSize)
        : { parent: new Int32Array(0), child: new Int32Array(0), lambda: new Float64Array(0), distance: new Float64Array(0), childSize: new Int32Array(0) };
    const nClusters = clusterCount(tree, n);
    const stability = stabilities(tree, n, nClusters);
    const selected = selectClusters(tree, n, nClusters, stability, {
      method: p.clusterSelectionMethod,
      allowSingleCluster: p.allowSingleCluster,
      clusterSelectionEpsilon: p.clusterSelectionEpsilon,
      maxClusterSize: p.maxClusterSize ?? Infinity,
    });
    const result = n > 1 ? memberships(tree, n, nClusters, selected, p.allowSingleCluster, p.clusterSelectionEpsilon) : singleSample();
    return this.commit(
      {
        nFeaturesIn: d,
        labels: result.labels,
        probabilities: result.probabilities,
        outlierScores: result.outlierScores,
        condensedParent: tree.parent,
        condensedChild: tree.child,
        condensedDistance: tree.distance,
        condensedSize: tree.childSize,
      },
      new WarningCollector(name).flush(),
    );
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /** Cluster of each training row, -1 for noise. @throws {@link NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Strength of each row's membership in its cluster, in [0, 1] (0 for noise). */
  get probabilities(): Float64Array {
    return this.fitted('probabilities').probabilities.slice();
  }

  /** GLOSH outlier score of each row, in [0, 1]: higher is more outlying. */
  get outlierScores(): Float64Array {
    return this.fitted('outlierScores').outlierScores.slice();
  }

  /**
   * The condensed tree, for plots: one row per (parent cluster, child) with the distance and
   * lambda (1 / distance, Infinity at 0) at which the child leaves the parent, and the child's
   * size. Cluster ids start at nSamples (the root); children below nSamples are samples.
   */
  get condensedTree(): { parent: Int32Array; child: Int32Array; lambda: Float64Array; distance: Float64Array; childSize: Int32Array } {
    const s = this.fitted('condensedTree');
    return {
      parent: s.condensedParent.slice(),
      child: s.condensedChild.slice(),
      lambda: s.condensedDistance.map(lambdaOf),
      distance: s.condensedDistance.slice(),
      childSize: s.condensedSize.slice(),
    };
  }

  protected override checkState(s: HDBSCANState): void {
    const n = s.labels.length;
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    };
    if (s.probabilities.length !== n || s.outlierScores.length !== n) bad(`probabilities and outlierScores need ${n} entries (one per label).`);
    const rows = s.condensedParent.length;
    if (s.condensedChild.length !== rows || s.condensedSize.length !== rows || s.condensedDistance.length !== rows) {
      bad('the condensed tree arrays must have equal lengths.');
    }
    for (let i = 0; i < n; i++) {
      if ((s.labels[i] as number) < -1) bad(`labels[${i}] is below -1.`);
      const pr = s.probabilities[i] as number;
      const o = s.outlierScores[i] as number;
      if (!(pr >= 0 && pr <= 1) || !(o >= 0 && o <= 1)) bad(`probabilities and outlierScores must lie in [0, 1] (row ${i}).`);
    }
  }
}

function singleSample(): { labels: Int32Array; probabilities: Float64Array; outlierScores: Float64Array } {
  return { labels: new Int32Array([-1]), probabilities: new Float64Array(1), outlierScores: new Float64Array(1) };
}

/**
 * Distance of every row to its k-th nearest neighbour (the row itself is the first), through a
 * KD-tree. For 'cosine' (rows already unit-normalized) the Euclidean neighbours are the cosine
 * neighbours and the distance is converted: 1 - cos = |u - v|^2 / 2.
 */
function coreDistances(X: Float64Array, n: number, d: number, k: number, metric: DistanceMetric, leafSize: number): Float64Array {
  const tree = new KDTree({ rows: n, cols: d, data: X }, { leafSize, metric: metric === 'manhattan' ? 'manhattan' : 'euclidean' });
  const dist = new Float64Array(k);
  const idx = new Int32Array(k);
  const core = new Float64Array(n);
  const q = tree.treeData;
  for (let p = 0; p < n; p++) {
    tree.queryKnn(q, p * d, k, dist, idx);
    const v = dist[k - 1] as number;
    core[tree.index[p] as number] = metric === 'cosine' ? (v * v) / 2 : v;
  }
  return core;
}
