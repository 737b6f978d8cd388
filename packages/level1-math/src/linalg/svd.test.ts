import { InvalidInputError, InvalidParamError, Matrix } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { svd } from './svd.js';
import { EPS, arbDense, arbLowRank, colDiffUpToSign, fro, maxDiff, oracle, orthoError, randn, rowOrthoError, usv } from './test-utils.js';

function checkSvd(A: Matrix): void {
  const { U, S, Vt } = svd(A);
  const k = Math.min(A.rows, A.cols);
  expect(U.shape).toEqual([A.rows, k]);
  expect(S.length).toBe(k);
  expect(Vt.shape).toEqual([k, A.cols]);
  const scale = Math.max(fro(A), Number.MIN_VALUE);
  const tol = 32 * (A.rows + A.cols) * EPS;
  expect(maxDiff(usv(U, S, Vt), A)).toBeLessThanOrEqual(tol * scale);
  expect(orthoError(U)).toBeLessThanOrEqual(tol);
  expect(rowOrthoError(Vt)).toBeLessThanOrEqual(tol);
  for (let i = 0; i < k; i++) {
    expect(S[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(S[i]).toBeLessThanOrEqual(S[i - 1]!);
  }
}

describe('svd', () => {
  it('reconstructs tall, wide, square and 1x1 matrices with orthonormal factors', () => {
    for (const [m, n] of [[1, 1], [1, 5], [5, 1], [7, 3], [3, 7], [12, 12], [40, 25]] as const) checkSvd(randn(m, n, m * 31 + n));
  });

  it('property: any shape up to 9x9 (fast-check)', () => {
    fc.assert(fc.property(arbDense(), (A) => checkSvd(A)), { numRuns: 150 });
  });

  it('property: rank-deficient products XY have exactly min(m,n) - r (numerically) zero singular values', () => {
    fc.assert(
      fc.property(arbLowRank(), ({ A, r }) => {
        checkSvd(A);
        const { S } = svd(A);
        const tol = S[0]! * Math.max(A.rows, A.cols) * EPS * 16;
        for (let i = r; i < S.length; i++) expect(S[i]).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 100 },
    );
  });

  it('handles zero and exactly repeated singular values (identity, zero matrix)', () => {
    checkSvd(Matrix.zeros(4, 3));
    const I = svd(Matrix.eye(5));
    expect(Array.from(I.S)).toEqual([1, 1, 1, 1, 1]);
    checkSvd(Matrix.eye(5));
  });

  it('matches numpy.linalg.svd (LAPACK gesdd) on tall, wide and rank-deficient inputs', () => {
    for (const name of ['tall', 'wide', 'rankDeficient'] as const) {
      const o = oracle.svd[name];
      const { U, S, Vt } = svd(Matrix.from(o.A));
      const S0 = o.S[0] as number;
      for (let i = 0; i < S.length; i++) expect(Math.abs(S[i]! - o.S[i])).toBeLessThanOrEqual(1e-13 * S0);
      const r = name === 'rankDeficient' ? 3 : S.length; // null-space vectors are not unique
      const pick = (M: Matrix, cols: number) => new Matrix(M.rows, cols, Float64Array.from({ length: M.rows * cols }, (_, k) => M.data[Math.floor(k / cols) * M.cols + (k % cols)]!));
      expect(colDiffUpToSign(pick(U, r), pick(Matrix.from(o.U), r))).toBeLessThan(1e-12);
      const V = (M: Matrix) => pick(new Matrix(M.cols, M.rows, Float64Array.from({ length: M.data.length }, (_, k) => M.data[(k % M.rows) * M.cols + Math.floor(k / M.rows)]!)), r);
      expect(colDiffUpToSign(V(Vt), V(Matrix.from(o.Vt)))).toBeLessThan(1e-12);
    }
  });

  it('is scale-invariant: huge and tiny entries neither overflow nor underflow', () => {
    const A = randn(6, 4, 3);
    const ref = svd(A).S;
    for (const s of [1e300, 1e-300]) {
      const B = new Matrix(6, 4, A.data.map((v) => v * s));
      const { S } = svd(B);
      for (let i = 0; i < 4; i++) expect(Math.abs(S[i]! / s - ref[i]!)).toBeLessThanOrEqual(1e-13 * ref[0]!);
    }
  });

  it('rejects NaN, empty input and fullMatrices: true with typed errors', () => {
    expect(() => svd([[1, NaN]])).toThrow(InvalidInputError);
    expect(() => svd([[1, NaN]])).toThrow(/svd: A contains NaN at \(0, 1\)/);
    expect(() => svd(new Matrix(0, 3))).toThrow(InvalidInputError);
    expect(() => svd([[1]], { fullMatrices: true as unknown as false })).toThrow(InvalidParamError);
  });
});
