/**
 * Causal graphs: the DAG / ADMG model, d-separation, the backdoor and frontdoor criteria,
 * instrument checks, do-calculus and identification. Named re-exports only; see README.md.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
export { CausalGraph, type CausalGraphSpec, type GraphStructure, type NodeSet } from './dag.js';
export { dSeparated, dConnectedTo, activePath } from './d-separation.js';
export { dSeparatedMoral } from './moral.js';
export { type CriterionCheck } from './sets.js';
export {
  checkBackdoor, isBackdoorSet, minimalBackdoorSets, backdoorAdjustment, adjustmentFormula,
  type EffectFormula, type SearchOptions,
} from './backdoor.js';
export { checkFrontdoor, isFrontdoorSet, minimalFrontdoorSets, frontdoorAdjustment, frontdoorFormula } from './frontdoor.js';
export { checkInstrument, findInstruments, instrumentFormula, type InstrumentCheck, type InstrumentFound } from './instrument.js';
export { rule1, rule2, rule3, type RuleQuery, type RuleCheck } from './do-calculus.js';
export {
  identifyEffect, backdoorDerivation, frontdoorDerivation,
  type EstimandKind, type DerivationStep, type IdentifiedEstimand, type IdentifyOptions,
} from './identify.js';
export { NotIdentifiableError } from './errors.js';
