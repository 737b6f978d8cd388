/**
 * Householder reflections on row-major float64 storage (internal kernels of QR, the
 * bidiagonalisation of the SVD and randomized SVD).
 *
 * A reflector $H = I - \beta vv^\top$ with $\beta = 2/v^\top v$ maps $x$ to $\alpha e_1$, where
 * $\alpha = -\operatorname{sign}(x_0)\lVert x\rVert$ (the sign that avoids cancellation in
 * $v_0 = x_0 - \alpha$). If $x_{1:} = 0$ the reflector is the identity ($\beta = 0$, $\alpha = x_0$).
 *
 * @see ../../../../docs/level1-math/linalg.md
 */
import { Matrix, matmul, matmulTransA } from '@fpml/core';

/**
 * Turn `v` (holding $x$) into the Householder vector in place.
 * @returns `[alpha, beta]` with $Hx = \alpha e_1$. $O(L)$.
 */
export function makeHouseholder(v: Float64Array): [number, number] {
  const L = v.length;
  // H depends only on the direction of v: work with v / max|v_i| so that neither the squares
  // nor beta = 2 / vᵀv can underflow or overflow (LAPACK's dlarfg rescales for the same reason).
  let scale = 0;
  for (let i = 0; i < L; i++) scale = Math.max(scale, Math.abs(v[i]!));
  const x0 = v[0]!;
  if (scale === 0) {
    v[0] = 1;
    return [x0, 0];
  }
  for (let i = 0; i < L; i++) v[i] = v[i]! / scale;
  let sigma = 0;
  for (let i = 1; i < L; i++) sigma += v[i]! * v[i]!;
  const y0 = v[0]!;
  if (sigma === 0) {
    v.fill(0);
    v[0] = 1;
    return [x0, 0];
  }
  const norm = Math.sqrt(y0 * y0 + sigma);
  const alpha = y0 <= 0 ? norm : -norm;
  const v0 = y0 - alpha;
  v[0] = v0;
  return [alpha * scale, 2 / (v0 * v0 + sigma)];
}

/**
 * $A_{r_0:, c_0:c_1} \leftarrow (I - \beta vv^\top) A_{r_0:, c_0:c_1}$ on a row-major matrix with
 * `cols` columns; `v` has one entry per row from `r0`. Reads and writes whole row segments.
 * `w` is scratch of length ≥ `c1 - c0`. $O(4 L (c_1 - c_0))$.
 */
export function reflectRows(a: Float64Array, cols: number, r0: number, c0: number, c1: number, v: Float64Array, beta: number, w: Float64Array): void {
  if (beta === 0 || c1 <= c0) return;
  const L = v.length, width = c1 - c0;
  w.fill(0, 0, width);
  for (let i = 0; i < L; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    const o = (r0 + i) * cols + c0;
    for (let j = 0; j < width; j++) w[j]! += vi * a[o + j]!;
  }
  for (let i = 0; i < L; i++) {
    const f = beta * v[i]!;
    if (f === 0) continue;
    const o = (r0 + i) * cols + c0;
    for (let j = 0; j < width; j++) a[o + j]! -= f * w[j]!;
  }
}

/**
 * $A_{r_0:r_1, c_0:} \leftarrow A_{r_0:r_1, c_0:} (I - \beta vv^\top)$ on a row-major matrix with
 * `cols` columns; `v` has one entry per column from `c0`. One dot product and one axpy per row.
 * $O(4 (r_1 - r_0) L)$.
 */
export function reflectCols(a: Float64Array, cols: number, r0: number, r1: number, c0: number, v: Float64Array, beta: number): void {
  if (beta === 0) return;
  const L = v.length;
  for (let i = r0; i < r1; i++) {
    const o = i * cols + c0;
    let s = 0;
    for (let j = 0; j < L; j++) s += a[o + j]! * v[j]!;
    if (s === 0) continue;
    s *= beta;
    for (let j = 0; j < L; j++) a[o + j]! -= s * v[j]!;
  }
}

/**
 * Product of reflectors $Q = H_0 H_1 \cdots H_{p-1}$ restricted to its first `k` columns, where
 * $H_j$ acts on rows $j..m-1$ with vector `vs[j]` (length $m - j$, offset `offsets[j]`,
 * default $j$). Backward accumulation: $Q \leftarrow H_j Q$ for $j = p-1, \dots, 0$, each touching
 * only the trailing block. Returns (m, k) row-major. $O(4mkp)$.
 */
