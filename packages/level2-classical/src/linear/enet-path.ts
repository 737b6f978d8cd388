/**
 * Regularisation paths, as scikit-learn 1.2's `enet_path` / `lasso_path`: the elastic-net
 * solution for a decreasing grid of $\alpha$, each fit warm-started from the previous one (which
 * is what makes a whole path cost a few single fits: near-by solutions are near-by).
 *
 * Like sklearn's functions (not the estimators), the path does **not** centre X or y and fits
 * no intercept: centre them first if the model should have one.
 *
 * The default grid starts at the smallest $\alpha$ for which $w = 0$ is optimal. From the
 * optimality condition at $w = 0$, $|x_j^\top y|/n \le \alpha\rho$ for every j, so
 * $$\alpha_{\max} = \frac{\lVert X^\top y\rVert_\infty}{n\rho},$$
 * and the grid is `nAlphas` points log-spaced from $\alpha_{\max}$ down to $\varepsilon\,\alpha_{\max}$
 * (`eps` = 1e-3, `nAlphas` = 100 by default; numpy's `logspace`).
 *
 * Complexity: $O(nd)$ per sweep, summed over the grid.
 * @see ../../../../docs/level2-classical/linear.md
 */
import { ConvergenceWarning, InvalidParamError, Matrix, Rng, asMatrix, asVector, transpose, type MatrixLike, type VectorLike } from '@fpml/core';
import { enetCoordinateDescent } from './coordinate-descent.js';
import { checkChoice, checkFlag, checkInt, checkReal, checkSeed } from './params.js';
import type { EnetSelection } from './enet-fit.js';

/** Options of {@link enetPath} (sklearn's names in camelCase). */
export interface EnetPathOptions {
  /** Mix $\rho \in [0, 1]$ (share of $\ell_1$); 0 needs explicit `alphas`. @default 0.5 (1 in {@link lassoPath}) */
  l1Ratio?: number;
  /** Grid length $\alpha_{\min}/\alpha_{\max}$. @default 1e-3 */
  eps?: number;
  /** Number of grid points. @default 100 */
  nAlphas?: number;
  /** Explicit grid (sorted decreasing before use); overrides eps and nAlphas. @default null */
  alphas?: VectorLike | null;
  /** Start of the first fit, (d,). @default zeros */
  coefInit?: VectorLike | null;
  /** Sweeps allowed per alpha. @default 1000 */
  maxIter?: number;
  /** Duality-gap tolerance (relative to ‖y‖²). @default 1e-4 */
  tol?: number;
  /** Constrain coefficients to be ≥ 0. @default false */
  positive?: boolean;
  /** Coordinate order. @default 'cyclic' */
  selection?: EnetSelection;
  /** Seed for `selection: 'random'`. @default 0 */
  seed?: number;
}

/** What {@link enetPath} returns (sklearn's `alphas, coefs, dual_gaps, n_iters`). */
export interface EnetPathResult {
  /** The grid, decreasing. */
  alphas: Float64Array; // (m,)
  /** Column k is the solution at `alphas[k]` (sklearn's layout). */
  coefs: Matrix; // (d, m)
  /** Duality gap of the mean objective at each solution. */
  dualGaps: Float64Array; // (m,)
  /** Sweeps run at each alpha. */
  nIters: Int32Array; // (m,)
  /** One warning per alpha that hit maxIter. */
  warnings: ConvergenceWarning[];
}

const OWNER = 'enetPath';
const RESOLUTION = 1e-15; // np.finfo(float).resolution

/**
 * sklearn's `_alpha_grid` without centring: `nAlphas` values from $\alpha_{\max}$ down to
 * $\varepsilon\alpha_{\max}$, log-spaced (all equal to 1e-15 when $\alpha_{\max} \le 10^{-15}$). $O(nd)$.
 * @param X (n, d) @param y (n,)
 */
export function alphaGrid(X: Matrix, y: Float64Array, l1Ratio: number, eps: number, nAlphas: number): Float64Array {
  const n = X.rows, d = X.cols, a = X.data;
  const xy = new Float64Array(d); // (d,) Xᵀy
  for (let i = 0; i < n; i++) {
    const yi = y[i]!, o = i * d;
    for (let j = 0; j < d; j++) xy[j]! += a[o + j]! * yi;
  }
  let m = 0;
  for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(xy[j]!));
  const alphaMax = m / (n * l1Ratio);
  const out = new Float64Array(nAlphas);
  if (alphaMax <= RESOLUTION) return out.fill(RESOLUTION);
  const lo = Math.log10(alphaMax * eps), hi = Math.log10(alphaMax);
  const step = nAlphas > 1 ? (hi - lo) / (nAlphas - 1) : 0;
  for (let k = 0; k < nAlphas; k++) out[nAlphas - 1 - k] = 10 ** (k === nAlphas - 1 ? hi : lo + k * step); // numpy.logspace, reversed
  return out;
}

