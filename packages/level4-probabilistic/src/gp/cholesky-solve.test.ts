import { Matrix, Rng } from '@fpml/core';
import { cholesky } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { choInverse, choSolve, forwardSubMatrix, lowerInverse } from './cholesky-solve.js';

/** A random SPD matrix A = BBᵀ + n I. */
function spd(n: number, seed: number): Matrix {
  const rng = new Rng(seed), B = Float64Array.from({ length: n * n }, () => rng.standardNormal()), A = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += B[i * n + k]! * B[j * n + k]!;
    A.data[i * n + j] = s;
  }
  return A;
}
const mul = (A: Matrix, B: Matrix) => {
  const n = A.rows, m = B.cols, C = new Matrix(n, m);
  for (let i = 0; i < n; i++) for (let k = 0; k < A.cols; k++) for (let j = 0; j < m; j++) C.data[i * m + j]! += A.data[i * A.cols + k]! * B.data[k * m + j]!;
  return C;
};

describe('Cholesky solves', () => {
  for (const n of [1, 2, 7, 40]) {
    it(`n = ${n}: L·L⁻¹ = I, K·K⁻¹ = I, K·choSolve(b) = b, forwardSubMatrix = L⁻¹B (by reconstruction)`, () => {
      const K = spd(n, n), L = cholesky(K);
      const eye = (M: Matrix) => Math.max(...Array.from(M.data, (v, i) => Math.abs(v - (Math.floor(i / n) === i % n ? 1 : 0))));
      expect(eye(mul(L, lowerInverse(L)))).toBeLessThan(1e-12);
      const Kinv = choInverse(L);
      expect(eye(mul(K, Kinv))).toBeLessThan(1e-12);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Kinv.data[i * n + j]).toBe(Kinv.data[j * n + i]);
      const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      const x = choSolve(L, b);
      const Kx = mul(K, new Matrix(n, 1, x));
      expect(Math.max(...Array.from(Kx.data, (v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-10 * n);
      const B = new Matrix(n, 3, Float64Array.from({ length: 3 * n }, (_, i) => Math.cos(i)));
      const LZ = mul(L, forwardSubMatrix(L, B));
      expect(Math.max(...Array.from(LZ.data, (v, i) => Math.abs(v - B.data[i]!)))).toBeLessThan(1e-12);
    });
  }
});
