/**
 * Attention family: scaled dot-product attention, multi-head self-attention, positional
 * encodings (sinusoidal, learned, RoPE), the transformer block and the decoder-only `Gpt`, each a
 * float64 reference and a tfjs twin. See README.md.
 * @see ../../../../docs/level3-deep/attention.md
 */
export { scaledDotProductAttention, tfScaledDotProductAttention, causalMaskData, TfCausalMasks, type AttentionOptions, type AttentionResult } from './sdpa.js';
export { MultiHeadAttention, TfMultiHeadAttention, type MultiHeadAttentionOptions } from './multi-head.js';
export { sinusoidalTable, SinusoidalPositionalEncoding, TfSinusoidalPositionalEncoding, LearnedPositionalEmbedding, TfLearnedPositionalEmbedding, type LearnedPositionalOptions } from './positional.js';
export { ropeTables, RotaryEmbedding, TfRotaryEmbedding } from './rope.js';
export { tfAffine, tfGeluErf, tfOneHotF32 } from './affine.js';
export { TransformerBlock, TfTransformerBlock, type TransformerBlockOptions, type BlockNorm, type BlockResult } from './block.js';
export { resolveGptConfig, type GptConfig, type ResolvedGptConfig, type PositionalKind } from './gpt-config.js';
export { Gpt, TfGpt, type GptActivations } from './gpt.js';
