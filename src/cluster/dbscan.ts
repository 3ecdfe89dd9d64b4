/**
 * DBSCAN: density-based clustering with noise, with scikit-learn's exact semantics.
 *
 * @packageDocumentation
 */
import { SerializationError, ValidationError } from '../core/errors.js';
import { BaseEstimator, throwIfAborted, type FitOptions } from '../core/estimator.js';
import type { Clusterer } from '../core/families.js';
import { takeRows, type Matrix, type MatrixInput } from '../core/matrix.js';
import { messages } from '../core/messages.js';
import { int, num, oneOf, type ParamConstraints } from '../core/params.js';
import { field, type StateSchema } from '../core/serialize.js';
import { validateSampleWeight } from '../core/validation.js';
import { WarningCollector } from '../core/warnings.js';
import { firstZeroRow, normalizeRows, safeScale, scaleData, type DistanceMetric } from '../linalg/distances.js';
import { KDTree, type KDTreeMask } from '../linalg/kd-tree.js';

/** Options of {@link DBSCAN}. */
export interface DBSCANOptions {
  /** Neighbourhood radius: points at distance `<= eps` are neighbours. @defaultValue 0.5 */
  readonly eps?: number;
  /**
   * Weight (number of points, the point itself included) a neighbourhood needs for its centre to
   * be a core point. @defaultValue 5
   */
  readonly minSamples?: number;
  /** Distance: 'euclidean', 'manhattan', or 'cosine' (1 - cosine similarity). @defaultValue 'euclidean' */
  readonly metric?: DistanceMetric;
  /**
   * Neighbour search: 'kd_tree', 'brute' (blocked pairwise scan, O(n) memory), or 'auto' (the tree
   * up to 15 features, as scikit-learn; brute force above, where trees stop pruning). @defaultValue 'auto'
   */
  readonly algorithm?: 'auto' | 'kd_tree' | 'brute';
  /** Most points per KD-tree leaf. @defaultValue 30 */
  readonly leafSize?: number;
}

/** Parameters of {@link DBSCAN} after defaults. */
export type DBSCANParams = Required<DBSCANOptions>;

/** Defaults of {@link DBSCAN}. */
export const DBSCAN_DEFAULTS: Readonly<DBSCANParams> = Object.freeze({
  eps: 0.5,
  minSamples: 5,
  metric: 'euclidean',
  algorithm: 'auto',
  leafSize: 30,
});

interface DBSCANState {
  readonly nFeaturesIn: number;
  readonly labels: Int32Array;
  readonly coreSampleIndices: Int32Array;
  readonly components: Matrix;
}

/** Largest number of features for which 'auto' uses the KD-tree (scikit-learn's rule). */
const AUTO_TREE_MAX_FEATURES = 15;

/**
 * Density-Based Spatial Clustering of Applications with Noise (Ester, Kriegel, Sander and Xu
 * 1996), as scikit-learn's `DBSCAN`.
 *
 * @remarks
 * A point is a core point when the (weighted) number of points within `eps` of it, itself
 * included, is at least `minSamples`. Clusters are the connected components of core points
 * (linked when within `eps`), plus the non-core points within `eps` of one of them (border
 * points); everything else is noise (-1). Clusters are numbered, and border points reachable from
 * several clusters assigned, exactly as scikit-learn's `dbscan_inner`: seeds in row order, each
 * cluster expanded fully before the next starts, so a border point goes to the cluster of the
 * lowest-index core point that reaches it.
 *
 * Neighbour search runs through a {@link KDTree} built once: a counting pass that stops as soon
 * as a point has `minSamples` neighbours (whole nodes inside the ball count in O(1)), then one
 * radius query per core point during expansion, into a reusable buffer, with labelled points
 * masked out of the tree so dense regions are not searched again. For many features a blocked
 * brute-force scan (each pair once) replaces the tree. No neighbourhood lists are
 * stored: memory is O(n) beyond the data (scikit-learn keeps every neighbourhood). Time is
 * O(n log n) for well-spread low-dimensional data and O(n^2 d) at worst. Euclidean distances are
 * compared as squared distances against eps^2 in column order, as scikit-learn's KD-tree does, so
 * points at distance exactly `eps` agree. 'cosine' runs on unit-normalized rows
 * (1 - cos = |u - v|^2 / 2); all-zero rows are rejected. Huge or tiny data is rescaled by a power
 * of two internally (exact).
 *
 * @throws {@link InvalidParameterError} from fit on invalid options (eps must be > 0)
 * @throws {@link ValidationError} from fit on invalid X or sampleWeight, or all-zero rows with 'cosine'
 * @example
 * ```ts
 * import { DBSCAN } from 'segmentkit';
 * const db = new DBSCAN({ eps: 1.5, minSamples: 2 }).fit([[0, 0], [0, 1], [10, 10], [10, 11], [50, 50]]);
 * console.log(Array.from(db.labels)); // [0, 0, 1, 1, -1]
 * ```
 */
