/**
 * Internal helpers of the refuters: option checks, copying and subsetting `EffectData`, the
 * mean / spread of the new estimates and the pass rule
 * $|\text{shift}| \le \text{tol}\cdot\widehat{\mathrm{SE}} + 2 s_\theta/\sqrt K$ (see `types.ts`).
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import type { EffectData, EstimateOptions } from '../estimate/types.js';
import type { RefuteInput, RefuteOptions } from './types.js';

/** Resolved refuter options. */
export interface ResolvedRefuteOptions {
  repeats: number;
  seed: number;
  tolerance: number;
  alpha: number;
  subsetFraction: number;
  estimateOptions: Partial<EstimateOptions>;
}

/** Check the input and fill in the defaults. */
export function resolve(owner: string, input: RefuteInput, options: RefuteOptions = {}): ResolvedRefuteOptions {
  if (input === null || typeof input !== 'object') throw new InvalidInputError(`${owner}: expected { data, estimator, options, estimate }, got ${input === null ? 'null' : typeof input}`);
  const { data, estimator, estimate } = input;
  if (typeof estimator !== 'function') throw new InvalidInputError(`${owner}: estimator must be a function (data, options) => EffectEstimate, got ${typeof estimator}`);
  if (!data || !(data.treatment instanceof Float64Array) || !(data.outcome instanceof Float64Array)) throw new InvalidInputError(`${owner}: data must be EffectData with Float64Array treatment and outcome`);
  if (!estimate || !Number.isFinite(estimate.value)) throw new InvalidInputError(`${owner}: estimate must be an EffectEstimate with a finite value, got ${estimate?.value}`);
  const repeats = options.repeats ?? 20, seed = options.seed ?? 0, tolerance = options.tolerance ?? 0.25;
  const alpha = options.alpha ?? 0.05, subsetFraction = options.subsetFraction ?? 0.8;
  if (!Number.isInteger(repeats) || repeats < 2) throw new InvalidParamError(owner, 'repeats', repeats, 'an integer ≥ 2');
  if (!Number.isInteger(seed) || seed < 0) throw new InvalidParamError(owner, 'seed', seed, 'an integer ≥ 0');
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new InvalidParamError(owner, 'tolerance', tolerance, 'a finite number ≥ 0');
  if (!(alpha > 0 && alpha < 1)) throw new InvalidParamError(owner, 'alpha', alpha, 'a number in (0, 1)');
  if (!(subsetFraction > 0 && subsetFraction < 1)) throw new InvalidParamError(owner, 'subsetFraction', subsetFraction, 'a number in (0, 1)');
  return { repeats, seed, tolerance, alpha, subsetFraction, estimateOptions: options.estimateOptions ?? { bootstrap: 0 } };
}

/** Mean and sample standard deviation. */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean: m, sd: Math.sqrt(v) };
}

/** The pass rule and its threshold. */
export function withinTolerance(shift: number, stdErr: number, sd: number, repeats: number, tolerance: number): { passed: boolean; threshold: number } {
  const se = Number.isFinite(stdErr) ? stdErr : 0;
  const threshold = tolerance * se + (2 * sd) / Math.sqrt(repeats);
  return { passed: Math.abs(shift) <= threshold, threshold };
}

/** Run the estimator on perturbed data, checking each value is finite. */
export function reestimate(owner: string, input: RefuteInput, o: ResolvedRefuteOptions, data: EffectData, k: number): number {
  const est = input.estimator(data, { ...input.options, ...o.estimateOptions } as EstimateOptions);
  if (!Number.isFinite(est.value)) throw new InvalidInputError(`${owner}: the estimator returned ${est.value} on perturbation ${k}`);
  return est.value;
}

/** A copy of `data` restricted to the rows `idx` (every per-row column). */
export function subsetRows(data: EffectData, idx: ArrayLike<number>): EffectData {
  const take = (a: Float64Array) => Float64Array.from({ length: idx.length }, (_, i) => a[idx[i]!]!);
  return {
    ...data,
    treatment: take(data.treatment),
    outcome: take(data.outcome),
    covariates: data.covariates.map(take),
    ...(data.instruments ? { instruments: data.instruments.map(take) } : {}),
    ...(data.post ? { post: take(data.post) } : {}),
    ...(data.running ? { running: take(data.running) } : {}),
  };
}

/** Format a number for the detail sentences. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 1 ? x.toFixed(3) : x.toPrecision(3);
}
