/**
 * Single-step cells, tfjs twins of {@link RNNCell}, {@link GRUCell}, {@link LSTMCell} (same
 * options, names and initial weights for the same seed); call inside `tf.tidy`. Each call is
 * one input matmul, one recurrent matmul and the step's element-wise ops. Cost $O(B\,GH(I+H))$.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { checkCellInput, checkNonlinearity, checkRecurrentConfig, checkStateShape, initRecurrent, pairOrNull, type CellOptions, type LayerParams, type RecurrentConfig, type RNNCellOptions, type RnnNonlinearity } from './common.js';
import { tfGruBiases, tfGruStep } from './gru.js';
import { tfLstmStep } from './lstm.js';
import { tfRnnStep } from './rnn.js';

/**
 * Base of the tfjs cells: parameters and checks.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export abstract class TfCellBase<In extends unknown[], Out> extends TfModule<In, Out> {
  readonly config: RecurrentConfig;
  protected readonly p: LayerParams<Variable>;

  constructor(tf: Tf, owner: string, inputSize: number, hiddenSize: number, options: CellOptions, gates: number) {
    super(tf);
    this.config = checkRecurrentConfig(owner, inputSize, hiddenSize, options, gates, true);
    const init = new Map(initRecurrent(owner, this.config, options.rng, true));
    const reg = (k: string) => {
      const e = init.get(k);
      return e ? this.registerParameter(k, e) : null;
    };
    const wih = reg('weight_ih')!;
    const whh = reg('weight_hh')!;
    this.p = { wih, whh, bih: reg('bias_ih'), bhh: reg('bias_hh') };
  }

  get inputSize(): number { return this.config.inputSize; }
  get hiddenSize(): number { return this.config.hiddenSize; }

  /** Check `x` and the states; returns $x W_{ih}^\top$ $(B, GH)$ (no bias) and $B$. */
  protected project(x: unknown, states: (unknown | null)[], names: readonly string[]): { xw: TfTensor; B: number } {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`${this.name}.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const B = checkCellInput(this.name, x.shape, this.config);
    states.forEach((s, i) => {
      if (s === null) return;
      if (!(s instanceof tf.Tensor)) throw new ShapeError(`${this.name}.forward: ${names[i]} must be a tf.Tensor, got ${describeValue(s)}`);
      checkStateShape(this.name, names[i]!, s.shape, [B, this.config.hiddenSize]);
    });
    return { xw: tf.matMul(x, this.p.wih, false, true), B }; // (B, G·H)
  }

  /** $x W_{ih}^\top + b_{ih} + b_{hh}$ (RNN, LSTM: both biases fold). */
  protected withBiases(xw: TfTensor): TfTensor {
    const { bih, bhh } = this.p;
    return bih && bhh ? this.tf.add(xw, this.tf.add(bih, bhh)) : xw; // (B, G·H)
  }
}

/**
 * tfjs twin of {@link RNNCell}. `forward(x, h?)` → $h'$ $(B, H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class TfRNNCell extends TfCellBase<[x: TfTensor, h?: TfTensor | null], TfTensor> {
  readonly nonlinearity: RnnNonlinearity;

  constructor(tf: Tf, inputSize: number, hiddenSize: number, options: RNNCellOptions) {
    const nl = checkNonlinearity('TfRNNCell', options?.nonlinearity ?? 'tanh');
    super(tf, 'TfRNNCell', inputSize, hiddenSize, options, 1);
    this.nonlinearity = nl;
  }

  forward(x: TfTensor, h: TfTensor | null = null): TfTensor {
    const { xw, B } = this.project(x, [h], ['h']);
    return tfRnnStep(this.tf, this.withBiases(xw), h ?? this.tf.zeros([B, this.config.hiddenSize]), this.p.whh, null, this.nonlinearity); // (B, H)
  }
}

/**
 * tfjs twin of {@link GRUCell}. `forward(x, h?)` → $h'$ $(B, H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class TfGRUCell extends TfCellBase<[x: TfTensor, h?: TfTensor | null], TfTensor> {
  constructor(tf: Tf, inputSize: number, hiddenSize: number, options: CellOptions) {
    super(tf, 'TfGRUCell', inputSize, hiddenSize, options, 3);
  }

  forward(x: TfTensor, h: TfTensor | null = null): TfTensor {
    const tf = this.tf;
    const { xw, B } = this.project(x, [h], ['h']);
    const b = tfGruBiases(tf, this.p.bih, this.p.bhh);
    const xp = b.input ? tf.add(xw, b.input) : xw; // (B, 3H)
    return tfGruStep(tf, xp, h ?? tf.zeros([B, this.config.hiddenSize]), this.p.whh, b.step); // (B, H)
  }
}

/**
 * tfjs twin of {@link LSTMCell}. `forward(x, [h, c]?)` → $[h', c']$, each $(B, H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class TfLSTMCell extends TfCellBase<[x: TfTensor, state?: [TfTensor, TfTensor] | null], [TfTensor, TfTensor]> {
  constructor(tf: Tf, inputSize: number, hiddenSize: number, options: CellOptions) {
    super(tf, 'TfLSTMCell', inputSize, hiddenSize, options, 4);
  }

  forward(x: TfTensor, state: [TfTensor, TfTensor] | null = null): [TfTensor, TfTensor] {
    const tf = this.tf;
    const s = pairOrNull(this.name, state, (v): v is TfTensor => v instanceof tf.Tensor);
    const { xw, B } = this.project(x, s ?? [], ['h', 'c']);
    const [h, c] = s ?? [tf.zeros([B, this.config.hiddenSize]), tf.zeros([B, this.config.hiddenSize])];
    return tfLstmStep(tf, this.withBiases(xw), h, c, this.p.whh); // (B, H), (B, H)
  }
}
