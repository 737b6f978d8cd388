/**
 * Boundary checks shared by the hand-written networks ({@link ./mlp1.ts}, {@link ./mlp2.ts}):
 * inputs are converted once and rejected with core's typed errors naming the argument, what was
 * expected and what came. Internal to `backprop/`.
 *
 * @see ../../../../docs/level3-deep/backprop.md
 */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError, asMatrix, describeValue, type MatrixLike } from '@fpml/core';

/**
 * `X` as a finite (n, d) Matrix with n ≥ 1 and d = `inputDim`. A Matrix is used as is (no copy).
 * $O(nd)$ (the finiteness scan).
 * @throws ShapeError `Mlp2.forward: X has 3 columns but the network's inputDim is 2`; InvalidInputError for NaN/Inf or empty X.
 */
export function checkInput(owner: string, X: MatrixLike, inputDim: number): Matrix {
  const m = asMatrix(X, `${owner}: X`);
  if (m.cols !== inputDim) throw new ShapeError(`${owner}: X has ${m.cols} columns but the network's inputDim is ${inputDim}`);
  return m;
}

/**
 * Class labels as an Int32Array of length `n` with every entry an integer in $[0, K)$.
 * $O(n)$.
 * @throws ShapeError if the length is not `n`; InvalidInputError for a non-integer or out-of-range label.
 */
export function checkLabels(owner: string, y: ArrayLike<number>, n: number, nClasses: number): Int32Array {
  if (y === null || typeof y !== 'object' || typeof (y as { length?: unknown }).length !== 'number') {
    throw new InvalidInputError(`${owner}: y must be an Int32Array or number[] of class indices, got ${describeValue(y)}`);
  }
  if (y.length !== n) throw new ShapeError(`${owner}: y has ${y.length} entries but X has ${n} rows`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= nClasses) {
      throw new InvalidInputError(`${owner}: y[${i}] is ${describeValue(v)} but labels must be integers in [0, ${nClasses})`);
    }
    out[i] = v;
  }
  return out;
}

/** @throws InvalidParamError unless `v` is an integer ≥ `min`. */
export function checkInt(owner: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InvalidParamError(owner, name, v, `an integer ≥ ${min}`);
  return v;
}

/** @throws ShapeError unless `M` is a Matrix of shape (rows, cols); InvalidInputError for non-finite entries. */
export function checkMatrixParam(owner: string, name: string, M: unknown, rows: number, cols: number): Matrix {
  if (!(M instanceof Matrix)) throw new InvalidInputError(`${owner}: ${name} must be a Matrix, got ${describeValue(M)}`);
  if (M.rows !== rows || M.cols !== cols) throw new ShapeError(`${owner}: ${name} is ${M.rows}x${M.cols} but must be ${rows}x${cols}`);
  return asMatrix(M, `${owner}: ${name}`, { copy: true });
}

/** @throws ShapeError unless `v` is a vector of length `n`; InvalidInputError for non-finite entries. */
export function checkVectorParam(owner: string, name: string, v: unknown, n: number): Float64Array {
  if (!(v instanceof Float64Array || Array.isArray(v))) throw new InvalidInputError(`${owner}: ${name} must be a Float64Array or number[], got ${describeValue(v)}`);
  if (v.length !== n) throw new ShapeError(`${owner}: ${name} has ${v.length} entries but must have ${n}`);
  const out = Float64Array.from(v as ArrayLike<number>);
  for (let i = 0; i < n; i++) if (!Number.isFinite(out[i]!)) throw new InvalidInputError(`${owner}: ${name}[${i}] is ${describeValue(out[i])}; parameters must be finite`);
  return out;
}

/** `Z[i, :] += b` for every row, in place. $O(nk)$. @param Z (n, k) @param b (k,) */
export function addRowVector(Z: Matrix, b: Float64Array): Matrix {
  const k = Z.cols;
  for (let i = 0; i < Z.rows; i++) for (let j = 0; j < k; j++) Z.data[i * k + j]! += b[j]!;
  return Z;
}
