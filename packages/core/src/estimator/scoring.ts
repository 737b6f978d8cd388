/**
 * The default `score` of the estimator contract: accuracy for classifiers and $R^2$ for
 * regressors, with scikit-learn's conventions. Internal to core's estimators (the public
 * metrics live in `metrics/`).
 *
 * @see ../../../../docs/core/estimators.md
 */

/**
 * Fraction of positions where the class indices agree:
 * $$\mathrm{acc} = \frac1n \sum_i [\hat y_i = y_i].$$ $O(n)$.
 */
export function accuracyOfCodes(yTrue: Int32Array, yPred: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * Neumaier-compensated sum: the error stays $O(\varepsilon)$ instead of growing with $n$.
 * $O(n)$.
 */
export function compensatedSum(x: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s; // the low-order bits lost in s + v
    s = t;
  }
  return s + c;
}

/**
 * Coefficient of determination, sklearn's `r2_score` (with `force_finite=True`):
 * $$R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2},$$
 * and, when $y$ is constant (zero denominator), $1$ for a perfect prediction and $0$ otherwise.
 * $O(n)$.
 */
export function r2Score(y: Float64Array, yPred: Float64Array): number {
  const n = y.length;
  const mean = compensatedSum(y) / n;
  const res = new Float64Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    res[i] = (y[i]! - yPred[i]!) ** 2;
    tot[i] = (y[i]! - mean) ** 2;
  }
  const num = compensatedSum(res);
  // A constant y has zero variance exactly, even when its rounded mean differs from y_0 by an ulp.
  const den = y.every((v) => v === y[0]) ? 0 : compensatedSum(tot);
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}
