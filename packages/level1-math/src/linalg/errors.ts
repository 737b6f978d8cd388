/**
 * Typed errors of the linear-algebra routines. Both extend core's `InvalidInputError`, so a
 * caller catching bad input catches these too.
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { FpmlError, InvalidInputError } from '@fpml/core';

/** A square system has no unique solution: a pivot of its LU factorisation is exactly zero. */
export class SingularMatrixError extends InvalidInputError {
  /** Index of the zero pivot (0-based). */
  readonly pivot: number;
  constructor(fn: string, pivot: number) {
    super(`${fn}: A is singular: pivot ${pivot} is 0 after partial pivoting`);
    this.pivot = pivot;
  }
}

/** Cholesky met a pivot $a_{jj} - \sum_k l_{jk}^2 \le 0$: the matrix is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends InvalidInputError {
  /** Index of the failing pivot (0-based). */
  readonly pivot: number;
  /** Value of the failing pivot. */
  readonly value: number;
  constructor(pivot: number, value: number) {
    super(`A is not positive definite: pivot ${pivot} is ${Number(value.toPrecision(6))}`);
    this.pivot = pivot;
    this.value = value;
  }
}

/**
 * A direct iterative kernel (implicit QL/QR) exceeded its iteration budget. LAPACK reports the
 * same condition as `info > 0`; it does not happen for finite input in practice.
 */
export class LinalgConvergenceError extends FpmlError {
  constructor(fn: string, detail: string) {
    super(`${fn}: ${detail}`);
  }
}
