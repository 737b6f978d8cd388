/**
 * Projected gradient descent for box constraints $l \le x \le u$ (Bertsekas, *Nonlinear
 * Programming*, §2.3), with Armijo backtracking along the projection arc.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { ConvergenceWarning, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { checkNumber } from './optimizer.js';
import { distance, evaluate, type MinimizeResult, type Objective, type StopReason, type TraceRecord } from './types.js';

/** Box bounds; a number applies to every coordinate, a missing side is unbounded. */
export interface Bounds {
  /** Lower bounds $l$ (number or (d,)). @default -Infinity */
  lower?: number | ArrayLike<number>;
  /** Upper bounds $u$ (number or (d,)). @default Infinity */
  upper?: number | ArrayLike<number>;
}

/** Options of {@link projectedGradient}. */
export interface ProjectedGradientOptions {
  /** The box. */
  bounds: Bounds;
  /** First trial step $\alpha_0$ (later searches start from the Barzilai–Borwein step), or the fixed step with `lineSearch: 'none'`. @default 1 */
  lr?: number;
  /** Backtrack along the projection arc; `'none'` takes the fixed step `lr`. @default 'backtracking' */
  lineSearch?: 'backtracking' | 'none';
  /** Iterations allowed. @default 1000 */
  maxIter?: number;
  /** Stop when $\|x - P(x - \nabla f(x))\|_2 \le$ tol. @default 1e-6 */
  tol?: number;
  /** Sufficient-decrease constant $\sigma$. @default 1e-4 */
  c1?: number;
  /** Copy every iterate into the trace. @default false */
  recordX?: boolean;
}

/** Resolve bounds to two (d,) arrays, checking $l \le u$. */
export function resolveBounds(bounds: Bounds, d: number, owner: string): { lo: Float64Array; hi: Float64Array } {
  if (bounds === null || typeof bounds !== 'object') throw new InvalidParamError(owner, 'bounds', bounds, '{ lower?, upper? } with numbers or arrays of length d');
  const side = (v: number | ArrayLike<number> | undefined, fill: number, name: 'lower' | 'upper'): Float64Array => {
    if (v === undefined) return new Float64Array(d).fill(fill);
    if (typeof v === 'number') {
      if (Number.isNaN(v)) throw new InvalidParamError(owner, `bounds.${name}`, v, 'a number or array, not NaN');
      return new Float64Array(d).fill(v);
    }
    if (typeof (v as ArrayLike<number>).length !== 'number') throw new InvalidParamError(owner, `bounds.${name}`, v, 'a number or an array of length d');
    if (v.length !== d) throw new ShapeError(`${owner}: bounds.${name} has ${v.length} entries but x0 has ${d}`);
    const out = Float64Array.from(v);
    out.forEach((e, i) => {
      if (Number.isNaN(e)) throw new InvalidParamError(owner, `bounds.${name}[${i}]`, e, 'a number, not NaN');
    });
    return out;
  };
  const lo = side(bounds.lower, -Infinity, 'lower');
  const hi = side(bounds.upper, Infinity, 'upper');
  for (let i = 0; i < d; i++) {
    if (lo[i]! > hi[i]!) throw new InvalidParamError(owner, `bounds`, bounds, `lower ≤ upper, but at index ${i} lower = ${describeValue(lo[i])} > upper = ${describeValue(hi[i])}`);
  }
  return { lo, hi };
}

/** $P(v) = \min(\max(v, l), u)$ in place. */
function project(v: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] = Math.min(hi[i]!, Math.max(lo[i]!, v[i]!));
  return v;
}

/** $\|x - P(x - g)\|_2$: zero exactly at a KKT point of the box problem. */
function projectedGradNorm(x: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - Math.min(hi[i]!, Math.max(lo[i]!, x[i]! - g[i]!))) ** 2;
  return Math.sqrt(s);
}

