/**
 * The multi-chain driver every MCMC sampler shares: initialisation, warm-up with adaptation
 * (step size by dual averaging; diagonal inverse metric from Stan's windowed variances), then
 * the sampling phase with fixed tuning. Each chain draws from its own `Rng.fork()` sub-stream
 * of the seed, so results are reproducible bit for bit and chains are independent.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng, describeValue } from '@fpml/core';
import { DualAveraging, VarianceEstimator, warmupSchedule } from './adaptation.js';
import { findReasonableStepSize, type PhaseState } from './hamiltonian.js';
import type { Model } from './model.js';

/** Diagnostics of one transition. */
export interface TransitionStats {
  /** The statistic dual averaging targets (mean Metropolis acceptance over the trajectory). */
  acceptStat: number;
  /** The trajectory hit an energy error above the threshold. */
  divergent: boolean;
  /** Gradient evaluations. */
  nLeapfrog: number;
  /** NUTS tree depth (0 for the other samplers). */
  treeDepth: number;
  /** $H$ at the start of the transition (0 for Metropolis). */
  energy: number;
}

/** One Markov transition from `s` with step `eps` and diagonal inverse metric. */
export type TransitionKernel = (model: Model, s: PhaseState, eps: number, invMetric: Float64Array, rng: Rng) => { state: PhaseState; stats: TransitionStats };

/** Options every sampler accepts. */
export interface McmcOptions {
  /** Number of chains. @default 4 */
  chains?: number;
  /** Kept draws per chain. @default 1000 */
  draws?: number;
  /** Warm-up (adaptation) iterations per chain, discarded. @default 1000 */
  warmup?: number;
  /** Seed of the root Rng; chain c uses the c-th fork. @default 0 */
  seed?: number;
  /** Target acceptance statistic of dual averaging. @default 0.8 (NUTS), 0.65 (HMC), 0.234 (Metropolis) */
  targetAccept?: number;
  /** Adapt the diagonal inverse metric in warm-up. @default true */
  adaptMetric?: boolean;
  /** Initial step size (adapted unless warmup is 0). @default 1 (HMC/NUTS), 2.38/√d (Metropolis) */
  stepSize?: number;
  /** Initial unconstrained points, one per chain (d,); omitted: uniform on $[-2, 2]^d$ like Stan. */
  init?: readonly Float64Array[];
  /** Called after each iteration of each chain (progress bars). */
  onIteration?: (chain: number, iter: number) => void;
}

/** Draws and per-iteration statistics of all chains. */
export interface McmcResult {
  /** Sampler name. */
  sampler: string;
  /** One name per coordinate, (d,). */
  coordNames: readonly string[];
  /** Constrained draws, one (draws, d) Matrix per chain. */
  samples: Matrix[];
  /** Unconstrained draws, one (draws, d) Matrix per chain. */
  unconstrained: Matrix[];
  /** Per chain, per kept draw: divergent (1) or not. */
  divergent: Uint8Array[];
  /** Per chain, per kept draw: NUTS tree depth. */
  treeDepth: Int32Array[];
  /** Per chain, per kept draw: gradient evaluations. */
  nLeapfrog: Int32Array[];
  /** Per chain, per kept draw: acceptance statistic. */
  acceptStat: Float64Array[];
  /** Per chain, per kept draw: $\log\pi(q)$ (unconstrained, Jacobian included). */
  logp: Float64Array[];
  /** Per chain, per kept draw: Hamiltonian at the start of the transition. */
  energy: Float64Array[];
  /** Adapted step size per chain. */
  stepSize: number[];
  /** Adapted diagonal inverse metric per chain, (d,) each. */
  invMetric: Float64Array[];
  /** Divergent transitions during warm-up, per chain. */
  warmupDivergences: number[];
}

