/**
 * Transformer block (decoder style: causal self-attention + MLP, residual connections), float64
 * reference and tfjs twin, with PyTorch's `nn.TransformerEncoderLayer` names (`self_attn`,
 * `linear1`, `linear2`, `norm1`, `norm2`) so its state dict loads as is.
 * $$\text{pre-LN:}\quad h = x + \operatorname{MHA}(\operatorname{LN}_1 x),\qquad y = h + \operatorname{MLP}(\operatorname{LN}_2 h)$$
 * $$\text{post-LN:}\quad h = \operatorname{LN}_1(x + \operatorname{MHA}(x)),\qquad y = \operatorname{LN}_2(h + \operatorname{MLP}(h))$$
 * $$\text{none:}\quad h = x + \operatorname{MHA}(x),\qquad y = h + \operatorname{MLP}(h)$$
 * with $\operatorname{MLP}(z) = W_2\,\operatorname{GELU}(W_1 z + b_1) + b_2$ ($E \to d_\text{ff} \to E$).
 * `norm: 'pre'` is `TransformerEncoderLayer(norm_first=True, activation='gelu')`, `'post'` is
 * `norm_first=False`; `'none'` (no LayerNorm) is the ablation.
 *
 * Dropout $p$ (default 0) is applied to each branch before it joins the residual stream
 * (GPT-2's "resid dropout"); PyTorch's layer also drops inside the MLP and on the attention
 * weights, which differs only for $p > 0$. Backward: level1's ops (reference) and tfjs's tape
 * (twin); the residual adds pass $\bar y$ straight through, which is why pre-LN trains deep
 * stacks without warmup (docs). Cost $O(BT(4E^2 + 2Ed_\text{ff}) + BT^2E)$.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { Dropout, TfDropout } from '../layers/dropout.js';
import { LayerNorm, TfLayerNorm } from '../layers/layernorm.js';
import { Linear, TfLinear } from '../layers/linear.js';
import { checkGeluApproximate, gelu, tfGelu, type GeluApproximate } from '../nn/functional.js';
import { Module } from '../nn/module.js';
import { checkNumberIn, checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { tfAffine, tfGeluErf } from './affine.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';
import { MultiHeadAttention, TfMultiHeadAttention } from './multi-head.js';
import type { AttentionResult } from './sdpa.js';

/** Where the LayerNorms sit. */
export type BlockNorm = 'pre' | 'post' | 'none';

/** Options of {@link TransformerBlock} and {@link TfTransformerBlock}. */
export interface TransformerBlockOptions {
  /** LayerNorm placement. @default 'pre' */
  norm?: BlockNorm;
  /** Dropout probability on each residual branch (training mode only). @default 0 */
  dropout?: number;
  /** Causal self-attention. @default true */
  causal?: boolean;
  /** RoPE on queries and keys (see {@link MultiHeadAttention}). @default null */
  rope?: { maxLength: number; base?: number } | null;
  /** Biases in every Linear and the attention projections. @default true */
  bias?: boolean;
  /** LayerNorm's $\epsilon$. @default 1e-5 */
  layerNormEps?: number;
  /** GELU form: `'none'` (erf, PyTorch's default) or `'tanh'` (GPT-2). @default 'none' */
  gelu?: GeluApproximate;
  /** Source of the initial weights and of the dropout masks. Required. */
  rng: RngLike;
}

function parseBlock(owner: string, E: number, h: number, dFF: number, o: TransformerBlockOptions) {
  checkPositiveInt(owner, 'dModel', E);
  checkPositiveInt(owner, 'nHeads', h);
  checkPositiveInt(owner, 'dFF', dFF);
  const norm = o?.norm ?? 'pre';
  if (norm !== 'pre' && norm !== 'post' && norm !== 'none') throw new InvalidParamError(owner, 'norm', norm, "'pre', 'post' or 'none'");
  const p = checkNumberIn(owner, 'dropout', o?.dropout ?? 0, 0, 1, false, true);
  const eps = checkNumberIn(owner, 'layerNormEps', o?.layerNormEps ?? 1e-5, 0, Infinity, true);
  const approximate = checkGeluApproximate(owner, o?.gelu ?? 'none');
  const rng = toRng(o?.rng, owner);
  const attn = { bias: o?.bias ?? true, causal: o?.causal ?? true, rope: o?.rope ?? null, rng };
  return { norm, p, eps, approximate, rng, attn };
}

