/**
 * Shared checks for the synthetic generators: every option is validated once, at the boundary,
 * with core's typed errors naming the option, the value and what is allowed.
 */
import { InvalidParamError, Rng } from '@fpml/core';

/** A positive integer option. */
export function positiveInt(owner: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InvalidParamError(owner, name, v, 'a positive integer');
  return v;
}

/** A non-negative integer option. */
export function nonNegativeInt(owner: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidParamError(owner, name, v, 'a non-negative integer');
  return v;
}

/** A finite number ≥ `min` (strictly greater when `strict`). */
export function finiteAtLeast(owner: string, name: string, v: unknown, min: number, strict = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? v <= min : v < min)) {
    throw new InvalidParamError(owner, name, v, `a finite number ${strict ? '>' : '≥'} ${min}`);
  }
  return v;
}

/** A number in [lo, hi]. */
export function inRange(owner: string, name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new InvalidParamError(owner, name, v, `a number in [${lo}, ${hi}]`);
  return v;
}

/** The generator's Rng from a `seed` option (a non-negative integer). */
export function seededRng(owner: string, seed: unknown): Rng {
  return new Rng(nonNegativeInt(owner, 'seed', seed));
}

/** Shuffle the rows of X (n, d) and y (n,) in place with one permutation from `rng`. */
export function shuffleRows(X: Float64Array, d: number, y: Float64Array | Int32Array, rng: Rng): void {
  const n = y.length;
  const perm = rng.permutation(n);
  const Xc = X.slice(), yc = y.slice();
  for (let i = 0; i < n; i++) {
    const p = perm[i]!;
    X.set(Xc.subarray(p * d, p * d + d), i * d);
    y[i] = yc[p]!;
  }
}
