/**
 * @fpml/core: the shared ground of every fpml level package.
 *
 * Named re-exports only. See README.md for the map of what lives where.
 * The tfjs backend resolver lives at `@fpml/core/tf` (it loads TensorFlow.js lazily),
 * test helpers at `@fpml/core/testing` (they import vitest).
 */
export * from './errors.js';
export * from './validation/validate.js';
export * from './matrix/index.js';
export * from './rng/index.js';
export * from './estimator/index.js';
export * from './metrics/index.js';
export * from './preprocessing/index.js';
export * from './experiment/index.js';
