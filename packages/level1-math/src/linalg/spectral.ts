/**
 * Quantities read off the SVD: pseudo-inverse, condition number, numerical rank.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { InvalidParamError, Matrix, describeValue, type MatrixLike } from '@fpml/core';
import { inv, lu } from './lu.js';
import { svd } from './svd.js';
import { finiteMatrix, squareMatrix } from './validate.js';

const EPS = 2 ** -52;

/** Options of {@link pinv}. */
export interface PinvOptions {
  /** Singular values $\le$ `rcond` $\cdot\,\sigma_1$ are treated as zero. @default 1e-15 (numpy's) */
  rcond?: number;
}

/**
 * Moore–Penrose pseudo-inverse $$A^+ = V\,\Sigma^+ U^\top,\qquad \Sigma^+_{ii} = \begin{cases}1/\sigma_i & \sigma_i > \mathrm{rcond}\,\sigma_1\\ 0 & \text{else,}\end{cases}$$
 * the unique $X$ with $AXA = A$, $XAX = X$ and $AX$, $XA$ symmetric. A relative perturbation of
 * A changes $A^+$ by up to $\kappa$ times as much, and discontinuously where a $\sigma_i$ crosses
 * the cut-off. $O(mn\min(m,n))$.
 * @param A (m, n) @returns (n, m)
 * @throws InvalidInputError for NaN/Inf; InvalidParamError for a bad rcond.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function pinv(A: MatrixLike, options: PinvOptions = {}): Matrix {
  const { rcond = 1e-15 } = options;
  if (typeof rcond !== 'number' || !(rcond >= 0) || !Number.isFinite(rcond)) throw new InvalidParamError('pinv', 'rcond', rcond, 'a finite number ≥ 0');
  const M = finiteMatrix(A, 'pinv');
  const { U, S, Vt } = svd(M);
  const k = S.length, n = M.cols, m = M.rows;
  const cut = rcond * (S[0] ?? 0);
  const W = new Matrix(k, n); // Σ⁺ Vᵀ (rows scaled)
  for (let i = 0; i < k; i++) {
    if (!(S[i]! > cut)) continue;
    const f = 1 / S[i]!;
    for (let j = 0; j < n; j++) W.data[i * n + j] = f * Vt.data[i * n + j]!;
  }
  // A⁺ = V Σ⁺ Uᵀ = (Σ⁺Vᵀ)ᵀ Uᵀ = Wᵀ Uᵀ; compute as (U W)ᵀ to use one product
  const UW = new Matrix(m, n);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < k; i++) {
      const u = U.data[r * k + i]!;
      if (u === 0) continue;
      for (let j = 0; j < n; j++) UW.data[r * n + j]! += u * W.data[i * n + j]!;
    }
  }
  const out = new Matrix(n, m);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) out.data[j * m + r] = UW.data[r * n + j]!;
  return out;
}

/** A norm accepted by {@link cond}. */
export type CondNorm = 2 | -2 | 1 | typeof Infinity | 'fro';

/**
 * Condition number $$\kappa_p(A) = \lVert A\rVert_p\,\lVert A^{-1}\rVert_p,\qquad \kappa_2 = \sigma_1/\sigma_n$$
 * ($p = -2$: $\sigma_n/\sigma_1$). `p = 2` works for any shape (via the SVD, numpy's definition);
 * 1, ∞ and `'fro'` need a square A and use its inverse. Returns `Infinity` for a singular A. In
 * floating point $\kappa_2 \gtrsim 1/\varepsilon \approx 4.5\cdot10^{15}$ is itself unreliable: the
 * computed $\sigma_n$ is then rounding noise of size $\varepsilon\sigma_1$.
 * @param A (m, n) @param p norm @default 2
 * @throws InvalidParamError for another p; ShapeError for a non-square A with p ≠ ±2.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function cond(A: MatrixLike, p: CondNorm = 2): number {
  if (p === 2 || p === -2) {
    const { S } = svd(finiteMatrix(A, 'cond'));
    const hi = S[0]!, lo = S[S.length - 1]!;
    if (p === 2) return lo === 0 ? Infinity : hi / lo;
    return hi === 0 ? 0 : lo / hi;
  }
  if (p !== 1 && p !== Infinity && p !== 'fro') throw new InvalidParamError('cond', 'p', p, "2, -2, 1, Infinity or 'fro'");
  const M = squareMatrix(A, 'cond');
  if (lu(M).singular) return Infinity;
  const Ai = inv(M);
  return matrixNorm(M, p) * matrixNorm(Ai, p);
}

/** $\lVert X\rVert_1$ (max column sum), $\lVert X\rVert_\infty$ (max row sum) or Frobenius. */
function matrixNorm(X: Matrix, p: 1 | typeof Infinity | 'fro'): number {
  const m = X.rows, n = X.cols, x = X.data;
  if (p === 'fro') {
    let s = 0;
    for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
    return Math.sqrt(s);
  }
  const sums = new Float64Array(p === 1 ? n : m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[p === 1 ? j : i]! += Math.abs(x[i * n + j]!);
  let best = 0;
  for (const v of sums) best = Math.max(best, v);
  return best;
}

/**
 * Numerical rank: the number of singular values above `tol`, by default
 * $\sigma_1 \max(m, n)\,\varepsilon$ (numpy's `matrix_rank`). Rank is ill-posed: any matrix is
 * within $\sigma_{r+1}$ of a rank-$r$ one, so the answer depends on the tolerance. $O(mn\min(m,n))$.
 * @param A (m, n) @param tol absolute threshold
 * @throws InvalidInputError for NaN/Inf; InvalidParamError for a negative or non-finite tol.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function matrixRank(A: MatrixLike, tol?: number): number {
  if (tol !== undefined && (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol))) {
    throw new InvalidParamError('matrixRank', 'tol', tol, `a finite number ≥ 0 (got ${describeValue(tol)})`);
  }
  const M = finiteMatrix(A, 'matrixRank');
  const { S } = svd(M);
  const t = tol ?? (S[0] ?? 0) * Math.max(M.rows, M.cols) * EPS;
  let r = 0;
  for (const s of S) if (s > t) r++;
  return r;
}
