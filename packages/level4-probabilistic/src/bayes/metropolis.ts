/**
 * Random-walk Metropolis–Hastings: propose $q' = q + \epsilon\,\mathrm{diag}(\sqrt{M^{-1}})\,\xi$,
 * $\xi \sim \mathcal N(0, I)$; the proposal is symmetric, so the Hastings ratio is the density ratio
 * $$\alpha = \min\{1, \pi(q')/\pi(q)\}.$$
 * Warm-up only: $\epsilon$ by dual averaging to acceptance 0.234 (Roberts, Gelman & Gilks 1997)
 * and the per-coordinate scale $M^{-1}$ from the windowed variances; both fixed afterwards so
 * the kept chain is a time-homogeneous Markov chain.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { runChains, type McmcOptions, type McmcResult, type TransitionKernel } from './chains.js';
import type { PhaseState } from './hamiltonian.js';
import type { Model } from './model.js';

/**
 * One random-walk transition (one density evaluation).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export const metropolisKernel: TransitionKernel = (model, s, eps, invMetric, rng) => {
  const q = Float64Array.from(s.q, (v, j) => v + eps * Math.sqrt(invMetric[j]!) * rng.standardNormal()); // (d,)
  const { logp, grad } = model.logpGrad(q);
  const accept = Number.isFinite(logp) ? Math.min(1, Math.exp(logp - s.logp)) : 0;
  const state: PhaseState = rng.next() < accept ? { q, p: s.p, logp, grad } : s;
  return { state, stats: { acceptStat: accept, divergent: false, nLeapfrog: 1, treeDepth: 0, energy: 0 } };
};

/**
 * Sample `model` with random-walk Metropolis. Cost: chains × (warmup + draws) density evaluations
 * (this model API returns the gradient too; Metropolis ignores it).
 * @throws InvalidParamError for a bad option.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function metropolis(model: Model, options: McmcOptions = {}): McmcResult {
  return runChains('metropolis', model, metropolisKernel, options, { targetAccept: 0.234, stepSize: 2.38 / Math.sqrt(model.dim), initHeuristic: false });
}
