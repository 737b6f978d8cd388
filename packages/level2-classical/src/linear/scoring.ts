/**
 * Accuracy over class indices, the `score` of the classifiers here (core keeps its own copy
 * internal).
 *
 * @see ../../../../docs/level2-classical/linear.md
 */

/** $$\mathrm{acc} = \frac1n\sum_i [\hat y_i = y_i]$$ over class indices. $O(n)$. */
export function accuracyOfCodes(yTrue: Int32Array, yPred: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}
