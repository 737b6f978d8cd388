/**
 * AdaGrad (Duchi, Hazan & Singer 2011): PyTorch 1.13's `torch.optim.Adagrad` update.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { Optimizer, checkNumber } from './optimizer.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate $\eta$. @default 0.01 */
  lr?: number;
  /** Learning-rate decay $\delta$: $\eta_t = \eta / (1 + (t-1)\delta)$. @default 0 */
  lrDecay?: number;
  /** L2 penalty $\lambda$ added to the gradient. @default 0 */
  weightDecay?: number;
  /** Initial value $G_0$ of the accumulated squares. @default 0 */
  initialAccumulatorValue?: number;
  /** $\epsilon$ added to the root. @default 1e-10 */
  eps?: number;
}

/**
 * Per-coordinate steps scaled by the root of the summed squared gradients. With $d_t = g_t + \lambda\theta_{t-1}$:
 * $$G_t = G_{t-1} + d_t^2,\qquad \theta_t = \theta_{t-1} - \frac{\eta}{1 + (t-1)\delta}\,\frac{d_t}{\sqrt{G_t} + \epsilon}.$$
 * $O(n)$ per step, $n$ numbers of state.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export class Adagrad extends Optimizer<Float64Array> {
  readonly name = 'adagrad';
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;

  constructor(options: AdagradOptions = {}) {
    super(options.lr ?? 0.01, 'Adagrad');
    this.lrDecay = checkNumber('Adagrad', 'lrDecay', options.lrDecay ?? 0, { min: 0 });
    this.weightDecay = checkNumber('Adagrad', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
    this.initialAccumulatorValue = checkNumber('Adagrad', 'initialAccumulatorValue', options.initialAccumulatorValue ?? 0, { min: 0 });
    this.eps = checkNumber('Adagrad', 'eps', options.eps ?? 1e-10, { min: 0 });
  }

  protected initState(n: number): Float64Array {
    return new Float64Array(n).fill(this.initialAccumulatorValue); // G, (n,)
  }

  protected update(p: Float64Array, g: Float64Array, G: Float64Array, t: number): void {
    const clr = this.lr / (1 + (t - 1) * this.lrDecay);
    const wd = this.weightDecay;
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + wd * p[i]!;
      G[i] = G[i]! + d * d;
      p[i] = p[i]! - clr * (d / (Math.sqrt(G[i]!) + this.eps));
    }
  }
}
