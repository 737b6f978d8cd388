/**
 * The propensity model shared by IPW, AIPW, matching and stratification (internal): an
 * unpenalised logistic regression of $T$ on $x_i = (1, X_i)$,
 * $$\hat e_i = \sigma(x_i^\top\hat\beta),\qquad \sum_i (T_i - \hat e_i)\,x_i = 0,$$
 * fitted by Newton–Raphson (IRLS) with step halving on the log-likelihood, as statsmodels'
 * `Logit(method='newton')`, to a relative step of $10^{-13}$ (statsmodels agrees to ~1e-12). Not
 * level2's `LogisticRegression` (penalty 'none', Newton), which was much slower per warm fit in a
 * one-off timing (not kept) and dominated the bootstrap and the synthetic study, which refit
 * thousands of times. No penalty, so the fit is the MLE the
 * M-estimation sandwich assumes; the price is that it does not exist under separation, which is
 * exactly when we refuse to estimate.
 *
 * Overlap: any $\hat e_i \notin [10^{-8}, 1-10^{-8}]$, a covariate whose ranges in the two groups
 * do not overlap (it separates them perfectly), or a fit that diverges → {@link NoOverlapError}
 * naming the covariates and the range of $\hat e$. With trimming the extreme units are dropped
 * instead (see {@link trimUnits}).
 *
 * Also returned: the inverse information $A_{\beta\beta}^{-1}$, $A_{\beta\beta} = \frac1n\sum_i
 * \hat e_i(1-\hat e_i)\,x_ix_i^\top$, for the sandwich. Cost $O(nk^2)$ per Newton step, $k = p + 1$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { FpmlError, InvalidParamError } from '@fpml/core';
import { NoOverlapError } from './errors.js';
import { spdInverse, symv } from './ols.js';
import { OVERLAP_EPS, design } from './shared.js';
import type { EffectData, EstimateOptions } from './types.js';

/** A fitted propensity model. */
export interface PropensityModel {
  /** $\hat e_i$, (n,). */
  e: Float64Array; // (n,)
  /** $\hat\beta$, intercept first, (k,). */
  beta: Float64Array; // (k,)
  /** Design $(1, X)$, (n, k) row-major. */
  X: Float64Array; // (n, k)
  k: number;
  /** $A_{\beta\beta}^{-1}$, (k, k). */
  infoInv: Float64Array; // (k, k)
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function rangeText(e: Float64Array): { lo: number; hi: number } {
  let lo = Infinity, hi = -Infinity;
  for (const v of e) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { lo, hi };
}

/** Covariates whose ranges in the treated and control groups are disjoint. */
function separating(data: EffectData): string[] {
  const out: string[] = [];
  data.covariates.forEach((c, j) => {
    let min1 = Infinity, max1 = -Infinity, min0 = Infinity, max0 = -Infinity;
    for (let i = 0; i < c.length; i++) {
      if (data.treatment[i] === 1) {
        min1 = Math.min(min1, c[i]!);
        max1 = Math.max(max1, c[i]!);
      } else {
        min0 = Math.min(min0, c[i]!);
        max0 = Math.max(max0, c[i]!);
      }
    }
    if (max0 < min1 || max1 < min0) out.push(data.covariateNames[j]!);
  });
  return out;
}

function noOverlap(owner: string, data: EffectData, lo: number, hi: number, why: string): NoOverlapError {
  const sep = separating(data);
  const names = data.covariateNames.length ? data.covariateNames.join(', ') : '(none)';
  return new NoOverlapError(
    `${owner}: no overlap: ${why}; fitted propensities span [${lo.toExponential(3)}, ${hi.toExponential(3)}], expected within [${OVERLAP_EPS}, ${1 - OVERLAP_EPS}]` +
      `; propensity covariates: ${names}` + (sep.length ? `; ${sep.map((s) => `'${s}'`).join(', ')} separate${sep.length === 1 ? 's' : ''} the groups perfectly` : '') +
      '. Trim (option trim), restrict the sample to the common support, or drop the separating covariate.',
    data.covariateNames, lo, hi,
  );
}

/**
 * Fit $\hat e$ on `data` (treatment already checked 0/1 with both groups). `allowExtreme`: return
 * propensities at 0/1 instead of throwing (the caller trims them).
 */
export function fitPropensity(owner: string, data: EffectData, allowExtreme = false): PropensityModel {
  const n = data.outcome.length, t = data.treatment;
  const { X, k } = design(n, true, data.covariates); // (n, k)
  if (separating(data).length > 0) throw noOverlap(owner, data, 0, 1, 'the logistic MLE does not exist');
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += t[i]!;
  const beta = new Float64Array(k); // (k,)
  beta[0] = Math.log(n1 / (n - n1));
  const e = new Float64Array(n), z = new Float64Array(n);
  const evaluate = (b: Float64Array): number => {
    let ll = 0;
    for (let i = 0; i < n; i++) {
      let zi = 0;
      for (let a = 0; a < k; a++) zi += X[i * k + a]! * b[a]!;
      z[i] = zi;
      e[i] = sigmoid(zi);
      ll += t[i]! * zi - (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))); // log-likelihood, softplus-stable
    }
    return ll / n;
  };
  const information = (): Float64Array => {
    const A = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const v = (e[i]! * (1 - e[i]!)) / n, o = i * k;
      for (let a = 0; a < k; a++) for (let c = 0; c <= a; c++) A[a * k + c] += v * X[o + a]! * X[o + c]!;
    }
    for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) A[c * k + a] = A[a * k + c]!;
    return A;
  };
  let ll = evaluate(beta);
  let infoInv: Float64Array = new Float64Array(0);
  const range = (): { lo: number; hi: number } => rangeText(e);
  try {
    for (let it = 0; it < 100; it++) {
      infoInv = spdInverse(owner, information(), k, 'the propensity information matrix');
      const g = new Float64Array(k); // score / n
      for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) g[a] += ((t[i]! - e[i]!) * X[i * k + a]!) / n;
      const step = symv(infoInv, g, k);
      let size = 0, scale = 1;
      for (let a = 0; a < k; a++) {
        size = Math.max(size, Math.abs(step[a]!));
        scale = Math.max(scale, Math.abs(beta[a]!));
      }
      if (size <= 1e-13 * scale) break;
      let f = 1, trial: Float64Array = beta;
      for (let h = 0; h < 40; h++, f /= 2) {
        trial = beta.map((b, a) => b + f * step[a]!);
        const llNew = evaluate(trial);
        if (llNew >= ll - 1e-15 * Math.abs(ll)) {
          ll = llNew;
          break;
        }
      }
      beta.set(trial);
      ll = evaluate(beta);
      const { lo, hi } = range();
      if (lo < 1e-300 || hi > 1 - 1e-16) break; // diverging (separation): stop and report below
    }
    infoInv = spdInverse(owner, information(), k, 'the propensity information matrix');
  } catch (err) {
    const { lo, hi } = range();
    if (err instanceof FpmlError) throw noOverlap(owner, data, lo, hi, 'the logistic fit diverged (singular information: the groups are separated)');
    throw err;
  }
  const { lo, hi } = range();
  if ((lo < OVERLAP_EPS || hi > 1 - OVERLAP_EPS) && !allowExtreme) throw noOverlap(owner, data, lo, hi, 'propensities at 0 or 1 numerically');
  return { e, beta, X, k, infoInv };
}

