/**
 * An uncertainty score as an out-of-distribution detector: flag input $x$ as OOD when its score
 * $s(x)$ (predictive entropy, mutual information, $1 - \max_j p_j$, ...) exceeds a threshold.
 * The threshold-free summary is the area under the ROC curve with OOD as the positive class,
 * $$\mathrm{AUROC} = P\bigl(s(x_{\text{out}}) > s(x_{\text{in}})\bigr) + \tfrac12 P\bigl(s(x_{\text{out}}) = s(x_{\text{in}})\bigr),$$
 * for $x_{\text{in}}$, $x_{\text{out}}$ drawn independently (the Mann–Whitney statistic over
 * $n_{\text{in}} n_{\text{out}}$; Hendrycks & Gimpel, 2017). 0.5 is chance, 1 perfect separation,
 * below 0.5 the score ranks in-distribution inputs as the more uncertain. Computed by
 * `@fpml/core`'s `rocAucScore` (scikit-learn 1.2's `roc_auc_score`, ties averaged).
 * Cost $O(N\log N)$, $N = n_{\text{in}} + n_{\text{out}}$.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { asVector, rocAucScore } from '@fpml/core';

/**
 * AUROC of `score` separating OOD inputs (positives) from in-distribution ones (negatives);
 * higher scores should mean "more likely OOD". $O(N\log N)$.
 * @param scoreIn (n_in,) scores of in-distribution inputs.
 * @param scoreOut (n_out,) scores of OOD inputs.
 * @throws InvalidInputError for an empty side, a non-number or a non-finite score.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function oodAuroc(scoreIn: ArrayLike<number>, scoreOut: ArrayLike<number>): number {
  const owner = 'oodAuroc';
  const a = asVector(scoreIn, `${owner}: scoreIn`); // (n_in,)
  const b = asVector(scoreOut, `${owner}: scoreOut`); // (n_out,)
  const scores = new Float64Array(a.length + b.length); // (N,)
  scores.set(a, 0);
  scores.set(b, a.length);
  const isOut = Int32Array.from({ length: scores.length }, (_, i) => (i < a.length ? 0 : 1)); // (N,)
  return rocAucScore(isOut, scores);
}
