/**
 * Initial centers for k-means: scikit-learn 1.2's greedy k-means++ (`_kmeans_plusplus`) and
 * `'random'` (k distinct rows), drawn from core's `Rng` (so the picks differ from NumPy's, but
 * the procedure and its guarantees are the same).
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import type { Rng } from '@fpml/core';
import { sqDist } from './kernels.js';

/**
 * Greedy k-means++ (Arthur & Vassilvitskii, 2007, with the local trials they suggest): the first
 * center is a uniform row; each next one is the best of $t = 2 + \lfloor\ln k\rfloor$ candidates
 * drawn with probability $D(x)^2/\sum D^2$, $D(x)$ the distance to the nearest chosen center,
 * "best" meaning the candidate that leaves the smallest potential $\sum_x \min(D(x)^2, \lVert x - c\rVert^2)$.
 * Vanilla k-means++ ($t = 1$) is $O(\log k)$-competitive in expectation.
 *
 * Sampling is by inverse CDF: $u \cdot \sum D^2$ looked up in the running sum (`searchsorted`,
 * left side), clipped to the last row. Sample weights are not used (as in scikit-learn 1.2).
 *
 * @param X (n, d) row-major. @returns the k chosen row indices, in order.
 * Complexity $O(nkdt)$.
 */
export function kmeansPlusPlus(X: Float64Array, n: number, d: number, k: number, rng: Rng, nLocalTrials?: number): Int32Array {
  const t = nLocalTrials ?? 2 + Math.floor(Math.log(k));
  const indices = new Int32Array(k);
  const first = rng.int(n);
  indices[0] = first;
  let closest = new Float64Array(n); // (n,) D(x)^2
  let pot = 0;
  for (let i = 0; i < n; i++) pot += closest[i] = sqDist(X, first * d, X, i * d, d);
  const cum = new Float64Array(n); // (n,)
  const cand = new Int32Array(t);
  let trial = new Float64Array(n); // (n,)
  let bestTrial = new Float64Array(n); // (n,)
  for (let c = 1; c < k; c++) {
    let run = 0;
    for (let i = 0; i < n; i++) cum[i] = run += closest[i]!;
    for (let q = 0; q < t; q++) cand[q] = Math.min(searchsortedLeft(cum, rng.next() * pot), n - 1);
    let bestPot = Infinity;
    let best = -1;
    for (let q = 0; q < t; q++) {
      const id = cand[q]!;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i]!, sqDist(X, id * d, X, i * d, d));
        trial[i] = v;
        s += v;
      }
      if (s < bestPot) {
        bestPot = s;
        best = id;
        const tmp = bestTrial;
        bestTrial = trial;
        trial = tmp;
      }
    }
    pot = bestPot;
    const tmp = closest;
    closest = bestTrial;
    bestTrial = tmp;
    indices[c] = best;
  }
  return indices;
}

/** `k` distinct row indices, uniformly: the first k of a random permutation (scikit-learn's `'random'`). $O(n)$. */
export function randomRows(n: number, k: number, rng: Rng): Int32Array {
  return rng.permutation(n).slice(0, k);
}

/** First index $i$ with $a_i \ge v$ in a non-decreasing array (NumPy's `searchsorted`, side 'left'); $n$ if none. */
export function searchsortedLeft(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
