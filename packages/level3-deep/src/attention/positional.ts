/**
 * Additive positional encodings for a sequence $x \in \mathbb R^{B\times T\times E}$:
 * $y_{bt} = x_{bt} + P_t$.
 *
 * - **Sinusoidal** (Vaswani et al. 2017, §3.5): fixed, no parameters,
 *   $$P_{t,2i} = \sin(t\,\omega_i),\quad P_{t,2i+1} = \cos(t\,\omega_i),\quad \omega_i = 10000^{-2i/E}.$$
 *   Any length up to `maxLength` works; an odd $E$ ends on a sine column.
 * - **Learned** (GPT-2): an embedding of positions, $P = W_{0:T}$ with a trained $W \in \mathbb R^{L\times E}$
 *   (state dict `weight` (L, E), PyTorch's `nn.Embedding` layout); the gradient of $W_t$ is
 *   $\sum_b \bar y_{bt}$ for $t < T$ and 0 beyond.
 *
 * RoPE, which rotates queries and keys instead of adding to $x$, is in `rope.ts`; `'none'` is no
 * module at all. Cost $O(BTE)$ forward and backward.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { normal } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkNumberIn, checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';

/**
 * The sinusoidal table $P$ (T, E), row-major, float64. $O(TE)$.
 * @see ../../../../docs/level3-deep/attention.md
 */
export function sinusoidalTable(T: number, E: number): Float64Array {
  checkPositiveInt('sinusoidalTable', 'T', T);
  checkPositiveInt('sinusoidalTable', 'E', E);
  const p = new Float64Array(T * E); // (T, E)
  for (let j = 0; j < E; j++) {
    const w = Math.pow(10000, -(2 * Math.floor(j / 2)) / E); // omega_i, i = floor(j / 2)
    for (let t = 0; t < T; t++) p[t * E + j] = j % 2 === 0 ? Math.sin(t * w) : Math.cos(t * w);
  }
  return p;
}

function checkSeq(owner: string, shape: readonly number[], E: number, L: number): number {
  if (shape.length !== 3 || shape[2] !== E) throw new ShapeError(`${owner}.forward: x must be (B, T, E = ${E}), got shape [${shape.join(', ')}]`);
  if (shape[1]! > L) throw new ShapeError(`${owner}.forward: sequence length T = ${shape[1]} exceeds maxLength = ${L}`);
  return shape[1]!;
}

/**
 * Fixed sinusoidal encoding, float64 reference: `forward(x)` (B, T, E) → x + P[:T] (B, T, E).
 * No parameters, nothing in the state dict.
 * @see ../../../../docs/level3-deep/attention.md
 */
export class SinusoidalPositionalEncoding extends Module {
  readonly #table: Float64Array; // (L, E)
  constructor(readonly maxLength: number, readonly dModel: number) {
    super();
    this.#table = sinusoidalTable(checkPositiveInt('SinusoidalPositionalEncoding', 'maxLength', maxLength), checkPositiveInt('SinusoidalPositionalEncoding', 'dModel', dModel));
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`SinusoidalPositionalEncoding.forward: x must be a Tensor, got ${describeValue(x)}`);
    const T = checkSeq('SinusoidalPositionalEncoding', x.shape, this.dModel, this.maxLength);
    return x.add(tensor(this.#table.subarray(0, T * this.dModel), [T, this.dModel])); // (B, T, E), P broadcast over B
  }
}

/**
 * tfjs twin of {@link SinusoidalPositionalEncoding}; the table is one float32 constant built at
 * construction (freed by `dispose`).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TfSinusoidalPositionalEncoding extends TfModule {
  readonly #table: TfTensor; // (L, E)
  constructor(tf: Tf, readonly maxLength: number, readonly dModel: number) {
    super(tf);
    const p = sinusoidalTable(checkPositiveInt('TfSinusoidalPositionalEncoding', 'maxLength', maxLength), checkPositiveInt('TfSinusoidalPositionalEncoding', 'dModel', dModel));
    this.#table = tf.keep(tf.tensor2d(Float32Array.from(p), [maxLength, dModel])); // kept even if built inside a tidy
  }

  /** The (T, E) rows of the table (a slice; inside a tidy it is freed with the rest). */
  table(T: number): TfTensor {
    return T === this.maxLength ? this.#table : this.tf.slice(this.#table, [0, 0], [T, this.dModel]); // (T, E)
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfSinusoidalPositionalEncoding.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const T = checkSeq('TfSinusoidalPositionalEncoding', x.shape, this.dModel, this.maxLength);
    return tf.add(x, this.table(T)); // (B, T, E)
  }

  override dispose(): void {
    if (!this.#table.isDisposed) this.#table.dispose();
    super.dispose();
  }
}

/** Options of {@link LearnedPositionalEmbedding}. */
export interface LearnedPositionalOptions {
  /** Standard deviation of the $\mathcal N(0, \sigma^2)$ init (GPT-2's 0.02). @default 0.02 */
  std?: number;
  /** Source of the initial weights. Required. */
  rng: RngLike;
}

function initLearned(owner: string, L: number, E: number, options: LearnedPositionalOptions) {
  checkPositiveInt(owner, 'maxLength', L);
  checkPositiveInt(owner, 'dModel', E);
  const std = checkNumberIn(owner, 'std', options?.std ?? 0.02, 0, Infinity);
  return normal([L, E], toRng(options?.rng, owner), 0, std);
}

/**
 * Learned absolute positions, float64 reference: `forward(x)` (B, T, E) → x + W[:T];
 * state dict `weight` (maxLength, E).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class LearnedPositionalEmbedding extends Module {
  readonly weight: Tensor; // (L, E)
  constructor(readonly maxLength: number, readonly dModel: number, options: LearnedPositionalOptions) {
    super();
    const w = initLearned('LearnedPositionalEmbedding', maxLength, dModel, options);
    this.weight = this.registerParameter('weight', tensor(w.data, w.shape));
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`LearnedPositionalEmbedding.forward: x must be a Tensor, got ${describeValue(x)}`);
    const T = checkSeq('LearnedPositionalEmbedding', x.shape, this.dModel, this.maxLength);
    const p = T === this.maxLength ? this.weight : this.weight.slice([0, 0], [T, this.dModel]); // (T, E); slice's backward pads with zeros
    return x.add(p); // (B, T, E); dL/dW_t = sum_b dL/dy_bt
  }
}

/**
 * tfjs twin of {@link LearnedPositionalEmbedding} (same names, same initial weights per seed).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TfLearnedPositionalEmbedding extends TfModule {
  readonly weight: Variable; // (L, E)
  constructor(tf: Tf, readonly maxLength: number, readonly dModel: number, options: LearnedPositionalOptions) {
    super(tf);
    this.weight = this.registerParameter('weight', initLearned('TfLearnedPositionalEmbedding', maxLength, dModel, options));
  }

  /** The (T, E) rows $W_{0:T}$. */
  table(T: number): TfTensor {
    return T === this.maxLength ? this.weight : this.tf.slice(this.weight, [0, 0], [T, this.dModel]); // (T, E)
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfLearnedPositionalEmbedding.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const T = checkSeq('TfLearnedPositionalEmbedding', x.shape, this.dModel, this.maxLength);
    return tf.add(x, this.table(T)); // (B, T, E)
  }
}
