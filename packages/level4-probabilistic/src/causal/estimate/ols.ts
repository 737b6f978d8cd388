/**
 * Weighted least squares with the covariance estimators the regression-based estimators use
 * (internal). With weights $w_i \ge 0$ (all 1 for OLS), design $X$ (n, k):
 * $$\hat\beta = (X^\top W X)^{-1} X^\top W y,\qquad u = y - X\hat\beta,$$
 * $$\widehat V = (X^\top W X)^{-1}\Big(\sum_i \omega_i\, x_i x_i^\top\Big)(X^\top W X)^{-1},$$
 * with $\omega_i = w_i^2 u_i^2$ (HC0), times $n/(n-k)$ (HC1), divided by $1-h_{ii}$ (HC2) or
 * $(1-h_{ii})^2$ (HC3), $h_{ii} = w_i x_i^\top(X^\top WX)^{-1}x_i$ the leverage; `'nonrobust'` is
 * $\hat\sigma^2 (X^\top WX)^{-1}$, $\hat\sigma^2 = \sum_i w_i u_i^2/(n-k)$; `'cluster'` replaces the
 * meat by $\frac{G}{G-1}\frac{n-1}{n-k}\sum_g s_g s_g^\top$, $s_g = \sum_{i\in g} w_i u_i x_i$ (CR1, Stata's).
 * These are statsmodels' `cov_type` 'nonrobust', 'HC0'–'HC3' and 'cluster'.
 *
 * $(X^\top WX)^{-1}$ by Cholesky (level1) of the diagonally equilibrated matrix
 * $D^{-1}AD^{-1}$, $D = \operatorname{diag}(A)^{1/2}$, so columns on very different scales (incomes
 * next to indicators) lose no accuracy; a pivot below $10^{-12}$ means collinear columns.
 * Cost $O(nk^2 + k^3)$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidInputError, Matrix } from '@fpml/core';
import { cholesky } from '@fpml/level1-math';

/** Covariance estimators of {@link olsCovariance}. */
export type CovType = 'nonrobust' | 'hc0' | 'hc1' | 'hc2' | 'hc3' | 'cluster';
export const COV_TYPES: readonly CovType[] = ['nonrobust', 'hc0', 'hc1', 'hc2', 'hc3', 'cluster'];

/** A least-squares fit. */
export interface OlsFit {
  beta: Float64Array; // (k,)
  /** $(X^\top W X)^{-1}$, (k, k) row-major. */
  bread: Float64Array; // (k, k)
  resid: Float64Array; // (n,)
  n: number;
  k: number;
}

/** Inverse of a symmetric positive definite (k, k) matrix; `what` names it in the collinearity error. */
export function spdInverse(owner: string, A: Float64Array, k: number, what: string): Float64Array {
  const s = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const v = A[j * k + j]!;
    if (!(v > 0)) throw new InvalidInputError(`${owner}: ${what} is singular (column ${j} is all zero)`);
    s[j] = 1 / Math.sqrt(v);
  }
  const E = new Matrix(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) E.data[i * k + j] = A[i * k + j]! * s[i]! * s[j]!;
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) E.data[j * k + i] = E.data[i * k + j]!; // exact symmetry
  let L: Matrix;
  try {
    L = cholesky(E);
  } catch {
    throw new InvalidInputError(`${owner}: ${what} is singular (collinear columns)`);
  }
  const l = L.data;
  for (let j = 0; j < k; j++) if (l[j * k + j]! < 1e-6) throw new InvalidInputError(`${owner}: ${what} is singular (collinear columns, pivot ${j} is ${(l[j * k + j]! ** 2).toExponential(2)})`);
  // inverse of L (lower), then E^{-1} = L^{-T} L^{-1}
  const Li = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    Li[j * k + j] = 1 / l[j * k + j]!;
    for (let i = j + 1; i < k; i++) {
      let t = 0;
      for (let m = j; m < i; m++) t -= l[i * k + m]! * Li[m * k + j]!;
      Li[i * k + j] = t / l[i * k + i]!;
    }
  }
  const out = new Float64Array(k * k); // (k, k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let m = i; m < k; m++) t += Li[m * k + i]! * Li[m * k + j]!;
      out[i * k + j] = out[j * k + i] = t * s[i]! * s[j]!;
    }
  }
  return out;
}

