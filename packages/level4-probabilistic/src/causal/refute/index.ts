/**
 * Refutation and sensitivity (DoWhy's *refute* step): the placebo-treatment, random-common-cause
 * and data-subset refuters, the E-value, and Rosenbaum bounds for matched pairs. Named
 * re-exports only; see README.md.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
export { type RefuterName, type RefuteOptions, type RefutationResult, type RefuteInput } from './types.js';
export { placeboTreatment } from './placebo-treatment.js';
export { randomCommonCause } from './random-common-cause.js';
export { dataSubset } from './data-subset.js';
export { eValue, eValueRiskRatio, eValueOddsRatio, eValueContinuous, type EValueResult } from './e-value.js';
export { rosenbaumBounds, matchedDifferences, type RosenbaumRow, type RosenbaumResult } from './rosenbaum.js';
