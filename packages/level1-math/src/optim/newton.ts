/**
 * Newton's method with Armijo backtracking and a modified Hessian when it is not positive
 * definite (Nocedal & Wright §3.4, Algorithm 3.3 "Cholesky with added multiple of the identity").
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { ConvergenceWarning, InvalidInputError, InvalidParamError, Matrix, ShapeError, describeValue } from '@fpml/core';
import { backtracking } from './line-search.js';
import { distance, dotv, evaluate, norm, type MinimizeResult, type Objective, type StopReason, type TraceRecord } from './types.js';

/** The Hessian $\nabla^2 f(x)$ as a (d, d) Matrix, nested array, or row-major Float64Array of length d². */
export type Hessian = (x: Float64Array) => Matrix | readonly (readonly number[])[] | Float64Array;

/** Options of {@link newton}. */
export interface NewtonOptions {
  /** Iterations allowed. @default 100 */
  maxIter?: number;
  /** Stop when $\|\nabla f\|_2 \le$ tol. @default 1e-8 */
  tol?: number;
  /** Armijo constant of the backtracking search. @default 1e-4 */
  c1?: number;
  /**
   * What to do when $\nabla^2 f(x_k)$ is not positive definite: `'modify'` adds $\tau I$
   * (the smallest $\tau$ in a doubling sequence for which Cholesky succeeds), `'error'` throws.
   * @default 'modify'
   */
  onIndefinite?: 'modify' | 'error';
  /** Copy every iterate into the trace. @default false */
  recordX?: boolean;
}

/** Lower Cholesky factor of the (d, d) row-major `H + τI` in place into `L`; false if a pivot is ≤ 0. */
function choleskyInto(H: Float64Array, d: number, tau: number, L: Float64Array): boolean {
  L.fill(0);
  for (let j = 0; j < d; j++) {
    let s = H[j * d + j]! + tau;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! ** 2;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = H[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / ljj;
    }
  }
  return true;
}

/** Solve $L L^\top p = -g$. $O(d^2)$. */
function choleskySolveNeg(L: Float64Array, d: number, g: Float64Array): Float64Array {
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = -g[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * z[k]!;
    z[i] = s / L[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * z[k]!;
    z[i] = s / L[i * d + i]!;
  }
  return z;
}

function hessianData(h: ReturnType<Hessian>, d: number, iter: number): Float64Array {
  let data: Float64Array;
  if (h instanceof Matrix) {
    if (h.rows !== d || h.cols !== d) throw new ShapeError(`minimize(newton): the Hessian is ${h.rows}x${h.cols} but x has ${d} entries (expected ${d}x${d})`);
    data = h.data;
  } else if (h instanceof Float64Array) {
    if (h.length !== d * d) throw new ShapeError(`minimize(newton): the Hessian has ${h.length} entries but x has ${d} (expected ${d * d}, row-major)`);
    data = h;
  } else if (Array.isArray(h)) {
    data = Matrix.from(h).data;
    if (data.length !== d * d) throw new ShapeError(`minimize(newton): the Hessian has ${data.length} entries but x has ${d} (expected ${d}x${d})`);
  } else {
    throw new InvalidInputError(`minimize(newton): the hessian must return a Matrix, number[][] or Float64Array, got ${describeValue(h)}`);
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) throw new InvalidInputError(`minimize(newton): the Hessian contains ${describeValue(data[k])} at (${Math.floor(k / d)}, ${k % d}) at iteration ${iter}`);
  }
  return data;
}

/**
 * True when the predicted decrease $-\nabla f^\top p$ of a full step is within the rounding of
 * $f$ itself ($16\varepsilon\max(|f|, 1)$): there Armijo compares two values that differ only by
 * rounding and backtracks at random, which stalls Newton at $\|\nabla f\| \approx \sqrt{\varepsilon |f| \lambda}$
 * instead of the quadratic convergence that $\nabla f$ can still show.
 */
function belowRounding(gp: number, value: number): boolean {
  return -gp <= 16 * Number.EPSILON * Math.max(Math.abs(value), 1);
}

/**
 * The full step $x + p$ when the gradient shows the progress $f$ can no longer resolve: accepted
 * if $\|\nabla f(x + p)\| < \|\nabla f(x)\|$ and $f$ rose by no more than its rounding
 * (sklearn's NewtonSolver makes the same switch). Otherwise null, and the caller backtracks.
 */
function fullStepByGradient(owner: string, f: Objective, x: Float64Array, cur: { value: number; grad: Float64Array }, p: Float64Array, iter: number) {
  const xa = new Float64Array(x.length); // (d,)
  for (let i = 0; i < x.length; i++) xa[i] = x[i]! + p[i]!;
  const ev = evaluate(owner, f, xa, iter, true);
  if (!ev || ev.value > cur.value + 16 * Number.EPSILON * Math.max(Math.abs(cur.value), 1) || !(norm(ev.grad) < norm(cur.grad))) return null;
  return { alpha: 1, x: xa, value: ev.value, grad: ev.grad };
}

