/**
 * Neural-network reductions: softmax, logSoftmax, logsumexp, crossEntropy (integer targets) and
 * mse. Every one is computed with the max-shift
 * $$\log\sum_j e^{x_j} = m + \log\sum_j e^{x_j - m},\qquad m = \max_j x_j,$$
 * so no exponential overflows (each term is ≤ 1 and the largest is exactly 1), whatever the
 * magnitude of the logits. Backward rules are written with differentiable ops (they reuse the
 * recorded outputs), so second derivatives such as the Hessian of a cross-entropy work.
 *
 * @see ../../../../../docs/level1-math/autodiff.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { broadcastTo, forEachBroadcast, sameShape } from '../broadcast.js';
import { assertTensor, constant, fromOp, type Tensor } from '../tensor.js';
import { formatShape, normAxes, normAxis, sizeOf } from '../shape-util.js';
import { exp, mul, sub } from './elementwise.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

/** Raw kernel: log-sum-exp over the axes reduced to `kept` (size-1 on reduced axes). */
function lseKernel(x: Tensor, kept: readonly number[]): Float64Array {
  const m = new Float64Array(sizeOf(kept)).fill(-Infinity); // the shift, max_j x_j
  const xd = x.data;
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    if (xd[k]! > m[io]!) m[io] = xd[k]!;
  });
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i]!)) m[i] = 0; // all -inf, or a +inf: no shift (inf - inf would be NaN)
  const s = new Float64Array(m.length);
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    s[io]! += Math.exp(xd[k]! - m[io]!); // each term <= 1; NaN propagates
  });
  for (let i = 0; i < m.length; i++) s[i] = m[i]! + Math.log(s[i]!);
  return s;
}

/**
 * $y = \log\sum_{i \in \text{axes}} e^{x_i}$, stable for any magnitude (±1000 is fine; $-\infty$
 * entries contribute 0). Backward: $\bar x = \bar y\,\mathrm{softmax}(x) = \bar y\, e^{x - y}$.
 * @param axis axis or axes to reduce. @default -1
 */
export function logsumexp(x: Tensor, axis: number | readonly number[] = -1, keepDims = false): Tensor {
  assertTensor(x, 'logsumexp');
  const axes = normAxes(axis, x.shape, 'logsumexp');
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  const y: Tensor = fromOp('logsumexp', lseKernel(x, kept), out, [x], (g) => {
    const yk = reshape(y, kept);
    return [mul(broadcastTo(reshape(g, kept), x.shape), exp(sub(x, yk)))]; // d lse/dx_i = e^(x_i - lse) = softmax_i
  });
  return y;
}

/** Shapes for a single-axis normalisation. */
function axisShape(x: Tensor, axis: number, op: string): number[] {
  const a = normAxis(axis, x.rank, op, x.shape);
  return x.shape.map((d, i) => (i === a ? 1 : d));
}

/**
 * $y_i = e^{x_i} / \sum_j e^{x_j}$ along `axis` (stable: computed as $e^{x_i - \mathrm{lse}(x)}$).
 * Backward: $\bar x = y \odot (\bar y - \langle \bar y, y\rangle)$, the inner product along `axis`.
 * @default axis -1
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  assertTensor(x, 'softmax');
  const kept = axisShape(x, axis, 'softmax');
  const lse = lseKernel(x, kept);
  const data = new Float64Array(x.size);
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    data[k] = Math.exp(x.data[k]! - lse[io]!);
  });
  const y: Tensor = fromOp('softmax', data, x.shape, [x], (g) => [
    mul(y, sub(g, sum(mul(g, y), axis, true))), // d y_i/d x_j = y_i (delta_ij - y_j)
  ]);
  return y;
}

/**
 * $y_i = x_i - \log\sum_j e^{x_j}$ along `axis` (stable). Backward:
 * $\bar x = \bar y - \mathrm{softmax}(x) \sum_j \bar y_j$ with $\mathrm{softmax}(x) = e^{y}$.
 * @default axis -1
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  assertTensor(x, 'logSoftmax');
  const kept = axisShape(x, axis, 'logSoftmax');
  const lse = lseKernel(x, kept);
  const data = new Float64Array(x.size);
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    data[k] = x.data[k]! - lse[io]!;
  });
  const y: Tensor = fromOp('logSoftmax', data, x.shape, [x], (g) => [
    sub(g, mul(exp(y), sum(g, axis, true))), // d y_i/d x_j = delta_ij - softmax_j
  ]);
  return y;
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** How the per-sample losses are combined. @default 'mean' */
  reduction?: 'mean' | 'sum' | 'none';
}

