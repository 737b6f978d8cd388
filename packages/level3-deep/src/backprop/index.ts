/**
 * Backprop by hand: a one- and a two-layer perceptron whose backward passes are derived and
 * written line by line (no autodiff), their optimiser, and the finite-difference check that
 * holds them to account. See README.md and docs/level3-deep/backprop.md.
 */
export { HIDDEN_ACTIVATIONS, activate, activateBackward, logistic, type HiddenActivation } from './activations.js';
export { OUTPUT_HEADS, headLoss, headPredict, headProbabilities, targetMatrix, type OutputHead } from './output.js';
export { xavierUniform } from './init.js';
export { Mlp2, type Mlp2Options, type Mlp2Params, type Mlp2Cache, type Mlp2Grads } from './mlp2.js';
export { Mlp1, type Mlp1Options, type Mlp1Params, type Mlp1Cache, type Mlp1Grads } from './mlp1.js';
export { MomentumSGD, type MomentumSGDOptions, type ParamRecord } from './sgd.js';
export { centralDifferences, checkTensors, compareGradients, type TensorCheck } from './gradient-check.js';
export { CBRT_EPS, checkMlp2Gradients, reluKinkStep, type Mlp2CheckOptions, type Mlp2CheckResult } from './mlp2-check.js';
export { trainFullBatch, type Trainable, type TrainOptions } from './train.js';
