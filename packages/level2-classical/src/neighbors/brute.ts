/**
 * Brute-force $k$-nearest-neighbour search: every query against every training point, in
 * blocks, returning for each query the $k$ smallest (reduced distance, index) pairs in
 * ascending order (ties: lower index first, see {@link NeighborHeap}).
 *
 * Two kernels:
 * - **`'gemm'`** (euclidean only): expand $\lVert q - x\rVert^2 = \lVert q\rVert^2 + \lVert x\rVert^2 - 2\,q\cdot x$
 *   and get all the cross terms of a query block from one matrix product $Q X^\top$ (core's
 *   blocked GEMM), the way scikit-learn's `EuclideanArgKmin` does. The expansion *cancels*:
 *   when $q \approx x$ the three terms are large and their difference tiny, so its absolute
 *   error is about $(2d + 5)\,u\,(\lVert q\rVert^2 + \lVert x\rVert^2)$ ($u = 2^{-53}$) instead of
 *   $(d + 2)\,u\,\lVert q - x\rVert^2$ for the direct sum of squared differences. A point at
 *   distance 0 can come out at $\sqrt{10^{-14}} = 10^{-7}$, and the neighbour order can flip
 *   between nearly tied points. So the product is used only to **screen**: with $T$ the
 *   $k$-th smallest expanded value of a query and $\delta$ a bound on the error of *both*
 *   formulas, every point whose exact reduced distance can be among the $k$ smallest has an
 *   expanded value $\le T + 2\delta$; those candidates (usually $k$ plus a handful) are rescored
 *   with the exact difference formula. The answer is then exactly the `'exact'` kernel's, at
 *   GEMM speed.
 * - **`'exact'`** (every metric): the reduced distance of {@link reducedDistance} for every
 *   pair. Euclidean and manhattan run four queries against two training rows at a time
 *   (register blocking: 6 loads feed 8 differences); the other metrics go pair by pair with a
 *   partial-distance cut ({@link reducedDistanceBounded}: stop summing once the running sum
 *   exceeds the current $k$-th distance). Either way the sums that finish are bit for bit the
 *   full left-to-right ones.
 *
 * Complexity: $O(n_q\, n\, d)$ time for either kernel, plus $O(n_q\, n \log k)$ worst case for
 * the heaps; memory $O(B\, n)$ for a block of $B$ queries (`'gemm'`) or $O(n_q k)$ (`'exact'`).
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */
import { InvalidParamError, Matrix, matmul, transpose } from '@fpml/core';
import { type MetricSpec, reducedDistance, reducedDistanceBounded } from './metric.js';
import { NeighborHeap } from './neighbor-heap.js';

/** The $k$ nearest neighbours of each query: reduced distances and indices, row-major (nq, k), each row ascending. */
export interface RawNeighbors {
  k: number;
  rdist: Float64Array; // (nq * k)
  indices: Int32Array; // (nq * k)
}

/**
 * Which brute-force kernel to run. `'auto'`: `'gemm'` for euclidean with $d \ge 24$, else
 * `'exact'` (from a one-off sweep over d while writing it, not kept: below about 20 features the
 * expansion's extra passes over the (queries × n) block cost more than the product saves, and the
 * product's advantage grows with d; docs/level2-classical/neighbors.md).
 */
export type BruteStrategy = 'auto' | 'gemm' | 'exact';

/** Entries of one block of the $Q X^\top$ product (8 MB of float64). */
const BLOCK_ENTRIES = 1 << 20;
const U2 = 2 ** -52; // 2u
/** Fewest features for which `'auto'` takes the `'gemm'` kernel. */
export const GEMM_MIN_FEATURES = 24;

/**
 * A training set prepared for brute-force search: the rows, their transpose (so the GEMM reads
 * unit-stride) and squared norms. Build with {@link BruteIndex.build}.
 */
export class BruteIndex {
  readonly metric: MetricSpec;
  readonly n: number;
  readonly d: number;
  private readonly X: Float64Array; // (n, d)
  private xt: Matrix | null = null; // (d, n), built on the first 'gemm' query
  private norms: Float64Array | null = null; // (n,)
  private maxNorm = 0;

