/**
 * Golub–Kahan bidiagonalisation (internal kernel of {@link svd}): for a tall (m, n), m ≥ n,
 * $$A = U_B \, B \, V_B^\top,\qquad B = \begin{pmatrix} d_0 & e_0 \\ & d_1 & e_1 \\ && \ddots & \ddots \\ &&& d_{n-1}\end{pmatrix},$$
 * alternating a left reflector that zeroes column $j$ below the diagonal and a right reflector
 * that zeroes row $j$ right of the super-diagonal. Row-major throughout: the left reflectors are
 * applied as row-segment axpys, the right ones as row dot products. $\approx 4mn^2 - \tfrac43 n^3$
 * flops, plus $4mn^2 - \tfrac43 n^3$ for $U_B$ and $\tfrac43 n^3$ for $V_B$.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { accumulateReflectors, makeHouseholder, reflectCols, reflectRows } from './householder.js';

/** Result of {@link bidiagonalize}. */
export interface Bidiagonal {
  d: Float64Array; // (n,)
  /** Super-diagonal, `e[j]` $= B_{j,j+1}$; `e[n-1]` $= 0$. */
  e: Float64Array; // (n,)
  /** $U_B^\top$ restricted to its first n rows, row-major. */
  Ut: Float64Array; // (n, m)
  /** $V_B^\top$, row-major. */
  Vt: Float64Array; // (n, n)
}

/** Bidiagonalise the (m, n) row-major `a` (m ≥ n) in place. */
export function bidiagonalize(a: Float64Array, m: number, n: number): Bidiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const lv: Float64Array[] = [], lb: number[] = [];
  const rv: Float64Array[] = [], rb: number[] = [], ro: number[] = [];
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // left: zero A[j+1:, j]
    const v = new Float64Array(m - j);
    for (let i = j; i < m; i++) v[i - j] = a[i * n + j]!;
    const [alpha, beta] = makeHouseholder(v);
    lv.push(v);
    lb.push(beta);
    d[j] = alpha;
    reflectRows(a, n, j, j + 1, n, v, beta, w);
    if (j + 2 < n) {
      // right: zero A[j, j+2:]
      const u = a.slice(j * n + j + 1, j * n + n);
      const [alphaR, betaR] = makeHouseholder(u);
      rv.push(u);
      rb.push(betaR);
      ro.push(j + 1);
      e[j] = alphaR;
      reflectCols(a, n, j + 1, m, j + 1, u, betaR);
    } else if (j + 1 < n) {
      e[j] = a[j * n + j + 1]!;
    }
  }
  const U = accumulateReflectors(m, n, lv, lb); // (m, n)
  const Ut = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Ut[j * m + i] = U[i * n + j]!;
  const V = accumulateReflectors(n, n, rv, rb, ro); // (n, n)
  const Vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Vt[j * n + i] = V[i * n + j]!;
  return { d, e, Ut, Vt };
}