/**
 * Softmax cross-entropy of logits `z` (n, C) against integer classes `targets` (n,):
 * $$\ell_i = \log\sum_c e^{z_{ic}} - z_{i,t_i},\qquad L = \tfrac1n \sum_i \ell_i\ \text{(mean)},$$
 * computed through the stable log-sum-exp (finite for logits of ±1000). Backward:
 * $\bar z_{ic} = \bar\ell_i\,(\mathrm{softmax}(z_i)_c - \mathbb 1[c = t_i])$. $O(nC)$.
 * @throws ShapeError if `z` is not 2-D or the lengths differ; InvalidInputError for a target outside [0, C).
 */
export function crossEntropy(logits: Tensor, targets: ArrayLike<number>, options: CrossEntropyOptions = {}): Tensor {
  assertTensor(logits, 'crossEntropy', 'logits');
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') throw new InvalidParamError('crossEntropy', 'reduction', reduction, "'mean', 'sum' or 'none'");
  if (logits.rank !== 2) throw new ShapeError(`crossEntropy: logits must be 2-D (n, classes), got shape ${formatShape(logits.shape)}`);
  const [n, C] = logits.shape as [number, number];
  if (!(Array.isArray(targets) || ArrayBuffer.isView(targets))) throw new InvalidInputError(`crossEntropy: targets must be an Int32Array or number[], got ${describeValue(targets)}`);
  if (targets.length !== n) throw new ShapeError(`crossEntropy: logits have ${n} rows but targets have ${targets.length} entries`);
  const onehot = new Float64Array(n * C); // (n, C)
  for (let i = 0; i < n; i++) {
    const t = targets[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= C) throw new InvalidInputError(`crossEntropy: targets[${i}] is ${describeValue(t)} but must be an integer class in [0, ${C})`);
    onehot[i * C + t] = 1;
  }
  const lse = lseKernel(logits, [n, 1]); // (n,)
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) losses[i] = lse[i]! - logits.data[i * C + targets[i]!]!;
  let data = losses;
  let shape: number[] = [n];
  if (reduction !== 'none') {
    let s = 0;
    for (let i = 0; i < n; i++) s += losses[i]!;
    data = Float64Array.of(reduction === 'mean' ? s / n : s);
    shape = [];
  }
  const scale = reduction === 'mean' ? 1 / n : 1;
  const T = constant(onehot, [n, C]);
  return fromOp('crossEntropy', data, shape, [logits], (g) => {
    const gRows = reduction === 'none' ? reshape(g, [n, 1]) : mul(g, scale); // (n, 1) or ()
    return [mul(gRows, sub(softmax(logits, -1), T))]; // d l_i/d z_ic = softmax_ic - 1[c = t_i]
  });
}

/**
 * Mean squared error $L = \frac1N \sum_i (p_i - t_i)^2$ over all $N$ elements. Shapes must be
 * equal (no broadcasting, which would hide a transposed target). Backward:
 * $\bar p = \bar L\,\frac2N (p - t)$, $\bar t = -\bar p$.
 * @throws ShapeError when the shapes differ.
 */
export function mse(pred: Tensor, target: Tensor): Tensor {
  assertTensor(pred, 'mse', 'pred');
  assertTensor(target, 'mse', 'target');
  if (!sameShape(pred.shape, target.shape)) throw new ShapeError(`mse: shapes ${formatShape(pred.shape)} and ${formatShape(target.shape)} differ`);
  const N = pred.size;
  let s = 0;
  for (let i = 0; i < N; i++) s += (pred.data[i]! - target.data[i]!) ** 2;
  return fromOp('mse', Float64Array.of(s / N), [], [pred, target], (g) => {
    const r = mul(sub(pred, target), mul(g, 2 / N)); // dL/dp = 2 (p - t) / N
    return [pred.requiresGrad ? r : null, target.requiresGrad ? mul(r, -1) : null]; // dL/dt = -dL/dp
  });
}
