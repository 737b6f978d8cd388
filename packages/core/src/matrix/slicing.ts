/**
 * Row and column selection, stacking and reshaping. {@link rowRange} and {@link reshape} return
 * VIEWS that share the input's buffer (rows of a row-major matrix are contiguous); the other
 * functions copy.
 *
 * @see ../../../../docs/core/matrix.md
 */
import { InvalidInputError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { dims, toMatrix } from './check.js';

function checkIndices(fn: string, indices: VectorLike, bound: number, what: string): void {
  if (indices === null || typeof indices !== 'object' || !Number.isInteger((indices as ArrayLike<number>).length)) {
    throw new InvalidInputError(`${fn}: indices must be an array of integers, got ${describeValue(indices)}`);
  }
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= bound) {
      throw new ShapeError(`${fn}: indices[${k}] is ${describeValue(i)} but X has ${bound} ${what} (valid: integers in [0, ${bound}))`);
    }
  }
}

/**
 * Rows `start..end-1` as a VIEW: `data.subarray`, no copy; writes go through to X.
 * @param X (n, d) @returns (end − start, d) sharing X's buffer
 * @throws ShapeError unless $0 \le \text{start} \le \text{end} \le n$ are integers.
 */
export function rowRange(X: MatrixLike, start: number, end: number): Matrix {
  const m = toMatrix(X, 'X');
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > m.rows) {
    throw new ShapeError(`rowRange: need integers 0 ≤ start ≤ end ≤ ${m.rows}, got start ${describeValue(start)} and end ${describeValue(end)}`);
  }
  return new Matrix(end - start, m.cols, m.data.subarray(start * m.cols, end * m.cols));
}

/** Copy of the rows `indices` (repeats allowed), in that order. @param X (n, d) @returns (k, d) */
export function gatherRows(X: MatrixLike, indices: VectorLike): Matrix {
  const m = toMatrix(X, 'X');
  checkIndices('gatherRows', indices, m.rows, 'rows');
  const d = m.cols;
  const out = new Matrix(indices.length, d); // (k, d)
  for (let k = 0; k < indices.length; k++) {
    const o = indices[k]! * d;
    out.data.set(m.data.subarray(o, o + d), k * d);
  }
  return out;
}

/** Copy of the columns `indices` (repeats allowed), in that order. @param X (n, d) @returns (n, k) */
export function selectColumns(X: MatrixLike, indices: VectorLike): Matrix {
  const m = toMatrix(X, 'X');
  checkIndices('selectColumns', indices, m.cols, 'columns');
  const k = indices.length, d = m.cols;
  const idx = Int32Array.from(indices);
  const out = new Matrix(m.rows, k); // (n, k)
  for (let i = 0; i < m.rows; i++) {
    const src = i * d, dst = i * k;
    for (let c = 0; c < k; c++) out.data[dst + c] = m.data[src + idx[c]!]!;
  }
  return out;
}

/**
 * Side by side, $[A_1 \mid A_2 \mid \dots]$. @returns (n, Σ d_i)
 * @throws ShapeError naming the first block whose row count differs; InvalidInputError if empty.
 */
export function hstack(blocks: readonly MatrixLike[]): Matrix {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new InvalidInputError(`hstack: blocks must be a non-empty array of matrices, got ${describeValue(blocks)}`);
  }
  const ms = blocks.map((b, k) => toMatrix(b, `blocks[${k}]`));
  const n = ms[0]!.rows;
  let total = 0;
  ms.forEach((b, k) => {
    if (b.rows !== n) throw new ShapeError(`hstack: blocks[0] is ${dims(ms[0]!)} but blocks[${k}] is ${dims(b)} (row counts must match)`);
    total += b.cols;
  });
  const out = new Matrix(n, total); // (n, Σd)
  let offset = 0;
  for (const b of ms) {
    for (let i = 0; i < n; i++) out.data.set(b.data.subarray(i * b.cols, (i + 1) * b.cols), i * total + offset);
    offset += b.cols;
  }
  return out;
}

/**
 * One above the other, $\begin{bmatrix}A_1\\A_2\\\vdots\end{bmatrix}$. @returns (Σ n_i, d)
 * @throws ShapeError naming the first block whose column count differs; InvalidInputError if empty.
 */
export function vstack(blocks: readonly MatrixLike[]): Matrix {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new InvalidInputError(`vstack: blocks must be a non-empty array of matrices, got ${describeValue(blocks)}`);
  }
  const ms = blocks.map((b, k) => toMatrix(b, `blocks[${k}]`));
  const d = ms[0]!.cols;
  let total = 0;
  ms.forEach((b, k) => {
    if (b.cols !== d) throw new ShapeError(`vstack: blocks[0] is ${dims(ms[0]!)} but blocks[${k}] is ${dims(b)} (column counts must match)`);
    total += b.rows;
  });
  const out = new Matrix(total, d); // (Σn, d)
  let offset = 0;
  for (const b of ms) {
    out.data.set(b.data, offset);
    offset += b.data.length;
  }
  return out;
}

/**
 * Same entries in row-major order with a new shape, as a VIEW sharing X's buffer.
 * @param X (n, d) @returns (rows, cols) with rows·cols = n·d
 * @throws ShapeError `reshape: X is 3x4 (12 entries) but 5x2 needs 10`.
 */
export function reshape(X: MatrixLike, rows: number, cols: number): Matrix {
  const m = toMatrix(X, 'X');
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0 || rows * cols !== m.data.length) {
    throw new ShapeError(`reshape: X is ${dims(m)} (${m.data.length} entries) but ${describeValue(rows)}x${describeValue(cols)} needs ${rows * cols}`);
  }
  return new Matrix(rows, cols, m.data);
}