/** Output (B, T, E) and the block's attention weights (B, h, T, T). */
export type BlockResult<T> = AttentionResult<T>;

/**
 * Transformer block, float64 reference. `forward(x)` (B, T, E) → (B, T, E).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TransformerBlock extends Module {
  readonly self_attn: MultiHeadAttention;
  readonly linear1: Linear;
  readonly linear2: Linear;
  readonly norm1: LayerNorm | null;
  readonly norm2: LayerNorm | null;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly norm: BlockNorm;
  readonly approximate: GeluApproximate;

  constructor(readonly dModel: number, readonly nHeads: number, readonly dFF: number, options: TransformerBlockOptions) {
    super();
    const o = parseBlock('TransformerBlock', dModel, nHeads, dFF, options);
    this.norm = o.norm;
    this.approximate = o.approximate;
    this.self_attn = this.registerModule('self_attn', new MultiHeadAttention(dModel, nHeads, o.attn));
    this.linear1 = this.registerModule('linear1', new Linear(dModel, dFF, { bias: o.attn.bias, rng: o.rng }));
    this.linear2 = this.registerModule('linear2', new Linear(dFF, dModel, { bias: o.attn.bias, rng: o.rng }));
    this.norm1 = o.norm === 'none' ? null : this.registerModule('norm1', new LayerNorm(dModel, { eps: o.eps }));
    this.norm2 = o.norm === 'none' ? null : this.registerModule('norm2', new LayerNorm(dModel, { eps: o.eps }));
    this.dropout1 = this.registerModule('dropout1', new Dropout(o.p, { rng: o.rng }));
    this.dropout2 = this.registerModule('dropout2', new Dropout(o.p, { rng: o.rng }));
  }

  forward(x: Tensor): Tensor {
    return this.forwardWithWeights(x).output;
  }

  /** Output (B, T, E) and attention weights (B, h, T, T). */
  forwardWithWeights(x: Tensor): BlockResult<Tensor> {
    if (!(x instanceof Tensor)) throw new ShapeError(`TransformerBlock.forward: x must be a Tensor, got ${describeValue(x)}`);
    const mlp = (z: Tensor) => this.dropout2.forward(this.linear2.forward(gelu(this.linear1.forward(z), this.approximate))); // (B, T, E)
    if (this.norm === 'post') {
      const a = this.self_attn.forwardWithWeights(x); // (B, T, E), (B, h, T, T)
      const h = this.norm1!.forward(x.add(this.dropout1.forward(a.output))); // (B, T, E)
      return { output: this.norm2!.forward(h.add(mlp(h))), weights: a.weights }; // (B, T, E)
    }
    const a = this.self_attn.forwardWithWeights(this.norm1 ? this.norm1.forward(x) : x); // (B, T, E)
    const h = x.add(this.dropout1.forward(a.output)); // (B, T, E) residual
    return { output: h.add(mlp(this.norm2 ? this.norm2.forward(h) : h)), weights: a.weights }; // (B, T, E)
  }
}

