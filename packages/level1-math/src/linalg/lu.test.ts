import { InvalidInputError, Matrix, ShapeError, matmul } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SingularMatrixError } from './errors.js';
import { det, inv, lu, luInPlace, luSolve } from './lu.js';
import { EPS, arbDense, fro, maxDiff, oracle, randn } from './test-utils.js';

/** Unpack L (unit lower) and U from the packed factor. */
function unpack(LU: Matrix): { L: Matrix; U: Matrix } {
  const n = LU.rows;
  const L = Matrix.eye(n), U = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (j < i ? L : U).data[i * n + j] = j < i || j >= i ? LU.data[i * n + j]! : 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) U.data[i * n + j] = 0;
  return { L, U };
}

function permuteRows(A: Matrix, perm: Int32Array): Matrix {
  const out = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) out.data.set(A.row(perm[i]!), i * A.cols);
  return out;
}

describe('lu', () => {
  it('property: PA = LU with |l_ij| ≤ 1 for random square matrices (fast-check)', () => {
    const square = arbDense(10).map((B) => new Matrix(Math.min(B.rows, B.cols), Math.min(B.rows, B.cols), B.data.slice(0, Math.min(B.rows, B.cols) ** 2)));
    fc.assert(
      fc.property(square, (A) => {
        const f = lu(A);
        const { L, U } = unpack(f.LU);
        expect(maxDiff(matmul(L, U), permuteRows(A, f.perm))).toBeLessThanOrEqual(16 * A.rows * EPS * Math.max(fro(A), 1e-300));
        for (const v of L.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });

  it.each([[100, 40], [37, 90], [50, 50], [17, 17], [300, 60]])('blocked path (panels of 16, GEMM update), %ix%i: PA = LU, |l_ij| ≤ 1, pivots of the unblocked loop', (m, n) => {
    const A = randn(m, n, m + 7 * n);
    const k = Math.min(m, n), zc = Math.min(20, k - 2);
    for (let i = 0; i < m; i++) A.data[i * n + zc] = 0; // an exactly zero column: a zero pivot at step zc
    const a = A.data.slice();
    const { perm, zeroPivot } = luInPlace(a, m, n);
    expect(zeroPivot).toBe(zc);
    const L = new Matrix(m, k), U = new Matrix(k, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      if (j < i && j < k) L.data[i * k + j] = a[i * n + j]!;
      else if (i < k) U.data[i * n + j] = a[i * n + j]!;
      if (i === j && i < k) L.data[i * k + i] = 1;
    }
    expect(maxDiff(matmul(L, U), permuteRows(A, perm))).toBeLessThanOrEqual(16 * k * EPS * fro(A));
    for (const v of L.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    // reference: textbook unblocked elimination picks the same pivots
    const b = A.data.slice(), p = Array.from({ length: m }, (_, i) => i);
    for (let c = 0; c < k; c++) {
      let r = c;
      for (let i = c + 1; i < m; i++) if (Math.abs(b[i * n + c]!) > Math.abs(b[r * n + c]!)) r = i;
      for (let j = 0; j < n; j++) { const t = b[c * n + j]!; b[c * n + j] = b[r * n + j]!; b[r * n + j] = t; }
      [p[c], p[r]] = [p[r]!, p[c]!];
      if (b[c * n + c] === 0) continue;
      for (let i = c + 1; i < m; i++) {
        const f = b[i * n + c]! / b[c * n + c]!;
        b[i * n + c] = f;
        for (let j = c + 1; j < n; j++) b[i * n + j]! -= f * b[c * n + j]!;
      }
    }
    expect(Array.from(perm)).toEqual(p);
    let worst = 0;
    for (let t = 0; t < a.length; t++) worst = Math.max(worst, Math.abs(a[t]! - b[t]!));
    expect(worst).toBeLessThanOrEqual(1e3 * k * EPS * fro(A));
  });

  it('matches scipy.linalg.lu_factor (LAPACK dgetrf) and numpy det / solve / inv', () => {
    const o = oracle.lu;
    const A = Matrix.from(o.A);
    const f = lu(A);
    expect(Array.from(f.perm)).toEqual(o.perm);
    expect(maxDiff(f.LU, Matrix.from(o.LU))).toBeLessThan(1e-14);
    expect(Math.abs(det(A) - o.det)).toBeLessThan(1e-13 * Math.abs(o.det));
    const x = luSolve(f, Float64Array.from(o.b));
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - o.x[i])).toBeLessThan(1e-13);
    expect(maxDiff(inv(A), Matrix.from(o.inv))).toBeLessThan(1e-13);
  });

  it('solves several right-hand sides at once and A·inv(A) = I', () => {
    const A = randn(20, 20, 7), B = randn(20, 3, 8);
    const X = luSolve(lu(A), B);
    expect(maxDiff(matmul(A, X), B)).toBeLessThan(1e-12);
    expect(maxDiff(matmul(A, inv(A)), Matrix.eye(20))).toBeLessThan(1e-12);
    expect(det([[2]])).toBe(2);
    expect(det([[0, 1], [1, 0]])).toBe(-1);
  });

  it('flags a singular matrix and the solve/inverse name the zero pivot', () => {
    const S = [[1, 2, 3], [2, 4, 6], [1, 0, 1]];
    const f = lu(S);
    expect(f.singular).toBe(true);
    expect(Math.abs(det(S))).toBe(0);
    expect(() => luSolve(f, new Float64Array(3))).toThrow(SingularMatrixError);
    expect(() => inv(S)).toThrow(SingularMatrixError);
    expect(() => inv(S)).toThrow(InvalidInputError);
    expect(() => inv(S)).toThrow('inv: A is singular: pivot 2 is 0 after partial pivoting');
  });

  it('throws typed errors for non-square, NaN and mismatched right-hand sides', () => {
    expect(() => det([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => inv([[1, 2, 3]])).toThrow('inv: A must be square, got 1x3');
    expect(() => det([[1, NaN], [0, 1]])).toThrow(/det: A contains NaN at \(0, 1\)/);
    expect(() => luSolve(lu([[1, 0], [0, 1]]), new Float64Array(3))).toThrow(ShapeError);
    expect(() => luSolve(lu([[1, 0], [0, 1]]), Float64Array.from([1, Infinity]))).toThrow(InvalidInputError);
  });
});
