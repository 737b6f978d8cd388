/**
 * `Gpt` (float64 reference) and `TfGpt` (tfjs twin): a decoder-only character language model
 * (GPT-2's layout, after Karpathy's nanoGPT `model.py`) configured by {@link GptConfig}:
 * $$h_0 = W_\text{te}[\text{idx}] + P_{0:T},\quad h_\ell = \operatorname{Block}_\ell(h_{\ell-1}),\quad
 *   \text{logits} = \operatorname{LN}_f(h_L)\, W_\text{head}^\top \in \mathbb R^{B\times T\times V},$$
 * $P$ learned or sinusoidal (RoPE acts inside attention instead; `'none'` adds nothing), blocks
 * causal ({@link TransformerBlock}), $\operatorname{LN}_f$ only for pre-LN, $W_\text{head} = W_\text{te}$
 * with `tieWeights`.
 *
 * State dict: `wte.weight` (V, E), `wpe.weight` (L, E) (learned only),
 * `blocks.{i}.self_attn.in_proj_weight`, … (PyTorch's TransformerEncoderLayer names),
 * `ln_f.weight`/`ln_f.bias` (pre-LN), `lm_head.weight` (V, E) (untied).
 *
 * Init (GPT-2): every weight matrix and embedding $\mathcal N(0, 0.02^2)$, the two projections
 * that write into the residual stream (`out_proj`, `linear2`) $\mathcal N(0, (0.02/\sqrt{2L})^2)$,
 * biases 0, LayerNorm $\gamma = 1$; drawn in parameter order from `Rng(seed)`, so the twin
 * starts from the same weights. Hooks: {@link Gpt.forwardWithActivations} returns every layer's
 * residual stream and attention weights. Cost per token: forward $2N$ FLOPs for
 * the $N = L(4E^2 + 2E d_\text{ff}) + VE$ matrix parameters plus $4LTE$ for attention; a training
 * step about three times that (≈ 5.3 GFLOP for the W6 batch of 2048 tokens).
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { InvalidInputError, Rng, ShapeError, describeValue } from '@fpml/core';
import { Tensor, crossEntropy } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { Dropout, TfDropout } from '../layers/dropout.js';
import { Embedding, TfEmbedding } from '../layers/embedding.js';
import { LayerNorm, TfLayerNorm } from '../layers/layernorm.js';
import { Linear, TfLinear } from '../layers/linear.js';
import { normal, onesInit, zerosInit } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { Sequential, TfSequential } from '../nn/sequential.js';
import type { StateDict } from '../nn/state-dict.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';
import { tfOneHotF32 } from './affine.js';
import { TfTransformerBlock, TransformerBlock, type TransformerBlockOptions } from './block.js';
import { resolveGptConfig, type GptConfig, type ResolvedGptConfig } from './gpt-config.js';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding, TfLearnedPositionalEmbedding, TfSinusoidalPositionalEncoding } from './positional.js';

/** What {@link Gpt.forwardWithActivations} returns. */
export interface GptActivations<T> {
  logits: T; // (B, T, V)
  /** Residual stream: `hidden[0]` the embeddings, `hidden[l]` the output of block l (B, T, E). */
  hidden: T[];
  /** Attention weights of block l (B, h, T, T). */
  attention: T[];
}

/** GPT-2 init of the named parameters, drawn in order from `rng` (shared by both paths). */
function gpt2Init(named: [string, readonly number[]][], rng: Rng, nLayers: number): StateDict {
  const sd: StateDict = {};
  for (const [k, shape] of named) {
    if (/(norm[12]|ln_f)\.weight$/.test(k)) sd[k] = onesInit(shape); // LayerNorm gamma = 1
    else if (/bias$/.test(k)) sd[k] = zerosInit(shape); // every bias (and LayerNorm beta) = 0
    else if (/(out_proj|linear2)\.weight$/.test(k)) sd[k] = normal(shape, rng, 0, 0.02 / Math.sqrt(2 * nLayers)); // residual projections
    else sd[k] = normal(shape, rng, 0, 0.02); // embeddings, in_proj, linear1, lm_head
  }
  return sd;
}

