/**
 * Single-step cells, float64 reference: PyTorch's `nn.RNNCell`, `nn.GRUCell`, `nn.LSTMCell`.
 * One step of the equations of {@link RNN}, {@link GRU}, {@link LSTM} (the same step functions),
 * for loops written by hand (e.g. feeding a sample back in). Input $x$ $(B, I)$, state $(B, H)$
 * (zeros when omitted). State dict: `weight_ih` $(GH, I)$, `weight_hh` $(GH, H)$, `bias_ih`,
 * `bias_hh` $(GH)$; init $\mathcal U(\pm 1/\sqrt H)$. Cost $O(B\,GH(I+H))$ per call.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor, zeros } from '@fpml/level1-math';
import { Module } from '../nn/module.js';
import { checkCellInput, checkNonlinearity, checkRecurrentConfig, checkStateShape, initRecurrent, pairOrNull, type CellOptions, type LayerParams, type RecurrentConfig, type RNNCellOptions, type RnnNonlinearity } from './common.js';
import { gruStep } from './gru.js';
import { lstmStep } from './lstm.js';
import { rnnStep } from './rnn.js';

/**
 * Base of the float64 cells: parameters and checks.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export abstract class CellBase<In extends unknown[], Out> extends Module<In, Out> {
  readonly config: RecurrentConfig;
  protected readonly p: LayerParams<Tensor>;

  constructor(owner: string, inputSize: number, hiddenSize: number, options: CellOptions, gates: number) {
    super();
    this.config = checkRecurrentConfig(owner, inputSize, hiddenSize, options, gates, true);
    const init = new Map(initRecurrent(owner, this.config, options.rng, true));
    const reg = (k: string) => {
      const e = init.get(k);
      return e ? this.registerParameter(k, tensor(e.data, e.shape)) : null;
    };
    const wih = reg('weight_ih')!;
    const whh = reg('weight_hh')!;
    this.p = { wih, whh, bih: reg('bias_ih'), bhh: reg('bias_hh') };
  }

  get inputSize(): number { return this.config.inputSize; }
  get hiddenSize(): number { return this.config.hiddenSize; }

  /** Check `x` $(B, I)$ and the states (each $(B, H)$ or null); returns $x W_{ih}^\top + b_{ih}$ $(B, GH)$ and $B$. */
  protected project(x: unknown, states: (unknown | null)[], names: readonly string[]): { xp: Tensor; B: number } {
    if (!(x instanceof Tensor)) throw new ShapeError(`${this.name}.forward: x must be a Tensor, got ${describeValue(x)}`);
    const B = checkCellInput(this.name, x.shape, this.config);
    states.forEach((s, i) => {
      if (s === null) return;
      if (!(s instanceof Tensor)) throw new ShapeError(`${this.name}.forward: ${names[i]} must be a Tensor, got ${describeValue(s)}`);
      checkStateShape(this.name, names[i]!, s.shape, [B, this.config.hiddenSize]);
    });
    const xp = x.matmul(this.p.wih.transpose()); // (B, G·H)
    return { xp: this.p.bih ? xp.add(this.p.bih) : xp, B };
  }
}

/**
 * Elman cell: $h' = \phi(x W_{ih}^\top + b_{ih} + h W_{hh}^\top + b_{hh})$. `forward(x, h?)` → $h'$ $(B, H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class RNNCell extends CellBase<[x: Tensor, h?: Tensor | null], Tensor> {
  readonly nonlinearity: RnnNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions) {
    const nl = checkNonlinearity('RNNCell', options?.nonlinearity ?? 'tanh');
    super('RNNCell', inputSize, hiddenSize, options, 1);
    this.nonlinearity = nl;
  }

  forward(x: Tensor, h: Tensor | null = null): Tensor {
    const { xp, B } = this.project(x, [h], ['h']);
    return rnnStep(xp, h ?? zeros([B, this.config.hiddenSize]), this.p.whh, this.p.bhh, this.nonlinearity); // (B, H)
  }
}

/**
 * GRU cell (gates $(r, z, n)$ as {@link GRU}). `forward(x, h?)` → $h'$ $(B, H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class GRUCell extends CellBase<[x: Tensor, h?: Tensor | null], Tensor> {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions) {
    super('GRUCell', inputSize, hiddenSize, options, 3);
  }

  forward(x: Tensor, h: Tensor | null = null): Tensor {
    const { xp, B } = this.project(x, [h], ['h']);
    return gruStep(xp, h ?? zeros([B, this.config.hiddenSize]), this.p.whh, this.p.bhh); // (B, H)
  }
}

/**
 * LSTM cell (gates $(i, f, g, o)$ as {@link LSTM}). `forward(x, [h, c]?)` → $[h', c']$, each $(B, H)$.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export class LSTMCell extends CellBase<[x: Tensor, state?: [Tensor, Tensor] | null], [Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions) {
    super('LSTMCell', inputSize, hiddenSize, options, 4);
  }

  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const s = pairOrNull(this.name, state, (v): v is Tensor => v instanceof Tensor);
    const { xp, B } = this.project(x, s ?? [], ['h', 'c']);
    const [h, c] = s ?? [zeros([B, this.config.hiddenSize]), zeros([B, this.config.hiddenSize])];
    return lstmStep(xp, h, c, this.p.whh, this.p.bhh); // (B, H), (B, H)
  }
}
