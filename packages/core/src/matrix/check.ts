/**
 * Boundary conversion for the matrix kernels: accept `MatrixLike`/`VectorLike` once, allow empty
 * and non-finite values (kernels propagate NaN like any arithmetic), and name the argument.
 * Internal to `matrix/`.
 */
import { asMatrix, asVector } from '../validation/validate.js';
import { ShapeError } from '../errors.js';
import type { Matrix, MatrixLike, VectorLike } from './matrix.js';

/** A Matrix as is, or a nested array copied into one. */
export function toMatrix(X: MatrixLike, name: string): Matrix {
  return asMatrix(X, name, { finite: false, minRows: 0, minCols: 0 });
}

/** A Float64Array as is, or any other vector copied into one. */
export function toVector(x: VectorLike, name: string): Float64Array {
  return asVector(x, name, { finite: false, minLength: 0 });
}

/** `3x4`. */
export function dims(X: Matrix): string {
  return `${X.rows}x${X.cols}`;
}

/** @throws ShapeError `fn: A is 3x4 but B is 3x5 (shapes must match)`. */
export function assertSameShape(fn: string, A: Matrix, B: Matrix, a = 'A', b = 'B'): void {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new ShapeError(`${fn}: ${a} is ${dims(A)} but ${b} is ${dims(B)} (shapes must match)`);
  }
}

/** @throws ShapeError `fn: x has 3 entries but y has 4 (lengths must match)`. */
export function assertSameLength(fn: string, x: ArrayLike<number>, y: ArrayLike<number>, a = 'x', b = 'y'): void {
  if (x.length !== y.length) {
    throw new ShapeError(`${fn}: ${a} has ${x.length} entries but ${b} has ${y.length} (lengths must match)`);
  }
}
