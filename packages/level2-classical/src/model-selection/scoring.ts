/**
 * Scorers: scikit-learn 1.2's `scoring` strings mapped to `@fpml/core`'s metrics. A scorer is a
 * function `(estimator, X, y) => number` where **greater is better**, so losses come negated
 * (`'neg_mean_squared_error'` is $-\mathrm{MSE}$), exactly as sklearn's `make_scorer` does.
 *
 * Three families, as sklearn's `_PredictScorer`, `_ProbaScorer`, `_ThresholdScorer`:
 * - on `predict`: accuracy, balanced accuracy, precision/recall/F1 (binary with positive label 1,
 *   or `_macro`/`_micro`/`_weighted`), Matthews correlation, and the regression scores
 *   ($R^2$, explained variance, max error, $-$MSE, $-$RMSE, $-$MAE, $-$median AE);
 * - on `predictProba`: `neg_log_loss`, `roc_auc_ovr`, `roc_auc_ovr_weighted` (a binary `y` uses
 *   the column of `classes[1]`, as sklearn's `_select_proba_binary`);
 * - on a continuous score: `roc_auc` and `average_precision` (binary `y` only) use
 *   `decisionFunction` when the estimator has one, else `predictProba`'s `classes[1]` column
 *   (a regressor's `predict`).
 *
 * `scoring: null` (the default everywhere) is the estimator's own `score` (accuracy or $R^2$).
 * Each call costs one predict plus the metric ($O(n)$, or $O(n \log n)$ for the ranking scores).
 *
 * @see ../../../../docs/level2-classical/model-selection.md#scoring
 */
import {
  InvalidInputError,
  InvalidParamError,
  Matrix,
  Pipeline,
  accuracy,
  averagePrecisionScore,
  confusionMatrix,
  describeValue,
  f1,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precision,
  r2Score,
  recall,
  rocAucScore,
  uniqueLabels,
} from '@fpml/core';
import type { Average, Label, LabelsLike } from '@fpml/core';
import type { FittableEstimator as Estimator } from './clone.js';
import { npMean } from './np-stats.js';
import { estimatorTypeOf } from './clone.js';
import type { Target } from './targets.js';

/** A scorer: greater is better. `X` holds the rows being scored, `y` their targets. */
export type Scorer = (estimator: Estimator, X: Matrix, y: Target) => number;

/** What `scoring` may be: a name from {@link scorerNames}, a {@link Scorer}, or `null` (the estimator's `score`). */
export type Scoring = string | Scorer | null;

/** The loose view of a fitted estimator the scorers call. */
interface Scorable {
  predict?(X: Matrix): ArrayLike<number | string>;
  predictProba?(X: Matrix): Matrix;
  decisionFunction?(X: Matrix): Float64Array | Matrix;
  score?(X: Matrix, y: Target): number;
  readonly classes?: readonly Label[];
}

function method<K extends keyof Scorable>(est: Estimator, name: K, scoring: string): NonNullable<Scorable[K]> {
  const f = (est as unknown as Scorable)[name];
  if (typeof f !== 'function') {
    throw new InvalidInputError(`scoring '${scoring}' needs ${name}, but ${describeValue(est)} has no ${name} method`);
  }
  return (f as (...a: unknown[]) => unknown).bind(est) as NonNullable<Scorable[K]>;
}

const labelsOf = (y: Target): LabelsLike => y as unknown as LabelsLike;
const predsOf = (p: ArrayLike<number | string>): LabelsLike => (ArrayBuffer.isView(p) ? (p as unknown as LabelsLike) : Array.from(p));
const numeric = (p: ArrayLike<number | string>, scoring: string, what = 'predict returned'): Float64Array => {
  if (p instanceof Float64Array) return p;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v !== 'number') throw new InvalidInputError(`scoring '${scoring}' is a regression score, but ${what} the label ${describeValue(v)}`);
    out[i] = v;
  }
  return out;
};

/** A scorer on `predict(X)` against `y`, times `sign`. */
function onPredict(name: string, metric: (yTrue: LabelsLike, yPred: LabelsLike) => number, sign = 1): Scorer {
  return (est, X, y) => sign * metric(labelsOf(y), predsOf(method(est, 'predict', name)(X)));
}
/** A regression scorer on `predict(X)`, times `sign`. */
function onPredictReal(name: string, metric: (yTrue: Float64Array, yPred: Float64Array) => number, sign = 1): Scorer {
  return (est, X, y) => sign * metric(numeric(y as ArrayLike<number>, name, 'y holds'), numeric(method(est, 'predict', name)(X), name));
}

