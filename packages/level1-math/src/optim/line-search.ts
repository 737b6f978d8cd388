/**
 * Line searches along a descent direction $p$: the strong-Wolfe search of Nocedal & Wright
 * (Algorithms 3.5 and 3.6, with safeguarded cubic interpolation, §3.5) and Armijo backtracking.
 *
 * Both work on $\varphi(\alpha) = f(x + \alpha p)$, $\varphi'(\alpha) = \nabla f(x + \alpha p)^\top p$;
 * one objective call gives both. A trial point where the objective is not finite is treated as
 * a step too long (the search shrinks), so a domain boundary does not end the run.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { InvalidInputError } from '@fpml/core';
import { dotv, evaluate, type Evaluation, type Objective } from './types.js';

/** Options of {@link strongWolfe}. */
export interface WolfeOptions {
  /** Sufficient-decrease constant $c_1$. @default 1e-4 */
  c1?: number;
  /** Curvature constant $c_2$ ($c_1 < c_2 < 1$; 0.9 for quasi-Newton, 0.1 for CG). @default 0.9 */
  c2?: number;
  /** First trial step. @default 1 */
  alpha0?: number;
  /** Largest step tried. @default 1e10 */
  alphaMax?: number;
  /** Objective evaluations allowed. @default 30 */
  maxEval?: number;
}

/** The accepted point of a line search. */
export interface LineSearchResult extends Evaluation {
  /** Accepted step length $\alpha$. */
  alpha: number;
  /** $x + \alpha p$, (d,). */
  x: Float64Array;
  /** Objective evaluations used. */
  nEval: number;
}

interface Trial {
  a: number;
  f: number; // φ(a); +Infinity where the objective is not finite
  d: number; // φ'(a); NaN where unknown
  ev: Evaluation | null;
  x: Float64Array;
}

/**
 * Minimiser of the cubic matching $\varphi, \varphi'$ at $a$ and $b$ (N&W eq. 3.59), clamped to
 * the inner part of the bracket; bisection when the cubic has no usable minimiser.
 */
function cubicStep(lo: Trial, hi: Trial): number {
  const [a, b] = [lo.a, hi.a];
  const left = Math.min(a, b);
  const width = Math.abs(b - a);
  const mid = (a + b) / 2;
  if (!Number.isFinite(hi.f) || Number.isNaN(hi.d) || Number.isNaN(lo.d)) {
    // Quadratic through φ(lo), φ'(lo), φ(hi) when φ'(hi) is unknown; bisection if φ(hi) is not finite.
    if (!Number.isFinite(hi.f) || Number.isNaN(lo.d)) return mid;
    const h = b - a;
    const denom = 2 * (hi.f - lo.f - lo.d * h);
    const q = denom > 0 ? a - (lo.d * h * h) / denom : mid;
    return clamp(q, left + 0.1 * width, left + 0.9 * width, mid);
  }
  const d1 = lo.d + hi.d - (3 * (lo.f - hi.f)) / (a - b);
  const disc = d1 * d1 - lo.d * hi.d;
  if (disc < 0) return mid;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const c = b - (b - a) * ((hi.d + d2 - d1) / (hi.d - lo.d + 2 * d2));
  return clamp(c, left + 0.1 * width, left + 0.9 * width, mid);
}

