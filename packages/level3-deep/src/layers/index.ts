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
