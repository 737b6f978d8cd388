/**
 * Distance metrics of the neighbour searches, in the "reduced distance" form scikit-learn's
 * trees use: a monotone transform of the distance that is cheaper to compute and compares the
 * same way, turned into the true distance only for the $k$ winners.
 *
 * | metric | distance $d(x, y)$ | reduced $r(x, y)$ | $d = $ |
 * |---|---|---|---|
 * | `'euclidean'` (minkowski, $p = 2$) | $\lVert x - y\rVert_2$ | $\sum_j (x_j - y_j)^2$ | $\sqrt r$ |
 * | `'manhattan'` (minkowski, $p = 1$) | $\lVert x - y\rVert_1$ | $\sum_j \lvert x_j - y_j\rvert$ | $r$ |
 * | `'chebyshev'` | $\lVert x - y\rVert_\infty$ | $\max_j \lvert x_j - y_j\rvert$ | $r$ |
 * | `'minkowski'`, other $p \ge 1$ | $\lVert x - y\rVert_p$ | $\sum_j \lvert x_j - y_j\rvert^p$ | $r^{1/p}$ |
 *
 * The sums run over $j = 0, \dots, d-1$ in order, the way scikit-learn's `DistanceMetric.rdist`
 * does, so the distances come out bit for bit equal to scikit-learn's kd-tree distances.
 *
 * **Box bounds.** {@link boxLowerBound} is the reduced distance from a point to an axis-aligned
 * box, $\sum_j g_j^2$ with the gap $g_j = \max(0, \mathrm{lo}_j - q_j, q_j - \mathrm{hi}_j)$
 * (sum or max as above), accumulated in the same order. Because floating-point subtraction,
 * squaring and addition of non-negative terms are monotone, the *computed* bound never exceeds
 * the *computed* reduced distance of any point inside the box (not only in exact arithmetic):
 * that is what lets the kd-tree prune with a strict `>` and still return exactly the brute-force
 * answer, ties included. `Math.pow` is not guaranteed monotone, so general-$p$ pruning keeps a
 * relative slack ({@link PRUNE_SLACK}).
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */

/** The metrics a search runs with, after resolving `metric` and `p` as scikit-learn does. */
export type EffectiveMetric = 'euclidean' | 'manhattan' | 'chebyshev' | 'minkowski';

/** A resolved metric: its kind and the exponent (used by `'minkowski'` only). */
export interface MetricSpec {
  kind: EffectiveMetric;
  p: number;
}

/** The `metric` values the estimators accept. */
export type MetricName = 'minkowski' | 'euclidean' | 'manhattan' | 'chebyshev';
/** Every {@link MetricName}, for validation messages. */
export const METRICS: readonly MetricName[] = ['minkowski', 'euclidean', 'manhattan', 'chebyshev'];

/** Relative slack of general-$p$ pruning: prune only when the bound exceeds $r_k (1 + 10^{-12})$. */
export const PRUNE_SLACK = 1e-12;

/**
 * scikit-learn's `effective_metric_`: minkowski with $p = 1$ is manhattan, $p = 2$ euclidean;
 * the named metrics ignore $p$.
 */
export function resolveMetric(metric: MetricName, p: number): MetricSpec {
  if (metric === 'minkowski') {
    if (p === 1) return { kind: 'manhattan', p: 1 };
    if (p === 2) return { kind: 'euclidean', p: 2 };
    return { kind: 'minkowski', p };
  }
  if (metric === 'euclidean') return { kind: 'euclidean', p: 2 };
  if (metric === 'manhattan') return { kind: 'manhattan', p: 1 };
  return { kind: 'chebyshev', p: Infinity };
}

/**
 * Reduced distance between row `i` of `A` and row `j` of `B` (both row-major with `d` columns).
 * $O(d)$.
 */
