/**
 * The three ways {@link LogisticRegression} minimises its objective $f$ (`logistic-loss.ts`):
 *
 * - `'lbfgs'` (default, as sklearn): level1-math's L-BFGS (10 pairs, strong-Wolfe line search) on
 *   the fused loss+gradient. Stops when $\lVert\nabla f\rVert_2 \le$ `tol` or, like scipy's
 *   L-BFGS-B that sklearn calls, when one iteration lowers $f$ by at most
 *   `fTol`$\cdot\max(|f_k|, |f_{k+1}|, 1)$ (scipy's default `ftol` = 2.22e-9). scipy tests the
 *   max-norm of the gradient, we test the 2-norm, which is never smaller.
 * - `'newton'`: Newton's method with Armijo backtracking (level1-math's `newton`), the full
 *   Hessian $\sum_i S_i \otimes \tilde x_i\tilde x_i^\top + I_W/C$ factorised by Cholesky each
 *   iteration: quadratic convergence, $O(n(Kd)^2 + (Kd)^3)$ per step, so for small $Kd$ only.
 *   This is IRLS: each step solves a weighted least-squares problem with weights $S_i$.
 * - `'gd'`: plain gradient descent $\theta \leftarrow \theta - \eta\nabla f(\theta)$ with the fixed
 *   step $\eta = 1/L$, where $L = \beta\,\lambda_{\max}(\tilde X^\top\tilde X) + 1/C$ bounds the
 *   curvature ($\beta = 1/4$ binary, since $\sigma(1-\sigma) \le 1/4$; $\beta = 1/2$ multinomial,
 *   since $\operatorname{diag}(p) - pp^\top \preceq \tfrac12 I$). $\lambda_{\max}$ comes from 30
 *   power iterations; as that can only under-estimate it, a step that fails to lower $f$ halves
 *   $\eta$ (descent is guaranteed for $\eta < 2/L$; an increase within rounding, $8\varepsilon|f|$, does not count). Linear convergence at rate $1 - \mu/L$:
 *   thousands of iterations on ill-conditioned data, which is the point of showing it.
 *
 * Flat directions: the multinomial objective does not change when the same constant is added to
 * every intercept (softmax is shift-invariant), nor, without a penalty, when the same vector is
 * added to every $w_k$. Its Hessian $H$ is singular along those unit directions $u$. Newton
 * therefore solves $(H + \sum uu^\top)p = -g$: since $Hu = 0$ and $u^\top g = 0$, this gives the
 * minimum-norm Newton step (the one with $u^\top p = 0$), and the iterates stay where the gradient
 * methods (started from 0) stay, so all three solvers reach sklearn's solution.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import { ConvergenceWarning, Matrix, matvec, matvecTransA, withResidentOperand } from '@fpml/core';
import { lbfgs, newton } from '@fpml/level1-math';
import { logisticHessian, logisticLossGrad, paramCount, type LogisticProblem } from './logistic-loss.js';

/** Solvers of {@link LogisticRegression}. */
export type LogisticSolver = 'lbfgs' | 'newton' | 'gd';

/** Stopping settings. */
export interface LogisticSolveOptions {
  solver: LogisticSolver;
  maxIter: number;
  tol: number;
  /** L-BFGS relative-decrease stop (0 disables). */
  fTol: number;
}

/** The minimiser found and how it was reached. */
export interface LogisticSolveResult {
  theta: Float64Array;
  nIter: number;
  warnings: ConvergenceWarning[];
}

/** Unit directions along which the multinomial objective is flat (see the module comment). */
export function flatDirections(p: LogisticProblem): Float64Array[] {
  if (p.K < 2) return [];
  const P = paramCount(p);
  const c = 1 / Math.sqrt(p.K);
  const out: Float64Array[] = [];
  if (p.fitIntercept) {
    const u = new Float64Array(P);
    for (let k = 0; k < p.K; k++) u[p.K * p.d + k] = c;
    out.push(u);
  }
  if (p.l2 === 0) {
    for (let j = 0; j < p.d; j++) {
      const u = new Float64Array(P);
      for (let k = 0; k < p.K; k++) u[k * p.d + j] = c;
      out.push(u);
    }
  }
  return out;
}

/**
 * $\lambda_{\max}(\tilde X^\top\tilde X)$ by 30 power iterations from the all-ones vector
 * ($\tilde X = [X, \mathbf 1]$ with an intercept): $v \leftarrow \tilde X^\top(\tilde Xv)/\lVert\cdot\rVert$,
 * $\lambda = \lVert\tilde Xv\rVert^2$, the two products on core's `matvec`/`matvecTransA`. $O(nd)$ each.
 */
