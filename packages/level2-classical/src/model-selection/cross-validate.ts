/**
 * `crossValidate` and `crossValScore`: k-fold estimates of generalisation, as scikit-learn 1.2's
 * `cross_validate` and `cross_val_score`.
 *
 * For folds $(T_1, V_1), \dots, (T_k, V_k)$ and a scorer $s$, fold $j$ fits a fresh clone
 * $\hat f_{-j}$ on the rows $T_j$ and reports
 * $$\mathrm{test}_j = s\bigl(\hat f_{-j}, X_{V_j}, y_{V_j}\bigr),$$
 * (and $\mathrm{train}_j = s(\hat f_{-j}, X_{T_j}, y_{T_j})$ if asked). Their mean is the
 * cross-validation estimate of the score of a model fitted on $n$ rows; its spread says how
 * much that estimate moves with the data. The estimator passed in is never fitted.
 *
 * Cost: $k$ fits on about $n(k-1)/k$ rows and $k$ scorings on about $n/k$ rows.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#cross-validation
 */
import { InvalidParamError, asMatrix, describeValue } from '@fpml/core';
import type { Fold, MatrixLike } from '@fpml/core';
import type { FittableEstimator as Estimator } from './clone.js';
import { isClassifier, unfittedJSON } from './clone.js';
import { checkCv, checkGroups, type CvOption } from './check-cv.js';
import { fitAndScore, type Clock, type ErrorScore } from './fit-and-score.js';
import { getScorer, type Scorer, type Scoring } from './scoring.js';
import { checkTarget, type Target } from './targets.js';

/** Several metrics at once: names, or names → scoring. */
export type MultiScoring = readonly string[] | Readonly<Record<string, string | Scorer>>;

/** Options shared by the cross-validation functions. */
export interface CvOptions {
  /** Folds: an integer (StratifiedKFold for classifiers, else KFold), a splitter, or explicit folds. @default 5 */
  cv?: CvOption;
  /** Group label of each row, passed to `cv.split(X, y, groups)`. @default undefined */
  groups?: Target;
  /** What to do when a fold's fit or scoring throws: rethrow, or use this score. @default 'raise' */
  errorScore?: ErrorScore;
  /** Milliseconds clock for the timings. @default performance.now */
  clock?: Clock;
}

/** Options of {@link crossValScore}. */
export interface CrossValScoreOptions extends CvOptions {
  /** A scorer name, a function, or null for the estimator's own `score`. @default null */
  scoring?: Scoring;
}

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions<S extends Scoring | MultiScoring = Scoring> extends CvOptions {
  /** One scoring (see {@link CrossValScoreOptions}) or several (names, or name → scoring). @default null */
  scoring?: S;
  /** Also score each fold's training rows. @default false */
  returnTrainScore?: boolean;
  /** Keep each fold's fitted clone in `estimators`. @default false */
  returnEstimator?: boolean;
}

/** Result of {@link crossValidate}; arrays have one entry per fold. */
export interface CrossValidateResult<E extends Estimator = Estimator> {
  /** Seconds spent in each fold's fit. */
  fitTime: Float64Array;
  /** Seconds spent scoring each fold's test rows. */
  scoreTime: Float64Array;
  /** Test scores by metric name (`'score'` for a single scoring). */
  testScores: Record<string, Float64Array>;
  /** Train scores by metric name, or null unless `returnTrainScore`. */
  trainScores: Record<string, Float64Array> | null;
  /** Each fold's fitted clone, or null unless `returnEstimator`. */
  estimators: E[] | null;
  /** The folds used (train and test row indices, ascending as the splitter gave them). */
  folds: Fold[];
  /** Per fold: the error caught when `errorScore` is a number, else null. */
  errors: (Error | null)[];
}

/** {@link CrossValidateResult} of a single scoring, with sklearn's `test_score`/`train_score`. */
export interface CrossValidateSingleResult<E extends Estimator = Estimator> extends CrossValidateResult<E> {
  testScore: Float64Array;
  trainScore: Float64Array | null;
}

/** Resolve single or multiple scoring to a name → scorer map (single: `'score'`). */
export function resolveScorers(scoring: Scoring | MultiScoring | undefined, owner: string): { scorers: Map<string, Scorer>; multi: boolean } {
  if (scoring === null || scoring === undefined || typeof scoring === 'string' || typeof scoring === 'function') {
    return { scorers: new Map([['score', getScorer(scoring, owner)]]), multi: false };
  }
  const entries: [string, string | Scorer][] = Array.isArray(scoring)
    ? (scoring as readonly unknown[]).map((s) => {
        if (typeof s !== 'string') throw new InvalidParamError(owner, 'scoring', scoring, 'an array of scorer names (strings)');
        return [s, s];
      })
    : Object.entries(scoring as Record<string, string | Scorer>);
  if (entries.length === 0) throw new InvalidParamError(owner, 'scoring', scoring, 'a non-empty array or object of scorings');
  const names = entries.map(([k]) => k);
  if (new Set(names).size !== names.length) throw new InvalidParamError(owner, 'scoring', scoring, 'distinct metric names');
  return { scorers: new Map(entries.map(([k, s]) => [k, getScorer(s, owner)])), multi: true };
}