export function reducedDistance(m: MetricSpec, A: Float64Array, i: number, B: Float64Array, j: number, d: number): number {
  const a = i * d;
  const b = j * d;
  let r = 0;
  switch (m.kind) {
    case 'euclidean':
      for (let t = 0; t < d; t++) {
        const diff = A[a + t]! - B[b + t]!;
        r += diff * diff;
      }
      return r;
    case 'manhattan':
      for (let t = 0; t < d; t++) r += Math.abs(A[a + t]! - B[b + t]!);
      return r;
    case 'chebyshev':
      for (let t = 0; t < d; t++) {
        const g = Math.abs(A[a + t]! - B[b + t]!);
        if (g > r) r = g;
      }
      return r;
    default: {
      const p = m.p;
      for (let t = 0; t < d; t++) r += Math.pow(Math.abs(A[a + t]! - B[b + t]!), p);
      return r;
    }
  }
}

/**
 * {@link reducedDistance}, but it may stop early and return any value $> \text{cut}$ once the
 * running sum (or max) exceeds `cut`: the terms are non-negative, so such a point cannot beat
 * the current $k$-th neighbour. A value $\le$ `cut` is returned only when complete, and is then
 * bit for bit {@link reducedDistance}. $O(d)$ worst case.
 */
export function reducedDistanceBounded(m: MetricSpec, A: Float64Array, i: number, B: Float64Array, j: number, d: number, cut: number): number {
  const a = i * d;
  const b = j * d;
  let r = 0;
  let t = 0;
  switch (m.kind) {
    case 'euclidean':
      while (t < d) {
        const e = Math.min(d, t + 8);
        for (; t < e; t++) {
          const diff = A[a + t]! - B[b + t]!;
          r += diff * diff;
        }
        if (r > cut) return r;
      }
      return r;
    case 'manhattan':
      while (t < d) {
        const e = Math.min(d, t + 8);
        for (; t < e; t++) r += Math.abs(A[a + t]! - B[b + t]!);
        if (r > cut) return r;
      }
      return r;
    case 'chebyshev':
      for (; t < d; t++) {
        const g = Math.abs(A[a + t]! - B[b + t]!);
        if (g > r) {
          r = g;
          if (r > cut) return r;
        }
      }
      return r;
    default: {
      const p = m.p;
      while (t < d) {
        const e = Math.min(d, t + 8);
        for (; t < e; t++) r += Math.pow(Math.abs(A[a + t]! - B[b + t]!), p);
        if (r > cut) return r;
      }
      return r;
    }
  }
}

/** Reduced distance → distance ($\sqrt r$, $r$ or $r^{1/p}$). */
export function toDistance(m: MetricSpec, r: number): number {
  if (m.kind === 'euclidean') return Math.sqrt(r);
  if (m.kind === 'minkowski') return Math.pow(r, 1 / m.p);
  return r;
}

/** Distance → reduced distance (the inverse of {@link toDistance}), for radius queries. */
export function toReduced(m: MetricSpec, dist: number): number {
  if (m.kind === 'euclidean') return dist * dist;
  if (m.kind === 'minkowski') return Math.pow(dist, m.p);
  return dist;
}

/**
 * Reduced distance from point `q` (row `qi` of `Q`) to the box `[lo, hi]` (rows `node` of the
 * (nNodes, d) bound arrays); 0 inside the box. Never larger than the computed
 * {@link reducedDistance} to any point in the box (see the module comment). $O(d)$.
 */
export function boxLowerBound(m: MetricSpec, Q: Float64Array, qi: number, lo: Float64Array, hi: Float64Array, node: number, d: number): number {
  const q0 = qi * d;
  const b0 = node * d;
  let r = 0;
  if (m.kind === 'euclidean') {
    for (let t = 0; t < d; t++) {
      const q = Q[q0 + t]!;
      const l = lo[b0 + t]!;
      const h = hi[b0 + t]!;
      const g = q < l ? l - q : q > h ? q - h : 0;
      r += g * g;
    }
    return r;
  }
  for (let t = 0; t < d; t++) {
    const q = Q[q0 + t]!;
    const l = lo[b0 + t]!;
    const h = hi[b0 + t]!;
    const g = q < l ? l - q : q > h ? q - h : 0;
    if (m.kind === 'manhattan') r += g;
    else if (m.kind === 'chebyshev') r = g > r ? g : r;
    else r += Math.pow(g, m.p);
  }
  return r;
}
