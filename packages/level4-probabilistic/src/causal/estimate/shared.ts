/**
 * Internal helpers of the estimators: input checks (shapes, NaN, binary treatment), option
 * checks, the normal quantile for confidence intervals, the estimate record, subsetting
 * `EffectData` and the nonparametric bootstrap.
 *
 * Intervals: analytic ones are Wald intervals $\hat\tau \pm z_{1-\alpha/2}\,\widehat{\mathrm{SE}}$;
 * bootstrap ones (`options.bootstrap = B > 0`) resample units with replacement $B$ times (within
 * each treatment group when the treatment is binary, so both groups keep their sizes), report the
 * standard deviation of the $B$ replicates as the SE and the percentile interval
 * $[\hat\tau^*_{(\alpha/2)}, \hat\tau^*_{(1-\alpha/2)}]$ as the CI. Cost: $B$ estimator calls.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { FpmlError, InvalidInputError, InvalidParamError, Rng, ShapeError, normalCdf, describeValue } from '@fpml/core';
import type { EffectData, EffectEstimate, EffectTarget, EstimateOptions, EstimationMethod } from './types.js';

/** Numerical positivity bound: propensities outside $[\varepsilon, 1-\varepsilon]$ count as 0/1. */
export const OVERLAP_EPS = 1e-8;

/**
 * Standard normal quantile $\Phi^{-1}(p)$: Acklam's rational approximation (relative error
 * $1.15\cdot10^{-9}$) polished by one Halley step on $\Phi(x) - p$ (core's erfc-based `normalCdf`),
 * which brings it to about machine precision. $O(1)$.
  * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new InvalidParamError('normalQuantile', 'p', p, 'a number in (0, 1)');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Options every estimator reads, checked and defaulted. */
export interface CommonOptions {
  target: EffectTarget;
  level: number;
  seed: number;
  bootstrap: number;
}

/** Check `options` (method-independent fields) and fill in the defaults. */
export function commonOptions(owner: string, options: EstimateOptions, targets: readonly EffectTarget[] = ['ate', 'att', 'atc']): CommonOptions {
  if (options === null || typeof options !== 'object') throw new InvalidParamError(owner, 'options', options, 'an object { method, target?, level?, seed?, bootstrap? }');
  const target = options.target ?? targets[0]!;
  if (!targets.includes(target)) throw new InvalidParamError(owner, 'target', target, targets.map((t) => `'${t}'`).join(' or '));
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new InvalidParamError(owner, 'level', level, 'a number in (0, 1)');
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) throw new InvalidParamError(owner, 'seed', seed, 'an integer ≥ 0');
  const bootstrap = options.bootstrap ?? 0;
  if (typeof bootstrap !== 'number' || !Number.isInteger(bootstrap) || bootstrap < 0 || bootstrap === 1) throw new InvalidParamError(owner, 'bootstrap', bootstrap, 'an integer ≥ 2 (or 0 for the analytic SE)');
  return { target, level, seed, bootstrap };
}

/** A method-specific option: a choice among strings. */
export function choice<T extends string>(owner: string, options: EstimateOptions, name: string, allowed: readonly T[], def: T): T {
  const v = options[name] ?? def;
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new InvalidParamError(owner, name, v, allowed.map((a) => `'${a}'`).join(' or '));
  return v as T;
}

/** A method-specific option: a number in [lo, hi] (integer if asked). */
export function numberOption(owner: string, options: EstimateOptions, name: string, def: number, lo: number, hi: number, integer = false): number {
  const v = options[name] ?? def;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new InvalidParamError(owner, name, v, `${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`);
  }
  return v;
}

/** A method-specific option: a boolean. */
export function flagOption(owner: string, options: EstimateOptions, name: string, def: boolean): boolean {
  const v = options[name] ?? def;
  if (typeof v !== 'boolean') throw new InvalidParamError(owner, name, v, 'true or false');
  return v;
}

