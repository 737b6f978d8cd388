/**
 * `GATConv` (float64 reference) and `TfGATConv` (tfjs twin): graph attention (Veličković et
 * al. 2018, "Graph attention networks", eqs. 1–6), $K$ heads, over $N(i)\cup\{i\}$:
 * $$z_j^k = W^k h_j,\quad e_{ij}^k = \operatorname{LeakyReLU}_{0.2}\big(a_\text{dst}^{k\top} z_i^k + a_\text{src}^{k\top} z_j^k\big),\quad
 *   \alpha_{ij}^k = \frac{\exp e_{ij}^k}{\sum_{l\in N(i)\cup\{i\}}\exp e_{il}^k},\quad
 *   h_i' = \big\Vert_{k=1}^K \sum_{j} \alpha_{ij}^k z_j^k + b$$
 * (heads concatenated, or averaged with `concat: false`). $a^\top[z_i \Vert z_j]$ of the paper is
 * split into $a_\text{dst}$ (the receiving node) and $a_\text{src}$ (the sender), as in PyG.
 *
 * PyG's conventions: state dict `att_src`, `att_dst` $(1, K, F)$, `bias` $(KF)$ or $(F)$,
 * `lin.weight` $(KF, i)$; Glorot init $\mathcal U(\pm\sqrt{6/(\text{fan}_\text{in}+\text{fan}_\text{out})})$
 * with PyG's fans (last two axes: $K$ and $F$ for the attention vectors), zero bias; existing
 * self loops are replaced by one per node; no attention dropout.
 *
 * The reference works edge-wise (gather/scatter-add over the $E + n$ edges, softmax shifted by
 * each row's max, treated as a constant: the softmax is shift-invariant). The twin builds the
 * dense $(K, n, n)$ logits and masks non-edges with $-10^9$ before `tf.softmax`.
 * Cost $O(n\,i\,KF + (E+n)KF)$ (reference), $O(n\,i\,KF + n^2 KF)$ (twin).
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidParamError } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, gather, relu, scatterAdd, tensor } from '@fpml/level1-math';
import { Linear, Module, TfLinear, TfModule, toRng, uniform, xavierUniform, zerosInit, type RngLike, type TfTensor, type Variable } from '@fpml/level3-deep';
import { bool, checkNodeFeatures, positiveInt } from './checks.js';
import { checkGraph, selfLoopEdges, type Graph } from './graph.js';

/** Options of {@link GATConv} and {@link TfGATConv}. */
export interface GATConvOptions {
  /** Number of attention heads $K$. @default 1 */
  heads?: number;
  /** Concatenate the heads ($KF$ outputs) or average them ($F$). @default true */
  concat?: boolean;
  /** Slope of the LeakyReLU for negative logits. @default 0.2 */
  negativeSlope?: number;
  /** Learn an additive bias. @default true */
  bias?: boolean;
  /** Source of the initial weights (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

/** Attention weights of one forward pass: edge $t$ is `src[t]` $\to$ `dst[t]` (self loops included). */
export interface GATAttention {
  src: Int32Array; // (E + n)
  dst: Int32Array; // (E + n)
  /** $\alpha^k_{ij}$ per edge and head; each destination's weights sum to 1 per head. */
  alpha: Float64Array; // (E + n, K) row-major
  heads: number;
}

function init(owner: string, inFeatures: number, outFeatures: number, o: GATConvOptions) {
  positiveInt(owner, 'inFeatures', inFeatures);
  positiveInt(owner, 'outFeatures', outFeatures);
  const heads = positiveInt(owner, 'heads', o?.heads ?? 1);
  const concat = bool(owner, 'concat', o?.concat ?? true);
  const bias = bool(owner, 'bias', o?.bias ?? true);
  const negativeSlope = o?.negativeSlope ?? 0.2;
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope) || negativeSlope < 0) throw new InvalidParamError(owner, 'negativeSlope', negativeSlope, 'a finite number >= 0');
  const rng = toRng(o?.rng, owner);
  const weight = xavierUniform([heads * outFeatures, inFeatures], rng); // (KF, i)
  const a = Math.sqrt(6 / (heads + outFeatures)); // PyG glorot on (1, K, F): fans K and F
  const attSrc = uniform([1, heads, outFeatures], rng, -a, a); // (1, K, F)
  const attDst = uniform([1, heads, outFeatures], rng, -a, a); // (1, K, F)
  return { heads, concat, bias, negativeSlope, weight, attSrc, attDst, outDim: concat ? heads * outFeatures : outFeatures };
}

