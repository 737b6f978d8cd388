/**
 * Effect estimators of the causal framework: each an {@link Estimator}
 * `(data: EffectData, options) => EffectEstimate`, and {@link estimateEffect} dispatching on
 * `options.method`. Named re-exports only; see README.md for the files.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidParamError } from '@fpml/core';
import { aipw } from './aipw.js';
import { differenceInMeans } from './difference-in-means.js';
import { ipw } from './ipw.js';
import { regressionAdjustment } from './regression.js';
import { propensityScoreMatching } from './psm.js';
import { propensityStratification } from './stratification.js';
import { waldEstimator } from './wald.js';
import { twoStageLeastSquares } from './two-stage-least-squares.js';
import { differenceInDifferences } from './difference-in-differences.js';
import { regressionDiscontinuity } from './regression-discontinuity.js';
import type { EffectData, EffectEstimate, EstimateOptions, EstimationMethod, Estimator } from './types.js';

export type { EffectData, EffectEstimate, EffectTarget, EstimateOptions, EstimationMethod, Estimator } from './types.js';
export { NoOverlapError } from './errors.js';
export { normalQuantile } from './shared.js';
export { differenceInMeans } from './difference-in-means.js';
export { regressionAdjustment } from './regression.js';
export { ipw } from './ipw.js';
export { aipw } from './aipw.js';
export { propensityScoreMatching, type MatchedPair } from './psm.js';
export { propensityStratification, type StratumRow } from './stratification.js';
export { waldEstimator } from './wald.js';
export { twoStageLeastSquares } from './two-stage-least-squares.js';
export { differenceInDifferences } from './difference-in-differences.js';
export { regressionDiscontinuity, ikBandwidth } from './regression-discontinuity.js';

/**
 * Every estimator by its method name (API.md's causal section).
 * $\texttt{ESTIMATORS}[m](\text{data}, \text{options})$ is the estimate of method $m$; $O(1)$ lookup.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export const ESTIMATORS: Readonly<Record<EstimationMethod, Estimator>> = Object.freeze({
  'difference-in-means': differenceInMeans,
  regression: regressionAdjustment,
  ipw,
  aipw,
  psm: propensityScoreMatching,
  stratification: propensityStratification,
  wald: waldEstimator,
  '2sls': twoStageLeastSquares,
  did: differenceInDifferences,
  rdd: regressionDiscontinuity,
});

/**
 * Estimate an effect with the estimator `options.method` names: $\hat\tau = \texttt{ESTIMATORS[method]}(\text{data}, \text{options})$.
 * @throws InvalidParamError for an unknown method; otherwise whatever the estimator throws.
  * Cost: the estimator's.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function estimateEffect(data: EffectData, options: EstimateOptions): EffectEstimate {
  const m = options?.method;
  const f = (ESTIMATORS as Record<string, Estimator | undefined>)[m as string];
  if (typeof f !== 'function') throw new InvalidParamError('estimateEffect', 'method', m, Object.keys(ESTIMATORS).map((k) => `'${k}'`).join(', '));
  return f(data, options);
}