function column(owner: string, what: string, c: unknown, n: number): Float64Array {
  if (!(c instanceof Float64Array)) throw new InvalidInputError(`${owner}: ${what} must be a Float64Array, got ${describeValue(c)}`);
  if (c.length !== n) throw new ShapeError(`${owner}: ${what} has ${c.length} rows, outcome has ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(c[i]!)) throw new InvalidInputError(`${owner}: ${what} has ${describeValue(c[i])} at row ${i} (expected finite numbers)`);
  return c;
}

/** What {@link checkData} asks for beyond treatment, outcome and covariates. */
export interface DataNeeds {
  /** Treatment must be 0/1 with both groups present. @default true */
  binary?: boolean;
  instruments?: boolean;
  post?: boolean;
  running?: boolean;
}

/**
 * Validate `data`: every column a Float64Array of the outcome's length (ShapeError), finite
 * (InvalidInputError), names matching the covariates, and a 0/1 treatment with both groups when
 * `binary` (InvalidInputError naming 'treatment' and the value that came). Returns $n$, $n_1$, $n_0$.
 */
export function checkData(owner: string, data: EffectData, needs: DataNeeds = {}): { n: number; n1: number; n0: number } {
  if (data === null || typeof data !== 'object') throw new InvalidInputError(`${owner}: data must be EffectData { treatment, outcome, covariates, covariateNames }, got ${describeValue(data)}`);
  if (!(data.outcome instanceof Float64Array)) throw new InvalidInputError(`${owner}: outcome must be a Float64Array, got ${describeValue(data.outcome)}`);
  const n = data.outcome.length;
  if (n < 2) throw new InvalidInputError(`${owner}: need at least 2 units, got ${n}`);
  const tName = data.treatmentName ? `treatment '${data.treatmentName}'` : 'treatment';
  column(owner, data.outcomeName ? `outcome '${data.outcomeName}'` : 'outcome', data.outcome, n);
  const t = column(owner, tName, data.treatment, n);
  if (!Array.isArray(data.covariates)) throw new InvalidInputError(`${owner}: covariates must be an array of Float64Array columns, got ${describeValue(data.covariates)}`);
  if (!Array.isArray(data.covariateNames) || data.covariateNames.length !== data.covariates.length) {
    throw new ShapeError(`${owner}: ${data.covariates.length} covariate columns but ${Array.isArray(data.covariateNames) ? data.covariateNames.length : describeValue(data.covariateNames)} covariateNames`);
  }
  data.covariates.forEach((c, j) => column(owner, `covariate '${data.covariateNames[j]}'`, c, n));
  if (needs.instruments) {
    if (!Array.isArray(data.instruments) || data.instruments.length === 0) throw new InvalidInputError(`${owner}: needs data.instruments (one or more columns), got ${describeValue(data.instruments)}`);
    data.instruments.forEach((c, j) => column(owner, `instrument ${j}`, c, n));
  }
  if (needs.post) column(owner, 'post', data.post, n);
  if (needs.running) {
    column(owner, 'running', data.running, n);
    if (typeof data.cutoff !== 'number' || !Number.isFinite(data.cutoff)) throw new InvalidInputError(`${owner}: needs a finite data.cutoff, got ${describeValue(data.cutoff)}`);
  }
  let n1 = 0, n0 = 0;
  if (needs.binary ?? true) {
    for (let i = 0; i < n; i++) {
      if (t[i] === 1) n1++;
      else if (t[i] === 0) n0++;
      else throw new InvalidInputError(`${owner}: ${tName} must be binary (0/1) for this method, got ${t[i]} at row ${i}`);
    }
    if (n1 === 0 || n0 === 0) throw new InvalidInputError(`${owner}: ${tName} needs both groups, got ${n1} treated and ${n0} control units`);
  }
  return { n, n1, n0 };
}

/** A 0/1 column check for other binary inputs (instrument, post). */
export function checkBinaryColumn(owner: string, name: string, c: Float64Array): void {
  let ones = 0;
  for (let i = 0; i < c.length; i++) {
    if (c[i] === 1) ones++;
    else if (c[i] !== 0) throw new InvalidInputError(`${owner}: ${name} must be binary (0/1), got ${c[i]} at row ${i}`);
  }
  if (ones === 0 || ones === c.length) throw new InvalidInputError(`${owner}: ${name} must take both values 0 and 1, got all ${ones === 0 ? 0 : 1}`);
}

/** The rows `idx` of every column of `data` (bootstrap resamples, trimming). */
export function subsetData(data: EffectData, idx: ArrayLike<number>): EffectData {
  const take = (c: Float64Array): Float64Array => Float64Array.from({ length: idx.length }, (_, i) => c[idx[i]!]!);
  const out: EffectData = { ...data, treatment: take(data.treatment), outcome: take(data.outcome), covariates: data.covariates.map(take) };
  if (data.instruments) out.instruments = data.instruments.map(take);
  if (data.post) out.post = take(data.post);
  if (data.running) out.running = take(data.running);
  return out;
}

/** The estimate record with a Wald interval $\hat\tau \pm z\,\mathrm{SE}$ (or the given one). */
export function makeEstimate(
  method: EstimationMethod, target: EffectEstimate['target'], value: number, stdErr: number, level: number, n: number,
  details: Record<string, unknown>, ci?: [number, number],
): EffectEstimate {
  const z = normalQuantile(0.5 + level / 2);
  return { method, target, value, stdErr, ci: ci ?? [value - z * stdErr, value + z * stdErr], level, n, details };
}

/** What {@link bootstrap} returns. */
export interface BootstrapResult {
  stdErr: number;
  ci: [number, number];
  replicates: Float64Array; // (B - failures,)
  failures: number;
}

/**
 * Nonparametric bootstrap of `point` (a point estimate on a data set): $B$ resamples with
 * replacement, within treatment groups when `stratify`, or of whole clusters when `clusters`
 * (ids, (n,)) is given (the cluster bootstrap: as many clusters drawn as there are). A resample on which the estimator throws
 * a typed error (e.g. no overlap in that resample) is counted in `failures` and skipped; more
 * than 10% failures throws the last error. SE = sd of the replicates, CI = percentile interval.
 */
export function bootstrap(owner: string, data: EffectData, point: (d: EffectData) => number, B: number, seed: number, level: number, stratify: boolean, clusters?: ArrayLike<number>): BootstrapResult {
  const n = data.outcome.length;
  const rng = new Rng(seed);
  const groups: number[][] = stratify ? [[], []] : [[]];
  for (let i = 0; i < n; i++) groups[stratify ? data.treatment[i]! : 0]!.push(i);
  const byCluster = new Map<number, number[]>();
  if (clusters) for (let i = 0; i < n; i++) {
    const c = clusters[i]!;
    let g = byCluster.get(c);
    if (!g) byCluster.set(c, (g = []));
    g.push(i);
  }
  const clusterList = [...byCluster.values()];
  const reps: number[] = [];
  let failures = 0, lastError: unknown = null;
  const idx = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    let sample: ArrayLike<number> = idx;
    if (clusters) {
      const rows: number[] = [];
      for (let r = 0; r < clusterList.length; r++) rows.push(...clusterList[rng.int(clusterList.length)]!);
      sample = rows;
    } else {
      let m = 0;
      for (const g of groups) for (let r = 0; r < g.length; r++) idx[m++] = g[rng.int(g.length)]!;
    }
    try {
      const v = point(subsetData(data, sample));
      if (Number.isFinite(v)) reps.push(v);
      else failures++;
    } catch (err) {
      if (!(err instanceof FpmlError)) throw err;
      failures++;
      lastError = err;
    }
  }
  if (failures > 0.1 * B || reps.length < 2) {
    if (lastError) throw lastError;
    throw new InvalidInputError(`${owner}: ${failures} of ${B} bootstrap resamples gave no finite estimate`);
  }
  const r = Float64Array.from(reps).sort();
  let mean = 0;
  for (const v of r) mean += v;
  mean /= r.length;
  let ss = 0;
  for (const v of r) ss += (v - mean) ** 2;
  const alpha = 1 - level;
  return { stdErr: Math.sqrt(ss / (r.length - 1)), ci: [quantileSorted(r, alpha / 2), quantileSorted(r, 1 - alpha / 2)], replicates: r, failures };
}

/** Linear-interpolation quantile (numpy's default) of a sorted array. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  const h = (s.length - 1) * q, lo = Math.floor(h), hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/** Row-major design matrix (n, k) from an optional intercept and columns. */
export function design(n: number, intercept: boolean, cols: readonly ArrayLike<number>[]): { X: Float64Array; k: number } {
  const k = cols.length + (intercept ? 1 : 0);
  const X = new Float64Array(n * k); // (n, k)
  for (let i = 0; i < n; i++) {
    let j = 0;
    if (intercept) X[i * k + j++] = 1;
    for (const c of cols) X[i * k + j++] = c[i]!;
  }
  return { X, k };
}
