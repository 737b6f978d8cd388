/**
 * `tfFit`: the training loop on the tfjs path, the twin of {@link fit}. Each step runs inside
 * one `tf.tidy`:
 * ```
 * tidy { batch = data.batch(idx); { value, grads } = variableGrads(() => loss(model, batch), optimizer.params);
 *        read value; N = optimizer.step(grads, { maxGradNorm }) }
 * ```
 * so everything a step creates (the batch's tensors, the graph, the gradients) is freed with it;
 * only the variables change. Two scalar reads per step (the loss, and the norm when tracked).
 * Same seeded order, schedule, callbacks, early stopping and history as {@link fit}.
 *
 * A `loss` that throws leaves behind the tensors tfjs saved for the backward pass (a tfjs
 * limitation: `variableGrads` does not free its tape on an exception); the checks here do not throw
 * from inside it.
 *
 * @see ../../../../docs/level3-deep/training.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '@fpml/core';
import type { Scalar } from '@tensorflow/tfjs';
import { TfModule, type AnyTfModule, type TfTensor } from '../nn/tf-module.js';
import { runLoop, type History, type LoopOptions } from './loop.js';
import { TfOptimizer } from './tf-optimizer.js';

/** Options of {@link tfFit}. */
export interface TfFitOptions<B, M extends AnyTfModule> extends LoopOptions<B> {
  model: M;
  optimizer: TfOptimizer;
  /** The scalar training loss of a batch; build the batch's tensors here or in `data.batch` (both run inside the step's tidy). */
  loss: (model: M, batch: B) => TfTensor;
  /** Measure the global gradient norm when not clipping (a few ops and one scalar read per step). @default true */
  trackGradNorm?: boolean;
}

/**
 * Train a twin (synchronous; reads two scalars per step). Returns the {@link History}.
 * `validate` runs inside a `tf.tidy` too.
 * @throws as {@link fit}.
 * @see ../../../../docs/level3-deep/training.md
 */
export function tfFit<B, M extends AnyTfModule>(o: TfFitOptions<B, M>): History {
  if (o === null || typeof o !== 'object') throw new InvalidParamError('tfFit', 'options', o, 'an object');
  const { model, optimizer, loss } = o;
  if (!(model instanceof TfModule)) throw new InvalidParamError('tfFit', 'model', model, 'a TfModule');
  if (!(optimizer instanceof TfOptimizer)) throw new InvalidParamError('tfFit', 'optimizer', optimizer, 'a TfOptimizer (TfSGD, TfAdam, TfAdamW)');
  if (typeof loss !== 'function') throw new InvalidParamError('tfFit', 'loss', loss, 'a function (model, batch) => scalar tf.Tensor');
  const track = o.trackGradNorm ?? true;
  if (typeof track !== 'boolean') throw new InvalidParamError('tfFit', 'trackGradNorm', track, 'true or false');
  const tf = model.tf;
  const params = optimizer.params.slice();
  const validate = o.validate;
  return runLoop('tfFit', o, {
    optimizer,
    step(idx, clip) {
      let out = { loss: Number.NaN, gradNorm: null as number | null };
      tf.tidy(() => {
        const batch = o.data.batch(idx);
        let bad: string | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const L = loss(model, batch);
          if (L instanceof tf.Tensor && L.size === 1) return L.reshape([]) as Scalar;
          // throwing here would strand the tensors tfjs keeps for the backward pass: finish, then throw
          bad = L instanceof tf.Tensor ? `shape [${L.shape.join(',')}]` : describeValue(L);
          return (L instanceof tf.Tensor ? tf.sum(L) : tf.sum(params[0]!)) as Scalar;
        }, params);
        if (bad !== null) throw new InvalidInputError(`tfFit: loss must return a scalar tf.Tensor, got ${bad}`);
        const v = value.dataSync()[0]!;
        if (!Number.isFinite(v)) {
          out = { loss: v, gradNorm: null }; // runLoop throws, nothing applied
          return;
        }
        const maxGradNorm = clip?.maxNorm ?? (track ? Infinity : undefined);
        const gradNorm = optimizer.step(grads, maxGradNorm === undefined ? {} : { maxGradNorm, normType: clip?.normType ?? 2 });
        out = { loss: v, gradNorm };
      });
      return out;
    },
    ...(validate ? { validate: () => {
      let v = Number.NaN;
      tf.tidy(() => void (v = validate()));
      return v;
    } } : {}),
    snapshot: () => model.stateDict(),
    restore: (sd) => void model.loadStateDict(sd),
    train: () => void model.train(),
  });
}
