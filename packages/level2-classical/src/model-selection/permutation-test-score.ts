/**
 * `permutationTestScore`: is the cross-validated score better than chance? As scikit-learn
 * 1.2's `permutation_test_score` (Ojala & Garriga, 2010).
 *
 * The statistic is the mean cross-validated score $S = \frac1k \sum_j s_j$. Under the null
 * hypothesis that X and y are independent, permuting y leaves the distribution of $S$ unchanged;
 * so with $S_1, \dots, S_P$ the scores after $P$ random permutations of y (within groups when
 * `groups` is given; the folds are re-split on each permuted y),
 * $$p = \frac{1 + \#\{b : S_b \ge S\}}{1 + P},$$
 * an exact-size test: $\Pr(p \le \alpha) \le \alpha$ under the null. The smallest p-value
 * possible is $1/(P+1)$.
 *
 * Permutations come from core's Rng (`seed`), so they are reproducible but not NumPy's: only
 * the unpermuted score compares with sklearn.
 *
 * Cost: $(P + 1) \cdot k$ fits.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#permutation-test
 */
import { InvalidParamError, Rng } from '@fpml/core';
import type { MatrixLike } from '@fpml/core';
import { isClassifier, type FittableEstimator } from './clone.js';
import { checkCv } from './check-cv.js';
import { checkScore, prepare, type CvOptions } from './cross-validate.js';
import { fitAndScore } from './fit-and-score.js';
import { npMean } from './np-stats.js';
import { getScorer, type Scoring } from './scoring.js';
import { takeRows, type Target } from './targets.js';

/** Options of {@link permutationTestScore}. */
export interface PermutationTestScoreOptions extends CvOptions {
  /** A scorer name, a function, or null for the estimator's own `score`. @default null */
  scoring?: Scoring;
  /** Number of permutations $P$. @default 100 */
  nPermutations?: number;
  /** Seed of the permutations' Rng. @default 0 */
  seed?: number;
}

/** Result of {@link permutationTestScore}. */
export interface PermutationTestScoreResult {
  /** Mean cross-validated score on the true y. */
  score: number;
  /** Mean cross-validated score on each permuted y, (P,). */
  permutationScores: Float64Array;
  pvalue: number;
}

/** y permuted, within each group if groups are given (sklearn's `_shuffle`). */
function permuted(y: Target, groups: Target | undefined, rng: Rng): Target {
  const n = y.length;
  if (groups === undefined) return takeRows(y, rng.permutation(n));
  const idx = new Int32Array(n);
  const members = new Map<unknown, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    let m = members.get(g);
    if (m === undefined) members.set(g, (m = []));
    m.push(i);
  }
  for (const m of members.values()) {
    const perm = rng.permutation(m.length);
    m.forEach((i, r) => (idx[i] = m[perm[r]!]!));
  }
  return takeRows(y, idx);
}

/**
 * Score, permutation scores and p-value (see the module comment).
 *
 * @example
 * const { score, pvalue } = permutationTestScore(clf, X, y, { cv: 5, nPermutations: 200, seed: 0 });
 * @throws InvalidParamError for a bad nPermutations or seed; as {@link crossValidate} otherwise.
 * @see ../../../../docs/level2-classical/model-selection.md#permutation-test
 */
export function permutationTestScore(estimator: FittableEstimator, X: MatrixLike, y: Target, options: PermutationTestScoreOptions = {}): PermutationTestScoreResult {
  const owner = 'permutationTestScore';
  const { nPermutations = 100, seed = 0 } = options;
  if (!Number.isSafeInteger(nPermutations) || nPermutations < 1) throw new InvalidParamError(owner, 'nPermutations', nPermutations, 'a positive integer');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError(owner, 'seed', seed, 'a non-negative integer');
  const scorers = new Map([['score', getScorer(options.scoring, owner)]]);
  const d = prepare(estimator, X, y, options, owner);
  const classifier = isClassifier(estimator);
  const meanScore = (yy: Target, folds = checkCv(options.cv, d.X, yy, d.groups, classifier, owner)): number => {
    const s = folds.map((f) => checkScore(fitAndScore(estimator, d.X, yy, f, scorers, { errorScore: options.errorScore, clock: options.clock, owner }).testScores.score, 'score', owner));
    return npMean(s);
  };
  const score = meanScore(d.y, d.folds);
  const rng = new Rng(seed);
  const permutationScores = Float64Array.from({ length: nPermutations }, () => meanScore(permuted(d.y, d.groups, rng)));
  let atLeast = 0;
  for (const s of permutationScores) if (s >= score) atLeast++;
  return { score, permutationScores, pvalue: (atLeast + 1) / (nPermutations + 1) };
}
