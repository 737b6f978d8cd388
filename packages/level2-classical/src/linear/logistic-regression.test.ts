import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, withResidentOperand } from '@fpml/core';
import { checkEstimator, defaultCheckData, expectClose, expectGradient, expectJacobian } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { logisticHessian, logisticLossGrad, paramCount, softplus, type LogisticProblem } from './logistic-loss.js';
import { LogisticRegression } from './logistic-regression.js';
import { flatDirections, gramLambdaMax } from './logistic-solvers.js';

/** core's default classifier check data (24 × 3, three classes). */
function checkData(): { X: number[][]; y: (number | string)[] } {
  const { X, y } = defaultCheckData('classifier');
  return { X, y: y ?? [] };
}

/** The default check data with its two largest classes only: a binary problem. */
function binaryCheckData(): { X: number[][]; y: number[] } {
  const { X, y } = checkData();
  const keep = y.map((v, i) => (v !== 2 ? i : -1)).filter((i) => i >= 0);
  return { X: keep.map((i) => X[i]!), y: keep.map((i) => y[i] as number) };
}

checkEstimator('LogisticRegression(multinomial, lbfgs)', () => new LogisticRegression());
checkEstimator('LogisticRegression(multinomial, newton)', () => new LogisticRegression({ solver: 'newton' }));
checkEstimator('LogisticRegression(multinomial, gd)', () => new LogisticRegression({ solver: 'gd', maxIter: 50 }));
checkEstimator('LogisticRegression(ovr)', () => new LogisticRegression({ multiClass: 'ovr', C: 0.5 }));
checkEstimator('LogisticRegression(binary)', () => new LogisticRegression(), { data: binaryCheckData() });
checkEstimator('LogisticRegression(binary, newton, no intercept)', () => new LogisticRegression({ solver: 'newton', fitIntercept: false }), { data: binaryCheckData() });
checkEstimator('LogisticRegression(multinomial on 2 classes)', () => new LogisticRegression({ multiClass: 'multinomial' }), { data: binaryCheckData() });

function problem(n: number, d: number, K: number, seed: number, fitIntercept: boolean, l2: number): LogisticProblem {
  const rng = new Rng(seed);
  const X = Float64Array.from({ length: n * d }, () => rng.normal(0, 2));
  const y = Int32Array.from({ length: n }, () => rng.int(K === 1 ? 2 : K));
  return { X, n, d, y, K, fitIntercept, l2 };
}

