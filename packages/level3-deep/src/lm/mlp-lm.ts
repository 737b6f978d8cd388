/**
 * `MlpLm` (float64 reference) and `TfMlpLm` (tfjs twin): the Bengio et al. (2003) neural
 * probabilistic language model, the second rung of the ladder (as in Karpathy's makemore, without
 * Bengio's direct input-to-output connections). The next character after position $t$ is
 * predicted from the embeddings of the last $n$ characters $x_{t-n+1}, \dots, x_t$:
 * $$e_t = [E_{x_{t-n+1}}; \dots; E_{x_t}] \in \mathbb R^{nd},\qquad
 *   h_t = \tanh(W_1 e_t + b_1),\qquad z_t = W_2 h_t + b_2 \in \mathbb R^{V}.$$
 * Positions before the start of the window ($t - n + 1 + j < 0$) contribute a zero vector
 * (the model sees only its window, as every model of the ladder does).
 *
 * State dict: `embedding` $E$ (V, d) $\sim \mathcal N(0, 1)$ (PyTorch's `nn.Embedding` init),
 * `hidden.weight` (h, nd), `hidden.bias`, `out.weight` (V, h), `out.bias` (PyTorch's Linear
 * init), drawn in that order. The lookup is inline (a gather from $[0; E]$, the zero row being
 * the padding), not a separate Embedding layer.
 *
 * Backward (level1's gather/matmul/tanh do it): $\bar z = $ upstream, $\bar h = \bar z W_2$,
 * $\bar a = \bar h \odot (1 - h^2)$, $\bar e = \bar a W_1$, $\bar E_v = \sum_{(t,j):\,x_{t-n+1+j} = v} \bar e_{t,j}$
 * (scatter-add of the gathered rows). Cost per token $O(n d h + h V)$; $Vd + (nd+1)h + (h+1)V$ parameters.
 *
 * @see ../../../../docs/level3-deep/language-models.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, concat, noGrad, tensor, zeros } from '@fpml/level1-math';
import { Linear, TfLinear } from '../layers/linear.js';
import { normal } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import type { NextTokenModel } from './evaluate.js';

/** Sizes of {@link MlpLm} / {@link TfMlpLm}. */
export interface MlpLmConfig {
  /** $V$, number of symbols (83 for Moby-Dick). */
  vocabSize: number;
  /** $n$, previous characters seen (Bengio's order minus one). @default 8 */
  context?: number;
  /** $d$, embedding width. @default 16 */
  embedDim?: number;
  /** $h$, hidden units. @default 256 */
  hidden?: number;
  /** Source of the initial weights. Required. */
  rng: RngLike;
}

function initMlpLm(owner: string, cfg: MlpLmConfig) {
  const V = checkPositiveInt(owner, 'vocabSize', cfg?.vocabSize);
  const n = checkPositiveInt(owner, 'context', cfg.context ?? 8);
  const d = checkPositiveInt(owner, 'embedDim', cfg.embedDim ?? 16);
  const h = checkPositiveInt(owner, 'hidden', cfg.hidden ?? 256);
  const rng = toRng(cfg.rng, owner);
  const embedding = normal([V, d], rng); // (V, d), drawn first
  return { V, n, d, h, rng, embedding };
}

/**
 * Row $(b, t)$, slot $j$ of the context: index into $[0; E]$ (0 = padding before the window,
 * $1 + x_{b, t-n+1+j}$ otherwise). (B·T·n) ids.
 */
function contextIndex(owner: string, ids: ArrayLike<number>, B: number, T: number, n: number, V: number): Int32Array {
  const idx = new Int32Array(B * T * n); // (B, T, n)
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < n; j++) {
        const s = t - n + 1 + j;
        if (s < 0) continue;
        const v = ids[b * T + s]!;
        if (!Number.isInteger(v) || v < 0 || v >= V) throw new InvalidInputError(`${owner}: x[${b}, ${s}] = ${v} is not a token id in [0, ${V})`);
        idx[(b * T + t) * n + j] = v + 1;
      }
    }
  }
  return idx;
}

