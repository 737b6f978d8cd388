/**
 * Boundary checks shared by the linear-algebra routines (internal): a finite matrix, a square
 * one, a symmetric one, and a right-hand side. Every message names the function and argument.
 */
import { InvalidInputError, Matrix, ShapeError, asMatrix, describeValue, type MatrixLike } from '@fpml/core';

/** A finite, non-empty Matrix (no copy when `A` is already one). */
export function finiteMatrix(A: MatrixLike, fn: string, name = 'A'): Matrix {
  if (!(A instanceof Matrix) && !Array.isArray(A)) {
    throw new InvalidInputError(`${fn}: ${name} must be a Matrix or number[][], got ${describeValue(A)}`);
  }
  try {
    return asMatrix(A, name);
  } catch (err) {
    if (err instanceof Error) err.message = `${fn}: ${err.message}`;
    throw err;
  }
}

/** @throws ShapeError `fn: A must be square, got 3x4`. */
export function squareMatrix(A: MatrixLike, fn: string, name = 'A'): Matrix {
  const M = finiteMatrix(A, fn, name);
  if (M.rows !== M.cols) throw new ShapeError(`${fn}: ${name} must be square, got ${M.rows}x${M.cols}`);
  return M;
}

/**
 * Relative asymmetry allowed: $|a_{ij} - a_{ji}| \le \tau \max_{kl}|a_{kl}|$ with
 * $\tau = \sqrt{\varepsilon} \approx 1.5\cdot10^{-8}$ (rounding in $X^\top X$ stays far below it).
 */
export const SYMMETRY_RTOL = Math.sqrt(2 ** -52);

/** @throws InvalidInputError `eigh: A is not symmetric: A[0][2] = 1 but A[2][0] = 3`. */
export function symmetricMatrix(A: MatrixLike, fn: string, name = 'A'): Matrix {
  const M = squareMatrix(A, fn, name);
  const n = M.rows, a = M.data;
  let maxAbs = 0;
  for (let k = 0; k < a.length; k++) maxAbs = Math.max(maxAbs, Math.abs(a[k]!));
  const tol = SYMMETRY_RTOL * maxAbs;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j]!, y = a[j * n + i]!;
      if (Math.abs(x - y) > tol) {
        throw new InvalidInputError(`${fn}: ${name} is not symmetric: ${name}[${i}][${j}] = ${x} but ${name}[${j}][${i}] = ${y}`);
      }
    }
  }
  return M;
}

/**
 * A right-hand side with `rows` rows: a Matrix (rows, k), a nested array, or a vector (rows,)
 * read as one column. Returns the matrix and whether the input was a vector.
 */
export function rightHandSide(b: unknown, rows: number, fn: string): { B: Matrix; vector: boolean } {
  let B: Matrix;
  let vector = false;
  if (b instanceof Float64Array || (Array.isArray(b) && b.every((v) => typeof v === 'number'))) {
    const v = b instanceof Float64Array ? b : Float64Array.from(b as number[]);
    B = new Matrix(v.length, 1, v);
    vector = true;
  } else if (b instanceof Matrix || Array.isArray(b)) {
    B = finiteMatrix(b as MatrixLike, fn, 'b');
  } else {
    throw new InvalidInputError(`${fn}: b must be a Matrix or Float64Array, got ${describeValue(b)}`);
  }
  if (vector) {
    for (let i = 0; i < B.data.length; i++) {
      if (!Number.isFinite(B.data[i]!)) {
        throw new InvalidInputError(`${fn}: b contains ${describeValue(B.data[i])} at index ${i}; remove or impute non-finite values first`);
      }
    }
  }
  if (B.rows !== rows) throw new ShapeError(`${fn}: b has ${B.rows} rows but A has ${rows} (they must match)`);
  return { B, vector };
}

/** Largest absolute entry, $\max_k |a_k|$. */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k]!);
    if (v > m) m = v;
  }
  return m;
}