/** The estimator's classes, or an error naming the scorer. */
function classesOf(est: Estimator, scoring: string): readonly Label[] {
  const c = (est as unknown as Scorable).classes;
  if (!Array.isArray(c) && !ArrayBuffer.isView(c)) throw new InvalidInputError(`scoring '${scoring}' needs the estimator's classes, but ${describeValue(est)} has none`);
  return c as readonly Label[];
}

/** predictProba, reduced to the classes[1] column when y is binary and P has ≤ 2 columns. */
function probaFor(est: Estimator, X: Matrix, y: Target, scoring: string): { P: Matrix; positive: Float64Array | null; classes: readonly Label[] } {
  const P = method(est, 'predictProba', scoring)(X);
  const classes = classesOf(est, scoring);
  const binary = uniqueLabels(Array.from(labelsOf(y) as ArrayLike<Label>)).length <= 2;
  if (binary && P.cols <= 2) {
    if (P.cols !== 2) throw new InvalidInputError(`scoring '${scoring}': predictProba has ${P.cols} column(s) but a binary scorer needs 2`);
    return { P, positive: P.col(1), classes };
  }
  return { P, positive: null, classes };
}

/**
 * The estimator's `decisionFunction`, or null. Core's Pipeline has none, so for a Pipeline whose
 * final step has one, X goes through the other steps' `transform` first (sklearn's
 * `Pipeline.decision_function`).
 */
export function decisionFunctionOf(est: unknown): ((X: Matrix) => Float64Array | Matrix) | null {
  const df = (est as Scorable | null)?.decisionFunction;
  if (typeof df === 'function') return (X) => df.call(est, X);
  if (est instanceof Pipeline) {
    const steps = Object.values(est.namedSteps) as unknown as { transform?(X: Matrix): Matrix }[];
    const last = steps[steps.length - 1] as Scorable | undefined;
    const lastDf = last?.decisionFunction;
    if (typeof lastDf !== 'function') return null;
    return (X) => {
      let Xt = X;
      for (let i = 0; i < steps.length - 1; i++) Xt = steps[i]!.transform!(Xt);
      return lastDf.call(last, Xt);
    };
  }
  return null;
}

/** The continuous score of the positive class (sklearn's `_ThresholdScorer`, binary y only). */
function thresholdScores(est: Estimator, X: Matrix, y: Target, scoring: string): Float64Array {
  const present = uniqueLabels(Array.from(labelsOf(y) as ArrayLike<Label>));
  if (present.length > 2) {
    throw new InvalidInputError(`scoring '${scoring}' is binary, but y has ${present.length} classes; use 'roc_auc_ovr' or 'roc_auc_ovr_weighted' for multiclass`);
  }
  if (estimatorTypeOf(est) === 'regressor') return numeric(method(est, 'predict', scoring)(X), scoring);
  const df = decisionFunctionOf(est);
  if (df !== null) {
    const d = df(X);
    if (d instanceof Matrix) {
      if (d.cols !== 1) throw new InvalidInputError(`scoring '${scoring}': decisionFunction returned ${d.cols} columns for a binary problem, expected 1`);
      return d.data;
    }
    return Float64Array.from(d);
  }
  const { positive, P } = probaFor(est, X, y, scoring);
  if (positive === null) throw new InvalidInputError(`scoring '${scoring}' needs a two-class model, but predictProba has ${P.cols} columns`);
  return positive;
}

/** sklearn's `balanced_accuracy_score`: the mean recall over the classes present in yTrue. */
function balancedAccuracy(yTrue: LabelsLike, yPred: LabelsLike): number {
  const labels = uniqueLabels(Array.from(yTrue as ArrayLike<Label>));
  return npMean(recall(yTrue, yPred, { average: null, labels }));
}

/** sklearn's `matthews_corrcoef` (multiclass form, 0 when a marginal is degenerate). */
function matthews(yTrue: LabelsLike, yPred: LabelsLike): number {
  const C = confusionMatrix(yTrue, yPred); // (k, k)
  const k = C.rows;
  const t = new Float64Array(k), p = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      t[i]! += C.get(i, j);
      p[j]! += C.get(i, j);
    }
    correct += C.get(i, i);
  }
  let n = 0, tp = 0, pp = 0, tt = 0;
  for (let i = 0; i < k; i++) {
    n += p[i]!;
    tp += t[i]! * p[i]!;
    pp += p[i]! * p[i]!;
    tt += t[i]! * t[i]!;
  }
  const covYtYp = correct * n - tp;
  const covYpYp = n * n - pp;
  const covYtYt = n * n - tt;
  return covYpYp * covYtYt === 0 ? 0 : covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/** numpy's median (mean of the two middle values for even n). */
