/**
 * Ridge regression, as scikit-learn 1.2's `Ridge` (single target, scalar `alpha`, dense X):
 * $$\hat w, \hat b = \arg\min_{w, b} \lVert y - Xw - b\mathbf 1\rVert_2^2 + \alpha\lVert w\rVert_2^2,$$
 * the intercept unpenalised (solved on centred data, $b = \bar y - \bar x^\top w$). Note there is
 * no $1/n$: `alpha` here is $n$ times the `alpha` of an objective written as a mean.
 *
 * Closed form on the centred $X_c$ (n, d), $y_c$:
 * $$\hat w = (X_c^\top X_c + \alpha I)^{-1} X_c^\top y_c = X_c^\top (X_cX_c^\top + \alpha I)^{-1} y_c.$$
 * - `'cholesky'` (what `'auto'` picks, like sklearn): the primal system by Cholesky when
 *   $d \le n$ ($nd^2 + d^3/3$), the dual (kernel) system when $d > n$ ($n^2 d + n^3/3$). If the
 *   matrix is singular (only possible for $\alpha = 0$) it falls back to `'svd'`, as sklearn does.
 * - `'svd'`: $X_c = U\Sigma V^\top$, $$\hat w = V\,\operatorname{diag}\!\Big(\frac{\sigma_i}{\sigma_i^2 + \alpha}\Big)U^\top y_c,$$
 *   singular values $\le 10^{-15}$ dropped (sklearn's `_solve_svd`). The stablest route and the
 *   one that shows the shrinkage: each principal direction is scaled by $\sigma_i^2/(\sigma_i^2+\alpha)$.
 *   $O(nd\min(n, d))$ with a larger constant.
 *
 * MAP reading: $\hat w$ is the posterior mode under $y \mid w \sim N(Xw, \sigma^2 I)$ and the prior
 * $w \sim N(0, (\sigma^2/\alpha) I)$. Unlike OLS, ridge is not scale-equivariant: rescaling a
 * feature changes how much it is shrunk.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { InvalidInputError, Matrix, matmulTransA, matmulTransB, readSerialized, registerEstimator } from '@fpml/core';
import { cholesky, svd } from '@fpml/level1-math';
import { LinearRegressorBase, centerData, interceptFrom, readLinearFit, type LinearFit } from './linear-base.js';
import { checkChoice, checkFlag, checkReal } from './params.js';
import { choleskySolve } from './triangular.js';

/** Solvers of {@link Ridge}. */
export type RidgeSolver = 'auto' | 'cholesky' | 'svd';
const SOLVERS: readonly RidgeSolver[] = ['auto', 'cholesky', 'svd'];

/** Options of {@link Ridge}. */
export interface RidgeOptions {
  /** Penalty strength $\alpha \ge 0$ on $\lVert w\rVert_2^2$. @default 1.0 */
  alpha?: number;
  /** Fit an unpenalised intercept by centring X and y. @default true */
  fitIntercept?: boolean;
  /** `'auto'` (= `'cholesky'`), `'cholesky'` or `'svd'`. @default 'auto' */
  solver?: RidgeSolver;
}

/** Params of {@link Ridge}, defaults filled in. */
export type RidgeParams = {
  alpha: number;
  fitIntercept: boolean;
  solver: RidgeSolver;
};

type Extra = Record<string, never>;
const KIND = 'Ridge';

/** $\hat w$ by the SVD of the centred X. */
function ridgeSvd(Xc: Matrix, yc: Float64Array, alpha: number): Float64Array {
  const { U, S, Vt } = svd(Xc); // U (n, k), S (k,), Vt (k, d)
  const k = S.length, d = Xc.cols;
  const uty = matmulTransA(U, new Matrix(yc.length, 1, yc)).data; // (k,) Uᵀy
  const coef = new Float64Array(d); // (d,)
  for (let i = 0; i < k; i++) {
    const s = S[i]!;
    if (!(s > 1e-15)) continue;
    const f = (s / (s * s + alpha)) * uty[i]!;
    const o = i * d;
    for (let j = 0; j < d; j++) coef[j]! += f * Vt.data[o + j]!;
  }
  return coef;
}

/** $\hat w$ by Cholesky of the primal ($d \le n$) or dual ($d > n$) system; null if singular. */
function ridgeCholesky(Xc: Matrix, yc: Float64Array, alpha: number): Float64Array | null {
  const n = Xc.rows, d = Xc.cols;
  const primal = d <= n;
  const A = primal ? matmulTransA(Xc, Xc) : matmulTransB(Xc, Xc); // (d, d) XᵀX or (n, n) XXᵀ
  const m = A.rows;
  for (let i = 0; i < m; i++) A.data[i * m + i]! += alpha;
  let L: Matrix;
  try {
    L = cholesky(A);
  } catch (e) {
    if (e instanceof InvalidInputError) return null;
    throw e;
  }
  if (primal) return choleskySolve(L, matmulTransA(Xc, new Matrix(n, 1, yc)).data);
  const dual = choleskySolve(L, yc); // (n,) (XXᵀ + αI)⁻¹ y
  return matmulTransA(Xc, new Matrix(n, 1, dual)).data; // (d,) Xᵀ dual
}

/**
 * L2-penalised least squares.
 *
 * @example
 * const ridge = new Ridge({ alpha: 1.0 }).fit(X, y);
 * ridge.coef;      // (d,), shrunk towards 0 compared with LinearRegression
 * ridge.intercept; // not shrunk
 * @see ../../../../docs/level2-classical/linear.md
 */
export class Ridge extends LinearRegressorBase<RidgeParams, Extra> {
  protected readonly kind = KIND;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: RidgeOptions = {}) {
    super({ alpha: options.alpha ?? 1.0, fitIntercept: options.fitIntercept ?? true, solver: options.solver ?? 'auto' });
  }

  protected checkParams(): void {
    checkReal(KIND, 'alpha', this.params.alpha, { min: 0 });
    checkFlag(KIND, 'fitIntercept', this.params.fitIntercept);
    checkChoice(KIND, 'solver', this.params.solver, SOLVERS);
  }

  protected solve(X: Matrix, y: Float64Array): LinearFit<Extra> {
    const { alpha, fitIntercept, solver } = this.params;
    const c = centerData(X, y, fitIntercept);
    const coef = (solver === 'svd' ? null : ridgeCholesky(c.Xc, c.yc, alpha)) ?? ridgeSvd(c.Xc, c.yc, alpha);
    return { coef, intercept: interceptFrom(c, coef, fitIntercept), nFeaturesIn: X.cols, extra: {}, warnings: [] };
  }

  /**
   * Rebuild a model saved by `toJSON`.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): Ridge {
    const saved = readSerialized(json, KIND, [1]);
    const model = new Ridge(saved.params as RidgeOptions);
    model.checkParams();
    if (saved.state !== null) model.state = readLinearFit<Extra>(saved.state, KIND, []);
    return model;
  }
}

registerEstimator(KIND, Ridge.fromJSON);
