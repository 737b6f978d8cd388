/**
 * The samplers on the acceptance target of docs/level4-probabilistic/bayesian-inference.md §6:
 * a 10-D Gaussian with a dense covariance (eigenvalues 1..100 along a random rotation), 4 chains
 * × 1000 draws after 1000 warm-up, hand-written gradient, seeds 0, 1, 2, for NUTS, static HMC
 * (L = 20) and random-walk Metropolis. Per fit: the largest z = |estimate − truth| / MCSE
 * (MCSE = sd / √ESS) over the 10 means, the 10 variances and the 45 covariances; the largest
 * R-hat and smallest bulk ESS over coordinates; divergences; the adapted step size (mean over
 * chains); gradient evaluations per draw; wall seconds. Prints a table.
 *
 * Run: cd packages/level4-probabilistic && npx vitest run --config vitest.bench.config.ts bench/samplers-10d.bench.ts
 */
import { afterAll, it } from 'vitest';
import { chainsOf } from '../src/bayes/chains.js';
import type { McmcResult } from '../src/bayes/chains.js';
import { divergences, essBulk, essMean, rhat } from '../src/bayes/diagnostics.js';
import { gaussianTarget } from '../src/bayes/gaussian-target.test-utils.js';
import { hmc } from '../src/bayes/hmc.js';
import { metropolis } from '../src/bayes/metropolis.js';
import { nuts } from '../src/bayes/nuts.js';

const g = gaussianTarget();
const d = g.mu.length;
const rows: string[] = [];

function zOf(chains: Float64Array[], truth: number): number {
  const all = chains.flatMap((c) => Array.from(c));
  const m = all.reduce((a, b) => a + b, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - m) ** 2, 0) / (all.length - 1));
  return Math.abs(m - truth) / (sd / Math.sqrt(essMean(chains)));
}

function describe(name: string, seed: number, fit: McmcResult, seconds: number): string {
  const cols = Array.from({ length: d }, (_, j) => chainsOf(fit, j));
  let zMean = 0, zVar = 0, zCov = 0, maxRhat = 0, minEss = Infinity;
  for (let i = 0; i < d; i++) {
    zMean = Math.max(zMean, zOf(cols[i]!, g.mu[i]!));
    maxRhat = Math.max(maxRhat, rhat(cols[i]!));
    minEss = Math.min(minEss, essBulk(cols[i]!));
    for (let j = i; j < d; j++) {
      const z = zOf(cols[i]!.map((c, k) => c.map((v, t) => (v - g.mu[i]!) * (cols[j]![k]![t]! - g.mu[j]!))), g.cov.get(i, j));
      if (i === j) zVar = Math.max(zVar, z);
      else zCov = Math.max(zCov, z);
    }
  }
  const step = fit.stepSize.reduce((a, b) => a + b, 0) / fit.stepSize.length;
  const grads = fit.nLeapfrog.reduce((a, c) => a + c.reduce((p, q) => p + q, 0), 0) / fit.nLeapfrog.reduce((a, c) => a + c.length, 0);
  return `| ${name} | ${seed} | ${zMean.toFixed(2)} | ${zVar.toFixed(2)} | ${zCov.toFixed(2)} | ${maxRhat.toFixed(4)} | ${Math.round(minEss)} | ${divergences(fit)} | ${step.toFixed(3)} | ${grads.toFixed(1)} | ${seconds.toFixed(1)} |`;
}

const SAMPLERS = [
  ['NUTS', (seed: number) => nuts(g.handModel, { chains: 4, draws: 1000, warmup: 1000, seed })],
  ['HMC (L = 20)', (seed: number) => hmc(g.handModel, { chains: 4, draws: 1000, warmup: 1000, seed, nSteps: 20 })],
  ['Metropolis', (seed: number) => metropolis(g.handModel, { chains: 4, draws: 1000, warmup: 1000, seed })],
] as const;

for (const [name, run] of SAMPLERS) {
  for (const seed of [0, 1, 2]) {
    it(`${name}, seed ${seed}`, () => {
      const t0 = performance.now();
      const fit = run(seed);
      rows.push(describe(name, seed, fit, (performance.now() - t0) / 1000));
    }, 600_000);
  }
}

afterAll(() => {
  process.stdout.write(`\n| sampler | seed | max z mean | max z var | max z cov | max R-hat | min bulk ESS | divergences | step | grads/draw | s |\n|---|---|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
});
