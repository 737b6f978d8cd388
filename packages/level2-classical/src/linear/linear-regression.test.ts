import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import { cond } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { LinearRegression } from './linear-regression.js';

checkEstimator('LinearRegression(qr)', () => new LinearRegression());
// With one sample the centred X is 0 and XᵀX singular: 'normal' throws a typed error there, which the suite allows.
checkEstimator('LinearRegression(normal)', () => new LinearRegression({ solver: 'normal' }));
checkEstimator('LinearRegression(no intercept)', () => new LinearRegression({ fitIntercept: false }));

describe('LinearRegression', () => {
  it('recovers an exact linear relation', () => {
    const rng = new Rng(3);
    const X = Array.from({ length: 20 }, () => [rng.normal(), rng.normal(0, 10), rng.normal(5, 0.1)]);
    const y = X.map((r) => 2 - r[0]! + 0.5 * r[1]! + 3 * r[2]!);
    for (const solver of ['qr', 'normal'] as const) {
      const m = new LinearRegression({ solver }).fit(X, y);
      expectClose(m.coef, [-1, 0.5, 3], { rtol: 1e-9, atol: 1e-9 });
      expectClose(m.intercept, 2, { rtol: 1e-8 });
      expect(m.rank).toBe(3);
      expect(m.score(X, y)).toBeCloseTo(1, 12);
    }
  });

  it('rejects bad params in fit, naming them', () => {
    expect(() => new LinearRegression({ solver: 'lsqr' as never }).fit([[1], [2]], [1, 2])).toThrow(InvalidParamError);
    expect(() => new LinearRegression({ solver: 'lsqr' as never }).fit([[1], [2]], [1, 2])).toThrow(/param solver must be one of 'qr', 'normal', got "lsqr"/);
    expect(() => new LinearRegression({ fitIntercept: 1 as never }).fit([[1], [2]], [1, 2])).toThrow(/param fitIntercept must be a boolean/);
  });

  it('throws typed errors for unfitted use and wrong shapes', () => {
    const m = new LinearRegression();
    expect(() => m.coef).toThrow(NotFittedError);
    expect(() => m.rank).toThrow(NotFittedError);
    m.fit([[1, 2], [2, 1], [3, 5]], [1, 2, 3]);
    expect(() => m.predict([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => m.predict([[1, 2, 3]])).toThrow('X has 3 columns but the model was fit with 2');
  });

  it("solver 'normal' refuses a singular XᵀX with an explicit message; 'qr' returns the basic solution", () => {
    const X = [[1, 2], [2, 4], [3, 6.5], [4, 8]].map((r) => [r[0]!, r[0]!, r[1]!]); // columns 0 and 1 identical
    const y = [1, 2, 3, 4.2];
    expect(() => new LinearRegression({ solver: 'normal' }).fit(X, y)).toThrow(InvalidInputError);
    expect(() => new LinearRegression({ solver: 'normal' }).fit(X, y)).toThrow(/needs XᵀX positive definite.*use solver 'qr'/);
    const m = new LinearRegression().fit(X, y);
    expect(m.rank).toBe(2);
    // Basic solution: one of the two identical columns gets all the weight, the other exactly 0
    // (the minimum-norm solution of sklearn would split it equally); predictions are the same either way.
    expect(m.coef[0] === 0 || m.coef[1] === 0).toBe(true);
    const split = [(m.coef[0]! + m.coef[1]!) / 2, (m.coef[0]! + m.coef[1]!) / 2, m.coef[2]!];
    const pred = X.map((r) => m.intercept + r.reduce((s, v, j) => s + v * split[j]!, 0));
    expectClose(m.predict(X), pred, { rtol: 1e-12, atol: 1e-12 });
  });

  it('conditioning: with κ(X) ≈ 1e7, QR loses ~κε and the normal equations ~κ²ε (why QR is the default)', () => {
    // X = [t, t + δz] with δ = 1e-7 (nearly collinear columns), y = X·[1, 2] (no noise: the exact
    // solution is [1, 2] up to the rounding of y). Ten draws; medians, so no single draw decides.
    const n = 100, delta = 1e-7;
    const qrErrs: number[] = [], normalErrs: number[] = [], kappas: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const rng = new Rng(seed);
      const X = new Matrix(n, 2);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const t = rng.normal(), z = rng.normal();
        X.data[2 * i] = t;
        X.data[2 * i + 1] = t + delta * z;
        y[i] = X.data[2 * i]! + 2 * X.data[2 * i + 1]!;
      }
      kappas.push(cond(X));
      const err = (solver: 'qr' | 'normal') => {
        const c = new LinearRegression({ solver, fitIntercept: false }).fit(X, y).coef;
        return Math.max(Math.abs(c[0]! - 1), Math.abs(c[1]! - 2));
      };
      qrErrs.push(err('qr'));
      normalErrs.push(err('normal'));
    }
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    const kappa = med(kappas), qrErr = med(qrErrs), normalErr = med(normalErrs);
    process.stdout.write(`conditioning: median κ(X) = ${kappa.toExponential(2)}, κ(XᵀX) = ${(kappa * kappa).toExponential(2)}; median max |coef − w|: qr ${qrErr.toExponential(2)}, normal ${normalErr.toExponential(2)}\n`);
    expect(kappa).toBeGreaterThan(1e6);
    expect(qrErr).toBeLessThan(100 * kappa * 2 ** -52); // backward-stable QR: O(κ ε)
    expect(normalErr).toBeGreaterThan(1e3 * qrErr); // the squared condition number shows
    expect(normalErr).toBeLessThan(100 * kappa * kappa * 2 ** -52); // and is O(κ² ε)
  });
});
