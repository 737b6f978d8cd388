import { InvalidInputError, Matrix, ShapeError, matmul } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SingularMatrixError } from './errors.js';
import { det, inv, lu, luSolve } from './lu.js';
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
