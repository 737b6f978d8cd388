/**
 * Hierarchical-clustering trees without connectivity constraints, computed the way scikit-learn
 * 1.2.1 gets them (so merges, their order and their heights agree, ties included):
 * - ward, complete, average: SciPy 1.10's `linkage` → `nn_chain` on the condensed `pdist` matrix,
 *   then a stable sort by height and union-find relabelling (`label`);
 * - single: scikit-learn's `mst_linkage_core` (Prim's minimum spanning tree on the raw data), a
 *   stable sort of its edges and `_single_linkage_label`.
 *
 * Output rows are SciPy linkage rows $(a, b, h, m)$: node $n + s$ is created at step $s$ by merging
 * nodes $a$ and $b$ (leaves are $0..n-1$) at height $h$, holding $m$ leaves.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { euclidSeq, l1Dist } from './kernels.js';

/** The four linkages of `AgglomerativeClustering`. */
export type Linkage = 'ward' | 'complete' | 'average' | 'single';
/** Point distances for the linkages ('manhattan' = city block; ward needs 'euclidean'). */
export type LinkageMetric = 'euclidean' | 'manhattan';

/** Position of pair (i, j), i ≠ j, in a condensed distance vector of n points (SciPy's `condensed_index`). */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Condensed pairwise distances, pair (i < j) at {@link condensedIndex}; each summed in feature order (SciPy's `pdist`). $O(n^2 d)$ time, $n(n-1)/2$ doubles. */
export function condensedDistances(X: Float64Array, n: number, d: number, metric: LinkageMetric): Float64Array {
  const D = new Float64Array((n * (n - 1)) / 2);
  const f = metric === 'manhattan' ? l1Dist : euclidSeq;
  let q = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) D[q++] = f(X, i * d, X, j * d, d);
  return D;
}

/**
 * Lance–Williams updates: the distance from cluster i to the merge of x and y, from
 * $d_{xi}, d_{yi}, d_{xy}$ and the sizes (SciPy's `_hierarchy_distance_update.pxi`, same operation order):
 * - complete $\max(d_{xi}, d_{yi})$; average $\frac{n_x d_{xi} + n_y d_{yi}}{n_x + n_y}$;
 * - ward $\sqrt{\frac{(n_i+n_x)d_{xi}^2 + (n_i+n_y)d_{yi}^2 - n_i d_{xy}^2}{n_x+n_y+n_i}}$.
 */
function update(method: Exclude<Linkage, 'single'>, dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  if (method === 'complete') return Math.max(dxi, dyi);
  if (method === 'average') return (nx * dxi + ny * dyi) / (nx + ny);
  const t = 1.0 / (nx + ny + ni);
  return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
}

/**
 * Nearest-neighbour chain (Murtagh 1983; Müllner 2011) for reducible linkages: follow nearest
 * neighbours from an active cluster until two clusters are each other's nearest (the previous
 * chain element wins ties, then the smallest index), merge them (the smaller index is dropped,
 * the larger holds the merge), update its distances by Lance–Williams, and continue from the
 * rest of the chain. Each merge is a reciprocal nearest pair, which for ward, complete and
 * average gives the same tree as greedy merging. $O(n^2)$ time over the whole run; it works in
 * place on `D` (a condensed matrix, $n(n-1)/2$ doubles). Returns sorted, relabelled rows (n−1, 4).
 */
export function nnChain(D: Float64Array, n: number, method: Exclude<Linkage, 'single'>): Float64Array {
  const Z = new Float64Array((n - 1) * 4); // (n−1, 4) rows (x, y, height, size)
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      len = 1;
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x = 0, y = 0, best = Infinity;
    for (;;) {
      x = chain[len - 1]!;
      if (len > 1) {
        y = chain[len - 2]!;
        best = D[condensedIndex(n, x, y)]!;
      } else best = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const v = D[condensedIndex(n, x, i)]!;
        if (v < best) {
          best = v;
          y = i;
        }
      }
      if (len > 1 && y === chain[len - 2]) break;
      chain[len++] = y;
    }
    len -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!, ny = size[y]!;
    Z[4 * k] = x;
    Z[4 * k + 1] = y;
    Z[4 * k + 2] = best;
    Z[4 * k + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const iy = condensedIndex(n, i, y);
      D[iy] = update(method, D[condensedIndex(n, i, x)]!, D[iy]!, best, nx, ny, ni);
    }
  }
  const sorted = sortRows(Z, n - 1);
  relabel(sorted, n);
  return sorted;
}