export class DBSCAN extends BaseEstimator<DBSCANParams, DBSCANState> implements Clusterer {
  /** Stable type name. */
  static readonly estimatorType = 'DBSCAN';
  /** Defaults of every parameter. */
  static readonly defaults = DBSCAN_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<DBSCANParams> = {
    eps: [num({ min: 0, closed: 'neither' })],
    minSamples: [int({ min: 1 })],
    metric: [oneOf('euclidean', 'manhattan', 'cosine')],
    algorithm: [oneOf('auto', 'kd_tree', 'brute')],
    leafSize: [int({ min: 1 })],
  };
  /** Schema of the fitted state. */
  static readonly stateSchema: StateSchema = {
    nFeaturesIn: field.int({ min: 1 }),
    labels: field.int32(),
    coreSampleIndices: field.int32(),
    components: field.matrix(),
  };

  /** @param options - see {@link DBSCANOptions} */
  constructor(options: DBSCANOptions = {}) {
    super(DBSCAN_DEFAULTS, options);
  }

  /**
   * Clusters the rows of X.
   *
   * @param X - training data, n x d
   * @param options - `sampleWeight` (a point of weight w counts w times toward minSamples, as
   *   scikit-learn), `signal` (AbortSignal, checked between phases)
   * @returns this
   */
  fit(X: MatrixInput, options: FitOptions = {}): this {
    this.checkParams();
    const { eps, minSamples, metric, algorithm, leafSize } = this.params;
    const name = this.estimatorType;
    const m = this.checkInput(X);
    const { rows: n, cols: d } = m;
    const weights = options.sampleWeight === undefined ? undefined : validateSampleWeight(options.sampleWeight, n, name);
    let data: Float64Array;
    let radius: number;
    let treeMetric: 'euclidean' | 'manhattan';
    if (metric === 'cosine') {
      const z = firstZeroRow(m.data, n, d);
      if (z >= 0) throw new ValidationError(messages.density.zeroRow(name, 'X', z), { row: z });
      data = normalizeRows(m.data, n, d);
      radius = Math.sqrt(2 * eps);
      treeMetric = 'euclidean';
    } else {
      const s = safeScale(m.data);
      data = scaleData(m.data, s);
      radius = eps / s;
      treeMetric = metric;
    }
    throwIfAborted(options.signal, name);
    const useTree = algorithm === 'kd_tree' || (algorithm === 'auto' && d <= AUTO_TREE_MAX_FEATURES);
    const search: NeighborSearch = useTree
      ? new TreeSearch(new KDTree({ rows: n, cols: d, data }, { leafSize, metric: treeMetric }), radius, weights)
      : new BruteSearch(data, n, d, radius, treeMetric, weights);
    const neighborWeight = search.countAll(minSamples);
    throwIfAborted(options.signal, name);
    const isCore = new Uint8Array(n);
    let nCore = 0;
    for (let i = 0; i < n; i++) {
      if ((neighborWeight[i] as number) >= minSamples) {
        isCore[i] = 1;
        nCore++;
      }
    }
    const labels = expandClusters(n, isCore, search);
    const coreSampleIndices = new Int32Array(nCore);
    for (let i = 0, c = 0; i < n; i++) if (isCore[i] === 1) coreSampleIndices[c++] = i;
    const components = takeRows(m, coreSampleIndices);
    return this.commit({ nFeaturesIn: d, labels, coreSampleIndices, components }, new WarningCollector(name).flush());
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixInput, options: FitOptions = {}): Int32Array {
    return this.fit(X, options).labels;
  }

  /** Cluster of each training row, -1 for noise. @throws {@link NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Indices of the core samples, ascending. */
  get coreSampleIndices(): Int32Array {
    return this.fitted('coreSampleIndices').coreSampleIndices.slice();
  }

  /** Copies of the core samples' rows (nCore x nFeatures), in `coreSampleIndices` order. */
  get components(): Matrix {
    const c = this.fitted('components').components;
    return { rows: c.rows, cols: c.cols, data: c.data.slice() };
  }

  protected override checkState(s: DBSCANState): void {
    const bad = (detail: string): never => {
      throw new SerializationError(messages.serialization.inconsistent(this.estimatorType, detail));
    };
    const n = s.labels.length;
    const c = s.coreSampleIndices;
    if (s.components.rows !== c.length || (c.length > 0 && s.components.cols !== s.nFeaturesIn)) {
      bad(`components is ${s.components.rows} x ${s.components.cols}, expected ${c.length} x ${s.nFeaturesIn}.`);
    }
    for (let i = 0; i < c.length; i++) {
      const v = c[i] as number;
      if (v < 0 || v >= n || (i > 0 && v <= (c[i - 1] as number))) bad(`coreSampleIndices[${i}] = ${v} is not an ascending row index.`);
      if ((s.labels[v] as number) < 0) bad(`core sample ${v} is labelled as noise.`);
    }
    for (let i = 0; i < n; i++) if ((s.labels[i] as number) < -1) bad(`labels[${i}] = ${s.labels[i] as number} is below -1.`);
  }
}

