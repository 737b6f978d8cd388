/**
 * Augmented IPW (doubly robust) estimation. Outcome models $\hat\mu_a(x) = x^\top\hat\beta_a$ (OLS
 * in each arm, $x = (1, X)$) and the propensity $\hat e(x)$ (unpenalised logistic, `propensity.ts`):
 * $$\widehat{\mathrm{ATE}} = \frac1n\sum_i\Big[\hat\mu_1(X_i) - \hat\mu_0(X_i) + \frac{T_i(Y_i-\hat\mu_1(X_i))}{\hat e_i} - \frac{(1-T_i)(Y_i-\hat\mu_0(X_i))}{1-\hat e_i}\Big],$$
 * $$\widehat{\mathrm{ATT}} = \frac{1}{n_1}\sum_i\Big[T_i\big(Y_i-\hat\mu_0(X_i)\big) - (1-T_i)\frac{\hat e_i}{1-\hat e_i}\big(Y_i-\hat\mu_0(X_i)\big)\Big],$$
 * $$\widehat{\mathrm{ATC}} = \frac{1}{n_0}\sum_i\Big[(1-T_i)\big(\hat\mu_1(X_i)-Y_i\big) + T_i\frac{1-\hat e_i}{\hat e_i}\big(Y_i-\hat\mu_1(X_i)\big)\Big].$$
 * Consistent if either model is right (the ATT/ATC forms need only $\hat\mu_0$ resp. $\hat\mu_1$
 * besides $\hat e$), and semiparametrically efficient when both are.
 *
 * **Standard error** from the efficient influence function, nuisances taken as known (valid to
 * first order when both models are consistent, since the estimating equation is Neyman-orthogonal):
 * ATE: $\varphi_i = [\cdot]_i - \hat\tau$; ATT: $\varphi_i = \big(T_i(Y_i - \hat\mu_0 - \hat\tau) - (1-T_i)\frac{\hat e_i}{1-\hat e_i}(Y_i-\hat\mu_0)\big)/\hat p$,
 * $\hat p = n_1/n$ (ATC symmetric); $\widehat{\mathrm{SE}} = \sqrt{\sum_i\varphi_i^2}/n$.
 * `bootstrap: B` refits all three models on each resample instead. Options: `trim` as in IPW.
 * Cost $O(nk^2)$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { propensitySample, trimOption, type TrimOption } from './propensity.js';
import { armModel } from './regression.js';
import { bootstrap, checkData, commonOptions, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EffectTarget, EstimateOptions } from './types.js';

const O = 'aipw';

function predict(data: EffectData, beta: Float64Array): Float64Array {
  const n = data.outcome.length;
  return Float64Array.from({ length: n }, (_, i) => {
    let s = beta[0]!;
    data.covariates.forEach((c, j) => (s += beta[j + 1]! * c[i]!));
    return s;
  });
}

function aipwCore(input: EffectData, target: EffectTarget, trim: TrimOption) {
  const s = propensitySample(O, input, trim);
  const data = s.data, { treatment: t, outcome: y } = data, e = s.model.e, n = y.length;
  const mu1 = target === 'att' ? null : predict(data, armModel(data, 1, 'hc0').beta);
  const mu0 = target === 'atc' ? null : predict(data, armModel(data, 0, 'hc0').beta);
  const psi = new Float64Array(n); // un-centred score terms
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    n1 += t[i]!;
    const ti = t[i]!, yi = y[i]!, ei = e[i]!;
    if (target === 'ate') psi[i] = mu1![i]! - mu0![i]! + (ti * (yi - mu1![i]!)) / ei - ((1 - ti) * (yi - mu0![i]!)) / (1 - ei);
    else if (target === 'att') psi[i] = ti * (yi - mu0![i]!) - ((1 - ti) * ei * (yi - mu0![i]!)) / (1 - ei);
    else psi[i] = (1 - ti) * (mu1![i]! - yi) + (ti * (1 - ei) * (yi - mu1![i]!)) / ei;
  }
  const denom = target === 'ate' ? n : target === 'att' ? n1 : n - n1;
  let sum = 0;
  for (const v of psi) sum += v;
  const tau = sum / denom, share = denom / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const inT = target === 'ate' ? 1 : target === 'att' ? t[i]! : 1 - t[i]!;
    ss += ((psi[i]! - tau * inT) / share) ** 2;
  }
  return { value: tau, se: Math.sqrt(ss) / n, s, mu1, mu0 };
}

/**
 * AIPW (doubly robust) estimate of the ATE, ATT or ATC with the influence-function SE (or
 * bootstrap). `details`: propensity, mu1, mu0 (outcome-model predictions; null when unused),
 * kept, trimThreshold, trimmed, seMethod.
 * $\hat\tau_{\mathrm{ATE}} = \frac1n\sum_i[\hat\mu_1 - \hat\mu_0 + T_i(Y_i-\hat\mu_1)/\hat e_i - (1-T_i)(Y_i-\hat\mu_0)/(1-\hat e_i)]$; X (n, p); $O(np^2)$.
 * @throws InvalidInputError for a non-binary treatment, NaN or a collinear arm design;
 *   ShapeError for length mismatches; NoOverlapError as IPW.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function aipw(data: EffectData, options: EstimateOptions): EffectEstimate {
  const { target, level, seed, bootstrap: B } = commonOptions(O, options);
  checkData(O, data);
  const trim = trimOption(O, options);
  const r = aipwCore(data, target, trim);
  const details: Record<string, unknown> = {
    seMethod: B > 0 ? 'bootstrap' : 'influence-function', propensity: r.s.model.e, mu1: r.mu1, mu0: r.mu0,
    kept: r.s.kept, trimThreshold: r.s.threshold, trimmed: data.outcome.length - r.s.kept.length,
  };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => aipwCore(d, target, trim).value, B, seed, level, true);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('aipw', target, r.value, b.stdErr, level, r.s.kept.length, details, b.ci);
  }
  return makeEstimate('aipw', target, r.value, r.se, level, r.s.kept.length, details);
}
