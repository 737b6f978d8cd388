/**
 * Two strictly proper scoring rules for a $k$-class probabilistic prediction $p_i$ of label $y_i$:
 * $$\mathrm{NLL} = -\frac1n\sum_{i=1}^n \log \max(p_{i y_i}, \varepsilon),\qquad
 *   \mathrm{Brier} = \frac1n\sum_{i=1}^n\sum_{j=1}^k \bigl(p_{ij} - [j = y_i]\bigr)^2 .$$
 * Both are minimised in expectation only by the true conditional distribution, so unlike
 * accuracy they reward honest confidence. NLL is unbounded (one confident mistake costs
 * $-\log\varepsilon \approx 36$); Brier lies in $[0, 2]$ and punishes confident mistakes less.
 *
 * Conventions: NLL in nats, probabilities clipped below at $\varepsilon$ (default $2^{-52}$, the
 * float64 epsilon scikit-learn 1.2's `log_loss(eps='auto')` uses); Brier is the multiclass form of
 * Brier (1950), summed over classes (scikit-learn's binary `brier_score_loss` is half of it for
 * $k = 2$). Cost $O(nk)$.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { InvalidParamError, type MatrixLike } from '@fpml/core';
import { checkClassLabels, checkProbabilities, type ClassLabels } from './probabilities.js';

/** Options of {@link negativeLogLikelihood}. */
export interface NllOptions {
  /** Lower clip of $p_{iy_i}$ (0 < eps < 1). @default 2.220446049250313e-16 (Number.EPSILON) */
  eps?: number;
}

/**
 * Mean negative log-likelihood $-\frac1n\sum_i\log\max(p_{iy_i},\varepsilon)$ (nats). $O(nk)$ to check, $O(n)$ to sum.
 * @param probs (n, k) probabilities, rows summing to 1. @param labels (n,) class indices.
 * @throws ShapeError / InvalidInputError for bad input; InvalidParamError for `eps`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function negativeLogLikelihood(probs: MatrixLike, labels: ClassLabels, options: NllOptions = {}): number {
  const owner = 'negativeLogLikelihood';
  const { eps = Number.EPSILON } = options;
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) throw new InvalidParamError(owner, 'eps', eps, 'a number in (0, 1)');
  const P = checkProbabilities(owner, probs); // (n, k)
  const y = checkClassLabels(owner, labels, P.rows, P.cols); // (n,)
  let s = 0;
  for (let i = 0; i < P.rows; i++) s -= Math.log(Math.max(P.data[i * P.cols + y[i]!]!, eps));
  return s / P.rows;
}

/**
 * Multiclass Brier score $\frac1n\sum_i\sum_j (p_{ij}-[j=y_i])^2 \in [0, 2]$. $O(nk)$.
 * @param probs (n, k) probabilities, rows summing to 1. @param labels (n,) class indices.
 * @throws ShapeError / InvalidInputError for bad input.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function brierScore(probs: MatrixLike, labels: ClassLabels): number {
  const owner = 'brierScore';
  const P = checkProbabilities(owner, probs); // (n, k)
  const { rows: n, cols: k, data } = P;
  const y = checkClassLabels(owner, labels, n, k); // (n,)
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = data[i * k + j]! - (j === y[i] ? 1 : 0);
      s += r * r;
    }
  }
  return s / n;
}
