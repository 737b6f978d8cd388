/**
 * Element-wise matrix arithmetic and BLAS-1 vector operations on the float64 reference path:
 * add, sub, scale, hadamard, axpy, dot, the l1/l2/inf vector norms, the Frobenius norm and sum.
 * Every function is $O(\text{size})$, allocates at most its result, and accepts
 * `MatrixLike`/`VectorLike` (converted once at the boundary).
 *
 * @see ../../../../docs/core/matrix.md
 */
import { InvalidParamError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { assertSameLength, assertSameShape, toMatrix, toVector } from './check.js';

/** $C = A + B$ element-wise. @param A (n, d) @param B (n, d) @throws ShapeError unless the shapes match. */
export function add(A: MatrixLike, B: MatrixLike): Matrix {
  const a = toMatrix(A, 'A'), b = toMatrix(B, 'B');
  assertSameShape('add', a, b);
  const out = new Matrix(a.rows, a.cols); // (n, d)
  const x = a.data, y = b.data, z = out.data;
  for (let k = 0; k < z.length; k++) z[k] = x[k]! + y[k]!;
  return out;
}

/** $C = A - B$ element-wise. @param A (n, d) @param B (n, d) @throws ShapeError unless the shapes match. */
export function sub(A: MatrixLike, B: MatrixLike): Matrix {
  const a = toMatrix(A, 'A'), b = toMatrix(B, 'B');
  assertSameShape('sub', a, b);
  const out = new Matrix(a.rows, a.cols); // (n, d)
  const x = a.data, y = b.data, z = out.data;
  for (let k = 0; k < z.length; k++) z[k] = x[k]! - y[k]!;
  return out;
}

/** Hadamard (element-wise) product $C = A \odot B$, $C_{ij} = A_{ij}B_{ij}$. @throws ShapeError unless the shapes match. */
export function hadamard(A: MatrixLike, B: MatrixLike): Matrix {
  const a = toMatrix(A, 'A'), b = toMatrix(B, 'B');
  assertSameShape('hadamard', a, b);
  const out = new Matrix(a.rows, a.cols); // (n, d)
  const x = a.data, y = b.data, z = out.data;
  for (let k = 0; k < z.length; k++) z[k] = x[k]! * y[k]!;
  return out;
}

/** $C = \alpha A$. @throws InvalidParamError if alpha is not a number. */
export function scale(A: MatrixLike, alpha: number): Matrix {
  const a = toMatrix(A, 'A');
  if (typeof alpha !== 'number') throw new InvalidParamError('scale', 'alpha', alpha, 'a number');
  const out = new Matrix(a.rows, a.cols); // (n, d)
  const x = a.data, z = out.data;
  for (let k = 0; k < z.length; k++) z[k] = alpha * x[k]!;
  return out;
}

/**
 * In place $y \leftarrow y + \alpha x$ (BLAS axpy); returns `y`. For matrices pass `A.data`.
 * @param x (n,) @param y (n,), modified
 * @throws ShapeError unless the lengths match; InvalidParamError if alpha is not a number.
 */
export function axpy(alpha: number, x: VectorLike, y: Float64Array): Float64Array {
  if (typeof alpha !== 'number') throw new InvalidParamError('axpy', 'alpha', alpha, 'a number');
  if (!(y instanceof Float64Array)) throw new InvalidParamError('axpy', 'y', y, 'a Float64Array (it is updated in place)');
  const v = toVector(x, 'x');
  assertSameLength('axpy', v, y);
  for (let k = 0; k < y.length; k++) y[k] = y[k]! + alpha * v[k]!;
  return y;
}

/** Inner product $x^\top y = \sum_i x_i y_i$. @throws ShapeError unless the lengths match. */
export function dot(x: VectorLike, y: VectorLike): number {
  const a = toVector(x, 'x'), b = toVector(y, 'y');
  assertSameLength('dot', a, b);
  let s0 = 0, s1 = 0;
  let k = 0;
  for (; k + 1 < a.length; k += 2) {
    s0 += a[k]! * b[k]!;
    s1 += a[k + 1]! * b[k + 1]!;
  }
  if (k < a.length) s0 += a[k]! * b[k]!;
  return s0 + s1;
}

/** $\lVert x\rVert_1 = \sum_i |x_i|$. */
export function norm1(x: VectorLike): number {
  const v = toVector(x, 'x');
  let s = 0;
  for (let k = 0; k < v.length; k++) s += Math.abs(v[k]!);
  return s;
}

/** Euclidean norm of a Float64Array; rescales by $\max|x_i|$ only if the plain sum over- or underflows. */
function l2(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  if (s > 1e-280 && s < Infinity) return Math.sqrt(s);
  let m = 0;
  for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]!));
  if (m === 0 || !Number.isFinite(m)) return Number.isNaN(s) ? NaN : m;
  let t = 0;
  for (let k = 0; k < v.length; k++) {
    const r = v[k]! / m;
    t += r * r;
  }
  return m * Math.sqrt(t);
}

/**
 * $\lVert x\rVert_2 = \sqrt{\sum_i x_i^2}$, safe from overflow and underflow
 * (rescaled by $\max_i|x_i|$ when the plain sum of squares leaves the normal range).
 */
export function norm2(x: VectorLike): number {
  return l2(toVector(x, 'x'));
}

/** $\lVert x\rVert_\infty = \max_i |x_i|$ (0 for an empty vector; NaN if any entry is NaN). */
export function normInf(x: VectorLike): number {
  const v = toVector(x, 'x');
  let m = 0;
  for (let k = 0; k < v.length; k++) {
    const a = Math.abs(v[k]!);
    if (a > m || Number.isNaN(a)) m = a;
    if (Number.isNaN(m)) return NaN;
  }
  return m;
}

/** Frobenius norm $\lVert A\rVert_F = \sqrt{\sum_{ij} A_{ij}^2}$, overflow-safe like {@link norm2}. */
export function frobenius(A: MatrixLike): number {
  return l2(toMatrix(A, 'A').data);
}

/** Sum of all entries of a matrix or a vector, $\sum_{ij} A_{ij}$. */
export function sum(A: MatrixLike | VectorLike): number {
  const data = A instanceof Matrix || (Array.isArray(A) && A.length > 0 && Array.isArray(A[0]))
    ? toMatrix(A as MatrixLike, 'A').data
    : toVector(A as VectorLike, 'A');
  let s = 0;
  for (let k = 0; k < data.length; k++) s += data[k]!;
  return s;
}