/** The trimming option: a threshold $a \in [0, 0.5)$ (keep $a \le \hat e \le 1-a$) or `'crump'`. */
export type TrimOption = number | 'crump' | undefined;

/** Read `options.trim`. */
export function trimOption(owner: string, options: EstimateOptions): TrimOption {
  const v = options['trim'];
  if (v === undefined || v === 'crump') return v;
  if (typeof v !== 'number' || !(v >= 0 && v < 0.5)) throw new InvalidParamError(owner, 'trim', v, "a number in [0, 0.5) (keep a ≤ e ≤ 1 − a) or 'crump'");
  return v;
}

/**
 * Units kept by trimming. A number $a$ keeps $a \le \hat e_i \le 1-a$. `'crump'` is Crump, Hotz,
 * Imbens & Mitnik's (2009) rule: with $\gamma_i = 1/(\hat e_i(1-\hat e_i))$, no trimming if
 * $\max\gamma \le 2\bar\gamma$; else $a = \tfrac12 - \sqrt{\tfrac14 - 1/\lambda}$ where $\lambda$
 * solves $\lambda = 2\,\mathbb E[\gamma \mid \gamma \le \lambda]$ (taken at the largest order
 * statistic $\gamma_{(m)} \le 2\,\overline{\gamma_{(1..m)}}$, $\lambda = 2\,\overline{\gamma_{(1..m)}}$).
 * Returns the kept indices and the threshold $a$ used. $O(n\log n)$.
 */
