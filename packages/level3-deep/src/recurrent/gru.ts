/**
 * `GRU` (float64 reference) and `TfGRU` (tfjs twin): PyTorch's `nn.GRU` (Cho et al. 2014), gates
 * in PyTorch's order $(r, z, n)$:
 * $$\begin{aligned}
 * r_t &= \sigma(x_t W_{ir}^\top + b_{ir} + h_{t-1} W_{hr}^\top + b_{hr}),\qquad
 * z_t = \sigma(x_t W_{iz}^\top + b_{iz} + h_{t-1} W_{hz}^\top + b_{hz}),\\
 * n_t &= \tanh\big(x_t W_{in}^\top + b_{in} + r_t \odot (h_{t-1} W_{hn}^\top + b_{hn})\big),\qquad
 * h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}.
 * \end{aligned}$$
 * Note PyTorch's placement of $r_t$: it multiplies $h W_{hn}^\top + b_{hn}$, not $h$.
 * Shapes as {@link RNN}: `forward(x, h0?)` → `[output, h_n]`. State dict: `weight_ih_l{l}` $(3H, I_l)$
 * = $[W_{ir}; W_{iz}; W_{in}]$, `weight_hh_l{l}` $(3H, H)$, `bias_ih_l{l}`, `bias_hh_l{l}` $(3H)$.
 *
 * Gradient along the state path: $\partial h_t/\partial h_{t-1} = \operatorname{diag}(z_t) + (\dots)$, so
 * an update gate near 1 carries $\bar h_t$ back almost unchanged (docs: why gates help).
 * Cost $O(L\,T\,B\,3H(I+H))$. Init $\mathcal U(\pm 1/\sqrt H)$.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import type { Tf } from '@fpml/core/tf';
import type { Tensor } from '@fpml/level1-math';
import type { TfTensor, Variable } from '../nn/tf-module.js';
import { checkBool } from '../nn/rng.js';
import type { LayerParams, RecurrentOptions } from './common.js';
import { RecurrentBase } from './sequence.js';
import { tfGruSequence } from './tf-gru-fused.js';
import { TfRecurrentBase, unstack0 } from './tf-sequence.js';

/**
 * One GRU step, float64. `xp` $(B, 3H)$ $= x W_{ih}^\top + b_{ih}$, `h` $(B, H)$ → $h'$ $(B, H)$. $O(B H^2)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function gruStep(xp: Tensor, h: Tensor, whh: Tensor, bhh: Tensor | null): Tensor {
  const [B, H] = h.shape as [number, number];
  let hp = h.matmul(whh.transpose()); // (B, 3H)
  if (bhh) hp = hp.add(bhh); // (B, 3H)
  const gate = (t: Tensor, k: number) => t.slice([0, k * H], [B, H]); // (B, H) block k of (r, z, n)
  const r = gate(xp, 0).add(gate(hp, 0)).sigmoid(); // (B, H) reset gate
  const z = gate(xp, 1).add(gate(hp, 1)).sigmoid(); // (B, H) update gate
  const n = gate(xp, 2).add(r.mul(gate(hp, 2))).tanh(); // (B, H) candidate
  return n.add(z.mul(h.sub(n))); // (B, H) = (1 - z) n + z h
}

/**
 * One GRU step, tfjs. `xp` $(B, 3H)$ must already hold $b_{ih}$ and the $(r, z)$ blocks of $b_{hh}$;
 * `bhn` $(H)$ is $b_{hn}$ (null without biases). $r$ and $z$ share one sigmoid over $(B, 2H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function tfGruStep(tf: Tf, xp: TfTensor, h: TfTensor, whh: TfTensor, bhn: TfTensor | null): TfTensor {
  const H = h.shape[1]!;
  const hp = tf.matMul(h, whh, false, true); // (B, 3H)
  const [xrz, xn] = tf.split(xp, [2 * H, H], 1); // (B, 2H), (B, H)
  const [hrz, hn] = tf.split(hp, [2 * H, H], 1); // (B, 2H), (B, H)
  const [r, z] = tf.split(tf.sigmoid(tf.add(xrz!, hrz!)), 2, 1); // (B, H) each
  const n = tf.tanh(tf.add(xn!, tf.mul(r!, bhn ? tf.add(hn!, bhn) : hn!))); // (B, H)
  return tf.add(n, tf.mul(z!, tf.sub(h, n))); // (B, H) = (1 - z) n + z h
}

/** $b_{ih} + [b_{hr}; b_{hz}; 0]$ and $b_{hn}$, for {@link tfGruStep}. */
export function tfGruBiases(tf: Tf, bih: TfTensor | null, bhh: TfTensor | null): { input: TfTensor | null; step: TfTensor | null } {
  if (!bih || !bhh) return { input: null, step: null };
  const H = bhh.shape[0]! / 3;
  const [bhrz, bhn] = tf.split(bhh, [2 * H, H]); // (2H,), (H,)
  return { input: tf.add(bih, tf.concat([bhrz!, tf.zerosLike(bhn!)])), step: bhn! }; // (3H,), (H,)
}

