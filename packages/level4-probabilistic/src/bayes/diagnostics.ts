/**
 * Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-
 * normalization, folding, and localization: an improved R-hat", as in ArviZ / posterior.
 *
 * - Split chains: each of $M$ chains of $N$ draws becomes two halves, so a trend inside a chain
 *   shows up as disagreement between halves.
 * - Rank normalisation: pooled ranks $r$ (ties averaged) $\mapsto z = \Phi^{-1}((r - 3/8)/(S + 1/4))$, $S = MN$.
 * - $\hat R = \sqrt{\widehat{\mathrm{var}}^+/W}$, $\widehat{\mathrm{var}}^+ = \tfrac{N-1}{N}W + \tfrac1N B$
 *   ($W$: mean within-chain variance, $B/N$: variance of chain means), reported as the max of
 *   bulk ($z$) and tail ($z$ of the folded draws $|x - \mathrm{median}|$) R-hat.
 * - ESS $= MN/\hat\tau$, $\hat\tau = -1 + 2\sum_{t=0}^{K}\hat\rho_t$ with the multi-chain
 *   autocorrelations $\hat\rho_t = 1 - (W - \overline{\mathrm{acov}}_t)/\widehat{\mathrm{var}}^+$, summed
 *   in pairs while $\hat\rho_{2k} + \hat\rho_{2k+1} > 0$ and made monotone (Geyer's initial monotone
 *   sequence). Bulk ESS: on the rank-normalised split chains; tail ESS: the min over the 5% and
 *   95% quantile indicators.
 *
 * Cost: $O(MN \log(MN))$ for the ranks plus $O(MN K)$ autocovariances ($K$ lags used).
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidInputError, ShapeError, erfc } from '@fpml/core';
import { chainsOf, type McmcResult } from './chains.js';

type Chains = readonly ArrayLike<number>[];

function check(chains: Chains, owner: string): void {
  if (!Array.isArray(chains) || chains.length === 0) throw new InvalidInputError(`${owner}: chains must be a non-empty array of draw arrays`);
  const n = chains[0]!.length;
  if (n < 4) throw new ShapeError(`${owner}: each chain needs at least 4 draws, got ${n}`);
  for (const [c, ch] of chains.entries()) {
    if (ch.length !== n) throw new ShapeError(`${owner}: chain ${c} has ${ch.length} draws but chain 0 has ${n}`);
    for (let i = 0; i < n; i++) if (!Number.isFinite(ch[i]!)) throw new InvalidInputError(`${owner}: chain ${c} draw ${i} is not finite`);
  }
}

/**
 * Split each chain into halves (the middle draw of an odd chain is dropped): 2M chains of ⌊N/2⌋.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function splitChains(chains: Chains): Float64Array[] {
  const h = Math.floor(chains[0]!.length / 2), n = chains[0]!.length;
  return chains.flatMap((c) => [Float64Array.from({ length: h }, (_, i) => c[i]!), Float64Array.from({ length: h }, (_, i) => c[n - h + i]!)]);
}

/**
 * $\Phi^{-1}(p)$ (Acklam's rational approximation refined by one Halley step on core's erfc).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
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
  // One Halley step against erfc for full double precision.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Rank-normalise pooled draws: $\Phi^{-1}((r - 3/8)/(S + 1/4))$ with average ranks for ties.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function rankNormalize(chains: Chains): Float64Array[] {
  const m = chains.length, n = chains[0]!.length, S = m * n;
  const all = new Float64Array(S);
  chains.forEach((c, k) => { for (let i = 0; i < n; i++) all[k * n + i] = c[i]!; });
  const order = Array.from({ length: S }, (_, i) => i).sort((a, b) => all[a]! - all[b]!);
  const rank = new Float64Array(S);
  for (let i = 0; i < S; ) {
    let j = i;
    while (j + 1 < S && all[order[j + 1]!] === all[order[i]!]) j++;
    const r = (i + j) / 2 + 1; // average 1-based rank of the tie group
    for (let k = i; k <= j; k++) rank[order[k]!] = r;
    i = j + 1;
  }
  return chains.map((_, k) => Float64Array.from({ length: n }, (_, i) => normalQuantile((rank[k * n + i]! - 0.375) / (S + 0.25))));
}

const meanOf = (x: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]!; return s / x.length; };
const varOf = (x: ArrayLike<number>): number => { const m = meanOf(x); let s = 0; for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2; return s / (x.length - 1); };

/**
 * Plain (non-split, non-normalised) $\hat R$ of the given chains.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function rhatBasic(chains: Chains): number {
  const n = chains[0]!.length;
  const W = meanOf(chains.map(varOf));
  const B = chains.length > 1 ? n * varOf(chains.map(meanOf)) : 0;
  if (W === 0) return B === 0 ? 1 : Infinity;
  return Math.sqrt(((n - 1) / n * W + B / n) / W);
}

/**
 * Rank-normalised split $\hat R$: max of bulk and folded-tail (Vehtari et al. 2021, eq. 4-5).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function rhat(chains: Chains): number {
  check(chains, 'rhat');
  const split = splitChains(chains);
  const bulk = rhatBasic(rankNormalize(split));
  const med = median(split);
  const tail = rhatBasic(rankNormalize(split.map((c) => c.map((v) => Math.abs(v - med)))));
  return Math.max(bulk, tail);
}

function median(chains: Chains): number {
  const all = chains.flatMap((c) => Array.from(c)).sort((a, b) => a - b);
  const k = all.length;
  return k % 2 ? all[(k - 1) / 2]! : 0.5 * (all[k / 2 - 1]! + all[k / 2]!);
}

/**
 * Multi-chain ESS with Geyer's initial monotone sequence (ArviZ `_ess`), of the chains as given.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function essBasic(chains: Chains): number {
  const m = chains.length, n = chains[0]!.length;
  const cs = chains.map((c) => { const mu = meanOf(c); return Float64Array.from({ length: n }, (_, i) => c[i]! - mu); });
  const acov = (t: number): number => { // mean over chains of (1/n) Σ x_i x_{i+t}
    let s = 0;
    for (const c of cs) { let a = 0; for (let i = 0; i + t < n; i++) a += c[i]! * c[i + t]!; s += a / n; }
    return s / m;
  };
  const meanVar = acov(0) * n / (n - 1);
  let varPlus = meanVar * (n - 1) / n;
  if (m > 1) varPlus += varOf(chains.map(meanOf));
  if (!(varPlus > 0)) return m * n; // constant chains: nothing to estimate
  const rho = new Float64Array(n);
  rho[0] = 1;
  let even = 1, odd = 1 - (meanVar - acov(1)) / varPlus;
  rho[1] = odd;
  let t = 1;
  while (t < n - 3 && even + odd > 0) {
    even = 1 - (meanVar - acov(t + 1)) / varPlus;
    odd = 1 - (meanVar - acov(t + 2)) / varPlus;
    if (even + odd >= 0) { rho[t + 1] = even; rho[t + 2] = odd; }
    t += 2;
  }
  const maxT = t - 2;
  if (even > 0) rho[maxT + 1] = even; // improves the estimate for antithetic chains
  for (let k = 1; k <= maxT - 2; k += 2) { // initial monotone sequence
    if (rho[k + 1]! + rho[k + 2]! > rho[k - 1]! + rho[k]!) { rho[k + 1] = (rho[k - 1]! + rho[k]!) / 2; rho[k + 2] = rho[k + 1]!; }
  }
  let tau = -1;
  for (let k = 0; k <= maxT; k++) tau += 2 * rho[k]!;
  tau += rho[maxT + 1]!;
  tau = Math.max(tau, 1 / Math.log10(m * n));
  return (m * n) / tau;
}

/**
 * Bulk ESS: ESS of the rank-normalised split chains.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function essBulk(chains: Chains): number {
  check(chains, 'essBulk');
  return essBasic(rankNormalize(splitChains(chains)));
}

/**
 * Tail ESS: min of the ESS of the indicators $I(x \le q_{0.05})$ and $I(x \le q_{0.95})$ (split chains).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function essTail(chains: Chains): number {
  check(chains, 'essTail');
  const split = splitChains(chains);
  const all = split.flatMap((c) => Array.from(c)).sort((a, b) => a - b);
  const q = (p: number): number => { const h = (all.length - 1) * p, lo = Math.floor(h); return all[lo]! + (h - lo) * ((all[lo + 1] ?? all[lo]!) - all[lo]!); };
  return Math.min(...[q(0.05), q(0.95)].map((qq) => essBasic(split.map((c) => c.map((v) => (v <= qq ? 1 : 0))))));
}

/**
 * ESS for the mean (split chains, no normalisation): the one behind MCSE $= \mathrm{sd}/\sqrt{\mathrm{ESS}}$.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function essMean(chains: Chains): number {
  check(chains, 'essMean');
  return essBasic(splitChains(chains));
}

/** One row of {@link summarize}. */
export interface SummaryRow {
  name: string;
  mean: number;
  sd: number;
  /** Monte-Carlo standard error of the mean, sd/√essMean. */
  mcseMean: number;
  q05: number;
  q50: number;
  q95: number;
  rhat: number;
  essBulk: number;
  essTail: number;
}

/**
 * Posterior summary per coordinate (constrained draws), like ArviZ's `summary`.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function summarize(fit: McmcResult): SummaryRow[] {
  return fit.coordNames.map((name, j) => {
    const ch = chainsOf(fit, j);
    const all = ch.flatMap((c) => Array.from(c)).sort((a, b) => a - b);
    const q = (p: number): number => { const h = (all.length - 1) * p, lo = Math.floor(h); return all[lo]! + (h - lo) * ((all[lo + 1] ?? all[lo]!) - all[lo]!); };
    const sd = Math.sqrt(varOf(all));
    return { name, mean: meanOf(all), sd, mcseMean: sd / Math.sqrt(essMean(ch)), q05: q(0.05), q50: q(0.5), q95: q(0.95), rhat: rhat(ch), essBulk: essBulk(ch), essTail: essTail(ch) };
  });
}

/**
 * Total divergent transitions after warm-up.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function divergences(fit: McmcResult): number {
  return fit.divergent.reduce((s, d) => s + d.reduce((a, b) => a + b, 0), 0);
}