function median(a: Float64Array): number {
  const s = a.slice().sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function explainedVariance(t: Float64Array, p: Float64Array): number {
  const diff = Float64Array.from(t, (v, i) => v - p[i]!);
  const dm = npMean(diff);
  const num = npMean(Float64Array.from(diff, (d) => (d - dm) ** 2));
  const tm = npMean(t);
  const den = npMean(Float64Array.from(t, (v) => (v - tm) ** 2));
  if (den === 0) return num === 0 ? 1 : 0; // sklearn's force_finite
  return num === 0 ? 1 : 1 - num / den;
}

function prfScorers(): [string, Scorer][] {
  const out: [string, Scorer][] = [];
  const metrics = { precision, recall, f1 } as const;
  for (const [base, m] of Object.entries(metrics)) {
    out.push([base, onPredict(base, (t, p) => m(t, p, { average: 'binary' }) as number)]);
    for (const avg of ['macro', 'micro', 'weighted'] as const) {
      const name = `${base}_${avg}`;
      out.push([name, onPredict(name, (t, p) => m(t, p, { average: avg as Average }) as number)]);
    }
  }
  return out;
}

const SCORERS: ReadonlyMap<string, Scorer> = new Map<string, Scorer>([
  ['accuracy', onPredict('accuracy', (t, p) => accuracy(t, p))],
  ['balanced_accuracy', onPredict('balanced_accuracy', balancedAccuracy)],
  ...prfScorers(),
  ['matthews_corrcoef', onPredict('matthews_corrcoef', matthews)],
  ['roc_auc', (est, X, y) => rocAucScore(labelsOf(y), thresholdScores(est, X, y, 'roc_auc'))],
  ['average_precision', (est, X, y) => averagePrecisionScore(labelsOf(y), thresholdScores(est, X, y, 'average_precision'))],
  ['roc_auc_ovr', (est, X, y) => rocAucScore(labelsOf(y), method(est, 'predictProba', 'roc_auc_ovr')(X), { multiClass: 'ovr', average: 'macro', labels: classesOf(est, 'roc_auc_ovr') })],
  ['roc_auc_ovr_weighted', (est, X, y) => rocAucScore(labelsOf(y), method(est, 'predictProba', 'roc_auc_ovr_weighted')(X), { multiClass: 'ovr', average: 'weighted', labels: classesOf(est, 'roc_auc_ovr_weighted') })],
  [
    'neg_log_loss',
    (est, X, y) => {
      const { P, positive, classes } = probaFor(est, X, y, 'neg_log_loss');
      return -logLoss(labelsOf(y), positive ?? P, { labels: classes });
    },
  ],
  ['r2', onPredictReal('r2', r2Score)],
  ['explained_variance', onPredictReal('explained_variance', explainedVariance)],
  ['max_error', onPredictReal('max_error', (t, p) => t.reduce((m, v, i) => Math.max(m, Math.abs(v - p[i]!)), 0), -1)],
  ['neg_mean_squared_error', onPredictReal('neg_mean_squared_error', (t, p) => meanSquaredError(t, p), -1)],
  ['neg_root_mean_squared_error', onPredictReal('neg_root_mean_squared_error', (t, p) => meanSquaredError(t, p, { squared: false }), -1)],
  ['neg_mean_absolute_error', onPredictReal('neg_mean_absolute_error', meanAbsoluteError, -1)],
  ['neg_median_absolute_error', onPredictReal('neg_median_absolute_error', (t, p) => median(Float64Array.from(t, (v, i) => Math.abs(v - p[i]!))), -1)],
]);

/** The scoring names {@link getScorer} knows, sorted (sklearn's `get_scorer_names()` subset). */
export function scorerNames(): string[] {
  return [...SCORERS.keys()].sort();
}

/** The estimator's own `score(X, y)` as a scorer (sklearn's `_passthrough_scorer`). */
export const passthroughScorer: Scorer = (est, X, y) => method(est, 'score', 'null (the estimator score)')(X, y);

/**
 * Resolve a `scoring` option to a scorer function.
 *
 * @param owner who asks (named in the error), e.g. `'crossValScore'`.
 * @throws InvalidParamError for an unknown name (listing the valid ones) or a value that is
 *   neither a string, a function nor null.
 */
export function getScorer(scoring: Scoring | undefined, owner = 'getScorer'): Scorer {
  if (scoring === null || scoring === undefined) return passthroughScorer;
  if (typeof scoring === 'function') return scoring;
  const s = typeof scoring === 'string' ? SCORERS.get(scoring) : undefined;
  if (s === undefined) throw new InvalidParamError(owner, 'scoring', scoring, `null, a function (estimator, X, y) => number, or one of ${scorerNames().join(', ')}`);
  return s;
}
