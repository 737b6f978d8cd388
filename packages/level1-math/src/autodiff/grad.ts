/**
 * The reverse sweep, and the functional API on top of it: {@link gradients}, {@link grad},
 * {@link valueAndGrad}.
 *
 * The graph is the set of tensors reachable from the output through `parents`. A post-order
 * depth-first walk gives a topological order (every tensor after its inputs); the sweep visits it
 * in reverse, so a tensor's gradient $\bar v = \sum_{c \in \text{children}} \overline{c}\,
 * \partial c/\partial v$ is complete (all its consumers have added their share) before its own
 * backward rule runs. Shares are accumulated with `add`.
 *
 * The backward rules are themselves made of ops. With recording off (the default) they produce
 * constants; with `createGraph` they are recorded like any forward computation, so the gradient
 * is a differentiable function of the inputs and `grad(grad(f))` gives second derivatives.
 * Cost: one sweep is a small constant times the forward cost; memory holds every recorded
 * intermediate until the output is dropped.
 *
 * @see ../../../../docs/level1-math/autodiff.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import { sameShape } from './broadcast.js';
import { isRecording, withRecording } from './mode.js';
import { add } from './ops/elementwise.js';
import { Tensor } from './tensor.js';
import { formatShape } from './shape-util.js';

/** Options of {@link gradients}, {@link grad} and {@link valueAndGrad}. */
export interface GradOptions {
  /**
   * Record the backward pass so the returned gradients can be differentiated again. When
   * omitted, it is on exactly when this call is nested inside the `f` of another
   * `grad`/`valueAndGrad` (so `grad(grad(f))` needs no options). Set it to `true` to
   * differentiate the gradients PyTorch-style with `backward()`.
   * @default automatic (nested calls only)
   */
  createGraph?: boolean;
}

/** Tensors reachable from `root` that require a gradient, inputs before outputs (iterative post-order DFS). */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, next] = top;
    if (next < node.parents.length) {
      top[1] = next + 1;
      const p = node.parents[next]!;
      if (p.requiresGrad && !seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** The tensors of `order` from which some target can be reached (a target, or a tensor computed from one). */
function leadingTo(order: readonly Tensor[], targets: ReadonlySet<Tensor>): Set<Tensor> {
  const on = new Set<Tensor>();
  for (const t of order) if (targets.has(t) || t.parents.some((p) => on.has(p))) on.add(t); // parents come first
  return on;
}

/** Check and default the seed $\bar y$. */
function seedFor(y: Tensor, seed: Tensor | undefined, op: string): Tensor {
  if (seed === undefined) {
    if (y.size !== 1) throw new ShapeError(`${op}: a seed is required for a non-scalar output of shape ${formatShape(y.shape)}`);
    return new Tensor(Float64Array.of(1), y.shape);
  }
  if (!(seed instanceof Tensor)) throw new InvalidInputError(`${op}: seed must be a Tensor, got ${describeValue(seed)}`);
  if (!sameShape(seed.shape, y.shape)) throw new ShapeError(`${op}: seed has shape ${formatShape(seed.shape)} but the output has shape ${formatShape(y.shape)}`);
  return seed;
}

/**
 * The sweep. Visits `order` from the output back, calling each recorded backward rule once with
 * the complete gradient of its output. `onGrad` sees every tensor's complete gradient; only
 * tensors in `keep` are propagated into (the rest of the graph is skipped).
 */
function sweep(order: Tensor[], root: Tensor, seed: Tensor, keep: (t: Tensor) => boolean, onGrad: (x: Tensor, g: Tensor) => void): void {
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const g = grads.get(node);
    if (g === undefined) continue;
    grads.delete(node); // complete now; free it as we go
    onGrad(node, g);
    if (node.backwardFn === null || !node.parents.some((p) => p.requiresGrad && keep(p))) continue;
    const parentGrads = node.backwardFn(g);
    node.parents.forEach((p, k) => {
      const gp = parentGrads[k];
      if (!p.requiresGrad || !keep(p) || gp === null || gp === undefined) return;
      if (!sameShape(gp.shape, p.shape)) throw new ShapeError(`backward of ${node.op}: gradient has shape ${formatShape(gp.shape)} but input ${k} has shape ${formatShape(p.shape)}`);
      const prev = grads.get(p);
      grads.set(p, prev === undefined ? gp : add(prev, gp)); // accumulate over every use of p
    });
  }
}

/** A private copy of a constant gradient, so no two results share a buffer. */
const own = (g: Tensor, createGraph: boolean): Tensor => (createGraph ? g : new Tensor(g.data.slice(), g.shape));

/** Implementation of {@link Tensor.backward}. @internal */
export function backwardInto(y: Tensor, seed: Tensor | undefined, createGraph: boolean): void {
  if (!y.requiresGrad) {
    throw new InvalidInputError('backward: this tensor does not require a gradient (no input had requiresGrad, or it was computed under noGrad)');
  }
  const s = seedFor(y, seed, 'backward');
  withRecording(createGraph, () => {
    sweep(topoOrder(y), y, s, () => true, (x, g) => {
      if (x.isLeaf) x.grad = x.grad === null ? own(g, createGraph) : add(x.grad, g); // gradients accumulate across calls
    });
  });
}

/**
 * $\big(\bar y^\top \partial y/\partial x_1, \dots\big)$ for the given inputs, without touching
 * any `.grad` (PyTorch's `autograd.grad`). An input `y` does not depend on gets zeros.
 *
 * @param y the output; a scalar unless `seed` is given.
 * @param xs tensors that `y` was computed from (leaves or intermediates).
 * @param seed $\bar y$, same shape as `y`. @default 1 for a scalar
 * @throws InvalidInputError if `y` does not require a gradient; ShapeError for a bad seed.
 */
export function gradients(y: Tensor, xs: readonly Tensor[], seed?: Tensor, options: GradOptions = {}): Tensor[] {
  if (!(y instanceof Tensor)) throw new InvalidInputError(`gradients: y must be a Tensor, got ${describeValue(y)}`);
  if (!Array.isArray(xs)) throw new InvalidInputError(`gradients: xs must be an array of tensors, got ${describeValue(xs)}`);
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new InvalidInputError(`gradients: xs[${i}] must be a Tensor, got ${describeValue(x)}`);
  });
  const createGraph = options.createGraph ?? false;
  const s = seedFor(y, seed, 'gradients');
  const found = new Map<Tensor, Tensor>();
  if (y.requiresGrad) {
    const targets = new Set(xs);
    const order = topoOrder(y);
    const relevant = leadingTo(order, targets);
    withRecording(createGraph, () => {
      sweep(order, y, s, (t) => relevant.has(t), (x, g) => {
        if (targets.has(x)) found.set(x, g);
      });
    });
  }
  return xs.map((x) => {
    const g = found.get(x);
    return g === undefined ? new Tensor(new Float64Array(x.size), x.shape) : own(g, createGraph);
  });
}

