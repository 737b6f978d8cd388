/**
 * `SAGEConv` (float64 reference) and `TfSAGEConv` (tfjs twin): GraphSAGE with the mean
 * aggregator (Hamilton, Ying & Leskovec 2017, "Inductive representation learning on large
 * graphs", Alg. 1 with the concatenation written as two maps),
 * $$h_i' = W_\text{self}\,h_i + W_\text{neigh}\,\frac{1}{|N(i)|}\sum_{j\in N(i)} h_j + b,
 *   \qquad H' = H W_\text{self}^\top + (D^{-1}A H) W_\text{neigh}^\top + b.$$
 * The node's own features keep a separate weight (no self loop in the mean), which is what lets
 * SAGE hold on under heterophily where GCN's $\hat A$ blends a node into its neighbours.
 *
 * PyG's conventions: `lin_l` is the neighbour map (with the bias), `lin_r` the root map (no bias),
 * state dict `lin_l.weight` $(o,i)$, `lin_l.bias` $(o)$, `lin_r.weight` $(o,i)$; PyTorch's
 * default Linear init, `lin_l` drawn first; a node with no in-neighbour aggregates 0.
 * Cost $O(n\,i\,o + E\,i)$ (reference), $O(n\,i\,o + n^2 i)$ (twin).
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import type { Tf } from '@fpml/core/tf';
import type { Tensor } from '@fpml/level1-math';
import { Linear, Module, TfLinear, TfModule, toRng, type RngLike, type TfTensor } from '@fpml/level3-deep';
import { bool, checkNodeFeatures, positiveInt } from './checks.js';
import { checkGraph, rowNormalize, type Graph } from './graph.js';
import { spmm, tfDenseMatrix } from './spmm.js';

/** Options of {@link SAGEConv} and {@link TfSAGEConv}. */
export interface SAGEConvOptions {
  /** Learn an additive bias (on `lin_l`). @default true */
  bias?: boolean;
  /** Source of the initial weights (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

function init(owner: string, inFeatures: number, outFeatures: number, o: SAGEConvOptions) {
  positiveInt(owner, 'inFeatures', inFeatures);
  positiveInt(owner, 'outFeatures', outFeatures);
  return { bias: bool(owner, 'bias', o?.bias ?? true), rng: toRng(o?.rng, owner) };
}

/**
 * GraphSAGE-mean layer, float64 reference. `forward(x, graph)`: $(n, i) \to (n, o)$.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class SAGEConv extends Module<[Tensor, Graph], Tensor> {
  readonly lin_l: Linear;
  readonly lin_r: Linear;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: SAGEConvOptions) {
    super();
    const c = init('SAGEConv', inFeatures, outFeatures, options);
    this.lin_l = this.registerModule('lin_l', new Linear(inFeatures, outFeatures, { bias: c.bias, rng: c.rng }));
    this.lin_r = this.registerModule('lin_r', new Linear(inFeatures, outFeatures, { bias: false, rng: c.rng }));
  }

  forward(x: Tensor, graph: Graph): Tensor {
    const g = checkGraph('SAGEConv.forward', graph);
    checkNodeFeatures('SAGEConv', x?.shape, g.numNodes, this.inFeatures);
    const agg = spmm(rowNormalize(g), x); // (n, i): mean over in-neighbours
    return this.lin_l.forward(agg).add(this.lin_r.forward(x)); // (n, o)
  }
}

/**
 * tfjs twin of {@link SAGEConv}. `forward(x, graph)`: $(n, i) \to (n, o)$; call inside `tf.tidy`.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class TfSAGEConv extends TfModule<[TfTensor, Graph], TfTensor> {
  readonly lin_l: TfLinear;
  readonly lin_r: TfLinear;

  constructor(tf: Tf, readonly inFeatures: number, readonly outFeatures: number, options: SAGEConvOptions) {
    super(tf);
    const c = init('TfSAGEConv', inFeatures, outFeatures, options);
    this.lin_l = this.registerModule('lin_l', new TfLinear(tf, inFeatures, outFeatures, { bias: c.bias, rng: c.rng }));
    this.lin_r = this.registerModule('lin_r', new TfLinear(tf, inFeatures, outFeatures, { bias: false, rng: c.rng }));
  }

  forward(x: TfTensor, graph: Graph): TfTensor {
    const tf = this.tf;
    const g = checkGraph('TfSAGEConv.forward', graph);
    checkNodeFeatures('TfSAGEConv', x?.shape, g.numNodes, this.inFeatures);
    const agg = tf.matMul(tfDenseMatrix(tf, rowNormalize(g)), x); // (n, i)
    return tf.add(this.lin_l.forward(agg), this.lin_r.forward(x)); // (n, o)
  }
}
