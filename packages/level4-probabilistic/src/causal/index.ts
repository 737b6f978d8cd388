/**
 * The causal framework (model → identify → estimate → refute). Named re-exports of each family.
 * @see ../../../../docs/level4-probabilistic/causal-graphs.md
 */
export * from './graph/index.js';
export * from './scm/index.js';
export * from './estimate/index.js';
export * from './model/index.js';
export * from './diagnostics/index.js';
export * from './refute/index.js';
