/**
 * Targets in cross-validation: checking `y` once against X's rows, taking the rows of a fold
 * (keeping `y`'s type, so labels stay labels), and sklearn's `type_of_target` reduced to what
 * choosing a splitter needs.
 *
 * @see ../../../../docs/level2-classical/model-selection.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import type { Labels } from '@fpml/core';

/** Labels (classification) or real targets (regression), one per row of X. */
export type Target = Labels;

/**
 * `y` checked to be a 1-D array or typed array with one entry per row.
 * @throws InvalidInputError for anything else; ShapeError for a length mismatch.
 */
export function checkTarget(y: unknown, nRows: number, owner: string): Target {
  const ok = Array.isArray(y) || (ArrayBuffer.isView(y) && !(y instanceof DataView) && !(y instanceof BigInt64Array) && !(y instanceof BigUint64Array));
  if (!ok) throw new InvalidInputError(`${owner}: y must be an array or typed array with one entry per row of X, got ${describeValue(y)}`);
  const len = (y as ArrayLike<unknown>).length;
  if (len !== nRows) throw new ShapeError(`${owner}: y has ${len} entries but X has ${nRows} rows`);
  return y as Target;
}

/** `y[idx]`, as the same kind of array (a typed array stays the same typed array). $O(k)$. */
export function takeRows<T extends Target>(y: T, idx: ArrayLike<number>): T {
  if (Array.isArray(y)) return Array.from(idx, (i) => (y as readonly unknown[])[i]) as unknown as T;
  const src = y as unknown as Float64Array;
  const Ctor = src.constructor as new (n: number) => Float64Array;
  const out = new Ctor(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k]!]!;
  return out as unknown as T;
}

/**
 * sklearn's `type_of_target` for 1-D targets, as far as splitting needs it: `'binary'` or
 * `'multiclass'` for strings or integer-valued numbers (2 or more distinct values; a single value
 * counts as binary, as sklearn), `'continuous'` as soon as one number is not an integer.
 */
export function typeOfTarget(y: Target): 'binary' | 'multiclass' | 'continuous' {
  const values = new Set<unknown>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'number' && !Number.isInteger(v)) return 'continuous';
    values.add(v);
  }
  return values.size <= 2 ? 'binary' : 'multiclass';
}

/** The distinct values of `y` with their counts, in order of first appearance. */
export function classCounts(y: Target): Map<number | string, number> {
  const counts = new Map<number | string, number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}
