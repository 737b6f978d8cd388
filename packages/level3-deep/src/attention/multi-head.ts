/**
 * Multi-head self-attention, float64 reference and tfjs twin, with PyTorch's
 * `nn.MultiheadAttention(E, h, batch_first=True)` parameters and state dict:
 * $$[Q\ K\ V] = X W_\text{in}^\top + b_\text{in},\quad
 *   O_j = \operatorname{softmax}\!\Big(\frac{Q_j K_j^\top}{\sqrt{d_h}} + M\Big) V_j,\quad
 *   Y = [O_1 \cdots O_h]\, W_o^\top + b_o,$$
 * $X$ (B, T, E), $d_h = E/h$, head $j$ taking columns $j d_h, \dots, (j+1)d_h - 1$ of $Q$, $K$, $V$.
 *
 * State dict: `in_proj_weight` (3E, E) — rows $[W_q; W_k; W_v]$ —, `in_proj_bias` (3E),
 * `out_proj.weight` (E, E), `out_proj.bias` (E); no biases with `bias: false`.
 *
 * **KV layout.** One fused projection gives $(B T, 3E)$, viewed as $(B, T, 3, h, d_h)$ and permuted
 * once to $(3, B, h, T, d_h)$: $Q$, $K$, $V$ are each $(B, h, T, d_h)$, contiguous per head, the
 * sequence on axis −2, so $Q K^\top$ is one batched product over the $B h$ heads
 * (`transposeB`, no explicit transpose of $K$), and the result $(B, h, T, d_h)$ is permuted back
 * to $(B, T, h, d_h) = (B, T, E)$ before $W_o$. {@link MultiHeadAttention.forwardWithWeights} also
 * returns the weights $P$ (B, h, T, T) (PyTorch's `need_weights=True, average_attn_weights=False`).
 *
 * Options: causal mask ($-\infty$ above the diagonal, see `sdpa.ts`), RoPE on $Q$ and $K$ per head.
 * Init as PyTorch: $W_\text{in}$ Xavier-uniform, $W_o$ the default Linear init, biases 0.
 * Cost $O(BTE^2 + BT^2E)$ time, $O(BhT^2)$ memory for $P$.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { Linear, TfLinear } from '../layers/linear.js';
import { xavierUniform, zerosInit } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkBool, checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { tfAffine } from './affine.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { RotaryEmbedding, TfRotaryEmbedding } from './rope.js';
import { TfCausalMasks, scaledDotProductAttention, type AttentionResult } from './sdpa.js';

/** Options of {@link MultiHeadAttention} and {@link TfMultiHeadAttention}. */
export interface MultiHeadAttentionOptions {
  /** Biases on the input and output projections. @default true */
  bias?: boolean;
  /** Causal (autoregressive) mask. @default false */
  causal?: boolean;
  /** Rotate $Q$, $K$ per head by RoPE for positions below `maxLength` (needs an even head size). @default null (no RoPE) */
  rope?: { maxLength: number; base?: number } | null;
  /** Source of the initial weights. Required. */
  rng: RngLike;
}

function initMha(owner: string, E: number, h: number, options: MultiHeadAttentionOptions) {
  checkPositiveInt(owner, 'dModel', E);
  checkPositiveInt(owner, 'nHeads', h);
  if (E % h !== 0) throw new InvalidParamError(owner, 'nHeads', h, `a divisor of dModel = ${E}`);
  const bias = checkBool(owner, 'bias', options?.bias ?? true);
  const causal = checkBool(owner, 'causal', options?.causal ?? false);
  const rope = options?.rope ?? null;
  if (rope !== null && (typeof rope !== 'object' || !Number.isSafeInteger(rope.maxLength) || rope.maxLength < 1)) {
    throw new InvalidParamError(owner, 'rope', rope, 'null or { maxLength: positive integer, base?: number }');
  }
  const rng = toRng(options?.rng, owner);
  const inW = xavierUniform([3 * E, E], rng); // PyTorch: xavier_uniform_(in_proj_weight)
  return { bias, causal, rope, rng, inW, inB: bias ? zerosInit([3 * E]) : null };
}

