import { InvalidParamError, Matrix, ShapeError, matmul } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lstsq } from './lstsq.js';
import { lu, luSolve } from './lu.js';
import { cond, matrixRank, pinv } from './spectral.js';
import { EPS, arbLowRank, fro, maxDiff, oracle, randn } from './test-utils.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol);
};
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));

function hilbert(n: number): Matrix {
  const H = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H.data[i * n + j] = 1 / (i + j + 1);
  return H;
}

describe('lstsq', () => {
  it('matches numpy.linalg.lstsq on a full-rank 10x4 system, by SVD and by QR', () => {
    const o = oracle.lstsq.fullRank;
    for (const method of ['svd', 'qr'] as const) {
      const r = lstsq(Matrix.from(o.A), Float64Array.from(o.b), { method });
      close(r.x, o.x, 1e-13);
      expect(r.rank).toBe(4);
      close(r.residuals, o.residuals, 1e-12 * o.residuals[0]);
      if (method === 'svd') close(r.singularValues!, o.singularValues, 1e-13 * o.singularValues[0]);
    }
  });

  it('rank-deficient 8x6 (rank 3): SVD gives numpy’s minimum-norm solution; QR a basic one with the same residual', () => {
    const o = oracle.lstsq.rankDeficient;
    const A = Matrix.from(o.A), b = Float64Array.from(o.b);
    const s = lstsq(A, b, { method: 'svd' });
    expect(s.rank).toBe(3);
    expect(s.residuals.length).toBe(0); // numpy returns no residuals when rank < n
    close(s.x, o.x, 1e-12 * norm(o.x));
    const q = lstsq(A, b, { method: 'qr' });
    expect(q.rank).toBe(3);
    expect(q.x.filter((v) => v === 0).length).toBe(3); // basic: the three dropped columns are zero
    const rss = (x: Float64Array) => Array.from(matmul(A, Matrix.column(x)).data).reduce((acc, v, i) => acc + (v - b[i]!) ** 2, 0);
    expect(Math.abs(rss(q.x) - o.residualSumOfSquares)).toBeLessThan(1e-10 * o.residualSumOfSquares);
    expect(norm(q.x)).toBeGreaterThanOrEqual(norm(s.x) * (1 - 1e-12));
  });

  it('solves several right-hand sides (Matrix b → Matrix x) and rejects bad input', () => {
    const A = randn(12, 5, 1), B = randn(12, 3, 2);
    const X = lstsq(A, B).x;
    expect(X.shape).toEqual([5, 3]);
    const Xq = lstsq(A, B, { method: 'qr' }).x;
    expect(maxDiff(X, Xq)).toBeLessThan(1e-12);
    expect(() => lstsq(A, new Float64Array(11))).toThrow(ShapeError);
    expect(() => lstsq(A, B, { method: 'lu' as 'qr' })).toThrow(InvalidParamError);
    expect(() => lstsq(A, B, { rcond: -1 })).toThrow(InvalidParamError);
  });
});

describe('pinv, cond, matrixRank', () => {
  it('pinv matches numpy.linalg.pinv on the rank-3 matrix', () => {
    expect(maxDiff(pinv(Matrix.from(oracle.lstsq.rankDeficient.A)), Matrix.from(oracle.lstsq.pinv))).toBeLessThan(1e-12);
  });

  it('property: pinv satisfies the Moore–Penrose conditions AXA = A, XAX = X on XY products', () => {
    fc.assert(
      fc.property(arbLowRank(7), ({ A }) => {
        const X = pinv(A, { rcond: 1e-10 });
        expect(maxDiff(matmul(matmul(A, X), A), A)).toBeLessThan(1e-10 * fro(A));
        expect(maxDiff(matmul(matmul(X, A), X), X)).toBeLessThan(1e-10 * fro(X));
      }),
      { numRuns: 60 },
    );
  });

  it('cond matches numpy for p = 2, 1, ∞, fro and is ∞ for a singular matrix', () => {
    const o = oracle.cond;
    const A = Matrix.from(o.A);
    expect(Math.abs(cond(A) - o.p2)).toBeLessThan(1e-12 * o.p2);
    expect(Math.abs(cond(A, 1) - o.p1)).toBeLessThan(1e-12 * o.p1);
    expect(Math.abs(cond(A, Infinity) - o.pInf)).toBeLessThan(1e-12 * o.pInf);
    expect(Math.abs(cond(A, 'fro') - o.fro)).toBeLessThan(1e-12 * o.fro);
    expect(Math.abs(cond(A, -2) * o.p2 - 1)).toBeLessThan(1e-12);
    expect(cond([[1, 2], [2, 4]], 1)).toBe(Infinity);
    expect(() => cond(A, 3 as 2)).toThrow(InvalidParamError);
    expect(() => cond([[1, 2, 3]], 1)).toThrow(ShapeError);
  });

  it('matrixRank: 3 for the oracle matrix, r for XY products, and respects an explicit tol', () => {
    expect(matrixRank(Matrix.from(oracle.lstsq.rankDeficient.A))).toBe(oracle.lstsq.matrixRank);
    fc.assert(fc.property(arbLowRank(), ({ A, r }) => {
      expect(matrixRank(A)).toBe(r);
    }), { numRuns: 60 });
    expect(matrixRank([[1, 0], [0, 1e-3]], 1e-2)).toBe(1);
    expect(() => matrixRank([[1]], -1)).toThrow(InvalidParamError);
  });
});

describe('ill-conditioning: Hilbert matrices n = 2..12', () => {
  // x = 1, b = H x in floating point; theory: ‖x̂ − x‖/‖x‖ ≲ c·n·κ₂(H)·ε for a backward-stable solver.
  const rows = oracle.hilbert.n.map((n: number, i: number) => {
    const H = hilbert(n);
    const b = new Float64Array(n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) b[r]! += H.data[r * n + c]!;
    const x = luSolve(lu(H), b);
    const err = norm(x.map((v) => v - 1)) / Math.sqrt(n);
    return { n, kappa: oracle.hilbert.cond2[i] as number, err, H };
  });

  it('cond(H) agrees with numpy while κε ≪ 1', () => {
    for (const { n, kappa, H } of rows) if (n <= 10) expect(Math.abs(cond(H) - kappa)).toBeLessThan(10 * kappa * kappa * EPS);
  });

  it('the LU solve error stays within n·κ·ε and grows like κ (log–log slope ≈ 1)', () => {
    for (const { n, kappa, err } of rows) expect(err).toBeLessThanOrEqual(n * kappa * EPS);
    const pts = rows.filter((r: { n: number }) => r.n >= 3 && r.n <= 11).map((r: { kappa: number; err: number }) => [Math.log10(r.kappa), Math.log10(r.err)]);
    const mx = pts.reduce((s: number, p: number[]) => s + p[0]!, 0) / pts.length, my = pts.reduce((s: number, p: number[]) => s + p[1]!, 0) / pts.length;
    const slope = pts.reduce((s: number, p: number[]) => s + (p[0]! - mx) * (p[1]! - my), 0) / pts.reduce((s: number, p: number[]) => s + (p[0]! - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(0.8);
    expect(slope).toBeLessThan(1.2);
    const e = (n: number) => rows.find((r: { n: number }) => r.n === n)!.err;
    expect(e(12)).toBeGreaterThan(e(9));
    expect(e(9)).toBeGreaterThan(e(6));
    expect(e(6)).toBeGreaterThan(e(3));
  });
});
