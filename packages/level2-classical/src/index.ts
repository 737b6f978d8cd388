/**
 * @fpml/level2-classical: classical machine learning from scratch, in float64, matching
 * scikit-learn number for number where the maths makes the answer unique.
 * Named re-exports only; each family's barrel lists its files.
 */
export * from './linear/index.js';
export * from './tree/index.js';
export * from './ensemble/index.js';
export * from './svm/index.js';
export * from './neighbors/index.js';
export * from './naive-bayes/index.js';
export * from './cluster/index.js';
export * from './model-selection/index.js';
