/**
 * Regression adjustment (outcome modelling).
 *
 * **ATE** (default): one OLS fit $Y = \alpha + \tau T + X\gamma + u$; $\hat\tau$ is the coefficient
 * of $T$, with a heteroskedasticity-robust SE (`cov`, default HC1; `'nonrobust'`, `'hc0'`–`'hc3'`),
 * see `ols.ts`. It is the ATE when the effect is constant (or the regression is saturated); with
 * heterogeneous effects it is a variance-weighted average of them.
 *
 * **ATT / ATC**, and the ATE with `separate: true`: g-computation with separate outcome models
 * $\hat\mu_a(x) = x^\top\hat\beta_a$ fitted in each arm ($x = (1, X)$),
 * $$\widehat{\mathrm{ATT}} = \frac{1}{n_1}\sum_{T_i=1}\big(Y_i - \hat\mu_0(X_i)\big),\quad
 * \widehat{\mathrm{ATC}} = \frac{1}{n_0}\sum_{T_i=0}\big(\hat\mu_1(X_i) - Y_i\big),\quad
 * \widehat{\mathrm{ATE}} = \frac1n\sum_i \big(\hat\mu_1(X_i) - \hat\mu_0(X_i)\big).$$
 * SEs by the delta method, the arms being independent samples:
 * $\mathrm{Var}(\widehat{\mathrm{ATT}}) = s^2_{d}/n_1 + \bar x_1^\top \hat V_0 \bar x_1$ ($s^2_{d}$ the
 * variance of $Y - \hat\mu_0$ over the treated, $\bar x_1$ the treated mean of $x$, $\hat V_0$ the
 * robust covariance of $\hat\beta_0$); ATC symmetric; ATE:
 * $\bar x^\top(\hat V_1 + \hat V_0)\bar x + s^2_{\hat\mu_1-\hat\mu_0}/n$.
 *
 * `bootstrap: B` refits on resamples instead. Cost $O(nk^2)$, $k = p + 2$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { COV_TYPES, ols, olsCovariance, quadForm, type CovType } from './ols.js';
import { bootstrap, checkData, choice, commonOptions, design, flagOption, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EffectTarget, EstimateOptions } from './types.js';

const O = 'regressionAdjustment';

function pooled(data: EffectData, cov: CovType): { value: number; se: number; coef: Float64Array } {
  const n = data.outcome.length;
  const { X, k } = design(n, true, [data.treatment, ...data.covariates]); // (n, k)
  const fit = ols(O, X, data.outcome, n, k, undefined, 'the design [1, T, X]');
  const V = olsCovariance(fit, X, cov);
  return { value: fit.beta[1]!, se: Math.sqrt(V[1 * k + 1]!), coef: fit.beta };
}

/**
 * Outcome model $\hat\mu_a(x) = x^\top\hat\beta_a$ fitted by OLS in arm a: coefficients and robust covariance.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function armModel(data: EffectData, arm: 0 | 1, cov: CovType): { beta: Float64Array; V: Float64Array; k: number } {
  const idx: number[] = [];
  for (let i = 0; i < data.outcome.length; i++) if (data.treatment[i] === arm) idx.push(i);
  const m = idx.length;
  const cols = data.covariates.map((c) => Float64Array.from(idx, (i) => c[i]!));
  const { X, k } = design(m, true, cols); // (m, k)
  const y = Float64Array.from(idx, (i) => data.outcome[i]!);
  const fit = ols(O, X, y, m, k, undefined, `the ${arm ? 'treated' : 'control'} arm's design [1, X] (${m} units, ${k} columns)`);
  return { beta: fit.beta, V: olsCovariance(fit, X, cov), k };
}

/**
 * Separate-model g-computation for a target.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function gComputation(data: EffectData, target: EffectTarget, cov: CovType): { value: number; se: number; mu1: Float64Array; mu0: Float64Array } {
  const n = data.outcome.length, { treatment: t, outcome: y } = data;
  const m1 = armModel(data, 1, cov), m0 = armModel(data, 0, cov), k = m1.k;
  const mu1 = new Float64Array(n), mu0 = new Float64Array(n);
  const xbar = new Float64Array(k);
  let cnt = 0;
  for (let i = 0; i < n; i++) {
    let a = m1.beta[0]!, b = m0.beta[0]!;
    data.covariates.forEach((c, j) => {
      a += m1.beta[j + 1]! * c[i]!;
      b += m0.beta[j + 1]! * c[i]!;
    });
    mu1[i] = a;
    mu0[i] = b;
    const inTarget = target === 'ate' || (target === 'att' ? t[i] === 1 : t[i] === 0);
    if (!inTarget) continue;
    cnt++;
    xbar[0] += 1;
    data.covariates.forEach((c, j) => (xbar[j + 1] += c[i]!));
  }
  for (let a = 0; a < k; a++) xbar[a] /= cnt;
  const d = new Float64Array(cnt);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (target === 'ate') d[j++] = mu1[i]! - mu0[i]!;
    else if (target === 'att' && t[i] === 1) d[j++] = y[i]! - mu0[i]!;
    else if (target === 'atc' && t[i] === 0) d[j++] = mu1[i]! - y[i]!;
  }
  let mean = 0;
  for (const v of d) mean += v;
  mean /= cnt;
  let ss = 0;
  for (const v of d) ss += (v - mean) ** 2;
  const sv = cnt > 1 ? ss / (cnt - 1) : 0;
  const modelVar = target === 'ate' ? quadForm(m1.V, xbar, k) + quadForm(m0.V, xbar, k) : quadForm(target === 'att' ? m0.V : m1.V, xbar, k);
  return { value: mean, se: Math.sqrt(sv / cnt + modelVar), mu1, mu0 };
}

/**
 * Regression adjustment: the coefficient of $T$ in one OLS fit (ATE), or separate-arm
 * g-computation (ATT, ATC, or ATE with `separate: true`). Options: `cov` (default 'hc1'),
 * `separate` (default false). `details`: seMethod, cov, coef (pooled fit: intercept, T, X...).
 * $\hat\tau = \hat\beta_T$ of $Y \sim (1, T, X)$, or $\frac{1}{|S|}\sum_{i\in S}(\hat\mu_1(X_i) - \hat\mu_0(X_i))$ over the target set $S$; X (n, p); $O(np^2)$.
 * @throws InvalidInputError for a non-binary treatment, NaN or collinear covariates; ShapeError for length mismatches.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function regressionAdjustment(data: EffectData, options: EstimateOptions): EffectEstimate {
  const { target, level, seed, bootstrap: B } = commonOptions(O, options);
  const { n } = checkData(O, data);
  const cov = choice(O, options, 'cov', COV_TYPES.filter((c) => c !== 'cluster'), 'hc1');
  const separate = target !== 'ate' || flagOption(O, options, 'separate', false);
  const point = (d: EffectData): { value: number; se: number; coef?: Float64Array } => (separate ? gComputation(d, target, cov) : pooled(d, cov));
  const r = point(data);
  const details: Record<string, unknown> = { seMethod: B > 0 ? 'bootstrap' : separate ? `delta-method (${cov})` : cov, cov, separate };
  if (r.coef) details['coef'] = r.coef;
  if (B > 0) {
    const b = bootstrap(O, data, (d) => point(d).value, B, seed, level, true);
    return makeEstimate('regression', target, r.value, b.stdErr, level, n, details, b.ci);
  }
  return makeEstimate('regression', target, r.value, r.se, level, n, details);
}
