import { InvalidParamError, Matrix, matmul } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { randomizedSvd } from './randomized-svd.js';
import { svd } from './svd.js';
import { colDiffUpToSign, maxDiff, orthoError, randn, rowOrthoError } from './test-utils.js';

/** (m, n) with singular values 0.8^i (fast decay) plus tiny noise, from fixed seeds. */
function decaying(m: number, n: number): Matrix {
  const { U, Vt } = svd(randn(m, n, 11));
  const k = Math.min(m, n);
  const s = Float64Array.from({ length: k }, (_, i) => 0.8 ** i);
  const A = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) A.data[i * n + j]! += U.get(i, p) * s[p]! * Vt.get(p, j);
  return A;
}

describe('randomizedSvd', () => {
  for (const [m, n] of [[80, 30], [30, 80]] as const) {
    for (const normalizer of ['auto', 'qr', 'lu', 'none'] as const) {
      it(`${m}x${n}, normalizer ${normalizer}: top-k values and vectors match the full SVD`, () => {
        const A = decaying(m, n);
        const k = 5;
        const r = randomizedSvd(A, k, { powerIterationNormalizer: normalizer, seed: 3 });
        expect(r.U.shape).toEqual([m, k]);
        expect(r.Vt.shape).toEqual([k, n]);
        expect(orthoError(r.U)).toBeLessThan(1e-12);
        expect(rowOrthoError(r.Vt)).toBeLessThan(1e-12);
        const full = svd(A);
        for (let i = 0; i < k; i++) expect(Math.abs(r.S[i]! - full.S[i]!)).toBeLessThan(1e-10);
        const top = (M: Matrix, c: number) => new Matrix(M.rows, c, Float64Array.from({ length: M.rows * c }, (_, t) => M.data[Math.floor(t / c) * M.cols + (t % c)]!));
        expect(colDiffUpToSign(r.U, top(full.U, k))).toBeLessThan(1e-6);
      });
    }
  }

  it('is exact for a matrix of rank ≤ k + oversampling, follows svd_flip, and is reproducible by seed', () => {
    const A = matmul(randn(40, 4, 1), randn(4, 25, 2)); // rank 4
    const r = randomizedSvd(A, 4, { nIter: 0 });
    const rec = new Matrix(40, 25);
    for (let i = 0; i < 40; i++) for (let p = 0; p < 4; p++) for (let j = 0; j < 25; j++) rec.data[i * 25 + j]! += r.U.get(i, p) * r.S[p]! * r.Vt.get(p, j);
    expect(maxDiff(rec, A)).toBeLessThan(1e-12 * r.S[0]!);
    for (let c = 0; c < 4; c++) {
      let best = 0;
      for (let i = 0; i < 40; i++) if (Math.abs(r.U.get(i, c)) > Math.abs(best)) best = r.U.get(i, c);
      expect(best).toBeGreaterThan(0); // U-based sign convention
    }
    expect(randomizedSvd(A, 4, { seed: 9 }).S).toEqual(randomizedSvd(A, 4, { seed: 9 }).S);
  });

  it('rejects bad k and options', () => {
    const A = randn(10, 6, 1);
    expect(() => randomizedSvd(A, 0)).toThrow(InvalidParamError);
    expect(() => randomizedSvd(A, 7)).toThrow('randomizedSvd: param k must be an integer in [1, 6], got 7');
    expect(() => randomizedSvd(A, 2, { nIter: -1 })).toThrow(InvalidParamError);
    expect(() => randomizedSvd(A, 2, { powerIterationNormalizer: 'svd' as 'qr' })).toThrow(InvalidParamError);
  });
});
