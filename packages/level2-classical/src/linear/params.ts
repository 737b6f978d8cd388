/**
 * Param checks shared by the linear models. Each throws core's `InvalidParamError` naming the
 * estimator, the param, the value that came and what is allowed, so every `fit` in this folder
 * rejects bad params with the same wording.
 *
 * @see ../../../../docs/level2-classical/linear.md
 */
import { InvalidParamError } from '@fpml/core';

/** Bounds of {@link checkReal}: closed unless `*Open` is set. */
export interface RealBounds {
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
}

/** @throws InvalidParamError unless `value` is a boolean. */
export function checkFlag(owner: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new InvalidParamError(owner, name, value, 'a boolean');
}

/** @throws InvalidParamError unless `value` is a finite number within the bounds. */
export function checkReal(owner: string, name: string, value: unknown, bounds: RealBounds = {}): void {
  const { min, max, minOpen = false, maxOpen = false } = bounds;
  const lo = min === undefined ? '' : `${minOpen ? '>' : '≥'} ${min}`;
  const hi = max === undefined ? '' : `${maxOpen ? '<' : '≤'} ${max}`;
  const allowed = `a finite number${lo || hi ? ' ' : ''}${[lo, hi].filter(Boolean).join(' and ')}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidParamError(owner, name, value, allowed);
  if (min !== undefined && (minOpen ? !(value > min) : !(value >= min))) throw new InvalidParamError(owner, name, value, allowed);
  if (max !== undefined && (maxOpen ? !(value < max) : !(value <= max))) throw new InvalidParamError(owner, name, value, allowed);
}

/** @throws InvalidParamError unless `value` is a safe integer ≥ `min`. */
export function checkInt(owner: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidParamError(owner, name, value, `an integer ≥ ${min}`);
  }
}

/** @throws InvalidParamError unless `value` is one of `allowed`. */
export function checkChoice<T extends string>(owner: string, name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidParamError(owner, name, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
}

/** @throws InvalidParamError unless `value` is a non-negative safe integer (an Rng seed). */
export function checkSeed(owner: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidParamError(owner, 'seed', value, 'a non-negative integer');
  }
}
