/**
 * Reverse-mode automatic differentiation over float64 tensors: the reference engine of fpml.
 * See README.md for the files and docs/level1-math/autodiff.md for the design.
 */
export { Tensor, tensor, zeros, ones, fromMatrix, type TensorLike, type TensorOptions, type BackwardOptions, type BackwardFn, type NestedArray } from './tensor.js';
export { noGrad, isRecording } from './mode.js';
export { grad, valueAndGrad, gradients, type GradOptions, type ValueAndGrad } from './grad.js';
export { broadcastShapes, broadcastTo, sumTo } from './broadcast.js';
export { add, sub, mul, div, pow, xlogy, neg, square, exp, log, sqrt, tanh, sigmoid, relu, abs } from './ops/elementwise.js';
export { sum, mean, max } from './ops/reduce.js';
export { matmul } from './ops/matmul.js';
export { reshape, transpose, slice, unslice, index, gather, scatterAdd, concat } from './ops/shape.js';
export { softmax, logSoftmax, logsumexp, crossEntropy, mse, type CrossEntropyOptions } from './ops/nn.js';
