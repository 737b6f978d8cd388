/**
 * The float64 driver shared by {@link RNN}, {@link GRU} and {@link LSTM}: stacked layers over a
 * sequence, with the input projection of a layer computed for all steps in one product.
 *
 * For layer $l$ with input sequence $x^{(l)}_{1..T}$ ($x^{(0)} = x$, $x^{(l)} = h^{(l-1)}$):
 * $$P^{(l)} = X^{(l)} W_{ih}^{(l)\top} + b_{ih}^{(l)} \in \mathbb R^{TB \times GH}$$
 * (one matmul), then $s^{(l)}_t = \text{cell}(P^{(l)}_t, s^{(l)}_{t-1})$ for $t = 1..T$, one
 * $(B,H)\times(H,GH)$ product per step inside the cell. The output is the top layer's
 * $h_{1..T}$; the final state stacks every layer's $s_T$ into $(L, B, H)$ (PyTorch's $h_n$, $c_n$).
 *
 * Gradients: level1's autodiff differentiates the unrolled graph, which is backpropagation
 * through time (derivation in the docs). Cost $O(L\,T\,B\,G\,H(I + H))$ forward, about twice that
 * backward; memory $O(L\,T\,B\,G\,H)$ for the recorded graph.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import { Tensor, concat, tensor, zeros } from '@fpml/level1-math';
import { Module } from '../nn/module.js';
import { checkRecurrentConfig, checkSequence, checkStateShape, initRecurrent, type LayerParams, type RecurrentConfig, type RecurrentOptions } from './common.js';

/** Stack $(B,H)$ tensors into $(n, B, H)$. */
export function stack0(ts: readonly Tensor[]): Tensor {
  return concat(ts.map((t) => t.reshape([1, ...t.shape])), 0); // (n, B, H)
}

/**
 * Base class of the float64 multi-layer recurrent modules. Subclasses give the cell
 * ({@link RecurrentBase.step}) and the `forward` signature.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export abstract class RecurrentBase<In extends unknown[], Out> extends Module<In, Out> {
  /** The checked configuration. */
  readonly config: RecurrentConfig;
  /** Per layer, the registered parameters by role. */
  protected readonly layers: LayerParams<Tensor>[] = [];

  constructor(owner: string, inputSize: number, hiddenSize: number, options: RecurrentOptions, gates: number) {
    super();
    this.config = checkRecurrentConfig(owner, inputSize, hiddenSize, options, gates);
    const init = new Map(initRecurrent(owner, this.config, options.rng));
    for (let l = 0; l < this.config.numLayers; l++) {
      const reg = (k: string) => {
        const e = init.get(`${k}_l${l}`);
        return e ? this.registerParameter(`${k}_l${l}`, tensor(e.data, e.shape)) : null;
      };
      const wih = reg('weight_ih')!;
      const whh = reg('weight_hh')!;
      this.layers.push({ wih, whh, bih: reg('bias_ih'), bhh: reg('bias_hh') });
    }
  }

  get inputSize(): number { return this.config.inputSize; }
  get hiddenSize(): number { return this.config.hiddenSize; }
  get numLayers(): number { return this.config.numLayers; }
  get batchFirst(): boolean { return this.config.batchFirst; }

  /** One step of the cell: `xp` $(B, GH)$ holds $x_t W_{ih}^\top + b_{ih}$; `state` is $[h]$ or $[h, c]$, each $(B, H)$. */
  protected abstract step(xp: Tensor, state: Tensor[], p: LayerParams<Tensor>): Tensor[];

  /** Check `x` and the initial state tensors (each $(L, B, H)$ or absent). */
  protected checkInputs(x: unknown, init: (unknown | null)[], names: readonly string[]): { T: number; B: number } {
    if (!(x instanceof Tensor)) throw new ShapeError(`${this.name}.forward: x must be a Tensor, got ${describeValue(x)}`);
    const { T, B } = checkSequence(this.name, x.shape, this.config);
    init.forEach((s, i) => {
      if (s === null) return;
      if (!(s instanceof Tensor)) throw new ShapeError(`${this.name}.forward: ${names[i]} must be a Tensor, got ${describeValue(s)}`);
      checkStateShape(this.name, names[i]!, s.shape, [this.config.numLayers, B, this.config.hiddenSize]);
    });
    return { T, B };
  }

  /**
   * Run every layer over the sequence. `init` holds the initial state tensors, each $(L, B, H)$
   * (`null`: zeros). Returns the output ($(T, B, H)$, or $(B, T, H)$ with `batchFirst`) and the final
   * state tensors, each $(L, B, H)$.
   */
  protected run(x: Tensor, init: Tensor[] | null, nState: number): { output: Tensor; finals: Tensor[] } {
    const { hiddenSize: H, gates: G, batchFirst } = this.config;
    let seq = batchFirst ? x.transpose([1, 0, 2]) : x; // (T, B, I)
    const T = seq.shape[0]!;
    const B = seq.shape[1]!;
    const last: Tensor[][] = Array.from({ length: nState }, () => []);
    this.layers.forEach((p, l) => {
      let xp = seq.reshape([T * B, seq.shape[2]!]).matmul(p.wih.transpose()); // (T·B, G·H), all steps at once
      if (p.bih) xp = xp.add(p.bih); // (T·B, G·H)
      xp = xp.reshape([T, B, G * H]); // (T, B, G·H)
      let state = init ? init.map((s) => s.index(l, 0)) : Array.from({ length: nState }, () => zeros([B, H])); // each (B, H)
      const hs: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        state = this.step(xp.index(t, 0), state, p); // each (B, H)
        hs.push(state[0]!);
      }
      seq = stack0(hs); // (T, B, H): the next layer's input
      state.forEach((s, k) => last[k]!.push(s));
    });
    const output = batchFirst ? seq.transpose([1, 0, 2]) : seq; // (B, T, H) or (T, B, H)
    return { output, finals: last.map(stack0) }; // each (L, B, H)
  }
}
