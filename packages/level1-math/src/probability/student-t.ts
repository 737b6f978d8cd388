/**
 * Student's t distribution with location and scale, and its MLE by EM (ECME for the degrees of
 * freedom).
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { ConvergenceWarning, InvalidInputError, Rng, asVector, betaI, logBeta, logGamma, type VectorLike } from '@fpml/core';
import { ContinuousDistribution, checkParam } from './distribution.js';
import { digamma } from './special.js';

/** Options of {@link StudentT.fit}. */
export interface StudentTFitOptions {
  /** Degrees of freedom held fixed; when omitted they are estimated too (ECME). @default undefined */
  df?: number;
  /** Stop when loc, scale (and df) change by less than `tol` relative. @default 1e-12 */
  tol?: number;
  /** EM iterations at most. @default 10000 */
  maxIter?: number;
}

const DF_MIN = 1e-2;
const DF_MAX = 1e6;

/**
 * Student's $t_\nu(\mu, \sigma)$ on $\mathbb R$, with $z = (x-\mu)/\sigma$:
 * $$\ln p(x) = \ln\Gamma\!\left(\tfrac{\nu+1}2\right) - \ln\Gamma\!\left(\tfrac\nu2\right) - \tfrac12\ln(\nu\pi) - \ln\sigma - \tfrac{\nu+1}2\ln\!\left(1 + \tfrac{z^2}\nu\right),$$
 * $F(x) = \tfrac12 I_{\nu/(\nu+z^2)}(\tfrac\nu2, \tfrac12)$ for $z<0$ (by symmetry above), switching
 * to $\tfrac12 \pm \tfrac12 I_{z^2/(\nu+z^2)}(\tfrac12, \tfrac\nu2)$ near the centre. Mean $\mu$
 * ($\nu>1$, else NaN: undefined), variance $\sigma^2\nu/(\nu-2)$ ($\nu>2$; $\infty$ for $1<\nu\le2$;
 * NaN for $\nu\le1$), as scipy. Entropy
 * $\tfrac{\nu+1}2\big[\psi(\tfrac{\nu+1}2) - \psi(\tfrac\nu2)\big] + \ln\big(\sqrt\nu B(\tfrac\nu2, \tfrac12)\big) + \ln\sigma$.
 * Sampled as $\mu + \sigma Z/\sqrt{G/\nu}$, $Z\sim\mathcal N(0,1)$, $G \sim \chi^2_\nu = $ Gamma$(\nu/2, 2)$.
 * @see ../../../../docs/level1-math/probability.md
 */
export class StudentT extends ContinuousDistribution {
  readonly name = 'StudentT';
  /** Degrees of freedom $\nu > 0$. */
  readonly df: number;
  /** Location $\mu$. */
  readonly loc: number;
  /** Scale $\sigma > 0$. */
  readonly scale: number;
  /** Filled by {@link StudentT.fit} when EM hit `maxIter`. */
  readonly warnings: ConvergenceWarning[] = [];

  /** @param df $\nu > 0$. @param loc $\mu$. @default 0 @param scale $\sigma > 0$. @default 1 */
  constructor(df: number, loc = 0, scale = 1) {
    super();
    this.df = checkParam('StudentT', 'df', df, (v) => v > 0, '> 0');
    this.loc = checkParam('StudentT', 'loc', loc, () => true, 'finite');
    this.scale = checkParam('StudentT', 'scale', scale, (v) => v > 0, '> 0');
  }

  /** $\mu$ for $\nu > 1$; NaN (undefined) otherwise. */
  get mean(): number {
    return this.df > 1 ? this.loc : NaN;
  }

  /** $\sigma^2\nu/(\nu-2)$ for $\nu > 2$, $\infty$ for $1 < \nu \le 2$, NaN (undefined) for $\nu \le 1$. */
  get variance(): number {
    const v = this.df;
    if (v > 2) return (this.scale * this.scale * v) / (v - 2);
    return v > 1 ? Infinity : NaN;
  }

  get entropy(): number {
    const v = this.df;
    return 0.5 * (v + 1) * (digamma(0.5 * (v + 1)) - digamma(0.5 * v)) + 0.5 * Math.log(v) + logBeta(0.5 * v, 0.5) + Math.log(this.scale);
  }

  protected logPdfAt(x: number): number {
    if (!Number.isFinite(x)) return -Infinity;
    const v = this.df;
    const z = (x - this.loc) / this.scale;
    return logGamma(0.5 * (v + 1)) - logGamma(0.5 * v) - 0.5 * Math.log(v * Math.PI) - Math.log(this.scale) - 0.5 * (v + 1) * Math.log1p((z * z) / v);
  }

  protected cdfAt(x: number): number {
    if (x === -Infinity) return 0;
    if (x === Infinity) return 1;
    const v = this.df;
    const z = (x - this.loc) / this.scale;
    const z2 = z * z;
    if (z2 < v) {
      const half = 0.5 * betaI(0.5, 0.5 * v, z2 / (v + z2)); // P(0 < T < |z|)
      return z < 0 ? 0.5 - half : 0.5 + half;
    }
    const tail = 0.5 * betaI(0.5 * v, 0.5, v / (v + z2)); // P(T < −|z|)
    return z < 0 ? tail : 1 - tail;
  }

