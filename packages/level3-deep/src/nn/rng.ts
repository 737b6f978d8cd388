/**
 * Where a layer's randomness comes from: an {@link Rng} (shared with the caller, advanced in
 * place) or an integer seed (a fresh `new Rng(seed)`). Reference modules and tfjs twins accept
 * both, so `new Linear(4, 3, { rng: 7 })` and `new TfLinear(tf, 4, 3, { rng: 7 })` draw the very
 * same float64 weights (the twin stores them rounded to float32).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidParamError, Rng } from '@fpml/core';

/** An `Rng` to draw from, or a non-negative integer seed for a new one. */
export type RngLike = Rng | number;

/**
 * The generator for `rng`: the same object for an `Rng`, `new Rng(seed)` for a seed.
 * @throws InvalidParamError naming `owner` and `param` for anything else (including undefined:
 *   layers with random initialisation need an explicit seed, never a hidden global one).
 */
export function toRng(rng: unknown, owner: string, param = 'rng'): Rng {
  if (rng instanceof Rng) return rng;
  if (typeof rng === 'number' && Number.isSafeInteger(rng) && rng >= 0) return new Rng(rng);
  throw new InvalidParamError(owner, param, rng, 'an Rng or a non-negative integer seed (layers with random init need one)');
}

/** Check a positive integer hyper-parameter. @throws InvalidParamError */
export function checkPositiveInt(owner: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InvalidParamError(owner, param, v, 'a positive integer');
  return v;
}

/** Check a non-negative integer hyper-parameter. @throws InvalidParamError */
export function checkNonNegInt(owner: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidParamError(owner, param, v, 'a non-negative integer');
  return v;
}

/** Check a finite number in a range. @throws InvalidParamError */
export function checkNumberIn(owner: string, param: string, v: unknown, lo: number, hi: number, loOpen = false, hiOpen = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  if (!ok) throw new InvalidParamError(owner, param, v, `a number in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`);
  return v as number;
}

/** Check a boolean hyper-parameter. @throws InvalidParamError */
export function checkBool(owner: string, param: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new InvalidParamError(owner, param, v, 'true or false');
  return v;
}