/**
 * Multi-head graph attention, float64 reference. `forward(x, graph)`: $(n, i) \to (n, KF)$ or
 * $(n, F)$; {@link GATConv.forwardWithAttention} also returns the $\alpha$s.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class GATConv extends Module<[Tensor, Graph], Tensor> {
  readonly att_src: Tensor; // (1, K, F)
  readonly att_dst: Tensor; // (1, K, F)
  readonly bias: Tensor | null; // (KF,) or (F,)
  readonly lin: Linear;
  readonly heads: number;
  readonly concat: boolean;
  readonly negativeSlope: number;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: GATConvOptions) {
    super();
    const c = init('GATConv', inFeatures, outFeatures, options);
    this.heads = c.heads;
    this.concat = c.concat;
    this.negativeSlope = c.negativeSlope;
    this.att_src = this.registerParameter('att_src', tensor(c.attSrc.data, c.attSrc.shape));
    this.att_dst = this.registerParameter('att_dst', tensor(c.attDst.data, c.attDst.shape));
    const b = zerosInit([c.outDim]);
    this.bias = c.bias ? this.registerParameter('bias', tensor(b.data, b.shape)) : null;
    this.lin = this.registerModule('lin', new Linear(inFeatures, c.heads * outFeatures, { bias: false, rng: 0 }).loadStateDict({ weight: c.weight }));
  }

  forward(x: Tensor, graph: Graph): Tensor {
    return this.forwardWithAttention(x, graph).output;
  }

  /** The layer's output and its attention weights $\alpha$ (values, no gradient). */
  forwardWithAttention(x: Tensor, graph: Graph): { output: Tensor; attention: GATAttention } {
    const g = checkGraph('GATConv.forward', graph);
    checkNodeFeatures('GATConv', x?.shape, g.numNodes, this.inFeatures);
    const n = g.numNodes, K = this.heads, F = this.outFeatures;
    const { indices: src, dst } = selfLoopEdges(g);
    const E = src.length;
    const z = this.lin.forward(x).reshape([n, K, F]); // (n, K, F)
    const sSrc = z.mul(this.att_src).sum(2); // (n, K): a_srcᵀ z_j
    const sDst = z.mul(this.att_dst).sum(2); // (n, K): a_dstᵀ z_i
    const raw = gather(sSrc, src).add(gather(sDst, dst)); // (E, K)
    const e = relu(raw).sub(relu(raw.neg()).mul(this.negativeSlope)); // (E, K) LeakyReLU
    const shift = new Float64Array(n * K).fill(-Infinity); // (n, K) row max, a constant
    for (let t = 0; t < E; t++) for (let k = 0; k < K; k++) shift[dst[t]! * K + k] = Math.max(shift[dst[t]! * K + k]!, e.data[t * K + k]!);
    const ex = e.sub(gather(new Tensor(shift, [n, K]), dst)).exp(); // (E, K)
    const den = scatterAdd(ex, dst, 0, n); // (n, K)
    const alpha = ex.div(gather(den, dst)); // (E, K)
    const msg = gather(z, src).mul(alpha.reshape([E, K, 1])); // (E, K, F)
    const agg = scatterAdd(msg, dst, 0, n); // (n, K, F)
    let out = this.concat ? agg.reshape([n, K * F]) : agg.mean(1); // (n, KF) or (n, F)
    if (this.bias) out = out.add(this.bias);
    return { output: out, attention: { src: Int32Array.from(src), dst: Int32Array.from(dst), alpha: Float64Array.from(alpha.data), heads: K } };
  }
}

