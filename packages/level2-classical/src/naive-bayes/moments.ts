/**
 * Per-feature first and second moments of a set of rows, and their exact merge: the sufficient
 * statistics behind `GaussianNB.partialFit`.
 *
 * A chunk's statistics are computed in two passes (mean, then the mean squared deviation from
 * it), as numpy's `mean`/`var` (or `average` with weights) do, which avoids the cancellation
 * of $\overline{x^2} - \bar x^2$. Two sets merge by Chan, Golub & LeVeque (1979):
 * $$n = n_a + n_b,\quad \mu = \frac{n_a\mu_a + n_b\mu_b}{n},\quad n s^2 = n_a s_a^2 + n_b s_b^2 + \frac{n_a n_b}{n}(\mu_a - \mu_b)^2,$$
 * written in scikit-learn's `_update_mean_variance` order. $O(md)$ for $m$ rows.
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import type { Matrix } from '@fpml/core';

/** (Weighted) count, mean (d,) and biased variance (d,) of a set of rows. */
export interface MomentStats {
  count: number;
  mean: Float64Array; // (d,)
  var: Float64Array; // (d,)
}

/**
 * Moments of the rows `rows` of X (all rows when null), weighted by `w[i]` when given.
 * With weights: $\mu = \sum_i w_i x_i / \sum_i w_i$, $s^2 = \sum_i w_i (x_i - \mu)^2 / \sum_i w_i$.
 * A zero total weight gives zero mean and variance.
 */
export function chunkStats(X: Matrix, rows: readonly number[] | null, w: Float64Array | null): MomentStats {
  const d = X.cols;
  const m = rows === null ? X.rows : rows.length;
  const at = (t: number): number => (rows === null ? t : rows[t]!);
  const mean = new Float64Array(d);
  const v = new Float64Array(d);
  let count = 0;
  if (w === null) {
    count = m;
    for (let t = 0; t < m; t++) {
      const o = at(t) * d;
      for (let j = 0; j < d; j++) mean[j] = mean[j]! + X.data[o + j]!;
    }
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / m;
    for (let t = 0; t < m; t++) {
      const o = at(t) * d;
      for (let j = 0; j < d; j++) {
        const e = X.data[o + j]! - mean[j]!;
        v[j] = v[j]! + e * e;
      }
    }
    for (let j = 0; j < d; j++) v[j] = v[j]! / m;
  } else {
    for (let t = 0; t < m; t++) count += w[at(t)]!;
    if (count === 0) return { count, mean, var: v };
    for (let t = 0; t < m; t++) {
      const i = at(t);
      const o = i * d;
      for (let j = 0; j < d; j++) mean[j] = mean[j]! + X.data[o + j]! * w[i]!;
    }
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / count;
    for (let t = 0; t < m; t++) {
      const i = at(t);
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const e = X.data[o + j]! - mean[j]!;
        v[j] = v[j]! + e * e * w[i]!;
      }
    }
    for (let j = 0; j < d; j++) v[j] = v[j]! / count;
  }
  return { count, mean, var: v };
}

/** The moments of the union of two disjoint sets (`a` the earlier one). */
export function mergeStats(a: MomentStats, b: MomentStats): MomentStats {
  if (a.count === 0) return { count: b.count, mean: b.mean.slice(), var: b.var.slice() };
  if (b.count === 0) return { count: a.count, mean: a.mean.slice(), var: a.var.slice() };
  const d = a.mean.length;
  const n = a.count + b.count;
  const mean = new Float64Array(d);
  const v = new Float64Array(d);
  const cross = (b.count * a.count) / n;
  for (let j = 0; j < d; j++) {
    mean[j] = (b.count * b.mean[j]! + a.count * a.mean[j]!) / n;
    const dm = a.mean[j]! - b.mean[j]!;
    v[j] = (a.count * a.var[j]! + b.count * b.var[j]! + cross * (dm * dm)) / n;
  }
  return { count: n, mean, var: v };
}
