/**
 * Numeric helpers shared by the boosting estimators (exact and histogram gradient boosting,
 * AdaBoost), written to reproduce NumPy/SciPy's floating-point results, not just their maths,
 * so that the oracle tests can compare against scikit-learn 1.2 to the last few ulps:
 *
 * - {@link numpySum}: NumPy's pairwise summation (`np.sum` / `np.mean` of a float64 vector);
 * - {@link expit}: SciPy's logistic $\sigma(x) = 1/(1+e^{-x})$;
 * - {@link logsumexp}: $\log\sum_k e^{r_k}$ with the max shifted out;
 * - {@link weightedPercentile}: scikit-learn's `_weighted_percentile` (lower weighted percentile);
 * - {@link numpyPercentileMidpoint}: `np.percentile(..., method='midpoint')` on sorted data.
 *
 * @see ../../../../docs/level2-classical/boosting.md
 */

/** NumPy's unrolled block: sums of fewer than 8 values are sequential, up to 128 use 8 accumulators. */
function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p]!; r1 += a[p + 1]!; r2 += a[p + 2]!; r3 += a[p + 3]!;
      r4 += a[p + 4]!; r5 += a[p + 5]!; r6 += a[p + 6]!; r7 += a[p + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * $\sum_i a_i$ summed the way `np.sum` sums a contiguous float64 vector (pairwise, blocks of 128
 * with 8 accumulators), so the result is bit-identical to NumPy's. Error $O(\varepsilon \log n)$.
 * $O(n)$.
 */
export function numpySum(a: ArrayLike<number>): number {
  return 0 + pairwise(a, 0, a.length);
}

/** `np.mean(a)`: {@link numpySum} divided by $n$. */
export function numpyMean(a: ArrayLike<number>): number {
  return numpySum(a) / a.length;
}

/**
 * `np.average(a, weights=w)`: $\sum_i w_i a_i / \sum_i w_i$ (both sums pairwise), or the mean
 * when `w` is null.
 */
export function numpyAverage(a: ArrayLike<number>, w: ArrayLike<number> | null): number {
  if (w === null) return numpyMean(a);
  const prod = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) prod[i] = a[i]! * w[i]!;
  return numpySum(prod) / numpySum(w);
}

/** SciPy's `expit`: $\sigma(x) = 1 / (1 + e^{-x})$. */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** $\log\sum_k e^{r_k}$ over `r[offset .. offset+K)`, computed as $m + \log\sum_k e^{r_k - m}$ with $m = \max_k r_k$. */
export function logsumexp(r: ArrayLike<number>, offset: number, K: number): number {
  let m = -Infinity;
  for (let k = 0; k < K; k++) if (r[offset + k]! > m) m = r[offset + k]!;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let k = 0; k < K; k++) s += Math.exp(r[offset + k]! - m);
  return Math.log(s) + m;
}

/**
 * scikit-learn 1.2's `_weighted_percentile(values, weights, percentile)`: sort the values, take the
 * cumulative weights $c_j$, and return the first sorted value whose $c_j \ge \frac{p}{100} c_{n-1}$
 * (the *lower* weighted percentile; for $p = 50$ and unit weights, the lower median).
 * $O(n \log n)$.
 */
export function weightedPercentile(values: ArrayLike<number>, weights: ArrayLike<number>, percentile = 50): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  // np.argsort is not stable, but the answer does not depend on the order within a block of tied
  // values: every position in the block holds the same value, and the cumulative weight at the
  // block's end is the same in any order.
  order.sort((i, j) => values[i]! - values[j]! || i - j);
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += weights[order[j]!]!;
    cdf[j] = acc;
  }
  let target = (percentile / 100) * cdf[n - 1]!;
  // For percentile 0, skip leading zero-weight values (sklearn: np.nextafter(0, 1)).
  if (target === 0) target = Number.MIN_VALUE;
  // np.searchsorted(cdf, target) (side='left'): first j with cdf[j] >= target.
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  const j = Math.min(lo, n - 1);
  return values[order[j]!]!;
}

/**
 * `np.percentile(x, q, method='midpoint')` of sorted `sorted` (NumPy 1.24's rule, bit for bit):
 * with $v = (n-1)\,q/100$, the value $x_{(v)}$ when $v$ is an integer, else the midpoint of
 * $x_{(\lfloor v\rfloor)}$ and $x_{(\lfloor v\rfloor+1)}$, computed as NumPy's `_lerp` does,
 * $b - (b - a)\cdot 0.5$.
 */
export function numpyPercentileMidpoint(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const v = (n - 1) * (q / 100);
  const virtual = 0.5 * (Math.floor(v) + Math.ceil(v));
  if (virtual >= n - 1) return sorted[n - 1]!;
  const prev = Math.floor(virtual);
  const a = sorted[prev]!;
  if (virtual % 1 === 0) return a;
  const b = sorted[prev + 1]!;
  return b - (b - a) * 0.5;
}

/**
 * `np.percentile(values, q)` with NumPy's default linear method, bit for bit: with the sorted
 * values, $v = (n-1)\,q/100$, $j = \lfloor v \rfloor$, $\gamma = v - j$, the result is
 * $x_{(j)} + \gamma (x_{(j+1)} - x_{(j)})$, computed from the upper neighbour when $\gamma \ge 1/2$
 * as NumPy's `_lerp` does. $O(n \log n)$.
 */
export function numpyPercentileLinear(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  const v = (n - 1) * (q / 100);
  if (v >= n - 1) return s[n - 1]!;
  const j = Math.floor(v);
  const gamma = v - j;
  const a = s[j]!;
  const b = s[j + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
