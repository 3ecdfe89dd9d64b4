/**
 * Private kernels of IsolationForest: building isolation trees into flat typed arrays and scoring
 * rows against them. They assume validated, finite, row-major input.
 *
 * @packageDocumentation
 * @internal
 */
import type { Rng } from '../core/random.js';

/** Euler-Mascheroni constant (numpy's `np.euler_gamma`). */
const EULER_GAMMA = 0.5772156649015329;

/** scikit-learn's FEATURE_THRESHOLD: a feature whose node range is within it is constant there. */
const FEATURE_THRESHOLD = 1e-7;

/**
 * Average path length of an unsuccessful search in a binary search tree of n points, c(n), as
 * scikit-learn's `_average_path_length`: 0 for n <= 1, 1 for n = 2, else
 * `2 (ln(n - 1) + gamma) - 2 (n - 1) / n` (the harmonic number approximated by ln + gamma).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** The forest in flat arrays: node k of the whole forest; leaves have feature -1. */
export interface FlatForest {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Training samples that reached the node. */
  readonly size: Int32Array;
  /** Index of each tree's root node. */
  readonly roots: Int32Array;
}

/** Growable node storage (doubling), so forests of any size allocate O(log nodes) times. */
export class ForestBuilder {
  private feature = new Int32Array(64);
  private threshold = new Float64Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private size = new Int32Array(64);
  private count = 0;
  private readonly roots: number[] = [];

  private grow(): void {
    const cap = this.feature.length * 2;
    const f = new Int32Array(cap);
    f.set(this.feature);
    this.feature = f;
    const t = new Float64Array(cap);
    t.set(this.threshold);
    this.threshold = t;
    const l = new Int32Array(cap);
    l.set(this.left);
    this.left = l;
    const r = new Int32Array(cap);
    r.set(this.right);
    this.right = r;
    const s = new Int32Array(cap);
    s.set(this.size);
    this.size = s;
  }

  private node(size: number): number {
    if (this.count === this.feature.length) this.grow();
    const k = this.count++;
    this.feature[k] = -1;
    this.threshold[k] = 0;
    this.left[k] = -1;
    this.right[k] = -1;
    this.size[k] = size;
    return k;
  }

  /**
   * Grows one isolation tree on rows `idx` of `data` (n x d row-major) using the features
   * `features`, to depth at most `maxDepth`. Random choices come from `rng`: at each node the
   * features are tried in random order until one is not constant in the node, and the split is
   * drawn uniformly between its node minimum and maximum (scikit-learn's random splitter with
   * max_features = 1). `idx` is reordered in place.
   */
  growTree(data: Float64Array, d: number, idx: Int32Array, features: Int32Array, maxDepth: number, rng: Rng): void {
    const order = features.slice();
    this.roots.push(this.build(data, d, idx, 0, idx.length, 0, maxDepth, order, rng));
  }

  private build(data: Float64Array, d: number, idx: Int32Array, start: number, end: number, depth: number, maxDepth: number, order: Int32Array, rng: Rng): number {
    const n = end - start;
    const k = this.node(n);
    if (n <= 1 || depth >= maxDepth) return k;
    let f = -1;
    let lo = 0;
    let hi = 0;
    // Random order over the features without replacement (partial Fisher-Yates on `order`).
    for (let t = 0; t < order.length; t++) {
      const pick = t + rng.int(order.length - t);
      const cand = order[pick] as number;
      order[pick] = order[t] as number;
      order[t] = cand;
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = start; i < end; i++) {
        const v = data[(idx[i] as number) * d + cand] as number;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx > mn + FEATURE_THRESHOLD) {
        f = cand;
        lo = mn;
        hi = mx;
        break;
      }
    }
    if (f < 0) return k;
    let thr = lo + rng.float() * (hi - lo);
    if (thr >= hi) thr = lo;
    // Partition: x <= thr to the left.
    let p = start;
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      if ((data[r * d + f] as number) <= thr) {
        idx[i] = idx[p] as number;
        idx[p] = r;
        p++;
      }
    }
    this.feature[k] = f;
    this.threshold[k] = thr;
    const l = this.build(data, d, idx, start, p, depth + 1, maxDepth, order, rng);
    const r = this.build(data, d, idx, p, end, depth + 1, maxDepth, order, rng);
    this.left[k] = l;
    this.right[k] = r;
    return k;
  }

  /** The finished forest, trimmed to its size. */
  finish(): FlatForest {
    const c = this.count;
    return {
      feature: this.feature.slice(0, c),
      threshold: this.threshold.slice(0, c),
      left: this.left.slice(0, c),
      right: this.right.slice(0, c),
      size: this.size.slice(0, c),
      roots: Int32Array.from(this.roots),
    };
  }
}

/**
 * scikit-learn's `score_samples`: `-2^(-E[h(x)] / c(maxSamples))` for each row, where h(x) is the
 * depth of the leaf reached plus c(leaf size). Written into `out`. O(n T depth).
 */
export function scoreRows(forest: FlatForest, data: Float64Array, n: number, d: number, maxSamples: number, out: Float64Array): void {
  const { feature, threshold, left, right, size, roots } = forest;
  const T = roots.length;
  const denominator = T * averagePathLength(maxSamples);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let depths = 0;
    for (let t = 0; t < T; t++) {
      let node = roots[t] as number;
      let depth = 0;
      let f = feature[node] as number;
      while (f >= 0) {
        node = (data[base + f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
        f = feature[node] as number;
        depth++;
      }
      depths += depth + averagePathLength(size[node] as number);
    }
    // A single training sample gives c(1) = 0: scikit-learn sets the exponent to 1 then.
    out[i] = -Math.pow(2, -(denominator !== 0 ? depths / denominator : 1));
  }
}