  private constructor(X: Matrix, metric: MetricSpec) {
    this.metric = metric;
    this.n = X.rows;
    this.d = X.cols;
    this.X = X.data;
  }

  /** Wrap the training rows (no copy; the caller must not mutate them). $O(1)$. */
  static build(X: Matrix, metric: MetricSpec): BruteIndex {
    return new BruteIndex(X, metric);
  }

  /**
   * The $k$ nearest training rows of each row of `Q` (nq, d), $1 \le k \le n$.
   * @param strategy the kernel (see the module comment). @default 'auto'
   */
  query(Q: Matrix, k: number, strategy: BruteStrategy = 'auto'): RawNeighbors {
    const useGemm = strategy === 'gemm' || (strategy === 'auto' && this.metric.kind === 'euclidean' && this.d >= GEMM_MIN_FEATURES);
    if (useGemm && this.metric.kind !== 'euclidean') {
      throw new InvalidParamError('BruteIndex', 'strategy', strategy, `'auto' or 'exact' for the ${this.metric.kind} metric ('gemm' needs euclidean)`);
    }
    return useGemm ? this.queryGemm(Q, k) : this.queryExact(Q, k);
  }

  private prepareGemm(): { xt: Matrix; norms: Float64Array } {
    if (this.xt === null || this.norms === null) {
      const { n, d, X } = this;
      this.xt = transpose(new Matrix(n, d, X));
      this.norms = rowSquaredNorms(X, n, d);
      let m = 0;
      for (let j = 0; j < n; j++) if (this.norms[j]! > m) m = this.norms[j]!;
      this.maxNorm = m;
    }
    return { xt: this.xt, norms: this.norms };
  }

  private queryGemm(Q: Matrix, k: number): RawNeighbors {
    const { n, d, X, metric } = this;
    const { xt, norms } = this.prepareGemm();
    const nq = Q.rows;
    const out: RawNeighbors = { k, rdist: new Float64Array(nq * k), indices: new Int32Array(nq * k) };
    const screen = new NeighborHeap(k);
    const exact = new NeighborHeap(k);
    const B = Math.max(4, Math.min(256, Math.floor(BLOCK_ENTRIES / n)));
    const slack = (4 * d + 16) * U2; // ≥ 2 × (error bound of the expansion + that of the exact sum), relative to ‖q‖² + max‖x‖²
    for (let start = 0; start < nq; start += B) {
      const rows = Math.min(B, nq - start);
      const Qb = new Matrix(rows, d, Q.data.subarray(start * d, (start + rows) * d)); // (rows, d) view
      const G = matmul(Qb, xt).data; // (rows, n): q · x
      for (let b = 0; b < rows; b++) {
        const qi = start + b;
        const nq2 = squaredNorm(Q.data, qi, d);
        const g0 = b * n;
        screen.clear();
        let worst = Infinity;
        for (let j = 0; j < n; j++) {
          const a = nq2 + norms[j]! - 2 * G[g0 + j]!; // expanded ‖q − x‖², error ≤ (2d+5)u(‖q‖² + ‖x‖²)
          G[g0 + j] = a;
          if (a <= worst) {
            screen.push(a, j);
            worst = screen.worst();
          }
        }
        const tau = worst + slack * (nq2 + this.maxNorm);
        exact.clear();
        for (let j = 0; j < n; j++) {
          if (G[g0 + j]! <= tau) exact.push(reducedDistance(metric, Q.data, qi, X, j, d), j);
        }
        exact.drainSorted(out.rdist, out.indices, qi * k);
      }
    }
    return out;
  }

