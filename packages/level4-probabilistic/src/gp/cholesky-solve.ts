/**
 * Solves with a Cholesky factor $K = LL^\top$ (level1's {@link cholesky}): forward and back
 * substitution, $K^{-1}b = L^{-\top}(L^{-1}b)$, and $K^{-1}$ itself, each $O(n^2)$ per right-hand
 * side ($O(n^3)$ for the inverse).
 *
 * @see ../../../../docs/level4-probabilistic/gaussian-processes.md
 */
import { Matrix } from '@fpml/core';

/** $z = L^{-1} b$ for lower-triangular $L$ (n, n), $b$ (n,). */
export function forwardSub(L: Matrix, b: Float64Array): Float64Array {
  const n = L.rows, l = L.data, z = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = z[i]!;
    const oi = i * n;
    for (let k = 0; k < i; k++) s -= l[oi + k]! * z[k]!;
    z[i] = s / l[oi + i]!;
  }
  return z;
}

/** $x = L^{-\top} z$ for lower-triangular $L$ (n, n), $z$ (n,). */
export function backSubT(L: Matrix, z: Float64Array): Float64Array {
  const n = L.rows, l = L.data, x = Float64Array.from(z);
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** $K^{-1} b$ from $L$. */
export function choSolve(L: Matrix, b: Float64Array): Float64Array {
  return backSubT(L, forwardSub(L, b));
}

/** $L^{-1}B$ for a (n, m) right-hand side $B$, column by column in place of a copy, (n, m). */
export function forwardSubMatrix(L: Matrix, B: Matrix): Matrix {
  const n = L.rows, m = B.cols, l = L.data;
  const Z = B.clone(), z = Z.data;
  for (let i = 0; i < n; i++) {
    const oi = i * n, zi = i * m;
    for (let k = 0; k < i; k++) {
      const lik = l[oi + k]!;
      if (lik === 0) continue;
      const zk = k * m;
      for (let j = 0; j < m; j++) z[zi + j]! -= lik * z[zk + j]!;
    }
    const d = l[oi + i]!;
    for (let j = 0; j < m; j++) z[zi + j]! /= d;
  }
  return Z;
}

/**
 * $L^{-1}$ for lower-triangular $L$ (n, n): row $i$ of $M = L^{-1}$ solves
 * $m_{ij} = -\big(\sum_{j \le k < i} l_{ik} m_{kj}\big)/l_{ii}$ ($j < i$), $m_{ii} = 1/l_{ii}$,
 * touching only the lower triangle: $n^3/6$ multiply-adds.
 */
export function lowerInverse(L: Matrix): Matrix {
  const n = L.rows, l = L.data, M = new Matrix(n, n), m = M.data;
  for (let i = 0; i < n; i++) {
    const oi = i * n, d = l[oi + i]!;
    m[oi + i] = 1 / d;
    for (let k = 0; k < i; k++) {
      const lik = l[oi + k]!;
      if (lik === 0) continue;
      const ok = k * n;
      for (let j = 0; j <= k; j++) m[oi + j]! -= lik * m[ok + j]!; // accumulate −Σ_k l_ik m_kj
    }
    for (let j = 0; j < i; j++) m[oi + j]! /= d;
  }
  return M;
}

/** $K^{-1} = L^{-\top}L^{-1}$, (n, n), symmetric: $(K^{-1})_{ij} = \sum_{k \ge \max(i,j)} m_{ki} m_{kj}$. $n^3/3$ multiply-adds. */
export function choInverse(L: Matrix): Matrix {
  const n = L.rows;
  const M = lowerInverse(L), a = M.data; // L⁻¹, lower triangular
  const out = new Matrix(n, n), o = out.data;
  // Accumulate row by row of M (contiguous): K⁻¹ += m_kᵀ m_k over the first k+1 entries of row k.
  for (let k = 0; k < n; k++) {
    const ok = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = a[ok + i]!;
      if (mki === 0) continue;
      const oi = i * n;
      for (let j = 0; j <= i; j++) o[oi + j]! += mki * a[ok + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) o[j * n + i] = o[i * n + j]!; // mirror the lower triangle
  return out;
}
