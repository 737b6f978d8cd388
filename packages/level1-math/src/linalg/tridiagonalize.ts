/**
 * Householder reduction of a symmetric matrix to tridiagonal form (internal kernel of
 * {@link eigh}): $T = Q^\top A Q$ with $Q = H_0 H_1 \cdots H_{n-3}$.
 *
 * Step $k$ reflects $x = A_{k+1:, k}$ onto $\alpha e_1$ and applies $H_k$ from both sides as the
 * symmetric rank-2 update
 * $$p = \beta A_{22} v,\quad w = p - \tfrac{\beta}{2}(p^\top v)\,v,\quad A_{22} \leftarrow A_{22} - vw^\top - wv^\top.$$
 * Row-major throughout (by symmetry, column $k$ is read as row $k$). $\approx \tfrac{8}{3}n^3$
 * flops for the reduction plus $\tfrac{4}{3}n^3$ to form $Q$.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { accumulateReflectors, makeHouseholder } from './householder.js';

/** Result of {@link tridiagonalize}. */
export interface Tridiagonal {
  /** Diagonal of $T$. */
  d: Float64Array; // (n,)
  /** Sub-diagonal: `e[i]` $= T_{i+1,i}$; `e[n-1]` $= 0$. */
  e: Float64Array; // (n,)
  /** $Q^\top$, row-major, so rotations applied later touch contiguous rows. */
  Qt: Float64Array; // (n, n)
}

/** Reduce the symmetric (n, n) row-major `a` in place (it is overwritten). */
export function tridiagonalize(a: Float64Array, n: number): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const vs: Float64Array[] = [];
  const betas: number[] = [];
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    const L = n - k - 1, s = k + 1;
    const v = a.slice(k * n + s, k * n + n); // x = A[k, k+1:] = A[k+1:, k]
    const [alpha, beta] = makeHouseholder(v);
    vs.push(v);
    betas.push(beta);
    d[k] = a[k * n + k]!;
    e[k] = alpha;
    if (beta === 0) continue;
    // p = β A22 v  (row dot products over the trailing block)
    let pv = 0;
    for (let i = 0; i < L; i++) {
      const o = (s + i) * n + s;
      let t = 0;
      for (let j = 0; j < L; j++) t += a[o + j]! * v[j]!;
      t *= beta;
      p[i] = t;
      pv += t * v[i]!;
    }
    const h = 0.5 * beta * pv;
    for (let i = 0; i < L; i++) p[i] = p[i]! - h * v[i]!; // w
    for (let i = 0; i < L; i++) {
      const o = (s + i) * n + s;
      const vi = v[i]!, wi = p[i]!;
      for (let j = 0; j < L; j++) a[o + j] = a[o + j]! - vi * p[j]! - wi * v[j]!;
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[n * n - 1]!;
  // Q = H_0 ... H_{n-3}, H_k acting on rows k+1.. ; accumulate (n, n) then transpose.
  const offsets = vs.map((_, k) => k + 1);
  const Q = accumulateReflectors(n, n, vs, betas, offsets);
  const Qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Qt[j * n + i] = Q[i * n + j]!;
  return { d, e, Qt };
}
