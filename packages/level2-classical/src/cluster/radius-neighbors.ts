/**
 * Fixed-radius neighbour queries for DBSCAN: every row's neighbours within $\varepsilon$ (itself
 * included), by brute force or through a k-d tree with bounding boxes.
 *
 * Both paths use the same test, so they return the same sets: Euclidean
 * $\sum_a (x_a - y_a)^2 \le \varepsilon^2$ (summed in feature order, as scikit-learn's trees
 * compare their "reduced distance"), Manhattan $\sum_a |x_a - y_a| \le \varepsilon$.
 *
 * The tree (Bentley, 1975) splits a node's rows at the median of its widest coordinate until at
 * most `leafSize` rows remain; a query descends only into boxes whose nearest point is within
 * $\varepsilon$. Build $O(n \log n)$ (quickselect per level); a query costs about
 * $O(\log n + m)$ for m neighbours in low dimension, and degrades towards the brute
 * $O(nd)$ as d grows (boxes stop excluding anything past ~15–20 dimensions).
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */

/** Distances for the neighbour test. */
export type NeighborMetric = 'euclidean' | 'manhattan';

interface KdNode {
  start: number;
  end: number;
  lo: Float64Array; // (d,) bounding box
  hi: Float64Array; // (d,)
  left: KdNode | null;
  right: KdNode | null;
}

/** The pair test: reduced distance (squared for Euclidean) compared with the reduced radius. */
function reduced(X: Float64Array, a: number, b: number, d: number, manhattan: boolean): number {
  let s = 0;
  if (manhattan) for (let p = 0; p < d; p++) s += Math.abs(X[a + p]! - X[b + p]!);
  else {
    for (let p = 0; p < d; p++) {
      const e = X[a + p]! - X[b + p]!;
      s += e * e;
    }
  }
  return s;
}

/**
 * Neighbours of every row of X (n, d) within `eps` under `metric`, each list in increasing index
 * order for brute force and tree order for the tree (DBSCAN does not depend on the order).
 * @param algorithm `'brute'`: all pairs, $O(n^2 d)$; `'kd_tree'`: the k-d tree above.
 */
export function radiusNeighbors(
  X: Float64Array, n: number, d: number, eps: number, metric: NeighborMetric, algorithm: 'brute' | 'kd_tree', leafSize = 30,
): Int32Array[] {
  const manhattan = metric === 'manhattan';
  const r = manhattan ? eps : eps * eps;
  const out: Int32Array[] = new Array(n);
  const buf = new Int32Array(n);
  if (algorithm === 'brute') {
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let j = 0; j < n; j++) if (reduced(X, i * d, j * d, d, manhattan) <= r) buf[m++] = j;
      out[i] = buf.slice(0, m);
    }
    return out;
  }
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const root = build(X, d, idx, 0, n, Math.max(1, leafSize));
  const stack: KdNode[] = [];
  for (let i = 0; i < n; i++) {
    let m = 0;
    stack.push(root);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (boxBound(X, i * d, node, d, manhattan) > r) continue;
      if (node.left === null || node.right === null) {
        for (let q = node.start; q < node.end; q++) {
          const j = idx[q]!;
          if (reduced(X, i * d, j * d, d, manhattan) <= r) buf[m++] = j;
        }
      } else {
        stack.push(node.right, node.left);
      }
    }
    out[i] = buf.slice(0, m);
  }
  return out;
}

/** Reduced distance from row `a` to the nearest point of the node's box (a lower bound for every row inside). */
function boxBound(X: Float64Array, a: number, node: KdNode, d: number, manhattan: boolean): number {
  let s = 0;
  for (let p = 0; p < d; p++) {
    const x = X[a + p]!;
    const lo = node.lo[p]!, hi = node.hi[p]!;
    const e = x < lo ? lo - x : x > hi ? x - hi : 0;
    s += manhattan ? e : e * e;
  }
  return s;
}

function build(X: Float64Array, d: number, idx: Int32Array, start: number, end: number, leafSize: number): KdNode {
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let q = start; q < end; q++) {
    const o = idx[q]! * d;
    for (let p = 0; p < d; p++) {
      const v = X[o + p]!;
      if (v < lo[p]!) lo[p] = v;
      if (v > hi[p]!) hi[p] = v;
    }
  }
  const node: KdNode = { start, end, lo, hi, left: null, right: null };
  if (end - start <= leafSize) return node;
  let dim = 0;
  for (let p = 1; p < d; p++) if (hi[p]! - lo[p]! > hi[dim]! - lo[dim]!) dim = p;
  if (!(hi[dim]! > lo[dim]!)) return node; // all rows equal: keep them in one leaf
  const mid = (start + end) >> 1;
  quickselect(X, d, dim, idx, start, end - 1, mid);
  node.left = build(X, d, idx, start, mid, leafSize);
  node.right = build(X, d, idx, mid, end, leafSize);
  return node;
}

/** Reorder idx[lo..hi] so that idx[k] holds the row with the k-th smallest coordinate `dim`, smaller ones before it. */
function quickselect(X: Float64Array, d: number, dim: number, idx: Int32Array, lo: number, hi: number, k: number): void {
  const key = (q: number) => X[idx[q]! * d + dim]!;
  while (hi > lo) {
    const pivot = key((lo + hi) >> 1);
    let i = lo, j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        const t = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
