import { InvalidParamError, Matrix, Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { ElasticNet } from './elastic-net.js';
import { alphaGrid, enetPath, lassoPath } from './enet-path.js';

function centred(n: number, d: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = rng.normal();
  for (let i = 0; i < n; i++) y[i] = 2 * X.data[i * d]! - X.data[i * d + 1]! + 0.5 * rng.normal();
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += X.data[i * d + j]! / n;
    for (let i = 0; i < n; i++) X.data[i * d + j]! -= m;
  }
  const ym = y.reduce((s, v) => s + v, 0) / n;
  return { X, y: y.map((v) => v - ym) };
}

describe('alphaGrid', () => {
  it('is log-spaced and decreasing from alpha_max = ‖Xᵀy‖∞ / (nρ) to eps·alpha_max', () => {
    const { X, y } = centred(30, 4, 1);
    const g = alphaGrid(X, y, 0.5, 1e-3, 100);
    let m = 0;
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let i = 0; i < 30; i++) s += X.data[i * 4 + j]! * y[i]!;
      m = Math.max(m, Math.abs(s));
    }
    expectClose(g[0]!, m / (30 * 0.5), { rtol: 1e-14 });
    expectClose(g[99]!, 1e-3 * g[0]!, { rtol: 1e-12 });
    for (let k = 1; k < 100; k++) expectClose(g[k - 1]! / g[k]!, 10 ** (3 / 99), { rtol: 1e-10 });
  });
  it('degenerates to 1e-15 everywhere when y is orthogonal to X (as sklearn)', () => {
    expect(Array.from(alphaGrid(Matrix.from([[1], [-1]]), Float64Array.from([1, 1]), 1, 1e-3, 3))).toEqual([1e-15, 1e-15, 1e-15]);
  });
});

describe('enetPath / lassoPath', () => {
  it('start at w = 0 and each column equals a separate (no-intercept) fit at that alpha', () => {
    const { X, y } = centred(40, 5, 2);
    const r = enetPath(X, y, { l1Ratio: 0.7, nAlphas: 12, tol: 1e-12, maxIter: 100000 });
    expect(r.coefs.rows).toBe(5);
    expect(r.coefs.cols).toBe(12);
    for (let j = 0; j < 5; j++) expect(Math.abs(r.coefs.get(j, 0))).toBeLessThan(1e-12); // at alpha_max the threshold ties: 0 up to rounding
    for (const k of [1, 5, 11]) {
      const m = new ElasticNet({ alpha: r.alphas[k]!, l1Ratio: 0.7, fitIntercept: false, tol: 1e-12, maxIter: 100000 }).fit(X, y);
      expectClose(r.coefs.col(k), m.coef, { rtol: 1e-8, atol: 1e-10 });
    }
  });
  it('the lasso path grows the number of nonzeros as alpha decreases, and warm starts keep each fit short', () => {
    const { X, y } = centred(50, 6, 3);
    const r = lassoPath(X, y, { nAlphas: 30 });
    const nnz = Array.from({ length: 30 }, (_, k) => r.coefs.col(k).filter((v) => v !== 0).length);
    expect(nnz[0]).toBe(0);
    expect(nnz[29]).toBeGreaterThanOrEqual(2);
    expect(Math.max(...r.nIters.subarray(1))).toBeLessThan(200);
    expect(r.warnings).toEqual([]);
  });
  it('sorts an explicit grid decreasing and checks its options', () => {
    const { X, y } = centred(20, 3, 4);
    expect(Array.from(lassoPath(X, y, { alphas: [0.01, 1, 0.1] }).alphas)).toEqual([1, 0.1, 0.01]);
    expect(() => enetPath(X, y, { l1Ratio: 0 })).toThrow(InvalidParamError);
    expect(() => enetPath(X, y, { l1Ratio: 0 })).toThrow(/param alphas must be an explicit grid when l1Ratio is 0/);
    expect(() => lassoPath(X, y, { nAlphas: 0 })).toThrow(/param nAlphas must be an integer ≥ 1/);
    expect(() => lassoPath(X, y, { alphas: [-1] })).toThrow(/param alphas must be non-negative/);
    expect(() => lassoPath(X, y, { coefInit: [1] })).toThrow(/param coefInit must be a vector of length d = 3/);
  });
});
