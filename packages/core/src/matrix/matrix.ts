/**
 * Dense float64 matrix, row-major: element (i, j) lives at `data[i * cols + j]`.
 *
 * This is the storage type of the reference path. Kernels live beside it in `matrix/`
 * (one family per file); this file holds only construction, element access and views.
 *
 * @see ../../../../docs/core/matrix.md
 */
import { InvalidInputError, ShapeError, describeValue } from '../errors.js';

/** A matrix or a plain nested array; every public method accepts both. */
export type MatrixLike = Matrix | readonly (readonly number[])[];

/** A vector: typed arrays or a plain array of numbers. */
export type VectorLike = Float64Array | Int32Array | Float32Array | readonly number[];

export class Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major storage of length `rows * cols`. May be a view into a larger buffer. */
  readonly data: Float64Array;

  /**
   * Wrap `data` (no copy) or allocate zeros.
   * @throws ShapeError if `data.length !== rows * cols` or a dimension is not a non-negative integer.
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ShapeError(`Matrix dimensions must be non-negative integers, got ${describeValue(rows)} x ${describeValue(cols)}`);
    }
    if (data !== undefined && data.length !== rows * cols) {
      throw new ShapeError(`Matrix data has length ${data.length} but ${rows} x ${cols} needs ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** `[rows, cols]`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Zeros of shape (rows, cols). */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** Matrix filled with `value`. */
  static full(rows: number, cols: number, value: number): Matrix {
    const m = new Matrix(rows, cols);
    m.data.fill(value);
    return m;
  }

  /** Identity $I_n$. */
  static eye(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /**
   * Copy a nested array (or clone a Matrix) into a new Matrix.
   * @throws ShapeError on ragged rows; InvalidInputError on non-numbers.
   */
  static from(values: MatrixLike): Matrix {
    if (values instanceof Matrix) return values.clone();
    if (!Array.isArray(values)) {
      throw new InvalidInputError(`Matrix.from expects a Matrix or number[][], got ${describeValue(values)}`);
    }
    const rows = values.length;
    const first = values[0];
    const cols = rows === 0 ? 0 : Array.isArray(first) || ArrayBuffer.isView(first) ? (first as readonly number[]).length : -1;
    if (cols < 0) throw new ShapeError(`Matrix.from expects an array of rows, but row 0 is ${describeValue(first)}`);
    const m = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      const r = values[i] as readonly number[];
      if (!(Array.isArray(r) || ArrayBuffer.isView(r))) {
        throw new ShapeError(`Matrix.from expects an array of rows, but row ${i} is ${describeValue(r)}`);
      }
      if (r.length !== cols) throw new ShapeError(`ragged rows: row 0 has ${cols} values but row ${i} has ${r.length}`);
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== 'number') {
          throw new InvalidInputError(`Matrix.from expects numbers, got ${describeValue(v)} at (${i}, ${j})`);
        }
        m.data[i * cols + j] = v;
      }
    }
    return m;
  }

  /** Column vector (n, 1) from a vector. */
  static column(v: VectorLike): Matrix {
    return new Matrix(v.length, 1, Float64Array.from(v));
  }

  /** Element (i, j). No bounds check: this is the hot accessor. */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /** Set element (i, j). */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /** Row i as a view (no copy): writes go through to the matrix. */
  row(i: number): Float64Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new ShapeError(`row index must be an integer in [0, ${this.rows}), got ${describeValue(i)}`);
    }
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Column j as a new array (columns are strided, so this copies). */
  col(j: number): Float64Array {
    if (!Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new ShapeError(`column index must be an integer in [0, ${this.cols}), got ${describeValue(j)}`);
    }
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j]!;
    return out;
  }

  /** Deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Nested plain array copy. */
  toArray(): number[][] {
    const out: number[][] = new Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols));
    return out;
  }

  /** Serialisable form: `{ rows, cols, data: number[] }`. Round-trips exactly via {@link Matrix.fromJSON}. */
  toJSON(): { rows: number; cols: number; data: number[] } {
    return { rows: this.rows, cols: this.cols, data: Array.from(this.data) };
  }

  /** Inverse of {@link Matrix.toJSON}. */
  static fromJSON(json: { rows: number; cols: number; data: readonly number[] }): Matrix {
    return new Matrix(json.rows, json.cols, Float64Array.from(json.data));
  }
}
