/**
 * The few numpy/scipy reductions the model-selection results are made of, reproduced bit for
 * bit so that means, standard deviations and (above all) ranks of tied candidates come out
 * exactly as scikit-learn's `cv_results_`:
 * - {@link npSum}: numpy's pairwise summation (`np.add.reduce` on a contiguous float64 axis);
 * - {@link npMean}, {@link npStd}: `np.average(a)` and `np.sqrt(np.average((a - mean) ** 2))`;
 * - {@link rankMin}: `scipy.stats.rankdata(-a, method='min')` with sklearn's NaN rule;
 * - {@link linspace}: `np.linspace(start, stop, num)` (learning curves' default sizes).
 *
 * @see ../../../../docs/level2-classical/model-selection.md#results-as-scikit-learn
 */
import { InvalidParamError } from '@fpml/core';

/**
 * numpy's pairwise sum: below 8 terms a plain left-to-right loop from 0; up to 128 terms eight
 * interleaved accumulators combined as $((r_0+r_1)+(r_2+r_3))+((r_4+r_5)+(r_6+r_7))$, then the
 * remainder; above that, the two halves (the first a multiple of 8 long) summed recursively.
 * Rounding error $O(\varepsilon \log n)$. $O(n)$.
 */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!)); // numpy's order
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(a, start, n2) + npSum(a, start + n2, n - n2);
}

/** `np.mean(a)` = `npSum(a) / n` (NaN for an empty array, as numpy). */
export function npMean(a: ArrayLike<number>): number {
  return npSum(a) / a.length;
}

/** Population standard deviation as sklearn's `_store`: $\sqrt{\operatorname{mean}((a - \bar a)^2)}$. */
export function npStd(a: ArrayLike<number>): number {
  const m = npMean(a);
  const sq = Float64Array.from(a, (v) => (v - m) * (v - m));
  return Math.sqrt(npMean(sq));
}

/**
 * Ranks of `scores`, best (largest) first, ties sharing the smallest rank:
 * `rankdata(-scores, method='min')`, so $r_i = 1 + \#\{j : s_j > s_i\}$. NaN scores rank as tied
 * with the worst (sklearn replaces them by $\min(s) - 1$); all NaN gives all ones.
 * $O(n \log n)$.
 */
export function rankMin(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const out = new Int32Array(n);
  const finite = Array.from(scores).filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return out.fill(1);
  const floor = Math.min(...finite) - 1;
  const s = Float64Array.from(scores, (v) => (Number.isNaN(v) ? floor : v));
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (s[j]! > s[i]! ? 1 : s[j]! < s[i]! ? -1 : i - j)); // descending, stable
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    out[i] = k > 0 && s[order[k - 1]!] === s[i] ? out[order[k - 1]!]! : k + 1;
  }
  return out;
}

/**
 * `np.linspace(start, stop, num)`: $x_i = i\,\frac{\text{stop}-\text{start}}{\text{num}-1} + \text{start}$,
 * the last set to `stop` exactly. $O(\text{num})$.
 * @throws InvalidParamError unless num is a non-negative integer.
 */
export function linspace(start: number, stop: number, num: number): Float64Array {
  if (!Number.isInteger(num) || num < 0) throw new InvalidParamError('linspace', 'num', num, 'a non-negative integer');
  const out = new Float64Array(num);
  if (num === 1) out[0] = start;
  if (num < 2) return out;
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = step === 0 ? ((i / (num - 1)) * (stop - start)) + start : i * step + start;
  out[num - 1] = stop;
  return out;
}
