/**
 * Precision, recall, F-beta and support, as scikit-learn 1.2's `precision_recall_fscore_support`,
 * `precision_score`, `recall_score`, `f1_score` and `fbeta_score` (without sample weights).
 *
 * @see ../../../../docs/core/metrics.md#precision-recall-and-f-scores
 */
import { InvalidParamError } from '../errors.js';
import { checkLengths, indexOfLabels, showLabels, toLabels, uniqueLabels, type Label, type LabelsLike } from './labels.js';

/** How per-label scores are reduced: see {@link PrfOptions.average}. */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted' | null;

/** Value used where a ratio has a zero denominator. `'warn'` acts as 0 (fpml prints nothing). */
export type ZeroDivision = 0 | 1 | 'warn';

/** Options of the precision/recall/F-score family. */
export interface PrfOptions {
  /**
   * `'binary'`: only the `posLabel` scores (the targets must have at most two labels);
   * `'micro'`: pool the counts of all labels; `'macro'`: unweighted mean over labels;
   * `'weighted'`: mean weighted by support; `null`: one score per label.
   * @default null for {@link precisionRecallFscoreSupport}, 'binary' for the single scores
   */
  average?: Average;
  /** The positive class when `average` is `'binary'` (ignored otherwise). @default 1 */
  posLabel?: Label;
  /**
   * Labels to score, in this order (absent labels score as zero division). Ignored when
   * `average` is `'binary'`. @default the sorted union of yTrue and yPred
   */
  labels?: readonly Label[];
  /** Value of a precision/recall whose denominator is 0. @default 'warn' (acts as 0) */
  zeroDivision?: ZeroDivision;
  /** Weight of recall in the F-score ($\beta \ge 0$; `Infinity` gives recall). @default 1 */
  beta?: number;
}

/** Per-label result (`average: null`): arrays aligned with the labels. */
export interface PrfPerLabel {
  precision: Float64Array;
  recall: Float64Array;
  fScore: Float64Array;
  /** Number of true samples of each label. */
  support: Int32Array;
  /** The labels the arrays refer to. */
  labels: Label[];
}

/** Averaged result. */
export interface PrfAveraged {
  precision: number;
  recall: number;
  fScore: number;
  support: null;
  labels: Label[];
}

const AVERAGES: readonly Average[] = ['binary', 'macro', 'micro', 'weighted', null];

function divide(num: Float64Array, den: Float64Array, zd: number): Float64Array {
  const out = new Float64Array(num.length);
  for (let i = 0; i < num.length; i++) out[i] = den[i] === 0 ? zd : num[i]! / den[i]!;
  return out;
}

const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;

function weightedMean(a: Float64Array, w: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * w[i]!;
    sw += w[i]!;
  }
  return s / sw;
}

/**
 * Per label $\ell$ with $TP_\ell, FP_\ell, FN_\ell$ counted over the samples:
 * $$P_\ell = \frac{TP_\ell}{TP_\ell + FP_\ell},\quad R_\ell = \frac{TP_\ell}{TP_\ell + FN_\ell},\quad
 * F_{\beta,\ell} = \frac{(1+\beta^2)\,P_\ell R_\ell}{\beta^2 P_\ell + R_\ell},$$
 * support $= TP_\ell + FN_\ell$. A zero denominator in $P$ or $R$ gives `zeroDivision`; a zero
 * denominator in $F$ gives 0. `'micro'` sums the counts before dividing; `'macro'` averages the
 * per-label scores; `'weighted'` averages them weighted by support (all-zero support gives
 * `zeroDivision` for the scores that are undefined, 0 otherwise, as sklearn 1.2).
 * Complexity $O(n + k)$.
 *
 * @param yTrue true labels (n,).
 * @param yPred predicted labels (n,).
 * @throws ShapeError if the lengths differ; InvalidInputError for bad labels; InvalidParamError
 *   for an unknown `average`/`zeroDivision`, a negative `beta`, `'binary'` on more than two
 *   labels or a `posLabel` that is not one of two present labels.
 * @see ../../../../docs/core/metrics.md#precision-recall-and-f-scores
 */
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options?: PrfOptions & { average?: null }): PrfPerLabel;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions & { average: Exclude<Average, null> }): PrfAveraged;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options?: PrfOptions): PrfPerLabel | PrfAveraged;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): PrfPerLabel | PrfAveraged {
  return prf('precisionRecallFscoreSupport', yTrue, yPred, { average: null, ...options });
}

