/**
 * Precision-recall curve and average precision, as scikit-learn 1.2.1's
 * `precision_recall_curve` and `average_precision_score` (binary).
 *
 * @see ../../../../docs/core/metrics.md#precision-recall-curve-and-average-precision
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import type { VectorLike } from '../matrix/matrix.js';
import { binaryCurveCounts } from './binary-curve.js';
import { showLabels, toLabels, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurveOptions {
  /** The positive class. @default 1 when the labels are in {0, 1} or {-1, 1}; required otherwise */
  posLabel?: Label;
}

/** A precision-recall curve; `precision` and `recall` have one more entry than `thresholds`. */
export interface PrecisionRecallCurve {
  /** Precision at each threshold (increasing thresholds), then a final 1. */
  precision: Float64Array;
  /** Recall at each threshold (decreasing), then a final 0. */
  recall: Float64Array;
  /** The distinct scores, increasing. */
  thresholds: Float64Array;
}

/**
 * For each distinct score $\tau$, predicting positive when $s_i \ge \tau$:
 * $$P(\tau) = \frac{TP(\tau)}{TP(\tau) + FP(\tau)},\qquad R(\tau) = \frac{TP(\tau)}{TP(\tau) + FN(\tau)},$$
 * in increasing $\tau$, with the point $(R, P) = (0, 1)$ appended (sklearn's convention). If
 * yTrue has no positive, recall is 1 everywhere (sklearn's convention). Complexity $O(n \log n)$.
 *
 * @param yTrue labels (n,).
 * @param yScore scores (n,), higher meaning more positive.
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN or more than two labels
 *   without `posLabel`; InvalidParamError when `posLabel` is required.
 * @see ../../../../docs/core/metrics.md#precision-recall-curve-and-average-precision
 */
export function precisionRecallCurve(yTrue: LabelsLike, yScore: VectorLike, options: PrecisionRecallCurveOptions = {}): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryCurveCounts('precisionRecallCurve', yTrue, yScore, options.posLabel);
  const m = tps.length;
  const P = tps[m - 1]!;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const src = m - 1 - i; // reverse: increasing thresholds
    const predicted = tps[src]! + fps[src]!;
    precision[i] = predicted === 0 ? 0 : tps[src]! / predicted;
    recall[i] = P === 0 ? 1 : tps[src]! / P;
    thr[i] = thresholds[src]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionOptions {
  /** The positive class. @default 1 */
  posLabel?: Label;
}

/**
 * Average precision, the step-wise (not trapezoidal) area under the precision-recall curve:
 * $$\mathrm{AP} = \sum_{j} (R_j - R_{j-1})\, P_j,$$
 * over thresholds in decreasing order with $R_0 = 0$: each gain in recall is weighted by the
 * precision reached there. Complexity $O(n \log n)$.
 *
 * @param yTrue labels (n,), binary.
 * @param yScore scores (n,), higher meaning more positive.
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN or more than two labels;
 *   InvalidParamError when `posLabel` is not one of two present labels.
 * @see ../../../../docs/core/metrics.md#precision-recall-curve-and-average-precision
 */
export function averagePrecisionScore(yTrue: LabelsLike, yScore: VectorLike, options: AveragePrecisionOptions = {}): number {
  const { posLabel = 1 } = options;
  const t = toLabels(yTrue, 'yTrue');
  const present = uniqueLabels(t);
  if (present.length > 2) {
    throw new InvalidInputError(`averagePrecisionScore: yTrue has ${present.length} labels ${showLabels(present)}; average precision is binary (binarise one class against the rest)`);
  }
  if (present.length === 2 && !present.includes(posLabel)) {
    throw new InvalidParamError('averagePrecisionScore', 'posLabel', posLabel, `one of the labels ${showLabels(present)}`);
  }
  const { precision, recall } = precisionRecallCurve(t, yScore, { posLabel });
  let ap = 0;
  for (let i = 0; i + 1 < recall.length; i++) ap += (recall[i + 1]! - recall[i]!) * precision[i]!;
  return -ap;
}
