/**
 * `GCNConv` (float64 reference) and `TfGCNConv` (tfjs twin): the graph convolution of Kipf &
 * Welling (2017, "Semi-supervised classification with graph convolutional networks", eq. 2),
 * $$H' = \hat A\,H W^\top + b,\qquad \hat A = \tilde D^{-1/2}(A + I)\tilde D^{-1/2},$$
 * node-wise $h_i' = \sum_{j \in N(i)\cup\{i\}} \frac{1}{\sqrt{\tilde d_i\tilde d_j}}\,W h_j + b$.
 *
 * PyG's conventions: state dict `bias` $(o)$ and `lin.weight` $(o, i)$ (a bias-free `Linear`),
 * Glorot-uniform weight $\mathcal U(\pm\sqrt{6/(i+o)})$, zero bias; the linear map is applied
 * before propagation. Backward: $\bar H = \hat A^\top \bar H' W$ (through {@link spmm} and
 * level1's matmul). Cost $O(n\,i\,o + E\,o)$ (reference), $O(n\,i\,o + n^2 o)$ (twin, dense $\hat A$).
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import type { Tf } from '@fpml/core/tf';
import { tensor, type Tensor } from '@fpml/level1-math';
import { Linear, Module, TfLinear, TfModule, toRng, xavierUniform, zerosInit, type RngLike, type TfTensor, type Variable } from '@fpml/level3-deep';
import { bool, checkNodeFeatures, positiveInt } from './checks.js';
import { checkGraph, gcnNormalize, type Graph } from './graph.js';
import { spmm, tfDenseMatrix } from './spmm.js';

/** Options of {@link GCNConv} and {@link TfGCNConv}. */
export interface GCNConvOptions {
  /** Learn an additive bias. @default true */
  bias?: boolean;
  /** Use $A + I$ (Kipf & Welling's renormalisation trick); false propagates with $D^{-1/2}AD^{-1/2}$. @default true */
  addSelfLoops?: boolean;
  /** Source of the initial weight (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

function init(owner: string, inFeatures: number, outFeatures: number, o: GCNConvOptions) {
  positiveInt(owner, 'inFeatures', inFeatures);
  positiveInt(owner, 'outFeatures', outFeatures);
  const bias = bool(owner, 'bias', o?.bias ?? true);
  const addSelfLoops = bool(owner, 'addSelfLoops', o?.addSelfLoops ?? true);
  const weight = xavierUniform([outFeatures, inFeatures], toRng(o?.rng, owner)); // (o, i)
  return { bias, addSelfLoops, weight };
}

/**
 * Graph convolution, float64 reference. `forward(x, graph)`: $(n, i) \to (n, o)$.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class GCNConv extends Module<[Tensor, Graph], Tensor> {
  readonly bias: Tensor | null; // (o,)
  readonly lin: Linear;
  readonly addSelfLoops: boolean;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: GCNConvOptions) {
    super();
    const c = init('GCNConv', inFeatures, outFeatures, options);
    this.addSelfLoops = c.addSelfLoops;
    const b = zerosInit([outFeatures]); // (o,)
    this.bias = c.bias ? this.registerParameter('bias', tensor(b.data, b.shape)) : null;
    this.lin = this.registerModule('lin', new Linear(inFeatures, outFeatures, { bias: false, rng: 0 }).loadStateDict({ weight: c.weight }));
  }

  forward(x: Tensor, graph: Graph): Tensor {
    const g = checkGraph('GCNConv.forward', graph);
    checkNodeFeatures('GCNConv', x?.shape, g.numNodes, this.inFeatures);
    const h = spmm(gcnNormalize(g, { addSelfLoops: this.addSelfLoops }), this.lin.forward(x)); // (n, o) = Â (x Wᵀ)
    return this.bias ? h.add(this.bias) : h; // (n, o)
  }
}

/**
 * tfjs twin of {@link GCNConv} (same options, names and initial weights for the same seed).
 * `forward(x, graph)`: $(n, i) \to (n, o)$; call inside `tf.tidy`. $\hat A$ is built dense per call.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class TfGCNConv extends TfModule<[TfTensor, Graph], TfTensor> {
  readonly bias: Variable | null; // (o,)
  readonly lin: TfLinear;
  readonly addSelfLoops: boolean;

  constructor(tf: Tf, readonly inFeatures: number, readonly outFeatures: number, options: GCNConvOptions) {
    super(tf);
    const c = init('TfGCNConv', inFeatures, outFeatures, options);
    this.addSelfLoops = c.addSelfLoops;
    this.bias = c.bias ? this.registerParameter('bias', zerosInit([outFeatures])) : null;
    this.lin = this.registerModule('lin', new TfLinear(tf, inFeatures, outFeatures, { bias: false, rng: 0 }).loadStateDict({ weight: c.weight }));
  }

  forward(x: TfTensor, graph: Graph): TfTensor {
    const tf = this.tf;
    const g = checkGraph('TfGCNConv.forward', graph);
    checkNodeFeatures('TfGCNConv', x?.shape, g.numNodes, this.inFeatures);
    const A = tfDenseMatrix(tf, gcnNormalize(g, { addSelfLoops: this.addSelfLoops })); // (n, n)
    const h = tf.matMul(A, this.lin.forward(x)); // (n, o)
    return this.bias ? tf.add(h, this.bias) : h; // (n, o)
  }
}
