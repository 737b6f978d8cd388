/**
 * The No-U-Turn Sampler (Hoffman & Gelman 2014) in the multinomial form Stan uses (Betancourt
 * 2017, "A Conceptual Introduction to HMC", App. A): the trajectory doubles in a random direction
 * until the generalised U-turn criterion fires at any subtree, a subtree diverges, or the depth
 * reaches `maxTreeDepth`. Points are drawn with weight $e^{-H}$: uniformly (multinomially) within a
 * new subtree, and biased towards the new half at the top level (progressive sampling).
 *
 * U-turn criterion with $\rho = \sum_{z \in \text{tree}} p_z$ and $p^\sharp = M^{-1}p$ at both ends:
 * $$\text{continue} \iff p^\sharp_{-}\cdot\rho > 0 \;\wedge\; p^\sharp_{+}\cdot\rho > 0,$$
 * checked on every subtree and on the two merged halves with one extra point each (Stan ≥ 2.26).
 * A leapfrog point with $H - H_0 > 1000$ is a divergence and stops the trajectory.
 *
 * Cost: up to $2^{\text{maxTreeDepth}}$ gradients per draw (usually $2^{3..5}$).
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidParamError, type Rng } from '@fpml/core';
import { runChains, type McmcOptions, type McmcResult, type TransitionKernel } from './chains.js';
import { energy, leapfrog, sampleMomentum, velocity, type PhaseState } from './hamiltonian.js';
import type { Model } from './model.js';

/** Options of {@link nuts}. */
export interface NutsOptions extends McmcOptions {
  /** Maximum tree depth: at most $2^{\text{depth}}$ leapfrog steps per draw. @default 10 */
  maxTreeDepth?: number;
  /** Energy error counted as a divergence. @default 1000 */
  maxDeltaH?: number;
}

