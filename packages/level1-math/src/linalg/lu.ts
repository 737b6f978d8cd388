/**
 * LU factorisation with partial pivoting, $PA = LU$, and what it gives: solves, determinant,
 * inverse.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { Matrix, ShapeError, matmul, type MatrixLike } from '@fpml/core';
import { SingularMatrixError } from './errors.js';
import { finiteMatrix, rightHandSide, squareMatrix } from './validate.js';

/** Result of {@link lu}. */
export interface LuResult {
  /** $L$ (unit lower, diagonal not stored) and $U$ packed in one matrix. */
  LU: Matrix; // (m, n)
  /** Row $i$ of $PA$ is row `perm[i]` of $A$. */
  perm: Int32Array; // (m,)
  /** $\det P = \pm 1$ (parity of the row swaps). */
  sign: 1 | -1;
  /** Some pivot is exactly zero (then $U$ is singular). */
  singular: boolean;
}

/** Panel width of the blocked LU: columns eliminated with level-2 loops before one GEMM update. */
const LU_BLOCK = 16;

/**
 * Gaussian elimination with partial pivoting on the row-major (m, n) `a`, in place:
 * at step $k$ the row with the largest $|a_{ik}|$, $i \ge k$, is swapped up, then
 * $l_{ik} = a_{ik}/a_{kk}$ and $a_{i,k+1:} \mathrel{-}= l_{ik}\,a_{k,k+1:}$.
 *
 * Blocked right-looking form (LAPACK `dgetrf`'s order): a panel of {@link LU_BLOCK} columns is
 * factored with the update above restricted to the panel (full rows are swapped), then the
 * block row to its right becomes $U_{12} = L_{11}^{-1}A_{12}$ (unit lower triangular solve) and
 * the trailing matrix gets one rank-{@link LU_BLOCK} update $A_{22} \mathrel{-}= L_{21}U_{12}$ through
 * core's `matmul` (its SIMD kernel). The same pivots and factors as the unblocked loop in exact
 * arithmetic, rounded differently. Returns the permutation, its sign and the first zero pivot
 * (−1 if none). $\approx mn^2 - n^3/3$ flops, all but $O(mn\cdot$`LU_BLOCK`$)$ of them in GEMM.
 */
export function luInPlace(a: Float64Array, m: number, n: number): { perm: Int32Array; sign: 1 | -1; zeroPivot: number } {
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  let sign: 1 | -1 = 1;
  let zeroPivot = -1;
  const K = Math.min(m, n);
  for (let j0 = 0; j0 < K; j0 += LU_BLOCK) {
    const j1 = Math.min(j0 + LU_BLOCK, K); // panel columns [j0, j1)
    for (let k = j0; k < j1; k++) {
      let p = k, best = Math.abs(a[k * n + k]!);
      for (let i = k + 1; i < m; i++) {
        const v = Math.abs(a[i * n + k]!);
        if (v > best) { best = v; p = i; }
      }
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const t = a[k * n + j]!;
          a[k * n + j] = a[p * n + j]!;
          a[p * n + j] = t;
        }
        const t = perm[k]!; perm[k] = perm[p]!; perm[p] = t;
        sign = -sign as 1 | -1;
      }
      const pivot = a[k * n + k]!;
      if (pivot === 0) {
        if (zeroPivot < 0) zeroPivot = k;
        continue;
      }
      const ok = k * n;
      for (let i = k + 1; i < m; i++) {
        const oi = i * n;
        const l = a[oi + k]! / pivot;
        a[oi + k] = l;
        if (l === 0) continue;
        for (let j = k + 1; j < j1; j++) a[oi + j] = a[oi + j]! - l * a[ok + j]!;
      }
    }
    const w = n - j1; // columns right of the panel
    if (w === 0) continue;
    // U12 = L11^{-1} A12: rows [j0, j1), columns [j1, n)
    for (let k = j0; k < j1; k++) {
      const ok = k * n;
      for (let i = k + 1; i < j1; i++) {
        const oi = i * n;
        const l = a[oi + k]!;
        if (l === 0) continue;
        for (let j = j1; j < n; j++) a[oi + j] = a[oi + j]! - l * a[ok + j]!;
      }
    }
    const h = m - j1; // rows below the panel
    if (h === 0) continue;
    const jb = j1 - j0;
    const L21 = new Matrix(h, jb); // (h, jb)
    for (let i = 0; i < h; i++) for (let c = 0; c < jb; c++) L21.data[i * jb + c] = a[(j1 + i) * n + j0 + c]!;
    const U12 = new Matrix(jb, w); // (jb, w)
    for (let r = 0; r < jb; r++) U12.data.set(a.subarray((j0 + r) * n + j1, (j0 + r + 1) * n), r * w);
    const P = matmul(L21, U12).data; // (h, w)
    for (let i = 0; i < h; i++) {
      const o = (j1 + i) * n + j1, q = i * w;
      for (let j = 0; j < w; j++) a[o + j] = a[o + j]! - P[q + j]!;
    }
  }
  return { perm, sign, zeroPivot };
}

