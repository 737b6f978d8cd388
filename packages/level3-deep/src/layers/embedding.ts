/**
 * `Embedding` (float64 reference) and `TfEmbedding` (tfjs twin): PyTorch's `nn.Embedding`, a
 * lookup table $W \in \mathbb R^{V \times d}$ read by integer index,
 * $$y_{j,:} = W_{i_j,:}\qquad (\text{indices } i \text{ of any shape}) \to (\dots, d),$$
 * i.e. a gather of rows, equivalently one-hot$(i)\,W$ without forming the one-hot matrix.
 *
 * Backward: the adjoint of a gather is a **scatter-add**, $\bar W_{v,:} = \sum_{j:\,i_j = v}\bar y_{j,:}$
 * (repeated indices accumulate; rows never looked up get 0). With `paddingIdx` $= p$, positions
 * with $i_j = p$ send no gradient, so row $p$ stays as initialised (zeros) under any optimiser
 * without weight decay; the forward still reads it. State dict: `weight` $(V, d)$.
 *
 * Init: PyTorch's, $W_{vk} \sim \mathcal N(0, 1)$ row-major from `rng`, then row $p$ zeroed.
 * Cost: $O(n d)$ forward and backward for $n$ indices (plus $O(Vd)$ for the dense gradient).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor, scatterAdd, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { customOp } from '../nn/functional.js';
import { normal } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import type { StateEntry } from '../nn/state-dict.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';

/** Options of {@link Embedding} and {@link TfEmbedding}. */
export interface EmbeddingOptions {
  /** Source of the initial weights (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
  /** Index whose row is zero at init and gets no gradient (negative counts from the end). @default none */
  paddingIdx?: number | null;
}

function initEmbedding(owner: string, numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions) {
  checkPositiveInt(owner, 'numEmbeddings', numEmbeddings);
  checkPositiveInt(owner, 'embeddingDim', embeddingDim);
  const raw = options?.paddingIdx ?? null;
  if (raw !== null && (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < -numEmbeddings || raw >= numEmbeddings)) {
    throw new InvalidParamError(owner, 'paddingIdx', raw, `an integer in [-${numEmbeddings}, ${numEmbeddings}) or null`);
  }
  const paddingIdx = raw === null ? null : raw < 0 ? raw + numEmbeddings : raw;
  const weight: StateEntry = normal([numEmbeddings, embeddingDim], toRng(options?.rng, owner));
  if (paddingIdx !== null) weight.data.fill(0, paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim);
  return { paddingIdx, weight };
}

function checkIndexValues(owner: string, values: ArrayLike<number>, numEmbeddings: number): Int32Array {
  const idx = new Int32Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (!Number.isInteger(v) || v < 0 || v >= numEmbeddings) {
      throw new InvalidInputError(`${owner}.forward: indices must be integers in [0, ${numEmbeddings}), got ${describeValue(v)} at flat position ${j}`);
    }
    idx[j] = v;
  }
  return idx;
}

/**
 * Lookup table of `numEmbeddings` vectors of size `embeddingDim`, float64 reference.
 * `forward(indices)`: a Tensor of integer values (any shape; an int32 input arrives so) or a
 * 1-D array of indices, to $(\dots, d)$.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class Embedding extends Module {
  readonly weight: Tensor; // (V, d)
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions) {
    super();
    const init = initEmbedding('Embedding', numEmbeddings, embeddingDim, options);
    this.paddingIdx = init.paddingIdx;
    this.weight = this.registerParameter('weight', tensor(init.weight.data, init.weight.shape));
  }

  forward(indices: Tensor | ArrayLike<number>): Tensor {
    const isTensor = indices instanceof Tensor;
    if (!isTensor && !(Array.isArray(indices) || ArrayBuffer.isView(indices))) {
      throw new InvalidInputError(`Embedding.forward: indices must be a Tensor of integers or an array, got ${describeValue(indices)}`);
    }
    const shape = isTensor ? indices.shape.slice() : [indices.length];
    const idx = checkIndexValues('Embedding', isTensor ? indices.data : indices, this.numEmbeddings); // (n,)
    const n = idx.length;
    const d = this.embeddingDim;
    const W = this.weight; // (V, d)
    const data = new Float64Array(n * d); // (n, d)
    for (let j = 0; j < n; j++) data.set(W.data.subarray(idx[j]! * d, idx[j]! * d + d), j * d); // y_j = W[i_j]
    const pad = this.paddingIdx;
    const keep = pad === null ? null : new Tensor(Float64Array.from(idx, (v) => (v === pad ? 0 : 1)), [n, 1]); // (n, 1)
    return customOp('embedding', data, [...shape, d], [W], (g) => {
      const g2 = g.reshape([n, d]); // (n, d)
      const gk = keep ? g2.mul(keep) : g2; // padding positions send no gradient
      return [scatterAdd(gk, idx, 0, this.numEmbeddings)]; // dW[v] = sum over j with i_j = v of dy_j
    });
  }
}

/**
 * tfjs twin of {@link Embedding} (same options, names and initial weights for the same seed).
 * `forward(indices)`: an int32 `tf.Tensor` of any shape to $(\dots, d)$; call inside `tf.tidy`.
 * The indices are read back once (`dataSync`, $O(n)$) to reject out-of-range values, which
 * tfjs's `gather` would otherwise turn into silent zeros or garbage.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class TfEmbedding extends TfModule<[TfTensor]> {
  readonly weight: Variable; // (V, d)
  readonly paddingIdx: number | null;

  constructor(tf: Tf, readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions) {
    super(tf);
    const init = initEmbedding('TfEmbedding', numEmbeddings, embeddingDim, options);
    this.paddingIdx = init.paddingIdx;
    this.weight = this.registerParameter('weight', init.weight);
  }

  forward(indices: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(indices instanceof tf.Tensor)) throw new InvalidInputError(`TfEmbedding.forward: indices must be an int32 tf.Tensor, got ${describeValue(indices)}`);
    if (indices.dtype !== 'int32') throw new ShapeError(`TfEmbedding.forward: indices must have dtype int32, got ${indices.dtype}`);
    checkIndexValues('TfEmbedding', indices.dataSync(), this.numEmbeddings);
    const outShape = [...indices.shape, this.embeddingDim];
    const flat = tf.reshape(indices, [-1]); // (n,)
    const pad = this.paddingIdx;
    if (pad === null) return tf.reshape(tf.gather(this.weight, flat), outShape); // (..., d)
    const keep = tf.expandDims(tf.cast(tf.notEqual(flat, pad), 'float32'), 1); // (n, 1)
    const V = this.numEmbeddings;
    const lookup = tf.customGrad((...args) => {
      const [w, save] = args as [TfTensor, (ts: TfTensor[]) => void];
      save([flat, keep]); // kept for the backward pass (the forward's intermediates are freed)
      return {
        value: tf.gather(w, flat), // (n, d)
        gradFunc: (dy, saved) => tf.unsortedSegmentSum(tf.mul(dy as TfTensor, saved[1]!), saved[0] as Parameters<Tf["unsortedSegmentSum"]>[1], V), // scatter-add, padding positions masked
      };
    });
    return tf.reshape(lookup(this.weight), outShape); // (..., d)
  }
}
