/**
 * The float64 inner loops of the clustering family: squared norms and distances (squared
 * Euclidean with scikit-learn's 4-way unrolled summation, left-to-right Euclidean and city
 * block), and the blocked cross products $x_i^\top c_j$ of Lloyd's assignment step when the
 * WebAssembly kernel (`wasm/lloyd.wat`) is unavailable. Plain loops over row-major
 * `Float64Array`s, no allocation.
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

/**
 * Cross products of a block of rows with every center:
 * `out[(i - r0) * k + j]` $= x_i^\top c_j$ for $r_0 \le i < r_1$, X (n, d) and C (k, d) row-major.
 *
 * Register-blocked 3 rows × 4 centers: per feature it loads 3 values of X and 4 of C and does
 * 12 multiply-adds into 12 local accumulators. Each dot product is still the plain sum in feature
 * order from +0, $(((0 + x_{i0}c_{j0}) + x_{i1}c_{j1}) + \dots)$, the order `wasm/lloyd.wat` uses, so
 * the two paths give the same bits. Leftover centers go 2 then 1 at a time, leftover rows one at
 * a time. $O((r_1-r_0)kd)$.
 */
export function crossDots(X: Float64Array, r0: number, r1: number, d: number, C: Float64Array, k: number, out: Float64Array): void {
  let i = r0;
  for (; i + 2 < r1; i += 3) {
    const x0 = i * d, x1 = x0 + d, x2 = x1 + d;
    const o0 = (i - r0) * k, o1 = o0 + k, o2 = o1 + k;
    let j = 0;
    for (; j + 3 < k; j += 4) {
      const c0 = j * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d;
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a20 = 0, a21 = 0, a22 = 0, a23 = 0;
      for (let p = 0; p < d; p++) {
        const u = X[x0 + p]!, v = X[x1 + p]!, t = X[x2 + p]!;
        let w = C[c0 + p]!;
        a00 += u * w; a10 += v * w; a20 += t * w;
        w = C[c1 + p]!;
        a01 += u * w; a11 += v * w; a21 += t * w;
        w = C[c2 + p]!;
        a02 += u * w; a12 += v * w; a22 += t * w;
        w = C[c3 + p]!;
        a03 += u * w; a13 += v * w; a23 += t * w;
      }
      out[o0 + j] = a00; out[o0 + j + 1] = a01; out[o0 + j + 2] = a02; out[o0 + j + 3] = a03;
      out[o1 + j] = a10; out[o1 + j + 1] = a11; out[o1 + j + 2] = a12; out[o1 + j + 3] = a13;
      out[o2 + j] = a20; out[o2 + j + 1] = a21; out[o2 + j + 2] = a22; out[o2 + j + 3] = a23;
    }
    for (; j + 1 < k; j += 2) {
      const c0 = j * d, c1 = c0 + d;
      let a00 = 0, a01 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0;
      for (let p = 0; p < d; p++) {
        const u = X[x0 + p]!, v = X[x1 + p]!, t = X[x2 + p]!;
        let w = C[c0 + p]!;
        a00 += u * w; a10 += v * w; a20 += t * w;
        w = C[c1 + p]!;
        a01 += u * w; a11 += v * w; a21 += t * w;
      }
      out[o0 + j] = a00; out[o0 + j + 1] = a01;
      out[o1 + j] = a10; out[o1 + j + 1] = a11;
      out[o2 + j] = a20; out[o2 + j + 1] = a21;
    }
    for (; j < k; j++) {
      const c0 = j * d;
      let a0 = 0, a1 = 0, a2 = 0;
      for (let p = 0; p < d; p++) {
        const w = C[c0 + p]!;
        a0 += X[x0 + p]! * w; a1 += X[x1 + p]! * w; a2 += X[x2 + p]! * w;
      }
      out[o0 + j] = a0; out[o1 + j] = a1; out[o2 + j] = a2;
    }
  }
  for (; i < r1; i++) {
    const x0 = i * d, o0 = (i - r0) * k;
    for (let j = 0; j < k; j++) {
      const c0 = j * d;
      let a = 0;
      for (let p = 0; p < d; p++) a += X[x0 + p]! * C[c0 + p]!;
      out[o0 + j] = a;
    }
  }
}
