/**
 * Two-stage least squares for $Y = \alpha + \tau T + X\gamma + u$ with $T$ endogenous
 * (binary or continuous), instruments $Z$ ($q \ge 1$ columns) and exogenous covariates $X$.
 * With regressors $R = (1, T, X)$ and instruments $\tilde Z = (1, Z, X)$ ($n \times k$ and $n\times(q+k-1)$):
 * $$\hat R = P_{\tilde Z}R,\qquad \hat\beta = (\hat R^\top\hat R)^{-1}\hat R^\top Y = (R^\top P_{\tilde Z}R)^{-1}R^\top P_{\tilde Z}Y,$$
 * i.e. regress $T$ on $\tilde Z$ (first stage), then $Y$ on $(1, \hat T, X)$; $\hat\tau = \hat\beta_T$.
 *
 * **Standard error.** The residuals are the structural ones, $u = Y - R\hat\beta$ (with the actual
 * $T$, not $\hat T$ — the naive second-stage SE uses $Y - \hat R\hat\beta$ and is wrong):
 * `'nonrobust'`: $\hat\sigma^2(\hat R^\top\hat R)^{-1}$, $\hat\sigma^2 = u^\top u/(n-k)$ (statsmodels'
 * `IV2SLS`); `'hc0'`/`'hc1'` (default): $(\hat R^\top\hat R)^{-1}\big(\sum_i u_i^2\hat r_i\hat r_i^\top\big)(\hat R^\top\hat R)^{-1}$,
 * times $n/(n-k)$ for HC1; `'cluster'` with `clusters` (CR1).
 *
 * **Weak instruments:** `details.firstStageF` is the F statistic of the excluded instruments in
 * the first stage, $F = \frac{(\mathrm{RSS}_r - \mathrm{RSS}_u)/q}{\mathrm{RSS}_u/(n - q - k + 1)}$ (restricted:
 * $T$ on $(1, X)$); $F < 10$ is the Staiger–Stock rule of thumb for a weak instrument (2SLS then
 * biased towards OLS, Wald intervals under-cover). Target: the LATE (complier average effect)
 * for a binary instrument and treatment under monotonicity. Cost $O(n(q+k)^2)$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidParamError } from '@fpml/core';
import { ols, olsCovariance, type CovType } from './ols.js';
import { bootstrap, checkData, choice, commonOptions, design, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EstimateOptions } from './types.js';

/** The 2SLS fit. */
export interface TslsFit {
  value: number;
  se: number;
  coef: Float64Array; // (k,) intercept, T, X...
  firstStageF: number;
  firstStageCoef: Float64Array; // (q + k - 1,) intercept, Z..., X...
  /** Partial $R^2$ of the excluded instruments in the first stage. */
  partialR2: number;
}

/**
 * 2SLS point estimate, SE and first-stage diagnostics (data already checked).
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function tsls(owner: string, data: EffectData, cov: CovType, clusters?: ArrayLike<number>): TslsFit {
  const n = data.outcome.length, Z = data.instruments!, q = Z.length, T = data.treatment;
  const fsD = design(n, true, [...Z, ...data.covariates]); // (n, q + k - 1)
  const fs = ols(owner, fsD.X, T, n, fsD.k, undefined, 'the first-stage design [1, Z, X]');
  const rD = design(n, true, data.covariates); // (n, k - 1)
  const rs = ols(owner, rD.X, T, n, rD.k, undefined, 'the exogenous design [1, X]');
  let rssU = 0, rssR = 0;
  for (let i = 0; i < n; i++) {
    rssU += fs.resid[i]! ** 2;
    rssR += rs.resid[i]! ** 2;
  }
  const firstStageF = (rssR - rssU) / q / (rssU / (n - fsD.k));
  const That = Float64Array.from(T, (t, i) => t - fs.resid[i]!);
  const hD = design(n, true, [That, ...data.covariates]); // (n, k)
  const k = hD.k;
  const second = ols(owner, hD.X, data.outcome, n, k, undefined, 'the second-stage design [1, T_hat, X] (the instruments may be too weak or collinear with X)');
  const u = new Float64Array(n); // structural residuals
  for (let i = 0; i < n; i++) {
    let f = second.beta[0]! + second.beta[1]! * T[i]!;
    data.covariates.forEach((c, j) => (f += second.beta[j + 2]! * c[i]!));
    u[i] = data.outcome[i]! - f;
  }
  const V = olsCovariance({ ...second, resid: u }, hD.X, cov, undefined, clusters);
  return { value: second.beta[1]!, se: Math.sqrt(V[k + 1]!), coef: second.beta, firstStageF, firstStageCoef: fs.beta, partialR2: rssR > 0 ? 1 - rssU / rssR : 0 };
}

/** Read `cov` and `clusters` for the IV estimators. */
export function ivCovOptions(owner: string, options: EstimateOptions, n: number): { cov: CovType; clusters?: ArrayLike<number> } {
  const cov = choice<CovType>(owner, options, 'cov', ['nonrobust', 'hc0', 'hc1', 'cluster'], 'hc1');
  if (cov !== 'cluster') return { cov };
  const c = options['clusters'];
  if (!(ArrayBuffer.isView(c) || Array.isArray(c)) || (c as ArrayLike<number>).length !== n) throw new InvalidParamError(owner, 'clusters', c, `an array of ${n} cluster ids (cov: 'cluster')`);
  return { cov, clusters: c as ArrayLike<number> };
}

/**
 * 2SLS estimate of the treatment coefficient (LATE), with the correct 2SLS SE. Options: `cov`
 * ('nonrobust' | 'hc0' | 'hc1' (default) | 'cluster'), `clusters`. `details`: firstStageF,
 * partialR2, firstStageCoef, coef, weakInstrument (F < 10), seMethod.
 * $\hat\beta = (R^\top P_{\tilde Z}R)^{-1}R^\top P_{\tilde Z}Y$, $\hat\tau = \hat\beta_T$; Z q columns (n,), X p columns (n,); $O(n(q+p)^2)$.
 * @throws InvalidInputError for missing instruments, NaN or collinear designs; ShapeError for length mismatches.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function twoStageLeastSquares(data: EffectData, options: EstimateOptions): EffectEstimate {
  const O = 'twoStageLeastSquares';
  const { level, seed, bootstrap: B } = commonOptions(O, options, ['ate']);
  const { n } = checkData(O, data, { binary: false, instruments: true });
  const { cov, clusters } = ivCovOptions(O, options, n);
  const r = tsls(O, data, cov, clusters);
  const details: Record<string, unknown> = {
    seMethod: B > 0 ? 'bootstrap' : cov, firstStageF: r.firstStageF, partialR2: r.partialR2, weakInstrument: r.firstStageF < 10,
    firstStageCoef: r.firstStageCoef, coef: r.coef, instruments: data.instruments!.length,
  };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => tsls(O, d, 'hc0').value, B, seed, level, false);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('2sls', 'late', r.value, b.stdErr, level, n, details, b.ci);
  }
  return makeEstimate('2sls', 'late', r.value, r.se, level, n, details);
}