const logAddExp = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};
const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
};
const plus = (a: Float64Array, b: Float64Array): Float64Array => Float64Array.from(a, (v, j) => v + b[j]!);
/** Generalised no-U-turn test: both end velocities point along the summed momentum. */
const noUTurn = (pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean => dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0;

/** What a subtree reports back. */
interface Subtree {
  valid: boolean;
  /** The state at the subtree's far end (where the next extension starts). */
  edge: PhaseState;
  propose: PhaseState;
  logSumWeight: number;
  rho: Float64Array;
  pBeg: Float64Array;
  pEnd: Float64Array;
  pSharpBeg: Float64Array;
  pSharpEnd: Float64Array;
}

interface Ctx {
  model: Model;
  eps: number;
  invMetric: Float64Array;
  rng: Rng;
  h0: number;
  maxDeltaH: number;
  nLeapfrog: number;
  sumMetroProb: number;
  divergent: boolean;
}

/** Build a subtree of $2^{\text{depth}}$ leapfrog steps from `from` in direction `sign`. */
function buildTree(ctx: Ctx, from: PhaseState, depth: number, sign: number): Subtree {
  if (depth === 0) {
    const z = leapfrog(ctx.model, from, sign * ctx.eps, ctx.invMetric);
    ctx.nLeapfrog++;
    const h = energy(z, ctx.invMetric);
    if (h - ctx.h0 > ctx.maxDeltaH) ctx.divergent = true;
    const ps = velocity(z.p, ctx.invMetric);
    ctx.sumMetroProb += ctx.h0 - h > 0 ? 1 : Math.exp(ctx.h0 - h);
    return { valid: !ctx.divergent, edge: z, propose: z, logSumWeight: ctx.h0 - h, rho: z.p.slice(), pBeg: z.p, pEnd: z.p, pSharpBeg: ps, pSharpEnd: ps };
  }
  const init = buildTree(ctx, from, depth - 1, sign);
  if (!init.valid) return init;
  const fin = buildTree(ctx, init.edge, depth - 1, sign);
  if (!fin.valid) return fin;
  const lsw = logAddExp(init.logSumWeight, fin.logSumWeight);
  // Multinomial sampling within the subtree: take the final half with probability w_final / w_subtree.
  const propose = ctx.rng.next() < Math.exp(fin.logSumWeight - lsw) ? fin.propose : init.propose;
  const rho = plus(init.rho, fin.rho);
  let persist = noUTurn(init.pSharpBeg, fin.pSharpEnd, rho);
  persist &&= noUTurn(init.pSharpBeg, fin.pSharpBeg, plus(init.rho, fin.pBeg)); // left half + first point of the right
  persist &&= noUTurn(init.pSharpEnd, fin.pSharpEnd, plus(fin.rho, init.pEnd)); // right half + last point of the left
  return { valid: persist, edge: fin.edge, propose, logSumWeight: lsw, rho, pBeg: init.pBeg, pEnd: fin.pEnd, pSharpBeg: init.pSharpBeg, pSharpEnd: fin.pSharpEnd };
}

/**
 * One NUTS transition.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function nutsKernel(maxTreeDepth: number, maxDeltaH: number): TransitionKernel {
  return (model, s, eps, invMetric, rng) => {
    const z0: PhaseState = { ...s, p: sampleMomentum(invMetric, rng) };
    const h0 = energy(z0, invMetric);
    const ctx: Ctx = { model, eps, invMetric, rng, h0, maxDeltaH, nLeapfrog: 0, sumMetroProb: 0, divergent: false };
    const ps0 = velocity(z0.p, invMetric);
    // The two ends of the trajectory: the state there, its momentum and velocity.
    let fwd: PhaseState = z0, bck: PhaseState = z0;
    let pFwd: Float64Array = z0.p, pSharpFwd: Float64Array = ps0, pBck: Float64Array = z0.p, pSharpBck: Float64Array = ps0;
    let rho: Float64Array = z0.p.slice();
    let sample: PhaseState = z0, logSumWeight = 0, depth = 0;
    while (depth < maxTreeDepth) {
      const forward = rng.next() > 0.5;
      const t = buildTree(ctx, forward ? fwd : bck, depth, forward ? 1 : -1);
      if (!t.valid) break;
      depth++;
      // Progressive (biased) sampling: move to the new subtree with probability min(1, w_new / w_old).
      if (t.logSumWeight > logSumWeight || rng.next() < Math.exp(t.logSumWeight - logSumWeight)) sample = t.propose;
      logSumWeight = logAddExp(logSumWeight, t.logSumWeight);
      // The seam: the old tree's end that the new subtree starts from, and the subtree's first point.
      const pSeamOld = forward ? pFwd : pBck, pSharpSeamOld = forward ? pSharpFwd : pSharpBck;
      const rhoOld = rho;
      rho = plus(rhoOld, t.rho);
      if (forward) {
        fwd = t.edge; pFwd = t.pEnd; pSharpFwd = t.pSharpEnd;
      } else {
        bck = t.edge; pBck = t.pEnd; pSharpBck = t.pSharpEnd;
      }
      const pSharpOuterOld = forward ? pSharpBck : pSharpFwd; // the old tree's far end
      let persist = noUTurn(pSharpBck, pSharpFwd, rho);
      persist &&= noUTurn(pSharpOuterOld, t.pSharpBeg, plus(rhoOld, t.pBeg)); // old tree + first new point
      persist &&= noUTurn(pSharpSeamOld, t.pSharpEnd, plus(t.rho, pSeamOld)); // new subtree + last old point
      if (!persist) break;
    }
    return { state: sample, stats: { acceptStat: ctx.nLeapfrog > 0 ? ctx.sumMetroProb / ctx.nLeapfrog : 0, divergent: ctx.divergent, nLeapfrog: ctx.nLeapfrog, treeDepth: depth, energy: h0 } };
  };
}

/**
 * Sample `model` with NUTS on several chains (warm-up: dual averaging to `targetAccept` 0.8 and
 * a diagonal metric). Cost: chains × (warmup + draws) × (leapfrog steps per draw) gradients.
 *
 * @example
 * const fit = nuts(model, { chains: 4, draws: 1000, warmup: 1000, seed: 0 });
 * summarize(fit); // R-hat, ESS per coordinate
 * @throws InvalidParamError for a bad option.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function nuts(model: Model, options: NutsOptions = {}): McmcResult {
  const maxTreeDepth = options.maxTreeDepth ?? 10;
  if (!(Number.isInteger(maxTreeDepth) && maxTreeDepth >= 1 && maxTreeDepth <= 20)) throw new InvalidParamError('nuts', 'maxTreeDepth', maxTreeDepth, 'an integer in [1, 20]');
  const maxDeltaH = options.maxDeltaH ?? 1000;
  if (!(maxDeltaH > 0)) throw new InvalidParamError('nuts', 'maxDeltaH', maxDeltaH, 'positive');
  return runChains('nuts', model, nutsKernel(maxTreeDepth, maxDeltaH), options, { targetAccept: 0.8, stepSize: 1, initHeuristic: true });
}
