/**
 * The JS matrix-vector kernels: the readable reference for `gemv`/`gemv_t` in `wasm/gemm.wat`
 * and the fallback when WebAssembly SIMD is unavailable. Each performs exactly the IEEE
 * operations of its wasm twin in the same order, so the two give bit-identical results (the
 * tests check it), and {@link matvec}/{@link matvecTransA} may pick either by size alone.
 * Internal to `matrix/`.
 *
 * @see ../../../../docs/core/matrix.md
 */

/**
 * $y = Ax$, $y_i = s_{\text{even}} + s_{\text{odd}}$: two accumulators, one over the even $j$ and
 * one over the odd $j$, each summed left to right (an odd last column goes to the even one).
 * These are the two lanes of the wasm kernel's `f64x2` accumulator. $O(nd)$.
 * @param A (n, d) row-major @param x (d,) @param y (n,) written
 */
export function gemvJs(A: Float64Array, n: number, d: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s0 = 0, s1 = 0;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      s0 += A[o + j]! * x[j]!;
      s1 += A[o + j + 1]! * x[j + 1]!;
    }
    if (j < d) s0 += A[o + j]! * x[j]!;
    y[i] = s0 + s1;
  }
}

/**
 * $y = A^\top x$, $y_j = \big(((0 + a_{0j}x_0) + a_{1j}x_1) + \dots\big) + a_{n-1,j}x_{n-1}$: row by
 * row, each row scaled by $x_i$ and added to $y$ (an axpy per row, unit stride). $O(nd)$.
 * @param A (n, d) row-major @param x (n,) @param y (d,) written
 */
export function gemvTJs(A: Float64Array, n: number, d: number, x: Float64Array, y: Float64Array): void {
  y.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const a = x[i]!;
    for (let j = 0; j < d; j++) y[j] = y[j]! + A[o + j]! * a;
  }
}
