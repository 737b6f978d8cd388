/**
 * Classification accuracy, as scikit-learn's `accuracy_score`.
 *
 * @see ../../../../docs/core/metrics.md#accuracy
 */
import { checkLengths, toLabels, type LabelsLike } from './labels.js';

/** Options of {@link accuracy}. */
export interface AccuracyOptions {
  /** Return the fraction of correct predictions; `false` returns their count. @default true */
  normalize?: boolean;
}

/**
 * Fraction (or count) of samples whose predicted label equals the true label:
 * $$\mathrm{acc}(y, \hat y) = \frac{1}{n}\sum_{i=1}^{n} \mathbb 1[\hat y_i = y_i].$$
 * Labels may be numbers or strings (`1` and `'1'` are different labels). Complexity $O(n)$.
 *
 * @param yTrue true labels (n,).
 * @param yPred predicted labels (n,).
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN/Inf, empty or non-label input.
 * @see ../../../../docs/core/metrics.md#accuracy
 */
export function accuracy(yTrue: LabelsLike, yPred: LabelsLike, options: AccuracyOptions = {}): number {
  const t = toLabels(yTrue, 'yTrue');
  const p = toLabels(yPred, 'yPred');
  checkLengths('yTrue', t.length, 'yPred', p.length);
  let correct = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) correct++;
  return options.normalize === false ? correct : correct / t.length;
}
