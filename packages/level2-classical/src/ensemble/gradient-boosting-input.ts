/**
 * Input checks shared by the boosting estimators.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { InvalidInputError, asVector, type VectorLike } from '@fpml/core';

/**
 * Sample weights: (n,), finite, non-negative, with a positive sum. Returns a copy.
 * @throws ShapeError for a wrong length; InvalidInputError for NaN/Inf, negative weights or a zero sum.
 */
export function checkSampleWeight(w: VectorLike, n: number): Float64Array {
  const v = asVector(w, 'sampleWeight', { length: n });
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i]! < 0) throw new InvalidInputError(`sampleWeight must be non-negative, got ${v[i]} at index ${i}`);
    s += v[i]!;
  }
  if (!(s > 0)) throw new InvalidInputError(`sampleWeight must have a positive sum, got ${s}`);
  return v.slice();
}
