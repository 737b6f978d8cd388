/**
 * Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019, decoupled weight decay), with
 * the AMSGrad variant (Reddi et al. 2018): PyTorch 1.13's `torch.optim.Adam`/`AdamW` updates.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
import { InvalidParamError } from '@fpml/core';
import { Optimizer, checkBoolean, checkNumber } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate $\eta$. @default 0.001 */
  lr?: number;
  /** Decay rates $(\beta_1, \beta_2)$ of the first and second moments, each in [0, 1). @default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** $\epsilon$ added to the root. @default 1e-8 */
  eps?: number;
  /** Weight decay $\lambda$: an L2 term in the gradient (Adam) or decoupled shrinkage (AdamW). @default 0 (Adam), 0.01 (AdamW) */
  weightDecay?: number;
  /** Normalise by the running maximum of $\hat v$ (AMSGrad). @default false */
  amsgrad?: boolean;
}

interface AdamState {
  m: Float64Array; // first moment, (n,)
  v: Float64Array; // second moment, (n,)
  vMax: Float64Array | null; // AMSGrad running max of v, (n,)
}

/**
 * Adam. With $d_t = g_t + \lambda\theta_{t-1}$ (the L2 form; AdamW below decouples it):
 * $$m_t = \beta_1 m_{t-1} + (1-\beta_1) d_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) d_t^2,$$
 * $$\theta_t = \theta_{t-1} - \frac{\eta}{1-\beta_1^t}\,\frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}$$
 * (AMSGrad uses $\max_{s \le t} v_s$ in place of $v_t$). $O(n)$ per step, $2n$ (AMSGrad $3n$) numbers of state.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export class Adam extends Optimizer<AdamState> {
  readonly name: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  /** True for AdamW: $\theta \leftarrow (1 - \eta\lambda)\theta$ before the Adam step, no L2 term. */
  protected readonly decoupled: boolean;

  constructor(options: AdamOptions = {}, decoupled = false) {
    const owner = decoupled ? 'AdamW' : 'Adam';
    super(options.lr ?? 0.001, owner);
    const betas = options.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) throw new InvalidParamError(owner, 'betas', betas, 'a pair [beta1, beta2] in [0, 1)');
    this.beta1 = checkNumber(owner, 'betas[0]', betas[0], { min: 0, max: 1, maxOpen: true });
    this.beta2 = checkNumber(owner, 'betas[1]', betas[1], { min: 0, max: 1, maxOpen: true });
    this.eps = checkNumber(owner, 'eps', options.eps ?? 1e-8, { min: 0 });
    this.weightDecay = checkNumber(owner, 'weightDecay', options.weightDecay ?? (decoupled ? 0.01 : 0), { min: 0 });
    this.amsgrad = checkBoolean(owner, 'amsgrad', options.amsgrad ?? false);
    this.decoupled = decoupled;
  }

  protected initState(n: number): AdamState {
    return { m: new Float64Array(n), v: new Float64Array(n), vMax: this.amsgrad ? new Float64Array(n) : null };
  }

  protected update(p: Float64Array, g: Float64Array, { m, v, vMax }: AdamState, t: number): void {
    const { beta1: b1, beta2: b2, eps, lr } = this;
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const shrink = this.decoupled ? 1 - lr * this.weightDecay : 1;
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + l2 * p[i]!;
      if (shrink !== 1) p[i] = p[i]! * shrink;
      m[i] = b1 * m[i]! + (1 - b1) * d;
      v[i] = b2 * v[i]! + (1 - b2) * d * d;
      let vi = v[i]!;
      if (vMax !== null) vi = vMax[i] = Math.max(vMax[i]!, vi);
      p[i] = p[i]! - stepSize * (m[i]! / (Math.sqrt(vi) / bc2Sqrt + eps));
    }
  }
}

/**
 * AdamW: Adam with decoupled weight decay,
 * $$\theta_t = (1 - \eta\lambda)\,\theta_{t-1} - \frac{\eta}{1-\beta_1^t}\,\frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon},$$
 * with $m_t, v_t$ built from the raw gradient $g_t$. Default $\lambda = 0.01$. $O(n)$ per step.
 *
 * @see ../../../../docs/level1-math/optim.md
 */
export class AdamW extends Adam {
  override readonly name: string = 'adamw';
  constructor(options: AdamOptions = {}) {
    super(options, true);
  }
}
