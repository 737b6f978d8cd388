/**
 * Sample weights of the clustering estimators: `null`/`undefined` means all ones.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidInputError, asVector, type VectorLike } from '@fpml/core';

/**
 * A (n,) Float64Array of finite, non-negative weights with a positive sum (a fresh copy), or
 * ones when `w` is null/undefined.
 * @throws ShapeError for a wrong length; InvalidInputError for NaN/Inf, negative weights or a zero total.
 */
export function sampleWeights(w: VectorLike | null | undefined, n: number, owner: string): Float64Array {
  if (w === null || w === undefined) return new Float64Array(n).fill(1);
  const v = Float64Array.from(asVector(w, 'sampleWeight', { length: n }));
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (v[i]! < 0) throw new InvalidInputError(`${owner}: sampleWeight must be non-negative, got ${v[i]} at index ${i}`);
    total += v[i]!;
  }
  if (!(total > 0)) throw new InvalidInputError(`${owner}: sampleWeight must have a positive sum, got ${total}`);
  return v;
}
