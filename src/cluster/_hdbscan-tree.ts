/**
 * Private HDBSCAN kernels: the condensed cluster tree, stability, cluster selection (excess of
 * mass or leaves, with an epsilon threshold), labels, membership probabilities and GLOSH outlier
 * scores. They follow the reference implementation of McInnes, Healy and Astels (the `hdbscan`
 * package, `_hdbscan_tree.pyx`, also in scikit-learn 1.3) step for step, except where noted.
 *
 * @internal
 * @packageDocumentation
 */
import type { Linkage } from './_nn-chain.js';

/** The condensed tree as parallel arrays (rows in the order the reference emits them). */
export interface CondensedTree {
  /** Cluster id of the parent (n is the root; ids n+1.. are clusters born at splits). */
  readonly parent: Int32Array;
  /** Child: a sample index (< n) or a cluster id (> n). */
  readonly child: Int32Array;
  /** 1 / distance at which the child leaves the parent (Infinity at distance 0). */
  readonly lambda: Float64Array;
  /** The distance itself (the merge height of the single-linkage tree). */
  readonly distance: Float64Array;
  /** Samples under the child (1 for a sample). */
  readonly childSize: Int32Array;
}

/** Number of clusters of a condensed tree of n samples (root included). */
export function clusterCount(tree: CondensedTree, n: number): number {
  let max = n;
  for (let r = 0; r < tree.parent.length; r++) if ((tree.parent[r] as number) > max) max = tree.parent[r] as number;
  for (let r = 0; r < tree.child.length; r++) if ((tree.child[r] as number) > max) max = tree.child[r] as number;
  return max - n + 1;
}

/**
 * Condenses a single-linkage tree (scipy layout) with a minimum cluster size: a split where a side
 * has fewer than `minClusterSize` samples is a set of points falling out of the parent; a split
 * where both sides are large enough gives birth to two new clusters. O(n).
 */
export function condenseTree(link: Linkage, n: number, minClusterSize: number): CondensedTree {
  const cap = 2 * n;
  const parent = new Int32Array(cap);
  const child = new Int32Array(cap);
  const lambda = new Float64Array(cap);
  const distance = new Float64Array(cap);
  const childSize = new Int32Array(cap);
  let rows = 0;
  const root = 2 * n - 2;
  const relabel = new Int32Array(2 * n - 1);
  relabel[root] = n;
  let nextLabel = n + 1;
  const ignore = new Uint8Array(2 * n - 1);
  const orderBuf = new Int32Array(2 * n - 1);
  const order = bfs(link, n, root, orderBuf);
  const sub = new Int32Array(2 * n - 1);
  const size = (node: number): number => (node < n ? 1 : (link.counts[node - n] as number));
  let dist = 0;
  const emitSubtree = (from: number, p: number, lam: number): void => {
    const m = bfs(link, n, from, sub);
    for (let t = 0; t < m; t++) {
      const s = sub[t] as number;
      if (s < n) {
        parent[rows] = p;
        child[rows] = s;
        lambda[rows] = lam;
        distance[rows] = dist;
        childSize[rows++] = 1;
      }
      ignore[s] = 1;
    }
  };
  for (let t = 0; t < order; t++) {
    const node = orderBuf[t] as number;
    if (node < n || ignore[node] === 1) continue;
    const k = node - n;
    const left = link.children[2 * k] as number;
    const right = link.children[2 * k + 1] as number;
    dist = link.distances[k] as number;
    const lam = lambdaOf(dist);
    const lc = size(left);
    const rc = size(right);
    const p = relabel[node] as number;
    if (lc >= minClusterSize && rc >= minClusterSize) {
      relabel[left] = nextLabel++;
      parent[rows] = p;
      child[rows] = relabel[left] as number;
      lambda[rows] = lam;
      distance[rows] = dist;
      childSize[rows++] = lc;
      relabel[right] = nextLabel++;
      parent[rows] = p;
      child[rows] = relabel[right] as number;
      lambda[rows] = lam;
      distance[rows] = dist;
      childSize[rows++] = rc;
    } else if (lc < minClusterSize && rc < minClusterSize) {
      emitSubtree(left, p, lam);
      emitSubtree(right, p, lam);
    } else if (lc < minClusterSize) {
      relabel[right] = p;
      emitSubtree(left, p, lam);
    } else {
      relabel[left] = p;
      emitSubtree(right, p, lam);
    }
  }
  return {
    parent: parent.slice(0, rows),
    child: child.slice(0, rows),
    lambda: lambda.slice(0, rows),
    distance: distance.slice(0, rows),
    childSize: childSize.slice(0, rows),
  };
}

