/**
 * Diagnostics of the causal framework: covariate balance (standardised mean differences before
 * and after, variance ratios, effective sample size), propensity overlap, the love plot and the
 * overlap plot. Named re-exports only; see README.md.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
export {
  covariateBalance, matchWeights, effectiveSampleSize,
  type BalanceRow, type BalanceTable, type BalanceInput,
} from './balance.js';
export { propensityScores, propensityOverlap, type PropensityOptions, type OverlapBin, type OverlapSummary } from './overlap.js';
export { lovePlot, overlapPlot } from './plots.js';
