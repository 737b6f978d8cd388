/**
 * Placebo-treatment refuter (DoWhy's `placebo_treatment_refuter` with permutation placebos):
 * replace the treatment by a random permutation $T^{(k)} = T_{\pi_k}$, which keeps the treated
 * share but cuts every link between treatment and outcome, so the true effect of the placebo is 0.
 * Re-estimate $K$ times:
 * - **passed** when the mean placebo effect $\bar\theta$ is 0 within
 *   $\text{tol}\cdot\widehat{\mathrm{SE}} + 2s_\theta/\sqrt K$: an estimator that finds an effect in a
 *   placebo is picking up something other than the treatment (leakage, a bug, extrapolation);
 * - **p-value**: the permutation test of "no effect at all",
 *   $$p = \frac{1 + \#\{k : |\theta_k| \ge |\hat\theta|\}}{K + 1},$$
 *   small when the original estimate stands out from the placebo distribution. With the
 *   difference in means it is Fisher's randomisation test; $K$ bounds it below by $1/(K+1)$.
 *
 * For IV the permutation also breaks the first stage (a weak-instrument estimate), and the
 * refuter is of little use there. Cost: $K$ estimator calls plus $O(Kn)$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { Rng } from '@fpml/core';
import { fmt, meanSd, reestimate, resolve, withinTolerance } from './shared.js';
import type { RefutationResult, RefuteInput, RefuteOptions } from './types.js';

/** Placebo treatment: permute $T$ $K$ times and re-estimate. */
export function placeboTreatment(input: RefuteInput, options: RefuteOptions = {}): RefutationResult {
  const O = 'placeboTreatment';
  const o = resolve(O, input, options);
  const rng = new Rng(o.seed);
  const t = input.data.treatment;
  const values: number[] = [];
  for (let k = 0; k < o.repeats; k++) {
    const perm = rng.permutation(t.length);
    const placebo = Float64Array.from(perm, (j) => t[j]!);
    values.push(reestimate(O, input, o, { ...input.data, treatment: placebo }, k));
  }
  const { mean, sd } = meanSd(values);
  const orig = input.estimate.value;
  const { passed, threshold } = withinTolerance(mean, input.estimate.stdErr, sd, o.repeats, o.tolerance);
  const extreme = values.filter((v) => Math.abs(v) >= Math.abs(orig)).length;
  const pValue = (1 + extreme) / (o.repeats + 1);
  return {
    refuter: 'placebo-treatment', originalValue: orig, newValue: mean, newValues: values, spread: sd, pValue, passed,
    detail: `${o.repeats} permuted treatments: mean placebo effect ${fmt(mean)} (sd ${fmt(sd)}), ${passed ? 'within' : 'outside'} ±${fmt(threshold)} of 0; `
      + `${extreme} of ${o.repeats} placebos are at least as large as the estimate ${fmt(orig)} (permutation p = ${pValue.toFixed(3)}${pValue < o.alpha ? `, below ${o.alpha}` : `, not below ${o.alpha}`})`,
  };
}