  private queryExact(Q: Matrix, k: number): RawNeighbors {
    const { n, d, X, metric } = this;
    const nq = Q.rows;
    const out: RawNeighbors = { k, rdist: new Float64Array(nq * k), indices: new Int32Array(nq * k) };
    const heaps = [0, 1, 2, 3].map(() => new NeighborHeap(k));
    const Qd = Q.data;
    const blocked = metric.kind === 'euclidean' || metric.kind === 'manhattan';
    let qi = 0;
    if (blocked) {
      for (; qi + 4 <= nq; qi += 4) {
        exactBlock4(Qd, qi, X, n, d, metric.kind === 'euclidean', heaps);
        for (let b = 0; b < 4; b++) heaps[b]!.drainSorted(out.rdist, out.indices, (qi + b) * k);
      }
    }
    const heap = heaps[0]!;
    for (; qi < nq; qi++) {
      heap.clear();
      for (let j = 0; j < n; j++) {
        const cut = heap.worst();
        const r = reducedDistanceBounded(metric, Qd, qi, X, j, d, cut);
        if (r <= cut) heap.push(r, j);
      }
      heap.drainSorted(out.rdist, out.indices, qi * k);
    }
    return out;
  }
}

/**
 * Four queries (rows qi..qi+3 of Q) against every training row, two training rows at a time:
 * per coordinate 6 loads feed 8 squared differences (register blocking, the trick of a GEMM
 * micro-kernel). Every sum still runs over the coordinates left to right, so it is bit for bit
 * {@link reducedDistance}. Each heap's current $k$-th distance is kept in a local.
 */
function exactBlock4(Q: Float64Array, qi: number, X: Float64Array, n: number, d: number, squared: boolean, heaps: NeighborHeap[]): void {
  const h0 = heaps[0]!, h1 = heaps[1]!, h2 = heaps[2]!, h3 = heaps[3]!;
  h0.clear(); h1.clear(); h2.clear(); h3.clear();
  let w0 = Infinity, w1 = Infinity, w2 = Infinity, w3 = Infinity;
  const a0 = qi * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
  let j = 0;
  for (; j < n; j += 2) {
    const pair = j + 1 < n;
    const b = j * d;
    const c = pair ? b + d : b; // an odd last row is paired with itself, and the copy dropped
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, u0 = 0, u1 = 0, u2 = 0, u3 = 0;
    if (squared) {
      for (let t = 0; t < d; t++) {
        const x = X[b + t]!, z = X[c + t]!;
        const q0 = Q[a0 + t]!, q1 = Q[a1 + t]!, q2 = Q[a2 + t]!, q3 = Q[a3 + t]!;
        let e = q0 - x; s0 += e * e; e = q1 - x; s1 += e * e; e = q2 - x; s2 += e * e; e = q3 - x; s3 += e * e;
        e = q0 - z; u0 += e * e; e = q1 - z; u1 += e * e; e = q2 - z; u2 += e * e; e = q3 - z; u3 += e * e;
      }
    } else {
      for (let t = 0; t < d; t++) {
        const x = X[b + t]!, z = X[c + t]!;
        const q0 = Q[a0 + t]!, q1 = Q[a1 + t]!, q2 = Q[a2 + t]!, q3 = Q[a3 + t]!;
        s0 += Math.abs(q0 - x); s1 += Math.abs(q1 - x); s2 += Math.abs(q2 - x); s3 += Math.abs(q3 - x);
        u0 += Math.abs(q0 - z); u1 += Math.abs(q1 - z); u2 += Math.abs(q2 - z); u3 += Math.abs(q3 - z);
      }
    }
    if (s0 <= w0) { h0.push(s0, j); w0 = h0.worst(); }
    if (s1 <= w1) { h1.push(s1, j); w1 = h1.worst(); }
    if (s2 <= w2) { h2.push(s2, j); w2 = h2.worst(); }
    if (s3 <= w3) { h3.push(s3, j); w3 = h3.worst(); }
    if (!pair) break;
    const j1 = j + 1;
    if (u0 <= w0) { h0.push(u0, j1); w0 = h0.worst(); }
    if (u1 <= w1) { h1.push(u1, j1); w1 = h1.worst(); }
    if (u2 <= w2) { h2.push(u2, j1); w2 = h2.worst(); }
    if (u3 <= w3) { h3.push(u3, j1); w3 = h3.worst(); }
  }
}

/** $\lVert x_i\rVert^2$ of every row. $O(nd)$. */
function rowSquaredNorms(X: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = squaredNorm(X, i, d);
  return out;
}

function squaredNorm(X: Float64Array, i: number, d: number): number {
  let s = 0;
  for (let t = i * d; t < (i + 1) * d; t++) s += X[t]! * X[t]!;
  return s;
}
