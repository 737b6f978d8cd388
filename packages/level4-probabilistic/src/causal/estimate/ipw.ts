/**
 * Inverse probability weighting with an estimated propensity $\hat e(x) = \sigma(x^\top\hat\beta)$
 * (unpenalised logistic regression, `propensity.ts`).
 *
 * Each arm's mean is $\hat\mu_a = \sum_i g_i Y_i \big/ \sum_i h_i$ with
 *
 * | target | $g_i$ for $\hat\mu_1$ | $g_i$ for $\hat\mu_0$ | $h_i$ Horvitz–Thompson |
 * |---|---|---|---|
 * | ATE | $T_i/\hat e_i$ | $(1-T_i)/(1-\hat e_i)$ | $1$ |
 * | ATT | $T_i$ | $(1-T_i)\,\hat e_i/(1-\hat e_i)$ | $T_i$ |
 * | ATC | $T_i(1-\hat e_i)/\hat e_i$ | $1-T_i$ | $1-T_i$ |
 *
 * and $\hat\tau = \hat\mu_1 - \hat\mu_0$. Horvitz–Thompson (`stabilized: false`) divides by the
 * fixed $\sum h_i$ ($n$, $n_1$ or $n_0$); the stabilised (Hájek, `stabilized: true`, the default)
 * version takes $h_i = g_i$, i.e. normalised weights that sum to one in each arm: always within the
 * range of the outcomes and usually of much lower variance.
 *
 * **Standard error** (default): M-estimation sandwich of the stacked equations
 * $\psi_\beta = (T_i - \hat e_i)x_i$ (logistic score) and $\psi_{\mu_a} = g_iY_i - \mu_a h_i$. The
 * influence of $\hat\mu_a$ is
 * $$\varphi_i = \frac{1}{\bar h}\Big(\psi_{\mu_a,i} + A_{\mu\beta}\, I_\beta^{-1} (T_i-\hat e_i)x_i\Big),\quad
 * A_{\mu\beta} = \frac1n\sum_i g_i c_i (Y_i - \mu_a[h{=}g])\,x_i^\top,\quad I_\beta = \frac1n\sum_i\hat e_i(1-\hat e_i)x_ix_i^\top,$$
 * $c_i = \partial\log(g_i)/\partial(x_i^\top\beta) \in \{0, -(1-\hat e_i), \hat e_i, 1, -1\}$, and
 * $\widehat{\mathrm{Var}}(\hat\tau) = n^{-2}\sum_i(\varphi_{1,i} - \varphi_{0,i})^2$, which is exactly
 * the $\tau$ entry of $A^{-1}BA^{-\top}/n$. Estimating the propensity (rather than knowing it)
 * typically *shrinks* the ATE variance. `bootstrap: B` refits everything on each resample instead.
 *
 * Options: `stabilized` (default true), `trim` ($a$ or `'crump'`, see `propensity.ts`; the
 * propensity is refitted on the kept units). Cost $O(nk^2)$ per Newton step, $k = p+1$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { propensitySample, trimOption, type PropensityModel } from './propensity.js';
import { symv } from './ols.js';
import { bootstrap, checkData, commonOptions, flagOption, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EffectTarget, EstimateOptions } from './types.js';

type Factor = 'one' | 'invE' | 'inv1mE' | 'odds' | 'invOdds';

const ARMS: Record<EffectTarget, [Factor, Factor]> = { ate: ['invE', 'inv1mE'], att: ['one', 'odds'], atc: ['invOdds', 'one'] };

function factor(f: Factor, e: number): { a: number; c: number } {
  switch (f) {
    case 'one': return { a: 1, c: 0 };
    case 'invE': return { a: 1 / e, c: -(1 - e) };
    case 'inv1mE': return { a: 1 / (1 - e), c: e };
    case 'odds': return { a: e / (1 - e), c: 1 };
    case 'invOdds': return { a: (1 - e) / e, c: -1 };
  }
}

/** Weighted arm mean and its influence values, (n,). */
function armInfluence(y: Float64Array, t: Float64Array, pm: PropensityModel, arm: 0 | 1, f: Factor, target: EffectTarget, hajek: boolean): { mu: number; phi: Float64Array; g: Float64Array } {
  const n = y.length, { e, X, k, infoInv } = pm;
  const g = new Float64Array(n), c = new Float64Array(n), h = new Float64Array(n);
  let sg = 0, sh = 0;
  for (let i = 0; i < n; i++) {
    const ind = arm === 1 ? t[i]! : 1 - t[i]!;
    const fa = factor(f, e[i]!);
    g[i] = ind * fa.a;
    c[i] = fa.c;
    h[i] = hajek ? g[i]! : target === 'ate' ? 1 : target === 'att' ? t[i]! : 1 - t[i]!;
    sg += g[i]! * y[i]!;
    sh += h[i]!;
  }
  const mu = sg / sh, hbar = sh / n;
  const Amb = new Float64Array(k); // (k,)
  for (let i = 0; i < n; i++) {
    if (g[i] === 0 || c[i] === 0) continue;
    const v = (g[i]! * c[i]! * (y[i]! - (hajek ? mu : 0))) / n;
    for (let a = 0; a < k; a++) Amb[a] += v * X[i * k + a]!;
  }
  const q = symv(infoInv, Amb, k); // I^{-1} A_{mu beta}^T, (k,)
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let corr = 0;
    for (let a = 0; a < k; a++) corr += q[a]! * X[i * k + a]!;
    phi[i] = (g[i]! * y[i]! - mu * h[i]! + corr * (t[i]! - e[i]!)) / hbar;
  }
  return { mu, phi, g };
}