/**
 * Multi-layer GRU, float64 reference. `forward(x, h0?)` → `[output, h_n]`.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class GRU extends RecurrentBase<[x: Tensor, h0?: Tensor | null], [Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions) {
    super('GRU', inputSize, hiddenSize, options, 3);
  }

  protected step(xp: Tensor, [h]: Tensor[], p: LayerParams<Tensor>): Tensor[] {
    return [gruStep(xp, h!, p.whh, p.bhh)];
  }

  forward(x: Tensor, h0: Tensor | null = null): [Tensor, Tensor] {
    this.checkInputs(x, [h0], ['h0']);
    const { output, finals } = this.run(x, h0 ? [h0] : null, 1);
    return [output, finals[0]!]; // (T, B, H), (L, B, H)
  }
}

/** Options of {@link TfGRU}. */
export interface TfGRUOptions extends RecurrentOptions {
  /**
   * Run each layer as one op with a hand-written backward pass ({@link tfGruSequence}); `false`
   * lets tfjs differentiate the step ops. Same values and gradients to float32 rounding. @default true
   */
  fused?: boolean;
}

/**
 * tfjs twin of {@link GRU}. $b_{ih}$ and the $(r,z)$ part of $b_{hh}$ are folded into the
 * all-steps projection; $b_{hn}$ stays inside the reset gate's product. By default each layer is
 * one op with a hand-written backward ({@link tfGruSequence}).
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class TfGRU extends TfRecurrentBase<[x: TfTensor, h0?: TfTensor | null], [TfTensor, TfTensor]> {
  readonly fused: boolean;

  constructor(tf: Tf, inputSize: number, hiddenSize: number, options: TfGRUOptions) {
    const fused = checkBool('TfGRU', 'fused', options?.fused ?? true); // before any variable exists
    super(tf, 'TfGRU', inputSize, hiddenSize, options, 3);
    this.fused = fused;
  }

  protected biases(p: LayerParams<Variable>): { input: TfTensor | null; step: TfTensor | null } {
    return tfGruBiases(this.tf, p.bih, p.bhh);
  }

  protected step(xp: TfTensor, [h]: TfTensor[], p: LayerParams<Variable>, bhn: TfTensor | null): TfTensor[] {
    return [tfGruStep(this.tf, xp, h!, p.whh, bhn)];
  }

  forward(x: TfTensor, h0: TfTensor | null = null): [TfTensor, TfTensor] {
    const { T, B } = this.checkInputs(x, [h0], ['h0']);
    if (!this.fused) {
      const { output, finals } = this.run(x, h0 ? [h0] : null, 1);
      return [output, finals[0]!]; // (T, B, H), (L, B, H)
    }
    const tf = this.tf;
    const H = this.config.hiddenSize;
    let seq = this.batchFirst ? tf.transpose(x, [1, 0, 2]) : x; // (T, B, I)
    const init = h0 ? unstack0(tf, h0) : null; // L × (B, H)
    const hn: TfTensor[] = [];
    this.layers.forEach((p, l) => {
      const b = tfGruBiases(tf, p.bih, p.bhh);
      seq = tfGruSequence(tf, seq, init ? init[l]! : tf.zeros([B, H]), p.wih, p.whh, b.input ?? tf.zeros([3 * H]), b.step ?? tf.zeros([H])); // (T, B, H)
      hn.push(tf.squeeze(tf.slice(seq, [T - 1, 0, 0], [1, B, H]), [0])); // (B, H) = h_T
    });
    const output = this.batchFirst ? tf.transpose(seq, [1, 0, 2]) : seq; // (B, T, H) or (T, B, H)
    return [output, tf.stack(hn)]; // (L, B, H)
  }
}