function clamp(v: number, lo: number, hi: number, fallback: number): number {
  if (!Number.isFinite(v)) return fallback;
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Strong-Wolfe line search (Nocedal & Wright, Algorithm 3.5 bracketing + Algorithm 3.6 zoom).
 * Returns a step $\alpha$ with
 * $$\varphi(\alpha) \le \varphi(0) + c_1 \alpha\, \varphi'(0), \qquad |\varphi'(\alpha)| \le c_2\, |\varphi'(0)|,$$
 * or `null` after `maxEval` evaluations without one (the caller decides what to do).
 * Cost: one objective evaluation per trial, typically 1-3.
 *
 * @param f0 $\varphi(0)$ and $\nabla f(x)$ at the start. @param p a descent direction ($\varphi'(0) < 0$), (d,).
 * @throws InvalidInputError when $p$ is not a descent direction.
 * @see ../../../../docs/level1-math/optim.md
 */
export function strongWolfe(owner: string, objective: Objective, x: Float64Array, f0: Evaluation, p: Float64Array, iter: number, options: WolfeOptions = {}): LineSearchResult | null {
  const { c1 = 1e-4, c2 = 0.9, alpha0 = 1, alphaMax = 1e10, maxEval = 30 } = options;
  const d0 = dotv(f0.grad, p);
  if (!(d0 < 0)) throw new InvalidInputError(`${owner}: the search direction is not a descent direction (gradᵀp = ${d0}) at iteration ${iter}`);
  let nEval = 0;
  const trial = (a: number): Trial => {
    const xa = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xa[i] = x[i]! + a * p[i]!;
    nEval++;
    const ev = evaluate(owner, objective, xa, iter, true);
    return ev ? { a, f: ev.value, d: dotv(ev.grad, p), ev, x: xa } : { a, f: Infinity, d: NaN, ev: null, x: xa };
  };
  const armijo = (t: Trial) => t.f <= f0.value + c1 * t.a * d0;
  const curvature = (t: Trial) => Math.abs(t.d) <= -c2 * d0;
  const done = (t: Trial): LineSearchResult => ({ alpha: t.a, x: t.x, value: t.f, grad: t.ev!.grad, nEval });

  // Algorithm 3.6: the bracket [lo, hi] holds a step satisfying the strong Wolfe conditions.
  const zoom = (lo: Trial, hi: Trial): LineSearchResult | null => {
    while (nEval < maxEval) {
      const t = trial(cubicStep(lo, hi));
      if (!armijo(t) || t.f >= lo.f) {
        hi = t;
      } else {
        if (curvature(t)) return done(t);
        if (t.d * (hi.a - lo.a) >= 0) hi = lo;
        lo = t;
      }
      if (Math.abs(hi.a - lo.a) <= 1e-16 * Math.max(1, lo.a)) return null;
    }
    return null;
  };

  // Algorithm 3.5: grow the step until the bracket is found.
  let prev: Trial = { a: 0, f: f0.value, d: d0, ev: f0, x };
  let a = Math.min(alpha0, alphaMax);
  for (let i = 1; nEval < maxEval; i++) {
    const t = trial(a);
    if (!armijo(t) || (i > 1 && t.f >= prev.f)) return zoom(prev, t);
    if (curvature(t)) return done(t);
    if (t.d >= 0) return zoom(t, prev);
    if (a >= alphaMax) return null;
    prev = t;
    a = Math.min(2 * a, alphaMax);
  }
  return null;
}

/** Options of {@link backtracking}. */
export interface BacktrackingOptions {
  /** Sufficient-decrease constant $c_1$. @default 1e-4 */
  c1?: number;
  /** Shrink factor $\rho$. @default 0.5 */
  shrink?: number;
  /** First trial step. @default 1 */
  alpha0?: number;
  /** Objective evaluations allowed. @default 50 */
  maxEval?: number;
}

/**
 * Armijo backtracking (N&W Algorithm 3.1): $\alpha \leftarrow \rho\alpha$ until
 * $f(x + \alpha p) \le f(x) + c_1 \alpha \nabla f(x)^\top p$. Returns `null` when no step is found.
 * Cost: one evaluation per trial.
 *
 * @throws InvalidInputError when $p$ is not a descent direction.
 * @see ../../../../docs/level1-math/optim.md
 */
export function backtracking(owner: string, objective: Objective, x: Float64Array, f0: Evaluation, p: Float64Array, iter: number, options: BacktrackingOptions = {}): LineSearchResult | null {
  const { c1 = 1e-4, shrink = 0.5, alpha0 = 1, maxEval = 50 } = options;
  const d0 = dotv(f0.grad, p);
  if (!(d0 < 0)) throw new InvalidInputError(`${owner}: the search direction is not a descent direction (gradᵀp = ${d0}) at iteration ${iter}`);
  let a = alpha0;
  for (let n = 1; n <= maxEval; n++, a *= shrink) {
    const xa = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xa[i] = x[i]! + a * p[i]!;
    const ev = evaluate(owner, objective, xa, iter, true);
    if (ev && ev.value <= f0.value + c1 * a * d0) return { alpha: a, x: xa, value: ev.value, grad: ev.grad, nEval: n };
  }
  return null;
}
