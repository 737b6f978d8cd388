/**
 * Rotary position embedding (RoPE; Su et al. 2021, "RoFormer"), applied to queries and keys per
 * head, float64 reference and tfjs twin. For a head vector $x \in \mathbb R^d$ ($d$ even) at
 * position $t$, pairs of coordinates are rotated by the angle $t\,\theta_i$,
 * $\theta_i = b^{-2i/d}$ ($b = 10000$):
 * $$\begin{pmatrix} y_i \\ y_{i+d/2} \end{pmatrix} =
 *   \begin{pmatrix} \cos t\theta_i & -\sin t\theta_i \\ \sin t\theta_i & \cos t\theta_i \end{pmatrix}
 *   \begin{pmatrix} x_i \\ x_{i+d/2} \end{pmatrix},\qquad i = 0, \dots, d/2 - 1.$$
 *
 * **Pairs layout: GPT-NeoX "halves"** (also Hugging Face's LLaMA): coordinate $i$ pairs with
 * $i + d/2$, not with $i+1$ (the interleaved layout of the RoFormer paper and GPT-J). In vector form
 * $y = x \odot \cos + \operatorname{rotateHalf}(x) \odot \sin$ with
 * $\operatorname{rotateHalf}(x) = (-x_{d/2:d},\ x_{0:d/2})$ and the tables
 * $\cos_{t} = (\cos t\theta_0, \dots, \cos t\theta_{d/2-1}, \cos t\theta_0, \dots)$ (likewise $\sin$).
 * The two layouts are the same map up to a fixed permutation of the head's coordinates (so of
 * $W_q, W_k$'s rows), hence equally expressive; halves needs only slices, no strided gather.
 *
 * Relative-position property (proved in the docs): $\langle R_t q, R_s k\rangle = \langle q, R_{s-t} k\rangle$,
 * so attention scores depend on positions only through $s - t$. Backward: $R_t$ is orthogonal,
 * $\bar x = R_t^\top \bar y = \bar y \odot \cos - \operatorname{rotateHalf}(\bar y \odot \sin)$
 * (level1's ops record it). Cost $O(nTd)$.
 *
 * @see ../../../../docs/level3-deep/attention.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor, concat, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { Module } from '../nn/module.js';
import { checkPositiveInt } from '../nn/rng.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';

/** cos and sin tables (T, d), halves layout, float64. $O(Td)$. */
export function ropeTables(T: number, d: number, base = 10000): { cos: Float64Array; sin: Float64Array } {
  checkPositiveInt('ropeTables', 'T', T);
  checkPositiveInt('ropeTables', 'd', d);
  if (d % 2 !== 0) throw new InvalidParamError('ropeTables', 'd', d, 'an even head size (coordinates are rotated in pairs)');
  if (typeof base !== 'number' || !Number.isFinite(base) || base <= 1) throw new InvalidParamError('ropeTables', 'base', base, 'a finite number > 1');
  const h = d / 2;
  const cos = new Float64Array(T * d); // (T, d)
  const sin = new Float64Array(T * d); // (T, d)
  for (let i = 0; i < h; i++) {
    const theta = Math.pow(base, -(2 * i) / d); // theta_i
    for (let t = 0; t < T; t++) {
      const c = Math.cos(t * theta);
      const s = Math.sin(t * theta);
      cos[t * d + i] = c;
      cos[t * d + i + h] = c;
      sin[t * d + i] = s;
      sin[t * d + i + h] = s;
    }
  }
  return { cos, sin };
}

/** (−x₂, x₁) on the last axis, reference. */
function rotateHalf(x: Tensor): Tensor {
  const r = x.rank;
  const d = x.shape[r - 1]!;
  const begin1 = x.shape.map(() => 0);
  const begin2 = x.shape.map((_, i) => (i === r - 1 ? d / 2 : 0));
  const size = x.shape.map((s, i) => (i === r - 1 ? d / 2 : s));
  return concat([x.slice(begin2, size).neg(), x.slice(begin1, size)], r - 1); // (..., T, d)
}