/** $X^\top W X$ and $X^\top W y$. */
function normalEquations(X: Float64Array, y: Float64Array, n: number, k: number, w?: Float64Array): { A: Float64Array; b: Float64Array } {
  const A = new Float64Array(k * k), b = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    const o = i * k;
    for (let a = 0; a < k; a++) {
      const xa = wi * X[o + a]!;
      b[a] += xa * y[i]!;
      for (let c = 0; c <= a; c++) A[a * k + c] += xa * X[o + c]!;
    }
  }
  for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) A[c * k + a] = A[a * k + c]!;
  return { A, b };
}

/** Symmetric (k, k) times vector. */
export function symv(M: Float64Array, v: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let t = 0;
    for (let j = 0; j < k; j++) t += M[i * k + j]! * v[j]!;
    out[i] = t;
  }
  return out;
}

/**
 * Weighted least squares of y (n,) on X (n, k), weights w (n,) or none. One refinement step on
 * the residual normal equations keeps $\hat\beta$ at working accuracy.
 */
export function ols(owner: string, X: Float64Array, y: Float64Array, n: number, k: number, w?: Float64Array, what = 'the design matrix X^T X'): OlsFit {
  const { A, b } = normalEquations(X, y, n, k, w);
  const bread = spdInverse(owner, A, k, what);
  const beta = symv(bread, b, k);
  const resid = new Float64Array(n);
  const refine = (): void => {
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let a = 0; a < k; a++) f += X[i * k + a]! * beta[a]!;
      resid[i] = y[i]! - f;
    }
  };
  refine();
  const r = normalEquations(X, resid, n, k, w).b;
  const db = symv(bread, r, k);
  for (let a = 0; a < k; a++) beta[a] += db[a]!;
  refine();
  return { beta, bread, resid, n, k };
}

/** The covariance of $\hat\beta$ (k, k) for a `cov` type; `clusters` (n,) ids for 'cluster'. */
export function olsCovariance(fit: OlsFit, X: Float64Array, cov: CovType, w?: Float64Array, clusters?: ArrayLike<number>): Float64Array {
  const { bread, resid: u, n, k } = fit;
  let m = 0;
  for (let i = 0; i < n; i++) if (!w || w[i]! > 0) m++;
  if (cov === 'nonrobust') {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (w ? w[i]! : 1) * u[i]! ** 2;
    const s2 = ss / (m - k);
    return bread.map((v) => v * s2);
  }
  const meat = new Float64Array(k * k);
  if (cov === 'cluster') {
    const sums = new Map<number, Float64Array>();
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      if (wi === 0) continue;
      const g = clusters![i]!;
      let s = sums.get(g);
      if (!s) sums.set(g, (s = new Float64Array(k)));
      for (let a = 0; a < k; a++) s[a] += wi * u[i]! * X[i * k + a]!;
    }
    const G = sums.size;
    for (const s of sums.values()) for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) meat[a * k + c] += s[a]! * s[c]!;
    const f = (G / (G - 1)) * ((m - 1) / (m - k));
    for (let a = 0; a < k * k; a++) meat[a] *= f;
  } else {
    const tmp = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      if (wi === 0) continue;
      const o = i * k;
      let om = wi * wi * u[i]! * u[i]!;
      if (cov === 'hc1') om *= m / (m - k);
      else if (cov === 'hc2' || cov === 'hc3') {
        for (let a = 0; a < k; a++) {
          let t = 0;
          for (let c = 0; c < k; c++) t += bread[a * k + c]! * X[o + c]!;
          tmp[a] = t;
        }
        let h = 0;
        for (let a = 0; a < k; a++) h += X[o + a]! * tmp[a]!;
        h *= wi;
        om /= cov === 'hc2' ? 1 - h : (1 - h) ** 2;
      }
      for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) meat[a * k + c] += om * X[o + a]! * X[o + c]!;
    }
  }
  // bread · meat · bread
  const BM = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) {
    let t = 0;
    for (let j = 0; j < k; j++) t += bread[a * k + j]! * meat[j * k + c]!;
    BM[a * k + c] = t;
  }
  const V = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) {
    let t = 0;
    for (let j = 0; j < k; j++) t += BM[a * k + j]! * bread[j * k + c]!;
    V[a * k + c] = t;
  }
  return V;
}

/** $x^\top V x$ for a (k, k) V. */
export function quadForm(V: Float64Array, x: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) s += x[a]! * V[a * k + c]! * x[c]!;
  return s;
}