/**
 * Minimise with damped Newton steps: solve $(\nabla^2 f(x_k) + \tau_k I)\,p_k = -\nabla f(x_k)$ by
 * Cholesky ($\tau_k = 0$ when the Hessian is positive definite), then backtrack
 * $x_{k+1} = x_k + \alpha_k p_k$ from $\alpha = 1$ until the Armijo condition holds. Near a
 * strict minimiser the full step is accepted and convergence is quadratic:
 * $\|x_{k+1} - x^*\| \le C \|x_k - x^*\|^2$. Cost per iteration: $O(d^3)$ for the factorisation
 * plus one Hessian and 1+ objective evaluations.
 *
 * @throws InvalidParamError for bad options; InvalidInputError for an indefinite Hessian with
 *   `onIndefinite: 'error'`, or a non-finite objective/Hessian.
 * @see ../../../../docs/level1-math/optim.md
 */
export function newton(objective: Objective, hessian: Hessian, x0: Float64Array, options: NewtonOptions = {}): MinimizeResult {
  const { maxIter = 100, tol = 1e-8, c1 = 1e-4, onIndefinite = 'modify', recordX = false } = options;
  if (onIndefinite !== 'modify' && onIndefinite !== 'error') throw new InvalidParamError('minimize(newton)', 'onIndefinite', onIndefinite, "'modify' or 'error'");
  if (typeof hessian !== 'function') throw new InvalidParamError('minimize(newton)', 'hessian', hessian, 'a function x => Hessian (Matrix, number[][] or row-major Float64Array)');
  const owner = 'minimize(newton)';
  const d = x0.length;
  let nEval = 0;
  const f: Objective = (z) => (nEval++, objective(z));
  let x: Float64Array = Float64Array.from(x0); // (d,)
  let cur = evaluate(owner, f, x, 0)!;
  const trace: TraceRecord[] = [{ iter: 0, value: cur.value, gradNorm: norm(cur.grad), step: 0, nEval, ...(recordX ? { x: Float64Array.from(x) } : {}) }];
  const warnings: ConvergenceWarning[] = [];
  const L = new Float64Array(d * d); // (d, d)
  let modified = 0;
  let reason: StopReason = trace[0]!.gradNorm <= tol ? 'gtol' : 'maxIter';
  let k = 0;
  while (reason === 'maxIter' && k < maxIter) {
    const H = hessianData(hessian(x), d, k); // (d, d)
    let tau = 0;
    if (!choleskyInto(H, d, 0, L)) {
      if (onIndefinite === 'error') {
        throw new InvalidInputError(`${owner}: the Hessian at iteration ${k} is not positive definite (Cholesky failed); pass onIndefinite: 'modify' to add a multiple of the identity, or use lbfgs`);
      }
      // N&W Algorithm 3.3: τ₀ = max(0, β − min a_ii), then double until Cholesky succeeds.
      let minDiag = Infinity;
      let scale = 0;
      for (let i = 0; i < d; i++) {
        minDiag = Math.min(minDiag, H[i * d + i]!);
        scale = Math.max(scale, Math.abs(H[i * d + i]!));
      }
      const beta = 1e-3 * Math.max(1, scale);
      tau = minDiag > 0 ? beta : beta - minDiag;
      while (!choleskyInto(H, d, tau, L)) tau *= 2;
      modified++;
    }
    const p = choleskySolveNeg(L, d, cur.grad); // (d,)
    // gᵀp = −gᵀ(H + τI)⁻¹g < 0 in exact arithmetic; only rounding at a vanishing gradient breaks it.
    const gp = dotv(cur.grad, p);
    const res = gp < 0 ? (belowRounding(gp, cur.value) ? fullStepByGradient(owner, f, x, cur, p, k + 1) : null) ?? backtracking(owner, f, x, cur, p, k + 1, { c1 }) : null;
    if (res === null) {
      reason = 'lineSearch';
      warnings.push(new ConvergenceWarning('newton', `backtracking found no decrease at iteration ${k + 1} (gradient norm ${norm(cur.grad).toExponential(3)}); stopping`, k));
      break;
    }
    k++;
    const step = distance(res.x, x);
    x = res.x;
    cur = { value: res.value, grad: res.grad };
    const gradNorm = norm(cur.grad);
    trace.push({ iter: k, value: cur.value, gradNorm, step, alpha: res.alpha, nEval, ...(recordX ? { x: Float64Array.from(x) } : {}) });
    if (gradNorm <= tol) reason = 'gtol';
  }
  if (modified > 0) warnings.push(new ConvergenceWarning('newton', `the Hessian was not positive definite at ${modified} iteration(s); τI was added (N&W Algorithm 3.3)`, k));
  if (reason === 'maxIter') warnings.push(new ConvergenceWarning('newton', `stopped at maxIter = ${maxIter} with gradient norm ${norm(cur.grad).toExponential(3)} > tol = ${tol}`, k));
  return { x, value: cur.value, grad: cur.grad, nIter: k, nEval, converged: reason === 'gtol', reason, trace, warnings };
}
