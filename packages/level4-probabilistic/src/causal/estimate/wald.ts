/**
 * The Wald (instrumental-variable ratio) estimator for one binary instrument $Z$ and a binary
 * treatment:
 * $$\hat\tau_{\mathrm{Wald}} = \frac{\bar Y_{Z=1} - \bar Y_{Z=0}}{\bar T_{Z=1} - \bar T_{Z=0}},$$
 * the reduced-form effect of $Z$ on $Y$ over the first-stage effect of $Z$ on $T$. Under
 * independence of $Z$, exclusion and monotonicity it is the average effect among compliers
 * (LATE, Imbens & Angrist 1994). It is exactly just-identified 2SLS with regressors $(1, T)$ and
 * instruments $(1, Z)$, so the SE is the 2SLS one (`two-stage-least-squares.ts`; HC1 by default,
 * HC0 being the delta-method SE of the ratio). With covariates $X$ it is the covariate-adjusted
 * ratio $\hat\pi_{Y}/\hat\pi_{T}$ of the $Z$ coefficients in the regressions of $Y$ and $T$ on
 * $(1, Z, X)$, again equal to 2SLS. `details.firstStageF` as in 2SLS. Cost $O(n)$ without covariates.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidInputError } from '@fpml/core';
import { ivCovOptions, tsls } from './two-stage-least-squares.js';
import { bootstrap, checkBinaryColumn, checkData, commonOptions, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EstimateOptions } from './types.js';

/**
 * Wald ratio estimate of the LATE. `details`: reducedForm ($\bar Y_{Z=1}-\bar Y_{Z=0}$),
 * firstStage ($\bar T_{Z=1}-\bar T_{Z=0}$), firstStageF, compliance share, seMethod.
 * $\hat\tau = (\bar Y_{Z=1}-\bar Y_{Z=0})/(\bar T_{Z=1}-\bar T_{Z=0})$; Z (n,); $O(n)$ (plus $O(np^2)$ with covariates).
 * @throws InvalidInputError for a non-binary treatment or instrument, not exactly one instrument,
 *   a first stage of zero, or NaN; ShapeError for length mismatches.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function waldEstimator(data: EffectData, options: EstimateOptions): EffectEstimate {
  const O = 'waldEstimator';
  const { level, seed, bootstrap: B } = commonOptions(O, options, ['ate']);
  const { n } = checkData(O, data, { instruments: true });
  if (data.instruments!.length !== 1) throw new InvalidInputError(`${O}: needs exactly one (binary) instrument, got ${data.instruments!.length}; use '2sls' for several`);
  const z = data.instruments![0]!;
  checkBinaryColumn(O, 'instrument', z);
  const { cov, clusters } = ivCovOptions(O, options, n);
  const m = [0, 0, 0, 0, 0, 0]; // sums of Y, T and counts for z = 0, 1
  for (let i = 0; i < n; i++) {
    const o = z[i] === 1 ? 3 : 0;
    m[o] += data.outcome[i]!;
    m[o + 1] += data.treatment[i]!;
    m[o + 2]++;
  }
  const reducedForm = m[3]! / m[5]! - m[0]! / m[2]!, firstStage = m[4]! / m[5]! - m[1]! / m[2]!;
  if (Math.abs(firstStage) < 1e-12) throw new InvalidInputError(`${O}: the instrument does not move the treatment (first stage ${firstStage}); the Wald ratio is undefined`);
  const r = tsls(O, data, cov, clusters);
  const details: Record<string, unknown> = {
    seMethod: B > 0 ? 'bootstrap' : cov, reducedForm, firstStage, complierShare: firstStage, firstStageF: r.firstStageF,
    weakInstrument: r.firstStageF < 10, ratio: reducedForm / firstStage,
  };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => tsls(O, d, 'hc0').value, B, seed, level, false);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('wald', 'late', r.value, b.stdErr, level, n, details, b.ci);
  }
  return makeEstimate('wald', 'late', r.value, r.se, level, n, details);
}