describe('the logistic loss', () => {
  const cases: [string, LogisticProblem][] = [
    ['binary', problem(15, 3, 1, 1, true, 0.5)],
    ['binary, no intercept, no penalty', problem(15, 3, 1, 2, false, 0)],
    ['multinomial K = 3', problem(20, 4, 3, 3, true, 1)],
    ['multinomial K = 4, no intercept', problem(20, 2, 4, 4, false, 0.1)],
    // large enough for core's WebAssembly kernels (matvec from nd = 256, gemm from nkm = 12³): odd d, n mod 4 = 1
    ['binary on the wasm matrix-vector path (61 × 7)', problem(61, 7, 1, 7, true, 0.5)],
    ['multinomial K = 3 on the wasm GEMM path (73 × 9)', problem(73, 9, 3, 8, true, 1)],
  ];
  for (const [name, p] of cases) {
    it(`${name}: gradient and Hessian match central differences`, () => {
      const P = paramCount(p);
      const theta = Float64Array.from({ length: P }, (_, j) => 0.3 * Math.sin(j + 1));
      const g = new Float64Array(P), z = new Float64Array(p.K);
      const f = (t: Float64Array) => logisticLossGrad(p, t, new Float64Array(P), z);
      const grad = (t: Float64Array) => (logisticLossGrad(p, t, g, z), g.slice());
      expectGradient(f, grad, theta, { tol: 1e-6 });
      const H = (t: Float64Array) => {
        const h = logisticHessian(p, t);
        return Array.from({ length: P }, (_, r) => Array.from(h.subarray(r * P, (r + 1) * P)));
      };
      expectJacobian(grad, H, theta, { tol: 1e-6 });
    });
  }
  it('equals the textbook row-by-row sums within rounding, and is bit-for-bit the same with X resident in wasm memory', () => {
    for (const p of [problem(301, 41, 1, 9, true, 0.7), problem(157, 23, 4, 10, true, 0.3), problem(90, 12, 1, 11, false, 0)]) {
      const P = paramCount(p), { X, n, d, y, K, fitIntercept } = p;
      const theta = Float64Array.from({ length: P }, (_, j) => 0.2 * Math.cos(3 * j + 1));
      const g = new Float64Array(P);
      const v = logisticLossGrad(p, theta, g, new Float64Array(n));
      // textbook: per row the K scores, the loss and residuals, the gradient accumulated row by row
      let ref = 0;
      const gr = new Float64Array(P);
      for (let i = 0; i < n; i++) {
        const z = Array.from({ length: K }, (_, k) => {
          let s = fitIntercept ? theta[K * d + k]! : 0;
          for (let j = 0; j < d; j++) s += X[i * d + j]! * theta[k * d + j]!;
          return s;
        });
        const r = K === 1 ? [1 / (1 + Math.exp(-z[0]!)) - y[i]!] : (() => {
          const m = Math.max(...z), e = z.map((t) => Math.exp(t - m)), s = e.reduce((a, b) => a + b, 0);
          return e.map((t, k) => t / s - (k === y[i] ? 1 : 0));
        })();
        ref += K === 1 ? softplus(z[0]!) - y[i]! * z[0]! : Math.log(z.reduce((a, t) => a + Math.exp(t - Math.max(...z)), 0)) + Math.max(...z) - z[y[i]!]!;
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < d; j++) gr[k * d + j] = gr[k * d + j]! + r[k]! * X[i * d + j]!;
          if (fitIntercept) gr[K * d + k] = gr[K * d + k]! + r[k]!;
        }
      }
      for (let j = 0; j < K * d; j++) { ref += 0.5 * p.l2 * theta[j]! ** 2; gr[j] = gr[j]! + p.l2 * theta[j]!; }
      expectClose(v, ref, { rtol: 1e-12 });
      expectClose(g, gr, { rtol: 1e-10, atol: 1e-10 });
      const inside = withResidentOperand(new Matrix(n, d, X), () => {
        const gi = new Float64Array(P);
        return { v: logisticLossGrad(p, theta, gi, new Float64Array(n)), g: gi };
      });
      expect(inside.v).toBe(v);
      expect(inside.g).toEqual(g);
    }
  });
  it('is stable for huge scores (no overflow to Infinity/NaN)', () => {
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    const p: LogisticProblem = { X: Float64Array.from([1e3, -1e3]), n: 2, d: 1, y: Int32Array.from([0, 1]), K: 3, fitIntercept: false, l2: 0 };
    const g = new Float64Array(3);
    const v = logisticLossGrad(p, Float64Array.from([1, 0, -1]), g, new Float64Array(3));
    expectClose(v, 1000, { rtol: 1e-12 }); // z = (1000, 0, −1000) with y = 0: ℓ ≈ 0; z = (−1000, 0, 1000) with y = 1: ℓ ≈ 1000
    expect(g.every(Number.isFinite)).toBe(true);
  });
  it('is flat along the intercept shift of the multinomial model: H u = 0 and the gradient ⊥ u', () => {
    const p = problem(20, 3, 3, 5, true, 1);
    const [u] = flatDirections(p);
    const P = paramCount(p);
    const theta = Float64Array.from({ length: P }, (_, j) => Math.cos(j));
    const H = logisticHessian(p, theta), g = new Float64Array(P);
    logisticLossGrad(p, theta, g, new Float64Array(3));
    let gu = 0;
    for (let r = 0; r < P; r++) {
      let hu = 0;
      for (let c = 0; c < P; c++) hu += H[r * P + c]! * u![c]!;
      expect(Math.abs(hu)).toBeLessThan(1e-12);
      gu += g[r]! * u![r]!;
    }
    expect(Math.abs(gu)).toBeLessThan(1e-12);
    expect(flatDirections({ ...p, l2: 0 })).toHaveLength(1 + 3); // plus one per feature without a penalty
    expect(flatDirections({ ...p, K: 1 })).toHaveLength(0);
  });
  it('gd step: the power-iteration λmax matches the eigenvalue of X̃ᵀX̃', () => {
    const p = problem(30, 3, 1, 6, true, 1);
    // λmax by brute force: the largest eigenvalue of the 4×4 Gram matrix via many power steps.
    const m = 4, G = new Float64Array(m * m);
    for (let i = 0; i < 30; i++) {
      const x = [...p.X.subarray(i * 3, i * 3 + 3), 1];
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) G[a * m + b]! += x[a]! * x[b]!;
    }
    let v = [1, 0.5, 0.25, 0.125], lam = 0;
    for (let it = 0; it < 2000; it++) {
      const w = v.map((_, a) => v.reduce((s, vb, b) => s + G[a * m + b]! * vb, 0));
      lam = Math.hypot(...w);
      v = w.map((x) => x / lam);
    }
    expectClose(gramLambdaMax(p), lam, { rtol: 1e-3 });
  });
});

