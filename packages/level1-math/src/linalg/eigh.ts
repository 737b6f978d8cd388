/**
 * Symmetric eigendecomposition $A = V\Lambda V^\top$: Householder tridiagonalisation followed by
 * the implicit QL algorithm with Wilkinson shifts (the EISPACK `tql2` scheme).
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { Matrix, type MatrixLike } from '@fpml/core';
import { LinalgConvergenceError } from './errors.js';
import { tridiagonalize } from './tridiagonalize.js';
import { maxAbs, symmetricMatrix } from './validate.js';

/** Result of {@link eigh}. */
export interface EighResult {
  /** Eigenvalues in ascending order, as `numpy.linalg.eigh`. */
  values: Float64Array; // (n,)
  /** Orthonormal eigenvectors as columns: `A v_j = λ_j v_j`. */
  vectors: Matrix; // (n, n)
}

const EPS = 2 ** -52;
/** QL sweeps allowed per eigenvalue before giving up (LAPACK allows 30). */
const MAX_SWEEPS = 60;
/**
 * √(smallest normal double) = 2⁻⁵¹¹ ≈ 1.5e-154: an off-diagonal this small, in T scaled to a
 * largest entry in [1, 2), is set to zero (LAPACK `dsteqr`'s `safmin` term). Without it a
 * graded T such as d = (0, 0, 4.8e-214, −4.8e-214), e = (1, 2.4e-214, 1e-110) never passes the
 * relative test (ε(|d_m| + |d_{m+1}|) is 1e-229) and its rotations underflow: the QL sweeps
 * run out. Zeroing it perturbs T by ≤ 2⁻⁵¹¹‖T‖, far inside the ε‖T‖ backward error.
 */
const SQRT_SAFMIN = 2 ** -511;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix,
 * $$A = V \Lambda V^\top,\qquad V^\top V = I,\qquad \Lambda = \operatorname{diag}(\lambda_1 \le \dots \le \lambda_n).$$
 *
 * 1. $A$ is scaled by $1/\max|a_{ij}|$ (no overflow in norms), then reduced to tridiagonal
 *    $T = Q^\top A Q$ by Householder reflections.
 * 2. Implicit QL on $T$: for the unreduced block starting at $l$, the shift $\mu$ is the
 *    eigenvalue of $T_{l:l+2,l:l+2}$ nearer $d_l$ (Wilkinson), and a chase of Givens rotations
 *    performs $T - \mu I = QL$, $T \leftarrow LQ + \mu I$ without forming it. An off-diagonal
 *    $e_m$ is set to zero once $|e_m| \le \varepsilon(|d_m| + |d_{m+1}|)$, or $|e_m| \le 2^{-511}$ in $T$
 *    scaled by a power of two to $\max|T| \in [1, 2)$ (below that the rotations underflow). Convergence is
 *    cubic for symmetric matrices, ≈ 1.3 sweeps per eigenvalue.
 * 3. The rotations are applied to the rows of $Q^\top$ (contiguous memory), giving $V^\top$.
 *
 * Backward stable: the computed pair is exact for $A + E$ with $\lVert E\rVert_2 = O(\varepsilon\lVert A\rVert_2)$,
 * so $|\hat\lambda_i - \lambda_i| = O(\varepsilon\lVert A\rVert_2)$ (Weyl) and an eigenvector's angle
 * error is $O(\varepsilon\lVert A\rVert_2/\mathrm{gap}_i)$.
 *
 * Complexity $\approx 9n^3$ flops ($\tfrac{4}{3}n^3$ reduction as a full rank-2 update, $\tfrac43 n^3$
 * for $Q$, ≈ $6n^3$ for the rotations), $O(n^2)$ memory.
 *
 * @param A (n, n) symmetric: checked to $|a_{ij}-a_{ji}| \le \sqrt{\varepsilon}\max|a|$, then replaced by
 *   $(A + A^\top)/2$ so rounding-level asymmetry (e.g. from $X^\top X$) does not matter.
 * @throws ShapeError if A is not square; InvalidInputError for NaN/Inf or an asymmetric A.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function eigh(A: MatrixLike): EighResult {
  const M = symmetricMatrix(A, 'eigh');
  const n = M.rows;
  const scale = maxAbs(M.data) || 1;
  const a = new Float64Array(n * n);
  // symmetrise exactly: (a_ij + a_ji)/2, scaled
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (0.5 * (M.data[i * n + j]! + M.data[j * n + i]!)) / scale;
  }
  const { d, e, Qt } = tridiagonalize(a, n);
  tql(d, e, Qt, n);
  // sort ascending, permuting rows of V^T
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
  const values = new Float64Array(n);
  const V = new Matrix(n, n);
  for (let c = 0; c < n; c++) {
    const r = order[c]!;
    values[c] = d[r]! * scale;
    for (let i = 0; i < n; i++) V.data[i * n + c] = Qt[r * n + i]!;
  }
  return { values, vectors: V };
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e), `e[i]` coupling `d[i]` and
 * `d[i+1]`; rotations update rows of `Zt` (n, n). On return `d` holds the eigenvalues and row
 * `i` of `Zt` the eigenvector of `d[i]`.
 */
export function tql(d: Float64Array, e: Float64Array, Zt: Float64Array, n: number): void {
  // Work on T / 2^k with its largest entry in [1, 2) (exact: a power of two), so the underflow
  // floor SQRT_SAFMIN is relative to T's size (eigh's T is already scaled; Lanczos' is not).
  let tmax = 0;
  for (let i = 0; i < n; i++) tmax = Math.max(tmax, Math.abs(d[i]!), Math.abs(e[i]!));
  if (tmax === 0) return; // T = 0: eigenvalues 0, Zt unchanged
  const pow2 = 2 ** Math.floor(Math.log2(tmax));
  if (pow2 !== 1) {
    for (let i = 0; i < n; i++) {
      d[i] = d[i]! / pow2;
      e[i] = e[i]! / pow2;
    }
  }
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m]!);
        if (em <= EPS * (Math.abs(d[m]!) + Math.abs(d[m + 1]!)) || em <= SQRT_SAFMIN) break;
      }
      if (m === l) break;
      if (iter++ >= MAX_SWEEPS) {
        throw new LinalgConvergenceError('eigh', `implicit QL did not converge for eigenvalue ${l} in ${MAX_SWEEPS} sweeps`);
      }
      // Wilkinson shift: eigenvalue of the leading 2×2 block of T_{l:m} closer to d[l]
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // the rotation would divide by zero: d[i+1] is decoupled, restart the block
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // rows i, i+1 of Z^T: the rotation's columns in Z
        const oi = i * n, oj = oi + n;
        for (let k = 0; k < n; k++) {
          const zi = Zt[oi + k]!, zj = Zt[oj + k]!;
          Zt[oj + k] = s * zi + c * zj;
          Zt[oi + k] = c * zi - s * zj;
        }
      }
      if (underflow) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  if (pow2 !== 1) for (let i = 0; i < n; i++) d[i] = d[i]! * pow2;
}
