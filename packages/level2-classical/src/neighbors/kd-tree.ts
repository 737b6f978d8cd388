/**
 * KD-tree (Bentley 1975; Friedman, Bentley & Finkel 1977) with scikit-learn's layout: a complete
 * binary tree stored in arrays, each node a contiguous range of a permutation of the training
 * rows plus its tight bounding box.
 *
 * **Build.** With $n$ points and leaf size $m$ the tree has
 * $L = 1 + \lfloor\log_2 \max(1, (n-1)/m)\rfloor$ levels and $2^L - 1$ nodes (so a leaf holds
 * between $m$ and $2m$ points, as in `sklearn.neighbors.KDTree`). A node is split on the
 * dimension of largest spread $\max_i x_{ij} - \min_i x_{ij}$, at the median: a quickselect
 * moves the point of rank $\lfloor(s+e)/2\rfloor - s$ into place, smaller keys to its left,
 * larger to its right; the two halves become children $2i+1$ and $2i+2$.
 * $O(n \log n)$ expected time, $O(n + 2^L d)$ memory.
 *
 * **Query** (exact $k$-NN). Depth first from the root, nearer child first, with a bounded
 * max-heap of the best $k$ (reduced distance, index) pairs ({@link NeighborHeap}). A node is
 * skipped when the reduced distance from the query to its box exceeds the current $k$-th:
 * $$\underline r(q, B) = \sum_j \max(0,\ \mathrm{lo}_j - q_j,\ q_j - \mathrm{hi}_j)^2 > r_{(k)} .$$
 * The bound never exceeds a point's computed distance, even in floating point, so pruning with
 * a strict $>$ loses no point that could enter the heap, ties included: the answer is exactly
 * brute force's (same distances bit for bit, same (distance, index) order). Expected
 * $O(\log n)$ per query in low dimension; in high dimension (say $d \gtrsim 15$ on
 * unstructured data) the bounds stop pruning and a query visits most leaves, $O(n d)$ plus the
 * tree overhead: brute force is then faster, which is why `algorithm: 'auto'` picks it for $d > 15$.
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */
import { InvalidParamError, Matrix, asMatrix, assertColumns, type MatrixLike } from '@fpml/core';
import type { RawNeighbors } from './brute.js';
import { METRICS, type MetricName, type MetricSpec, PRUNE_SLACK, boxLowerBound, reducedDistance, reducedDistanceBounded, resolveMetric, toDistance, toReduced } from './metric.js';
import { NeighborHeap } from './neighbor-heap.js';

/** Options of {@link KDTree.build} (scikit-learn's `KDTree` names in camelCase). */
export interface KDTreeOptions {
  /** Most points a leaf is built to hold is $2m$; smaller leaves prune more, at more overhead. @default 40 */
  leafSize?: number;
  /** Distance. @default 'minkowski' */
  metric?: MetricName;
  /** Minkowski exponent $p \ge 1$ (finite), used when `metric` is `'minkowski'`. @default 2 */
  p?: number;
}

/** Neighbours with true distances: `distances` (n, k); `indices` row-major (n·k), row i at `[i·k, (i+1)·k)`. */
export interface NeighborsResult {
  distances: Matrix; // (n, k)
  indices: Int32Array; // (n * k)
}

/** Radius-query result: for query i, the indices (and distances) of the points within the radius. */
export interface RadiusResult {
  indices: Int32Array[];
  distances: Float64Array[];
}

const KIND = 'KDTree';

/** Validate the shared tree/metric params; `owner` names the class in the error. */
export function checkTreeParams(owner: string, leafSize: unknown, metric: unknown, p: unknown): void {
  if (typeof leafSize !== 'number' || !Number.isSafeInteger(leafSize) || leafSize < 1) throw new InvalidParamError(owner, 'leafSize', leafSize, 'an integer ≥ 1');
  if (!METRICS.includes(metric as MetricName)) throw new InvalidParamError(owner, 'metric', metric, `one of ${METRICS.map((m) => `'${m}'`).join(', ')}`);
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 1) throw new InvalidParamError(owner, 'p', p, 'a finite number ≥ 1 (use metric: \'chebyshev\' for p = ∞)');
}

/**
 * An immutable kd-tree over the rows of a training matrix. Build with {@link KDTree.build}.
 *
 * @example
 * const tree = KDTree.build(X, { leafSize: 30 });       // X (n, d)
 * const { distances, indices } = tree.query(Q, 5);     // (nq, 5), (nq·5)
 * @see ../../../../docs/level2-classical/neighbors.md
 */
