/**
 * Presorting: each feature's rows sorted once per fit (or once per forest), so that finding the
 * best split of a node is a linear sweep instead of a sort.
 *
 * Rows are ordered by $(x_{ij}, i)$ lexicographically, so equal values keep row order and the
 * result is a pure function of the data. The sort is an in-place introsort-free quicksort
 * (median-of-three pivot, insertion sort below 16 elements) on parallel typed arrays: no
 * comparator closures and no allocation per element. $O(d\, n \log n)$ time, $O(dn)$ memory.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import type { Matrix } from '@fpml/core';

/** X column by column, with each column's rows in ascending order. Shared by every tree of a forest. */
export interface PresortedX {
  /** Number of rows. */
  n: number;
  /** Number of features. */
  d: number;
  /** Column-major copy of X: `Xc[j * n + i]` = $x_{ij}$. */
  Xc: Float64Array; // (d, n)
  /** `order[j * n + r]` = the row of rank r in column j (ascending). */
  order: Int32Array; // (d, n)
}

/** `(a, ia) < (b, ib)` in the lexicographic order on (value, row). */
function less(a: number, ia: number, b: number, ib: number): boolean {
  return a < b || (a === b && ia < ib);
}

/** Sort `v[lo..hi]` ascending and apply the same permutation to `ix`. */
function sortPairs(v: Float64Array, ix: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    // median of three to v[lo]
    const mid = (lo + hi) >> 1;
    if (less(v[mid]!, ix[mid]!, v[lo]!, ix[lo]!)) swap(v, ix, mid, lo);
    if (less(v[hi]!, ix[hi]!, v[lo]!, ix[lo]!)) swap(v, ix, hi, lo);
    if (less(v[hi]!, ix[hi]!, v[mid]!, ix[mid]!)) swap(v, ix, hi, mid);
    swap(v, ix, lo, mid); // pivot (the median) at lo
    const pv = v[lo]!;
    const pi = ix[lo]!;
    let i = lo;
    let j = hi + 1;
    for (;;) {
      do i++; while (i <= hi && less(v[i]!, ix[i]!, pv, pi));
      do j--; while (less(pv, pi, v[j]!, ix[j]!));
      if (i >= j) break;
      swap(v, ix, i, j);
    }
    swap(v, ix, lo, j);
    // recurse into the smaller side, loop on the larger (O(log n) stack)
    if (j - lo < hi - j) {
      sortPairs(v, ix, lo, j - 1);
      lo = j + 1;
    } else {
      sortPairs(v, ix, j + 1, hi);
      hi = j - 1;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const x = v[i]!;
    const xi = ix[i]!;
    let j = i - 1;
    while (j >= lo && less(x, xi, v[j]!, ix[j]!)) {
      v[j + 1] = v[j]!;
      ix[j + 1] = ix[j]!;
      j--;
    }
    v[j + 1] = x;
    ix[j + 1] = xi;
  }
}

function swap(v: Float64Array, ix: Int32Array, a: number, b: number): void {
  const t = v[a]!;
  v[a] = v[b]!;
  v[b] = t;
  const u = ix[a]!;
  ix[a] = ix[b]!;
  ix[b] = u;
}

/**
 * Transpose X to column-major and sort every column's row indices by value.
 * @param X (n, d), already validated (finite).
 */
export function presort(X: Matrix): PresortedX {
  const n = X.rows;
  const d = X.cols;
  const Xc = new Float64Array(d * n); // (d, n)
  const order = new Int32Array(d * n); // (d, n)
  const src = X.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[j * n + i] = src[i * d + j]!;
  const vals = new Float64Array(n); // (n,) scratch
  for (let j = 0; j < d; j++) {
    vals.set(Xc.subarray(j * n, (j + 1) * n));
    const ix = order.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < n; i++) ix[i] = i;
    sortPairs(vals, ix, 0, n - 1);
  }
  return { n, d, Xc, order };
}
