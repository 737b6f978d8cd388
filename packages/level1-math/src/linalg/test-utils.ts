/**
 * Helpers for the linalg tests (not exported from the barrel): random matrices from core's Rng,
 * reconstruction and orthogonality errors, sign-insensitive comparison and the oracle fixture.
 */
import { readFileSync } from 'node:fs';
import { Matrix, Rng, matmulTransA, transpose } from '@fpml/core';
import fc from 'fast-check';

export const EPS = 2 ** -52;

/** The frozen numpy/scipy values (scripts/oracles/freeze_linalg.py). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const oracle: any = JSON.parse(readFileSync(new URL('./__fixtures__/linalg.json', import.meta.url), 'utf8'));

/** Standard-normal (m, n) matrix from a seeded Rng. */
export function randn(m: number, n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const A = new Matrix(m, n);
  for (let k = 0; k < A.data.length; k++) A.data[k] = rng.normal();
  return A;
}

/** Frobenius norm. */
export function fro(A: Matrix): number {
  let m = 0;
  for (const v of A.data) m = Math.max(m, Math.abs(v));
  if (m === 0) return 0;
  let s = 0;
  for (const v of A.data) s += (v / m) * (v / m);
  return m * Math.sqrt(s);
}

/** $\max_{ij}|A_{ij} - B_{ij}|$. */
export function maxDiff(A: Matrix, B: Matrix): number {
  if (A.rows !== B.rows || A.cols !== B.cols) throw new Error(`shape ${A.rows}x${A.cols} vs ${B.rows}x${B.cols}`);
  let e = 0;
  for (let k = 0; k < A.data.length; k++) e = Math.max(e, Math.abs(A.data[k]! - B.data[k]!));
  return e;
}

/** $\max_{ij}|(Q^\top Q - I)_{ij}|$ for the columns of Q. */
export function orthoError(Q: Matrix): number {
  return maxDiff(matmulTransA(Q, Q), Matrix.eye(Q.cols));
}

/** $\max_{ij}|(R R^\top - I)_{ij}|$ for the rows of R. */
export function rowOrthoError(R: Matrix): number {
  return orthoError(transpose(R));
}

/** $U\,\mathrm{diag}(s)\,V^\top$ with V given as Vt (k, n). */
export function usv(U: Matrix, s: ArrayLike<number>, Vt: Matrix): Matrix {
  const m = U.rows, k = U.cols, n = Vt.cols;
  const out = new Matrix(m, n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const f = U.data[i * k + p]! * s[p]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) out.data[i * n + j]! += f * Vt.data[p * n + j]!;
    }
  }
  return out;
}

/** Largest difference between columns of A and B after flipping each column of A to match B's sign. */
export function colDiffUpToSign(A: Matrix, B: Matrix): number {
  let e = 0;
  for (let j = 0; j < A.cols; j++) {
    let dot = 0;
    for (let i = 0; i < A.rows; i++) dot += A.get(i, j) * B.get(i, j);
    const s = dot < 0 ? -1 : 1;
    for (let i = 0; i < A.rows; i++) e = Math.max(e, Math.abs(s * A.get(i, j) - B.get(i, j)));
  }
  return e;
}

/** fast-check: an (m, n) matrix of entries in [-10, 10] with m, n in [1, max] (|entries| below 1e-150 become 0, keeping error bounds relative). */
export function arbDense(maxDim = 9): fc.Arbitrary<Matrix> {
  return fc
    .tuple(fc.integer({ min: 1, max: maxDim }), fc.integer({ min: 1, max: maxDim }))
    .chain(([m, n]) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: m * n, maxLength: m * n }).map((v) => new Matrix(m, n, Float64Array.from(v, (x) => (Math.abs(x) < 1e-150 ? 0 : x)))));
}

/** fast-check: a product $XY$ of (m, r) and (r, n) factors, so rank ≤ r < min(m, n) when r is small. */
export function arbLowRank(maxDim = 9): fc.Arbitrary<{ A: Matrix; r: number }> {
  return fc
    .tuple(fc.integer({ min: 2, max: maxDim }), fc.integer({ min: 2, max: maxDim }), fc.integer({ min: 1, max: maxDim }), fc.nat())
    .map(([m, n, rr, seed]) => {
      const r = Math.min(rr, Math.min(m, n) - 1);
      const X = randn(m, r, seed), Y = randn(r, n, seed + 1);
      const A = new Matrix(m, n);
      for (let i = 0; i < m; i++) for (let p = 0; p < r; p++) for (let j = 0; j < n; j++) A.data[i * n + j]! += X.data[i * r + p]! * Y.data[p * n + j]!;
      return { A, r };
    });
}
