/**
 * Full-batch training of the hand-written networks: every epoch is one forward pass over all of
 * X, one backward pass and one optimiser step,
 * $$\theta \leftarrow \theta - \eta\, v,\qquad v \leftarrow \mu v + \nabla_\theta L(\theta),$$
 * no shuffling and no randomness, so a run is a deterministic function of the initial weights.
 * Cost: `epochs` × (forward + backward), e.g. $O(\text{epochs}\cdot n(dH + HK))$ for {@link Mlp2}.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidInputError, InvalidParamError, describeValue, type Matrix, type MatrixLike } from '@fpml/core';
import { MomentumSGD, type MomentumSGDOptions } from './sgd.js';

/** A model {@link trainFullBatch} can train: live parameters and a loss with gradients of the same names. */
export interface Trainable<P extends { [K in keyof P]: Matrix | Float64Array }> {
  readonly params: P;
  lossAndGrad(X: MatrixLike, y: ArrayLike<number>): { loss: number; grads: { readonly [K in keyof P]: Matrix | Float64Array } };
}

/** Options of {@link trainFullBatch}. */
export interface TrainOptions extends MomentumSGDOptions {
  /** Full-batch steps. @default 1000 */
  epochs?: number;
  /** Called after each step with the epoch and the loss before the step (e.g. to log a curve). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Train `model` in place by full-batch gradient descent with momentum ({@link MomentumSGD}).
 * @returns the loss before each step, (epochs,), then the final loss as the last entry (length epochs + 1)
 * @throws InvalidParamError for a bad epoch count (and the optimiser's own, e.g. lr ≤ 0);
 *   InvalidInputError when the loss or a gradient stops being finite (the steps diverged: lower lr).
 */
export function trainFullBatch<P extends { [K in keyof P]: Matrix | Float64Array }>(model: Trainable<P>, X: MatrixLike, y: ArrayLike<number>, options: TrainOptions = {}): Float64Array {
  const epochs = options.epochs ?? 1000;
  if (!Number.isInteger(epochs) || epochs < 0) throw new InvalidParamError('trainFullBatch', 'epochs', epochs, 'an integer ≥ 0');
  const opt = new MomentumSGD(options);
  const losses = new Float64Array(epochs + 1);
  for (let t = 0; t < epochs; t++) {
    const { loss, grads } = model.lossAndGrad(X, y);
    if (!Number.isFinite(loss)) throw new InvalidInputError(`trainFullBatch: the loss before step ${t} is ${describeValue(loss)}: the steps diverged (lr ${opt.lr}, momentum ${opt.momentum}); lower lr`);
    losses[t] = loss;
    opt.step(model.params, grads);
    options.onEpoch?.(t, loss);
  }
  const last = model.lossAndGrad(X, y).loss;
  if (!Number.isFinite(last)) throw new InvalidInputError(`trainFullBatch: the loss after step ${epochs - 1} is ${describeValue(last)}: the steps diverged (lr ${opt.lr}, momentum ${opt.momentum}); lower lr`);
  losses[epochs] = last;
  return losses;
}