export class KDTree {
  readonly leafSize: number;
  readonly metric: MetricSpec;
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly nLevels: number;
  readonly nNodes: number;
  private readonly X: Float64Array; // (n, d)
  /** Permutation of 0..n−1; node i owns idxArray[start[i] .. end[i]). */
  private readonly idxArray: Int32Array; // (n,)
  private readonly start: Int32Array; // (nNodes,)
  private readonly end: Int32Array; // (nNodes,)
  private readonly leaf: Uint8Array; // (nNodes,)
  private readonly lo: Float64Array; // (nNodes, d)
  private readonly hi: Float64Array; // (nNodes, d)

  private constructor(X: Matrix, leafSize: number, metric: MetricSpec) {
    const n = X.rows;
    const d = X.cols;
    this.leafSize = leafSize;
    this.metric = metric;
    this.nSamples = n;
    this.nFeatures = d;
    this.X = X.data;
    this.nLevels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
    this.nNodes = 2 ** this.nLevels - 1;
    this.idxArray = new Int32Array(n);
    for (let i = 0; i < n; i++) this.idxArray[i] = i;
    this.start = new Int32Array(this.nNodes);
    this.end = new Int32Array(this.nNodes);
    this.leaf = new Uint8Array(this.nNodes);
    this.lo = new Float64Array(this.nNodes * d);
    this.hi = new Float64Array(this.nNodes * d);
    this.buildNode(0, 0, n);
  }

  /**
   * Build the tree over the rows of `X` (kept by reference when it is a Matrix: do not mutate it).
   * @throws InvalidParamError for a bad `leafSize`, `metric` or `p`; ShapeError/InvalidInputError for bad X.
   */
  static build(X: MatrixLike, options: KDTreeOptions = {}): KDTree {
    const { leafSize = 40, metric = 'minkowski', p = 2 } = options;
    checkTreeParams(KIND, leafSize, metric, p);
    return new KDTree(asMatrix(X, 'X'), leafSize, resolveMetric(metric, p));
  }

  /** Internal: build over a checked matrix with a resolved metric. */
  static fromChecked(X: Matrix, leafSize: number, metric: MetricSpec): KDTree {
    return new KDTree(X, leafSize, metric);
  }

  private buildNode(node: number, s: number, e: number): void {
    const d = this.nFeatures;
    const { X, idxArray, lo, hi } = this;
    this.start[node] = s;
    this.end[node] = e;
    const b = node * d;
    for (let t = 0; t < d; t++) {
      lo[b + t] = Infinity;
      hi[b + t] = -Infinity;
    }
    for (let a = s; a < e; a++) {
      const r = idxArray[a]! * d;
      for (let t = 0; t < d; t++) {
        const v = X[r + t]!;
        if (v < lo[b + t]!) lo[b + t] = v;
        if (v > hi[b + t]!) hi[b + t] = v;
      }
    }
    if (2 * node + 1 >= this.nNodes || e - s < 2) {
      this.leaf[node] = 1;
      return;
    }
    let dim = 0;
    let spread = -1;
    for (let t = 0; t < d; t++) {
      const w = hi[b + t]! - lo[b + t]!;
      if (w > spread) {
        spread = w;
        dim = t;
      }
    }
    const mid = (s + e) >> 1;
    quickselect(idxArray, X, d, dim, s, e - 1, mid);
    this.buildNode(2 * node + 1, s, mid);
    this.buildNode(2 * node + 2, mid, e);
  }

  /**
   * The $k$ nearest training rows of each row of `Q` (checked, `nFeatures` columns), as reduced
   * distances in ascending (distance, index) order. $1 \le k \le n$.
   */
  queryRaw(Q: Matrix, k: number): RawNeighbors {
    const nq = Q.rows;
    const out: RawNeighbors = { k, rdist: new Float64Array(nq * k), indices: new Int32Array(nq * k) };
    const heap = new NeighborHeap(k);
    const slack = this.metric.kind === 'minkowski' ? 1 + PRUNE_SLACK : 1;
    for (let qi = 0; qi < nq; qi++) {
      heap.clear();
      const lb = boxLowerBound(this.metric, Q.data, qi, this.lo, this.hi, 0, this.nFeatures);
      this.search(Q.data, qi, 0, lb, heap, slack);
      heap.drainSorted(out.rdist, out.indices, qi * k);
    }
    return out;
  }

  private search(Q: Float64Array, qi: number, node: number, lb: number, heap: NeighborHeap, slack: number): void {
    if (lb > heap.worst() * slack) return;
    const d = this.nFeatures;
    if (this.leaf[node] === 1) {
      const { X, idxArray, metric } = this;
      for (let a = this.start[node]!; a < this.end[node]!; a++) {
        const j = idxArray[a]!;
        const cut = heap.worst();
        const r = reducedDistanceBounded(metric, Q, qi, X, j, d, cut);
        if (r <= cut) heap.push(r, j);
      }
      return;
    }
    const left = 2 * node + 1;
    const right = left + 1;
    const lbL = boxLowerBound(this.metric, Q, qi, this.lo, this.hi, left, d);
    const lbR = boxLowerBound(this.metric, Q, qi, this.lo, this.hi, right, d);
    if (lbL <= lbR) {
      this.search(Q, qi, left, lbL, heap, slack);
      this.search(Q, qi, right, lbR, heap, slack);
    } else {
      this.search(Q, qi, right, lbR, heap, slack);
      this.search(Q, qi, left, lbL, heap, slack);
    }
  }

