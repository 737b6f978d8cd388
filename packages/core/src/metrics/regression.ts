/**
 * Regression metrics, as scikit-learn 1.2.1's `mean_squared_error`, `mean_absolute_error` and
 * `r2_score` (single output, no sample weights).
 *
 * @see ../../../../docs/core/metrics.md#regression-metrics
 */
import type { VectorLike } from '../matrix/matrix.js';
import { checkLengths } from './labels.js';
import { asVector } from '../validation/validate.js';

function pair(yTrue: VectorLike, yPred: VectorLike): [Float64Array, Float64Array] {
  const t = asVector(yTrue, 'yTrue');
  const p = asVector(yPred, 'yPred');
  checkLengths('yTrue', t.length, 'yPred', p.length);
  return [t, p];
}

/** Options of {@link meanSquaredError}. */
export interface MeanSquaredErrorOptions {
  /** Return the root of the mean squared error. @default false */
  squared?: boolean;
}

/**
 * $$\mathrm{MSE} = \frac1n \sum_{i=1}^n (y_i - \hat y_i)^2$$
 * (its square root with `squared: false`). Complexity $O(n)$.
 *
 * @param yTrue targets (n,). @param yPred predictions (n,).
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN/Inf or empty input.
 * @see ../../../../docs/core/metrics.md#regression-metrics
 */
export function meanSquaredError(yTrue: VectorLike, yPred: VectorLike, options: MeanSquaredErrorOptions = {}): number {
  const [t, p] = pair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const d = t[i]! - p[i]!;
    s += d * d;
  }
  const mse = s / t.length;
  return options.squared === false ? Math.sqrt(mse) : mse;
}

/**
 * $$\mathrm{MAE} = \frac1n \sum_{i=1}^n |y_i - \hat y_i|.$$
 * Complexity $O(n)$.
 *
 * @param yTrue targets (n,). @param yPred predictions (n,).
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN/Inf or empty input.
 * @see ../../../../docs/core/metrics.md#regression-metrics
 */
export function meanAbsoluteError(yTrue: VectorLike, yPred: VectorLike): number {
  const [t, p] = pair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(t[i]! - p[i]!);
  return s / t.length;
}

/**
 * Coefficient of determination
 * $$R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}.$$
 * sklearn's convention for a constant yTrue (zero denominator): 1 if the predictions are exact,
 * else 0 (never NaN or $-\infty$). Complexity $O(n)$.
 *
 * @param yTrue targets (n,). @param yPred predictions (n,).
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN/Inf or empty input.
 * @see ../../../../docs/core/metrics.md#regression-metrics
 */
export function r2Score(yTrue: VectorLike, yPred: VectorLike): number {
  const [t, p] = pair(yTrue, yPred);
  const n = t.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += t[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const r = t[i]! - p[i]!;
    const d = t[i]! - mean;
    ssRes += r * r;
    ssTot += d * d;
  }
  // Constant y: R² is undefined; sklearn's convention is 1 for a perfect fit, else 0. Test
  // constancy exactly, since a rounded mean can leave ssTot at a few ulps instead of 0.
  if (ssTot === 0 || t.every((v) => v === t[0])) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