/**
 * Bengio-style MLP language model, float64 reference. `forward(x)`: token ids (B, T) as a
 * Tensor of integers → logits (B, T, V). Also a {@link NextTokenModel}.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export class MlpLm extends Module implements NextTokenModel {
  readonly embedding: Tensor; // (V, d)
  readonly hidden: Linear; // (nd) -> (h)
  readonly out: Linear; // (h) -> (V)
  readonly vocabSize: number;
  readonly context: number;
  readonly embedDim: number;
  readonly maxContext = Infinity;

  /** $n$: the prediction depends on the last $n$ tokens. */
  get receptiveField(): number {
    return this.context;
  }

  constructor(config: MlpLmConfig) {
    super();
    const { V, n, d, h, rng, embedding } = initMlpLm('MlpLm', config);
    this.vocabSize = V;
    this.context = n;
    this.embedDim = d;
    this.embedding = this.registerParameter('embedding', tensor(embedding.data, embedding.shape));
    this.hidden = this.registerModule('hidden', new Linear(n * d, h, { rng }));
    this.out = this.registerModule('out', new Linear(h, V, { rng }));
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || x.rank !== 2) throw new ShapeError(`MlpLm.forward: x must be a (B, T) Tensor of token ids, got ${x instanceof Tensor ? `shape [${x.shape.join(', ')}]` : describeValue(x)}`);
    const [B, T] = x.shape as [number, number];
    const { vocabSize: V, context: n, embedDim: d } = this;
    const idx = contextIndex('MlpLm.forward', x.data, B, T, n, V); // (B T n)
    const table = concat([zeros([1, d]), this.embedding], 0); // (V + 1, d), row 0 = padding
    const e = table.gather(idx, 0).reshape([B * T, n * d]); // (B T, n d)
    const hid = this.hidden.forward(e).tanh(); // (B T, h)
    return this.out.forward(hid).reshape([B, T, V]); // (B, T, V)
  }

  /** {@link NextTokenModel.logits}: the forward pass without a graph, (B, T, V) float64. */
  logits(x: Int32Array, batchSize: number, context: number): Float64Array {
    if (!(x instanceof Int32Array) || x.length !== batchSize * context) throw new ShapeError(`MlpLm.logits: x must be an Int32Array of batchSize × context = ${batchSize * context} ids, got ${describeValue(x)}`);
    return noGrad(() => this.forward(new Tensor(Float64Array.from(x), [batchSize, context]))).data;
  }
}

/**
 * tfjs twin of {@link MlpLm} (same config, names and initial weights for the same seed).
 * `forward(x)`: int32 ids (B, T) → logits (B, T, V); call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export class TfMlpLm extends TfModule implements NextTokenModel {
  readonly embedding: Variable; // (V, d)
  readonly hidden: TfLinear;
  readonly out: TfLinear;
  readonly vocabSize: number;
  readonly context: number;
  readonly embedDim: number;
  readonly maxContext = Infinity;

  /** $n$: the prediction depends on the last $n$ tokens. */
  get receptiveField(): number {
    return this.context;
  }

  constructor(tf: Tf, config: MlpLmConfig) {
    super(tf);
    const { V, n, d, h, rng, embedding } = initMlpLm('TfMlpLm', config);
    this.vocabSize = V;
    this.context = n;
    this.embedDim = d;
    this.embedding = this.registerParameter('embedding', embedding);
    this.hidden = this.registerModule('hidden', new TfLinear(tf, n * d, h, { rng }));
    this.out = this.registerModule('out', new TfLinear(tf, h, V, { rng }));
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.dtype !== 'int32') throw new ShapeError(`TfMlpLm.forward: x must be an int32 (B, T) tf.Tensor of token ids, got ${x instanceof tf.Tensor ? `${x.dtype} shape [${x.shape.join(', ')}]` : describeValue(x)}`);
    const [B, T] = x.shape as [number, number];
    const { vocabSize: V, context: n, embedDim: d } = this;
    const table = tf.concat([tf.zeros([1, d]), this.embedding], 0); // (V + 1, d), row 0 = padding
    const padded = tf.pad(tf.add(x, tf.scalar(1, 'int32')), [[0, 0], [n - 1, 0]]); // (B, T + n - 1), 0 = before the window
    const slots = Array.from({ length: n }, (_, j) => tf.slice(padded, [0, j], [B, T])); // n × (B, T)
    const e = tf.reshape(tf.gather(table, tf.stack(slots, 2)), [B * T, n * d]); // (B T, n d)
    const hid = tf.tanh(this.hidden.forward(e)); // (B T, h)
    return tf.reshape(this.out.forward(hid), [B, T, V]); // (B, T, V)
  }

  /** {@link NextTokenModel.logits}: forward in a tidy, read back synchronously, (B, T, V) float32. */
  logits(x: Int32Array, batchSize: number, context: number): Float32Array {
    const tf = this.tf;
    if (!(x instanceof Int32Array) || x.length !== batchSize * context) throw new ShapeError(`TfMlpLm.logits: x must be an Int32Array of batchSize × context = ${batchSize * context} ids, got ${describeValue(x)}`);
    for (let i = 0; i < x.length; i++) if (x[i]! < 0 || x[i]! >= this.vocabSize) throw new InvalidInputError(`TfMlpLm.logits: x[${i}] = ${x[i]} is not a token id in [0, ${this.vocabSize})`);
    const z = tf.tidy(() => this.forward(tf.tensor2d(x, [batchSize, context], 'int32'))); // (B, T, V)
    const out = z.dataSync() as Float32Array;
    z.dispose();
    return out;
  }
}
