/**
 * The Hamiltonian system HMC and NUTS integrate: position $q$ (unconstrained parameters),
 * momentum $p \sim \mathcal N(0, M)$ with a diagonal mass matrix, and energy
 * $$H(q, p) = -\log \pi(q) + \tfrac12 p^\top M^{-1} p.$$
 * The leapfrog step (symplectic, reversible, volume preserving, error $O(\epsilon^3)$ per step):
 * $$p_{1/2} = p + \tfrac\epsilon2\nabla\log\pi(q),\quad q' = q + \epsilon M^{-1}p_{1/2},\quad
 * p' = p_{1/2} + \tfrac\epsilon2\nabla\log\pi(q').$$
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import type { Rng } from '@fpml/core';
import type { Model } from './model.js';

/** A point of the chain: position with its log density and gradient (cached). */
export interface PhaseState {
  /** Position $q$, (d,). */
  q: Float64Array;
  /** Momentum $p$, (d,). */
  p: Float64Array;
  /** $\log\pi(q)$. */
  logp: number;
  /** $\nabla\log\pi(q)$, (d,). */
  grad: Float64Array;
}

/**
 * Kinetic energy $\tfrac12 p^\top M^{-1}p$ for diagonal $M^{-1}$. $O(d)$.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function kinetic(p: Float64Array, invMetric: Float64Array): number {
  let k = 0;
  for (let j = 0; j < p.length; j++) k += invMetric[j]! * p[j]! * p[j]!;
  return 0.5 * k;
}

/**
 * $H(q, p)$; NaN becomes $+\infty$ (a divergent point).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function energy(s: PhaseState, invMetric: Float64Array): number {
  const h = -s.logp + kinetic(s.p, invMetric);
  return Number.isNaN(h) ? Infinity : h;
}

/**
 * Draw $p \sim \mathcal N(0, M)$, $M = \mathrm{diag}(1/M^{-1})$, into a new array, (d,).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function sampleMomentum(invMetric: Float64Array, rng: Rng): Float64Array {
  return Float64Array.from(invMetric, (v) => rng.standardNormal() / Math.sqrt(v));
}

/**
 * $M^{-1}p$ (the velocity, Stan's "p sharp"), (d,).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function velocity(p: Float64Array, invMetric: Float64Array): Float64Array {
  return Float64Array.from(p, (v, j) => v * invMetric[j]!);
}

/**
 * One leapfrog step of size `eps` (negative: backwards in time); returns a new state. One gradient.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function leapfrog(model: Model, s: PhaseState, eps: number, invMetric: Float64Array): PhaseState {
  const d = s.q.length;
  const p = new Float64Array(d); // (d,)
  const q = new Float64Array(d); // (d,)
  for (let j = 0; j < d; j++) {
    p[j] = s.p[j]! + 0.5 * eps * s.grad[j]!; // half kick: dp/dt = -dH/dq = ∇ log π
    q[j] = s.q[j]! + eps * invMetric[j]! * p[j]!; // drift: dq/dt = dH/dp = M^{-1} p
  }
  const { logp, grad } = model.logpGrad(q);
  for (let j = 0; j < d; j++) p[j] = p[j]! + 0.5 * eps * grad[j]!; // second half kick
  return { q, p, logp, grad };
}

/**
 * Stan's initial step-size heuristic: double (or halve) $\epsilon$ until the one-step
 * acceptance $e^{-\Delta H}$ crosses 0.8. $O(\text{a few})$ gradients.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function findReasonableStepSize(model: Model, s: PhaseState, eps0: number, invMetric: Float64Array, rng: Rng): number {
  let eps = eps0;
  const dH = (): number => {
    const start = { ...s, p: sampleMomentum(invMetric, rng) };
    const h0 = energy(start, invMetric);
    const h = energy(leapfrog(model, start, eps, invMetric), invMetric);
    return h0 - h;
  };
  const up = dH() > Math.log(0.8);
  for (let k = 0; k < 100; k++) {
    const d = dH();
    if (up ? !(d > Math.log(0.8)) : !(d < Math.log(0.8))) break;
    eps = up ? 2 * eps : 0.5 * eps;
    if (eps > 1e7 || eps < 1e-12) break;
  }
  return eps;
}
