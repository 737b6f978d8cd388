/**
 * @fpml/core/testing: helpers for fpml's own tests and anyone testing an estimator.
 * Imports vitest, so only load it from test and bench files.
 */
export * from './bench.js';
export { ksTest, chiSquareTest, type GofResult } from '../rng/stat-tests.js';
export * from './close.js';
export * from './gradient.js';
export * from './arbitraries.js';
export * from './tensor-leak.js';
export * from './check-estimator.js';
export * from './readme-example.js';
