/**
 * Pair-counting agreement between two clusterings: the pair confusion matrix, the Rand index and
 * the adjusted Rand index (Hubert & Arabie, 1985), as scikit-learn 1.2.1 computes them (exact
 * integer counts, here as BigInt, then one rounding to float, so results agree to the last bit).
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { contingency, type ClusterLabels } from './contingency.js';

/**
 * The pair confusion matrix over ordered pairs of distinct items, $[[C_{00}, C_{01}], [C_{10}, C_{11}]]$:
 * $C_{11}$ pairs together in both labelings, $C_{00}$ apart in both, $C_{01}$ together only in
 * `labelsPred`, $C_{10}$ only in `labelsTrue`. With $n_{ij}$ the contingency table,
 * $C_{11} = \sum n_{ij}^2 - n$, $C_{01} = \sum_{ij} n_{ij}b_j - \sum n_{ij}^2$,
 * $C_{10} = \sum_{ij} n_{ij}a_i - \sum n_{ij}^2$, $C_{00} = n^2 - C_{01} - C_{10} - \sum n_{ij}^2$.
 * Each unordered pair is counted twice, as scikit-learn does. $O(n)$.
 * @returns `[[tn, fp], [fn, tp]]` as bigints (exact at any n).
 */
export function pairConfusionMatrix(labelsTrue: ClusterLabels, labelsPred: ClusterLabels): [[bigint, bigint], [bigint, bigint]] {
  const t = contingency(labelsTrue, labelsPred, 'pairConfusionMatrix');
  let sq = 0n, rowDot = 0n, colDot = 0n;
  for (const [key, v] of t.cells) {
    const i = Math.floor(key / t.C), j = key % t.C;
    const c = BigInt(v);
    sq += c * c;
    colDot += c * BigInt(t.b[j]!);
    rowDot += c * BigInt(t.a[i]!);
  }
  const n = BigInt(t.n);
  const tp = sq - n;
  const fp = colDot - sq;
  const fn = rowDot - sq;
  const tn = n * n - fp - fn - sq;
  return [[tn, fp], [fn, tp]];
}

/**
 * Rand index: the fraction of (ordered, distinct) pairs on which the labelings agree,
 * $(C_{00} + C_{11}) / n^2$ as scikit-learn (1 when they agree on every pair). In [0, 1].
 * Not corrected for chance: random labelings score well above 0. $O(n)$.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function randScore(labelsTrue: ClusterLabels, labelsPred: ClusterLabels): number {
  const [[tn, fp], [fn, tp]] = pairConfusionMatrix(labelsTrue, labelsPred);
  const num = tn + tp;
  const den = tn + fp + fn + tp;
  if (num === den || den === 0n) return 1.0;
  return Number(num) / Number(den);
}

/**
 * Adjusted Rand index, the Rand index corrected for chance under the permutation model:
 * $$\mathrm{ARI} = \frac{2(C_{11}C_{00} - C_{10}C_{01})}{(C_{11}+C_{10})(C_{10}+C_{00}) + (C_{11}+C_{01})(C_{01}+C_{00})},$$
 * 1 for identical partitions (whatever the label names), about 0 for independent ones, and
 * negative when worse than chance (down to −0.5). Symmetric. $O(n)$.
 * @param labelsTrue (n,) numbers or strings. @param labelsPred (n,).
 * @throws ShapeError for different lengths; InvalidInputError for empty or non-label input.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function adjustedRandScore(labelsTrue: ClusterLabels, labelsPred: ClusterLabels): number {
  const [[tn, fp], [fn, tp]] = pairConfusionMatrix(labelsTrue, labelsPred);
  if (fn === 0n && fp === 0n) return 1.0;
  return (2.0 * Number(tp * tn - fn * fp)) / Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
