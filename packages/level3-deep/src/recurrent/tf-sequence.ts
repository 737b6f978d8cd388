/**
 * The tfjs driver shared by {@link TfRNN}, {@link TfGRU} and {@link TfLSTM}: the twin of
 * {@link RecurrentBase}, written with tf ops (not `tf.layers`) so that it runs inside the
 * caller's `tf.tidy` / `variableGrads` and keeps its op count low:
 *
 * - per layer, **one** matmul projects the inputs of all $T$ steps,
 *   $P = X W_{ih}^\top + (b_{ih} + \text{foldable part of } b_{hh})$, $(TB, GH)$, and one
 *   `unstack` cuts it into steps;
 * - per step, **one** $(B,H)\times(H,GH)$ matmul for the recurrent part and a handful of
 *   element-wise ops on whole $(B, \cdot)$ blocks (no per-element JavaScript);
 * - one `stack` per layer gathers the outputs.
 *
 * The tape (tfjs's `variableGrads`) then holds $O(L\,T)$ small ops. Cost as the reference:
 * $O(L\,T\,B\,G\,H(I+H))$ flops.
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { checkRecurrentConfig, checkSequence, checkStateShape, initRecurrent, type LayerParams, type RecurrentConfig, type RecurrentOptions } from './common.js';

/**
 * `tf.unstack(t)` along axis 0, except that a length-1 axis is a reshape: tfjs 4.22's `Unpack`
 * gradient fails when the op has a single output (it receives one tensor, not a list).
 */
export function unstack0(tf: Tf, t: TfTensor): TfTensor[] {
  return t.shape[0] === 1 ? [t.reshape(t.shape.slice(1))] : tf.unstack(t);
}

/**
 * Base class of the tfjs multi-layer recurrent twins.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export abstract class TfRecurrentBase<In extends unknown[], Out> extends TfModule<In, Out> {
  readonly config: RecurrentConfig;
  protected readonly layers: LayerParams<Variable>[] = [];

  constructor(tf: Tf, owner: string, inputSize: number, hiddenSize: number, options: RecurrentOptions, gates: number) {
    super(tf);
    this.config = checkRecurrentConfig(owner, inputSize, hiddenSize, options, gates);
    const init = new Map(initRecurrent(owner, this.config, options.rng));
    for (let l = 0; l < this.config.numLayers; l++) {
      const reg = (k: string) => {
        const e = init.get(`${k}_l${l}`);
        return e ? this.registerParameter(`${k}_l${l}`, e) : null;
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

  /**
   * Biases of one layer, computed once per forward: `input` $(GH)$ is added to the all-steps
   * projection, `step` is handed to every {@link TfRecurrentBase.step} (either may be null).
   */
  protected abstract biases(p: LayerParams<Variable>): { input: TfTensor | null; step: TfTensor | null };

  /** One step: `xp` $(B, GH)$ is the step's slice of the projection; `state` $[h]$ or $[h, c]$, each $(B, H)$. */
  protected abstract step(xp: TfTensor, state: TfTensor[], p: LayerParams<Variable>, stepBias: TfTensor | null): TfTensor[];

  protected checkInputs(x: unknown, init: (unknown | null)[], names: readonly string[]): { T: number; B: number } {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`${this.name}.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const { T, B } = checkSequence(this.name, x.shape, this.config);
    init.forEach((s, i) => {
      if (s === null) return;
      if (!(s instanceof tf.Tensor)) throw new ShapeError(`${this.name}.forward: ${names[i]} must be a tf.Tensor, got ${describeValue(s)}`);
      checkStateShape(this.name, names[i]!, s.shape, [this.config.numLayers, B, this.config.hiddenSize]);
    });
    return { T, B };
  }

  /** As {@link RecurrentBase.run}; call inside `tf.tidy`. */
  protected run(x: TfTensor, init: TfTensor[] | null, nState: number): { output: TfTensor; finals: TfTensor[] } {
    const tf = this.tf;
    const { hiddenSize: H, gates: G, batchFirst } = this.config;
    let seq = batchFirst ? tf.transpose(x, [1, 0, 2]) : x; // (T, B, I)
    const T = seq.shape[0]!;
    const B = seq.shape[1]!;
    const init0 = init ? init.map((s) => unstack0(tf, s)) : null; // [state kind][layer] (B, H)
    const last: TfTensor[][] = Array.from({ length: nState }, () => []);
    this.layers.forEach((p, l) => {
      let xp = tf.matMul(seq.reshape([T * B, seq.shape[2]!]), p.wih, false, true); // (T·B, G·H), all steps at once
      const b = this.biases(p);
      if (b.input) xp = tf.add(xp, b.input); // (T·B, G·H)
      const steps = unstack0(tf, xp.reshape([T, B, G * H])); // T × (B, G·H)
      let state = init0 ? init0.map((s) => s[l]!) : Array.from({ length: nState }, () => tf.zeros([B, H])); // each (B, H)
      const hs: TfTensor[] = [];
      for (let t = 0; t < T; t++) {
        state = this.step(steps[t]!, state, p, b.step); // each (B, H)
        hs.push(state[0]!);
      }
      seq = tf.stack(hs); // (T, B, H)
      state.forEach((s, k) => last[k]!.push(s));
    });
    const output = batchFirst ? tf.transpose(seq, [1, 0, 2]) : seq; // (B, T, H) or (T, B, H)
    return { output, finals: last.map((ss) => tf.stack(ss)) }; // each (L, B, H)
  }
}
