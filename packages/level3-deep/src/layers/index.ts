/**
 * Layers, each a float64 reference module and its tfjs twin in one file. See README.md.
 * @see ../../../../docs/level3-deep/layers.md
 */
export { Linear, TfLinear, type LinearOptions } from './linear.js';
export { LayerNorm, TfLayerNorm, checkNormalizedShape, trailingAxes, type LayerNormOptions } from './layernorm.js';
export { Dropout, TfDropout, type DropoutOptions } from './dropout.js';
export { ReLU, TfReLU, GELU, TfGELU, Tanh, TfTanh, Sigmoid, TfSigmoid, Softmax, TfSoftmax, type GeluOptions } from './activations.js';
export { RMSNorm, TfRMSNorm, type RMSNormOptions } from './rmsnorm.js';
export { Embedding, TfEmbedding, type EmbeddingOptions } from './embedding.js';
export { Conv2d, TfConv2d, type Conv2dOptions, type TfConv2dOptions } from './conv2d.js';
export { MaxPool2d, AvgPool2d, TfMaxPool2d, TfAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from './pool.js';
export { BatchNorm1d, BatchNorm2d, TfBatchNorm1d, TfBatchNorm2d, type BatchNormOptions, type TfBatchNorm2dOptions } from './batchnorm.js';
export { im2col, col2im, windowGeometry, toPair, checkDataFormat, type IntPair, type DataFormat, type WindowGeometry, type WindowParams } from './im2col.js';
