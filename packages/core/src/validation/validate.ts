/**
 * Input validation at the public boundary: convert `MatrixLike`/`VectorLike` once and reject
 * bad input with a typed error that names the argument, what was expected and what came.
 */
import { InvalidInputError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix/matrix.js';

export interface MatrixCheckOptions {
  /** Reject NaN/±Inf. @default true */
  finite?: boolean;
  /** Minimum number of rows. @default 1 */
  minRows?: number;
  /** Minimum number of columns. @default 1 */
  minCols?: number;
  /** Copy even when the input is already a Matrix. @default false */
  copy?: boolean;
}

/**
 * Convert `X` to a {@link Matrix} and check it: 2-D, not ragged, numeric, non-empty, finite.
 * A Matrix input is returned as is (no copy) unless `copy` is set.
 *
 * @param name the argument's name for error messages, e.g. `'X'`.
 * @throws ShapeError for ragged/1-D input; InvalidInputError for NaN/Inf, empty or non-numeric input.
 */
export function asMatrix(X: unknown, name = 'X', options: MatrixCheckOptions = {}): Matrix {
  const { finite = true, minRows = 1, minCols = 1, copy = false } = options;
  let m: Matrix;
  if (X instanceof Matrix) {
    m = copy ? X.clone() : X;
  } else if (Array.isArray(X)) {
    if (X.length > 0 && !X.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) {
      const bad = X.findIndex((r) => !(Array.isArray(r) || ArrayBuffer.isView(r)));
      throw new ShapeError(`${name} must be 2-D (an array of rows), but ${name}[${bad}] is ${describeValue(X[bad])}; reshape a 1-D array to [[x0], [x1], ...]`);
    }
    const rows = X as unknown as readonly (readonly unknown[])[];
    const cols = rows.length === 0 ? 0 : rows[0]!.length;
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.length !== cols) {
        throw new ShapeError(`${name} is ragged: row 0 has ${cols} columns but row ${i} has ${rows[i]!.length}`);
      }
    }
    m = new Matrix(rows.length, cols);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== 'number') {
          throw new InvalidInputError(`${name} must contain numbers, got ${describeValue(v)} at (${i}, ${j})`);
        }
        m.data[i * cols + j] = v;
      }
    }
  } else {
    throw new InvalidInputError(`${name} must be a Matrix or number[][], got ${describeValue(X)}`);
  }
  if (m.rows < minRows) {
    throw new InvalidInputError(`${name} must have at least ${minRows} row${minRows === 1 ? '' : 's'}, got ${m.rows}`);
  }
  if (m.cols < minCols) {
    throw new InvalidInputError(`${name} must have at least ${minCols} column${minCols === 1 ? '' : 's'}, got ${m.cols}`);
  }
  if (finite) assertFinite(m.data, name, m.cols);
  return m;
}

/**
 * Convert `y` to a Float64Array and check it: 1-D, numeric, finite (by default), of length
 * `length` if given.
 * @throws ShapeError for a nested array or a length mismatch; InvalidInputError for NaN/Inf/non-numbers.
 */
export function asVector(y: unknown, name = 'y', options: { length?: number; finite?: boolean; minLength?: number } = {}): Float64Array {
  const { finite = true, minLength = 1 } = options;
  let v: Float64Array;
  if (y instanceof Float64Array) v = y;
  else if (ArrayBuffer.isView(y) && !(y instanceof DataView) && !(y instanceof BigInt64Array) && !(y instanceof BigUint64Array)) {
    v = Float64Array.from(y as unknown as ArrayLike<number>);
  } else if (Array.isArray(y)) {
    v = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const e = y[i];
      if (typeof e !== 'number') {
        if (Array.isArray(e)) throw new ShapeError(`${name} must be 1-D, but ${name}[${i}] is ${describeValue(e)}`);
        throw new InvalidInputError(`${name} must contain numbers, got ${describeValue(e)} at index ${i}`);
      }
      v[i] = e;
    }
  } else if (y instanceof Matrix && (y.cols === 1 || y.rows === 1)) {
    v = y.data;
  } else {
    throw new InvalidInputError(`${name} must be a 1-D array of numbers, got ${describeValue(y)}`);
  }
  if (options.length !== undefined && v.length !== options.length) {
    throw new ShapeError(`${name} has ${v.length} entries but X has ${options.length} rows`);
  }
  if (v.length < minLength) throw new InvalidInputError(`${name} must have at least ${minLength} entr${minLength === 1 ? 'y' : 'ies'}, got ${v.length}`);
  if (finite) assertFinite(v, name);
  return v;
}

/**
 * Labels for a classifier: numbers or strings, 1-D, of the given length. Returned as a plain array
 * so label encoding can map any label type.
 */
export function asLabels(y: unknown, name = 'y', length?: number): (number | string)[] {
  let out: (number | string)[];
  if (Array.isArray(y)) out = y as (number | string)[];
  else if (ArrayBuffer.isView(y) && !(y instanceof DataView)) out = Array.from(y as unknown as ArrayLike<number>);
  else throw new InvalidInputError(`${name} must be a 1-D array of labels, got ${describeValue(y)}`);
  for (let i = 0; i < out.length; i++) {
    const e = out[i];
    if (typeof e === 'number') {
      if (!Number.isFinite(e)) throw new InvalidInputError(`${name} contains ${describeValue(e)} at index ${i}; labels must be finite`);
    } else if (typeof e !== 'string') {
      if (Array.isArray(e)) throw new ShapeError(`${name} must be 1-D, but ${name}[${i}] is ${describeValue(e)}`);
      throw new InvalidInputError(`${name} must contain numbers or strings, got ${describeValue(e)} at index ${i}`);
    }
  }
  if (length !== undefined && out.length !== length) {
    throw new ShapeError(`${name} has ${out.length} entries but X has ${length} rows`);
  }
  if (out.length === 0) throw new InvalidInputError(`${name} must not be empty`);
  return out;
}

/** Throw InvalidInputError naming the first NaN/±Inf in `data`. With `cols`, report it as (row, col). */
export function assertFinite(data: ArrayLike<number>, name: string, cols?: number): void {
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (!Number.isFinite(v)) {
      const where = cols ? `(${Math.floor(k / cols)}, ${k % cols})` : `index ${k}`;
      throw new InvalidInputError(`${name} contains ${describeValue(v)} at ${where}; remove or impute non-finite values first`);
    }
  }
}

/** @throws ShapeError `X has 3 columns but the model was fit with 4`. */
export function assertColumns(X: Matrix, expected: number, name = 'X'): void {
  if (X.cols !== expected) {
    throw new ShapeError(`${name} has ${X.cols} columns but the model was fit with ${expected}`);
  }
}

/** Convert a `VectorLike` to Float64Array without checks (internal fast path). */
export function toFloat64(v: VectorLike): Float64Array {
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

export type { MatrixLike, VectorLike };
