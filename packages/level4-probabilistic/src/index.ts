/**
 * `@fpml/level4-probabilistic`: learning under uncertainty, relational data, and cause and
 * effect. The causal framework follows DoWhy's flow (model → identify → estimate → refute).
 * Named re-exports only; each family's barrel lists its files.
 */
export * from './gp/index.js';
export * from './causal/index.js';
export * from './calibration/index.js';
export * from './bayes/index.js';
export * from './gnn/index.js';
