/**
 * L-BFGS (Nocedal 1980; Nocedal & Wright Algorithms 7.4 and 7.5) with the strong-Wolfe line
 * search of Algorithms 3.5/3.6.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { ConvergenceWarning } from '@fpml/core';
import { strongWolfe } from './line-search.js';
import { distance, dotv, evaluate, norm, type MinimizeResult, type Objective, type StopReason, type TraceRecord } from './types.js';

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Iterations allowed. @default 1000 */
  maxIter?: number;
  /** Stop when $\|\nabla f\|_2 \le$ tol. @default 1e-6 */
  tol?: number;
  /** Also stop when $(f_k - f_{k+1}) \le$ fTol $\cdot \max(|f_k|, |f_{k+1}|, 1)$ (0 disables; scipy's factr·eps is 2.2e-9). @default 0 */
  fTol?: number;
  /** Number $m$ of $(s, y)$ pairs kept. @default 10 */
  historySize?: number;
  /** Wolfe constants. @default 1e-4, 0.9 */
  c1?: number;
  c2?: number;
  /** Copy every iterate into the trace. @default false */
  recordX?: boolean;
}

/**
 * Two-loop recursion (N&W Algorithm 7.4): $r = H_k q$ for the L-BFGS inverse-Hessian
 * approximation built from the pairs $(s_i, y_i)$, $\rho_i = 1/(y_i^\top s_i)$, with
 * $H_k^0 = \gamma I$, $\gamma = s_{k-1}^\top y_{k-1} / y_{k-1}^\top y_{k-1}$ (eq. 7.20). $O(md)$.
 */
export function twoLoop(q: Float64Array, S: readonly Float64Array[], Y: readonly Float64Array[]): Float64Array {
  const m = S.length;
  const r = Float64Array.from(q); // (d,)
  const alpha = new Float64Array(m);
  const rho = S.map((s, i) => 1 / dotv(Y[i]!, s));
  for (let i = m - 1; i >= 0; i--) {
    alpha[i] = rho[i]! * dotv(S[i]!, r);
    const y = Y[i]!;
    for (let j = 0; j < r.length; j++) r[j] = r[j]! - alpha[i]! * y[j]!;
  }
  const gamma = m > 0 ? dotv(S[m - 1]!, Y[m - 1]!) / dotv(Y[m - 1]!, Y[m - 1]!) : 1;
  for (let j = 0; j < r.length; j++) r[j] = r[j]! * gamma;
  for (let i = 0; i < m; i++) {
    const beta = rho[i]! * dotv(Y[i]!, r);
    const s = S[i]!;
    for (let j = 0; j < r.length; j++) r[j] = r[j]! + (alpha[i]! - beta) * s[j]!;
  }
  return r;
}

/**
 * Minimise with L-BFGS: $x_{k+1} = x_k - \alpha_k H_k \nabla f(x_k)$, $H_k$ from the last $m$ pairs
 * $s_k = x_{k+1} - x_k$, $y_k = \nabla f_{k+1} - \nabla f_k$ (two-loop recursion), $\alpha_k$ satisfying the
 * strong Wolfe conditions, which keep $y_k^\top s_k > 0$ so $H_k$ stays positive definite.
 * The first step is scaled to $\alpha_0 = \min(1, 1/\|\nabla f(x_0)\|_2)$.
 * Cost per iteration: $O(md)$ plus 1-3 evaluations; memory $O(md)$. Superlinear in practice.
 * If the line search fails, the memory is dropped and a steepest-descent search is tried once;
 * a second failure stops the run (`reason: 'lineSearch'`, with a warning).
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export function lbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): MinimizeResult {
  const { maxIter = 1000, tol = 1e-6, fTol = 0, historySize = 10, c1 = 1e-4, c2 = 0.9, recordX = false } = options;
  const owner = 'minimize(lbfgs)';
  let nEval = 0;
  const f: Objective = (z) => (nEval++, objective(z));
  let x: Float64Array = Float64Array.from(x0); // (d,)
  let cur = evaluate(owner, f, x, 0)!;
  const trace: TraceRecord[] = [{ iter: 0, value: cur.value, gradNorm: norm(cur.grad), step: 0, nEval, ...(recordX ? { x: Float64Array.from(x) } : {}) }];
  const warnings: ConvergenceWarning[] = [];
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  let reason: StopReason = 'maxIter';
  let k = 0;
  if (trace[0]!.gradNorm <= tol) reason = 'gtol';
  while (reason === 'maxIter' && k < maxIter) {
    let res = null;
    for (let attempt = 0; attempt < 2 && res === null; attempt++) {
      if (attempt === 1) {
        if (S.length === 0) break; // already steepest descent
        S.length = 0;
        Y.length = 0;
      }
      const p = twoLoop(cur.grad, S, Y); // H_k ∇f, (d,)
      for (let j = 0; j < p.length; j++) p[j] = -p[j]!;
      // Rounding (a gradient near underflow, or a pair with yᵀs at the edge) can cost descent: retry as steepest descent.
      if (!(dotv(p, cur.grad) < 0)) continue;
      const alpha0 = S.length === 0 ? Math.min(1, 1 / norm(cur.grad)) : 1;
      res = strongWolfe(owner, f, x, cur, p, k + 1, { c1, c2, alpha0 });
    }
    if (res === null) {
      if (!(dotv(cur.grad, cur.grad) > 0)) {
        reason = 'gtol'; // the gradient underflowed to zero
        break;
      }
      reason = 'lineSearch';
      warnings.push(new ConvergenceWarning('lbfgs', `the strong-Wolfe line search found no acceptable step at iteration ${k + 1} (gradient norm ${norm(cur.grad).toExponential(3)}); stopping at the last accepted point`, k));
      break;
    }
    k++;
    const s = new Float64Array(x.length);
    const y = new Float64Array(x.length);
    for (let j = 0; j < x.length; j++) {
      s[j] = res.x[j]! - x[j]!;
      y[j] = res.grad[j]! - cur.grad[j]!;
    }
    // Wolfe guarantees yᵀs > 0; guard against rounding when the step is at machine precision.
    if (dotv(y, s) > 1e-300) {
      S.push(s);
      Y.push(y);
      if (S.length > historySize) {
        S.shift();
        Y.shift();
      }
    }
    const fPrev = cur.value;
    const step = distance(res.x, x);
    x = res.x;
    cur = { value: res.value, grad: res.grad };
    const gradNorm = norm(cur.grad);
    trace.push({ iter: k, value: cur.value, gradNorm, step, alpha: res.alpha, nEval, ...(recordX ? { x: Float64Array.from(x) } : {}) });
    if (gradNorm <= tol) reason = 'gtol';
    else if (fTol > 0 && fPrev - cur.value <= fTol * Math.max(Math.abs(fPrev), Math.abs(cur.value), 1)) reason = 'ftol';
  }
  if (reason === 'maxIter') warnings.push(new ConvergenceWarning('lbfgs', `stopped at maxIter = ${maxIter} with gradient norm ${norm(cur.grad).toExponential(3)} > tol = ${tol}`, k));
  return { x, value: cur.value, grad: cur.grad, nIter: k, nEval, converged: reason === 'gtol' || reason === 'ftol', reason, trace, warnings };
}
