/**
 * Units and input checks shared by the information-theory functions. Every function returns
 * nats (natural log) unless given `base`: `2` gives bits, `10` bans (hartleys), any finite
 * $b > 0$, $b \ne 1$ gives $\log_b$ units, since $H_b = H_e / \ln b$.
 *
 * @see ../../../../docs/level1-math/information.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue, type VectorLike } from '@fpml/core';

/** The logarithm's base: `'e'` (nats), `2` (bits), or any finite number > 0 other than 1. */
export type LogBase = 'e' | 2 | number;

/** Options of every information-theory function. */
export interface InfoOptions {
  /** Base of the logarithm, i.e. the unit: `'e'` for nats, `2` for bits. @default 'e' */
  base?: LogBase;
}

/** Probabilities must sum to 1 within this (absolute). */
export const SUM_TOL = 1e-9;

/** $\ln b$, the divisor that turns nats into base-$b$ units. */
export function logOfBase(owner: string, base: LogBase | undefined): number {
  if (base === undefined || base === 'e') return 1;
  if (typeof base !== 'number' || !Number.isFinite(base) || base <= 0 || base === 1) {
    throw new InvalidParamError(owner, 'base', base, "'e', 2, or a finite number > 0 other than 1");
  }
  return Math.log(base);
}

/** Copy `v` to a Float64Array, checking it is a non-empty array of finite numbers ≥ 0. */
export function nonNegative(owner: string, name: string, v: unknown): Float64Array {
  if (v === null || typeof v !== 'object' || typeof (v as { length?: unknown }).length !== 'number') {
    throw new InvalidInputError(`${owner}: ${name} must be a 1-D array of numbers, got ${describeValue(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length === 0) throw new InvalidInputError(`${owner}: ${name} must not be empty`);
  const out = new Float64Array(a.length); // (K,)
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    if (typeof e !== 'number' || !Number.isFinite(e) || e < 0) {
      throw new InvalidInputError(`${owner}: ${name} must contain finite numbers ≥ 0, got ${describeValue(e)} at index ${i}`);
    }
    out[i] = e;
  }
  return out;
}

/** A probability vector: finite, ≥ 0, summing to 1 within {@link SUM_TOL}. */
export function probabilities(owner: string, name: string, v: VectorLike | unknown): Float64Array {
  const p = nonNegative(owner, name, v);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]!;
  if (!(Math.abs(s - 1) <= SUM_TOL)) {
    throw new InvalidInputError(`${owner}: ${name} must sum to 1 (within ${SUM_TOL}), got a sum of ${s}; normalise it, or pass counts to the *FromCounts variant`);
  }
  return p;
}

/** Two probability vectors of the same length. */
export function probabilityPair(owner: string, p: unknown, q: unknown): [Float64Array, Float64Array] {
  const a = probabilities(owner, 'p', p);
  const b = probabilities(owner, 'q', q);
  if (a.length !== b.length) throw new ShapeError(`${owner}: p has ${a.length} entries but q has ${b.length}`);
  return [a, b];
}
