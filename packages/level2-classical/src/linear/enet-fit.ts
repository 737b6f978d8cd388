/**
 * The fit shared by {@link ElasticNet} and {@link Lasso} (sklearn's `ElasticNet.fit`, which
 * `Lasso` inherits): check the params, centre the data, scale the penalties by $n$, run
 * coordinate descent from zeros (or from the last fit with `warmStart`), and set the intercept.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import { ConvergenceWarning, Rng, transpose, type Matrix } from '@fpml/core';
import { enetCoordinateDescent } from './coordinate-descent.js';
import { centerData, interceptFrom, type LinearFit } from './linear-base.js';
import { checkChoice, checkFlag, checkInt, checkReal, checkSeed } from './params.js';

/** Coordinate order of the sweeps: `'cyclic'` (0, 1, ..., d−1) or `'random'` (uniform with replacement, seeded). */
export type EnetSelection = 'cyclic' | 'random';
const SELECTIONS: readonly EnetSelection[] = ['cyclic', 'random'];

/** The params both models share (ElasticNet adds `l1Ratio`; Lasso fixes it at 1). */
export type EnetCommonParams = {
  alpha: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  warmStart: boolean;
  positive: boolean;
  selection: EnetSelection;
  seed: number;
};

/** Extras of a fitted ElasticNet/Lasso: sweeps run and the final duality gap of the mean objective (sklearn's `n_iter_`, `dual_gap_`). */
export type EnetExtra = { nIter: number; dualGap: number };

/** @throws InvalidParamError naming the first bad param. */
export function checkEnetParams(kind: string, p: EnetCommonParams & { l1Ratio: number }): void {
  checkReal(kind, 'alpha', p.alpha, { min: 0 });
  checkReal(kind, 'l1Ratio', p.l1Ratio, { min: 0, max: 1 });
  checkFlag(kind, 'fitIntercept', p.fitIntercept);
  checkInt(kind, 'maxIter', p.maxIter, 1);
  checkReal(kind, 'tol', p.tol, { min: 0 });
  checkFlag(kind, 'warmStart', p.warmStart);
  checkFlag(kind, 'positive', p.positive);
  checkChoice(kind, 'selection', p.selection, SELECTIONS);
  checkSeed(kind, p.seed);
}

/**
 * Fit $\min_{w,b} \frac1{2n}\lVert y - Xw - b\mathbf 1\rVert^2 + \alpha\rho\lVert w\rVert_1 + \frac{\alpha(1-\rho)}2\lVert w\rVert^2$
 * ($\rho$ = `l1Ratio`). $O(nd)$ per sweep.
 */
export function fitEnet(kind: string, p: EnetCommonParams & { l1Ratio: number }, X: Matrix, y: Float64Array, previous: LinearFit<EnetExtra> | null): LinearFit<EnetExtra> {
  const n = X.rows, d = X.cols;
  const c = centerData(X, y, p.fitIntercept);
  const Xt = transpose(c.Xc).data; // (d, n) feature-major
  const w = p.warmStart && previous !== null && previous.nFeaturesIn === d ? previous.coef.slice() : new Float64Array(d); // (d,)
  const l1 = p.alpha * p.l1Ratio * n;
  const l2 = p.alpha * (1 - p.l1Ratio) * n;
  const rng = p.selection === 'random' ? new Rng(p.seed) : null;
  const r = enetCoordinateDescent(w, l1, l2, Xt, c.yc, { maxIter: p.maxIter, tol: p.tol, positive: p.positive, rng });
  const warnings: ConvergenceWarning[] = [];
  if (!r.converged) {
    warnings.push(
      new ConvergenceWarning(
        kind,
        `objective did not converge in maxIter = ${p.maxIter} sweeps: duality gap ${r.gap.toExponential(3)} ≥ tol·‖y‖² = ${r.tolScaled.toExponential(3)}; increase maxIter, or standardise X${p.alpha === 0 ? ' (alpha = 0 is plain least squares: use LinearRegression)' : ''}`,
        r.nIter,
      ),
    );
  }
  return { coef: w, intercept: interceptFrom(c, w, p.fitIntercept), nFeaturesIn: d, extra: { nIter: r.nIter, dualGap: r.gap / n }, warnings };
}
