/**
 * Tolerance comparison for tests, numpy's `isclose`/`allclose` rule applied element-wise to
 * numbers, arrays, typed arrays, Matrix and nested arrays:
 * $$|a - b| \le \mathrm{atol} + \mathrm{rtol}\,|b|,$$
 * where $b$ is the expected value (the rule is not symmetric, as in numpy). Infinities are
 * close only to the same infinity; NaN is close to NaN only with `equalNan`.
 *
 * `expectClose` fails with the worst element's index, both values and its tolerance, so a
 * failing oracle test says where and by how much without a debugger.
 *
 * @see ../../../../docs/core/testing.md
 */
import { InvalidInputError, describeValue } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';

/** Options of {@link expectClose} and {@link allClose}. */
export interface CloseOptions {
  /** Relative tolerance, scaled by |expected|. @default 1e-7 */
  rtol?: number;
  /** Absolute tolerance. @default 0 */
  atol?: number;
  /** Treat NaN as equal to NaN. @default false */
  equalNan?: boolean;
  /** What is compared, for the failure message. @default 'value' */
  name?: string;
}

/** Thrown by {@link expectClose}; test runners show its message as the failure. */
export class CloseAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

interface Flat {
  shape: number[];
  values: number[];
}

/** Flatten a numeric structure into its shape and row-major values. */
function flatten(x: unknown, what: string): Flat {
  if (typeof x === 'number') return { shape: [], values: [x] };
  if (x instanceof Matrix) return { shape: [x.rows, x.cols], values: Array.from(x.data) };
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    if (x instanceof BigInt64Array || x instanceof BigUint64Array) {
      throw new InvalidInputError(`${what} is a ${x.constructor.name}; convert it to numbers first`);
    }
    const arr = Array.from(x as unknown as ArrayLike<number>);
    return { shape: [arr.length], values: arr };
  }
  if (Array.isArray(x)) {
    if (x.length === 0) return { shape: [0], values: [] };
    const parts = x.map((e, i) => flatten(e, `${what}[${i}]`));
    const inner = parts[0]!.shape;
    for (let i = 1; i < parts.length; i++) {
      if (parts[i]!.shape.join(',') !== inner.join(',')) {
        throw new InvalidInputError(`${what} is ragged: element 0 has shape (${inner.join(', ')}) but element ${i} has (${parts[i]!.shape.join(', ')})`);
      }
    }
    return { shape: [x.length, ...inner], values: parts.flatMap((p) => p.values) };
  }
  throw new InvalidInputError(`${what} must be a number, array, typed array or Matrix, got ${describeValue(x)}`);
}

/** Multi-index of flat position k in a row-major array of `shape`. */
function unravel(k: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return idx;
}

/** Whether one pair is close under numpy's rule. */
function isClose(a: number, b: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return equalNan && Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true; // also equal infinities
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

interface Comparison {
  ok: boolean;
  message: string;
}

function compare(actual: unknown, expected: unknown, options: CloseOptions): Comparison {
  const { rtol = 1e-7, atol = 0, equalNan = false, name = 'value' } = options;
  if (!(rtol >= 0) || !(atol >= 0)) {
    throw new InvalidInputError(`expectClose: rtol and atol must be non-negative numbers, got rtol ${describeValue(rtol)}, atol ${describeValue(atol)}`);
  }
  const a = flatten(actual, `${name} (actual)`);
  const b = flatten(expected, `${name} (expected)`);
  if (a.shape.join(',') !== b.shape.join(',')) {
    return { ok: false, message: `${name}: shape (${a.shape.join(', ')}) but expected (${b.shape.join(', ')})` };
  }
  let bad = 0;
  let worst = -1;
  let worstRatio = -1;
  let worstDiff = -1;
  for (let k = 0; k < a.values.length; k++) {
    const x = a.values[k]!;
    const y = b.values[k]!;
    if (isClose(x, y, rtol, atol, equalNan)) continue;
    bad++;
    // Rank failures by how many tolerances they miss by, then by |diff|; NaN/Inf mismatches first.
    const raw = Math.abs(x - y);
    const diff = Number.isNaN(raw) ? Infinity : raw;
    const tol = atol + rtol * Math.abs(y);
    const ratio = Number.isFinite(diff) && tol > 0 ? diff / tol : Infinity;
    if (ratio > worstRatio || (ratio === worstRatio && diff > worstDiff)) {
      worst = k;
      worstRatio = ratio;
      worstDiff = diff;
    }
  }
  if (bad === 0) return { ok: true, message: '' };
  const x = a.values[worst]!;
  const y = b.values[worst]!;
  const tol = atol + rtol * Math.abs(y);
  const where = a.shape.length === 0 ? '' : ` at [${unravel(worst, a.shape).join(', ')}]`;
  return {
    ok: false,
    message:
      `${name}: ${bad} of ${a.values.length} element${a.values.length === 1 ? '' : 's'} not close; worst${where}: ` +
      `actual ${String(x)}, expected ${String(y)}, |diff| ${String(Math.abs(x - y))} > tol ${String(tol)} ` +
      `(atol ${atol} + rtol ${rtol} * |expected|${equalNan ? ', NaN == NaN' : ''})`,
  };
}

/**
 * Whether every element of `actual` is close to the matching element of `expected` (same shape
 * required): numpy's `allclose`.
 * @throws InvalidInputError if either side is not numeric or is ragged.
 */
export function allClose(actual: unknown, expected: unknown, options: CloseOptions = {}): boolean {
  return compare(actual, expected, options).ok;
}

/**
 * Assert {@link allClose}; on failure throw a {@link CloseAssertionError} naming the worst
 * element's index, both values and the tolerance, and how many elements failed.
 *
 * @example
 * expectClose(model.coef, oracle.coef, { rtol: 1e-10, name: 'coef' });
 * // AssertionError: coef: 1 of 4 elements not close; worst at [2]: actual 0.5000001, expected 0.5, ...
 */
export function expectClose(actual: unknown, expected: unknown, options: CloseOptions = {}): void {
  const r = compare(actual, expected, options);
  if (!r.ok) throw new CloseAssertionError(r.message);
}