/**
 * tfjs twin of {@link TransformerBlock} (same names, initial weights and state dict). The MLP is
 * two fused matMul + bias kernels around GELU; dropout layers are skipped when $p = 0$ or in
 * evaluation mode (no identity copies). Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TfTransformerBlock extends TfModule {
  readonly self_attn: TfMultiHeadAttention;
  readonly linear1: TfLinear;
  readonly linear2: TfLinear;
  readonly norm1: TfLayerNorm | null;
  readonly norm2: TfLayerNorm | null;
  readonly dropout1: TfDropout;
  readonly dropout2: TfDropout;
  readonly norm: BlockNorm;
  readonly approximate: GeluApproximate;

  constructor(tf: Tf, readonly dModel: number, readonly nHeads: number, readonly dFF: number, options: TransformerBlockOptions) {
    super(tf);
    const o = parseBlock('TfTransformerBlock', dModel, nHeads, dFF, options);
    this.norm = o.norm;
    this.approximate = o.approximate;
    this.self_attn = this.registerModule('self_attn', new TfMultiHeadAttention(tf, dModel, nHeads, o.attn));
    this.linear1 = this.registerModule('linear1', new TfLinear(tf, dModel, dFF, { bias: o.attn.bias, rng: o.rng }));
    this.linear2 = this.registerModule('linear2', new TfLinear(tf, dFF, dModel, { bias: o.attn.bias, rng: o.rng }));
    this.norm1 = o.norm === 'none' ? null : this.registerModule('norm1', new TfLayerNorm(tf, dModel, { eps: o.eps }));
    this.norm2 = o.norm === 'none' ? null : this.registerModule('norm2', new TfLayerNorm(tf, dModel, { eps: o.eps }));
    this.dropout1 = this.registerModule('dropout1', new TfDropout(tf, o.p, { rng: o.rng }));
    this.dropout2 = this.registerModule('dropout2', new TfDropout(tf, o.p, { rng: o.rng }));
  }

  forward(x: TfTensor): TfTensor {
    return this.forwardWithWeights(x).output;
  }

  #drop(d: TfDropout, z: TfTensor): TfTensor {
    return this.training && d.p > 0 ? d.forward(z) : z;
  }

  #mlp(z2: TfTensor): TfTensor {
    const tf = this.tf;
    const { linear1: l1, linear2: l2 } = this;
    const u = tfAffine(tf, z2, l1.weight, l1.bias ?? null); // (BT, dFF)
    const y = tfAffine(tf, this.approximate === 'none' ? tfGeluErf(tf, u) : tfGelu(tf, u, 'tanh'), l2.weight, l2.bias ?? null); // (BT, E)
    return this.#drop(this.dropout2, y); // (BT, E)
  }

  /** Output (B, T, E) and attention weights (B, h, T, T). */
  forwardWithWeights(x: TfTensor): BlockResult<TfTensor> {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfTransformerBlock.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    if (x.rank !== 3 || x.shape[2] !== this.dModel) throw new ShapeError(`TfTransformerBlock.forward: x must be (B, T, E = ${this.dModel}), got shape [${x.shape.join(', ')}]`);
    const [B, T, E] = x.shape as [number, number, number];
    const r = this.forward2d(x.reshape([B * T, E]), B, T, true); // (BT, E)
    return { output: r.output.reshape([B, T, E]), weights: r.weights }; // (B, T, E)
  }

  /**
   * The block on a 2-D residual stream `x2` (B·T, E) → (B·T, E) (what {@link TfGpt} runs: no
   * reshapes between blocks). Weights (B, h, T, T) with `wantWeights`, else the (B·h, T, T) view.
   */
  forward2d(x2: TfTensor, B: number, T: number, wantWeights = false): BlockResult<TfTensor> {
    const tf = this.tf;
    const attn = (z: TfTensor) => this.self_attn.attend2d(z, B, T, wantWeights); // (BT, E), weights
    if (this.norm === 'post') {
      const a = attn(x2);
      const h = this.norm1!.forward(tf.add(x2, this.#drop(this.dropout1, a.output))); // (BT, E)
      return { output: this.norm2!.forward(tf.add(h, this.#mlp(h))), weights: a.weights };
    }
    const a = attn(this.norm1 ? this.norm1.forward(x2) : x2); // (BT, E)
    const h = tf.add(x2, this.#drop(this.dropout1, a.output)); // (BT, E) residual
    return { output: tf.add(h, this.#mlp(this.norm2 ? this.norm2.forward(h) : h)), weights: a.weights };
  }
}