/**
 * tfjs twin of {@link GATConv}. `forward(x, graph)`: $(n, i) \to (n, KF)$ or $(n, F)$; call
 * inside `tf.tidy`. {@link TfGATConv.forwardWithAttention} returns $\alpha$ as an $(E+n, K)$ tensor.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class TfGATConv extends TfModule<[TfTensor, Graph], TfTensor> {
  readonly att_src: Variable; // (1, K, F)
  readonly att_dst: Variable; // (1, K, F)
  readonly bias: Variable | null;
  readonly lin: TfLinear;
  readonly heads: number;
  readonly concat: boolean;
  readonly negativeSlope: number;

  constructor(tf: Tf, readonly inFeatures: number, readonly outFeatures: number, options: GATConvOptions) {
    super(tf);
    const c = init('TfGATConv', inFeatures, outFeatures, options);
    this.heads = c.heads;
    this.concat = c.concat;
    this.negativeSlope = c.negativeSlope;
    this.att_src = this.registerParameter('att_src', c.attSrc);
    this.att_dst = this.registerParameter('att_dst', c.attDst);
    this.bias = c.bias ? this.registerParameter('bias', zerosInit([c.outDim])) : null;
    this.lin = this.registerModule('lin', new TfLinear(tf, inFeatures, c.heads * outFeatures, { bias: false, rng: 0 }).loadStateDict({ weight: c.weight }));
  }

  forward(x: TfTensor, graph: Graph): TfTensor {
    return this.forwardWithAttention(x, graph).output;
  }

  /** Output and attention weights `alpha` (E + n, K) in {@link selfLoopEdges} order; call inside `tf.tidy`. */
  forwardWithAttention(x: TfTensor, graph: Graph): { output: TfTensor; alpha: TfTensor; src: Int32Array; dst: Int32Array } {
    const tf = this.tf;
    const g = checkGraph('TfGATConv.forward', graph);
    checkNodeFeatures('TfGATConv', x?.shape, g.numNodes, this.inFeatures);
    const n = g.numNodes, K = this.heads, F = this.outFeatures;
    const { indices: src, dst } = selfLoopEdges(g);
    const mask = new Float32Array(n * n).fill(-1e9); // (n, n): 0 on edges j → i (row i, column j)
    const flat = new Int32Array(src.length);
    for (let t = 0; t < src.length; t++) { mask[dst[t]! * n + src[t]!] = 0; flat[t] = dst[t]! * n + src[t]!; }
    const z = tf.reshape(this.lin.forward(x), [n, K, F]); // (n, K, F)
    const sSrc = tf.transpose(tf.sum(tf.mul(z, this.att_src), 2)); // (K, n)
    const sDst = tf.transpose(tf.sum(tf.mul(z, this.att_dst), 2)); // (K, n)
    const raw = tf.add(tf.reshape(sDst, [K, n, 1]), tf.reshape(sSrc, [K, 1, n])); // (K, n_dst, n_src)
    const logits = tf.add(tf.leakyRelu(raw, this.negativeSlope), tf.tensor2d(mask, [n, n])); // (K, n, n)
    const alphaDense = tf.softmax(logits, -1); // (K, n, n)
    const agg = tf.matMul(alphaDense, tf.transpose(z, [1, 0, 2])); // (K, n, F)
    let out = this.concat ? tf.reshape(tf.transpose(agg, [1, 0, 2]), [n, K * F]) : tf.mean(agg, 0); // (n, KF) or (n, F)
    if (this.bias) out = tf.add(out, this.bias);
    const alpha = tf.transpose(tf.gather(tf.reshape(alphaDense, [K, n * n]), tf.tensor1d(flat, 'int32'), 1)); // (E + n, K)
    return { output: out, alpha, src: Int32Array.from(src), dst: Int32Array.from(dst) };
  }
}
