/**
 * Shared types of the optimisers: the objective, the trace, the result, and the one guarded
 * evaluation every method goes through (so a NaN objective is a clear error, never a silent
 * NaN trace).
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { ConvergenceWarning, InvalidInputError, ShapeError, describeValue } from '@fpml/core';

/** Value and gradient of the function being minimised at `x`: $x \mapsto (f(x), \nabla f(x))$. */
export type Objective = (x: Float64Array) => { value: number; grad: ArrayLike<number> };

/** One row of a run's trace. Row 0 is the starting point (`step` 0). */
export interface TraceRecord {
  /** Iteration number, 0 for the start. */
  iter: number;
  /** $f(x_k)$. */
  value: number;
  /** $\|\nabla f(x_k)\|_2$ (projected gradient $\|x_k - P(x_k - \nabla f(x_k))\|_2$ under bounds). */
  gradNorm: number;
  /** Length of the last move $\|x_k - x_{k-1}\|_2$. */
  step: number;
  /** Step length $\alpha_k$ chosen by the line search (line-search methods only). */
  alpha?: number;
  /** Objective evaluations so far (including the start). */
  nEval: number;
  /** A copy of $x_k$ (only with `recordX: true`). */
  x?: Float64Array;
}

/** Why a run stopped. */
export type StopReason = 'gtol' | 'ftol' | 'maxIter' | 'lineSearch';

/** What {@link minimize} returns. */
export interface MinimizeResult {
  /** The last iterate $x_K$, (d,). */
  x: Float64Array;
  /** $f(x_K)$. */
  value: number;
  /** $\nabla f(x_K)$, (d,). */
  grad: Float64Array;
  /** Number of iterations (updates of x) performed. */
  nIter: number;
  /** Number of objective evaluations. */
  nEval: number;
  /** True when a tolerance (`tol` or `fTol`) was met. */
  converged: boolean;
  /** Why the run stopped. */
  reason: StopReason;
  /** One record per iterate, the start included. */
  trace: TraceRecord[];
  /** Non-fatal problems (maxIter reached, Hessian modified, line search failed). */
  warnings: ConvergenceWarning[];
}

/** $\|v\|_2$ without overflow for ordinary magnitudes. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** $u^\top v$. */
export function dotv(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
}

/** $\|u - v\|_2$. */
export function distance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i]! - v[i]!) ** 2;
  return Math.sqrt(s);
}

/** A guarded evaluation: a finite value and a finite gradient (copied) of the right length. */
export interface Evaluation {
  value: number;
  grad: Float64Array;
}

/**
 * Evaluate `objective` at `x` and check what came back. Non-finite results throw an
 * `InvalidInputError` that says where (the start or iteration k) and suggests the usual cause.
 * With `allowNonFinite`, a non-finite value returns `null` instead (line searches shrink the step).
 *
 * @throws ShapeError when the gradient has the wrong length; InvalidInputError for NaN/Inf.
 */
export function evaluate(owner: string, objective: Objective, x: Float64Array, iter: number, allowNonFinite = false): Evaluation | null {
  const out = objective(x);
  const where = iter === 0 ? 'at x0' : `at iteration ${iter}`;
  if (out === null || typeof out !== 'object' || typeof out.value !== 'number' || out.grad === undefined || typeof (out.grad as { length?: unknown }).length !== 'number') {
    throw new InvalidInputError(`${owner}: the objective must return { value: number, grad: Float64Array }, got ${describeValue(out)} ${where}`);
  }
  const g = out.grad;
  if (g.length !== x.length) throw new ShapeError(`${owner}: the objective's gradient has ${g.length} entries but x has ${x.length} ${where}`);
  let finite = Number.isFinite(out.value);
  const grad = new Float64Array(g.length);
  let bad = -1;
  for (let i = 0; i < g.length; i++) {
    const gi = g[i]!;
    if (!Number.isFinite(gi) && bad < 0) bad = i;
    grad[i] = gi;
  }
  finite &&= bad < 0;
  if (finite) return { value: out.value, grad };
  if (allowNonFinite) return null;
  const what = !Number.isFinite(out.value) ? `value ${describeValue(out.value)}` : `gradient entry ${bad} = ${describeValue(g[bad])}`;
  const hint = iter === 0 ? 'check the objective and x0' : 'the iterates diverged or left the domain: lower lr, or use a line-search method';
  throw new InvalidInputError(`${owner}: the objective returned a non-finite ${what} ${where}; ${hint}`);
}