/**
 * The elastic-net path: for each $\alpha$ in the (decreasing) grid,
 * $$w(\alpha) = \arg\min_w \frac1{2n}\lVert y - Xw\rVert^2 + \alpha\rho\lVert w\rVert_1 + \frac{\alpha(1-\rho)}2\lVert w\rVert^2,$$
 * warm-started from $w$ at the previous $\alpha$.
 * @param X (n, d) @param y (n,)
 * @throws InvalidParamError for bad options (naming the option); ShapeError/InvalidInputError for bad data.
 */
export function enetPath(X: MatrixLike, y: VectorLike, options: EnetPathOptions = {}): EnetPathResult {
  const { l1Ratio = 0.5, eps = 1e-3, nAlphas = 100, alphas = null, coefInit = null, maxIter = 1000, tol = 1e-4, positive = false, selection = 'cyclic', seed = 0 } = options;
  checkReal(OWNER, 'l1Ratio', l1Ratio, { min: 0, max: 1 });
  checkReal(OWNER, 'eps', eps, { min: 0, minOpen: true });
  checkInt(OWNER, 'nAlphas', nAlphas, 1);
  checkInt(OWNER, 'maxIter', maxIter, 1);
  checkReal(OWNER, 'tol', tol, { min: 0 });
  checkFlag(OWNER, 'positive', positive);
  checkChoice(OWNER, 'selection', selection, ['cyclic', 'random']);
  checkSeed(OWNER, seed);
  const Xm = asMatrix(X, 'X'); // (n, d)
  const yv = asVector(y, 'y', { length: Xm.rows }); // (n,)
  const n = Xm.rows, d = Xm.cols;
  let grid: Float64Array;
  if (alphas === null) {
    if (l1Ratio === 0) throw new InvalidParamError(OWNER, 'alphas', alphas, 'an explicit grid when l1Ratio is 0 (alpha_max is infinite)');
    grid = alphaGrid(Xm, yv, l1Ratio, eps, nAlphas);
  } else {
    grid = asVector(alphas, 'alphas').slice().sort().reverse();
    if (grid[grid.length - 1]! < 0) throw new InvalidParamError(OWNER, 'alphas', alphas, 'non-negative values');
  }
  const w = coefInit === null ? new Float64Array(d) : asVector(coefInit, 'coefInit').slice(); // (d,)
  if (w.length !== d) throw new InvalidParamError(OWNER, 'coefInit', coefInit, `a vector of length d = ${d}`);
  const Xt = transpose(Xm).data; // (d, n)
  const rng = selection === 'random' ? new Rng(seed) : null;
  const m = grid.length;
  const coefs = new Matrix(d, m);
  const dualGaps = new Float64Array(m);
  const nIters = new Int32Array(m);
  const warnings: ConvergenceWarning[] = [];
  for (let k = 0; k < m; k++) {
    const alpha = grid[k]!;
    const r = enetCoordinateDescent(w, alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n, Xt, yv, { maxIter, tol, positive, rng });
    for (let j = 0; j < d; j++) coefs.data[j * m + k] = w[j]! === 0 ? 0 : w[j]!;
    dualGaps[k] = r.gap / n;
    nIters[k] = r.nIter;
    if (!r.converged) warnings.push(new ConvergenceWarning(OWNER, `alpha = ${alpha}: duality gap ${r.gap.toExponential(3)} ≥ ${r.tolScaled.toExponential(3)} after ${maxIter} sweeps`, r.nIter));
  }
  return { alphas: grid, coefs, dualGaps, nIters, warnings };
}

/**
 * The lasso path (sklearn's `lasso_path`): {@link enetPath} with `l1Ratio` = 1.
 * @param X (n, d) @param y (n,)
 */
export function lassoPath(X: MatrixLike, y: VectorLike, options: Omit<EnetPathOptions, 'l1Ratio'> = {}): EnetPathResult {
  return enetPath(X, y, { ...options, l1Ratio: 1 });
}