/**
 * Minimise $f$ over the box: $x_{k+1} = P(x_k - \alpha_k \nabla f(x_k))$, $P$ the clip to $[l, u]$,
 * with $\alpha_k = \bar\alpha_k 2^{-j}$ the first step satisfying Bertsekas's Armijo rule along the arc
 * $$f(x_k(\alpha)) \le f(x_k) - \frac{\sigma}{\alpha}\, \|x_k(\alpha) - x_k\|_2^2,$$
 * where the trial $\bar\alpha_k$ is the Barzilai–Borwein step $s^\top s / s^\top y$ of the last move
 * ($\bar\alpha_0$ = `lr`): the monotone spectral projected gradient of Birgin, Martínez & Raydan (2000).
 * With `lineSearch: 'none'` every step is the fixed `lr`.
 * $x_0$ is projected first. Every iterate lies in the box. Cost $O(d)$ per trial step.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export function projectedGradient(objective: Objective, x0: Float64Array, options: ProjectedGradientOptions): MinimizeResult {
  const owner = 'minimize(projected-gradient)';
  const { lr = 1, lineSearch = 'backtracking', maxIter = 1000, tol = 1e-6, c1 = 1e-4, recordX = false } = options;
  checkNumber(owner, 'lr', lr, { min: 0, minOpen: true });
  if (lineSearch !== 'backtracking' && lineSearch !== 'none') throw new InvalidParamError(owner, 'lineSearch', lineSearch, "'backtracking' or 'none'");
  const { lo, hi } = resolveBounds(options.bounds, x0.length, owner);
  let nEval = 0;
  const f: Objective = (z) => (nEval++, objective(z));
  let x: Float64Array = project(Float64Array.from(x0), lo, hi); // (d,)
  let cur = evaluate(owner, f, x, 0)!;
  const pg0 = projectedGradNorm(x, cur.grad, lo, hi);
  const trace: TraceRecord[] = [{ iter: 0, value: cur.value, gradNorm: pg0, step: 0, nEval, ...(recordX ? { x: Float64Array.from(x) } : {}) }];
  const warnings: ConvergenceWarning[] = [];
  let reason: StopReason = pg0 <= tol ? 'gtol' : 'maxIter';
  let k = 0;
  let trial = lr;
  while (reason === 'maxIter' && k < maxIter) {
    let alpha = trial;
    let next: { x: Float64Array; value: number; grad: Float64Array } | null = null;
    for (let j = 0; j < 60; j++, alpha *= 0.5) {
      const xa = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) xa[i] = x[i]! - alpha * cur.grad[i]!;
      project(xa, lo, hi);
      const ev = evaluate(owner, f, xa, k + 1, lineSearch === 'backtracking');
      if (ev === null) continue;
      const moved = distance(xa, x);
      if (lineSearch === 'none' || ev.value <= cur.value - (c1 / alpha) * moved * moved) {
        next = { x: xa, ...ev };
        break;
      }
    }
    if (next === null) {
      reason = 'lineSearch';
      warnings.push(new ConvergenceWarning('projected-gradient', `backtracking found no decrease at iteration ${k + 1}; stopping`, k));
      break;
    }
    k++;
    const step = distance(next.x, x);
    if (lineSearch === 'backtracking') {
      // Barzilai–Borwein: α = sᵀs / sᵀy, the inverse Rayleigh quotient of the Hessian along the last move.
      let ss = 0;
      let sy = 0;
      for (let i = 0; i < x.length; i++) {
        const si = next.x[i]! - x[i]!;
        ss += si * si;
        sy += si * (next.grad[i]! - cur.grad[i]!);
      }
      trial = sy > 0 ? Math.min(1e10, Math.max(1e-10, ss / sy)) : lr;
    }
    x = next.x;
    cur = { value: next.value, grad: next.grad };
    const gradNorm = projectedGradNorm(x, cur.grad, lo, hi);
    trace.push({ iter: k, value: cur.value, gradNorm, step, alpha, nEval, ...(recordX ? { x: Float64Array.from(x) } : {}) });
    if (gradNorm <= tol) reason = 'gtol';
  }
  if (reason === 'maxIter') warnings.push(new ConvergenceWarning('projected-gradient', `stopped at maxIter = ${maxIter} with projected-gradient norm ${trace[trace.length - 1]!.gradNorm.toExponential(3)} > tol = ${tol}`, k));
  return { x, value: cur.value, grad: cur.grad, nIter: k, nEval, converged: reason === 'gtol', reason, trace, warnings };
}
