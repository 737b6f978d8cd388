/**
 * The module system of level3-deep (reference + tfjs twins), state dicts, initialisers and
 * losses. Test helpers (`parity.ts`, `gradcheck.ts`, `oracle.ts`) are imported by path from
 * tests, not from here (they load vitest). See README.md.
 * @see ../../../../docs/level3-deep/layers.md
 */
export { Module, type AnyModule } from './module.js';
export { TfModule, type AnyTfModule, type TfTensor, type Variable, type VariableInit } from './tf-module.js';
export { Sequential, TfSequential } from './sequential.js';
export { StateDictError, checkStateDict, cloneStateDict, sizeOfShape, type StateDict, type StateEntry } from './state-dict.js';
export { toRng, type RngLike } from './rng.js';
export {
  calculateGain, computeFans, uniform, normal, constant, zerosInit, onesInit, xavierUniform, xavierNormal, kaimingUniform,
  kaimingNormal, orthogonal, orthogonalFromGaussian, defaultLinearInit, type Nonlinearity, type XavierOptions, type KaimingOptions,
} from './init.js';
export { erf, erfNumber, gelu, tfGelu, customOp, type GeluApproximate } from './functional.js';
export {
  crossEntropyLoss, mseLoss, bceWithLogitsLoss, checkReduction, checkCrossEntropyOptions, checkClassTargets,
  type Reduction, type CrossEntropyLossOptions, type ReductionOptions,
} from './losses.js';
export { tfCrossEntropyLoss, tfMseLoss, tfBceWithLogitsLoss } from './tf-losses.js';