  protected draw(rng: Rng): number {
    const z = rng.normal();
    const g = rng.gamma(0.5 * this.df, 2);
    return this.loc + (this.scale * z) / Math.sqrt(g / this.df);
  }

  /**
   * Maximum-likelihood fit by EM, reading $t_\nu$ as a scale mixture: $x_i \mid w_i \sim \mathcal N(\mu, \sigma^2/w_i)$,
   * $w_i \sim$ Gamma$(\nu/2, \text{rate } \nu/2)$. E-step: $\mathbb E[w_i \mid x_i] = \dfrac{\nu+1}{\nu + z_i^2}$;
   * M-step: $\mu = \sum_i w_i x_i / \sum_i w_i$, $\sigma^2 = \frac1n\sum_i w_i(x_i-\mu)^2$. Each step
   * increases the likelihood. Without `df`, ECME (Liu & Rubin 1995) also sets $\nu$ to the root of the
   * observed-data score
   * $$\sum_i \Big[\psi\big(\tfrac{\nu+1}2\big) - \psi\big(\tfrac\nu2\big) - \tfrac1\nu - \ln\big(1+\tfrac{z_i^2}\nu\big) + \tfrac{(\nu+1)z_i^2}{\nu(\nu+z_i^2)}\Big] = 0$$
   * by bisection on $\ln\nu \in [\ln 10^{-2}, \ln 10^{6}]$ (the upper end stands for the normal limit).
   * Linear convergence; $O(n)$ per iteration (ECME: $O(60n)$).
   * @throws InvalidInputError for NaN/Inf, fewer than 2 values, or a constant sample.
   */
  static fit(x: VectorLike, options: StudentTFitOptions = {}): StudentT {
    const { tol = 1e-12, maxIter = 10000 } = options;
    const fixedDf = options.df === undefined ? undefined : checkParam('StudentT.fit', 'df', options.df, (v) => v > 0, '> 0');
    checkParam('StudentT.fit', 'tol', tol, (v) => v > 0, '> 0');
    checkParam('StudentT.fit', 'maxIter', maxIter, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const v = asVector(x, 'x', { minLength: 2 }); // (n,)
    const n = v.length;
    // start: median and a MAD-like spread are robust to the heavy tails
    const sorted = Float64Array.from(v).sort();
    let mu = 0.5 * (sorted[(n - 1) >> 1]! + sorted[n >> 1]!);
    const dev = sorted.map((t) => Math.abs(t - mu)).sort();
    let sigma = 1.4826 * 0.5 * (dev[(n - 1) >> 1]! + dev[n >> 1]!);
    if (!(sigma > 0)) {
      let m = 0, ss = 0;
      for (let i = 0; i < n; i++) m += v[i]! / n;
      for (let i = 0; i < n; i++) ss += (v[i]! - m) ** 2;
      sigma = Math.sqrt(ss / n);
      if (!(sigma > 0)) throw new InvalidInputError('StudentT.fit: x must not be constant (the MLE scale would be 0)');
    }
    let nu = fixedDf ?? 5;
    const z2 = new Float64Array(n); // (n,) squared standardised residuals
    let iter = 0, converged = false;
    while (iter < maxIter && !converged) {
      iter++;
      let sw = 0, swx = 0;
      const w = new Float64Array(n); // (n,) E[w_i | x_i]
      for (let i = 0; i < n; i++) {
        const z = (v[i]! - mu) / sigma;
        w[i] = (nu + 1) / (nu + z * z);
        sw += w[i]!;
        swx += w[i]! * v[i]!;
      }
      const muNew = swx / sw;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += w[i]! * (v[i]! - muNew) ** 2;
      const sigmaNew = Math.sqrt(ss / n);
      let nuNew = nu;
      if (fixedDf === undefined) {
        for (let i = 0; i < n; i++) z2[i] = ((v[i]! - muNew) / sigmaNew) ** 2;
        nuNew = dfRoot(z2);
      }
      converged = Math.abs(muNew - mu) <= tol * sigmaNew && Math.abs(sigmaNew - sigma) <= tol * sigmaNew && Math.abs(nuNew - nu) <= tol * nuNew;
      mu = muNew;
      sigma = sigmaNew;
      nu = nuNew;
    }
    const out = new StudentT(nu, mu, sigma);
    if (!converged) out.warnings.push(new ConvergenceWarning('StudentT.fit', `EM did not converge to tol ${tol} in ${maxIter} iterations`, iter));
    return out;
  }
}

/** The ν in [DF_MIN, DF_MAX] where the df-score of the standardised squared residuals `z2` vanishes (bisection on ln ν). */
function dfRoot(z2: Float64Array): number {
  const score = (nu: number): number => {
    const c = digamma(0.5 * (nu + 1)) - digamma(0.5 * nu) - 1 / nu;
    let s = 0;
    for (let i = 0; i < z2.length; i++) s += c - Math.log1p(z2[i]! / nu) + ((nu + 1) * z2[i]!) / (nu * (nu + z2[i]!));
    return s;
  };
  let lo = Math.log(DF_MIN), hi = Math.log(DF_MAX);
  if (score(DF_MIN) <= 0) return DF_MIN;
  if (score(DF_MAX) >= 0) return DF_MAX;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.abs(hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (score(Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}
