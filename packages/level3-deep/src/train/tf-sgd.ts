/**
 * `TfSGD`: the tfjs twin of {@link SGD} (same options and update order, float32), over a
 * {@link TfModule}'s variables, in the `'flat'` or `'perParam'` layout of {@link TfOptimizer}.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import type { Tf } from '@fpml/core/tf';
import type { TfModule, TfTensor, Variable } from '../nn/tf-module.js';
import type { ParamsArg } from './optimizer.js';
import { sgdHypers, type SGDOptions } from './sgd.js';
import { TfOptimizer, type TfLayoutOptions } from './tf-optimizer.js';

/**
 * SGD with momentum / Nesterov / L2 weight decay, PyTorch's form (see {@link SGD}):
 * $$d = g + \lambda\theta,\quad b_1 = d,\ b_t = \mu b_{t-1} + (1-\tau) d,\quad \theta \leftarrow \theta - \eta\,(d + \mu b \text{ or } b \text{ or } d).$$
 * $O(n)$ per step; up to 6 elementwise ops per tensor (one tensor in the flat layout).
 *
 * @see ../../../../docs/level3-deep/training.md
 */
export class TfSGD extends TfOptimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;

  constructor(tf: Tf, params: ParamsArg<Variable, TfModule<unknown[], unknown>>, options: SGDOptions & TfLayoutOptions) {
    const h = sgdHypers('TfSGD', options);
    super(tf, 'TfSGD', params, h.lr, h.weightDecay, options.layout);
    this.momentum = h.momentum;
    this.dampening = h.dampening;
    this.nesterov = h.nesterov;
  }

  protected get numBuffers(): number {
    return this.momentum === 0 ? 0 : 1;
  }

  protected rule(p: TfTensor, g: TfTensor, bufs: Variable[], t: number, wd: number | TfTensor): TfTensor {
    const tf = this.tf;
    const { momentum: mu, dampening: tau, nesterov } = this;
    let d = wd === 0 ? g : tf.add(g, tf.mul(typeof wd === 'number' ? this.c(wd) : wd, p)); // d = g + λθ
    if (mu !== 0) {
      const buf = bufs[0]!;
      const b = t === 1 ? d : tf.add(tf.mul(buf, this.c(mu)), tau === 0 ? d : tf.mul(d, this.c(1 - tau))); // b = μb + (1-τ)d; b₁ = d
      buf.assign(b);
      d = nesterov ? tf.add(d, tf.mul(b, this.c(mu))) : b; // Nesterov: d + μb; heavy ball: b
    }
    return tf.sub(p, tf.mul(d, this.s(this.lr))); // θ - ηd
  }
}
