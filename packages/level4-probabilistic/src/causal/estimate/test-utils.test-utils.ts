/** Test helpers of the estimators: EffectData from the synthetic generators. */
import type { SyntheticCausalData } from '../scm/generators.js';
import type { EffectData } from './types.js';

/** EffectData (treatment T, outcome Y, the common causes as covariates, instruments if any) from a generator's output. */
export function effectData(s: SyntheticCausalData, covariates: string[] = s.commonCauses): EffectData {
  const d: EffectData = {
    treatment: s.data[s.treatment]!, outcome: s.data[s.outcome]!,
    covariates: covariates.map((c) => s.data[c]!), covariateNames: [...covariates],
    treatmentName: s.treatment, outcomeName: s.outcome,
  };
  if (s.instruments.length) d.instruments = s.instruments.map((c) => s.data[c]!);
  return d;
}

/** A tiny hand-made data set: T, Y and one covariate. */
export function tiny(): EffectData {
  return {
    treatment: Float64Array.from([1, 1, 1, 0, 0, 0, 0, 1]),
    outcome: Float64Array.from([5, 7, 6, 2, 3, 1, 4, 8]),
    covariates: [Float64Array.from([1.0, 0.2, 1.1, 0.4, 0.9, -0.3, 0.6, 0.0])], covariateNames: ['x'],
  };
}
