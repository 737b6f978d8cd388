/**
 * Sparse × dense products for the two paths:
 * - {@link spmm}: $Y = S X$ for a {@link CsrMatrix} $S$ and a float64 autodiff `Tensor` $X$, with
 *   backward $\bar X = S^\top \bar Y$ (itself an `spmm`, so higher derivatives work too);
 * - {@link tfDenseMatrix}: the same $S$ as a dense float32 tfjs tensor, for the twins (dense
 *   $O(n^2)$ memory, every backend has `matMul`; fine for graphs up to a few thousand nodes).
 *
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, isRecording } from '@fpml/level1-math';
import type { TfTensor } from '@fpml/level3-deep';
import { csrToDense, csrTranspose, type CsrMatrix } from './graph.js';

/**
 * $Y = S X$, $Y_{i:} = \sum_k S_{i,c_k} X_{c_k:}$ over row $i$'s stored entries. Backward
 * $\bar X = S^\top\bar Y$. Cost $O(\text{nnz}\cdot d)$ forward and backward.
 * @param S (rows, cols)
 * @param X (cols, d)
 * @param transposed $S^\top$ if the caller has it (the backward passes $S$ back, so a second
 *   derivative needs no new transpose); computed on the first backward otherwise
 * @returns (rows, d)
 * @throws ShapeError if X is not a 2-D Tensor with `S.cols` rows.
 * @see ../../../../docs/level4-probabilistic/graph-neural-networks.md
 */
export function spmm(S: CsrMatrix, X: Tensor, transposed?: CsrMatrix): Tensor {
  if (!(X instanceof Tensor) || X.shape.length !== 2 || X.shape[0] !== S.cols) {
    throw new ShapeError(`spmm: X must be a (${S.cols}, d) Tensor, got ${X instanceof Tensor ? `shape [${X.shape.join(', ')}]` : describeValue(X)}`);
  }
  const d = X.shape[1]!;
  const y = new Float64Array(S.rows * d); // (rows, d)
  const x = X.data;
  for (let i = 0; i < S.rows; i++) {
    const yo = i * d;
    for (let k = S.indptr[i]!; k < S.indptr[i + 1]!; k++) {
      const v = S.values[k]!;
      const xo = S.indices[k]! * d;
      for (let c = 0; c < d; c++) y[yo + c]! += v * x[xo + c]!;
    }
  }
  if (!(isRecording() && X.requiresGrad)) return new Tensor(y, [S.rows, d]);
  return new Tensor(y, [S.rows, d], true, [X], (g) => {
    const St = transposed ?? csrTranspose(S);
    return [spmm(St, g, S)]; // d(SX)/dX: X̄ = Sᵀ Ȳ
  }, 'spmm');
}

/** $S$ as a dense float32 tfjs tensor (rows, cols); call inside `tf.tidy`. $O(\text{rows}\cdot\text{cols})$. */
export function tfDenseMatrix(tf: Tf, S: CsrMatrix): TfTensor {
  return tf.tensor2d(Float32Array.from(csrToDense(S).data), [S.rows, S.cols]); // (rows, cols)
}