/** How many `grad`/`valueAndGrad` functions are being evaluated right now (the nesting depth). */
let depth = 0;

/** What {@link valueAndGrad} returns. */
export interface ValueAndGrad {
  /** $f(x_1, \dots, x_k)$, a scalar tensor. */
  value: Tensor;
  /** $\partial f/\partial x_i$ for each requested argument, each shaped like its argument. */
  grads: Tensor[];
}

function resolveArgnums(argnums: number | readonly number[] | undefined, n: number): number[] {
  const list = argnums === undefined ? Array.from({ length: n }, (_, i) => i) : typeof argnums === 'number' ? [argnums] : Array.from(argnums);
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= n) throw new InvalidInputError(`grad: argnums entry ${describeValue(a)} is not an argument index in [0, ${n})`);
  }
  return list;
}

/**
 * Functional gradient with the value: `valueAndGrad(f)(x, y)` returns $f(x, y)$ and
 * $(\partial f/\partial x, \partial f/\partial y)$. The inputs need not have `requiresGrad`
 * and are not modified. Nested inside another `grad`'s function, the backward pass is recorded
 * (see {@link GradOptions.createGraph}), which is how `grad(grad(f))` and MAML's meta-gradient
 * work; an argument that itself requires a gradient stays linked to its graph, so an outer
 * pass flows through this one.
 *
 * @param f scalar-valued function of tensors.
 * @param argnums which arguments to differentiate. @default all
 * @throws ShapeError if `f` does not return a one-element tensor.
 */
export function valueAndGrad(f: (...xs: Tensor[]) => Tensor, argnums?: number | readonly number[], options: GradOptions = {}): (...xs: Tensor[]) => ValueAndGrad {
  if (typeof f !== 'function') throw new InvalidInputError(`valueAndGrad: f must be a function, got ${describeValue(f)}`);
  return (...xs: Tensor[]): ValueAndGrad => {
    xs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new InvalidInputError(`grad: argument ${i} must be a Tensor, got ${describeValue(x)}`);
    });
    const idx = resolveArgnums(argnums, xs.length);
    const createGraph = options.createGraph ?? depth > 0;
    const inputs = xs.slice();
    let linked = false;
    for (const i of idx) {
      const x = xs[i]!;
      // A fresh node per differentiated argument: a leaf, or an identity that keeps the link to x's graph.
      const link = isRecording() && x.requiresGrad;
      linked ||= link;
      inputs[i] = link ? new Tensor(x.data, x.shape, true, [x], (g) => [g], 'input') : new Tensor(x.data, x.shape, true);
    }
    depth++;
    let value: Tensor;
    try {
      value = withRecording(true, () => f(...inputs));
    } finally {
      depth--;
    }
    if (!(value instanceof Tensor)) throw new InvalidInputError(`grad: f must return a Tensor, got ${describeValue(value)}`);
    if (value.size !== 1) throw new ShapeError(`grad: f must return a scalar, got shape ${formatShape(value.shape)}`);
    const grads = gradients(value, idx.map((i) => inputs[i]!), undefined, { createGraph });
    return { value: createGraph || linked || depth > 0 ? value : value.detach(), grads };
  };
}

/**
 * Functional gradient: `grad(f)(x, y)` is $(\partial f/\partial x, \partial f/\partial y)$ at
 * $(x, y)$. Compose for higher orders:
 * ```ts
 * const d2 = grad((x) => grad(f)(x)[0]!.sum()); // Hessian-vector-style second derivative
 * ```
 * @see valueAndGrad for the rules.
 */
export function grad(f: (...xs: Tensor[]) => Tensor, argnums?: number | readonly number[], options: GradOptions = {}): (...xs: Tensor[]) => Tensor[] {
  const vg = valueAndGrad(f, argnums, options);
  return (...xs: Tensor[]) => vg(...xs).grads;
}
