/**
 * `fit`: the training loop on the float64 reference path. Each step:
 * $$\text{zeroGrad};\quad L = \text{loss}(\text{model}, \text{batch});\quad \nabla L \text{ by backward};\quad
 *   N = \lVert\nabla L\rVert \text{ (clipped to maxNorm)};\quad \theta \leftarrow \text{optimizer}(\theta, \nabla L),$$
 * with the seeded batch order, schedule, callbacks, early stopping and history of {@link runLoop}.
 * Deterministic: the same seeds give the same history, bit for bit.
 *
 * ```ts
 * const h = fit({
 *   model, optimizer: new AdamW(model, { lr: 1e-2 }), data: rowData({ x, y }), batchSize: 32, epochs: 20, rng: 0,
 *   loss: (m, b) => mse(m.forward(tensor(b.x.data, b.x.shape)), tensor(b.y.data, b.y.shape)),
 *   schedule: warmupCosineLr({ lr: 1e-2, warmupSteps: 10, decaySteps: 200 }), clipGradNorm: 1,
 * });
 * ```
 * Cost per step: the forward and backward passes plus $O(n)$ for the norm and the update.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import { Tensor } from '@fpml/level1-math';
import { Module, type AnyModule } from '../nn/module.js';
import { clipGradNorm } from './clip.js';
import { runLoop, type History, type LoopOptions } from './loop.js';
import { Optimizer } from './optimizer.js';

/** Options of {@link fit}. */
export interface FitOptions<B, M extends AnyModule> extends LoopOptions<B> {
  model: M;
  optimizer: Optimizer;
  /** The scalar training loss of a batch (a recorded computation on `model`'s parameters). */
  loss: (model: M, batch: B) => Tensor;
}

/**
 * Train `model` with `optimizer` on `data` (reference path, synchronous). Returns the {@link History}.
 * The gradient norm (pre-clip 2-norm, or `clipGradNorm.normType`) is recorded at every step.
 * @throws InvalidParamError for bad options; InvalidInputError for a non-scalar or non-finite
 *   loss, a non-finite gradient or validation value (the step is not applied).
 * @see ../../../../docs/level3-deep/training.md
 */
export function fit<B, M extends AnyModule>(o: FitOptions<B, M>): History {
  if (o === null || typeof o !== 'object') throw new InvalidParamError('fit', 'options', o, 'an object');
  const { model, optimizer, loss } = o;
  if (!(model instanceof Module)) throw new InvalidParamError('fit', 'model', model, 'a Module');
  if (!(optimizer instanceof Optimizer)) throw new InvalidParamError('fit', 'optimizer', optimizer, 'an Optimizer (SGD, Adam, AdamW)');
  if (typeof loss !== 'function') throw new InvalidParamError('fit', 'loss', loss, 'a function (model, batch) => scalar Tensor');
  const params = optimizer.params;
  return runLoop('fit', o, {
    optimizer,
    step(idx, clip) {
      const batch = o.data.batch(idx);
      model.zeroGrad();
      optimizer.zeroGrad();
      const L = loss(model, batch);
      if (!(L instanceof Tensor) || L.size !== 1) throw new InvalidInputError(`fit: loss must return a scalar Tensor, got ${L instanceof Tensor ? `shape [${L.shape.join(',')}]` : describeValue(L)}`);
      const value = L.data[0]!;
      if (!Number.isFinite(value)) return { loss: value, gradNorm: null }; // runLoop throws, nothing applied
      if (!L.requiresGrad) throw new InvalidInputError('fit: the loss does not depend on any parameter (was it computed under noGrad, or from detached values?)');
      L.backward();
      const gradNorm = clipGradNorm(params, clip?.maxNorm ?? Infinity, { normType: clip?.normType ?? 2 }); // N before clipping
      optimizer.step();
      return { loss: value, gradNorm };
    },
    ...(o.validate ? { validate: o.validate } : {}),
    snapshot: () => model.stateDict(),
    restore: (sd) => void model.loadStateDict(sd),
    train: () => void model.train(),
  });
}
