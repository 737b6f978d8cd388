/**
 * ROC curve and area under it, as scikit-learn 1.2.1's `roc_curve` and `roc_auc_score`
 * (binary, and multiclass one-vs-rest).
 *
 * @see ../../../../docs/core/metrics.md#roc-curve-and-roc-auc
 */
import { InvalidInputError, InvalidParamError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix/matrix.js';
import { asMatrix } from '../validation/validate.js';
import { binaryCurveCounts } from './binary-curve.js';
import { checkLengths, indexOfLabels, showLabel, showLabels, toLabels, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** The positive class. @default 1 when the labels are in {0, 1} or {-1, 1}; required otherwise */
  posLabel?: Label;
  /** Drop thresholds that are collinear with their neighbours (they do not change the curve). @default true */
  dropIntermediate?: boolean;
}

/** A ROC curve: `fpr[i]`, `tpr[i]` are the rates when predicting positive for score ≥ `thresholds[i]`. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; `thresholds[0] = max score + 1` (the empty prediction, sklearn 1.2 convention). */
  thresholds: Float64Array;
}

/**
 * For each distinct score $\tau$ (decreasing), predict positive when $s_i \ge \tau$ and record
 * $$\mathrm{FPR}(\tau) = \frac{FP(\tau)}{N},\qquad \mathrm{TPR}(\tau) = \frac{TP(\tau)}{P},$$
 * preceded by the point (0, 0) at threshold $\max_i s_i + 1$. Tied scores form one point. With
 * `dropIntermediate`, points on a straight segment between neighbours are removed.
 * Complexity $O(n \log n)$.
 *
 * @param yTrue labels (n,).
 * @param yScore scores (n,), higher meaning more positive.
 * @throws ShapeError if the lengths differ; InvalidInputError for NaN or when yTrue lacks positives
 *   or negatives (the rates are undefined); InvalidParamError when `posLabel` is required.
 * @see ../../../../docs/core/metrics.md#roc-curve-and-roc-auc
 */
export function rocCurve(yTrue: LabelsLike, yScore: VectorLike, options: RocCurveOptions = {}): RocCurve {
  const { dropIntermediate = true } = options;
  let { fps, tps, thresholds } = binaryCurveCounts('rocCurve', yTrue, yScore, options.posLabel);
  const m = fps.length;
  if (dropIntermediate && m > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < m - 1; i++) {
      const d2f = fps[i + 1]! - fps[i]! - (fps[i]! - fps[i - 1]!);
      const d2t = tps[i + 1]! - tps[i]! - (tps[i]! - tps[i - 1]!);
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(m - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const N = fps[fps.length - 1]!;
  const P = tps[tps.length - 1]!;
  if (N <= 0 || P <= 0) {
    throw new InvalidInputError(`rocCurve: yTrue has ${P} positive and ${N} negative samples; the ROC curve needs both`);
  }
  const len = fps.length + 1;
  const fpr = new Float64Array(len);
  const tpr = new Float64Array(len);
  const thr = new Float64Array(len);
  thr[0] = thresholds[0]! + 1;
  for (let i = 1; i < len; i++) {
    fpr[i] = fps[i - 1]! / N;
    tpr[i] = tps[i - 1]! / P;
    thr[i] = thresholds[i - 1]!;
  }
  return { fpr, tpr, thresholds: thr };
}

/** Trapezoidal area under a curve with increasing x (numpy's `trapz` order of operations). */
function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 0; i + 1 < x.length; i++) area += ((x[i + 1]! - x[i]!) * (y[i + 1]! + y[i]!)) / 2;
  return area;
}

const lastColumn = (m: Matrix): Float64Array => m.col(m.cols - 1);

function binaryAuc(yTrue: readonly Label[], yScore: unknown, posLabel: Label): number {
  const { fpr, tpr } = rocCurve(yTrue, yScore as VectorLike, { posLabel });
  return trapezoid(fpr, tpr);
}

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /**
   * Multiclass only: mean of the one-vs-rest AUCs (`'macro'`), weighted by class prevalence
   * (`'weighted'`), or the AUC of all (class, sample) pairs pooled (`'micro'`). @default 'macro'
   */
  average?: 'macro' | 'weighted' | 'micro';
  /** Multiclass strategy; only one-vs-rest is implemented. @default 'ovr' */
  multiClass?: 'ovr';
  /**
   * Multiclass only: the class of each column of yScore, in column order.
   * @default the sorted distinct labels of yTrue
   */
  labels?: readonly Label[];
}

