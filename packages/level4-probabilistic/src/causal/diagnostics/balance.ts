/**
 * Covariate balance between treated and control units, before and after weighting or matching
 * (Austin 2009; Stuart 2010): standardised mean differences, variance ratios, and the
 * effective sample size of the weights.
 *
 * With weights $w_i \ge 0$ (all 1 before adjustment), per group $g \in \{0, 1\}$:
 * $$\bar x_g = \frac{\sum_{i\in g} w_i x_i}{\sum_{i\in g} w_i},\qquad
 *   s_g^2 = \frac{V_1}{V_1^2 - V_2}\sum_{i\in g} w_i (x_i - \bar x_g)^2,\quad V_1 = \sum_{i\in g} w_i,\ V_2 = \sum_{i\in g} w_i^2$$
 * (the unbiased weighted variance, which is the usual $\frac1{n_g-1}$ variance when all $w_i = 1$).
 *
 * - **Standardised mean difference**, pooled-SD definition:
 *   $$\mathrm{SMD} = \frac{\bar x_1^{(w)} - \bar x_0^{(w)}}{\sqrt{(s_1^2 + s_0^2)/2}}$$
 *   with $s_1^2, s_0^2$ always the **unweighted** (before-adjustment) variances, so the
 *   denominator is the same before and after and a change in SMD is a change of the means only
 *   (cobalt's default; Austin & Stuart 2015). Binary covariates use the same formula
 *   ($s^2 = \hat p(1-\hat p)\,n/(n-1)$). $|\mathrm{SMD}| < 0.1$ is the usual "balanced" line.
 * - **Variance ratio** $s_1^{2(w)}/s_0^{2(w)}$ with the weighted variances (ideal 1; 0.5–2 is
 *   the usual band, Rubin 2001).
 * - **Effective sample size** (Kish): $\mathrm{ESS} = (\sum w_i)^2/\sum w_i^2$ per group.
 *
 * Matching becomes weights by {@link matchWeights}. Cost $O(np)$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, ShapeError } from '@fpml/core';

/** Balance of one covariate before and after adjustment. */
export interface BalanceRow {
  covariate: string;
  /** Group means before adjustment. */
  meanTreated: number;
  meanControl: number;
  /** Group means with the weights. */
  meanTreatedAdjusted: number;
  meanControlAdjusted: number;
  /** SMD before and after (pooled unweighted SD in both). */
  smdBefore: number;
  smdAfter: number;
  /** $s_1^2 / s_0^2$ before and after (weighted). */
  varianceRatioBefore: number;
  varianceRatioAfter: number;
}

/** What {@link covariateBalance} returns. */
export interface BalanceTable {
  rows: BalanceRow[];
  /** Largest $|\mathrm{SMD}|$ before / after. */
  maxAbsSmdBefore: number;
  maxAbsSmdAfter: number;
  /** Kish effective sample size of each group under the weights (equals the group size before). */
  ess: { treated: number; control: number };
  /** Group sizes. */
  nTreated: number;
  nControl: number;
}

/** Input of {@link covariateBalance}. */
export interface BalanceInput {
  treatment: ArrayLike<number>; // (n,) 0/1
  covariates: readonly ArrayLike<number>[]; // p × (n,)
  covariateNames: readonly string[]; // (p,)
}

/** Weighted mean and unbiased weighted variance of `x` over the units with `t[i] === g`. */
export function groupMoments(x: ArrayLike<number>, t: ArrayLike<number>, g: 0 | 1, w?: ArrayLike<number>): { mean: number; variance: number; sumW: number; sumW2: number } {
  let s = 0, sw = 0, sw2 = 0;
  for (let i = 0; i < x.length; i++) {
    if (t[i] !== g) continue;
    const wi = w ? w[i]! : 1;
    s += wi * x[i]!;
    sw += wi;
    sw2 += wi * wi;
  }
  const mean = sw > 0 ? s / sw : NaN;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    if (t[i] !== g) continue;
    const wi = w ? w[i]! : 1;
    ss += wi * (x[i]! - mean) ** 2;
  }
  const denom = sw * sw - sw2;
  return { mean, variance: denom > 0 ? (sw * ss) / denom : NaN, sumW: sw, sumW2: sw2 };
}

/** Kish effective sample size $(\sum w)^2/\sum w^2$ ($0$ for no positive weight). */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let s = 0, s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i]!;
    s2 += weights[i]! ** 2;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

/** Check that `t` is 0/1 with both groups present. */
export function checkBinaryTreatment(owner: string, t: ArrayLike<number>): { nTreated: number; nControl: number } {
  let n1 = 0, n0 = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 1) n1++;
    else if (t[i] === 0) n0++;
    else throw new InvalidInputError(`${owner}: treatment must be 0/1, got ${t[i]} at row ${i}`);
  }
  if (n1 === 0 || n0 === 0) throw new InvalidInputError(`${owner}: treatment needs both groups, got ${n1} treated and ${n0} control units`);
  return { nTreated: n1, nControl: n0 };
}

