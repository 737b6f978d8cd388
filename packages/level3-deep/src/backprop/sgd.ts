/**
 * Gradient descent with (heavy-ball) momentum, PyTorch's `torch.optim.SGD(lr, momentum)` with
 * no dampening, no Nesterov and no weight decay:
 * $$v_t = \mu v_{t-1} + g_t\ \ (v_1 = g_1),\qquad \theta_t = \theta_{t-1} - \eta\, v_t.$$
 * With $\mu = 0$ it is plain gradient descent, $\theta \leftarrow \theta - \eta g$. Momentum
 * averages recent gradients, so steps grow along directions where they agree (up to
 * $1/(1 - \mu)$ times) and cancel where they oscillate (Polyak, 1964). $O(p)$ per step for p
 * parameters, plus $O(p)$ memory for the velocities.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError, describeValue } from '@fpml/core';

/** Named parameters or gradients: matrices and vectors, updated in place. */
export type ParamRecord = { readonly [name: string]: Matrix | Float64Array };

/** Options of {@link MomentumSGD}. */
export interface MomentumSGDOptions {
  /** Step size η. @default 0.1 */
  lr?: number;
  /** Momentum μ ∈ [0, 1); 0 is plain gradient descent. @default 0 */
  momentum?: number;
}

const dataOf = (v: Matrix | Float64Array): Float64Array => (v instanceof Matrix ? v.data : v);

/**
 * The optimiser. Keeps one velocity per parameter name, created on the first step.
 * @example
 * const opt = new MomentumSGD({ lr: 0.5, momentum: 0.9 });
 * opt.step(net.params, net.lossAndGrad(X, y).grads);   // extra gradient keys (e.g. X) are ignored
 */
export class MomentumSGD {
  /** η */
  readonly lr: number;
  /** μ */
  readonly momentum: number;
  private readonly velocity = new Map<string, Float64Array>();

  /** @throws InvalidParamError for lr ≤ 0 or momentum outside [0, 1). */
  constructor(options: MomentumSGDOptions = {}) {
    const { lr = 0.1, momentum = 0 } = options;
    if (!(lr > 0) || !Number.isFinite(lr)) throw new InvalidParamError('MomentumSGD', 'lr', lr, 'a finite number > 0');
    if (!(momentum >= 0 && momentum < 1)) throw new InvalidParamError('MomentumSGD', 'momentum', momentum, 'a number in [0, 1)');
    this.lr = lr;
    this.momentum = momentum;
  }

  /**
   * One update of every entry of `params` from the gradient of the same name in `grads`, in place.
   * @throws InvalidInputError if a gradient is missing; ShapeError if its size differs; InvalidInputError for a non-finite gradient.
   */
  step<P extends { [K in keyof P]: Matrix | Float64Array }>(params: P, grads: { readonly [K in keyof P]: Matrix | Float64Array }): void {
    const ps = params as unknown as ParamRecord, gs = grads as unknown as Partial<ParamRecord>;
    for (const name of Object.keys(ps)) {
      const g = gs[name];
      if (g === undefined) throw new InvalidInputError(`MomentumSGD.step: grads has no entry '${name}' (params: ${Object.keys(params).join(', ')})`);
      const p = dataOf(ps[name]!), gd = dataOf(g);
      if (gd.length !== p.length) throw new ShapeError(`MomentumSGD.step: grads.${name} has ${gd.length} entries but params.${name} has ${p.length}`);
      for (let k = 0; k < gd.length; k++) if (!Number.isFinite(gd[k]!)) throw new InvalidInputError(`MomentumSGD.step: grads.${name}[${k}] is ${describeValue(gd[k])}`);
      let v = this.velocity.get(name);
      if (v === undefined) {
        v = Float64Array.from(gd); // v₁ = g₁ (PyTorch's first step)
        this.velocity.set(name, v);
      } else {
        if (v.length !== p.length) throw new ShapeError(`MomentumSGD.step: params.${name} has ${p.length} entries but had ${v.length} at the previous step`);
        for (let k = 0; k < v.length; k++) v[k] = this.momentum * v[k]! + gd[k]!; // v ← μ v + g
      }
      for (let k = 0; k < p.length; k++) p[k] = p[k]! - this.lr * v[k]!; // θ ← θ − η v
    }
  }

  /** Forget the velocities (the next step is plain gradient descent again). */
  reset(): void {
    this.velocity.clear();
  }
}