function blockOptions(c: ResolvedGptConfig, rng: Rng): TransformerBlockOptions {
  return { norm: c.norm, dropout: c.dropout, causal: true, rope: c.positional === 'rope' ? { maxLength: c.contextLength } : null, bias: c.bias, gelu: c.gelu, rng };
}

/** Validate idx (B, T) integer token ids; returns [B, T]. */
function checkIdx(owner: string, shape: readonly number[], data: ArrayLike<number>, c: ResolvedGptConfig): [number, number] {
  if (shape.length !== 2) throw new ShapeError(`${owner}: idx must be (B, T) token ids, got shape [${shape.join(', ')}]`);
  if (shape[1]! > c.contextLength) throw new ShapeError(`${owner}: sequence length T = ${shape[1]} exceeds contextLength = ${c.contextLength}`);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= c.vocabSize) throw new InvalidInputError(`${owner}: idx[${i}] is ${v} but token ids must be integers in [0, ${c.vocabSize})`);
  }
  return [shape[0]!, shape[1]!];
}

/**
 * Decoder-only language model, float64 reference. `forward(idx)`: (B, T) integer ids (a Tensor
 * of integers) → logits (B, T, V).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class Gpt extends Module {
  readonly config: ResolvedGptConfig;
  readonly wte: Embedding;
  readonly wpe: LearnedPositionalEmbedding | SinusoidalPositionalEncoding | null;
  readonly drop: Dropout;
  readonly blocks: Sequential;
  readonly ln_f: LayerNorm | null;
  readonly lm_head: Linear | null;

  constructor(config: GptConfig) {
    super();
    const c = (this.config = resolveGptConfig('Gpt', config));
    const rng = new Rng(c.seed);
    this.wte = this.registerModule('wte', new Embedding(c.vocabSize, c.dModel, { rng }));
    const L = c.contextLength;
    this.wpe = c.positional === 'learned' ? this.registerModule('wpe', new LearnedPositionalEmbedding(L, c.dModel, { rng })) : c.positional === 'sinusoidal' ? this.registerModule('wpe', new SinusoidalPositionalEncoding(L, c.dModel)) : null;
    this.drop = this.registerModule('drop', new Dropout(c.dropout, { rng }));
    this.blocks = this.registerModule('blocks', new Sequential(...Array.from({ length: c.nLayers }, () => new TransformerBlock(c.dModel, c.nHeads, c.dFF, blockOptions(c, rng)))));
    this.ln_f = c.norm === 'pre' ? this.registerModule('ln_f', new LayerNorm(c.dModel)) : null;
    this.lm_head = c.tieWeights ? null : this.registerModule('lm_head', new Linear(c.dModel, c.vocabSize, { bias: false, rng }));
    this.loadStateDict(gpt2Init(this.namedParameters().map(([k, p]) => [k, p.shape]), rng, c.nLayers));
  }

  forward(idx: Tensor): Tensor {
    return this.forwardWithActivations(idx).logits;
  }

  /** Logits plus every layer's residual stream and attention weights (the hooks). */
  forwardWithActivations(idx: Tensor): GptActivations<Tensor> {
    if (!(idx instanceof Tensor)) throw new ShapeError(`Gpt.forward: idx must be a Tensor of token ids, got ${describeValue(idx)}`);
    const c = this.config;
    const [B, T] = checkIdx('Gpt.forward', idx.shape, idx.data, c);
    let x = this.wte.forward(idx); // (B, T, E)
    if (this.wpe) x = this.wpe.forward(x); // (B, T, E) + (T, E)
    x = this.drop.forward(x);
    const hidden = [x];
    const attention: Tensor[] = [];
    for (const block of this.blocks.layers as TransformerBlock[]) {
      const r = block.forwardWithWeights(x); // (B, T, E), (B, h, T, T)
      x = r.output;
      hidden.push(x);
      attention.push(r.weights);
    }
    if (this.ln_f) x = this.ln_f.forward(x); // (B, T, E)
    const W = this.lm_head ? this.lm_head.weight : this.wte.weight; // (V, E)
    const logits = x.reshape([B * T, c.dModel]).matmul(W.transpose()).reshape([B, T, c.vocabSize]); // (B, T, V)
    return { logits, hidden, attention };
  }

  /** Mean next-token cross-entropy (nats) of `idx` (B, T) against `targets` (B·T ids, row-major). */
  loss(idx: Tensor, targets: ArrayLike<number>): Tensor {
    const logits = this.forward(idx); // (B, T, V)
    return crossEntropy(logits.reshape([-1, this.config.vocabSize]), targets); // scalar
  }
}