function prf(owner: string, yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions): PrfPerLabel | PrfAveraged {
  const { average = null, posLabel = 1, zeroDivision = 'warn', beta = 1 } = options;
  if (!AVERAGES.includes(average)) {
    throw new InvalidParamError(owner, 'average', average, "'binary', 'macro', 'micro', 'weighted' or null");
  }
  if (zeroDivision !== 0 && zeroDivision !== 1 && zeroDivision !== 'warn') {
    throw new InvalidParamError(owner, 'zeroDivision', zeroDivision, "0, 1 or 'warn'");
  }
  if (typeof beta !== 'number' || !(beta >= 0)) {
    throw new InvalidParamError(owner, 'beta', beta, 'a number >= 0');
  }
  const t = toLabels(yTrue, 'yTrue');
  const p = toLabels(yPred, 'yPred');
  checkLengths('yTrue', t.length, 'yPred', p.length);
  const present = uniqueLabels(t, p);
  let labels: Label[];
  if (average === 'binary') {
    if (present.length > 2) {
      throw new InvalidParamError(owner, 'average', average, `'macro', 'micro', 'weighted' or null for targets with ${present.length} labels ${showLabels(present)}`);
    }
    if (!present.includes(posLabel) && present.length === 2) {
      throw new InvalidParamError(owner, 'posLabel', posLabel, `one of the labels ${showLabels(present)}`);
    }
    labels = [posLabel];
  } else {
    labels = options.labels === undefined ? present : toLabels(options.labels, 'labels');
  }
  const k = labels.length;
  const index = indexOfLabels(labels);
  let tp: Float64Array = new Float64Array(k);
  let predSum: Float64Array = new Float64Array(k);
  let trueSum: Float64Array = new Float64Array(k);
  for (let s = 0; s < t.length; s++) {
    const i = index.get(t[s]!);
    const j = index.get(p[s]!);
    if (i !== undefined) trueSum[i]! += 1;
    if (j !== undefined) predSum[j]! += 1;
    if (i !== undefined && i === j) tp[i]! += 1;
  }
  const support = Int32Array.from(trueSum);
  if (average === 'micro') {
    const total = (a: Float64Array): Float64Array => Float64Array.of(a.reduce((s, v) => s + v, 0));
    tp = total(tp);
    predSum = total(predSum);
    trueSum = total(trueSum);
  }
  const zd = zeroDivision === 1 ? 1 : 0;
  const precision = divide(tp, predSum, zd);
  const recall = divide(tp, trueSum, zd);
  const fScore = new Float64Array(precision.length);
  const b2 = beta * beta;
  for (let i = 0; i < fScore.length; i++) {
    const pr = precision[i]!;
    const re = recall[i]!;
    if (beta === Infinity) fScore[i] = re;
    else {
      const den = b2 * pr + re;
      fScore[i] = ((1 + b2) * pr * re) / (den === 0 ? 1 : den);
    }
  }
  if (average === null) return { precision, recall, fScore, support, labels };
  if (average === 'weighted') {
    if (trueSum.every((v) => v === 0)) {
      if (predSum.every((v) => v === 0)) return { precision: zd, recall: zd, fScore: zd, support: null, labels };
      return { precision: 0, recall: zd, fScore: 0, support: null, labels };
    }
    return { precision: weightedMean(precision, trueSum), recall: weightedMean(recall, trueSum), fScore: weightedMean(fScore, trueSum), support: null, labels };
  }
  return { precision: mean(precision), recall: mean(recall), fScore: mean(fScore), support: null, labels };
}

/** Options of the single scores: as {@link PrfOptions} with `average` defaulting to `'binary'`. */
export type ScoreOptions = Omit<PrfOptions, 'beta'>;

type Which = 'precision' | 'recall' | 'fScore';

function single(owner: string, which: Which, yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions, beta: number): number | Float64Array {
  return prf(owner, yTrue, yPred, { ...options, average: options.average === undefined ? 'binary' : options.average, beta })[which];
}

/**
 * Precision $TP / (TP + FP)$: the fraction of predicted positives that are right. See
 * {@link precisionRecallFscoreSupport} for the averages and zero-division rule.
 * @returns a number, or one score per label (Float64Array) when `average` is `null`.
 * @see ../../../../docs/core/metrics.md#precision-recall-and-f-scores
 */
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions & { average: null }): Float64Array;
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options?: ScoreOptions & { average?: Exclude<Average, null> }): number;
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options?: ScoreOptions): number | Float64Array;
export function precision(yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions = {}): number | Float64Array {
  return single('precision', 'precision', yTrue, yPred, options, 1);
}

/**
 * Recall $TP / (TP + FN)$: the fraction of true positives that are found. See
 * {@link precisionRecallFscoreSupport} for the averages and zero-division rule.
 * @returns a number, or one score per label (Float64Array) when `average` is `null`.
 * @see ../../../../docs/core/metrics.md#precision-recall-and-f-scores
 */
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions & { average: null }): Float64Array;
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options?: ScoreOptions & { average?: Exclude<Average, null> }): number;
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options?: ScoreOptions): number | Float64Array;
export function recall(yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions = {}): number | Float64Array {
  return single('recall', 'recall', yTrue, yPred, options, 1);
}

/**
 * $F_1 = 2PR/(P+R)$, the harmonic mean of precision and recall (0 when $P + R = 0$).
 * @returns a number, or one score per label (Float64Array) when `average` is `null`.
 * @see ../../../../docs/core/metrics.md#precision-recall-and-f-scores
 */
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions & { average: null }): Float64Array;
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options?: ScoreOptions & { average?: Exclude<Average, null> }): number;
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options?: ScoreOptions): number | Float64Array;
export function f1(yTrue: LabelsLike, yPred: LabelsLike, options: ScoreOptions = {}): number | Float64Array {
  return single('f1', 'fScore', yTrue, yPred, options, 1);
}

/**
 * $$F_\beta = \frac{(1+\beta^2)\,P R}{\beta^2 P + R},$$
 * recall weighted $\beta$ times as much as precision ($\beta = \infty$ gives recall).
 * @returns a number, or one score per label (Float64Array) when `average` is `null`.
 * @throws InvalidParamError for $\beta < 0$ or NaN.
 * @see ../../../../docs/core/metrics.md#precision-recall-and-f-scores
 */
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options: ScoreOptions & { average: null }): Float64Array;
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options?: ScoreOptions & { average?: Exclude<Average, null> }): number;
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options?: ScoreOptions): number | Float64Array;
export function fbeta(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options: ScoreOptions = {}): number | Float64Array {
  return single('fbeta', 'fScore', yTrue, yPred, options, beta);
}
