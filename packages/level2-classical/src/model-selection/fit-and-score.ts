/**
 * One unit of cross-validation work, scikit-learn's `_fit_and_score`: clone the estimator (with
 * the candidate's params), fit it on the training rows, score it on the test rows (and on the
 * training rows if asked), and time both. Every public function of this folder is a loop over
 * this.
 *
 * Timing: `fitTime` is the wall time of `fit`, `scoreTime` that of the test scoring (the train
 * scoring is not counted, as sklearn), both in seconds from `clock()` (default
 * `performance.now()`): they describe the run, not the model, and are the only outputs that are
 * not bit-for-bit reproducible.
 *
 * @see ../../../../docs/level2-classical/model-selection.md
 */
import { gatherRows } from '@fpml/core';
import type { Fold, Matrix } from '@fpml/core';
import type { FittableEstimator as Estimator } from './clone.js';
import { clone, cloneWithParams, type ParamSet } from './clone.js';
import type { Scorer } from './scoring.js';
import { takeRows, type Target } from './targets.js';

/** What to do when a fold's fit or scoring throws: rethrow, or record this score instead. */
export type ErrorScore = 'raise' | number;

/** A clock in milliseconds (injected for tests). */
export type Clock = () => number;

/** Options of {@link fitAndScore}. */
export interface FitAndScoreOptions {
  /** Params set on the clone (sklearn's `parameters`). @default none */
  params?: ParamSet | null;
  /** Score the training rows too. @default false */
  returnTrainScore?: boolean;
  /** Keep the fitted clone. @default false */
  returnEstimator?: boolean;
  /** @default 'raise' */
  errorScore?: ErrorScore;
  /** Use only the first `trainSize` training rows (learning curves). @default all */
  trainSize?: number;
  /** @default performance.now */
  clock?: Clock;
  /** Named in errors. */
  owner: string;
}

/** The outcome of one fold: scores by scorer name, times in seconds, the fitted clone if kept. */
export interface FoldResult<E extends Estimator> {
  testScores: Record<string, number>;
  trainScores: Record<string, number> | null;
  fitTime: number;
  scoreTime: number;
  estimator: E | null;
  /** The error caught when `errorScore` is a number, else null. */
  error: Error | null;
}

const now: Clock = () => performance.now();

/** Score with every scorer; a scorer returning a non-number is an error of the scorer. */
function scoreAll(est: Estimator, X: Matrix, y: Target, scorers: ReadonlyMap<string, Scorer>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, s] of scorers) out[name] = s(est, X, y);
  return out;
}

/**
 * Fit a clone of `base` on `fold.trainIndex` and score it on `fold.testIndex` with each scorer.
 * With `errorScore: 'raise'` any error propagates; with a number, the fold's scores are that
 * number and the error is returned in `error`.
 */
export function fitAndScore<E extends Estimator>(
  base: E,
  X: Matrix,
  y: Target,
  fold: Fold,
  scorers: ReadonlyMap<string, Scorer>,
  options: FitAndScoreOptions,
): FoldResult<E> {
  const { params = null, returnTrainScore = false, returnEstimator = false, errorScore = 'raise', clock = now } = options;
  const trainIdx = options.trainSize === undefined ? fold.trainIndex : fold.trainIndex.subarray(0, options.trainSize);
  const est = params === null ? clone(base) : cloneWithParams(base, params, options.owner);
  const Xtr = gatherRows(X, trainIdx); // (nTrain, d)
  const ytr = takeRows(y, trainIdx);
  const t0 = clock();
  let fitTime = 0;
  try {
    (est as { fit(X: Matrix, y: Target): unknown }).fit(Xtr, ytr);
    fitTime = (clock() - t0) / 1000;
    const Xte = gatherRows(X, fold.testIndex); // (nTest, d)
    const t1 = clock();
    const testScores = scoreAll(est, Xte, takeRows(y, fold.testIndex), scorers);
    const scoreTime = (clock() - t1) / 1000;
    const trainScores = returnTrainScore ? scoreAll(est, Xtr, ytr, scorers) : null;
    return { testScores, trainScores, fitTime, scoreTime, estimator: returnEstimator ? est : null, error: null };
  } catch (e) {
    if (errorScore === 'raise') throw e;
    const filled = Object.fromEntries([...scorers.keys()].map((k) => [k, errorScore]));
    return {
      testScores: filled,
      trainScores: returnTrainScore ? { ...filled } : null,
      fitTime: fitTime || (clock() - t0) / 1000,
      scoreTime: 0,
      estimator: returnEstimator ? est : null,
      error: e instanceof Error ? e : new Error(String(e)),
    };
  }
}
