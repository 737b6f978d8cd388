/**
 * Cholesky factorisation of a symmetric positive definite matrix.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { Matrix, type MatrixLike } from '@fpml/core';
import { NotPositiveDefiniteError } from './errors.js';
import { symmetricMatrix } from './validate.js';

/**
 * Lower-triangular $L$ with positive diagonal such that $$A = LL^\top,\qquad
 * l_{jj} = \sqrt{a_{jj} - \textstyle\sum_{k<j} l_{jk}^2},\qquad l_{ij} = \big(a_{ij} - \textstyle\sum_{k<j} l_{ik}l_{jk}\big)/l_{jj}.$$
 * Row-oriented (each $l_{ij}$ is a dot product of two contiguous row prefixes). Backward stable
 * without pivoting; fails exactly when a pivot is $\le 0$, i.e. when A is not numerically
 * positive definite (eigenvalues $\lesssim n\varepsilon\lVert A\rVert$ may go either way). $\tfrac13 n^3$ flops.
 *
 * @param A (n, n) symmetric (checked as in {@link eigh}; the lower triangle is used).
 * @returns L (n, n), zeros above the diagonal.
 * @throws NotPositiveDefiniteError `A is not positive definite: pivot 3 is -0.2`; ShapeError if not
 *   square; InvalidInputError for NaN/Inf or an asymmetric A.
 * @see ../../../../docs/level1-math/linalg.md
 */
export function cholesky(A: MatrixLike): Matrix {
  const M = symmetricMatrix(A, 'cholesky');
  const n = M.rows, a = M.data;
  const L = new Matrix(n, n);
  const l = L.data;
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    let s = a[oj + j]!;
    for (let k = 0; k < j; k++) s -= l[oj + k]! * l[oj + k]!;
    if (!(s > 0)) throw new NotPositiveDefiniteError(j, s);
    const d = Math.sqrt(s);
    l[oj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const oi = i * n;
      let t = a[oi + j]!;
      for (let k = 0; k < j; k++) t -= l[oi + k]! * l[oj + k]!;
      l[oi + j] = t / d;
    }
  }
  return L;
}
