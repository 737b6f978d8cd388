/**
 * `RNN` (float64 reference) and `TfRNN` (tfjs twin): PyTorch's `nn.RNN`, the Elman network
 * $$h_t = \phi\big(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh}\big),\qquad \phi \in \{\tanh, \mathrm{relu}\},$$
 * stacked over `numLayers` layers. Shapes: $x$ $(T, B, I)$ (or $(B, T, I)$ with `batchFirst`),
 * $h_0$ $(L, B, H)$ (zeros when omitted); `forward(x, h0?)` returns `[output, h_n]` with output
 * $(T, B, H)$ (or $(B, T, H)$), the top layer's $h_{1..T}$, and $h_n$ $(L, B, H)$.
 * State dict: `weight_ih_l{l}` $(H, I_l)$, `weight_hh_l{l}` $(H, H)$, `bias_ih_l{l}`, `bias_hh_l{l}` $(H)$.
 *
 * Backward (through time): with $a_t$ the pre-activation and $\delta_t = \bar h_t \odot \phi'(a_t)$,
 * $\bar h_{t-1} \mathrel{+}= \delta_t W_{hh}$, $\bar W_{hh} = \sum_t \delta_t^\top h_{t-1}$,
 * $\bar W_{ih} = \sum_t \delta_t^\top x_t$, $\bar x_t = \delta_t W_{ih}$ (level1's autodiff does it).
 * Cost $O(L\,T\,B\,H(I+H))$. Init $\mathcal U(\pm 1/\sqrt H)$.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import type { Tf } from '@fpml/core/tf';
import type { Tensor } from '@fpml/level1-math';
import type { TfTensor, Variable } from '../nn/tf-module.js';
import { checkNonlinearity, type LayerParams, type RNNOptions, type RnnNonlinearity } from './common.js';
import { RecurrentBase } from './sequence.js';
import { TfRecurrentBase } from './tf-sequence.js';

/**
 * One Elman step, float64: $h' = \phi(P + h W_{hh}^\top + b_{hh})$ where $P = x W_{ih}^\top + b_{ih}$
 * is precomputed, $(B, H)$. $O(B H^2)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function rnnStep(xp: Tensor, h: Tensor, whh: Tensor, bhh: Tensor | null, nl: RnnNonlinearity): Tensor {
  let a = xp.add(h.matmul(whh.transpose())); // (B, H) pre-activation
  if (bhh) a = a.add(bhh); // (B, H)
  return nl === 'tanh' ? a.tanh() : a.relu(); // (B, H)
}

/**
 * One Elman step, tfjs: as {@link rnnStep}; pass `bhh = null` when $b_{hh}$ is already in `xp`.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export function tfRnnStep(tf: Tf, xp: TfTensor, h: TfTensor, whh: TfTensor, bhh: TfTensor | null, nl: RnnNonlinearity): TfTensor {
  let a = tf.add(xp, tf.matMul(h, whh, false, true)); // (B, H)
  if (bhh) a = tf.add(a, bhh); // (B, H)
  return nl === 'tanh' ? tf.tanh(a) : tf.relu(a); // (B, H)
}

/**
 * Multi-layer Elman RNN, float64 reference. `forward(x, h0?)` → `[output, h_n]`.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class RNN extends RecurrentBase<[x: Tensor, h0?: Tensor | null], [Tensor, Tensor]> {
  readonly nonlinearity: RnnNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions) {
    const nl = checkNonlinearity('RNN', options?.nonlinearity ?? 'tanh');
    super('RNN', inputSize, hiddenSize, options, 1);
    this.nonlinearity = nl;
  }

  protected step(xp: Tensor, [h]: Tensor[], p: LayerParams<Tensor>): Tensor[] {
    return [rnnStep(xp, h!, p.whh, p.bhh, this.nonlinearity)];
  }

  forward(x: Tensor, h0: Tensor | null = null): [Tensor, Tensor] {
    this.checkInputs(x, [h0], ['h0']);
    const { output, finals } = this.run(x, h0 ? [h0] : null, 1);
    return [output, finals[0]!]; // (T, B, H), (L, B, H)
  }
}

/**
 * tfjs twin of {@link RNN} (same options, names and initial weights for the same seed).
 * Both biases are folded into the all-steps projection, so a step is a matmul, an add and $\phi$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class TfRNN extends TfRecurrentBase<[x: TfTensor, h0?: TfTensor | null], [TfTensor, TfTensor]> {
  readonly nonlinearity: RnnNonlinearity;

  constructor(tf: Tf, inputSize: number, hiddenSize: number, options: RNNOptions) {
    const nl = checkNonlinearity('TfRNN', options?.nonlinearity ?? 'tanh'); // before any variable exists
    super(tf, 'TfRNN', inputSize, hiddenSize, options, 1);
    this.nonlinearity = nl;
  }

  protected biases(p: LayerParams<Variable>): { input: TfTensor | null; step: null } {
    return { input: p.bih && p.bhh ? this.tf.add(p.bih, p.bhh) : null, step: null }; // (H,) = b_ih + b_hh
  }

  protected step(xp: TfTensor, [h]: TfTensor[], p: LayerParams<Variable>): TfTensor[] {
    return [tfRnnStep(this.tf, xp, h!, p.whh, null, this.nonlinearity)];
  }

  forward(x: TfTensor, h0: TfTensor | null = null): [TfTensor, TfTensor] {
    this.checkInputs(x, [h0], ['h0']);
    const { output, finals } = this.run(x, h0 ? [h0] : null, 1);
    return [output, finals[0]!]; // (T, B, H), (L, B, H)
  }
}
