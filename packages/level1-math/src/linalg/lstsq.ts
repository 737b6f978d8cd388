/**
 * Linear least squares $\min_x \lVert Ax - b\rVert_2$ by pivoted QR or by the SVD.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { InvalidParamError, Matrix, matmul, matmulTransA, type MatrixLike } from '@fpml/core';
import { qr } from './qr.js';
import { svd } from './svd.js';
import { finiteMatrix, rightHandSide } from './validate.js';

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /** `'svd'`: minimum-norm solution (numpy's `lstsq`); `'qr'`: pivoted-QR basic solution. @default 'svd' */
  method?: 'qr' | 'svd';
  /**
   * Relative cut-off: singular values (or $|r_{ii}|$) below `rcond` times the largest count as zero.
   * @default $\varepsilon\max(m, n)$ (numpy's `rcond=None`)
   */
  rcond?: number;
}

/** Result of {@link lstsq}. */
export interface LstsqResult<T extends Matrix | Float64Array> {
  /** Solution, (n,) for a vector b, else (n, k). */
  x: T;
  /** $\lVert Ax - b\rVert_2^2$ per column of b when rank = n < m; empty otherwise (numpy's rule). */
  residuals: Float64Array;
  /** Numerical rank found. */
  rank: number;
  /** Singular values of A, descending (method 'svd' only). */
  singularValues?: Float64Array;
}

const EPS = 2 ** -52;

/**
 * Least squares $$\hat x = \arg\min_x \lVert Ax - b\rVert_2.$$
 *
 * - `'svd'`: $A = U\Sigma V^\top$, $\hat x = \sum_{\sigma_i > \tau} v_i\,(u_i^\top b)/\sigma_i$ with
 *   $\tau = \mathrm{rcond}\cdot\sigma_1$: the minimum-norm solution, the same as numpy (LAPACK `gelsd`).
 *   Error $\lesssim \varepsilon\,(\kappa + \kappa^2 \lVert r\rVert/(\lVert A\rVert\lVert x\rVert))$ on the retained part.
 * - `'qr'`: $AP = QR$ with column pivoting, rank $r = \#\{|r_{ii}| > \mathrm{rcond}\,|r_{00}|\}$,
 *   $R_{11} z = (Q^\top b)_{1:r}$, $\hat x_{P} = (z, 0)$: the *basic* solution, which has the same
 *   residual as the minimum-norm one but is not minimum-norm when $r < n$. About 2–3× cheaper
 *   than the SVD for full-rank problems, with the same error bound.
 *
 * Complexity $O(mn^2)$ (QR) or $O(mn^2 + n^3)$ with a larger constant (SVD).
 *
 * @param A (m, n) @param b (m,) or (m, k)
 * @throws ShapeError if b's rows differ from A's; InvalidInputError for NaN/Inf; InvalidParamError for a bad option.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function lstsq(A: MatrixLike, b: Float64Array, options?: LstsqOptions): LstsqResult<Float64Array>;
export function lstsq(A: MatrixLike, b: Matrix, options?: LstsqOptions): LstsqResult<Matrix>;
export function lstsq(A: MatrixLike, b: Matrix | Float64Array, options?: LstsqOptions): LstsqResult<Matrix | Float64Array>;
export function lstsq(A: MatrixLike, b: Matrix | Float64Array, options: LstsqOptions = {}): LstsqResult<Matrix | Float64Array> {
  const { method = 'svd' } = options;
  if (method !== 'svd' && method !== 'qr') throw new InvalidParamError('lstsq', 'method', method, "'qr' or 'svd'");
  const M = finiteMatrix(A, 'lstsq');
  const m = M.rows, n = M.cols;
  const rcond = options.rcond ?? EPS * Math.max(m, n);
  if (typeof rcond !== 'number' || !(rcond >= 0) || !Number.isFinite(rcond)) {
    throw new InvalidParamError('lstsq', 'rcond', rcond, 'a finite number ≥ 0');
  }
  const { B, vector } = rightHandSide(b, m, 'lstsq');
  const k = B.cols;
  let X: Matrix; // (n, k)
  let rank: number;
  let singularValues: Float64Array | undefined;
  if (method === 'svd') {
    const { U, S, Vt } = svd(M);
    singularValues = S;
    const tau = rcond * (S[0] ?? 0);
    rank = 0;
    while (rank < S.length && S[rank]! > tau) rank++;
    const C = matmulTransA(U, B); // (p, k) = Uᵀ b
    const Y = new Matrix(rank, k); // Σ⁻¹ Uᵀ b on the retained part
    for (let i = 0; i < rank; i++) for (let c = 0; c < k; c++) Y.data[i * k + c] = C.data[i * k + c]! / S[i]!;
    const Vr = new Matrix(rank, n, Vt.data.subarray(0, rank * n)); // (r, n)
    X = matmulTransA(Vr, Y);
  } else {
    const { Q, R, perm } = qr(M, { pivoting: true });
    const p = R.rows;
    const r00 = Math.abs(R.data[0]!);
    rank = 0;
    while (rank < p && Math.abs(R.data[rank * n + rank]!) > rcond * r00) rank++;
    const C = matmulTransA(Q, B); // (p, k) = Qᵀ b
    X = new Matrix(n, k);
    const z = new Float64Array(rank * k); // R11 z = c_{1:r}
    for (let i = rank - 1; i >= 0; i--) {
      for (let c = 0; c < k; c++) {
        let s = C.data[i * k + c]!;
        for (let j = i + 1; j < rank; j++) s -= R.data[i * n + j]! * z[j * k + c]!;
        z[i * k + c] = s / R.data[i * n + i]!;
      }
    }
    for (let i = 0; i < rank; i++) X.data.set(z.subarray(i * k, i * k + k), perm![i]! * k);
  }
  let residuals = new Float64Array(0);
  if (rank === n && m > n) {
    residuals = new Float64Array(k);
    const AX = matmul(M, X); // (m, k)
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < k; c++) {
        const d = AX.data[i * k + c]! - B.data[i * k + c]!;
        residuals[c]! += d * d;
      }
    }
  }
  const out: LstsqResult<Matrix | Float64Array> = { x: vector ? X.data : X, residuals, rank };
  if (singularValues) out.singularValues = singularValues;
  return out;
}
