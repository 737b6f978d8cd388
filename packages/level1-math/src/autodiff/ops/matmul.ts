/**
 * Matrix product, 2-D and batched: $C = AB$, $C_{ij} = \sum_p A_{ip} B_{pj}$. For rank > 2 the
 * leading (batch) axes broadcast NumPy-style and each batch is one product
 * `(..., m, k) @ (..., k, n) -> (..., m, n)`; each product runs core's cache-blocked kernel.
 *
 * Backward: $\bar A = \bar C B^\top$, $\bar B = A^\top \bar C$, each summed over the batch axes it
 * was broadcast along. $O(\text{batch}\cdot mkn)$ forward, twice that backward.
 *
 * @see ../../../../../docs/level1-math/autodiff.md
 */
import { Matrix, ShapeError, matmul as matmul2d } from '@fpml/core';
import { broadcastShapes, forEachBroadcast, sumTo } from '../broadcast.js';
import { assertTensor, fromOp, type Tensor } from '../tensor.js';
import { formatShape, sizeOf } from '../shape-util.js';
import { transpose } from './shape.js';

/** Swap the last two axes. */
function mT(x: Tensor): Tensor {
  const r = x.rank;
  const perm = Array.from({ length: r }, (_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
  return transpose(x, perm);
}

/**
 * $C = AB$ for `a` (..., m, k) and `b` (..., k, n); both must have rank ≥ 2.
 * @throws ShapeError `matmul: shapes [2,3] and [4,5] do not match (inner dimensions 3 and 4)`.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, 'matmul', 'a');
  assertTensor(b, 'matmul', 'b');
  if (a.rank < 2 || b.rank < 2) {
    throw new ShapeError(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} must both have rank >= 2 (reshape a vector to [n,1] or [1,n])`);
  }
  const m = a.shape[a.rank - 2]!;
  const k = a.shape[a.rank - 1]!;
  const k2 = b.shape[b.rank - 2]!;
  const n = b.shape[b.rank - 1]!;
  if (k !== k2) throw new ShapeError(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not match (inner dimensions ${k} and ${k2})`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(batchA, batchB, 'matmul');
  } catch {
    throw new ShapeError(`matmul: batch dimensions of ${formatShape(a.shape)} and ${formatShape(b.shape)} do not broadcast`);
  }
  const shape = [...batch, m, n];
  const data = new Float64Array(sizeOf(shape)); // (..., m, n)
  const product = (ia: number, ib: number, ic: number): void => {
    const A = new Matrix(m, k, a.data.subarray(ia * m * k, (ia + 1) * m * k)); // (m, k) view
    const B = new Matrix(k, n, b.data.subarray(ib * k * n, (ib + 1) * k * n)); // (k, n) view
    data.set(matmul2d(A, B).data, ic * m * n);
  };
  if (batch.length === 0) product(0, 0, 0);
  else forEachBroadcast(batchA, batchB, batch, (ic, ia, ib) => product(ia, ib, ic));
  return fromOp('matmul', data, shape, [a, b], (g) => [
    a.requiresGrad ? sumTo(matmul(g, mT(b)), a.shape) : null, // dL/dA = dL/dC B^T
    b.requiresGrad ? sumTo(matmul(mT(a), g), b.shape) : null, // dL/dB = A^T dL/dC
  ]);
}