  /**
   * The $k$ nearest training rows of each query and their distances.
   * @param X (nq, nFeatures) queries. @param k neighbours per query, $1 \le k \le n$. @default 1
   * @throws InvalidParamError for a bad `k`; ShapeError/InvalidInputError for bad X.
   */
  query(X: MatrixLike, k = 1): NeighborsResult {
    if (!Number.isSafeInteger(k) || k < 1 || k > this.nSamples) throw new InvalidParamError(KIND, 'k', k, `an integer in [1, ${this.nSamples}] (the number of points in the tree)`);
    const Q = asMatrix(X, 'X');
    assertColumns(Q, this.nFeatures);
    const raw = this.queryRaw(Q, k);
    const dist = new Matrix(Q.rows, k, raw.rdist);
    for (let t = 0; t < dist.data.length; t++) dist.data[t] = toDistance(this.metric, dist.data[t]!);
    return { distances: dist, indices: raw.indices };
  }

  /**
   * Every training row within distance `r` (inclusive: $d(q, x) \le r$, compared as reduced
   * distances the way scikit-learn does) of each query. Each query's points are in ascending
   * index order, or ascending (distance, index) with `sortResults`.
   * $O(\log n + m)$ per query in low dimension for $m$ hits.
   * @throws InvalidParamError for a negative or non-finite `r`.
   */
  queryRadius(X: MatrixLike, r: number, options: { sortResults?: boolean } = {}): RadiusResult {
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) throw new InvalidParamError(KIND, 'r', r, 'a finite number ≥ 0');
    const Q = asMatrix(X, 'X');
    assertColumns(Q, this.nFeatures);
    const rr = toReduced(this.metric, r);
    const slack = this.metric.kind === 'minkowski' ? 1 + PRUNE_SLACK : 1;
    const indices: Int32Array[] = [];
    const distances: Float64Array[] = [];
    const hitsR: number[] = [];
    const hitsI: number[] = [];
    const stack: number[] = [];
    const d = this.nFeatures;
    for (let qi = 0; qi < Q.rows; qi++) {
      hitsR.length = 0;
      hitsI.length = 0;
      stack.push(0);
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (boxLowerBound(this.metric, Q.data, qi, this.lo, this.hi, node, d) > rr * slack) continue;
        if (this.leaf[node] === 1) {
          for (let a = this.start[node]!; a < this.end[node]!; a++) {
            const j = this.idxArray[a]!;
            const rd = reducedDistance(this.metric, Q.data, qi, this.X, j, d);
            if (rd <= rr) {
              hitsR.push(rd);
              hitsI.push(j);
            }
          }
        } else {
          stack.push(2 * node + 2, 2 * node + 1);
        }
      }
      const order = hitsI.map((_, t) => t);
      if (options.sortResults) order.sort((a, b) => hitsR[a]! - hitsR[b]! || hitsI[a]! - hitsI[b]!);
      else order.sort((a, b) => hitsI[a]! - hitsI[b]!);
      indices.push(Int32Array.from(order, (t) => hitsI[t]!));
      distances.push(Float64Array.from(order, (t) => toDistance(this.metric, hitsR[t]!)));
    }
    return { indices, distances };
  }
}

/**
 * Hoare quickselect on `idx[left..right]` (inclusive) keyed by column `dim` of X: afterwards the
 * element of rank `kth − left` sits at `kth`, keys to its left are ≤ and to its right ≥ its key.
 * Median-of-three pivots; expected $O(e - s)$.
 */
function quickselect(idx: Int32Array, X: Float64Array, d: number, dim: number, left: number, right: number, kth: number): void {
  const key = (a: number): number => X[idx[a]! * d + dim]!;
  const swap = (a: number, b: number): void => {
    const t = idx[a]!;
    idx[a] = idx[b]!;
    idx[b] = t;
  };
  while (right > left) {
    const mid = (left + right) >> 1;
    if (key(mid) < key(left)) swap(mid, left);
    if (key(right) < key(left)) swap(right, left);
    if (key(right) < key(mid)) swap(right, mid);
    const pivot = key(mid);
    let i = left;
    let j = right;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        swap(i, j);
        i++;
        j--;
      }
    }
    if (kth <= j) right = j;
    else if (kth >= i) left = i;
    else return;
  }
}
