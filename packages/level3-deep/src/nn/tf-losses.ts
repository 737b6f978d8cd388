/**
 * tfjs forms of ./losses.ts (same equations, options and errors), built from tfjs ops whose
 * registered gradients give the backward. Call inside `tf.tidy` (or a `variableGrads` /
 * `minimize` closure); they never dispose their inputs.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { checkClassTargets, checkCrossEntropyOptions, checkReduction, type CrossEntropyLossOptions, type Reduction, type ReductionOptions } from './losses.js';
import type { TfTensor } from './tf-module.js';

function assertTf(tf: Tf, owner: string, name: string, x: unknown): asserts x is TfTensor {
  if (!(x instanceof tf.Tensor)) throw new InvalidInputError(`${owner}: ${name} must be a tf.Tensor, got ${describeValue(x)}`);
}

function reduce(tf: Tf, x: TfTensor, reduction: Reduction): TfTensor {
  return reduction === 'mean' ? tf.mean(x) : reduction === 'sum' ? tf.sum(x) : x;
}

function checkSameShape(owner: string, a: TfTensor, b: TfTensor, an: string, bn: string): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${owner}: ${an} and ${bn} must have the same shape (no broadcasting), got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
}

/**
 * tfjs {@link crossEntropyLoss}: logits `(N, C)` float32, targets `(N,)` int32.
 * $\ell_i = \mathrm{logSumExp}(z_i) - \sum_c q_{ic} z_{ic}$ with the smoothed one-hot $q$ built on
 * the device (`oneHot`), $z$ replaced by 0 where $q = 0$ (so masked $-\infty$ logits give no NaN).
 * The targets are read back once (`dataSync`, $O(N)$) to validate them and count the rows.
 * @throws as {@link crossEntropyLoss}, plus ShapeError for non-int32 targets.
 */
export function tfCrossEntropyLoss(tf: Tf, logits: TfTensor, targets: TfTensor, options: CrossEntropyLossOptions = {}): TfTensor {
  const owner = 'tfCrossEntropyLoss';
  const { reduction, eps, ignoreIndex } = checkCrossEntropyOptions(owner, options);
  assertTf(tf, owner, 'logits', logits);
  assertTf(tf, owner, 'targets', targets);
  if (logits.rank !== 2) throw new ShapeError(`${owner}: logits must be 2-D (N, C), got shape [${logits.shape.join(', ')}]`);
  if (targets.dtype !== 'int32' || targets.rank !== 1) throw new ShapeError(`${owner}: targets must be a 1-D int32 tensor, got ${targets.dtype} of shape [${targets.shape.join(', ')}]`);
  const [N, C] = logits.shape as [number, number];
  const { count } = checkClassTargets(owner, targets.dataSync(), N, C, ignoreIndex, reduction);
  const valid = tf.notEqual(targets, ignoreIndex); // (N,) bool
  const safe = tf.where(valid, targets, tf.zerosLike(targets)); // (N,) ignored rows point at class 0
  const keep = tf.cast(valid, 'float32'); // (N,)
  const q = tf.add(tf.mul(tf.oneHot(safe, C), 1 - eps), eps / C); // (N, C) smoothed targets
  const zq = tf.where(tf.greater(q, 0), logits, tf.zerosLike(logits)); // (N, C) no -inf * 0
  const losses = tf.mul(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(q, zq), 1)), keep); // (N,), 0 on ignored rows
  if (reduction === 'none') return losses;
  const total = tf.sum(losses); // ()
  return reduction === 'mean' ? tf.div(total, count) : total;
}

/**
 * tfjs {@link mseLoss}: $(p - y)^2$ reduced (`squaredDifference`). Gradients reach both arguments.
 * @throws ShapeError for different shapes.
 */
export function tfMseLoss(tf: Tf, pred: TfTensor, target: TfTensor, options: ReductionOptions = {}): TfTensor {
  const owner = 'tfMseLoss';
  const reduction = checkReduction(owner, options?.reduction);
  assertTf(tf, owner, 'pred', pred);
  assertTf(tf, owner, 'target', target);
  checkSameShape(owner, pred, target, 'pred', 'target');
  return reduce(tf, tf.squaredDifference(pred, target), reduction);
}

/**
 * tfjs {@link bceWithLogitsLoss}: $\mathrm{softplus}(z) - z\,y$, which is the same stable form
 * ($\mathrm{softplus}(z) = \max(z,0) + \log(1+e^{-|z|})$; tfjs's kernel thresholds large $|z|$) and
 * whose registered gradient $\sigma(z)$ is exact at $z = 0$. $\bar y = -\bar\ell z$.
 * Targets are not range-checked here (that would need a read-back); pass probabilities.
 * @throws ShapeError for different shapes.
 */
export function tfBceWithLogitsLoss(tf: Tf, logits: TfTensor, target: TfTensor, options: ReductionOptions = {}): TfTensor {
  const owner = 'tfBceWithLogitsLoss';
  const reduction = checkReduction(owner, options?.reduction);
  assertTf(tf, owner, 'logits', logits);
  assertTf(tf, owner, 'target', target);
  checkSameShape(owner, logits, target, 'logits', 'target');
  return reduce(tf, tf.sub(tf.softplus(logits), tf.mul(logits, target)), reduction);
}
