/**
 * A two-layer node classifier on the tfjs twins, and its full-batch semi-supervised training:
 * $$Z = \mathrm{conv}_2\big(\mathrm{ReLU}(\mathrm{conv}_1(X, G)), G\big),\qquad
 *   \mathcal L = -\frac{1}{|\mathcal T|}\sum_{i\in\mathcal T}\log\operatorname{softmax}(Z_i)_{y_i}
 *   + \frac{\lambda}{2}\lVert\theta_1\rVert^2$$
 * over the labelled nodes $\mathcal T$ only (Kipf & Welling 2017, §3: L2 on the first layer),
 * minimised with Adam. `kind` picks the convolution (`'gcn'`, `'sage'`, `'gat'`, with $K$ heads
 * concatenated in layer 1 and one head in layer 2) or `'mlp'` (two Linear layers that ignore
 * the graph: the features-only baseline).
 *
 * Cost per epoch: one forward and backward of both layers (see each layer's cost).
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { TfLinear, TfModule, toRng, type RngLike, type TfTensor } from '@fpml/level3-deep';
import { positiveInt } from './checks.js';
import { TfGATConv } from './gat-conv.js';
import { TfGCNConv } from './gcn-conv.js';
import { checkGraph, type Graph } from './graph.js';
import { TfSAGEConv } from './sage-conv.js';

/** Which network {@link TfNodeClassifier} builds. */
export type NodeClassifierKind = 'gcn' | 'sage' | 'gat' | 'mlp';

/** Options of {@link TfNodeClassifier}. */
export interface NodeClassifierOptions {
  kind: NodeClassifierKind;
  inFeatures: number;
  /** Hidden width (per head for GAT). @default 16 */
  hidden?: number;
  numClasses: number;
  /** GAT heads in layer 1. @default 4 */
  heads?: number;
  rng: RngLike;
}

type Layer = TfGCNConv | TfSAGEConv | TfGATConv | TfLinear;

