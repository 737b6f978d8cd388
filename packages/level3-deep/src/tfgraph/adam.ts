/**
 * Adam on a flat parameter vector inside a graph (PyTorch's form, as FastGptTrainer's eager step):
 * $$m' = \beta_1 m + (1-\beta_1) g,\quad v' = \beta_2 v + (1-\beta_2) g^2,\quad
 *   \theta' = \theta - \frac{\eta}{1-\beta_1^t}\,\frac{m'}{\sqrt{v'}/\sqrt{1-\beta_2^t} + \epsilon}.$$
 * The step-dependent factors come in as scalar graph inputs ($t$ changes every run; the graph
 * does not), 13 ops over $P$ values.
 */
import type { Tf } from '@fpml/core/tf';
import type { Tensor } from '@tensorflow/tfjs';
import type { GraphBuilder, Sym } from './builder.js';

/** The graph inputs of a flat Adam step. */
export interface FlatAdamInputs {
  theta: Sym;
  m: Sym;
  v: Sym;
  /** $\eta/(1-\beta_1^t)$, a scalar. */
  stepSize: Sym;
  /** $1/\sqrt{1-\beta_2^t}$, a scalar. */
  invSqrtBc2: Sym;
}

/** Add the placeholders `theta`, `m`, `v` (P,), `stepSize`, `invSqrtBc2` (scalars). */
export function flatAdamInputs(g: GraphBuilder, P: number): FlatAdamInputs {
  return {
    theta: g.placeholder('theta', 'float32', [P]),
    m: g.placeholder('m', 'float32', [P]),
    v: g.placeholder('v', 'float32', [P]),
    stepSize: g.placeholder('stepSize', 'float32', []),
    invSqrtBc2: g.placeholder('invSqrtBc2', 'float32', []),
  };
}

/** The updated $\theta', m', v'$ for gradient `grad` (P,). */
export function flatAdamStep(g: GraphBuilder, s: FlatAdamInputs, grad: Sym, hyper: { beta1: number; beta2: number; eps: number }): { theta: Sym; m: Sym; v: Sym } {
  const { beta1: b1, beta2: b2, eps } = hyper;
  const m = g.add(g.mul(s.m, b1), g.mul(grad, 1 - b1));
  const v = g.add(g.mul(s.v, b2), g.mul(g.square(grad), 1 - b2));
  const denom = g.add(g.mul(g.sqrt(v), s.invSqrtBc2), eps); // √v'/√(1−β₂ᵗ) + ε
  return { theta: g.sub(s.theta, g.mul(g.div(m, denom), s.stepSize)), m, v };
}

/** The scalar feeds of step t (1-based), as tensors the caller disposes: $\eta/(1-\beta_1^t)$ and $1/\sqrt{1-\beta_2^t}$. */
export function flatAdamFeeds(tf: Tf, t: number, hyper: { lr: number; beta1: number; beta2: number }): { stepSize: Tensor; invSqrtBc2: Tensor } {
  return { stepSize: tf.scalar(hyper.lr / (1 - hyper.beta1 ** t)), invSqrtBc2: tf.scalar(1 / Math.sqrt(1 - hyper.beta2 ** t)) };
}
