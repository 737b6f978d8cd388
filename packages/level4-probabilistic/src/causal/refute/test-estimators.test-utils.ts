/**
 * Test helpers: two tiny local estimators (difference in means, OLS regression adjustment with
 * the classical SE) so the refuters and CausalModel can be tested without the estimate family.
 */
import { Matrix } from '@fpml/core';
import { inv } from '@fpml/level1-math';
import type { EffectData, EffectEstimate, EstimateOptions } from '../estimate/types.js';

/** $\bar y_1 - \bar y_0$ with SE $\sqrt{s_1^2/n_1 + s_0^2/n_0}$. */
export function localDiffInMeans(data: EffectData, options: EstimateOptions): EffectEstimate {
  const g = [0, 1].map((k) => {
    const ys = Array.from(data.outcome).filter((_, i) => data.treatment[i] === k);
    const m = ys.reduce((a, b) => a + b, 0) / ys.length;
    return { m, v: ys.reduce((a, b) => a + (b - m) ** 2, 0) / (ys.length - 1), n: ys.length };
  });
  const value = g[1]!.m - g[0]!.m, stdErr = Math.sqrt(g[1]!.v / g[1]!.n + g[0]!.v / g[0]!.n);
  return { method: 'difference-in-means', target: options.target ?? 'ate', value, stdErr, ci: [value - 1.96 * stdErr, value + 1.96 * stdErr], level: 0.95, n: data.outcome.length, details: {} };
}

/** OLS of Y on [1, T, X]: the coefficient of T and its classical SE. */
export function localRegression(data: EffectData, options: EstimateOptions): EffectEstimate {
  const n = data.outcome.length, p = 2 + data.covariates.length;
  const X = new Matrix(n, p); // (n, p)
  for (let i = 0; i < n; i++) {
    X.data[i * p] = 1;
    X.data[i * p + 1] = data.treatment[i]!;
    data.covariates.forEach((c, j) => (X.data[i * p + 2 + j] = c[i]!));
  }
  const XtX = new Matrix(p, p), Xty = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      Xty[a] += X.data[i * p + a]! * data.outcome[i]!;
      for (let b = 0; b < p; b++) XtX.data[a * p + b] += X.data[i * p + a]! * X.data[i * p + b]!;
    }
  }
  const A = inv(XtX);
  const beta = Float64Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => A.data[a * p + b]! * Xty[b]!).reduce((s, v) => s + v, 0));
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let a = 0; a < p; a++) f += X.data[i * p + a]! * beta[a]!;
    rss += (data.outcome[i]! - f) ** 2;
  }
  const value = beta[1]!, stdErr = Math.sqrt((rss / (n - p)) * A.data[p + 1]!);
  return { method: 'regression', target: options.target ?? 'ate', value, stdErr, ci: [value - 1.96 * stdErr, value + 1.96 * stdErr], level: 0.95, n, details: {} };
}