function checkRope(owner: string, shape: readonly number[], d: number, L: number): number {
  if (shape.length < 2 || shape[shape.length - 1] !== d) throw new ShapeError(`${owner}: x must be (..., T, d = ${d}), got shape [${shape.join(', ')}]`);
  const T = shape[shape.length - 2]!;
  if (T > L) throw new ShapeError(`${owner}: sequence length T = ${T} exceeds maxLength = ${L}`);
  return T;
}

/**
 * Rotary embedding, float64 reference: `forward(x)` (…, T, d) → the rotated (…, T, d), position
 * $t$ being the index on axis −2. No parameters.
 * @see ../../../../docs/level3-deep/attention.md
 */
export class RotaryEmbedding extends Module {
  readonly #cos: Float64Array; // (L, d)
  readonly #sin: Float64Array; // (L, d)
  constructor(readonly maxLength: number, readonly headSize: number, readonly base = 10000) {
    super();
    ({ cos: this.#cos, sin: this.#sin } = ropeTables(checkPositiveInt('RotaryEmbedding', 'maxLength', maxLength), headSize, base));
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`RotaryEmbedding.forward: x must be a Tensor, got ${describeValue(x)}`);
    const T = checkRope('RotaryEmbedding.forward', x.shape, this.headSize, this.maxLength);
    const n = T * this.headSize;
    const cos = tensor(this.#cos.subarray(0, n), [T, this.headSize]); // (T, d)
    const sin = tensor(this.#sin.subarray(0, n), [T, this.headSize]); // (T, d)
    return x.mul(cos).add(rotateHalf(x).mul(sin)); // (..., T, d) = R_t x
  }
}

/**
 * tfjs twin of {@link RotaryEmbedding}. rotateHalf is one matMul with the fixed signed
 * permutation $J$ (d, d), $xJ = (-x_2, x_1)$, instead of slice + neg + concat (one kernel
 * forward, one backward). Tables and $J$ are float32 constants built once (freed by `dispose`).
 * @see ../../../../docs/level3-deep/attention.md
 */
export class TfRotaryEmbedding extends TfModule {
  readonly #cos: TfTensor; // (L, d)
  readonly #sin: TfTensor; // (L, d)
  readonly #J: TfTensor; // (d, d)
  constructor(tf: Tf, readonly maxLength: number, readonly headSize: number, readonly base = 10000) {
    super(tf);
    const t = ropeTables(checkPositiveInt('TfRotaryEmbedding', 'maxLength', maxLength), headSize, base);
    const d = headSize;
    const h = d / 2;
    const J = new Float32Array(d * d); // (d, d): (xJ)_j = sum_i x_i J_ij
    for (let i = 0; i < h; i++) {
      J[(i + h) * d + i] = -1; // y_i = -x_{i+h}
      J[i * d + i + h] = 1; // y_{i+h} = x_i
    }
    this.#cos = tf.keep(tf.tensor2d(Float32Array.from(t.cos), [maxLength, d]));
    this.#sin = tf.keep(tf.tensor2d(Float32Array.from(t.sin), [maxLength, d]));
    this.#J = tf.keep(tf.tensor2d(J, [d, d]));
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfRotaryEmbedding.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const T = checkRope('TfRotaryEmbedding.forward', x.shape, this.headSize, this.maxLength);
    const d = this.headSize;
    const cos = T === this.maxLength ? this.#cos : tf.slice(this.#cos, [0, 0], [T, d]); // (T, d)
    const sin = T === this.maxLength ? this.#sin : tf.slice(this.#sin, [0, 0], [T, d]); // (T, d)
    const rot = tf.matMul(x.reshape([-1, d]), this.#J).reshape(x.shape); // (..., T, d) = rotateHalf(x)
    return tf.add(tf.mul(x, cos), tf.mul(rot, sin)); // (..., T, d)
  }

  override dispose(): void {
    for (const c of [this.#cos, this.#sin, this.#J]) if (!c.isDisposed) c.dispose();
    super.dispose();
  }
}