function checkX(owner: string, shape: readonly number[], E: number): [number, number] {
  if (shape.length !== 3 || shape[2] !== E) throw new ShapeError(`${owner}.forward: x must be (B, T, E = ${E}), got shape [${shape.join(', ')}]`);
  return [shape[0]!, shape[1]!];
}

/**
 * Multi-head self-attention, float64 reference. `forward(x)` (B, T, E) → (B, T, E).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class MultiHeadAttention extends Module {
  readonly in_proj_weight: Tensor; // (3E, E)
  readonly in_proj_bias: Tensor | null; // (3E,)
  readonly out_proj: Linear;
  readonly headSize: number;
  readonly causal: boolean;
  readonly #rope: RotaryEmbedding | null;

  constructor(readonly dModel: number, readonly nHeads: number, options: MultiHeadAttentionOptions) {
    super();
    const o = initMha('MultiHeadAttention', dModel, nHeads, options);
    this.headSize = dModel / nHeads;
    this.causal = o.causal;
    this.in_proj_weight = this.registerParameter('in_proj_weight', tensor(o.inW.data, o.inW.shape));
    this.in_proj_bias = o.inB ? this.registerParameter('in_proj_bias', tensor(o.inB.data, o.inB.shape)) : null;
    this.out_proj = this.registerModule('out_proj', new Linear(dModel, dModel, { bias: o.bias, rng: o.rng }));
    this.out_proj.bias?.data.fill(0); // PyTorch: constant_(out_proj.bias, 0)
    this.#rope = o.rope ? new RotaryEmbedding(o.rope.maxLength, this.headSize, o.rope.base) : null;
  }

  forward(x: Tensor): Tensor {
    return this.forwardWithWeights(x).output;
  }

  /** Output (B, T, E) and attention weights $P$ (B, h, T, T). */
  forwardWithWeights(x: Tensor): AttentionResult<Tensor> {
    if (!(x instanceof Tensor)) throw new ShapeError(`MultiHeadAttention.forward: x must be a Tensor, got ${describeValue(x)}`);
    const E = this.dModel;
    const [B, T] = checkX('MultiHeadAttention', x.shape, E);
    const [h, hs] = [this.nHeads, this.headSize];
    let qkv = x.reshape([B * T, E]).matmul(this.in_proj_weight.transpose()); // (BT, 3E)
    if (this.in_proj_bias) qkv = qkv.add(this.in_proj_bias); // (BT, 3E)
    const heads = qkv.reshape([B, T, 3, h, hs]).transpose([2, 0, 3, 1, 4]); // (3, B, h, T, hs)
    let q = heads.index(0); // (B, h, T, hs)
    let k = heads.index(1); // (B, h, T, hs)
    const v = heads.index(2); // (B, h, T, hs)
    if (this.#rope) {
      q = this.#rope.forward(q); // (B, h, T, hs), rotated by position
      k = this.#rope.forward(k); // (B, h, T, hs)
    }
    const a = scaledDotProductAttention(q, k, v, { causal: this.causal }); // (B, h, T, hs), (B, h, T, T)
    const merged = a.output.transpose([0, 2, 1, 3]).reshape([B, T, E]); // (B, T, E), heads side by side
    return { output: this.out_proj.forward(merged), weights: a.weights }; // (B, T, E)
  }
}

