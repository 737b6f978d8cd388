import { InvalidParamError, Matrix, matmul, matmulTransA } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qr } from './qr.js';
import { EPS, arbDense, arbLowRank, colDiffUpToSign, fro, maxDiff, oracle, orthoError, randn } from './test-utils.js';

function permuteCols(A: Matrix, perm: Int32Array): Matrix {
  const out = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out.data[i * A.cols + j] = A.get(i, perm[j]!);
  return out;
}

function checkQr(A: Matrix, pivoting: boolean, mode: 'reduced' | 'complete'): void {
  const { Q, R, perm } = qr(A, { pivoting, mode });
  const m = A.rows, n = A.cols, k = Math.min(m, n);
  const qc = mode === 'complete' ? m : k;
  expect(Q.shape).toEqual([m, qc]);
  expect(R.shape).toEqual([qc, n]);
  for (let i = 0; i < R.rows; i++) for (let j = 0; j < Math.min(i, n); j++) expect(R.get(i, j)).toBe(0);
  const tol = 32 * (m + n) * EPS;
  expect(orthoError(Q)).toBeLessThanOrEqual(tol);
  expect(maxDiff(matmul(Q, R), pivoting ? permuteCols(A, perm!) : A)).toBeLessThanOrEqual(tol * Math.max(fro(A), 1e-300));
  if (pivoting) for (let i = 1; i < k; i++) expect(Math.abs(R.get(i, i))).toBeLessThanOrEqual(Math.abs(R.get(i - 1, i - 1)) * (1 + 1e-12));
}

describe('qr', () => {
  it('property: QR = A (or AP) with QᵀQ = I, both modes, with and without pivoting (fast-check)', () => {
    fc.assert(
      fc.property(arbDense(), fc.boolean(), fc.constantFrom('reduced' as const, 'complete' as const), (A, p, mode) => checkQr(A, p, mode)),
      { numRuns: 200 },
    );
  });

  it.each([[70, 37], [200, 60], [30, 50], [16, 16], [33, 17], [40, 40]])('blocked (compact WY) path, %ix%i: QR = A, QᵀQ = I, both modes', (m, n) => {
    const A = randn(m, n, m * 100 + n);
    checkQr(A, false, 'reduced');
    checkQr(A, false, 'complete');
    // the same factors as reflector-by-reflector (the pivoted path, with its permutation undone, is not comparable; compare against R from QᵀA)
    const { Q, R } = qr(A);
    expect(maxDiff(matmulTransA(Q, A), R)).toBeLessThanOrEqual(64 * (m + n) * EPS * fro(A));
  });

  it('property: pivoted QR detects the rank of XY products', () => {
    fc.assert(fc.property(arbLowRank(), ({ A, r }) => {
        expect(qr(A, { pivoting: true }).rank).toBe(r);
      }), { numRuns: 100 });
  });

  it('matches numpy.linalg.qr (up to the sign of each Householder step)', () => {
    const o = oracle.qr;
    const { Q, R } = qr(Matrix.from(o.A));
    expect(colDiffUpToSign(Q, Matrix.from(o.Q))).toBeLessThan(1e-14);
    const Ro = Matrix.from(o.R);
    for (let i = 0; i < R.rows; i++) {
      const s = Math.sign(R.get(i, i)) === Math.sign(Ro.get(i, i)) ? 1 : -1;
      for (let j = 0; j < R.cols; j++) expect(Math.abs(s * R.get(i, j) - Ro.get(i, j))).toBeLessThan(1e-14);
    }
  });

  it('finds rank 3 of the 8x6 rank-deficient oracle with scipy/LAPACK dgeqp3’s column order and |diag R|', () => {
    const o = oracle.qr.pivoted;
    const { R, perm, rank } = qr(Matrix.from(o.A), { pivoting: true });
    expect(rank).toBe(3);
    expect(Array.from(perm!).slice(0, 3)).toEqual(o.perm.slice(0, 3));
    for (let i = 0; i < 3; i++) expect(Math.abs(Math.abs(R.get(i, i)) - o.absDiagR[i])).toBeLessThan(1e-12 * o.absDiagR[0]);
    for (let i = 3; i < 6; i++) expect(Math.abs(R.get(i, i))).toBeLessThan(1e-13 * o.absDiagR[0]);
  });

  it('regression: a column whose squares are subnormal gives no NaN (fast-check counterexample 4x7)', () => {
    checkQr(Matrix.from([[0, 0], [1e-155, 3e-156], [1e-156, 0]]), false, 'reduced');
    const A = new Matrix(4, 7, Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, -8.88641051239113e-89, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3.61268303567595e-109, 0, -3.512603798761079e-146, 0, 0, 0, 0]));
    checkQr(A, false, 'reduced');
    checkQr(A, true, 'complete');
  });

  it('rejects a bad mode and NaN', () => {
    expect(() => qr([[1]], { mode: 'full' as 'reduced' })).toThrow(InvalidParamError);
    expect(() => qr([[1, NaN]])).toThrow(/qr: A contains NaN/);
  });
});
