/**
 * NumPy broadcasting, and its two differentiable ops: {@link broadcastTo} and its adjoint
 * {@link sumTo}.
 *
 * Shapes are aligned on the right; two dimensions agree when they are equal or one is 1, and the
 * result takes the larger. An input $x$ broadcast to $y$ is read at offset $\sum_d s_d i_d$ with
 * stride $s_d = 0$ on a broadcast axis. Backward: every output element that read $x_j$ adds its
 * gradient into $\bar x_j$, i.e. $\bar x = \mathrm{sumTo}(\bar y, \mathrm{shape}(x))$, which sums over
 * the prepended axes and over the axes where $x$ had size 1.
 *
 * @see ../../../../docs/level1-math/autodiff.md
 */
import { ShapeError } from '@fpml/core';
import { fromOp, assertTensor, type Tensor } from './tensor.js';
import { formatShape, sizeOf } from './shape-util.js';

/** True when both shapes have the same dimensions. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The broadcast shape of `a` and `b`.
 * @throws ShapeError `add: shapes [2,3] and [4] do not broadcast`.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], op = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new ShapeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides for reading `shape` as if it had `target` shape (0 on broadcast axes). */
function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const rank = target.length;
  const s = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    s[rank - shape.length + i] = d === 1 ? 0 : acc;
    acc *= d;
  }
  return s;
}

/**
 * Walk the elements of `target` in row-major order, calling `visit(k, offsetA, offsetB)` with the
 * offsets of the broadcast inputs of shapes `a` and `b`. $O(\prod \mathrm{target})$.
 */
export function forEachBroadcast(a: readonly number[], b: readonly number[], target: readonly number[], visit: (k: number, ia: number, ib: number) => void): void {
  const n = sizeOf(target);
  if (n === 0) return;
  const rank = target.length;
  const sa = broadcastStrides(a, target);
  const sb = broadcastStrides(b, target);
  const idx = new Int32Array(rank);
  let ia = 0;
  let ib = 0;
  for (let k = 0; k < n; k++) {
    visit(k, ia, ib);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      ia += sa[d]!;
      ib += sb[d]!;
      if (idx[d]! < target[d]!) break;
      ia -= sa[d]! * target[d]!;
      ib -= sb[d]! * target[d]!;
      idx[d] = 0;
    }
  }
}

/** Apply `f` elementwise over the broadcast of `a` and `b` (raw kernel, no graph). */
export function mapBinary(a: Tensor, b: Tensor, outShape: readonly number[], f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(sizeOf(outShape));
  const ad = a.data;
  const bd = b.data;
  if (sameShape(a.shape, outShape) && sameShape(b.shape, outShape)) {
    for (let k = 0; k < out.length; k++) out[k] = f(ad[k]!, bd[k]!);
  } else if (sameShape(a.shape, outShape) && b.size === 1) {
    const y = bd[0]!;
    for (let k = 0; k < out.length; k++) out[k] = f(ad[k]!, y);
  } else if (sameShape(b.shape, outShape) && a.size === 1) {
    const x = ad[0]!;
    for (let k = 0; k < out.length; k++) out[k] = f(x, bd[k]!);
  } else {
    forEachBroadcast(a.shape, b.shape, outShape, (k, ia, ib) => {
      out[k] = f(ad[ia]!, bd[ib]!);
    });
  }
  return out;
}

/**
 * Repeat `x` along broadcast axes to `shape`: $y_{i} = x_{\pi(i)}$.
 * Backward: $\bar x = \mathrm{sumTo}(\bar y, \mathrm{shape}(x))$.
 * @throws ShapeError when `x` does not broadcast to `shape`.
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor(x, 'broadcastTo');
  const out = broadcastShapes(x.shape, shape, 'broadcastTo');
  if (!sameShape(out, shape)) throw new ShapeError(`broadcastTo: shape ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`);
  if (sameShape(x.shape, shape)) return x;
  const data = new Float64Array(sizeOf(shape));
  const xd = x.data;
  forEachBroadcast(x.shape, [], shape, (k, ix) => {
    data[k] = xd[ix]!;
  });
  return fromOp('broadcastTo', data, shape, [x], (g) => [
    sumTo(g, x.shape), // d y_i / d x_j = 1 for every i that reads j
  ]);
}

/**
 * Sum `x` down to `shape` (the adjoint of {@link broadcastTo}): sums over leading axes and over
 * axes where `shape` has size 1. Backward: $\bar x = \mathrm{broadcastTo}(\bar y, \mathrm{shape}(x))$.
 * @throws ShapeError when `shape` does not broadcast to `x.shape`.
 */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor(x, 'sumTo');
  if (sameShape(x.shape, shape)) return x;
  const b = broadcastShapes(shape, x.shape, 'sumTo');
  if (!sameShape(b, x.shape)) throw new ShapeError(`sumTo: shape ${formatShape(x.shape)} cannot be summed to ${formatShape(shape)}`);
  const data = new Float64Array(sizeOf(shape));
  const xd = x.data;
  forEachBroadcast(shape, [], x.shape, (k, io) => {
    data[io]! += xd[k]!;
  });
  return fromOp('sumTo', data, shape, [x], (g) => [
    broadcastTo(g, x.shape), // d y_j / d x_i = 1 for every i summed into j
  ]);
}
