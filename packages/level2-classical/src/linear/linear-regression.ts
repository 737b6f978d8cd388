/**
 * Ordinary least squares, as scikit-learn 1.2's `LinearRegression` (single target, no sample
 * weights): $$\hat w, \hat b = \arg\min_{w, b} \lVert y - Xw - b\mathbf 1\rVert_2^2,$$
 * solved on the centred data (see `linear-base.ts`), $b = \bar y - \bar x^\top w$.
 *
 * Two solvers:
 * - `'qr'` (default): Householder QR with column pivoting of the centred $X_c = QR$, then
 *   $R\hat w = Q^\top y_c$ (level1-math's `lstsq(..., { method: 'qr' })`). Backward stable: the
 *   error in $\hat w$ grows like $\varepsilon\,\kappa(X)$ (plus $\varepsilon\kappa(X)^2$ times the
 *   relative residual).
 * - `'normal'`: the normal equations $X_c^\top X_c\,w = X_c^\top y_c$ by Cholesky. Half the flops
 *   for $n \gg d$ ($nd^2$ vs $2nd^2$), but forming $X^\top X$ squares the condition number,
 *   $\kappa(X^\top X) = \kappa(X)^2$, so the error grows like $\varepsilon\,\kappa(X)^2$: with
 *   $\kappa(X) = 10^7$ it is $\approx 10^{-2}$ instead of $\approx 10^{-9}$ (the measured example
 *   is in the docs page and the tests). Fails outright (a clear error) when $X^\top X$ is singular.
 *
 * Rank-deficient X (e.g. a duplicated column): sklearn (LAPACK `gelsd`) returns the minimum-norm
 * solution; pivoted QR returns the *basic* solution (zeros on the dropped columns). Both have the
 * same residual and the same predictions on the column space of X, but different `coef`.
 *
 * Complexity: `'qr'` $O(nd^2)$ ($\approx 2nd^2$ flops for R plus $Q$); `'normal'` $nd^2 + d^3/3$.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { InvalidInputError, Matrix, matmulTransA, readSerialized, registerEstimator } from '@fpml/core';
import { cholesky, lstsq } from '@fpml/level1-math';
import { LinearRegressorBase, centerData, interceptFrom, readLinearFit, type LinearFit } from './linear-base.js';
import { checkChoice, checkFlag } from './params.js';
import { choleskySolve } from './triangular.js';

/** Solvers of {@link LinearRegression}. */
export type LinearRegressionSolver = 'qr' | 'normal';
const SOLVERS: readonly LinearRegressionSolver[] = ['qr', 'normal'];

/** Options of {@link LinearRegression}. */
export interface LinearRegressionOptions {
  /** Fit an (unpenalised) intercept by centring X and y. @default true */
  fitIntercept?: boolean;
  /** `'qr'` (pivoted Householder QR, stable) or `'normal'` (Cholesky of $X^\top X$, fast but squares $\kappa$). @default 'qr' */
  solver?: LinearRegressionSolver;
}

/** Params of {@link LinearRegression}, defaults filled in. */
export type LinearRegressionParams = {
  fitIntercept: boolean;
  solver: LinearRegressionSolver;
};

/** Extras of a fitted LinearRegression: the numerical rank of the centred X (sklearn's `rank_`). */
type Extra = { rank: number };

const KIND = 'LinearRegression';

/**
 * Least-squares linear regression.
 *
 * @example
 * const ols = new LinearRegression().fit(X, y); // X (n, d), y (n,)
 * ols.coef;       // Float64Array (d,)
 * ols.intercept;  // number
 * ols.predict(X); // Float64Array (n,)
 * @see ../../../../docs/level2-classical/linear.md
 */
export class LinearRegression extends LinearRegressorBase<LinearRegressionParams, Extra> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: LinearRegressionOptions = {}) {
    super({ fitIntercept: options.fitIntercept ?? true, solver: options.solver ?? 'qr' });
  }

  /** Numerical rank of the centred X: pivoted-QR rank for `'qr'`, d for `'normal'` (sklearn's `rank_`). */
  get rank(): number {
    return this.fitted('rank').extra.rank;
  }

  protected checkParams(): void {
    checkFlag(KIND, 'fitIntercept', this.params.fitIntercept);
    checkChoice(KIND, 'solver', this.params.solver, SOLVERS);
  }

  protected solve(X: Matrix, y: Float64Array): LinearFit<Extra> {
    const { fitIntercept, solver } = this.params;
    const c = centerData(X, y, fitIntercept);
    const d = X.cols;
    let coef: Float64Array; // (d,)
    let rank = d;
    if (solver === 'qr') {
      const r = lstsq(c.Xc, c.yc, { method: 'qr' });
      coef = r.x;
      rank = r.rank;
    } else {
      const G = matmulTransA(c.Xc, c.Xc); // (d, d) XᵀX
      const b = matmulTransA(c.Xc, new Matrix(c.yc.length, 1, c.yc)).data; // (d,) Xᵀy
      let L: Matrix;
      try {
        L = cholesky(G);
      } catch (e) {
        if (!(e instanceof InvalidInputError)) throw e;
        throw new InvalidInputError(
          `${KIND}: solver 'normal' needs XᵀX positive definite, but ${e.message} (X${fitIntercept ? ' centred' : ''} is rank-deficient or too ill-conditioned); use solver 'qr'`,
        );
      }
      coef = choleskySolve(L, b);
    }
    return { coef, intercept: interceptFrom(c, coef, fitIntercept), nFeaturesIn: d, extra: { rank }, warnings: [] };
  }

  /**
   * Rebuild a model saved by `toJSON`.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): LinearRegression {
    const saved = readSerialized(json, KIND, [1]);
    const model = new LinearRegression(saved.params as LinearRegressionOptions);
    model.checkParams();
    if (saved.state !== null) model.state = readLinearFit<Extra>(saved.state, KIND, ['rank']);
    return model;
  }
}

registerEstimator(KIND, LinearRegression.fromJSON);
