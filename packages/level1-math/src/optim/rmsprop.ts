/**
 * RMSProp (Tieleman & Hinton 2012, lecture 6e; centred form from Graves 2013): PyTorch 1.13's
 * `torch.optim.RMSprop` update.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { Optimizer, checkBoolean, checkNumber } from './optimizer.js';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions {
  /** Learning rate $\eta$. @default 0.01 */
  lr?: number;
  /** Smoothing constant $\alpha$ of the squared-gradient average. @default 0.99 */
  alpha?: number;
  /** $\epsilon$ added to the root. @default 1e-8 */
  eps?: number;
  /** L2 penalty $\lambda$ added to the gradient. @default 0 */
  weightDecay?: number;
  /** Momentum $\mu$ on the scaled step. @default 0 */
  momentum?: number;
  /** Divide by the estimated standard deviation $\sqrt{v - \bar g^2}$ instead of $\sqrt v$. @default false */
  centered?: boolean;
}

interface RMSState {
  v: Float64Array; // running mean of d², (n,)
  gBar: Float64Array | null; // running mean of d (centred only), (n,)
  buf: Float64Array | null; // momentum buffer, (n,)
}

/**
 * With $d_t = g_t + \lambda\theta_{t-1}$:
 * $$v_t = \alpha v_{t-1} + (1-\alpha) d_t^2,\quad \bar g_t = \alpha \bar g_{t-1} + (1-\alpha) d_t,\quad s_t = \sqrt{v_t - [\bar g_t^2]_{\text{centred}}} + \epsilon,$$
 * $$b_t = \mu b_{t-1} + d_t / s_t,\qquad \theta_t = \theta_{t-1} - \eta\, b_t \quad(\mu = 0:\ \theta_t = \theta_{t-1} - \eta\, d_t/s_t).$$
 * $O(n)$ per step, up to $3n$ numbers of state.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export class RMSprop extends Optimizer<RMSState> {
  readonly name = 'rmsprop';
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    super(options.lr ?? 0.01, 'RMSprop');
    this.alpha = checkNumber('RMSprop', 'alpha', options.alpha ?? 0.99, { min: 0, max: 1 });
    this.eps = checkNumber('RMSprop', 'eps', options.eps ?? 1e-8, { min: 0 });
    this.weightDecay = checkNumber('RMSprop', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
    this.momentum = checkNumber('RMSprop', 'momentum', options.momentum ?? 0, { min: 0 });
    this.centered = checkBoolean('RMSprop', 'centered', options.centered ?? false);
  }

  protected initState(n: number): RMSState {
    return { v: new Float64Array(n), gBar: this.centered ? new Float64Array(n) : null, buf: this.momentum > 0 ? new Float64Array(n) : null };
  }

  protected update(p: Float64Array, g: Float64Array, { v, gBar, buf }: RMSState, _t: number): void {
    const { alpha: a, eps, weightDecay: wd, momentum: mu, lr } = this;
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + wd * p[i]!;
      v[i] = a * v[i]! + (1 - a) * d * d;
      let s: number;
      if (gBar !== null) {
        gBar[i] = a * gBar[i]! + (1 - a) * d;
        s = Math.sqrt(v[i]! - gBar[i]! * gBar[i]!) + eps;
      } else {
        s = Math.sqrt(v[i]!) + eps;
      }
      if (buf !== null) {
        buf[i] = mu * buf[i]! + d / s;
        p[i] = p[i]! - lr * buf[i]!;
      } else {
        p[i] = p[i]! - lr * (d / s);
      }
    }
  }
}
