/**
 * Random-common-cause refuter (DoWhy's `random_common_cause`): add an independent
 * $U \sim \mathcal N(0, 1)$ to the adjustment set and re-estimate, $K$ times. $U$ is independent of
 * everything, so adjusting for it cannot remove bias; an estimate that moves is unstable (it
 * depends on noise in the covariate set). Passed when
 * $|\bar\theta - \hat\theta| \le \text{tol}\cdot\widehat{\mathrm{SE}} + 2s_\theta/\sqrt K$.
 * Methods that ignore covariates (difference in means, Wald) pass trivially.
 * Cost: $K$ estimator calls plus $O(Kn)$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { Rng } from '@fpml/core';
import { fmt, meanSd, reestimate, resolve, withinTolerance } from './shared.js';
import type { RefutationResult, RefuteInput, RefuteOptions } from './types.js';

/** Random common cause: adjust for an extra independent normal covariate. */
export function randomCommonCause(input: RefuteInput, options: RefuteOptions = {}): RefutationResult {
  const O = 'randomCommonCause';
  const o = resolve(O, input, options);
  const rng = new Rng(o.seed);
  const n = input.data.treatment.length;
  const values: number[] = [];
  const name = '__random_common_cause';
  for (let k = 0; k < o.repeats; k++) {
    const u = Float64Array.from({ length: n }, () => rng.standardNormal()); // (n,)
    const data = { ...input.data, covariates: [...input.data.covariates, u], covariateNames: [...input.data.covariateNames, name] };
    values.push(reestimate(O, input, o, data, k));
  }
  const { mean, sd } = meanSd(values);
  const orig = input.estimate.value;
  const shift = mean - orig;
  const { passed, threshold } = withinTolerance(shift, input.estimate.stdErr, sd, o.repeats, o.tolerance);
  return {
    refuter: 'random-common-cause', originalValue: orig, newValue: mean, newValues: values, spread: sd, passed,
    detail: `${o.repeats} random N(0, 1) common causes added: mean estimate ${fmt(mean)} (sd ${fmt(sd)}), a shift of ${fmt(shift)} from ${fmt(orig)}, ${passed ? 'within' : 'outside'} ±${fmt(threshold)}`,
  };
}
