/**
 * Small param checks shared by the clustering estimators: each throws core's
 * `InvalidParamError` naming the estimator, the param, the value and what is allowed.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidParamError } from '@fpml/core';

/** An integer in `[min, max]` (max optional). */
export function checkInt(owner: string, name: string, v: unknown, min: number, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new InvalidParamError(owner, name, v, range);
  }
  return v;
}

/** A finite number, `> min` when `strict`, else `≥ min`. */
export function checkNumber(owner: string, name: string, v: unknown, min: number, strict: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? !(v > min) : !(v >= min))) {
    throw new InvalidParamError(owner, name, v, `a finite number ${strict ? '>' : '≥'} ${min}`);
  }
  return v;
}

/** One of `allowed` (compared with `===`). */
export function checkOneOf<T extends string>(owner: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new InvalidParamError(owner, name, v, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return v as T;
}

/** A non-negative safe integer seed for core's `Rng`. */
export function checkSeed(owner: string, v: unknown): number {
  return checkInt(owner, 'seed', v, 0, Number.MAX_SAFE_INTEGER);
}

/** A boolean. */
export function checkBool(owner: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new InvalidParamError(owner, name, v, 'a boolean');
  return v;
}

/**
 * A deep-frozen copy of a nested numeric array param (an explicit init), so `getParams()` can be
 * frozen all the way down. Anything else is returned unchanged for `fit` to reject.
 */
export function freezeNested(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'toArray' in v && typeof (v as { toArray: unknown }).toArray === 'function') {
    return freezeNested((v as { toArray: () => unknown }).toArray());
  }
  if (Array.isArray(v)) return Object.freeze(v.map((e) => (ArrayBuffer.isView(e) ? Object.freeze(Array.from(e as unknown as ArrayLike<number>)) : freezeNested(e))));
  if (ArrayBuffer.isView(v)) return Object.freeze(Array.from(v as unknown as ArrayLike<number>));
  return v;
}
