/**
 * `LSTM` (float64 reference) and `TfLSTM` (tfjs twin): PyTorch's `nn.LSTM` (Hochreiter &
 * Schmidhuber 1997, with the forget gate of Gers et al. 2000), gates in PyTorch's order $(i, f, g, o)$:
 * $$\begin{aligned}
 * [a^i; a^f; a^g; a^o] &= x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh},\\
 * i_t = \sigma(a^i),\ f_t &= \sigma(a^f),\ g_t = \tanh(a^g),\ o_t = \sigma(a^o),\\
 * c_t = f_t \odot c_{t-1} + i_t \odot g_t,&\qquad h_t = o_t \odot \tanh(c_t).
 * \end{aligned}$$
 * Shapes: $x$ $(T, B, I)$ (or $(B, T, I)$), state $[h_0, c_0]$ each $(L, B, H)$ (zeros when omitted);
 * `forward(x, state?)` → `[output, [h_n, c_n]]`. State dict: `weight_ih_l{l}` $(4H, I_l)$,
 * `weight_hh_l{l}` $(4H, H)$, `bias_ih_l{l}`, `bias_hh_l{l}` $(4H)$.
 *
 * The constant-error carousel: $\partial c_t / \partial c_{t-1} = \operatorname{diag}(f_t)$ along the
 * cell path, so $\bar c$ flows back multiplied by forget gates, not by $W_{hh}$ and $\tanh'$
 * (docs). Cost $O(L\,T\,B\,4H(I+H))$. Init $\mathcal U(\pm 1/\sqrt H)$.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import type { Tf } from '@fpml/core/tf';
import { Tensor } from '@fpml/level1-math';
import type { TfTensor, Variable } from '../nn/tf-module.js';
import { checkBool } from '../nn/rng.js';
import { pairOrNull, type LayerParams, type RecurrentOptions } from './common.js';
import { RecurrentBase } from './sequence.js';
import { tfLstmSequence } from './tf-lstm-fused.js';
import { TfRecurrentBase, unstack0 } from './tf-sequence.js';

/**
 * One LSTM step, float64. `xp` $(B, 4H)$ $= x W_{ih}^\top + b_{ih}$; `h`, `c` $(B, H)$ → $[h', c']$. $O(B H^2)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function lstmStep(xp: Tensor, h: Tensor, c: Tensor, whh: Tensor, bhh: Tensor | null): [Tensor, Tensor] {
  const [B, H] = h.shape as [number, number];
  let a = xp.add(h.matmul(whh.transpose())); // (B, 4H) all gates' pre-activations
  if (bhh) a = a.add(bhh); // (B, 4H)
  const gate = (k: number) => a.slice([0, k * H], [B, H]); // (B, H) block k of (i, f, g, o)
  const i = gate(0).sigmoid(); // (B, H) input gate
  const f = gate(1).sigmoid(); // (B, H) forget gate
  const g = gate(2).tanh(); // (B, H) candidate
  const o = gate(3).sigmoid(); // (B, H) output gate
  const c2 = f.mul(c).add(i.mul(g)); // (B, H) new cell
  return [o.mul(c2.tanh()), c2]; // (B, H), (B, H)
}

/**
 * One LSTM step, tfjs; `xp` $(B, 4H)$ already holds both biases. 12 ops on whole blocks.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function tfLstmStep(tf: Tf, xp: TfTensor, h: TfTensor, c: TfTensor, whh: TfTensor): [TfTensor, TfTensor] {
  const a = tf.add(xp, tf.matMul(h, whh, false, true)); // (B, 4H)
  const [ai, af, ag, ao] = tf.split(a, 4, 1); // (B, H) each
  const c2 = tf.add(tf.mul(tf.sigmoid(af!), c), tf.mul(tf.sigmoid(ai!), tf.tanh(ag!))); // (B, H) = f c + i g
  return [tf.mul(tf.sigmoid(ao!), tf.tanh(c2)), c2]; // (B, H) = o tanh(c'), (B, H)
}

/**
 * Multi-layer LSTM, float64 reference. `forward(x, [h0, c0]?)` → `[output, [h_n, c_n]]`.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class LSTM extends RecurrentBase<[x: Tensor, state?: [Tensor, Tensor] | null], [Tensor, [Tensor, Tensor]]> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions) {
    super('LSTM', inputSize, hiddenSize, options, 4);
  }

  protected step(xp: Tensor, [h, c]: Tensor[], p: LayerParams<Tensor>): Tensor[] {
    return lstmStep(xp, h!, c!, p.whh, p.bhh);
  }

  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const s = pairOrNull(this.name, state, (v): v is Tensor => v instanceof Tensor);
    this.checkInputs(x, s ?? [], ['h0', 'c0']);
    const { output, finals } = this.run(x, s, 2);
    return [output, [finals[0]!, finals[1]!]]; // (T, B, H), [(L, B, H), (L, B, H)]
  }
}

/** Options of {@link TfLSTM}. */
export interface TfLSTMOptions extends RecurrentOptions {
  /**
   * Run each layer as one op with a hand-written backward pass ({@link tfLstmSequence}: 7
   * kernels per step backward instead of ~50); `false` lets tfjs differentiate the step ops.
   * Both give the same values and gradients to float32 rounding. @default true
   */
  fused?: boolean;
}