/** Point estimate, sandwich SE and diagnostics on a (possibly trimmed) sample. */
function ipwCore(data: EffectData, target: EffectTarget, hajek: boolean, trim: ReturnType<typeof trimOption>) {
  const s = propensitySample('ipw', data, trim);
  const { treatment: t, outcome: y } = s.data;
  const [f1, f0] = ARMS[target];
  const a1 = armInfluence(y, t, s.model, 1, f1, target, hajek);
  const a0 = armInfluence(y, t, s.model, 0, f0, target, hajek);
  const n = y.length;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a1.phi[i]! - a0.phi[i]!) ** 2;
  const weights = Float64Array.from(a1.g, (g, i) => g + a0.g[i]!);
  const kish = (g: Float64Array): number => {
    let s1 = 0, s2 = 0;
    for (const w of g) {
      s1 += w;
      s2 += w * w;
    }
    return (s1 * s1) / s2;
  };
  return { value: a1.mu - a0.mu, se: Math.sqrt(v) / n, s, mu1: a1.mu, mu0: a0.mu, weights, ess: { treated: kish(a1.g), control: kish(a0.g) } };
}

/**
 * IPW estimate of the ATE, ATT or ATC (Horvitz–Thompson or stabilised/Hájek), sandwich or
 * bootstrap SE. `details`: propensity, weights (n,), kept (indices after trimming), trimThreshold,
 * mu1, mu0, propensityCoef, ess (Kish's effective sample size $(\sum w)^2/\sum w^2$ of each arm's
 * weights: far below the arm's size means a few units carry the estimate), seMethod.
 * $\hat\tau = \hat\mu_1 - \hat\mu_0$, $\hat\mu_a = \sum_i g^{(a)}_iY_i/\sum_i h^{(a)}_i$ (weights in the module table); X p columns (n,); $O(np^2)$ per Newton step.
 * @throws InvalidInputError for a non-binary treatment or NaN; ShapeError for length mismatches;
 *   NoOverlapError when propensities reach 0/1 (without trimming) or a covariate separates the groups.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function ipw(data: EffectData, options: EstimateOptions): EffectEstimate {
  const O = 'ipw';
  const { target, level, seed, bootstrap: B } = commonOptions(O, options);
  checkData(O, data);
  const hajek = flagOption(O, options, 'stabilized', true);
  const trim = trimOption(O, options);
  const r = ipwCore(data, target, hajek, trim);
  const details: Record<string, unknown> = {
    seMethod: B > 0 ? 'bootstrap' : 'sandwich', stabilized: hajek, propensity: r.s.model.e, weights: r.weights,
    kept: r.s.kept, trimThreshold: r.s.threshold, trimmed: data.outcome.length - r.s.kept.length,
    mu1: r.mu1, mu0: r.mu0, propensityCoef: r.s.model.beta, ess: r.ess,
  };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => ipwCore(d, target, hajek, trim).value, B, seed, level, true);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('ipw', target, r.value, b.stdErr, level, r.s.kept.length, details, b.ci);
  }
  return makeEstimate('ipw', target, r.value, r.se, level, r.s.kept.length, details);
}
