/**
 * Typed errors shared by every fpml package.
 *
 * A message always says what was expected and what came, e.g.
 * `ShapeError: X has 3 columns but the model was fit with 4`. Public methods validate their
 * input once, at the boundary, so a raw `TypeError`/`RangeError` from deep inside never
 * reaches the user for bad input.
 *
 * @see ../../../docs/core/errors.md
 */

/** Base class of every fpml error, so callers can catch them all with one `instanceof`. */
export class FpmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An array has the wrong shape: wrong rank, ragged rows, or a dimension that disagrees. */
export class ShapeError extends FpmlError {}

/** A method that needs a fitted model was called before `fit`. */
export class NotFittedError extends FpmlError {
  constructor(estimator: string, method = 'this method') {
    super(`${estimator} is not fitted yet: call fit() before ${method}`);
  }
}

/** Input data is unusable: NaN/Inf, empty, wrong type, or an unknown label. */
export class InvalidInputError extends FpmlError {}

/**
 * A hyper-parameter is outside its allowed set. Thrown from `fit` (constructors only store
 * params), naming the param, the value that came and what is allowed.
 */
export class InvalidParamError extends FpmlError {
  readonly param: string;
  constructor(owner: string, param: string, value: unknown, allowed: string) {
    super(`${owner}: param ${param} must be ${allowed}, got ${describeValue(value)}`);
    this.param = param;
  }
}

/** A named resource (dataset, experiment, backend, ...) does not exist. */
export class NotFoundError extends FpmlError {
  constructor(what: string, name: string, available: readonly string[]) {
    super(`unknown ${what} '${name}'; available: ${available.join(', ')}`);
  }
}

/**
 * An iterative solver stopped at `maxIter` before reaching `tol`. Reported, not thrown:
 * estimators collect these in `warnings` and the lab prints them.
 */
export class ConvergenceWarning {
  readonly name = 'ConvergenceWarning';
  constructor(
    readonly estimator: string,
    readonly message: string,
    readonly nIter: number,
  ) {}
  toString(): string {
    return `ConvergenceWarning: ${this.estimator}: ${this.message}`;
  }
}

/** Short, safe rendering of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  if (typeof value === 'function') return 'a function';
  const ctor = (value as object).constructor?.name;
  return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
}