/**
 * tfjs twin of {@link LSTM}; both biases folded into the all-steps projection. By default each
 * layer is one op with a hand-written backward ({@link tfLstmSequence}).
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class TfLSTM extends TfRecurrentBase<[x: TfTensor, state?: [TfTensor, TfTensor] | null], [TfTensor, [TfTensor, TfTensor]]> {
  readonly fused: boolean;

  constructor(tf: Tf, inputSize: number, hiddenSize: number, options: TfLSTMOptions) {
    const fused = checkBool('TfLSTM', 'fused', options?.fused ?? true); // before any variable exists
    super(tf, 'TfLSTM', inputSize, hiddenSize, options, 4);
    this.fused = fused;
  }

  protected biases(p: LayerParams<Variable>): { input: TfTensor | null; step: null } {
    return { input: p.bih && p.bhh ? this.tf.add(p.bih, p.bhh) : null, step: null }; // (4H,)
  }

  protected step(xp: TfTensor, [h, c]: TfTensor[], p: LayerParams<Variable>): TfTensor[] {
    return tfLstmStep(this.tf, xp, h!, c!, p.whh);
  }

  forward(x: TfTensor, state: [TfTensor, TfTensor] | null = null): [TfTensor, [TfTensor, TfTensor]] {
    const tf = this.tf;
    const s = pairOrNull(this.name, state, (v): v is TfTensor => v instanceof tf.Tensor);
    const { T, B } = this.checkInputs(x, s ?? [], ['h0', 'c0']);
    if (!this.fused) {
      const { output, finals } = this.run(x, s, 2);
      return [output, [finals[0]!, finals[1]!]]; // (T, B, H), [(L, B, H), (L, B, H)]
    }
    const H = this.config.hiddenSize;
    let seq = this.batchFirst ? tf.transpose(x, [1, 0, 2]) : x; // (T, B, I)
    const h0 = s ? unstack0(tf, s[0]) : null; // L × (B, H)
    const c0 = s ? unstack0(tf, s[1]) : null; // L × (B, H)
    const hn: TfTensor[] = [];
    const cn: TfTensor[] = [];
    this.layers.forEach((p, l) => {
      const zero = () => tf.zeros([B, H]);
      const b = p.bih && p.bhh ? tf.add(p.bih, p.bhh) : tf.zeros([4 * H]); // (4H,)
      const y = tfLstmSequence(tf, seq, h0 ? h0[l]! : zero(), c0 ? c0[l]! : zero(), p.wih, p.whh, b); // (T+1, B, H)
      seq = tf.slice(y, [0, 0, 0], [T, B, H]); // (T, B, H) outputs
      hn.push(tf.squeeze(tf.slice(y, [T - 1, 0, 0], [1, B, H]), [0])); // (B, H) = h_T
      cn.push(tf.squeeze(tf.slice(y, [T, 0, 0], [1, B, H]), [0])); // (B, H) = c_T
    });
    const output = this.batchFirst ? tf.transpose(seq, [1, 0, 2]) : seq; // (B, T, H) or (T, B, H)
    return [output, [tf.stack(hn), tf.stack(cn)]]; // [(L, B, H), (L, B, H)]
  }
}
