/**
 * Stratification (subclassification) on the propensity score (Rosenbaum & Rubin 1984). The
 * units are cut into $S$ strata at the quantiles of $\hat e$ (default $S = 5$, which removes about
 * 90% of the bias from a confounder acting through $e$, Cochran 1968); within stratum $s$ the
 * effect is the difference in means $\hat\tau_s = \bar Y_{1s} - \bar Y_{0s}$ and
 * $$\hat\tau = \sum_s w_s\hat\tau_s,\qquad \widehat{\mathrm{SE}} = \Big(\sum_s w_s^2\big(s^2_{1s}/n_{1s} + s^2_{0s}/n_{0s}\big)\Big)^{1/2},$$
 * with $w_s = n_s/n$ (ATE), $n_{1s}/n_1$ (ATT) or $n_{0s}/n_0$ (ATC) over the strata used. A
 * stratum with fewer than 2 units of either group has no within-stratum contrast or variance and
 * is dropped (its units are counted in `details.dropped`; the estimand then is that of the
 * remaining support). The SE treats the strata as fixed. Cost: the propensity fit plus $O(n\log n)$.
 *
 * Options: `strata` (default 5).
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidInputError } from '@fpml/core';
import { fitPropensity } from './propensity.js';
import { bootstrap, checkData, commonOptions, makeEstimate, numberOption, quantileSorted } from './shared.js';
import type { EffectData, EffectEstimate, EffectTarget, EstimateOptions } from './types.js';

const O = 'propensityStratification';

/**
 * One row of `details.strata`.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export interface StratumRow {
  lo: number;
  hi: number;
  treated: number;
  control: number;
  effect: number;
  stdErr: number;
  used: boolean;
}

function stratify(data: EffectData, target: EffectTarget, S: number) {
  const { treatment: t, outcome: y } = data, n = y.length;
  const e = fitPropensity(O, data).e;
  const sorted = Float64Array.from(e).sort();
  const edges = Array.from({ length: S + 1 }, (_, s) => (s === 0 ? -Infinity : s === S ? Infinity : quantileSorted(sorted, s / S)));
  const acc = Array.from({ length: S }, () => ({ n1: 0, n0: 0, s1: 0, s0: 0, q1: 0, q0: 0 }));
  const stratumOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    while (s < S - 1 && e[i]! > edges[s + 1]!) s++;
    stratumOf[i] = s;
    const a = acc[s]!;
    if (t[i] === 1) {
      a.n1++;
      a.s1 += y[i]!;
    } else {
      a.n0++;
      a.s0 += y[i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    const a = acc[stratumOf[i]!]!;
    if (t[i] === 1) a.q1 += (y[i]! - a.s1 / a.n1) ** 2;
    else a.q0 += (y[i]! - a.s0 / a.n0) ** 2;
  }
  const rows: StratumRow[] = acc.map((a, s) => {
    const used = a.n1 >= 2 && a.n0 >= 2;
    const effect = used ? a.s1 / a.n1 - a.s0 / a.n0 : NaN;
    const se = used ? Math.sqrt(a.q1 / (a.n1 - 1) / a.n1 + a.q0 / (a.n0 - 1) / a.n0) : NaN;
    return { lo: s === 0 ? sorted[0]! : edges[s]!, hi: s === S - 1 ? sorted[n - 1]! : edges[s + 1]!, treated: a.n1, control: a.n0, effect, stdErr: se, used };
  });
  const used = rows.filter((r) => r.used);
  if (used.length === 0) throw new InvalidInputError(`${O}: no propensity stratum has at least 2 treated and 2 control units (${S} strata); use fewer strata`);
  const size = (r: StratumRow): number => (target === 'ate' ? r.treated + r.control : target === 'att' ? r.treated : r.control);
  const total = used.reduce((a, r) => a + size(r), 0);
  let value = 0, v = 0;
  for (const r of used) {
    const w = size(r) / total;
    value += w * r.effect;
    v += w * w * r.stdErr ** 2;
  }
  const nUsed = used.reduce((a, r) => a + r.treated + r.control, 0);
  return { value, se: Math.sqrt(v), rows, propensity: e, nUsed, dropped: n - nUsed };
}

/**
 * Propensity-score stratification estimate of the ATE, ATT or ATC. `details`: strata
 * ({@link StratumRow}[]), dropped, propensity, seMethod.
 * $\hat\tau = \sum_s w_s(\bar Y_{1s} - \bar Y_{0s})$ over propensity-quantile strata; X (n, p); $O(np^2 + n\log n)$.
 * @throws InvalidInputError for a non-binary treatment, NaN, or no usable stratum; ShapeError for
 *   length mismatches; NoOverlapError as IPW.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function propensityStratification(data: EffectData, options: EstimateOptions): EffectEstimate {
  const { target, level, seed, bootstrap: B } = commonOptions(O, options);
  const { n } = checkData(O, data);
  const S = numberOption(O, options, 'strata', 5, 1, Math.max(1, Math.floor(n / 4)), true);
  const r = stratify(data, target, S);
  const details: Record<string, unknown> = { seMethod: B > 0 ? 'bootstrap' : 'within-stratum welch', strata: r.rows, dropped: r.dropped, propensity: r.propensity };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => stratify(d, target, S).value, B, seed, level, true);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('stratification', target, r.value, b.stdErr, level, r.nUsed, details, b.ci);
  }
  return makeEstimate('stratification', target, r.value, r.se, level, r.nUsed, details);
}
