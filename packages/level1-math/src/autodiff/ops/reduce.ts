/**
 * Reductions over axes: sum, mean, max. An axis list (or `undefined` for all axes) is reduced;
 * `keepDims` keeps reduced axes as size 1, so the result broadcasts against the input.
 * Backward: the output gradient is broadcast back over the reduced axes (each input element's
 * share of it: all of it for sum, $1/n$ for mean, the argmax's for max).
 *
 * @see ../../../../../docs/level1-math/autodiff.md
 */
import { broadcastTo, forEachBroadcast } from '../broadcast.js';
import { assertTensor, constant, fromOp, type Tensor } from '../tensor.js';
import { normAxes, sizeOf } from '../shape-util.js';
import { mul } from './elementwise.js';
import { reshape } from './shape.js';

/** Shapes of a reduction: with reduced axes kept as 1, and the final output shape. */
function reducedShapes(x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean, op: string) {
  const axes = normAxes(axis, x.shape, op);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  return { axes, kept, out, count: sizeOf(axes.map((a) => x.shape[a]!)) };
}

/** Broadcast an output gradient `g` back to the input shape (the shared backward of the reductions). */
function expandBack(g: Tensor, kept: readonly number[], x: Tensor): Tensor {
  return broadcastTo(reshape(g, kept), x.shape);
}

/**
 * $y = \sum_{i \in \text{axes}} x_i$. Backward: $\bar x_i = \bar y$ (broadcast). $O(|x|)$.
 * @param axis axis or axes to reduce (negative counts from the end); all when omitted.
 * @throws ShapeError for an axis out of range or repeated.
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  assertTensor(x, 'sum');
  const { kept, out } = reducedShapes(x, axis, keepDims, 'sum');
  const data = new Float64Array(sizeOf(kept));
  const xd = x.data;
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    data[io]! += xd[k]!;
  });
  return fromOp('sum', data, out, [x], (g) => [
    expandBack(g, kept, x), // d(sum x)/dx_i = 1
  ]);
}

/** $y = \frac1n \sum_{i \in \text{axes}} x_i$ with $n$ the number of reduced elements. Backward: $\bar x_i = \bar y / n$. */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  assertTensor(x, 'mean');
  const { kept, out, count } = reducedShapes(x, axis, keepDims, 'mean');
  const data = new Float64Array(sizeOf(kept));
  const xd = x.data;
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    data[io]! += xd[k]!;
  });
  for (let i = 0; i < data.length; i++) data[i]! /= count;
  return fromOp('mean', data, out, [x], (g) => [
    mul(expandBack(g, kept, x), 1 / count), // d(mean x)/dx_i = 1/n
  ]);
}

/**
 * $y = \max_{i \in \text{axes}} x_i$ (NaN if any reduced element is NaN). Backward: the gradient
 * goes to the maximising elements, split equally among ties (PyTorch's `amax` rule), so it is
 * a valid subgradient. The mask is a constant: second derivatives through max are those of the
 * selected element.
 */
export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  assertTensor(x, 'max');
  const { kept, out } = reducedShapes(x, axis, keepDims, 'max');
  const data = new Float64Array(sizeOf(kept)).fill(-Infinity);
  const xd = x.data;
  forEachBroadcast(kept, [], x.shape, (k, io) => {
    const v = xd[k]!;
    if (v > data[io]! || Number.isNaN(v)) data[io] = v;
  });
  return fromOp('max', data, out, [x], (g) => {
    const count = new Float64Array(data.length);
    const w = new Float64Array(x.size);
    forEachBroadcast(kept, [], x.shape, (k, io) => {
      if (xd[k] === data[io]) count[io]!++;
    });
    forEachBroadcast(kept, [], x.shape, (k, io) => {
      if (xd[k] === data[io]) w[k] = 1 / count[io]!;
    });
    return [mul(expandBack(g, kept, x), constant(w, x.shape))]; // d(max x)/dx_i = 1[x_i = max] / #ties
  });
}
