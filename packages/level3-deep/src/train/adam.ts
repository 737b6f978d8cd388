/**
 * `Adam` (Kingma & Ba 2015, L2 weight decay in the gradient) and `AdamW` (Loshchilov & Hutter
 * 2019, decoupled weight decay), with AMSGrad (Reddi et al. 2018): PyTorch 1.13's
 * `_single_tensor_adam` / `_single_tensor_adamw`, in its order of operations, on the float64
 * reference path.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidParamError } from '@fpml/core';
import type { Tensor } from '@fpml/level1-math';
import type { Module } from '../nn/module.js';
import { Optimizer, checkHyper, type ParamsArg, type StepState } from './optimizer.js';

/** Options of {@link Adam}, {@link AdamW} and their twins. */
export interface AdamOptions {
  /** Learning rate $\eta$. @default 0.001 */
  lr?: number;
  /** Moment decay rates $(\beta_1, \beta_2)$, each in $[0, 1)$. @default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** $\epsilon$ added to the bias-corrected root. @default 1e-8 */
  eps?: number;
  /** Weight decay $\lambda$ (groups may override): L2 in the gradient (Adam) or decoupled (AdamW). @default 0 (Adam), 0.01 (AdamW) */
  weightDecay?: number;
  /** Divide by $\sqrt{\max_{s\le t} v_s}$ (AMSGrad). @default false */
  amsgrad?: boolean;
}

/** Checked Adam hyper-parameters. */
export interface AdamHypers {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/**
 * Check {@link AdamOptions} as PyTorch does. @throws InvalidParamError naming the option
 * @see ../../../../docs/level3-deep/training.md
 */
export function adamHypers(owner: string, o: AdamOptions, decoupled: boolean): AdamHypers {
  if (o === null || typeof o !== 'object') throw new InvalidParamError(owner, 'options', o, 'an object');
  const betas = o.betas ?? [0.9, 0.999];
  if (!Array.isArray(betas) || betas.length !== 2) throw new InvalidParamError(owner, 'betas', betas, 'a pair [beta1, beta2] in [0, 1)');
  const amsgrad = o.amsgrad ?? false;
  if (typeof amsgrad !== 'boolean') throw new InvalidParamError(owner, 'amsgrad', amsgrad, 'true or false');
  return {
    lr: checkHyper(owner, 'lr', o.lr ?? 1e-3, 0),
    beta1: checkHyper(owner, 'betas[0]', betas[0], 0, 1, true),
    beta2: checkHyper(owner, 'betas[1]', betas[1], 0, 1, true),
    eps: checkHyper(owner, 'eps', o.eps ?? 1e-8, 0),
    weightDecay: checkHyper(owner, 'weightDecay', o.weightDecay ?? (decoupled ? 1e-2 : 0), 0),
    amsgrad,
  };
}

interface AdamState extends StepState {
  m: Float64Array; // first moment (exp_avg), (n,)
  v: Float64Array; // second moment (exp_avg_sq), (n,)
  vMax: Float64Array | null; // AMSGrad running maximum of v, (n,)
}

/**
 * Adam with L2 weight decay (PyTorch's `Adam(weight_decay=λ)`). With $d_t = g_t + \lambda\theta_{t-1}$:
 * $$m_t = \beta_1 m_{t-1} + (1-\beta_1) d_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, d_t^2,$$
 * $$\theta_t = \theta_{t-1} - \frac{\eta}{1-\beta_1^t}\cdot\frac{m_t}{\sqrt{v_t}\,/\sqrt{1-\beta_2^t} + \epsilon}$$
 * ($t$ counts this parameter's steps; AMSGrad puts $\max_{s\le t} v_s$ for $v_t$).
 * $O(n)$ per step; $2n$ ($3n$ with AMSGrad) numbers of state.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
export class Adam extends Optimizer<AdamState> {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly amsgrad: boolean;
  /** AdamW: $\theta \leftarrow (1-\eta\lambda)\theta$ first, no L2 term. */
  readonly decoupled: boolean;

  constructor(params: ParamsArg<Tensor, Module<unknown[], unknown>>, options: AdamOptions = {}, decoupled = false) {
    const owner = decoupled ? 'AdamW' : 'Adam';
    const h = adamHypers(owner, options, decoupled);
    super(owner, params, h.lr, h.weightDecay);
    this.beta1 = h.beta1;
    this.beta2 = h.beta2;
    this.eps = h.eps;
    this.amsgrad = h.amsgrad;
    this.decoupled = decoupled;
  }

  protected initState(n: number): AdamState {
    return { step: 0, m: new Float64Array(n), v: new Float64Array(n), vMax: this.amsgrad ? new Float64Array(n) : null };
  }

  protected update(p: Float64Array, g: Float64Array, s: AdamState, wd: number): void {
    const { beta1: b1, beta2: b2, eps, decoupled } = this;
    const lr = this.lr;
    const { m, v, vMax } = s;
    const l2 = decoupled ? 0 : wd;
    const shrink = decoupled ? 1 - lr * wd : 1; // AdamW: param.mul_(1 - ηλ)
    const stepSize = lr / (1 - b1 ** s.step); // η / (1 - β₁ᵗ)
    const bc2Sqrt = Math.sqrt(1 - b2 ** s.step); // √(1 - β₂ᵗ)
    for (let i = 0; i < p.length; i++) {
      const d = l2 !== 0 ? g[i]! + l2 * p[i]! : g[i]!; // d = g + λθ (grad.add(param, alpha=λ))
      if (shrink !== 1) p[i] = p[i]! * shrink; // θ ← (1 - ηλ)θ
      m[i] = m[i]! * b1 + (1 - b1) * d; // m = β₁m + (1-β₁)d (exp_avg.mul_(β₁).add_(d, alpha=1-β₁))
      v[i] = v[i]! * b2 + (1 - b2) * d * d; // v = β₂v + (1-β₂)d² (addcmul_: v + c·d·d)
      let vi = v[i]!;
      if (vMax !== null) vi = vMax[i] = Math.max(vMax[i]!, vi); // AMSGrad: v̂ = max(v̂, v)
      const denom = Math.sqrt(vi) / bc2Sqrt + eps; // √v / √(1-β₂ᵗ) + ε
      p[i] = p[i]! + (-stepSize * m[i]!) / denom; // θ ← θ - (η/(1-β₁ᵗ)) m / denom (addcdiv_: θ + c·m/denom)
    }
  }
}

/**
 * AdamW: Adam with decoupled weight decay (default $\lambda = 0.01$, PyTorch's),
 * $$\theta_t = (1-\eta\lambda)\,\theta_{t-1} - \frac{\eta}{1-\beta_1^t}\cdot\frac{m_t}{\sqrt{v_t}\,/\sqrt{1-\beta_2^t} + \epsilon},$$
 * with $m_t, v_t$ built from the raw gradient $g_t$. $O(n)$ per step.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
export class AdamW extends Adam {
  constructor(params: ParamsArg<Tensor, Module<unknown[], unknown>>, options: AdamOptions = {}) {
    super(params, options, true);
  }
}
