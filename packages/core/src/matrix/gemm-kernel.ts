/**
 * The blocked float64 GEMM kernel in plain JS: the readable reference, and the path
 * {@link gemm} (`gemm.ts`) takes for small products or when WebAssembly SIMD is unavailable.
 * It computes $C \mathrel{+}= \operatorname{op}(A)\,\operatorname{op}(B)$ with
 * $C$ row-major (n, m) and $\operatorname{op}$ given by strides, so no transpose is ever built.
 *
 * Scheme (i-k-j order over row-major rows):
 * - the j range is cut into panels of {@link NC} columns and the k range into slabs of
 *   {@link KC}; one KC×NC tile of B (256 KB) stays in L2 while every row of A sweeps it;
 * - the micro-kernel takes 4 rows of A and 4 values of k at once: 16 scalars of A held in
 *   locals, then for each j it loads 4 values of B and updates 4 entries of C, which is
 *   32 flops per 12 memory operations, all unit stride, with no closures or helpers inside;
 * - leftover rows (n mod 4) and k values (k mod 4) take the same path one at a time.
 * When op(B)'s rows are not contiguous (B transposed), the current KC×NC tile of Bᵀ is packed
 * into a scratch buffer first: O(KC·NC) extra memory whatever the size.
 *
 * @see ../../../../docs/core/matrix.md
 */

/** Columns of C (and B) per panel. @default 256 */
export const NC = 256;
/** Depth of one k slab. @default 128 */
export const KC = 128;

/** How to read op(A) (n, k) and op(B) (k, m) out of their row-major buffers. */
export interface GemmOperands {
  A: Float64Array;
  /** op(A)(i, p) = A[i * aRow + p * aCol] */
  aRow: number;
  aCol: number;
  B: Float64Array;
  /** op(B)(p, j) = B[p * bRow + j * bCol] */
  bRow: number;
  bCol: number;
}

/**
 * $C_{ij} \mathrel{+}= \sum_{p<k} \operatorname{op}(A)_{ip}\operatorname{op}(B)_{pj}$ for
 * C (n, m) row-major. $O(nkm)$ time, $O(KC\cdot NC)$ scratch when op(B) is strided.
 */
export function gemmJs(ops: GemmOperands, C: Float64Array, n: number, k: number, m: number): void {
  const { A, aRow, aCol } = ops;
  const direct = ops.bCol === 1;
  const tile = direct ? ops.B : new Float64Array(Math.min(KC, k) * Math.min(NC, m));
  for (let jj = 0; jj < m; jj += NC) {
    const je = Math.min(jj + NC, m);
    for (let kk = 0; kk < k; kk += KC) {
      const ke = Math.min(kk + KC, k);
      let ldb: number, boff: number;
      if (direct) {
        ldb = ops.bRow;
        boff = 0;
      } else {
        const w = je - jj;
        const { B, bRow, bCol } = ops;
        for (let p = kk; p < ke; p++) {
          const dst = (p - kk) * w - jj;
          const src = p * bRow;
          for (let j = jj; j < je; j++) tile[dst + j] = B[src + j * bCol]!;
        }
        ldb = w;
        boff = -kk * w - jj;
      }
      microPanel(A, aRow, aCol, tile, ldb, boff, C, n, m, kk, ke, jj, je);
    }
  }
}

/** C[i, jj:je] += Σ_{p∈[kk,ke)} op(A)(i, p) · Bt[p*ldb + boff + j] for every row i. */
function microPanel(
  A: Float64Array, aRow: number, aCol: number,
  Bt: Float64Array, ldb: number, boff: number,
  C: Float64Array, n: number, m: number,
  kk: number, ke: number, jj: number, je: number,
): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const c0 = i * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
    const a0 = i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    let p = kk;
    for (; p + 3 < ke; p += 4) {
      const q0 = p * aCol, q1 = q0 + aCol, q2 = q1 + aCol, q3 = q2 + aCol;
      const x0 = A[a0 + q0]!, x1 = A[a1 + q0]!, x2 = A[a2 + q0]!, x3 = A[a3 + q0]!;
      const y0 = A[a0 + q1]!, y1 = A[a1 + q1]!, y2 = A[a2 + q1]!, y3 = A[a3 + q1]!;
      const z0 = A[a0 + q2]!, z1 = A[a1 + q2]!, z2 = A[a2 + q2]!, z3 = A[a3 + q2]!;
      const w0 = A[a0 + q3]!, w1 = A[a1 + q3]!, w2 = A[a2 + q3]!, w3 = A[a3 + q3]!;
      const b0 = p * ldb + boff, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      for (let j = jj; j < je; j++) {
        const u0 = Bt[b0 + j]!, u1 = Bt[b1 + j]!, u2 = Bt[b2 + j]!, u3 = Bt[b3 + j]!;
        C[c0 + j] += x0 * u0 + y0 * u1 + z0 * u2 + w0 * u3;
        C[c1 + j] += x1 * u0 + y1 * u1 + z1 * u2 + w1 * u3;
        C[c2 + j] += x2 * u0 + y2 * u1 + z2 * u2 + w2 * u3;
        C[c3 + j] += x3 * u0 + y3 * u1 + z3 * u2 + w3 * u3;
      }
    }
    for (; p < ke; p++) {
      const q = p * aCol;
      const x0 = A[a0 + q]!, x1 = A[a1 + q]!, x2 = A[a2 + q]!, x3 = A[a3 + q]!;
      const b = p * ldb + boff;
      for (let j = jj; j < je; j++) {
        const u = Bt[b + j]!;
        C[c0 + j] += x0 * u;
        C[c1 + j] += x1 * u;
        C[c2 + j] += x2 * u;
        C[c3 + j] += x3 * u;
      }
    }
  }
  for (; i < n; i++) {
    const c0 = i * m, a0 = i * aRow;
    for (let p = kk; p < ke; p++) {
      const x = A[a0 + p * aCol]!;
      const b = p * ldb + boff;
      for (let j = jj; j < je; j++) C[c0 + j] += x * Bt[b + j]!;
    }
  }
}