describe('LogisticRegression', () => {
  const rng = new Rng(42);
  const X2 = Array.from({ length: 80 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const y2 = X2.map((r) => (r[0]! - 2 * r[1]! + 0.5 * rng.normal() > 0 ? 'yes' : 'no'));

  it('binary: P(yes) = σ(w·x + b), predict agrees with the sign of decisionFunction, labels map back', () => {
    const m = new LogisticRegression().fit(X2, y2);
    expect(m.classes).toEqual(['no', 'yes']);
    expect(m.coef.rows).toBe(1);
    const z = m.decisionFunction(X2);
    const P = m.predictProba(X2);
    const pred = m.predict(X2);
    for (let i = 0; i < X2.length; i++) {
      expectClose(P.get(i, 1), 1 / (1 + Math.exp(-z.get(i, 0))), { rtol: 1e-12 });
      expect(pred[i]).toBe(z.get(i, 0) > 0 ? 'yes' : 'no');
    }
    expect(m.score(X2, y2)).toBeGreaterThan(0.85);
  });

  it("multiClass 'multinomial' on two classes keeps the class-1 row w₁ of the symmetric softmax: P = σ(2z)", () => {
    const bin = new LogisticRegression({ C: 0.7, tol: 1e-8, fTol: 0, maxIter: 1000 }).fit(X2, y2);
    const mult = new LogisticRegression({ C: 0.7, tol: 1e-8, fTol: 0, maxIter: 1000, multiClass: 'multinomial' }).fit(X2, y2);
    // The 2-class softmax with penalty ‖w₀‖² + ‖w₁‖² and w₀ = −w₁ is the binary model with w = 2w₁ and C doubled.
    const bin2 = new LogisticRegression({ C: 1.4, tol: 1e-8, fTol: 0, maxIter: 1000 }).fit(X2, y2);
    expectClose(mult.coef.data.map((v) => 2 * v), bin2.coef.data, { rtol: 1e-6, atol: 1e-8 });
    expectClose(mult.predictProba(X2), bin2.predictProba(X2), { atol: 1e-8 });
    expect(Math.abs(bin.coef.data[0]! - bin2.coef.data[0]!)).toBeGreaterThan(1e-3); // C matters
  });

  it('all three solvers reach the same optimum', () => {
    const { X, y } = checkData();
    const ref = new LogisticRegression({ solver: 'newton', tol: 1e-10 }).fit(X, y);
    const lb = new LogisticRegression({ tol: 1e-6, fTol: 0, maxIter: 2000 }).fit(X, y);
    const gd = new LogisticRegression({ solver: 'gd', tol: 1e-6, maxIter: 100000 }).fit(X, y);
    for (const m of [lb, gd]) {
      expect(m.warnings).toEqual([]);
      expectClose(m.predictProba(X), ref.predictProba(X), { atol: 1e-6 });
    }
    expect(ref.nIter).toBeLessThan(20); // quadratic convergence
    expect(gd.nIter).toBeGreaterThan(lb.nIter); // linear convergence
  });

  it('without a penalty on separable classes there is no optimum: the weights grow until maxIter (a ConvergenceWarning) or until the vanishing gradient meets tol', () => {
    const X = [[-2], [-1], [1], [2]], y = [0, 0, 1, 1];
    const m = new LogisticRegression({ penalty: 'none', maxIter: 30, tol: 1e-10, fTol: 0 }).fit(X, y);
    expect(m.warnings.length).toBeGreaterThan(0);
    expect(m.warnings[0]!.name).toBe('ConvergenceWarning');
    expect(Math.abs(m.coef.data[0]!)).toBeGreaterThan(5);
    // With the default tol the stop fires anyway, since ‖∇f‖ → 0 as w → ∞ (as in sklearn, which
    // stops at the same w on these four points): the answer is set by tol, not by an optimum.
    const byTol = [1e-4, 1e-8, 1e-12].map((tol) => new LogisticRegression({ penalty: 'none', tol, fTol: 0, maxIter: 1000 }).fit(X, y));
    for (const f of byTol) expect(f.warnings).toEqual([]);
    const w = byTol.map((f) => f.coef.data[0]!);
    expect(w[0]! > 5 && w[1]! > w[0]! + 5 && w[2]! > w[1]! + 5).toBe(true);
    process.stdout.write(`separable, no penalty: coef at tol 1e-4, 1e-8, 1e-12: ${w.map((v) => v.toFixed(3)).join(', ')} (iterations ${byTol.map((f) => f.nIter).join(', ')})\n`);
    const reg = new LogisticRegression().fit(X, y); // the penalty bounds them
    expect(Math.abs(reg.coef.data[0]!)).toBeLessThan(2);
    expect(new LogisticRegression({ penalty: null }).getParams().penalty).toBe(null);
  });

  it('warmStart resumes from the previous coefficients', () => {
    const { X, y } = checkData();
    const m = new LogisticRegression({ warmStart: true, tol: 1e-6, fTol: 0 }).fit(X, y);
    const first = m.nIter;
    m.fit(X, y);
    expect(m.nIter).toBeLessThan(Math.max(2, first / 4));
  });

  it('rejects a single class, bad params, unfitted use', () => {
    expect(() => new LogisticRegression().fit([[1], [2]], [3, 3])).toThrow(InvalidInputError);
    expect(() => new LogisticRegression().fit([[1], [2]], [3, 3])).toThrow(/at least 2 classes/);
    const bad: [Record<string, unknown>, string][] = [
      [{ C: 0 }, 'C'], [{ C: -1 }, 'C'], [{ penalty: 'l1' }, 'penalty'], [{ solver: 'saga' }, 'solver'], [{ multiClass: 'ovo' }, 'multiClass'],
      [{ maxIter: -1 }, 'maxIter'], [{ tol: -1 }, 'tol'], [{ fitIntercept: 0 }, 'fitIntercept'], [{ fTol: NaN }, 'fTol'],
    ];
    for (const [o, param] of bad) {
      expect(() => new LogisticRegression(o as never).fit([[1], [2]], [0, 1])).toThrow(InvalidParamError);
      expect(() => new LogisticRegression(o as never).fit([[1], [2]], [0, 1])).toThrow(new RegExp(`param ${param} must be`));
    }
    for (const g of ['coef', 'intercept', 'nIter', 'classes', 'warnings'] as const) expect(() => new LogisticRegression()[g]).toThrow(NotFittedError);
    expect(() => new LogisticRegression().decisionFunction(Matrix.zeros(1, 1))).toThrow(NotFittedError);
  });
});
