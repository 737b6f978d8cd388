/**
 * `crossValPredict`: out-of-fold predictions, as scikit-learn 1.2's `cross_val_predict`. Row $i$
 * gets the prediction of the clone that did **not** see it:
 * $$\hat y_i = \hat f_{-j(i)}(x_i),\qquad j(i) = \text{the fold whose test set holds } i,$$
 * so the test sets must partition the rows (each row in exactly one test set).
 *
 * `method: 'predictProba'` returns an (n, K) Matrix whose columns are the sorted classes of the
 * whole `y` (sklearn label-encodes `y` first): a fold trained without some class gets 0 in that
 * column, as sklearn's `_enforce_prediction_order`. `'decisionFunction'` needs every fold to
 * produce the same shape.
 *
 * Out-of-fold predictions are for diagnostics (residual plots, calibration, stacking); their
 * score is not a cross-validated score (`crossValScore` averages per fold, this pools).
 *
 * Cost: $k$ fits and one predict per row.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#out-of-fold-predictions
 */
import { InvalidInputError, InvalidParamError, Matrix, gatherRows, uniqueLabels, describeValue } from '@fpml/core';
import type { Label, MatrixLike } from '@fpml/core';
import { clone, type FittableEstimator } from './clone.js';
import { prepare, type CvOptions } from './cross-validate.js';
import { decisionFunctionOf } from './scoring.js';
import { takeRows, type Target } from './targets.js';

/** Which method gives the predictions. */
export type PredictMethod = 'predict' | 'predictProba' | 'decisionFunction';

/** Options of {@link crossValPredict}. */
export interface CrossValPredictOptions extends Omit<CvOptions, 'errorScore' | 'clock'> {
  /** @default 'predict' */
  method?: PredictMethod;
}

interface Predicting {
  predict?(X: Matrix): ArrayLike<number | string>;
  predictProba?(X: Matrix): Matrix;
  decisionFunction?(X: Matrix): Float64Array | Matrix;
  readonly classes?: readonly Label[];
}

/** Write fold values into a full-length column in the rows `at`. */
function scatter(target: unknown[] | Float64Array | Int32Array, at: Int32Array, values: ArrayLike<unknown>): void {
  for (let k = 0; k < at.length; k++) (target as unknown[])[at[k]!] = values[k];
}

/**
 * Out-of-fold predictions for every row.
 *
 * @returns `predict`: an Int32Array (integer labels), a Float64Array (regression) or an array of
 *   labels, as the folds' `predict` returned; `predictProba`: Matrix (n, K); `decisionFunction`:
 *   Float64Array (n,) or Matrix (n, m).
 * @throws InvalidInputError if the test folds do not partition the rows, or the estimator lacks
 *   `method`; InvalidParamError for an unknown method; as {@link crossValidate} otherwise.
 * @see ../../../../docs/level2-classical/model-selection.md#out-of-fold-predictions
 */
export function crossValPredict(
  estimator: FittableEstimator,
  X: MatrixLike,
  y: Target,
  options: CrossValPredictOptions = {},
): Int32Array | Float64Array | Label[] | Matrix {
  const owner = 'crossValPredict';
  const method = options.method ?? 'predict';
  if (method !== 'predict' && method !== 'predictProba' && method !== 'decisionFunction') {
    throw new InvalidParamError(owner, 'method', method, "'predict', 'predictProba' or 'decisionFunction'");
  }
  const has = method === 'decisionFunction' ? decisionFunctionOf(estimator) !== null : typeof (estimator as Predicting)[method] === 'function';
  if (!has) throw new InvalidInputError(`${owner}: ${describeValue(estimator)} has no ${method} method`);
  const d = prepare(estimator, X, y, options, owner);
  const n = d.X.rows;
  const seen = new Uint8Array(n);
  for (const f of d.folds) {
    for (const i of f.testIndex) {
      if (seen[i]) throw new InvalidInputError(`${owner}: row ${i} is in more than one test fold; crossValPredict needs test folds that partition the rows`);
      seen[i] = 1;
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new InvalidInputError(`${owner}: row ${missing} is in no test fold; crossValPredict needs test folds that partition the rows`);

  const allClasses = method === 'predictProba' ? uniqueLabels(Array.from(d.y as ArrayLike<Label>)) : null;
  let out: unknown[] | Float64Array | Int32Array | Matrix | null = null;
  for (const fold of d.folds) {
    const est = clone(estimator);
    est.fit(gatherRows(d.X, fold.trainIndex), takeRows(d.y, fold.trainIndex));
    const Xte = gatherRows(d.X, fold.testIndex); // (nTest, d)
    const p = est as unknown as Predicting;
    if (method === 'predictProba') {
      const P = p.predictProba!(Xte); // (nTest, k_fold)
      const classes = p.classes;
      const K = allClasses!.length;
      if (!(classes && classes.length === P.cols)) {
        if (P.cols !== K) throw new InvalidInputError(`${owner}: a fold's predictProba has ${P.cols} columns but y has ${K} classes, and the estimator exposes no classes to align them`);
      }
      const col = classes ? classes.map((c) => allClasses!.indexOf(c)) : allClasses!.map((_, j) => j);
      if (col.some((j) => j < 0)) throw new InvalidInputError(`${owner}: a fold's classes ${describeValue(classes)} are not among y's classes`);
      const M: Matrix = (out as Matrix | null) ?? new Matrix(n, K);
      for (let r = 0; r < fold.testIndex.length; r++) {
        const row = fold.testIndex[r]!;
        for (let j = 0; j < P.cols; j++) M.data[row * K + col[j]!] = P.data[r * P.cols + j]!;
      }
      out = M;
    } else if (method === 'decisionFunction') {
      const D = decisionFunctionOf(est)!(Xte);
      if (D instanceof Matrix) {
        const M: Matrix = (out as Matrix | null) ?? new Matrix(n, D.cols);
        if (!(M instanceof Matrix) || M.cols !== D.cols) throw new InvalidInputError(`${owner}: folds' decisionFunction outputs have different shapes`);
        for (let r = 0; r < fold.testIndex.length; r++) M.data.set(D.data.subarray(r * D.cols, (r + 1) * D.cols), fold.testIndex[r]! * D.cols);
        out = M;
      } else {
        if (out instanceof Matrix) throw new InvalidInputError(`${owner}: folds' decisionFunction outputs have different shapes`);
        out ??= new Float64Array(n);
        scatter(out as Float64Array, fold.testIndex, D);
      }
    } else {
      const pred = p.predict!(Xte);
      if (out === null) out = pred instanceof Int32Array ? new Int32Array(n) : pred instanceof Float64Array ? new Float64Array(n) : new Array<unknown>(n);
      else if ((out instanceof Int32Array && !(pred instanceof Int32Array)) || (out instanceof Float64Array && !(pred instanceof Float64Array))) {
        out = Array.from(out as ArrayLike<unknown>); // folds disagree on the type: fall back to a plain array
      }
      scatter(out as unknown[], fold.testIndex, pred);
    }
  }
  return out as Int32Array | Float64Array | Label[] | Matrix;
}