/** lambda = 1 / distance, Infinity at distance 0 (the reference's rule). */
export function lambdaOf(distance: number): number {
  return distance > 0 ? 1 / distance : Infinity;
}

/** Breadth-first order of the subtree under `from` (nodes level by level, left before right). */
function bfs(link: Linkage, n: number, from: number, out: Int32Array): number {
  let head = 0;
  let tail = 0;
  out[tail++] = from;
  while (head < tail) {
    const node = out[head++] as number;
    if (node >= n) {
      out[tail++] = link.children[2 * (node - n)] as number;
      out[tail++] = link.children[2 * (node - n) + 1] as number;
    }
  }
  return tail;
}

/**
 * Stability of every cluster (index: cluster id - n): the sum over its rows of
 * (lambda - lambda_birth) x size. A row leaving at its parent's birth lambda adds 0 (also when both
 * are Infinity, where the reference would produce NaN).
 */
export function stabilities(tree: CondensedTree, n: number, nClusters: number): Float64Array {
  const birth = new Float64Array(nClusters);
  for (let r = 0; r < tree.child.length; r++) {
    const c = tree.child[r] as number;
    if (c > n) birth[c - n] = tree.lambda[r] as number;
  }
  birth[0] = 0;
  const out = new Float64Array(nClusters);
  for (let r = 0; r < tree.parent.length; r++) {
    const p = (tree.parent[r] as number) - n;
    const lam = tree.lambda[r] as number;
    const b = birth[p] as number;
    if (lam !== b) out[p] = (out[p] as number) + (lam - b) * (tree.childSize[r] as number);
  }
  return out;
}

/** What cluster selection needs besides the tree. */
export interface SelectionOptions {
  readonly method: 'eom' | 'leaf';
  readonly allowSingleCluster: boolean;
  readonly clusterSelectionEpsilon: number;
  /** Largest cluster EOM may select (Infinity: no limit). */
  readonly maxClusterSize: number;
}

/**
 * Selects the flat clustering: a boolean per cluster id - n. 'eom' keeps a cluster when its
 * stability is at least the summed stability of its selected descendants (Campello, Moulavi and
 * Sander 2013); 'leaf' keeps the leaves of the cluster tree. With an epsilon, clusters born below
 * that distance are merged upward (Malzer and Baum 2020).
 */
