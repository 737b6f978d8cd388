/**
 * @fpml/level3-deep: deep learning from first principles. Every layer exists twice: a float64
 * reference on level1's autodiff (what the docs derive and the tests check) and a tfjs twin
 * (what trains at speed). Named re-exports only; each family's barrel lists its files.
 */
export * from './nn/index.js';
export * from './layers/index.js';
export * from './recurrent/index.js';
export * from './lm/index.js';
export * from './train/index.js';
export * from './attention/index.js';
export * from './tfgraph/index.js';
// Backprop by hand (Mlp1/Mlp2 on core's Matrix). backprop's Matrix-valued xavierUniform is not
// re-exported from the root: the root's xavierUniform is nn's state-dict initialiser.
export * from './backprop/index.js';
export { xavierUniform } from './nn/index.js';
