/**
 * `TfAdam` and `TfAdamW`: the tfjs twins of {@link Adam} and {@link AdamW} (same options,
 * PyTorch's update order up to the algebraic rewrite below, float32), over a {@link TfModule}'s
 * variables, in the `'flat'` or `'perParam'` layout of {@link TfOptimizer}.
 *
 * The denominator is rewritten with $c = \sqrt{1-\beta_2^t}$ to save one op:
 * $$\frac{\eta}{1-\beta_1^t}\cdot\frac{m}{\sqrt v / c + \epsilon} = \frac{\eta c}{1-\beta_1^t}\cdot\frac{m}{\sqrt v + \epsilon c},$$
 * both scalars computed in float64 on the host each step.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import type { Tf } from '@fpml/core/tf';
import type { TfModule, TfTensor, Variable } from '../nn/tf-module.js';
import { adamHypers, type AdamOptions } from './adam.js';
import type { ParamsArg } from './optimizer.js';
import { TfOptimizer, type TfLayoutOptions } from './tf-optimizer.js';

type TfParams = ParamsArg<Variable, TfModule<unknown[], unknown>>;

/**
 * Adam with L2 weight decay (twin of {@link Adam}):
 * $$d = g + \lambda\theta,\quad m \leftarrow \beta_1 m + (1-\beta_1)d,\quad v \leftarrow \beta_2 v + (1-\beta_2)d^2,\quad
 *   \theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\cdot\frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t}+\epsilon}.$$
 * $O(n)$ per step; 12–15 elementwise ops per tensor (one tensor in the flat layout).
 *
 * @see ../../../../docs/level3-deep/training.md
 */
export class TfAdam extends TfOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly amsgrad: boolean;
  readonly decoupled: boolean;

  constructor(tf: Tf, params: TfParams, options: AdamOptions & TfLayoutOptions = {}, decoupled = false) {
    const owner = decoupled ? 'TfAdamW' : 'TfAdam';
    const h = adamHypers(owner, options, decoupled);
    super(tf, owner, params, h.lr, h.weightDecay, options.layout);
    this.beta1 = h.beta1;
    this.beta2 = h.beta2;
    this.eps = h.eps;
    this.amsgrad = h.amsgrad;
    this.decoupled = decoupled;
  }

  protected get numBuffers(): number {
    return this.amsgrad ? 3 : 2;
  }

  protected rule(p: TfTensor, g: TfTensor, bufs: Variable[], t: number, wd: number | TfTensor): TfTensor {
    const tf = this.tf;
    const { beta1: b1, beta2: b2, eps, decoupled } = this;
    const lr = this.lr;
    const [m, v, vMax] = bufs as [Variable, Variable, Variable | undefined];
    const lam = typeof wd === 'number' ? this.c(wd) : wd; // λ, scalar or (n,)
    const d = decoupled || wd === 0 ? g : tf.add(g, tf.mul(p, lam)); // d = g + λθ (Adam)
    let q = p;
    if (decoupled && wd !== 0) q = tf.mul(p, typeof wd === 'number' ? this.s(1 - lr * wd) : tf.sub(this.c(1), tf.mul(wd, this.s(lr)))); // θ ← (1 - ηλ)θ (AdamW)
    const m1 = tf.add(tf.mul(m, this.c(b1)), tf.mul(d, this.c(1 - b1))); // m = β₁m + (1-β₁)d
    const v1 = tf.add(tf.mul(v, this.c(b2)), tf.mul(tf.square(d), this.c(1 - b2))); // v = β₂v + (1-β₂)d²
    m.assign(m1);
    v.assign(v1);
    let vh = v1;
    if (vMax !== undefined) {
      vh = tf.maximum(vMax, v1); // AMSGrad: v̂ = max(v̂, v)
      vMax.assign(vh);
    }
    const c2 = Math.sqrt(1 - b2 ** t); // √(1-β₂ᵗ)
    const a = (lr / (1 - b1 ** t)) * c2; // η c / (1-β₁ᵗ)
    return tf.sub(q, tf.div(tf.mul(m1, this.s(a)), tf.add(tf.sqrt(vh), this.s(eps * c2)))); // θ - a m / (√v̂ + εc)
  }
}

/**
 * AdamW with decoupled weight decay (twin of {@link AdamW}, default $\lambda = 0.01$):
 * $$\theta \leftarrow (1-\eta\lambda)\theta - \frac{\eta}{1-\beta_1^t}\cdot\frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t}+\epsilon}.$$
 * @see ../../../../docs/level3-deep/training.md
 */
export class TfAdamW extends TfAdam {
  constructor(tf: Tf, params: TfParams, options: AdamOptions & TfLayoutOptions = {}) {
    super(tf, params, options, true);
  }
}