export function selectClusters(tree: CondensedTree, n: number, nClusters: number, stability: Float64Array, options: SelectionOptions): Uint8Array {
  const selected = new Uint8Array(nClusters);
  // Cluster tree: rows whose child is a cluster.
  const clusterParent = new Int32Array(nClusters).fill(-1);
  const birthLambda = new Float64Array(nClusters);
  const size = new Float64Array(nClusters);
  const hasChildren = new Uint8Array(nClusters);
  let clusterRows = 0;
  for (let r = 0; r < tree.child.length; r++) {
    const c = tree.child[r] as number;
    if ((tree.childSize[r] as number) > 1) {
      clusterRows++;
      clusterParent[c - n] = (tree.parent[r] as number) - n;
      birthLambda[c - n] = tree.lambda[r] as number;
      size[c - n] = tree.childSize[r] as number;
      hasChildren[(tree.parent[r] as number) - n] = 1;
    }
  }
  if (options.allowSingleCluster) {
    let rootSize = 0;
    for (let c = 1; c < nClusters; c++) if (clusterParent[c] === 0) rootSize += size[c] as number;
    size[0] = rootSize;
  }
  const first = options.allowSingleCluster ? 0 : 1;
  for (let c = first; c < nClusters; c++) selected[c] = 1;
  // Children of every cluster in CSR form (ids ascending), for O(subtree) descendant walks.
  const childStart = new Int32Array(nClusters + 1);
  for (let c = 1; c < nClusters; c++) {
    const p = clusterParent[c] as number;
    if (p >= 0) childStart[p + 1] = (childStart[p + 1] as number) + 1;
  }
  for (let c = 0; c < nClusters; c++) childStart[c + 1] = (childStart[c + 1] as number) + (childStart[c] as number);
  const childList = new Int32Array(childStart[nClusters] as number);
  const fill = childStart.slice(0, nClusters);
  for (let c = 1; c < nClusters; c++) {
    const p = clusterParent[c] as number;
    if (p >= 0) {
      childList[fill[p] as number] = c;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  const descendantsOf = (c: number, visit: (d: number) => void): void => {
    const stack = [c];
    while (stack.length > 0) {
      const x = stack.pop() as number;
      for (let t = childStart[x] as number; t < (childStart[x + 1] as number); t++) {
        const y = childList[t] as number;
        visit(y);
        stack.push(y);
      }
    }
  };
  let chosen: number[];
  if (options.method === 'eom') {
    const stab = stability.slice();
    for (let c = nClusters - 1; c >= first; c--) {
      let subtree = 0;
      for (let t = childStart[c] as number; t < (childStart[c + 1] as number); t++) subtree += stab[childList[t] as number] as number;
      if (subtree > (stab[c] as number) || (size[c] as number) > options.maxClusterSize) {
        selected[c] = 0;
        stab[c] = subtree;
      } else {
        descendantsOf(c, (y) => {
          selected[y] = 0;
        });
      }
    }
    chosen = [];
    for (let c = 0; c < nClusters; c++) if (selected[c] === 1) chosen.push(c);
    if (options.clusterSelectionEpsilon !== 0 && clusterRows > 0) {
      if (chosen.length === 1 && chosen[0] === 0) {
        if (!options.allowSingleCluster) chosen = [];
      } else {
        chosen = epsilonSearch(chosen, clusterParent, birthLambda, options, descendantsOf);
      }
    }
  } else {
    const leaves: number[] = [];
    if (clusterRows > 0) {
      descendantsOf(0, (c) => {
        if (hasChildren[c] === 0) leaves.push(c);
      });
      leaves.sort((a, b) => a - b);
    }
    if (leaves.length === 0) {
      chosen = [0];
    } else {
      chosen = options.clusterSelectionEpsilon !== 0 ? epsilonSearch(leaves, clusterParent, birthLambda, options, descendantsOf) : leaves;
    }
  }
  selected.fill(0);
  for (const c of chosen) selected[c] = 1;
  return selected;
}

function epsilonSearch(
  candidates: readonly number[],
  clusterParent: Int32Array,
  birthLambda: Float64Array,
  options: SelectionOptions,
  descendantsOf: (c: number, visit: (d: number) => void) => void,
): number[] {
  const eps = options.clusterSelectionEpsilon;
  const selected = new Set<number>();
  const processed = new Set<number>();
  for (const leaf of candidates) {
    if (1 / (birthLambda[leaf] as number) < eps) {
      if (!processed.has(leaf)) {
        const up = traverseUpwards(leaf, clusterParent, birthLambda, eps, options.allowSingleCluster);
        selected.add(up);
        descendantsOf(up, (d) => processed.add(d));
      }
    } else {
      selected.add(leaf);
    }
  }
  return [...selected].sort((a, b) => a - b);
}

function traverseUpwards(leaf: number, clusterParent: Int32Array, birthLambda: Float64Array, eps: number, allowSingle: boolean): number {
  let c = leaf;
  for (;;) {
    const p = clusterParent[c] as number;
    if (p === 0) return allowSingle ? p : c;
    if (1 / (birthLambda[p] as number) > eps) return p;
    c = p;
  }
}

/** Labels, probabilities and GLOSH outlier scores of the samples under a selection. */
export interface Memberships {
  readonly labels: Int32Array;
  readonly probabilities: Float64Array;
  readonly outlierScores: Float64Array;
}

/**
 * Labels (clusters numbered by ascending id, -1 noise), membership probabilities (the reference's
 * lambda / lambda_max of the selected cluster) and GLOSH outlier scores.
 *
 * GLOSH follows Campello, Moulavi, Zimek and Sander (2015): score = 1 - lambda(x) / lambda_max,
 * where lambda_max is the largest lambda of any sample in the subtree of the cluster x last
 * belonged to (the reference package propagates lambda_max in an order that can miss deeper
 * clusters; this is the published definition). A sample of lambda Infinity scores 0; a finite
 * lambda under an infinite lambda_max (exact duplicates deeper in the cluster) scores 1, the limit.
 */
export function memberships(
  tree: CondensedTree,
  n: number,
  nClusters: number,
  selected: Uint8Array,
  allowSingleCluster: boolean,
  clusterSelectionEpsilon: number,
): Memberships {
  const clusterParent = new Int32Array(nClusters).fill(-1);
  const directMax = new Float64Array(nClusters);
  for (let r = 0; r < tree.parent.length; r++) {
    const p = (tree.parent[r] as number) - n;
    const lam = tree.lambda[r] as number;
    if (lam > (directMax[p] as number)) directMax[p] = lam;
    const c = tree.child[r] as number;
    if (c > n) clusterParent[c - n] = p;
  }
  // Nearest selected ancestor-or-self of every cluster (ids are topologically ordered).
  const owner = new Int32Array(nClusters).fill(-1);
  for (let c = 0; c < nClusters; c++) {
    if (selected[c] === 1) owner[c] = c;
    else if (c > 0) owner[c] = owner[clusterParent[c] as number] as number;
  }
  const labelOf = new Int32Array(nClusters).fill(-1);
  let nSelected = 0;
  for (let c = 0; c < nClusters; c++) if (selected[c] === 1) labelOf[c] = nSelected++;
  const rootOnly = selected[0] === 1 && nSelected === 1 && allowSingleCluster;
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  const subtreeMax = directMax.slice();
  for (let c = nClusters - 1; c > 0; c--) {
    const p = clusterParent[c] as number;
    if ((subtreeMax[c] as number) > (subtreeMax[p] as number)) subtreeMax[p] = subtreeMax[c] as number;
  }
  for (let r = 0; r < tree.parent.length; r++) {
    const x = tree.child[r] as number;
    if (x >= n) continue;
    const p = (tree.parent[r] as number) - n;
    const lam = tree.lambda[r] as number;
    const o = owner[p] as number;
    if (o > 0 || (o === 0 && rootOnly)) {
      let keep = true;
      if (o === 0) keep = clusterSelectionEpsilon !== 0 ? lam >= 1 / clusterSelectionEpsilon : lam >= (directMax[0] as number);
      if (keep) {
        labels[x] = labelOf[o] as number;
        const death = directMax[o] as number;
        probabilities[x] = death === 0 || !Number.isFinite(lam) ? 1 : Math.min(lam, death) / death;
      }
    }
    const lmax = subtreeMax[p] as number;
    if (lmax === 0 || !Number.isFinite(lam)) outlierScores[x] = 0;
    else if (!Number.isFinite(lmax)) outlierScores[x] = 1;
    else outlierScores[x] = (lmax - lam) / lmax;
  }
  return { labels, probabilities, outlierScores };
}