/**
 * Two-layer GNN (or MLP) on tfjs. `forward(x, graph)`: $(n, i) \to (n, C)$ logits; `embed`
 * also returns the hidden layer. Call inside `tf.tidy`.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export class TfNodeClassifier extends TfModule<[TfTensor, Graph], TfTensor> {
  readonly kind: NodeClassifierKind;
  readonly conv1: Layer;
  readonly conv2: Layer;

  constructor(tf: Tf, options: NodeClassifierOptions) {
    super(tf);
    const who = 'TfNodeClassifier';
    const kind = options?.kind;
    if (kind !== 'gcn' && kind !== 'sage' && kind !== 'gat' && kind !== 'mlp') throw new InvalidParamError(who, 'kind', kind, "'gcn', 'sage', 'gat' or 'mlp'");
    const i = positiveInt(who, 'inFeatures', options.inFeatures);
    const h = positiveInt(who, 'hidden', options.hidden ?? 16);
    const c = positiveInt(who, 'numClasses', options.numClasses);
    const heads = positiveInt(who, 'heads', options.heads ?? 4);
    const rng = toRng(options.rng, who);
    this.kind = kind;
    const make = (a: number, b: number, first: boolean): Layer =>
      kind === 'gcn' ? new TfGCNConv(tf, a, b, { rng })
        : kind === 'sage' ? new TfSAGEConv(tf, a, b, { rng })
          : kind === 'gat' ? new TfGATConv(tf, a, b, { heads: first ? heads : 1, rng })
            : new TfLinear(tf, a, b, { rng });
    this.conv1 = this.registerModule('conv1', make(i, h, true));
    this.conv2 = this.registerModule('conv2', make(kind === 'gat' ? h * heads : h, c, false));
  }

  #apply(layer: Layer, x: TfTensor, g: Graph): TfTensor {
    return layer instanceof TfLinear ? layer.forward(x) : layer.forward(x, g);
  }

  /** Hidden representation (after ReLU) and logits. */
  embed(x: TfTensor, graph: Graph): { hidden: TfTensor; logits: TfTensor } {
    const hidden = this.tf.relu(this.#apply(this.conv1, x, graph)); // (n, h) or (n, hK)
    return { hidden, logits: this.#apply(this.conv2, hidden, graph) }; // (n, C)
  }

  forward(x: TfTensor, graph: Graph): TfTensor {
    return this.embed(x, graph).logits;
  }
}

/** Options of {@link trainNodeClassifier}. */
export interface TrainNodeClassifierOptions {
  /** Full-batch Adam steps. @default 200 */
  epochs?: number;
  /** Adam learning rate. @default 0.01 */
  lr?: number;
  /** L2 coefficient $\lambda$ on the first layer's parameters. @default 5e-4 */
  weightDecay?: number;
  /** Called before the first step (epoch 0) and after every step with the epoch and the logits (n, C). */
  onEpoch?: (epoch: number, logits: Float32Array) => void;
}

/**
 * Train on the nodes `train` (indices with their `labels`) and return the loss curve and the
 * final predictions for every node. Frees every tensor it makes.
 * @throws InvalidInputError for an empty or out-of-range `train`, or a label outside 0..C-1.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function trainNodeClassifier(tf: Tf, model: TfNodeClassifier, x: TfTensor, graph: Graph, labels: ArrayLike<number>, train: ArrayLike<number>, options: TrainNodeClassifierOptions = {}): { losses: number[]; predictions: Int32Array } {
  const who = 'trainNodeClassifier';
  const g = checkGraph(who, graph);
  const epochs = options.epochs ?? 200;
  if (!Number.isInteger(epochs) || epochs < 0) throw new InvalidParamError(who, 'epochs', epochs, 'an integer >= 0');
  const lr = options.lr ?? 0.01;
  if (!(lr > 0)) throw new InvalidParamError(who, 'lr', lr, 'a number > 0');
  const wd = options.weightDecay ?? 5e-4;
  if (!(wd >= 0)) throw new InvalidParamError(who, 'weightDecay', wd, 'a number >= 0');
  const C = model.conv2 instanceof TfLinear ? model.conv2.outFeatures : (model.conv2 as TfGCNConv).outFeatures;
  if (!train || train.length === 0) throw new InvalidInputError(`${who}: train must list at least one labelled node`);
  for (let t = 0; t < train.length; t++) {
    const i = train[t]!;
    if (!Number.isInteger(i) || i < 0 || i >= g.numNodes) throw new InvalidInputError(`${who}: train[${t}] = ${i}; expected a node id in 0..${g.numNodes - 1}`);
    if (!Number.isInteger(labels[i]) || labels[i]! < 0 || labels[i]! >= C) throw new InvalidInputError(`${who}: labels[${i}] = ${labels[i]}; expected a class in 0..${C - 1}`);
  }
  const idx = tf.tensor1d(Int32Array.from(train), 'int32');
  const target = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(train, (i) => labels[i]!), 'int32'), C)); // (|T|, C)
  const first = model.conv1.parameters();
  const opt = tf.train.adam(lr);
  const losses: number[] = [];
  const logitsNow = () => tf.tidy(() => model.forward(x, g).dataSync() as Float32Array).slice();
  try {
    if (options.onEpoch) options.onEpoch(0, logitsNow());
    for (let e = 1; e <= epochs; e++) {
      const loss = opt.minimize(() => tf.tidy(() => {
        const logp = tf.logSoftmax(tf.gather(model.forward(x, g), idx)); // (|T|, C)
        const ce = tf.neg(tf.mean(tf.sum(tf.mul(target, logp), 1)));
        const l2 = first.reduce((s: TfTensor, p) => tf.add(s, tf.sum(tf.square(p))), tf.scalar(0));
        return tf.add(ce, tf.mul(l2, wd / 2)) as ReturnType<Tf['scalar']>;
      }), true, model.parameters());
      losses.push(loss!.dataSync()[0]!);
      loss!.dispose();
      if (options.onEpoch) options.onEpoch(e, logitsNow());
    }
    const z = logitsNow();
    const predictions = Int32Array.from({ length: g.numNodes }, (_, i) => { let b = 0; for (let c = 1; c < C; c++) if (z[i * C + c]! > z[i * C + b]!) b = c; return b; });
    return { losses, predictions };
  } finally {
    opt.dispose();
    idx.dispose();
    target.dispose();
  }
}
