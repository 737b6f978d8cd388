/**
 * Small numeric helpers for core's estimators: accuracy over class codes (the classifier's
 * `score`) and a compensated sum. $R^2$ (the regressor's `score`) is `metrics/regression.ts`'s
 * `r2Score`.
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
