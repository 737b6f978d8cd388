/**
 * The configuration of {@link Gpt} / {@link TfGpt}, nanoGPT style: every field has a default
 * with a comment saying why. The defaults are the W6 benchmark model (vocab 65 set by the data,
 * d_model 128, 4 heads, 2 layers, FFN 512, context 64): about 0.42 M parameters.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { InvalidParamError } from '@fpml/core';
import type { GeluApproximate } from '../nn/functional.js';
import { checkBool, checkNumberIn, checkPositiveInt } from '../nn/rng.js';
import type { BlockNorm } from './block.js';

/** How positions enter the model. */
export type PositionalKind = 'sinusoidal' | 'learned' | 'rope' | 'none';

/** Configuration of a decoder-only character language model. Only `vocabSize` is required. */
export interface GptConfig {
  /** Number of token ids (the character set's size; 65 for tiny Shakespeare). Required. */
  vocabSize: number;
  /** Longest sequence T the model sees (nanoGPT's `block_size`); the learned table and RoPE/sinusoidal tables have this many rows. @default 64 */
  contextLength?: number;
  /** Width E of the residual stream. @default 128 */
  dModel?: number;
  /** Attention heads; must divide dModel (head size E/h; even for RoPE). @default 4 */
  nHeads?: number;
  /** Transformer blocks. @default 2 */
  nLayers?: number;
  /** Hidden width of each MLP (GPT-2 uses 4E). @default 4 * dModel */
  dFF?: number;
  /** Positional encoding: learned absolute (GPT-2), fixed sinusoidal (Vaswani), RoPE on q/k, or none (the causal mask alone leaks order). @default 'learned' */
  positional?: PositionalKind;
  /** LayerNorm placement: 'pre' (GPT-2, plus a final LayerNorm `ln_f`), 'post' (Vaswani), 'none' (ablation). @default 'pre' */
  norm?: BlockNorm;
  /** Dropout on the embedding sum and on every residual branch (training mode); 0 for small data-rich runs. @default 0 */
  dropout?: number;
  /** Share the token embedding with the output projection (logits = h wteᵀ; no `lm_head`). @default false */
  tieWeights?: boolean;
  /** Biases in the Linear layers and attention projections (GPT-2 has them). @default true */
  bias?: boolean;
  /** GELU form: exact erf (PyTorch's default) or GPT-2's tanh approximation. @default 'none' */
  gelu?: GeluApproximate;
  /** Seed of the initial weights (GPT-2 init, see {@link Gpt}) and of the dropout masks. @default 0 */
  seed?: number;
}

/** A config with every default filled in. */
export type ResolvedGptConfig = Required<GptConfig>;

/**
 * Fill the defaults and validate.
 * @throws InvalidParamError naming the field (e.g. `nHeads` not dividing `dModel`, an odd head size with RoPE).
 */
export function resolveGptConfig(owner: string, config: GptConfig): ResolvedGptConfig {
  if (config === null || typeof config !== 'object') throw new InvalidParamError(owner, 'config', config, 'a GptConfig object with at least vocabSize');
  const dModel = checkPositiveInt(owner, 'dModel', config.dModel ?? 128);
  const c: ResolvedGptConfig = {
    vocabSize: checkPositiveInt(owner, 'vocabSize', config.vocabSize),
    contextLength: checkPositiveInt(owner, 'contextLength', config.contextLength ?? 64),
    dModel,
    nHeads: checkPositiveInt(owner, 'nHeads', config.nHeads ?? 4),
    nLayers: checkPositiveInt(owner, 'nLayers', config.nLayers ?? 2),
    dFF: checkPositiveInt(owner, 'dFF', config.dFF ?? 4 * dModel),
    positional: config.positional ?? 'learned',
    norm: config.norm ?? 'pre',
    dropout: checkNumberIn(owner, 'dropout', config.dropout ?? 0, 0, 1, false, true),
    tieWeights: checkBool(owner, 'tieWeights', config.tieWeights ?? false),
    bias: checkBool(owner, 'bias', config.bias ?? true),
    gelu: config.gelu ?? 'none',
    seed: config.seed ?? 0,
  };
  if (!['sinusoidal', 'learned', 'rope', 'none'].includes(c.positional)) throw new InvalidParamError(owner, 'positional', c.positional, "'sinusoidal', 'learned', 'rope' or 'none'");
  if (!['pre', 'post', 'none'].includes(c.norm)) throw new InvalidParamError(owner, 'norm', c.norm, "'pre', 'post' or 'none'");
  if (c.gelu !== 'none' && c.gelu !== 'tanh') throw new InvalidParamError(owner, 'gelu', c.gelu, "'none' or 'tanh'");
  if (!Number.isSafeInteger(c.seed) || c.seed < 0) throw new InvalidParamError(owner, 'seed', c.seed, 'a non-negative integer');
  if (dModel % c.nHeads !== 0) throw new InvalidParamError(owner, 'nHeads', c.nHeads, `a divisor of dModel = ${dModel}`);
  if (c.positional === 'rope' && (dModel / c.nHeads) % 2 !== 0) throw new InvalidParamError(owner, 'nHeads', c.nHeads, `a head count giving an even head size for RoPE (dModel / nHeads = ${dModel / c.nHeads})`);
  return c;
}
