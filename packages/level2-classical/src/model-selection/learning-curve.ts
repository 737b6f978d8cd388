/**
 * `learningCurve`: train and test scores as a function of the number of training rows, as
 * scikit-learn 1.2's `learning_curve` (without incremental learning).
 *
 * For each fold $(T_j, V_j)$ and each size $m$, a clone is fitted on the **first** $m$ rows of
 * $T_j$ (after shuffling $T_j$ when `shuffle`) and scored on those rows (train) and on $V_j$
 * (test); a fold with fewer training rows than $m$ uses all it has, as numpy's slicing does.
 * The sizes come from `trainSizes` against $n_{\max} = |T_1|$ (the first fold's train set):
 * a fraction $f \in (0, 1]$ becomes $\max(1, \lfloor f \cdot n_{\max} \rfloor)$ (numpy's
 * `astype(int)` then `clip`), an integer stays itself; duplicates are dropped and the sizes sorted
 * (`np.unique`). The default is `np.linspace(0.1, 1.0, 5)`.
 *
 * Reading it: a wide gap between high train and low test scores that closes as $m$ grows means
 * variance (more data helps); both low and flat means bias (a richer model is needed).
 *
 * Cost: (number of sizes) × $k$ fits on at most $n_{\max}$ rows.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#learning-and-validation-curves
 */
import { InvalidParamError, Rng } from '@fpml/core';
import type { MatrixLike } from '@fpml/core';
import type { FittableEstimator } from './clone.js';
import { checkScore, prepare, type CvOptions } from './cross-validate.js';
import { fitAndScore } from './fit-and-score.js';
import { linspace } from './np-stats.js';
import { getScorer, type Scoring } from './scoring.js';
import type { Target } from './targets.js';

/** How to read `trainSizes`. */
export type TrainSizesKind = 'auto' | 'fraction' | 'absolute';

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions extends CvOptions {
  /** Fractions of $n_{\max}$ in (0, 1], or absolute row counts. @default linspace(0.1, 1.0, 5) */
  trainSizes?: ArrayLike<number>;
  /**
   * `'auto'`: absolute counts when every entry is an integer, else fractions (so `[1]` is one row;
   * say `'fraction'` to mean 100%, as numpy's float `[1.0]`). @default 'auto'
   */
  trainSizesKind?: TrainSizesKind;
  /** A scorer name, a function, or null for the estimator's own `score`. @default null */
  scoring?: Scoring;
  /** Shuffle each fold's training rows (with `new Rng(seed)`) before taking prefixes. @default false */
  shuffle?: boolean;
  /** Seed of the shuffle. @default 0 */
  seed?: number;
}

/** Result of {@link learningCurve}: sizes (ticks) and scores (ticks × folds). */
export interface LearningCurveResult {
  trainSizesAbs: Int32Array;
  /** `trainScores[t][j]`: size t, fold j. */
  trainScores: Float64Array[];
  testScores: Float64Array[];
  fitTimes: Float64Array[];
  scoreTimes: Float64Array[];
}

/**
 * sklearn's `_translate_train_sizes`: absolute, sorted, distinct training sizes.
 * @throws InvalidParamError for an empty list, a fraction outside (0, 1] or a count outside [1, nMax].
 */
export function translateTrainSizes(trainSizes: ArrayLike<number>, nMax: number, kind: TrainSizesKind = 'auto', owner = 'learningCurve'): Int32Array {
  const ts = Array.from(trainSizes ?? [], (v) => v);
  if (ts.length === 0 || ts.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new InvalidParamError(owner, 'trainSizes', trainSizes, 'a non-empty array of finite numbers');
  }
  if (kind !== 'auto' && kind !== 'fraction' && kind !== 'absolute') throw new InvalidParamError(owner, 'trainSizesKind', kind, "'auto', 'fraction' or 'absolute'");
  const fractions = kind === 'fraction' || (kind === 'auto' && ts.some((v) => !Number.isInteger(v)));
  const lo = Math.min(...ts), hi = Math.max(...ts);
  let abs: number[];
  if (fractions) {
    if (lo <= 0 || hi > 1) throw new InvalidParamError(owner, 'trainSizes', trainSizes, `fractions of the ${nMax} training rows within (0, 1], but they are within [${lo}, ${hi}]`);
    abs = ts.map((f) => Math.min(Math.max(Math.trunc(f * nMax), 1), nMax)); // astype(int), then clip
  } else {
    if (ts.some((v) => !Number.isInteger(v))) throw new InvalidParamError(owner, 'trainSizes', trainSizes, 'integers (absolute row counts)');
    if (lo <= 0 || hi > nMax) throw new InvalidParamError(owner, 'trainSizes', trainSizes, `absolute numbers of training rows within (0, ${nMax}], but they are within [${lo}, ${hi}]`);
    abs = ts;
  }
  return Int32Array.from([...new Set(abs)].sort((a, b) => a - b));
}

/**
 * Scores against training-set size (see the module comment).
 *
 * @example
 * const { trainSizesAbs, trainScores, testScores } = learningCurve(model, X, y, { cv: 5 });
 * @throws InvalidParamError for bad sizes or options; as {@link crossValidate} otherwise.
 * @see ../../../../docs/level2-classical/model-selection.md#learning-and-validation-curves
 */
export function learningCurve(estimator: FittableEstimator, X: MatrixLike, y: Target, options: LearningCurveOptions = {}): LearningCurveResult {
  const owner = 'learningCurve';
  const { shuffle = false, seed = 0 } = options;
  if (typeof shuffle !== 'boolean') throw new InvalidParamError(owner, 'shuffle', shuffle, 'a boolean');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError(owner, 'seed', seed, 'a non-negative integer');
  const scorers = new Map([['score', getScorer(options.scoring, owner)]]);
  const d = prepare(estimator, X, y, options, owner);
  const nMax = d.folds[0]!.trainIndex.length;
  const sizes = translateTrainSizes(options.trainSizes ?? linspace(0.1, 1.0, 5), nMax, options.trainSizesKind ?? 'auto', owner);
  const rng = shuffle ? new Rng(seed) : null;
  const folds = d.folds.map((f) => (rng ? { trainIndex: rng.shuffle(f.trainIndex.slice()), testIndex: f.testIndex } : f));
  const T = sizes.length, k = folds.length;
  const table = () => Array.from({ length: T }, () => new Float64Array(k));
  const out: LearningCurveResult = { trainSizesAbs: sizes, trainScores: table(), testScores: table(), fitTimes: table(), scoreTimes: table() };
  folds.forEach((fold, j) => {
    sizes.forEach((m, t) => {
      const r = fitAndScore(estimator, d.X, d.y, fold, scorers, { returnTrainScore: true, trainSize: m, errorScore: options.errorScore, clock: options.clock, owner });
      out.trainScores[t]![j] = checkScore(r.trainScores!.score, 'score', owner);
      out.testScores[t]![j] = checkScore(r.testScores.score, 'score', owner);
      out.fitTimes[t]![j] = r.fitTime;
      out.scoreTimes[t]![j] = r.scoreTime;
    });
  });
  return out;
}