/**
 * Column `j` of every chain: (chains) arrays of (draws,).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function chainsOf(r: McmcResult, coord: string | number, which: 'samples' | 'unconstrained' = 'samples'): Float64Array[] {
  const j = typeof coord === 'number' ? coord : r.coordNames.indexOf(coord);
  if (!(j >= 0 && j < r.coordNames.length)) throw new InvalidInputError(`chainsOf: unknown coordinate ${describeValue(coord)}; available: ${r.coordNames.join(', ')}`);
  return r[which].map((m) => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!));
}

function intParam(owner: string, name: string, v: unknown, min: number): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw new InvalidParamError(owner, name, v, `an integer >= ${min}`);
  return v;
}

/**
 * Run `kernel` on `chains` chains. Cost: chains × (warmup + draws) transitions.
 * @throws InvalidParamError for bad counts/step/target; InvalidInputError when no finite start is found.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function runChains(owner: string, model: Model, kernel: TransitionKernel, options: McmcOptions, defaults: { targetAccept: number; stepSize: number; initHeuristic: boolean }): McmcResult {
  if (model === null || typeof model !== 'object' || typeof model.logpGrad !== 'function' || !(Number.isInteger(model.dim) && model.dim >= 1))
    throw new InvalidInputError(`${owner}: model must be a Model from defineModel, got ${describeValue(model)}`);
  if (options === null || typeof options !== 'object') throw new InvalidParamError(owner, 'options', options, 'an object');
  const chains = intParam(owner, 'chains', options.chains ?? 4, 1);
  const draws = intParam(owner, 'draws', options.draws ?? 1000, 1);
  const warmup = intParam(owner, 'warmup', options.warmup ?? 1000, 0);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new InvalidParamError(owner, 'seed', seed, 'an integer');
  const delta = options.targetAccept ?? defaults.targetAccept;
  if (!(delta > 0 && delta < 1)) throw new InvalidParamError(owner, 'targetAccept', delta, 'in (0, 1)');
  const eps0 = options.stepSize ?? defaults.stepSize;
  if (!(eps0 > 0 && Number.isFinite(eps0))) throw new InvalidParamError(owner, 'stepSize', eps0, 'a positive finite number');
  if (options.init !== undefined && (!Array.isArray(options.init) || options.init.length !== chains || options.init.some((z) => !(z instanceof Float64Array) || z.length !== model.dim)))
    throw new InvalidParamError(owner, 'init', options.init, `${chains} Float64Arrays of length ${model.dim}`);
  const adaptMetric = options.adaptMetric ?? true;
  const d = model.dim;
  const root = new Rng(seed);
  const sched = warmupSchedule(warmup);
  const out: McmcResult = { sampler: owner, coordNames: model.coordNames, samples: [], unconstrained: [], divergent: [], treeDepth: [], nLeapfrog: [], acceptStat: [], logp: [], energy: [], stepSize: [], invMetric: [], warmupDivergences: [] };
  for (let c = 0; c < chains; c++) {
    const rng = root.fork();
    let state: PhaseState | null = null;
    for (let attempt = 0; attempt < 100 && state === null; attempt++) {
      const q = options.init?.[c]?.slice() ?? Float64Array.from({ length: d }, () => rng.uniform(-2, 2));
      const { logp, grad } = model.logpGrad(q);
      if (Number.isFinite(logp) && grad.every(Number.isFinite)) state = { q, p: new Float64Array(d), logp, grad };
      else if (options.init) break;
    }
    if (state === null) throw new InvalidInputError(`${owner}: chain ${c}: no initial point with a finite log density and gradient${options.init ? ' (the given init)' : ' in 100 uniform draws on [-2, 2]^d'}`);
    let invMetric: Float64Array = new Float64Array(d).fill(1); // (d,)
    let eps = eps0;
    const da = new DualAveraging(delta);
    if (warmup > 0 && defaults.initHeuristic) eps = findReasonableStepSize(model, state, eps, invMetric, rng);
    da.restart(eps);
    const variance = new VarianceEstimator(d);
    let w = 0, warmDiv = 0;
    for (let it = 0; it < warmup; it++) {
      const r = kernel(model, state, eps, invMetric, rng);
      state = r.state;
      if (r.stats.divergent) warmDiv++;
      eps = da.update(r.stats.acceptStat);
      if (adaptMetric && w < sched.windowEnds.length && it >= sched.windowStarts[w]!) {
        variance.add(state.q);
        if (it === sched.windowEnds[w]) {
          invMetric = variance.estimate();
          variance.reset();
          w++;
          if (defaults.initHeuristic) eps = findReasonableStepSize(model, state, eps, invMetric, rng);
          da.restart(eps);
        }
      }
      options.onIteration?.(c, it);
    }
    if (warmup > 0) eps = da.final();
    const S = new Matrix(draws, d), U = new Matrix(draws, d); // (draws, d)
    const div = new Uint8Array(draws), depth = new Int32Array(draws), nlf = new Int32Array(draws);
    const acc = new Float64Array(draws), lp = new Float64Array(draws), en = new Float64Array(draws);
    for (let i = 0; i < draws; i++) {
      const r = kernel(model, state, eps, invMetric, rng);
      state = r.state;
      U.data.set(state.q, i * d);
      S.data.set(model.constrain(state.q), i * d);
      div[i] = r.stats.divergent ? 1 : 0;
      depth[i] = r.stats.treeDepth;
      nlf[i] = r.stats.nLeapfrog;
      acc[i] = r.stats.acceptStat;
      lp[i] = state.logp;
      en[i] = r.stats.energy;
      options.onIteration?.(c, warmup + i);
    }
    out.samples.push(S);
    out.unconstrained.push(U);
    out.divergent.push(div);
    out.treeDepth.push(depth);
    out.nLeapfrog.push(nlf);
    out.acceptStat.push(acc);
    out.logp.push(lp);
    out.energy.push(en);
    out.stepSize.push(eps);
    out.invMetric.push(invMetric);
    out.warmupDivergences.push(warmDiv);
  }
  return out;
}