export function gramLambdaMax(p: LogisticProblem): number {
  const { X, n, d, fitIntercept } = p;
  const Xm = new Matrix(n, d, X); // (n, d)
  const m = d + (fitIntercept ? 1 : 0);
  const v = new Float64Array(m).fill(1 / Math.sqrt(m)); // (m,)
  const w = new Float64Array(m); // (m,) X̃ᵀ X̃ v
  const s = new Float64Array(n); // (n,) X̃ v
  let lambda = 0;
  for (let it = 0; it < 30; it++) {
    matvec(Xm, v.subarray(0, d), s);
    let rq = 0; // ‖X̃v‖² = vᵀX̃ᵀX̃v
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (fitIntercept) s[i] = s[i]! + v[d]!;
      rq += s[i]! * s[i]!;
      sum += s[i]!;
    }
    matvecTransA(Xm, s, w.subarray(0, d));
    if (fitIntercept) w[d] = sum;
    lambda = rq;
    let nrm = 0;
    for (let j = 0; j < m; j++) nrm += w[j]! * w[j]!;
    nrm = Math.sqrt(nrm);
    if (nrm === 0) break;
    for (let j = 0; j < m; j++) v[j] = w[j]! / nrm;
  }
  return lambda;
}

function gradientDescent(p: LogisticProblem, theta0: Float64Array, o: LogisticSolveOptions, owner: string): LogisticSolveResult {
  const P = paramCount(p);
  const L = (p.K === 1 ? 0.25 : 0.5) * gramLambdaMax(p) + p.l2;
  let eta = L > 0 ? 1 / L : 1;
  let theta = Float64Array.from(theta0); // (P,)
  let next = new Float64Array(P);
  let grad = new Float64Array(P);
  let gNext = new Float64Array(P);
  const z = new Float64Array(p.n); // scratch of the loss
  let value = logisticLossGrad(p, theta, grad, z);
  const norm = (g: Float64Array) => Math.sqrt(g.reduce((s, v) => s + v * v, 0));
  const slack = 8 * 2 ** -52; // rounding in f near the optimum is not an increase
  let k = 0;
  let converged = norm(grad) <= o.tol;
  while (!converged && k < o.maxIter) {
    let v = Infinity;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let j = 0; j < P; j++) next[j] = theta[j]! - eta * grad[j]!; // θ − η∇f
      v = logisticLossGrad(p, next, gNext, z);
      if (v <= value + slack * Math.abs(value)) break; // the descent lemma: f falls by ≥ η‖∇f‖²/2 when η ≤ 1/L
      eta /= 2; // only if L was under-estimated by more than 2×
    }
    if (!(v <= value + slack * Math.abs(value))) break;
    [theta, next] = [next, theta];
    [grad, gNext] = [gNext, grad];
    value = v;
    k++;
    converged = norm(grad) <= o.tol;
  }
  const warnings = converged ? [] : [new ConvergenceWarning(owner, `gradient descent stopped at maxIter = ${o.maxIter} with gradient norm ${norm(grad).toExponential(3)} > tol = ${o.tol} (step 1/L = ${eta.toExponential(3)}); increase maxIter or use solver 'lbfgs'`, k)];
  return { theta, nIter: k, warnings };
}

/**
 * Minimise the logistic objective of `p` from `theta0` with the chosen solver. X is held in the
 * WebAssembly kernels' memory for the whole solve (`withResidentOperand`), so the two products
 * of each evaluation read it in place instead of copying 8nd bytes in. Warnings come back in the
 * result; nothing is thrown for non-convergence.
 */
export function minimizeLogistic(p: LogisticProblem, theta0: Float64Array, o: LogisticSolveOptions, owner: string): LogisticSolveResult {
  return withResidentOperand(new Matrix(p.n, p.d, p.X), () => solve(p, theta0, o, owner));
}

function solve(p: LogisticProblem, theta0: Float64Array, o: LogisticSolveOptions, owner: string): LogisticSolveResult {
  if (o.solver === 'gd') return gradientDescent(p, theta0, o, owner);
  const grad = new Float64Array(paramCount(p));
  const z = new Float64Array(p.n); // scratch of the loss
  const objective = (theta: Float64Array) => ({ value: logisticLossGrad(p, theta, grad, z), grad });
  const flat = o.solver === 'newton' ? flatDirections(p) : [];
  const r =
    o.solver === 'lbfgs'
      ? lbfgs(objective, theta0, { maxIter: o.maxIter, tol: o.tol, fTol: o.fTol })
      : newton(objective, (theta) => logisticHessian(p, theta, flat), theta0, { maxIter: o.maxIter, tol: o.tol });
  const warnings = r.warnings.map((w) => new ConvergenceWarning(owner, `${o.solver}: ${w.message}`, w.nIter));
  return { theta: r.x, nIter: r.nIter, warnings };
}
