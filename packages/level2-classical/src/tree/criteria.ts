/**
 * Impurity criteria of CART, written exactly as scikit-learn 1.2's `_criterion.pyx` computes them
 * (same formulas, same operation order), so impurities agree to the last bits when the sums do.
 *
 * For a node $t$ with weighted class counts $c_k = \sum_{i\in t} w_i [y_i = k]$ and weight
 * $W_t = \sum_k c_k$, with $p_k = c_k / W_t$:
 * - Gini: $$i_G(t) = 1 - \sum_k p_k^2 = 1 - \frac{\sum_k c_k^2}{W_t^2};$$
 * - entropy (`'entropy'`/`'log_loss'`), in bits: $$i_H(t) = -\sum_{k:\,c_k>0} p_k \log_2 p_k;$$
 * - squared error, the weighted variance: $$i_{SE}(t) = \frac{\sum_i w_i y_i^2}{W_t} - \Big(\frac{\sum_i w_i y_i}{W_t}\Big)^2.$$
 *
 * A split of $t$ into $L, R$ is ranked by the weighted impurity decrease
 * $$\Delta(t) = \frac{W_t}{W}\Big(i(t) - \frac{W_R}{W_t} i(R) - \frac{W_L}{W_t} i(L)\Big)$$
 * ($W$ the total training weight), or cheaper by a *proxy* with the same argmax over splits of one
 * node: $-W_L\,i(L) - W_R\,i(R)$ in general, $S_L^2/W_L + S_R^2/W_R$ for squared error
 * ($S = \sum w_i y_i$), and Friedman's $\big(W_R S_L - W_L S_R\big)^2 / (W_L W_R)$ for
 * `'friedman_mse'` (whose improvement is that divided by $W_t$, not the formula above).
 *
 * @see ../../../../docs/level2-classical/trees.md
 */

/** The split criteria: classification (`gini`, `entropy`) and regression (`squared_error`, `friedman_mse`). */
export type CriterionName = 'gini' | 'entropy' | 'squared_error' | 'friedman_mse';

/** $\log_2 x$ as sklearn's `_utils.log`: $\ln x / \ln 2$. */
export function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

/** Gini impurity $1 - \sum_k c_k^2 / W^2$ of the counts `c[off .. off+K)`. $O(K)$. */
export function giniImpurity(c: Float64Array, off: number, K: number, W: number): number {
  let sq = 0;
  for (let k = 0; k < K; k++) {
    const ck = c[off + k]!;
    sq += ck * ck;
  }
  return 1.0 - sq / (W * W);
}

/** Entropy $-\sum_k p_k \log_2 p_k$ (bits) of the counts `c[off .. off+K)`. $O(K)$. */
export function entropyImpurity(c: Float64Array, off: number, K: number, W: number): number {
  let h = 0;
  for (let k = 0; k < K; k++) {
    let ck = c[off + k]!;
    if (ck > 0.0) {
      ck /= W;
      h -= ck * log2(ck);
    }
  }
  return h;
}

/** Weighted variance $Q/W - (S/W)^2$ from $S = \sum w y$, $Q = \sum w y^2$. */
export function squaredErrorImpurity(S: number, Q: number, W: number): number {
  const m = S / W;
  return Q / W - m * m;
}

/**
 * sklearn's impurity improvement (the base formula)
 * $\frac{W_t}{W}\big(i_t - \frac{W_R}{W_t} i_R - \frac{W_L}{W_t} i_L\big)$.
 */
export function impurityImprovement(W: number, Wt: number, WL: number, WR: number, it: number, iL: number, iR: number): number {
  return (Wt / W) * (it - (WR / Wt) * iR - (WL / Wt) * iL);
}

/** Friedman's improvement $\big(W_R S_L - W_L S_R\big)^2 / (W_L W_R W_t)$. */
export function friedmanImprovement(Wt: number, WL: number, WR: number, SL: number, SR: number): number {
  const diff = WR * SL - WL * SR;
  return (diff * diff) / (WL * WR * Wt);
}