/**
 * LU factorisation with partial pivoting, $$PA = LU,$$ $L$ unit lower triangular with
 * $|l_{ij}| \le 1$, $U$ upper triangular. Backward stable in practice: the computed factors
 * satisfy $\hat L\hat U = PA + E$ with $\lVert E\rVert \le c\,n\,\rho\,\varepsilon\lVert A\rVert$, where
 * the growth factor $\rho$ is small except for contrived matrices ($\rho \le 2^{n-1}$).
 * Does not throw for singular A: `singular` reports an exactly zero pivot. $\approx \tfrac23 n^3$ flops.
 *
 * @param A (m, n), finite (usually square).
 * @throws InvalidInputError for NaN/Inf or empty input.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function lu(A: MatrixLike): LuResult {
  const M = finiteMatrix(A, 'lu');
  const LU = M.clone();
  const { perm, sign, zeroPivot } = luInPlace(LU.data, M.rows, M.cols);
  return { LU, perm, sign, singular: zeroPivot >= 0 };
}

function firstZeroPivot(f: LuResult): number {
  const n = f.LU.cols;
  for (let k = 0; k < Math.min(f.LU.rows, n); k++) if (f.LU.data[k * n + k] === 0) return k;
  return -1;
}

/**
 * Solve $Ax = b$ from a factorisation $PA = LU$: $Ly = Pb$ (forward), $Ux = y$ (backward).
 * $O(n^2)$ per right-hand side. Relative error $\lVert\hat x - x\rVert/\lVert x\rVert \lesssim \kappa(A)\,\varepsilon$.
 *
 * @param f a square factorisation from {@link lu}
 * @param b (n,) or (n, k); the result has the same form.
 * @throws SingularMatrixError naming the zero pivot; ShapeError for a non-square factorisation or mismatched b.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function luSolve(f: LuResult, b: Float64Array): Float64Array;
export function luSolve(f: LuResult, b: Matrix): Matrix;
export function luSolve(f: LuResult, b: Matrix | Float64Array): Matrix | Float64Array;
export function luSolve(f: LuResult, b: Matrix | Float64Array): Matrix | Float64Array {
  const n = f.LU.rows;
  if (f.LU.cols !== n) throw new ShapeError(`luSolve: the factorisation must be square, got ${n}x${f.LU.cols}`);
  const { B, vector } = rightHandSide(b, n, 'luSolve');
  const z = firstZeroPivot(f);
  if (z >= 0) throw new SingularMatrixError('luSolve', z);
  const k = B.cols, lu = f.LU.data;
  const X = new Matrix(n, k);
  const x = X.data;
  for (let i = 0; i < n; i++) x.set(B.data.subarray(f.perm[i]! * k, f.perm[i]! * k + k), i * k);
  for (let i = 1; i < n; i++) {
    const oi = i * k;
    for (let j = 0; j < i; j++) {
      const l = lu[i * n + j]!;
      if (l === 0) continue;
      const oj = j * k;
      for (let c = 0; c < k; c++) x[oi + c] = x[oi + c]! - l * x[oj + c]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const oi = i * k;
    for (let j = i + 1; j < n; j++) {
      const u = lu[i * n + j]!;
      if (u === 0) continue;
      const oj = j * k;
      for (let c = 0; c < k; c++) x[oi + c] = x[oi + c]! - u * x[oj + c]!;
    }
    const d = lu[i * n + i]!;
    for (let c = 0; c < k; c++) x[oi + c] = x[oi + c]! / d;
  }
  return vector ? x : X;
}

/**
 * Determinant from $PA = LU$: $$\det A = \det P \prod_i u_{ii}.$$ Exactly 0 for an exactly zero
 * pivot. May overflow/underflow for large n (use the log of the pivots instead). $\approx\tfrac23 n^3$.
 * @param A (n, n) @throws ShapeError if not square; InvalidInputError for NaN/Inf.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function det(A: MatrixLike): number {
  const M = squareMatrix(A, 'det');
  const f = lu(M);
  const n = M.rows;
  let d: number = f.sign;
  for (let i = 0; i < n; i++) d *= f.LU.data[i * n + i]!;
  return d;
}

/**
 * Inverse $A^{-1}$ by solving $AX = I$ with one LU. $\approx 2n^3$ flops. Prefer {@link luSolve}
 * for systems: forming the inverse costs three times as much and is less accurate.
 * @param A (n, n) @returns (n, n)
 * @throws SingularMatrixError naming the zero pivot; ShapeError if not square; InvalidInputError for NaN/Inf.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function inv(A: MatrixLike): Matrix {
  const M = squareMatrix(A, 'inv');
  const f = lu(M);
  const z = firstZeroPivot(f);
  if (z >= 0) throw new SingularMatrixError('inv', z);
  return luSolve(f, Matrix.eye(M.rows));
}
