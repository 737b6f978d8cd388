import { InvalidParamError, Matrix, Rng } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { LinearRegression } from './linear-regression.js';
import { Ridge } from './ridge.js';

checkEstimator('Ridge(cholesky)', () => new Ridge({ alpha: 0.5 }));
checkEstimator('Ridge(svd)', () => new Ridge({ alpha: 0.5, solver: 'svd' }));
checkEstimator('Ridge(alpha 0, no intercept)', () => new Ridge({ alpha: 0, fitIntercept: false }));

function gaussian(n: number, d: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X.data[i * d + j] = rng.normal(j, 1 + j);
    for (let j = 0; j < d; j++) y[i]! += (j % 3 - 1) * X.data[i * d + j]!;
    y[i]! += 3 + rng.normal();
  }
  return { X, y };
}

/** The ridge objective ‖y − Xw − b‖² + α‖w‖². */
function objective(X: Matrix, y: Float64Array, w: Float64Array, b: number, alpha: number): number {
  let s = 0;
  for (let i = 0; i < X.rows; i++) {
    let r = y[i]! - b;
    for (let j = 0; j < X.cols; j++) r -= X.data[i * X.cols + j]! * w[j]!;
    s += r * r;
  }
  return s + alpha * w.reduce((a, v) => a + v * v, 0);
}

describe('Ridge', () => {
  it('cholesky (primal, d ≤ n), cholesky (dual, d > n) and svd agree', () => {
    for (const [n, d] of [[40, 5], [8, 20]] as const) {
      const { X, y } = gaussian(n, d, n + d);
      const a = new Ridge({ alpha: 2 }).fit(X, y);
      const b = new Ridge({ alpha: 2, solver: 'svd' }).fit(X, y);
      expectClose(a.coef, b.coef, { rtol: 1e-9, atol: 1e-11 });
      expectClose(a.intercept, b.intercept, { rtol: 1e-9, atol: 1e-11 });
    }
  });

  it('is the minimiser: the gradient 2(Xcᵀ(Xc w − yc) + αw) vanishes and perturbations raise the objective', () => {
    const { X, y } = gaussian(30, 4, 2);
    const m = new Ridge({ alpha: 3 }).fit(X, y);
    const w = m.coef, b = m.intercept;
    const f0 = objective(X, y, w, b, 3);
    const rng = new Rng(5);
    for (let k = 0; k < 20; k++) {
      const w2 = w.map((v) => v + 1e-3 * rng.normal());
      expect(objective(X, y, w2, b + 1e-3 * rng.normal(), 3)).toBeGreaterThan(f0);
    }
  });

  it('alpha = 0 is ordinary least squares; large alpha shrinks coef to 0 but not the intercept (= mean y)', () => {
    const { X, y } = gaussian(30, 4, 3);
    const ols = new LinearRegression().fit(X, y);
    expectClose(new Ridge({ alpha: 0 }).fit(X, y).coef, ols.coef, { rtol: 1e-8, atol: 1e-10 });
    const big = new Ridge({ alpha: 1e12 }).fit(X, y);
    for (const c of big.coef) expect(Math.abs(c)).toBeLessThan(1e-7);
    expectClose(big.intercept, y.reduce((s, v) => s + v, 0) / y.length, { rtol: 1e-6 });
    // The norm of the coefficients decreases monotonically with alpha.
    let prev = Infinity;
    for (const alpha of [0, 0.1, 1, 10, 100, 1000]) {
      const nrm = Math.hypot(...new Ridge({ alpha }).fit(X, y).coef);
      expect(nrm).toBeLessThan(prev);
      prev = nrm;
    }
  });

  it('alpha = 0 with an exactly singular XᵀX (a constant column) falls back from cholesky to svd, as sklearn', () => {
    const X = [[1, 7, 2], [2, 7, 1], [3, 7, 5], [4, 7, 3], [5, 7, 4]]; // column 1 is constant: 0 once centred
    const y = [1, 2, 2, 4, 5];
    const m = new Ridge({ alpha: 0 }).fit(X, y);
    expect(m.coef[1]).toBe(0); // svd drops the zero singular value
    expectClose(m.coef, new Ridge({ alpha: 0, solver: 'svd' }).fit(X, y).coef, { rtol: 1e-12 });
    expectClose(m.predict(X), new LinearRegression().fit(X, y).predict(X), { rtol: 1e-10 });
  });

  it('rejects a negative or non-finite alpha and unknown solvers', () => {
    for (const alpha of [-1, NaN, Infinity]) expect(() => new Ridge({ alpha }).fit([[1], [2]], [1, 2])).toThrow(InvalidParamError);
    expect(() => new Ridge({ alpha: -1 }).fit([[1], [2]], [1, 2])).toThrow(/param alpha must be a finite number ≥ 0, got -1/);
    expect(() => new Ridge({ solver: 'sag' as never }).fit([[1], [2]], [1, 2])).toThrow(/param solver must be one of 'auto', 'cholesky', 'svd'/);
  });
});
