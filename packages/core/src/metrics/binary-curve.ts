/**
 * The counting step shared by the ROC and precision-recall curves (sklearn's `_binary_clf_curve`):
 * sort the scores in decreasing order and, at each distinct score, count the true and false
 * positives among the samples scored at least that high.
 *
 * @see ../../../../docs/core/metrics.md#roc-curve-and-roc-auc
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { checkLengths, showLabels, toLabels, toScores, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** Cumulative counts at each distinct threshold, thresholds decreasing. */
export interface BinaryCurveCounts {
  /** False positives with score ≥ threshold. */
  fps: Float64Array;
  /** True positives with score ≥ threshold. */
  tps: Float64Array;
  /** The distinct scores, decreasing. */
  thresholds: Float64Array;
}

/**
 * Resolve the positive label as sklearn does: given, or `1` when the labels are a subset of
 * {0, 1} or {-1, 1}; otherwise the caller must name it.
 * @throws InvalidParamError when `posLabel` is needed but missing; InvalidInputError for more than
 *   two labels without `posLabel`.
 */
export function resolvePosLabel(owner: string, present: readonly Label[], posLabel: Label | undefined): Label {
  if (posLabel !== undefined) return posLabel;
  if (present.length > 2) {
    throw new InvalidInputError(`${owner}: yTrue has ${present.length} labels ${showLabels(present)}; a binary curve needs two, or options.posLabel`);
  }
  const ok = present.every((l) => l === 0 || l === 1) || present.every((l) => l === -1 || l === 1);
  if (!ok) {
    throw new InvalidParamError(owner, 'posLabel', posLabel, `one of ${showLabels(present)} (labels other than {0, 1} or {-1, 1} need an explicit posLabel)`);
  }
  return 1;
}

/**
 * Validate the inputs and count. Complexity $O(n \log n)$ (the sort).
 * @param yTrue labels (n,); `yScore` scores (n,), higher meaning more positive.
 */
export function binaryCurveCounts(owner: string, yTrue: LabelsLike, yScore: unknown, posLabel: Label | undefined): BinaryCurveCounts & { posLabel: Label } {
  const t = toLabels(yTrue, 'yTrue');
  const s = toScores(yScore, 'yScore', 'yTrue', t.length);
  checkLengths('yTrue', t.length, 'yScore', s.length);
  const pos = resolvePosLabel(owner, uniqueLabels(t), posLabel);
  const n = t.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b]! - s[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (t[i] === pos) tp++;
    // close a threshold at the last sample of each run of equal scores
    if (r === n - 1 || s[order[r + 1]!] !== s[i]) {
      tps.push(tp);
      fps.push(r + 1 - tp);
      thresholds.push(s[i]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds), posLabel: pos };
}