/** Rows stably sorted by height (NumPy's mergesort). */
function sortRows(Z: Float64Array, m: number): Float64Array {
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => Z[4 * a + 2]! - Z[4 * b + 2]! || a - b);
  const out = new Float64Array(4 * m);
  order.forEach((r, i) => out.set(Z.subarray(4 * r, 4 * r + 4), 4 * i));
  return out;
}

/**
 * SciPy's `label`: after sorting, rename each row's clusters to the ids of the nodes that now
 * contain them (union–find with path compression), smaller id first, and recount sizes.
 */
function relabel(Z: Float64Array, n: number): void {
  const parent = new Int32Array(2 * n - 1);
  const size = new Int32Array(2 * n - 1);
  for (let i = 0; i < 2 * n - 1; i++) {
    parent[i] = i;
    size[i] = i < n ? 1 : 0;
  }
  const find = (x: number): number => {
    let p = x;
    while (parent[x] !== x) x = parent[x]!;
    while (parent[p] !== x) {
      const nxt = parent[p]!;
      parent[p] = x;
      p = nxt;
    }
    return x;
  };
  for (let s = 0; s < n - 1; s++) {
    const xr = find(Z[4 * s]!), yr = find(Z[4 * s + 1]!);
    Z[4 * s] = Math.min(xr, yr);
    Z[4 * s + 1] = Math.max(xr, yr);
    const id = n + s;
    parent[xr] = id;
    parent[yr] = id;
    size[id] = size[xr]! + size[yr]!;
    Z[4 * s + 3] = size[id]!;
  }
}

/**
 * Single linkage as scikit-learn: Prim's minimum spanning tree grown from point 0 (the next point
 * is the nearest outside the tree, ties to the smallest index), $O(n^2 d)$ time and $O(n)$ memory;
 * its n−1 edges stably sorted by length are the merges (Gower & Ross, 1969), and a union–find
 * names the clusters each edge joins (`_single_linkage_label`: the tree-side end first, not sorted).
 */
export function mstSingleLinkage(X: Float64Array, n: number, d: number, metric: LinkageMetric): Float64Array {
  const f = metric === 'manhattan' ? l1Dist : euclidSeq;
  const inTree = new Uint8Array(n);
  const cur = new Float64Array(n).fill(Infinity);
  const E = new Float64Array((n - 1) * 4); // (n−1, 4) edges (from, to, length, ·)
  let node = 0;
  for (let s = 0; s < n - 1; s++) {
    inTree[node] = 1;
    let best = Infinity;
    let next = 0;
    for (let j = 0; j < n; j++) {
      if (inTree[j] === 1) continue;
      const v = f(X, node * d, X, j * d, d);
      if (v < cur[j]!) cur[j] = v;
      if (cur[j]! < best) {
        best = cur[j]!;
        next = j;
      }
    }
    E[4 * s] = node;
    E[4 * s + 1] = next;
    E[4 * s + 2] = best;
    node = next;
  }
  const Z = sortRows(E, n - 1);
  // scikit-learn's UnionFind: parent −1 marks a root; find compresses the path.
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const size = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) size[i] = 1;
  let nextLabel = n;
  const find = (x: number): number => {
    let p = x;
    while (parent[x] !== -1) x = parent[x]!;
    while (p !== x && parent[p] !== x) {
      const nxt = parent[p]!;
      parent[p] = x;
      p = nxt;
    }
    return x;
  };
  for (let s = 0; s < n - 1; s++) {
    const a = find(Z[4 * s]!), b = find(Z[4 * s + 1]!);
    Z[4 * s] = a;
    Z[4 * s + 1] = b;
    Z[4 * s + 3] = size[a]! + size[b]!;
    parent[a] = nextLabel;
    parent[b] = nextLabel;
    size[nextLabel] = size[a]! + size[b]!;
    nextLabel++;
  }
  return Z;
}