/**
 * Area under the ROC curve (trapezoidal rule over {@link rocCurve}), equal to the probability
 * that a random positive is scored above a random negative (ties counting one half):
 * $$\mathrm{AUC} = \int_0^1 \mathrm{TPR}\, d\,\mathrm{FPR}.$$
 * Binary: `yScore` is a vector of scores for the larger of the two labels (a Matrix (n, 2) uses
 * its second column). Multiclass (a Matrix (n, k), rows summing to 1): class $c$ against the rest
 * for each $c$, then averaged (`'macro'` or `'weighted'` by the class counts). Complexity
 * $O(k\, n \log n)$.
 *
 * @param yTrue labels (n,).
 * @param yScore scores (n,) or probabilities (n, k).
 * @throws ShapeError on a length/column mismatch; InvalidInputError for NaN, a single class in
 *   yTrue, a class with no sample, or multiclass rows not summing to 1; InvalidParamError for an
 *   unknown `average`/`multiClass`.
 * @see ../../../../docs/core/metrics.md#roc-curve-and-roc-auc
 */
export function rocAucScore(yTrue: LabelsLike, yScore: VectorLike | MatrixLike, options: RocAucOptions = {}): number {
  const { average = 'macro', multiClass = 'ovr' } = options;
  if (average !== 'macro' && average !== 'weighted' && average !== 'micro') {
    throw new InvalidParamError('rocAucScore', 'average', average, "'macro', 'weighted' or 'micro'");
  }
  if (multiClass !== 'ovr') throw new InvalidParamError('rocAucScore', 'multiClass', multiClass, "'ovr'");
  const t = toLabels(yTrue, 'yTrue');
  const present = uniqueLabels(t);
  const isMatrix = yScore instanceof Matrix || (Array.isArray(yScore) && yScore.length > 0 && (Array.isArray(yScore[0]) || ArrayBuffer.isView(yScore[0])));
  if (!isMatrix || (present.length <= 2 && asMatrix(yScore as MatrixLike, 'yScore').cols <= 2)) {
    if (present.length !== 2) {
      throw new InvalidInputError(`rocAucScore: yTrue has ${present.length} distinct label(s) ${showLabels(present)}; binary ROC AUC needs exactly two (multiclass needs a probability Matrix)`);
    }
    const scores = isMatrix ? lastColumn(asMatrix(yScore as MatrixLike, 'yScore')) : yScore;
    return binaryAuc(t, scores, present[1]!);
  }
  const P = asMatrix(yScore as MatrixLike, 'yScore'); // (n, k)
  checkLengths('yTrue', t.length, 'yScore', P.rows);
  const classes = options.labels === undefined ? present : toLabels(options.labels, 'labels');
  if (new Set(classes).size !== classes.length) throw new InvalidInputError(`rocAucScore: labels must be distinct, got ${showLabels(classes)}`);
  const k = P.cols;
  if (classes.length !== k) {
    throw new ShapeError(`rocAucScore: yScore has ${k} columns but there are ${classes.length} classes ${showLabels(classes)}`);
  }
  for (let i = 0; i < P.rows; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += P.data[i * k + j]!;
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new InvalidInputError(`rocAucScore: multiclass yScore must hold probabilities whose rows sum to 1, but row ${i} sums to ${sum}`);
    }
  }
  const index = indexOfLabels(classes);
  const codes = t.map((l, i) => {
    const c = index.get(l);
    if (c === undefined) throw new InvalidInputError(`rocAucScore: yTrue[${i}] = ${showLabel(l)} is not one of labels ${showLabels(classes)}`);
    return c;
  });
  if (average === 'micro') {
    const flatTrue: number[] = new Array(t.length * k);
    for (let i = 0; i < t.length; i++) for (let j = 0; j < k; j++) flatTrue[i * k + j] = codes[i] === j ? 1 : 0;
    return binaryAuc(flatTrue, P.data, 1);
  }
  const scores = new Float64Array(k);
  const counts = new Float64Array(k);
  for (const c of codes) counts[c]! += 1;
  for (let j = 0; j < k; j++) {
    if (counts[j] === 0) throw new InvalidInputError(`rocAucScore: class ${showLabel(classes[j]!)} has no sample in yTrue; its one-vs-rest AUC is undefined`);
    const binary = codes.map((c) => (c === j ? 1 : 0));
    scores[j] = binaryAuc(binary, P.col(j), 1);
  }
  if (average === 'weighted') {
    let s = 0;
    let w = 0;
    for (let j = 0; j < k; j++) {
      s += scores[j]! * counts[j]!;
      w += counts[j]!;
    }
    return s / w;
  }
  return scores.reduce((a, b) => a + b, 0) / k;
}