/** Checked (X, y, groups, folds) common to every function here. */
export function prepare(estimator: Estimator, X: MatrixLike, y: unknown, options: CvOptions, owner: string) {
  unfittedJSON(estimator, owner); // an estimator that can be cloned, or a typed error now
  const Xm = asMatrix(X, 'X', { finite: false });
  const yt = checkTarget(y, Xm.rows, owner);
  const groups = checkGroups(options.groups, Xm.rows, owner);
  const ErrorOk = options.errorScore === undefined || options.errorScore === 'raise' || typeof options.errorScore === 'number';
  if (!ErrorOk) throw new InvalidParamError(owner, 'errorScore', options.errorScore, "'raise' or a number");
  const folds = checkCv(options.cv, Xm, yt, groups, isClassifier(estimator), owner);
  return { X: Xm, y: yt, groups, folds };
}

/**
 * Fit and score a clone of `estimator` on each fold.
 *
 * @example
 * const r = crossValidate(new DummyClassifier(), X, y, { cv: 5, scoring: ['accuracy', 'f1_macro'] });
 * r.testScores.accuracy; // Float64Array (5,)
 * @throws InvalidParamError for bad options (an unknown scoring name lists the valid ones);
 *   InvalidInputError/ShapeError for bad data or folds; whatever a fold's fit throws when
 *   `errorScore` is 'raise'.
 * @see ../../../../docs/level2-classical/model-selection.md#cross-validation
 */
export function crossValidate<E extends Estimator>(estimator: E, X: MatrixLike, y: Target, options?: CrossValidateOptions<Scoring>): CrossValidateSingleResult<E>;
export function crossValidate<E extends Estimator>(estimator: E, X: MatrixLike, y: Target, options: CrossValidateOptions<MultiScoring>): CrossValidateResult<E>;
export function crossValidate<E extends Estimator>(
  estimator: E,
  X: MatrixLike,
  y: Target,
  options: CrossValidateOptions<Scoring | MultiScoring> = {},
): CrossValidateResult<E> | CrossValidateSingleResult<E> {
  return crossValidateAs('crossValidate', estimator, X, y, options);
}

/** {@link crossValidate}, naming `owner` in errors. */
function crossValidateAs<E extends Estimator>(
  owner: string,
  estimator: E,
  X: MatrixLike,
  y: Target,
  options: CrossValidateOptions<Scoring | MultiScoring>,
): CrossValidateResult<E> | CrossValidateSingleResult<E> {
  const { scorers, multi } = resolveScorers(options.scoring, owner);
  const { returnTrainScore = false, returnEstimator = false } = options;
  if (typeof returnTrainScore !== 'boolean') throw new InvalidParamError(owner, 'returnTrainScore', returnTrainScore, 'a boolean');
  if (typeof returnEstimator !== 'boolean') throw new InvalidParamError(owner, 'returnEstimator', returnEstimator, 'a boolean');
  const d = prepare(estimator, X, y, options, owner);
  const k = d.folds.length;
  const results = d.folds.map((fold) =>
    fitAndScore(estimator, d.X, d.y, fold, scorers, { returnTrainScore, returnEstimator, errorScore: options.errorScore, clock: options.clock, owner }),
  );
  const column = (pick: (j: number) => number) => Float64Array.from({ length: k }, (_, j) => pick(j));
  const testScores: Record<string, Float64Array> = {};
  const trainScores: Record<string, Float64Array> | null = returnTrainScore ? {} : null;
  for (const name of scorers.keys()) {
    testScores[name] = column((j) => checkScore(results[j]!.testScores[name], name, owner));
    if (trainScores) trainScores[name] = column((j) => checkScore(results[j]!.trainScores![name], name, owner));
  }
  const out: CrossValidateResult<E> = {
    fitTime: column((j) => results[j]!.fitTime),
    scoreTime: column((j) => results[j]!.scoreTime),
    testScores,
    trainScores,
    estimators: returnEstimator ? results.map((r) => r.estimator!) : null,
    folds: d.folds,
    errors: results.map((r) => r.error),
  };
  if (multi) return out;
  return { ...out, testScore: testScores.score!, trainScore: trainScores ? trainScores.score! : null };
}

/** A scorer must return a number. @throws InvalidParamError naming the scoring otherwise. */
export function checkScore(v: unknown, name: string, owner: string): number {
  if (typeof v !== 'number') throw new InvalidParamError(owner, 'scoring', name, `a scorer returning a number, but it returned ${describeValue(v)}`);
  return v;
}

/**
 * The test score of each fold (`crossValidate(...).testScore`), as sklearn's `cross_val_score`.
 *
 * @example
 * crossValScore(new DummyClassifier({ strategy: 'most_frequent' }), iris.X, iris.y, { cv: 5 });
 * // Float64Array [1/3, 1/3, 1/3, 1/3, 1/3]
 * @throws as {@link crossValidate}.
 * @see ../../../../docs/level2-classical/model-selection.md#cross-validation
 */
export function crossValScore(estimator: Estimator, X: MatrixLike, y: Target, options: CrossValScoreOptions = {}): Float64Array {
  if (typeof options.scoring === 'object' && options.scoring !== null) {
    throw new InvalidParamError('crossValScore', 'scoring', options.scoring, 'a single scoring (a name, a function or null); use crossValidate for several');
  }
  return (crossValidateAs('crossValScore', estimator, X, y, options) as CrossValidateSingleResult).testScore;
}