/** The neighbour searches DBSCAN needs. */
interface NeighborSearch {
  /**
   * Weighted neighbour count (the point itself included) of every row; a count may stop early
   * once it reaches `limit` (only `count >= limit` matters).
   */
  countAll(limit: number): Float64Array;
  /** Writes the not-yet-labelled rows within the radius of row i into `out`; returns how many. */
  neighbors(i: number, out: Int32Array, labels: Int32Array): number;
  /** Row i has been labelled: later `neighbors` calls may skip it. */
  labelled(i: number): void;
}

class TreeSearch implements NeighborSearch {
  #mask: KDTreeMask | undefined;

  constructor(
    private readonly tree: KDTree,
    private readonly radius: number,
    private readonly weights: Float64Array | undefined,
  ) {}

  countAll(limit: number): Float64Array {
    const { tree, radius } = this;
    const n = tree.size;
    const d = tree.dim;
    const cum = this.weights ? tree.cumulativeWeights(this.weights) : undefined;
    const out = new Float64Array(n);
    const q = tree.treeData;
    // Query in tree order: consecutive queries touch the same nodes (cache friendly).
    for (let p = 0; p < n; p++) out[tree.index[p] as number] = tree.countRadius(q, p * d, radius, cum, limit);
    return out;
  }

  neighbors(i: number, out: Int32Array): number {
    const tree = this.tree;
    const mask = (this.#mask ??= tree.createMask());
    // Labelled points are masked out, so dense clusters stop costing once they are labelled.
    return tree.queryRadius(tree.treeData, (mask.position[i] as number) * tree.dim, this.radius, out, mask);
  }

  labelled(i: number): void {
    const tree = this.tree;
    const mask = (this.#mask ??= tree.createMask());
    tree.deactivate(mask, i);
  }
}

/** Rows per block of the brute-force scan: a block of rows stays in cache while all rows stream past. */
const BLOCK = 64;

class BruteSearch implements NeighborSearch {
  private readonly r: number;

  constructor(
    private readonly X: Float64Array,
    private readonly n: number,
    private readonly d: number,
    radius: number,
    private readonly metric: 'euclidean' | 'manhattan',
    private readonly weights: Float64Array | undefined,
  ) {
    this.r = metric === 'euclidean' ? radius * radius : radius;
  }

  private reduced(i: number, j: number): number {
    const { X, d } = this;
    const a = i * d;
    const b = j * d;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let k = 0; k < d; k++) {
        const t = (X[a + k] as number) - (X[b + k] as number);
        s += t * t;
      }
    } else {
      for (let k = 0; k < d; k++) s += Math.abs((X[a + k] as number) - (X[b + k] as number));
    }
    return s;
  }

  countAll(): Float64Array {
    // Every pair is visited once for two counts, so there is nothing to stop early.
    const { n, r, weights: w } = this;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = w ? (w[i] as number) : 1;
    // Each pair once (i < j), blocked over i.
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK);
      for (let j = i0 + 1; j < n; j++) {
        const iEnd = j < i1 ? j : i1;
        for (let i = i0; i < iEnd; i++) {
          if (this.reduced(i, j) <= r) {
            out[i] = (out[i] as number) + (w ? (w[j] as number) : 1);
            out[j] = (out[j] as number) + (w ? (w[i] as number) : 1);
          }
        }
      }
    }
    return out;
  }

  neighbors(i: number, out: Int32Array, labels: Int32Array): number {
    let c = 0;
    for (let j = 0; j < this.n; j++) if ((labels[j] as number) === -1 && this.reduced(i, j) <= this.r) out[c++] = j;
    return c;
  }

  labelled(): void {
    // The scan checks labels directly.
  }
}

/**
 * scikit-learn's `dbscan_inner`: seeds in row order; each cluster grows from its seed through
 * core points until no unlabelled neighbour is left. Each core point's neighbourhood is queried
 * once; a point is labelled when first reached, so the stack holds at most n entries.
 */
function expandClusters(n: number, isCore: Uint8Array, search: NeighborSearch): Int32Array {
  const labels = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const buf = new Int32Array(n);
  let label = 0;
  for (let seed = 0; seed < n; seed++) {
    if ((labels[seed] as number) !== -1 || isCore[seed] !== 1) continue;
    labels[seed] = label;
    search.labelled(seed);
    let top = 0;
    stack[top++] = seed;
    while (top > 0) {
      const p = stack[--top] as number;
      const count = search.neighbors(p, buf, labels);
      for (let k = 0; k < count; k++) {
        const v = buf[k] as number;
        if ((labels[v] as number) !== -1) continue;
        labels[v] = label;
        search.labelled(v);
        if (isCore[v] === 1) stack[top++] = v;
      }
    }
    label++;
  }
  return labels;
}
