/**
 * Static Hamiltonian Monte Carlo (Neal 2011): $L$ leapfrog steps from $(q, p)$ with fresh
 * $p \sim \mathcal N(0, M)$, then a Metropolis correction of the integration error,
 * $$\alpha = \min\{1, \exp(H(q, p) - H(q', p'))\}.$$
 * The step size is jittered by ±10% per draw (breaks periodic orbits) and adapted in warm-up
 * by dual averaging to `targetAccept` (0.65, the optimum of Beskos et al. 2013).
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidParamError } from '@fpml/core';
import { runChains, type McmcOptions, type McmcResult, type TransitionKernel } from './chains.js';
import { energy, leapfrog, sampleMomentum, type PhaseState } from './hamiltonian.js';
import type { Model } from './model.js';

/** Options of {@link hmc}. */
export interface HmcOptions extends McmcOptions {
  /** Leapfrog steps per draw $L$. @default 20 */
  nSteps?: number;
  /** Energy error counted as a divergence (the trajectory is then rejected). @default 1000 */
  maxDeltaH?: number;
}

/**
 * One HMC transition with `nSteps` leapfrog steps.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function hmcKernel(nSteps: number, maxDeltaH: number): TransitionKernel {
  return (model, s, eps, invMetric, rng) => {
    const e = eps * (0.9 + 0.2 * rng.next()); // jitter
    let z: PhaseState = { ...s, p: sampleMomentum(invMetric, rng) };
    const h0 = energy(z, invMetric);
    let divergent = false, n = 0;
    for (; n < nSteps; n++) {
      z = leapfrog(model, z, e, invMetric);
      if (energy(z, invMetric) - h0 > maxDeltaH) {
        divergent = true;
        n++;
        break;
      }
    }
    const dH = h0 - energy(z, invMetric);
    const accept = divergent ? 0 : Math.min(1, Math.exp(dH));
    const state = !divergent && rng.next() < accept ? z : s;
    return { state, stats: { acceptStat: accept, divergent, nLeapfrog: n, treeDepth: 0, energy: h0 } };
  };
}

/**
 * Sample `model` with static HMC. Cost: chains × (warmup + draws) × nSteps gradients.
 * @throws InvalidParamError for a bad option.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function hmc(model: Model, options: HmcOptions = {}): McmcResult {
  const nSteps = options.nSteps ?? 20;
  if (!(Number.isInteger(nSteps) && nSteps >= 1)) throw new InvalidParamError('hmc', 'nSteps', nSteps, 'a positive integer');
  const maxDeltaH = options.maxDeltaH ?? 1000;
  if (!(maxDeltaH > 0)) throw new InvalidParamError('hmc', 'maxDeltaH', maxDeltaH, 'positive');
  return runChains('hmc', model, hmcKernel(nSteps, maxDeltaH), options, { targetAccept: 0.65, stepSize: 1, initHeuristic: true });
}
