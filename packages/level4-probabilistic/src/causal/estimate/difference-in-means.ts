/**
 * Difference in means, the randomised-experiment estimator:
 * $$\hat\tau = \bar Y_1 - \bar Y_0,\qquad \widehat{\mathrm{SE}} = \sqrt{s_1^2/n_1 + s_0^2/n_0}$$
 * (Welch/Neyman: unequal variances, $s_a^2$ the unbiased variance in arm $a$). Unbiased for the
 * ATE, ATT and ATC alike when treatment is randomised (they coincide in expectation); biased by
 * $\mathbb E[Y(0)\mid T=1] - \mathbb E[Y(0)\mid T=0]$ under confounding. Covariates are ignored.
 * Normal-quantile CI (or bootstrap with `bootstrap: B`). Cost $O(n)$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { bootstrap, checkData, commonOptions, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EstimateOptions } from './types.js';

function moments(data: EffectData): { m1: number; m0: number; v1: number; v0: number; n1: number; n0: number } {
  const { treatment: t, outcome: y } = data;
  let n1 = 0, n0 = 0, s1 = 0, s0 = 0;
  for (let i = 0; i < y.length; i++) {
    if (t[i] === 1) {
      n1++;
      s1 += y[i]!;
    } else {
      n0++;
      s0 += y[i]!;
    }
  }
  const m1 = s1 / n1, m0 = s0 / n0;
  let q1 = 0, q0 = 0;
  for (let i = 0; i < y.length; i++) {
    if (t[i] === 1) q1 += (y[i]! - m1) ** 2;
    else q0 += (y[i]! - m0) ** 2;
  }
  return { m1, m0, v1: n1 > 1 ? q1 / (n1 - 1) : 0, v0: n0 > 1 ? q0 / (n0 - 1) : 0, n1, n0 };
}

/**
 * $\bar Y_1 - \bar Y_0$ with the Welch SE. `details`: mean1, mean0, var1, var0, n1, n0, welchDf
 * (Welch–Satterthwaite degrees of freedom), seMethod.
 * $\hat\tau = \bar Y_1 - \bar Y_0$, $\widehat{\mathrm{SE}} = (s_1^2/n_1 + s_0^2/n_0)^{1/2}$; inputs (n,) columns; $O(n)$.
 * @throws InvalidInputError for a non-binary treatment or NaN; ShapeError for length mismatches.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function differenceInMeans(data: EffectData, options: EstimateOptions): EffectEstimate {
  const O = 'differenceInMeans';
  const { target, level, seed, bootstrap: B } = commonOptions(O, options);
  checkData(O, data);
  const { m1, m0, v1, v0, n1, n0 } = moments(data);
  const a = v1 / n1, b = v0 / n0;
  const se = Math.sqrt(a + b);
  const df = (a + b) ** 2 / ((n1 > 1 ? a * a / (n1 - 1) : 0) + (n0 > 1 ? b * b / (n0 - 1) : 0));
  const details: Record<string, unknown> = { seMethod: B > 0 ? 'bootstrap' : 'welch', mean1: m1, mean0: m0, var1: v1, var0: v0, n1, n0, welchDf: df };
  if (B > 0) {
    const r = bootstrap(O, data, (d) => {
      const m = moments(d);
      return m.m1 - m.m0;
    }, B, seed, level, true);
    return makeEstimate('difference-in-means', target, m1 - m0, r.stdErr, level, n1 + n0, details, r.ci);
  }
  return makeEstimate('difference-in-means', target, m1 - m0, se, level, n1 + n0, details);
}
