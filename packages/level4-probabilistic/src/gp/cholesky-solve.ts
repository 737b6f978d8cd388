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

/** $K^{-1} = L^{-\top}L^{-1}$, (n, n), symmetric. $O(n^3)$. */
export function choInverse(L: Matrix): Matrix {
  const n = L.rows;
  const Linv = forwardSubMatrix(L, Matrix.eye(n)); // L⁻¹, lower triangular
  const a = Linv.data, out = new Matrix(n, n), o = out.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0; // (L⁻ᵀL⁻¹)_ij = Σ_k (L⁻¹)_ki (L⁻¹)_kj, k ≥ max(i, j) = i
      for (let k = i; k < n; k++) s += a[k * n + i]! * a[k * n + j]!;
      o[i * n + j] = s;
      o[j * n + i] = s;
    }
  }
  return out;
}
