import { InvalidParamError, Matrix, NotFittedError, Rng } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SVR } from './svr.js';

/** y = sin(2x₀) + 0.5 x₁ + noise on n points in d ≥ 1 dimensions. */
function wave(n: number, d: number, noise: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.uniform(-2, 2)));
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * X.get(i, 0)) + (d > 1 ? 0.5 * X.get(i, 1) : 0) + rng.normal(0, noise));
  return { X, y };
}

checkEstimator('SVR(rbf)', () => new SVR());
checkEstimator('SVR(linear, C=10, epsilon=0.5)', () => new SVR({ kernel: 'linear', C: 10, epsilon: 0.5 }));
checkEstimator('SVR(poly, no shrinking)', () => new SVR({ kernel: 'poly', degree: 2, coef0: 1, shrinking: false }));

describe('SVR params and errors', () => {
  const { X, y } = wave(20, 2, 0.1, 1);
  it('rejects bad params in fit, naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [[{ epsilon: -0.1 }, 'epsilon'], [{ epsilon: NaN }, 'epsilon'], [{ C: 0 }, 'C'], [{ kernel: 'cosine' }, 'kernel'], [{ tol: -1 }, 'tol'], [{ gamma: Infinity }, 'gamma']];
    for (const [opts, param] of bad) {
      expect(() => new SVR(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => new SVR(opts as never).fit(X, y)).toThrow(new RegExp(`param ${param} must be`));
    }
  });
  it('getters need a fit; coef needs the linear kernel', () => {
    const m = new SVR();
    for (const g of ['support', 'supportVectors', 'dualCoef', 'intercept', 'coef', 'nIter', 'fitGamma'] as const) expect(() => m[g], g).toThrow(NotFittedError);
    m.fit(X, y);
    expect(() => m.coef).toThrow(/param kernel must be 'linear'/);
  });
  it('maxIter stops SMO with a ConvergenceWarning', () => {
    const m = new SVR({ C: 100, maxIter: 2 }).fit(X, y);
    expect(m.fitStatus).toBe(1);
    expect(m.warnings[0]!.toString()).toMatch(/SVR: SMO reached maxIter = 2/);
  });
});

describe('SVR solution', () => {
  it('is a tube: |residual| < ε ⇒ α = α* = 0; |residual| > ε ⇒ |α − α*| = C; support vectors sit on or outside it (KKT, any data)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 20 }), fc.integer({ min: 5, max: 40 }), fc.integer({ min: 1, max: 3 }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0.1, max: 20, noNaN: true }), (seed, n, d, epsilon, C) => {
        const { X, y } = wave(n, d, 0.2, seed);
        const m = new SVR({ C, epsilon, tol: 1e-8, maxIter: 100_000 }).fit(X, y);
        fc.pre(m.fitStatus === 0);
        const r = m.predict(X).map((v, i) => y[i]! - v); // residuals
        const beta = new Float64Array(n);
        m.support.forEach((i, k) => (beta[i] = m.dualCoef.data[k]!));
        const slack = 1e-6 + 1e-6 * C * n; // float32 Q (as libsvm): margins are exact to ~6e-8 · Σ|Qβ|
        for (let i = 0; i < n; i++) {
          const b = Math.abs(beta[i]!);
          expect(b).toBeLessThanOrEqual(C);
          if (Math.abs(r[i]!) < epsilon - slack) expect(b).toBe(0);
          if (Math.abs(r[i]!) > epsilon + slack) expectClose(b, C, { rtol: 1e-12 });
          if (b > 0) expect(Math.abs(r[i]!)).toBeGreaterThanOrEqual(epsilon - slack);
          if (Math.abs(r[i]!) > epsilon + slack) expect(Math.sign(beta[i]!)).toBe(Math.sign(r[i]!)); // α > 0 above the tube, α* > 0 below
        }
        expectClose(m.dualCoef.data.reduce((a, v) => a + v, 0), 0, { atol: 1e-9 * C * n }); // Σ(α − α*) = 0
      }),
      { numRuns: 30 },
    );
  });

  it('ε larger than the spread of y gives no support vectors and the constant midrange', () => {
    const { X, y } = wave(30, 1, 0.1, 2);
    const m = new SVR({ epsilon: 10 }).fit(X, y);
    expect(m.support.length).toBe(0);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expectClose(m.intercept[0]!, (lo + hi) / 2, { rtol: 1e-12 }); // ρ from the midpoint of the feasible interval
    for (const v of m.predict(X)) expect(v).toBe(m.intercept[0]);
  });

  it('linear kernel: predict = coef · x + intercept, and a noiseless linear target is recovered', () => {
    const rng = new Rng(3);
    const X = new Matrix(50, 3, Float64Array.from({ length: 150 }, () => rng.normal(0, 1)));
    const w = [1.5, -2, 0.25];
    const y = Float64Array.from({ length: 50 }, (_, i) => 0.5 + w.reduce((s, v, j) => s + v * X.get(i, j), 0));
    const m = new SVR({ kernel: 'linear', C: 100, epsilon: 0.01, tol: 1e-9 }).fit(X, y);
    expectClose(m.coef.data, w, { atol: 0.02 });
    expectClose(m.intercept[0]!, 0.5, { atol: 0.02 });
    const pred = m.predict(X);
    for (let i = 0; i < 50; i++) expectClose(pred[i]!, m.coef.data.reduce((s, v, j) => s + v * X.get(i, j), m.intercept[0]!), { rtol: 1e-10, atol: 1e-10 });
  });

  it('permuting the rows leaves predictions unchanged (to solver tolerance)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 20 }), fc.integer({ min: 5, max: 40 }), (seed, n) => {
        const { X, y } = wave(n, 2, 0.2, seed);
        const perm = new Rng(seed + 7).permutation(n);
        const Xp = new Matrix(n, 2);
        const yp = new Float64Array(n);
        perm.forEach((p, i) => {
          Xp.data.set(X.row(p), 2 * i);
          yp[i] = y[p]!;
        });
        const a = new SVR({ C: 3, tol: 1e-10, maxIter: 100_000 }).fit(X, y);
        const b = new SVR({ C: 3, tol: 1e-10, maxIter: 100_000 }).fit(Xp, yp);
        fc.pre(a.fitStatus === 0 && b.fitStatus === 0);
        expectClose(b.predict(X), a.predict(X), { atol: 1e-5, rtol: 1e-5 });
      }),
      { numRuns: 20 },
    );
  });
});