/**
 * tfjs twin of {@link MultiHeadAttention} (same names, initial weights and state dict). The lean
 * path: one fused matMul + bias for $QKV$, one permutation in and one out, $1/\sqrt{d_h}$ folded
 * into $Q$ (smaller than the scores), batched matMuls over $B h$ with `transposeB`, the causal
 * mask a (T, T) constant built once, one fused matMul + bias for $W_o$. Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TfMultiHeadAttention extends TfModule {
  readonly in_proj_weight: Variable; // (3E, E)
  readonly in_proj_bias: Variable | null; // (3E,)
  readonly out_proj: TfLinear;
  readonly headSize: number;
  readonly causal: boolean;
  readonly #rope: TfRotaryEmbedding | null;
  readonly #masks: TfCausalMasks;
  readonly #scale: TfTensor;

  constructor(tf: Tf, readonly dModel: number, readonly nHeads: number, options: MultiHeadAttentionOptions) {
    super(tf);
    const o = initMha('TfMultiHeadAttention', dModel, nHeads, options);
    this.headSize = dModel / nHeads;
    this.causal = o.causal;
    this.in_proj_weight = this.registerParameter('in_proj_weight', o.inW);
    this.in_proj_bias = o.inB ? this.registerParameter('in_proj_bias', o.inB) : null;
    this.out_proj = this.registerModule('out_proj', new TfLinear(tf, dModel, dModel, { bias: o.bias, rng: o.rng }));
    const ob = this.out_proj.bias;
    if (ob) tf.tidy(() => ob.assign(tf.zeros([dModel]))); // PyTorch: constant_(out_proj.bias, 0)
    this.#rope = o.rope ? new TfRotaryEmbedding(tf, o.rope.maxLength, this.headSize, o.rope.base) : null;
    this.#masks = new TfCausalMasks(tf);
    this.#scale = tf.keep(tf.scalar(1 / Math.sqrt(this.headSize))); // uploaded once, not per call
  }

  forward(x: TfTensor): TfTensor {
    return this.#attend(x, false).output;
  }

  /** Output (B, T, E) and attention weights $P$ (B, h, T, T). */
  forwardWithWeights(x: TfTensor): AttentionResult<TfTensor> {
    return this.#attend(x, true);
  }

  #attend(x: TfTensor, wantWeights: boolean): AttentionResult<TfTensor> {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfMultiHeadAttention.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const E = this.dModel;
    const [B, T] = checkX('TfMultiHeadAttention', x.shape, E);
    const r = this.attend2d(x.reshape([B * T, E]), B, T, wantWeights); // (BT, E)
    return { output: r.output.reshape([B, T, E]), weights: r.weights }; // (B, T, E)
  }

  /**
   * The computation on a 2-D residual stream: `x2` (B·T, E) → output (B·T, E) and weights
   * (B, h, T, T) (with `wantWeights`; else the (B·h, T, T) view). No shape checks: the callers
   * ({@link forward}, {@link TfTransformerBlock}) have done them.
   */
  attend2d(x2: TfTensor, B: number, T: number, wantWeights = false): AttentionResult<TfTensor> {
    const tf = this.tf;
    const E = this.dModel;
    const [h, hs] = [this.nHeads, this.headSize];
    const qkv = tfAffine(tf, x2, this.in_proj_weight, this.in_proj_bias ?? null); // (BT, 3E)
    const heads = tf.transpose(qkv.reshape([B, T, 3, h, hs]), [2, 0, 3, 1, 4]).reshape([3, B * h, T, hs]); // (3, Bh, T, hs)
    let [q, k, v] = tf.unstack(heads); // each (Bh, T, hs)
    if (this.#rope) {
      q = this.#rope.forward(q!); // (Bh, T, hs)
      k = this.#rope.forward(k!); // (Bh, T, hs)
    }
    let s = tf.matMul(tf.mul(q!, this.#scale), k!, false, true); // (Bh, T, T) = Q K^T / sqrt(hs)
    if (this.causal) s = tf.add(s, this.#masks.get(T)); // (Bh, T, T)
    const p = tf.softmax(s); // (Bh, T, T)
    const o = tf.matMul(p, v!); // (Bh, T, hs)
    const merged = tf.transpose(o.reshape([B, h, T, hs]), [0, 2, 1, 3]).reshape([B * T, E]); // (BT, E)
    const y = tfAffine(tf, merged, this.out_proj.weight, this.out_proj.bias ?? null); // (BT, E)
    return { output: y, weights: wantWeights ? p.reshape([B, h, T, T]) : p }; // (BT, E), (B, h, T, T)
  }

  override dispose(): void {
    this.#masks.dispose();
    this.#rope?.dispose();
    if (!this.#scale.isDisposed) this.#scale.dispose();
    super.dispose();
  }
}
