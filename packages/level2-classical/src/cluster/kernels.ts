/**
 * The float64 inner loops of the clustering family: squared norms and distances (squared
 * Euclidean with scikit-learn's 4-way unrolled summation, left-to-right Euclidean and city
 * block). Plain loops over row-major `Float64Array`s, no allocation. (Lloyd's cross products
 * $XC^\top$ go through core's `matmulTransB`.)
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */

/**
 * $\lVert a - b\rVert_2^2$ for rows starting at `ao` and `bo`, summed four terms at a time as
 * scikit-learn's `_euclidean_dense_dense` does, so the same inputs give the same bits. $O(d)$.
 */
export function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  let p = 0;
  for (; p + 3 < d; p += 4) {
    const e0 = a[ao + p]! - b[bo + p]!, e1 = a[ao + p + 1]! - b[bo + p + 1]!;
    const e2 = a[ao + p + 2]! - b[bo + p + 2]!, e3 = a[ao + p + 3]! - b[bo + p + 3]!;
    s += e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
  }
  for (; p < d; p++) {
    const e = a[ao + p]! - b[bo + p]!;
    s += e * e;
  }
  return s;
}

/** $\lVert a - b\rVert_1$ (city block), summed left to right. $O(d)$. */
export function l1Dist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let p = 0; p < d; p++) s += Math.abs(a[ao + p]! - b[bo + p]!);
  return s;
}

/** $\lVert a - b\rVert_2$ summed left to right, then rooted: SciPy's `pdist`/`cdist` order. $O(d)$. */
export function euclidSeq(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let p = 0; p < d; p++) {
    const e = a[ao + p]! - b[bo + p]!;
    s += e * e;
  }
  return Math.sqrt(s);
}

/** Squared row norms $\lVert x_i\rVert^2$ of an (n, d) row-major buffer into `out` (n,). $O(nd)$. */
export function rowSqNorms(X: Float64Array, n: number, d: number, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let p = 0; p < d; p++) s += X[o + p]! * X[o + p]!;
    out[i] = s;
  }
  return out;
}
