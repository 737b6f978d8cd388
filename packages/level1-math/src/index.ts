/**
 * @fpml/level1-math: the mathematical bedrock of fpml, in float64 and from scratch.
 * Named re-exports only; each area's barrel lists its files.
 */
export * from './linalg/index.js';
export * from './decomposition/index.js';
export * from './probability/index.js';
export * from './information/index.js';
export * from './optim/index.js';
export * from './autodiff/index.js';