export function accumulateReflectors(m: number, k: number, vs: readonly Float64Array[], betas: ArrayLike<number>, offsets?: ArrayLike<number>): Float64Array {
  const q = new Float64Array(m * k);
  for (let i = 0; i < Math.min(m, k); i++) q[i * k + i] = 1;
  const w = new Float64Array(k);
  for (let j = vs.length - 1; j >= 0; j--) {
    const r0 = offsets ? offsets[j]! : j;
    // columns < r0 of rows ≥ r0 are still zero (identity structure), so start at min(r0, k)
    reflectRows(q, k, r0, Math.min(r0, k), k, vs[j]!, betas[j]!, w);
  }
  return q;
}

/**
 * Compact WY form of a block of reflectors (Schreiber & Van Loan 1989; LAPACK `dlarft`,
 * forward, column-wise): $H_{j_0} H_{j_0+1} \cdots H_{j_1-1} = I - V T V^\top$, with
 * $V$ ((m − j0), jb) holding $v_j$ in column $j - j_0$ from row $j - j_0$ (zeros above), and $T$
 * (jb, jb) upper triangular: $T_{ii} = \beta_i$, $T_{0:i,\,i} = -\beta_i\,T_{0:i,0:i}\,V_{:,0:i}^\top v_i$
 * (the inner products come from one Gram matrix $V^\top V$, a GEMM).
 * `vs[j]` acts on rows $j..m-1$. $O(m\,jb^2)$.
 */
export function blockReflector(m: number, j0: number, j1: number, vs: readonly Float64Array[], betas: ArrayLike<number>): { V: Matrix; T: Float64Array } {
  const jb = j1 - j0, h = m - j0;
  const V = new Matrix(h, jb); // (m - j0, jb)
  for (let c = 0; c < jb; c++) {
    const v = vs[j0 + c]!;
    for (let r = c; r < h; r++) V.data[r * jb + c] = v[r - c]!;
  }
  const G = matmulTransA(V, V).data; // (jb, jb) Gram matrix: G[c, i] = v_cᵀ v_i
  const T = new Float64Array(jb * jb); // (jb, jb) upper triangular
  for (let i = 0; i < jb; i++) {
    const beta = betas[j0 + i]!;
    T[i * jb + i] = beta;
    if (beta === 0) continue;
    for (let r = 0; r < i; r++) { // T[0:i, i] = -β T[0:i, 0:i] V[:, 0:i]ᵀ v_i (T upper triangular)
      let s = 0;
      for (let c = r; c < i; c++) s += T[r * jb + c]! * G[c * jb + i]!;
      T[r * jb + i] = -beta * s;
    }
  }
  return { V, T };
}

/**
 * $A_{r_0:, c_0:c_1} \leftarrow (I - V T^{(\top)} V^\top) A_{r_0:, c_0:c_1}$ on a row-major matrix with
 * `cols` columns, through two GEMMs (core's `matmulTransA` and `matmul`):
 * $W = V^\top A$, $W \leftarrow T^{(\top)} W$, $A \mathrel{-}= V W$. With `transposeT` this applies
 * $(H_{j_0}\cdots H_{j_1-1})^\top$, i.e. the reflectors in order $j_0, j_0+1, \dots$ (as in the
 * factorisation); without it, their product (as when forming $Q$). $O(4\,h\,jb\,w)$.
 */
export function applyBlockReflector(a: Float64Array, cols: number, r0: number, c0: number, c1: number, V: Matrix, T: Float64Array, transposeT: boolean): void {
  const h = V.rows, jb = V.cols, w = c1 - c0;
  if (w <= 0 || h === 0) return;
  const A2 = new Matrix(h, w); // (h, w)
  for (let i = 0; i < h; i++) A2.data.set(a.subarray((r0 + i) * cols + c0, (r0 + i) * cols + c1), i * w);
  const W = matmulTransA(V, A2); // (jb, w)
  const TW = new Matrix(jb, w); // (jb, w) = T W or Tᵀ W
  for (let r = 0; r < jb; r++) {
    const o = r * w;
    for (let c = 0; c < jb; c++) {
      const t = transposeT ? T[c * jb + r]! : T[r * jb + c]!;
      if (t === 0) continue;
      const q = c * w;
      for (let j = 0; j < w; j++) TW.data[o + j]! += t * W.data[q + j]!;
    }
  }
  const VW = matmul(V, TW).data; // (h, w)
  for (let i = 0; i < h; i++) {
    const o = (r0 + i) * cols + c0, q = i * w;
    for (let j = 0; j < w; j++) a[o + j] = a[o + j]! - VW[q + j]!;
  }
}
