/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and L2 weight
 * decay: PyTorch 1.13's `torch.optim.SGD` update, number for number.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { InvalidParamError } from '@fpml/core';
import { Optimizer, checkBoolean, checkNumber } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate $\eta$. @default 0.01 */
  lr?: number;
  /** Momentum $\mu$ (0 = plain gradient descent). @default 0 */
  momentum?: number;
  /** Dampening $\tau$ of the momentum buffer's gradient term. @default 0 */
  dampening?: number;
  /** L2 penalty $\lambda$ added to the gradient. @default 0 */
  weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). @default false */
  nesterov?: boolean;
}

/**
 * Gradient descent, heavy ball and Nesterov in PyTorch's form. With $d_t = g_t + \lambda\theta_{t-1}$:
 * $$b_1 = d_1,\quad b_t = \mu b_{t-1} + (1-\tau)\,d_t,$$
 * $$\theta_t = \theta_{t-1} - \eta\,\begin{cases} d_t + \mu b_t & \text{Nesterov} \\ b_t & \text{heavy ball} \\ d_t & \mu = 0. \end{cases}$$
 * The heavy-ball form equals Polyak's $x_{t+1} = x_t - \eta g_t + \mu (x_t - x_{t-1})$; the Nesterov form
 * is Nesterov's accelerated gradient written in its look-ahead iterate (Sutskever et al. 2013).
 * $O(n)$ per step, $n$ extra numbers of state with momentum.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export class SGD extends Optimizer<Float64Array | null> {
  readonly name: string;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super(options.lr ?? 0.01, 'SGD');
    this.momentum = checkNumber('SGD', 'momentum', options.momentum ?? 0, { min: 0 });
    this.dampening = checkNumber('SGD', 'dampening', options.dampening ?? 0, { min: 0, max: 1 });
    this.weightDecay = checkNumber('SGD', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
    this.nesterov = checkBoolean('SGD', 'nesterov', options.nesterov ?? false);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new InvalidParamError('SGD', 'nesterov', true, `used with momentum > 0 and dampening = 0 (got momentum ${this.momentum}, dampening ${this.dampening})`);
    }
    this.name = this.momentum === 0 ? 'sgd' : this.nesterov ? 'nesterov' : 'momentum';
  }

  protected initState(n: number): Float64Array | null {
    return this.momentum === 0 ? null : new Float64Array(n); // momentum buffer b, (n,)
  }

  protected update(p: Float64Array, g: Float64Array, buf: Float64Array | null, t: number): void {
    const { momentum: mu, dampening, weightDecay: wd, nesterov, lr } = this;
    if (buf === null) {
      for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * (g[i]! + wd * p[i]!);
      return;
    }
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + wd * p[i]!;
      buf[i] = t === 1 ? d : mu * buf[i]! + (1 - dampening) * d;
      p[i] = p[i]! - lr * (nesterov ? d + mu * buf[i]! : buf[i]!);
    }
  }
}
