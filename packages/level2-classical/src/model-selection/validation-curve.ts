/**
 * `validationCurve`: train and test scores as one hyper-parameter varies, as scikit-learn 1.2's
 * `validation_curve`. For each fold $(T_j, V_j)$ and each value $v$ of `paramRange`, a clone with
 * `paramName = v` is fitted on $T_j$ and scored on $T_j$ (train) and $V_j$ (test):
 * $$\mathrm{test}[v][j] = s\bigl(\hat f_{v,-j}, X_{V_j}, y_{V_j}\bigr).$$
 *
 * Reading it: where train and test scores are both low the model underfits (bias); where train
 * stays high and test falls it overfits (variance); the best value sits between. Choosing that
 * value from this curve and reporting its test score is optimistic, as with any search.
 *
 * Cost: $|\text{paramRange}| \cdot k$ fits.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#learning-and-validation-curves
 */
import { InvalidParamError } from '@fpml/core';
import type { MatrixLike } from '@fpml/core';
import { checkParamNames, type FittableEstimator } from './clone.js';
import { checkScore, prepare, type CvOptions } from './cross-validate.js';
import { fitAndScore } from './fit-and-score.js';
import { getScorer, type Scoring } from './scoring.js';
import type { Target } from './targets.js';

/** Options of {@link validationCurve}. */
export interface ValidationCurveOptions extends CvOptions {
  /** The param to vary (as in `getParams()`, `step__param` inside a Pipeline). */
  paramName: string;
  /** Its values, in order. */
  paramRange: ArrayLike<unknown>;
  /** A scorer name, a function, or null for the estimator's own `score`. @default null */
  scoring?: Scoring;
}

/** Result of {@link validationCurve}: `scores[v][j]` for value v and fold j. */
export interface ValidationCurveResult {
  trainScores: Float64Array[];
  testScores: Float64Array[];
}

/**
 * Scores against one param's values (see the module comment).
 *
 * @example
 * const { trainScores, testScores } = validationCurve(pipe, X, y, { paramName: 'ridge__alpha', paramRange: [0.1, 1, 10] });
 * @throws InvalidParamError naming an unknown `paramName` (listing the valid ones) or an empty
 *   `paramRange`; as {@link crossValidate} otherwise.
 * @see ../../../../docs/level2-classical/model-selection.md#learning-and-validation-curves
 */
export function validationCurve(estimator: FittableEstimator, X: MatrixLike, y: Target, options: ValidationCurveOptions): ValidationCurveResult {
  const owner = 'validationCurve';
  const { paramName, paramRange } = options ?? ({} as ValidationCurveOptions);
  if (typeof paramName !== 'string' || paramName.length === 0) throw new InvalidParamError(owner, 'paramName', paramName, 'a param name (string)');
  const isList = Array.isArray(paramRange) || (ArrayBuffer.isView(paramRange) && !(paramRange instanceof DataView));
  if (!isList || (paramRange as ArrayLike<unknown>).length === 0) throw new InvalidParamError(owner, 'paramRange', paramRange, 'a non-empty array of values');
  const scorers = new Map([['score', getScorer(options.scoring, owner)]]);
  const d = prepare(estimator, X, y, options, owner);
  checkParamNames(estimator, [paramName], owner, 'paramName');
  const values = Array.from(paramRange as ArrayLike<unknown>);
  const k = d.folds.length;
  const trainScores = values.map(() => new Float64Array(k));
  const testScores = values.map(() => new Float64Array(k));
  d.folds.forEach((fold, j) => {
    values.forEach((v, t) => {
      const r = fitAndScore(estimator, d.X, d.y, fold, scorers, { params: { [paramName]: v }, returnTrainScore: true, errorScore: options.errorScore, clock: options.clock, owner });
      trainScores[t]![j] = checkScore(r.trainScores!.score, 'score', owner);
      testScores[t]![j] = checkScore(r.testScores.score, 'score', owner);
    });
  });
  return { trainScores, testScores };
}
