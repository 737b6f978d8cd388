/**
 * Label vectors and their contingency table, the common ground of the pair-counting and
 * information-theoretic clustering metrics. The table is sparse (a map of non-zero cells), so
 * labelings with thousands of clusters cost memory in proportion to n, not to R × C.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { ShapeError, asLabels, compareLabels } from '@fpml/core';

/** Labels: numbers or strings (any values; only equality matters). */
export type ClusterLabels = Int32Array | Float64Array | Float32Array | readonly (number | string)[];

/** Codes 0..K−1 of a labeling, in sorted label order (NumPy's `np.unique(..., return_inverse=True)`). */
export function encodeLabels(y: ClusterLabels, name: string, owner: string): { codes: Int32Array; K: number } {
  let labels: (number | string)[];
  try {
    labels = asLabels(y, name);
  } catch (e) {
    if (e instanceof Error) e.message = `${owner}: ${e.message}`;
    throw e;
  }
  const uniq = [...new Set(labels)].sort(compareLabels);
  const index = new Map(uniq.map((l, k) => [l, k]));
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = index.get(labels[i]!)!;
  return { codes, K: uniq.length };
}

/** A sparse contingency table of two labelings of the same n items. */
export interface Contingency {
  n: number;
  R: number;
  C: number;
  /** Non-zero cells: key $iC + j$ → $n_{ij}$. */
  cells: Map<number, number>;
  a: Float64Array; // (R,) row sums
  b: Float64Array; // (C,) column sums
}

/**
 * $n_{ij} = |\{t : a_t = i,\ b_t = j\}|$ with row sums $a_i$ and column sums $b_j$. $O(n)$.
 * @throws ShapeError when the lengths differ; InvalidInputError for empty or non-label input.
 */
export function contingency(yTrue: ClusterLabels, yPred: ClusterLabels, owner: string): Contingency {
  const t = encodeLabels(yTrue, 'labelsTrue', owner);
  const p = encodeLabels(yPred, 'labelsPred', owner);
  const n = t.codes.length;
  if (p.codes.length !== n) throw new ShapeError(`${owner}: labelsTrue has ${n} entries but labelsPred has ${p.codes.length}`);
  const cells = new Map<number, number>();
  const a = new Float64Array(t.K), b = new Float64Array(p.K);
  for (let s = 0; s < n; s++) {
    const i = t.codes[s]!, j = p.codes[s]!;
    const key = i * p.K + j;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    a[i]!++;
    b[j]!++;
  }
  return { n, R: t.K, C: p.K, cells, a, b };
}