/**
 * The balance table of every covariate: SMD and variance ratio before (unit weights) and after
 * (`weights`, e.g. IPW weights or {@link matchWeights}). Without weights "after" equals "before".
 * @throws ShapeError when a column or the weights disagree in length; InvalidInputError for a
 *   non-binary treatment, NaN/Inf values, negative weights or a group with zero total weight.
 */
export function covariateBalance(input: BalanceInput, weights?: ArrayLike<number>): BalanceTable {
  const O = 'covariateBalance';
  const { treatment: t, covariates, covariateNames } = input;
  const n = t.length;
  const { nTreated, nControl } = checkBinaryTreatment(O, t);
  if (covariates.length !== covariateNames.length) throw new ShapeError(`${O}: ${covariates.length} covariate columns but ${covariateNames.length} names`);
  covariates.forEach((c, j) => {
    if (c.length !== n) throw new ShapeError(`${O}: covariate '${covariateNames[j]}' has ${c.length} rows, treatment has ${n}`);
    for (let i = 0; i < n; i++) if (!Number.isFinite(c[i]!)) throw new InvalidInputError(`${O}: covariate '${covariateNames[j]}' has ${c[i]} at row ${i}`);
  });
  if (weights !== undefined) {
    if (weights.length !== n) throw new ShapeError(`${O}: weights have ${weights.length} entries, treatment has ${n}`);
    for (let i = 0; i < n; i++) if (!(weights[i]! >= 0) || !Number.isFinite(weights[i]!)) throw new InvalidInputError(`${O}: weights must be finite and ≥ 0, got ${weights[i]} at row ${i}`);
  }
  const rows = covariates.map((x, j): BalanceRow => {
    const b1 = groupMoments(x, t, 1), b0 = groupMoments(x, t, 0);
    const a1 = weights ? groupMoments(x, t, 1, weights) : b1, a0 = weights ? groupMoments(x, t, 0, weights) : b0;
    if (!(a1.sumW > 0) || !(a0.sumW > 0)) throw new InvalidInputError(`${O}: the weights give the ${a1.sumW > 0 ? 'control' : 'treated'} group zero total weight`);
    const pooled = Math.sqrt((b1.variance + b0.variance) / 2);
    const smd = (d: number) => (pooled > 0 ? d / pooled : d === 0 ? 0 : Math.sign(d) * Infinity);
    return {
      covariate: covariateNames[j]!,
      meanTreated: b1.mean, meanControl: b0.mean, meanTreatedAdjusted: a1.mean, meanControlAdjusted: a0.mean,
      smdBefore: smd(b1.mean - b0.mean), smdAfter: smd(a1.mean - a0.mean),
      varianceRatioBefore: b1.variance / b0.variance, varianceRatioAfter: a1.variance / a0.variance,
    };
  });
  const w1: number[] = [], w0: number[] = [];
  for (let i = 0; i < n; i++) (t[i] === 1 ? w1 : w0).push(weights ? weights[i]! : 1);
  const maxAbs = (k: 'smdBefore' | 'smdAfter') => rows.reduce((m, r) => Math.max(m, Math.abs(r[k])), 0);
  return {
    rows, maxAbsSmdBefore: maxAbs('smdBefore'), maxAbsSmdAfter: maxAbs('smdAfter'),
    ess: { treated: effectiveSampleSize(w1), control: effectiveSampleSize(w0) }, nTreated, nControl,
  };
}

/**
 * Matched pairs (`{ treated, control: [...] }`, k:1 with or without replacement) as weights:
 * each matched treated unit gets 1 per pair it heads, each control $\sum_{\text{pairs}} 1/k_{\text{pair}}$,
 * unmatched units 0. The weighted control mean is then the mean of the matched-control means,
 * the estimand of ATT matching. Cost $O(n + \sum k)$.
 * @throws InvalidInputError for an index outside `[0, n)` or a pair without controls.
 */
export function matchWeights(n: number, pairs: readonly { treated: number; control: readonly number[] }[]): Float64Array {
  const w = new Float64Array(n); // (n,)
  const ok = (i: unknown): i is number => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < n;
  pairs.forEach((p, k) => {
    if (!ok(p.treated)) throw new InvalidInputError(`matchWeights: pairs[${k}].treated must be a row index in [0, ${n}), got ${p.treated}`);
    if (!Array.isArray(p.control) || p.control.length === 0) throw new InvalidInputError(`matchWeights: pairs[${k}].control must be a non-empty array of row indices`);
    w[p.treated] += 1;
    for (const c of p.control) {
      if (!ok(c)) throw new InvalidInputError(`matchWeights: pairs[${k}].control has ${c}, expected a row index in [0, ${n})`);
      w[c] += 1 / p.control.length;
    }
  });
  return w;
}
