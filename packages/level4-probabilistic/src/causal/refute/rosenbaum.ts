/**
 * Rosenbaum's sensitivity analysis for matched pairs with Wilcoxon's signed-rank test
 * (Rosenbaum 2002, *Observational Studies*, §4.3.3; R's `rbounds::psens`). In a pair matched on
 * the observed covariates, an unobserved confounder may make the odds of treatment of the two
 * units differ by at most a factor $\Gamma \ge 1$ ($\Gamma = 1$: the pair is as if randomised).
 *
 * With pair differences $d_i = y_{i,\text{treated}} - y_{i,\text{control}}$ (zeros dropped, as
 * Wilcoxon), ranks $r_i$ of $|d_i|$ (average ranks for ties) and $T^+ = \sum_{d_i > 0} r_i$, under
 * the null of no effect and bias at most $\Gamma$ the statistic is bounded by a sum of independent
 * terms $r_i$ each present with probability $p^+ = \Gamma/(1 + \Gamma)$ (upper bound) or
 * $p^- = 1/(1+\Gamma)$ (lower bound). Normal approximation:
 * $$E_\Gamma = p^+\sum_i r_i,\qquad V_\Gamma = p^+(1 - p^+)\sum_i r_i^2,\qquad
 *   p_{\max}(\Gamma) = 1 - \Phi\!\left(\frac{T^+ - E_\Gamma}{\sqrt{V_\Gamma}}\right),$$
 * the largest one-sided p-value any confounder of strength $\Gamma$ could produce. At $\Gamma = 1$ it
 * is the usual Wilcoxon test (scipy's `wilcoxon(..., method='approx', correction=False)`).
 * $p_{\max}$ increases with $\Gamma$ (the $z$ statistic falls monotonically in $p^+$), so the
 * **critical** $\Gamma^*$, where $p_{\max}(\Gamma^*) = \alpha$, is found by bisection on $\log\Gamma$:
 * the conclusion "the treatment has an effect" survives any confounder weaker than $\Gamma^*$.
 *
 * For k:1 matching use $d_i = y_{\text{treated}} - \text{mean of its controls}$ (an approximation;
 * Rosenbaum's exact treatment of matched sets differs). Cost $O(n\log n)$ plus 100 bisection steps of $O(1)$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, InvalidParamError, normalCdf } from '@fpml/core';

/** One row of the sensitivity table. */
export interface RosenbaumRow {
  gamma: number;
  /** Upper bound of the one-sided p-value. */
  pUpper: number;
  /** Lower bound of the one-sided p-value. */
  pLower: number;
}

/** What {@link rosenbaumBounds} returns. */
export interface RosenbaumResult {
  /** Pairs used (non-zero differences). */
  n: number;
  /** $T^+$ (for `alternative: 'less'`, of $-d$). */
  statistic: number;
  alternative: 'greater' | 'less';
  alpha: number;
  /** p-value bounds at each requested $\Gamma$. */
  table: RosenbaumRow[];
  /** $\Gamma^*$ with $p_{\max}(\Gamma^*) = \alpha$; 1 when the test is not significant at $\Gamma = 1$. */
  criticalGamma: number;
  /** Whether $p < \alpha$ at $\Gamma = 1$. */
  significant: boolean;
}

/** Differences $y_t - \bar y_{c}$ of matched sets `{ treated, control: [...] }`. */
export function matchedDifferences(outcome: ArrayLike<number>, pairs: readonly { treated: number; control: readonly number[] }[]): Float64Array {
  const n = outcome.length;
  const ok = (i: number) => Number.isInteger(i) && i >= 0 && i < n;
  return Float64Array.from(pairs, (p, k) => {
    if (!ok(p.treated) || !Array.isArray(p.control) || p.control.length === 0 || !p.control.every(ok)) {
      throw new InvalidInputError(`matchedDifferences: pairs[${k}] must be { treated, control: [...] } with row indices in [0, ${n})`);
    }
    return outcome[p.treated]! - p.control.reduce((a, c) => a + outcome[c]!, 0) / p.control.length;
  });
}

/** Signed-rank pieces: $T^+$, $\sum r$, $\sum r^2$ over the non-zero differences. */
function signedRanks(d: ArrayLike<number>): { t: number; s1: number; s2: number; n: number } {
  const nz: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) nz.push(d[i]!);
  const order = nz.map((_, i) => i).sort((a, b) => Math.abs(nz[a]!) - Math.abs(nz[b]!));
  const rank = new Float64Array(nz.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && Math.abs(nz[order[j + 1]!]!) === Math.abs(nz[order[i]!]!)) j++;
    for (let k = i; k <= j; k++) rank[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let t = 0, s1 = 0, s2 = 0;
  nz.forEach((v, i) => {
    if (v > 0) t += rank[i]!;
    s1 += rank[i]!;
    s2 += rank[i]! ** 2;
  });
  return { t, s1, s2, n: nz.length };
}

/**
 * Rosenbaum bounds for the signed-rank test of matched-pair differences.
 * @param differences (n,) pair differences treated − control.
 * @param options `gammas` for the table (default 1, 1.25, ..., 3), `alpha` (0.05),
 *   `alternative` ('greater' when $\sum d \ge 0$, else 'less').
 */
export function rosenbaumBounds(differences: ArrayLike<number>, options: { gammas?: readonly number[]; alpha?: number; alternative?: 'greater' | 'less' } = {}): RosenbaumResult {
  const O = 'rosenbaumBounds';
  for (let i = 0; i < differences.length; i++) if (!Number.isFinite(differences[i]!)) throw new InvalidInputError(`${O}: differences has ${differences[i]} at ${i}`);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new InvalidParamError(O, 'alpha', alpha, 'a number in (0, 1)');
  const gammas = options.gammas ?? [1, 1.25, 1.5, 1.75, 2, 2.5, 3];
  if (!Array.isArray(gammas) || gammas.some((g) => !(g >= 1) || !Number.isFinite(g))) throw new InvalidParamError(O, 'gammas', gammas, 'an array of finite numbers ≥ 1');
  let sum = 0;
  for (let i = 0; i < differences.length; i++) sum += differences[i]!;
  const alternative = options.alternative ?? (sum >= 0 ? 'greater' : 'less');
  if (alternative !== 'greater' && alternative !== 'less') throw new InvalidParamError(O, 'alternative', alternative, "'greater' or 'less'");
  const d = alternative === 'greater' ? differences : Float64Array.from(differences as ArrayLike<number>, (v) => -v);
  const { t, s1, s2, n } = signedRanks(d);
  if (n < 1) throw new InvalidInputError(`${O}: every difference is 0, so the signed-rank test has nothing to rank`);
  const p = (gamma: number, upper: boolean): number => {
    const q = upper ? gamma / (1 + gamma) : 1 / (1 + gamma);
    return 1 - normalCdf((t - q * s1) / Math.sqrt(q * (1 - q) * s2));
  };
  const table = gammas.map((gamma) => ({ gamma, pUpper: p(gamma, true), pLower: p(gamma, false) }));
  const significant = p(1, true) < alpha;
  let criticalGamma = 1;
  if (significant) {
    let lo = 0, hi = 1;
    while (p(Math.exp(hi), true) < alpha && hi < 50) hi *= 2;
    for (let k = 0; k < 100; k++) {
      const mid = (lo + hi) / 2;
      if (p(Math.exp(mid), true) < alpha) lo = mid;
      else hi = mid;
    }
    criticalGamma = Math.exp(lo);
  }
  return { n, statistic: t, alternative, alpha, table, criticalGamma, significant };
}
