/**
 * `SGD`: PyTorch 1.13's `torch.optim.SGD` on the float64 reference path, with heavy-ball or
 * Nesterov momentum, dampening and L2 weight decay, in PyTorch's order of operations.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidParamError } from '@fpml/core';
import type { Tensor } from '@fpml/level1-math';
import type { Module } from '../nn/module.js';
import { Optimizer, checkHyper, type ParamsArg, type StepState } from './optimizer.js';

/** Options of {@link SGD} and {@link TfSGD}. */
export interface SGDOptions {
  /** Learning rate $\eta$ (required, as in PyTorch 1.13). */
  lr: number;
  /** Momentum $\mu \ge 0$ (0: plain gradient descent). @default 0 */
  momentum?: number;
  /** Dampening $\tau \in [0, 1]$ of the gradient term of the buffer. @default 0 */
  dampening?: number;
  /** L2 penalty $\lambda \ge 0$ added to the gradient (groups may override). @default 0 */
  weightDecay?: number;
  /** Nesterov momentum (needs $\mu > 0$ and $\tau = 0$). @default false */
  nesterov?: boolean;
}

/** Checked SGD hyper-parameters. */
export interface SGDHypers {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/**
 * Check {@link SGDOptions} as PyTorch does. @throws InvalidParamError naming the option
 * @see ../../../../docs/level3-deep/training.md
 */
export function sgdHypers(owner: string, o: SGDOptions): SGDHypers {
  if (o === null || typeof o !== 'object') throw new InvalidParamError(owner, 'options', o, 'an object with at least lr');
  const lr = checkHyper(owner, 'lr', o.lr, 0);
  const momentum = checkHyper(owner, 'momentum', o.momentum ?? 0, 0);
  const dampening = checkHyper(owner, 'dampening', o.dampening ?? 0, 0, 1);
  const weightDecay = checkHyper(owner, 'weightDecay', o.weightDecay ?? 0, 0);
  const nesterov = o.nesterov ?? false;
  if (typeof nesterov !== 'boolean') throw new InvalidParamError(owner, 'nesterov', nesterov, 'true or false');
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new InvalidParamError(owner, 'nesterov', true, `used with momentum > 0 and dampening = 0 (got momentum ${momentum}, dampening ${dampening})`);
  }
  return { lr, momentum, dampening, weightDecay, nesterov };
}

interface SGDState extends StepState {
  buf: Float64Array | null; // momentum buffer b, (n,); null until the first step
}

/**
 * Stochastic gradient descent, PyTorch's form. With $d_t = g_t + \lambda\theta_{t-1}$:
 * $$b_1 = d_1,\qquad b_t = \mu\, b_{t-1} + (1-\tau)\, d_t,$$
 * $$\theta_t = \theta_{t-1} - \eta \begin{cases} d_t + \mu\, b_t & \text{Nesterov,}\\ b_t & \text{momentum } \mu > 0,\\ d_t & \mu = 0. \end{cases}$$
 * $O(n)$ per step; $n$ numbers of state per parameter with momentum.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
export class SGD extends Optimizer<SGDState> {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;

  constructor(params: ParamsArg<Tensor, Module<unknown[], unknown>>, options: SGDOptions) {
    const h = sgdHypers('SGD', options);
    super('SGD', params, h.lr, h.weightDecay);
    this.momentum = h.momentum;
    this.dampening = h.dampening;
    this.nesterov = h.nesterov;
  }

  protected initState(): SGDState {
    return { step: 0, buf: null };
  }

  protected update(p: Float64Array, g: Float64Array, s: SGDState, wd: number): void {
    const { momentum: mu, dampening: tau, nesterov } = this;
    const lr = this.lr;
    if (mu !== 0 && s.buf === null) s.buf = new Float64Array(p.length);
    const buf = s.buf;
    const first = s.step === 1;
    for (let i = 0; i < p.length; i++) {
      let d = wd !== 0 ? g[i]! + wd * p[i]! : g[i]!; // d = g + λθ (d_p.add(param, alpha=λ))
      if (buf !== null) {
        buf[i] = first ? d : buf[i]! * mu + (1 - tau) * d; // b = μb + (1-τ)d (buf.mul_(μ).add_(d, alpha=1-τ)); b₁ = d
        d = nesterov ? d + mu * buf[i]! : buf[i]!; // Nesterov: d + μb; heavy ball: b
      }
      p[i] = p[i]! + -lr * d; // θ ← θ - ηd (param.add_(d, alpha=-η))
    }
  }
}
