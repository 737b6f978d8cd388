/**
 * Data-subset refuter (DoWhy's `data_subset_refuter`): re-estimate on $K$ random subsets of
 * $m = \lfloor f n\rceil$ rows drawn without replacement (default $f = 0.8$). A stable estimator's
 * subset estimates centre on the original (passed when
 * $|\bar\theta - \hat\theta| \le \text{tol}\cdot\widehat{\mathrm{SE}} + 2s_\theta/\sqrt K$), with a
 * spread near the subsampling value $s_\theta \approx \widehat{\mathrm{SE}}\sqrt{(1 - f)/f}$
 * (0.5 SE at $f = 0.8$; Politis, Romano & Wolf 1999); the detail reports the ratio. A much larger
 * spread means the estimate hangs on a few units (extreme weights, a handful of matches).
 * Cost: $K$ estimator calls on $m$ rows.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, Rng } from '@fpml/core';
import { fmt, meanSd, reestimate, resolve, subsetRows, withinTolerance } from './shared.js';
import type { RefutationResult, RefuteInput, RefuteOptions } from './types.js';

/** Data subset: re-estimate on random subsets of a fixed share of the rows. */
export function dataSubset(input: RefuteInput, options: RefuteOptions = {}): RefutationResult {
  const O = 'dataSubset';
  const o = resolve(O, input, options);
  const rng = new Rng(o.seed);
  const n = input.data.treatment.length;
  const m = Math.round(o.subsetFraction * n);
  if (m < 2 || m >= n) throw new InvalidInputError(`${O}: subsetFraction ${o.subsetFraction} of ${n} rows keeps ${m}; need between 2 and ${n - 1}`);
  const values: number[] = [];
  for (let k = 0; k < o.repeats; k++) {
    const idx = rng.choice(n, m, { replace: false }).sort();
    values.push(reestimate(O, input, o, subsetRows(input.data, idx), k));
  }
  const { mean, sd } = meanSd(values);
  const orig = input.estimate.value, se = input.estimate.stdErr;
  const shift = mean - orig;
  const { passed, threshold } = withinTolerance(shift, se, sd, o.repeats, o.tolerance);
  const expected = se * Math.sqrt((1 - o.subsetFraction) / o.subsetFraction);
  return {
    refuter: 'data-subset', originalValue: orig, newValue: mean, newValues: values, spread: sd, passed,
    detail: `${o.repeats} random ${(100 * o.subsetFraction).toFixed(0)}% subsets (${m} of ${n} rows): mean estimate ${fmt(mean)}, a shift of ${fmt(shift)} from ${fmt(orig)}, ${passed ? 'within' : 'outside'} ±${fmt(threshold)}; `
      + `spread ${fmt(sd)}${Number.isFinite(expected) && expected > 0 ? ` = ${(sd / expected).toFixed(2)}× the subsampling value SE·√((1−f)/f) = ${fmt(expected)}` : ''}`,
  };
}