/**
 * tfjs twin of {@link Gpt} (same config, names, initial weights and state dict).
 * `forward(idx)`: (B, T) int32 → logits (B, T, V), one matMul for the head. Call inside `tf.tidy`
 * (or a `variableGrads` closure).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TfGpt extends TfModule {
  readonly config: ResolvedGptConfig;
  readonly wte: TfEmbedding;
  readonly wpe: TfLearnedPositionalEmbedding | TfSinusoidalPositionalEncoding | null;
  readonly drop: TfDropout;
  readonly blocks: TfSequential;
  readonly ln_f: TfLayerNorm | null;
  readonly lm_head: TfLinear | null;
  readonly #checked = new WeakSet<TfTensor>();
  readonly #posCache = new Map<string, TfTensor>();

  constructor(tf: Tf, config: GptConfig) {
    super(tf);
    const c = (this.config = resolveGptConfig('TfGpt', config));
    const rng = new Rng(c.seed);
    this.wte = this.registerModule('wte', new TfEmbedding(tf, c.vocabSize, c.dModel, { rng }));
    const L = c.contextLength;
    this.wpe = c.positional === 'learned' ? this.registerModule('wpe', new TfLearnedPositionalEmbedding(tf, L, c.dModel, { rng })) : c.positional === 'sinusoidal' ? this.registerModule('wpe', new TfSinusoidalPositionalEncoding(tf, L, c.dModel)) : null;
    this.drop = this.registerModule('drop', new TfDropout(tf, c.dropout, { rng }));
    this.blocks = this.registerModule('blocks', new TfSequential(tf, ...Array.from({ length: c.nLayers }, () => new TfTransformerBlock(tf, c.dModel, c.nHeads, c.dFF, blockOptions(c, rng)))));
    this.ln_f = c.norm === 'pre' ? this.registerModule('ln_f', new TfLayerNorm(tf, c.dModel)) : null;
    this.lm_head = c.tieWeights ? null : this.registerModule('lm_head', new TfLinear(tf, c.dModel, c.vocabSize, { bias: false, rng }));
    this.loadStateDict(gpt2Init(this.namedParameters().map(([k, v]) => [k, v.shape]), rng, c.nLayers));
  }

  forward(idx: TfTensor): TfTensor {
    return this.forwardWithActivations(idx, false).logits;
  }

  /** Logits plus every layer's residual stream and attention weights (the hooks). */
  forwardWithActivations(idx: TfTensor, keepAll = true): GptActivations<TfTensor> {
    const c = this.config;
    const [B, T] = this.#checkIdx(idx);
    const r = this.#run(idx, B, T, keepAll); // (BT, V)
    const E = c.dModel;
    return { logits: r.logits.reshape([B, T, c.vocabSize]), hidden: r.hidden.map((h) => h.reshape([B, T, E])), attention: r.attention }; // (B, T, V)
  }

  /** Validate ids once per tensor object (tfjs tensors are immutable), so a reused batch is not read back again. */
  #checkIdx(idx: TfTensor): [number, number] {
    const tf = this.tf;
    if (!(idx instanceof tf.Tensor) || idx.dtype !== 'int32') throw new ShapeError(`TfGpt.forward: idx must be an int32 tf.Tensor of token ids, got ${describeValue(idx)}`);
    if (this.#checked.has(idx)) return idx.shape as [number, number];
    const bt = checkIdx('TfGpt.forward', idx.shape, idx.dataSync(), this.config);
    this.#checked.add(idx);
    return bt;
  }

  /** Constant (B·T, ·) position operands, built once per (B, T): one-hot of t (learned) or the tiled sinusoidal rows. */
  #positions(B: number, T: number): TfTensor {
    const key = `${B},${T}`;
    let p = this.#posCache.get(key);
    if (!p) {
      const tf = this.tf;
      p = tf.tidy(() => (this.wpe instanceof TfLearnedPositionalEmbedding ? tfOneHotF32(tf, tf.tile(tf.range(0, T, 1, 'int32'), [B]), this.config.contextLength) : tf.tile(this.wpe!.table(T), [B, 1]))); // (BT, L) or (BT, E)
      this.#posCache.set(key, tf.keep(p));
    }
    return p;
  }

  /**
   * The forward pass on a 2-D residual stream (B·T, E), reshaped only at the boundary. Token
   * and learned-position embeddings are one-hot matMuls (forward one kernel each, backward one
   * `transposeA` product, instead of gather's scatter bookkeeping).
   */
  #run(idx: TfTensor, B: number, T: number, keepAll: boolean): { logits: TfTensor; hidden: TfTensor[]; attention: TfTensor[] } {
    const tf = this.tf;
    const c = this.config;
    const tok = tfOneHotF32(tf, idx.reshape([B * T]), c.vocabSize); // (BT, V)
    let x = tf.matMul(tok, this.wte.weight); // (BT, E) = W_te[idx]
    if (this.wpe instanceof TfLearnedPositionalEmbedding) x = tf.add(x, tf.matMul(this.#positions(B, T), this.wpe.weight)); // + W_pe[t]
    else if (this.wpe) x = tf.add(x, this.#positions(B, T)); // + P_t (constant)
    if (this.training && c.dropout > 0) x = this.drop.forward(x);
    const hidden = keepAll ? [x] : [];
    const attention: TfTensor[] = [];
    for (const block of this.blocks.layers as TfTransformerBlock[]) {
      const r = block.forward2d(x, B, T, keepAll); // (BT, E), (B, h, T, T)
      x = r.output;
      if (keepAll) hidden.push(x), attention.push(r.weights);
    }
    if (this.ln_f) x = this.ln_f.forward(x); // (BT, E)
    const W = this.lm_head ? this.lm_head.weight : this.wte.weight; // (V, E)
    return { logits: tf.matMul(x, W, false, true), hidden, attention }; // (BT, V), one matMul
  }

  /**
   * Mean next-token cross-entropy of `idx` against `targets` (both (B, T) int32), with a custom
   * gradient $\bar z = (\operatorname{softmax} z - \text{onehot}(y))/N$ (one softmax backward, no
   * log-softmax chain). Returns a scalar; call inside `tf.tidy` / `variableGrads`.
   */
  loss(idx: TfTensor, targets: TfTensor): TfTensor {
    const tf = this.tf;
    const V = this.config.vocabSize;
    const [B, T] = this.#checkIdx(idx);
    if (!(targets instanceof tf.Tensor) || targets.dtype !== 'int32' || targets.size !== idx.size) throw new ShapeError(`TfGpt.loss: targets must be an int32 tf.Tensor shaped like idx [${idx.shape.join(', ')}], got ${describeValue(targets)}`);
    const z = this.#run(idx, B, T, false).logits; // (N, V)
    const onehot = tfOneHotF32(tf, targets.reshape([-1]), V); // (N, V)
    const invN = 1 / z.shape[0]!;
    const ce = tf.customGrad(((logits: TfTensor, save: (ts: TfTensor[]) => void) => {
      const lse = tf.logSumExp(logits, 1, true); // (N, 1)
      save([logits, lse, onehot]); // saved tensors outlive the forward's tidy
      const value = tf.mean(tf.sub(lse, tf.sum(tf.mul(logits, onehot), 1, true))); // scalar
      const gradFunc = (dy: TfTensor, saved: TfTensor[]) => tf.mul(tf.sub(tf.exp(tf.sub(saved[0]!, saved[1]!)), saved[2]!), tf.mul(dy, invN)); // dL/dz = (softmax - onehot) / N
      return { value, gradFunc };
    }) as never) as unknown as (z: TfTensor) => TfTensor;
    return ce(z);
  }

  override dispose(): void {
    for (const p of this.#posCache.values()) if (!p.isDisposed) p.dispose();
    this.#posCache.clear();
    super.dispose();
  }
}