export function trimUnits(e: Float64Array, trim: TrimOption): { keep: Int32Array; threshold: number } {
  const n = e.length;
  let a = 0;
  if (trim === 'crump') {
    const g = Float64Array.from(e, (v) => (v > 0 && v < 1 ? 1 / (v * (1 - v)) : Infinity)).sort();
    let sum = 0;
    for (const v of g) sum += v;
    if (!(g[n - 1]! <= (2 * sum) / n)) {
      let cum = 0, lambda = 4;
      for (let m = 0; m < n; m++) {
        cum += g[m]!;
        if (g[m]! <= (2 * cum) / (m + 1)) lambda = (2 * cum) / (m + 1);
        else if (!Number.isFinite(g[m]!)) break;
      }
      a = 0.5 - Math.sqrt(Math.max(0, 0.25 - 1 / lambda));
    }
  } else if (typeof trim === 'number') a = trim;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (e[i]! >= a && e[i]! <= 1 - a) keep.push(i);
  return { keep: Int32Array.from(keep), threshold: a };
}

/** The sample after optional trimming, with the propensity model fitted on it. */
export interface PropensitySample {
  data: EffectData;
  model: PropensityModel;
  /** Indices (into the input rows) of the units kept. */
  kept: Int32Array;
  /** Trimming threshold $a$ (0 without trimming). */
  threshold: number;
}

/**
 * Fit $\hat e$; with trimming, drop the units outside $[a, 1-a]$ and refit the propensity model on
 * the kept units (so the estimate and its sandwich SE are those of the trimmed population, the
 * trimming rule taken as fixed).
 */
export function propensitySample(owner: string, data: EffectData, trim: TrimOption): PropensitySample {
  const n = data.outcome.length;
  if (trim === undefined) return { data, model: fitPropensity(owner, data), kept: Int32Array.from({ length: n }, (_, i) => i), threshold: 0 };
  const first = fitPropensity(owner, data, true);
  const { keep, threshold } = trimUnits(first.e, trim);
  if (keep.length === n) return { data, model: fitPropensity(owner, data), kept: keep, threshold };
  const sub = subset(data, keep);
  let n1 = 0;
  for (const v of sub.treatment) n1 += v;
  const { lo, hi } = rangeText(first.e);
  if (n1 === 0 || n1 === keep.length) throw noOverlap(owner, data, lo, hi, `trimming at [${threshold}, ${1 - threshold}] leaves ${n1} treated and ${keep.length - n1} control units`);
  return { data: sub, model: fitPropensity(owner, sub), kept: keep, threshold };
}

function subset(data: EffectData, idx: Int32Array): EffectData {
  const take = (c: Float64Array): Float64Array => Float64Array.from(idx, (i) => c[i]!);
  return { ...data, treatment: take(data.treatment), outcome: take(data.outcome), covariates: data.covariates.map(take) };
}
