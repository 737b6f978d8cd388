import { InvalidParamError, Matrix, NotFittedError, Rng } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { enetDualityGap } from './coordinate-descent.js';
import { ElasticNet } from './elastic-net.js';
import { Lasso } from './lasso.js';
import { Ridge } from './ridge.js';

checkEstimator('Lasso', () => new Lasso({ alpha: 0.1 }));
checkEstimator('Lasso(positive, random selection)', () => new Lasso({ alpha: 0.05, positive: true, selection: 'random', seed: 3 }));
checkEstimator('ElasticNet', () => new ElasticNet({ alpha: 0.1, l1Ratio: 0.3 }));
checkEstimator('ElasticNet(no intercept)', () => new ElasticNet({ alpha: 0.1, fitIntercept: false }));

function sparseProblem(n: number, d: number, seed: number): { X: Matrix; y: Float64Array; w: Float64Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const w = new Float64Array(d);
  for (let j = 0; j < d; j += 3) w[j] = rng.normal(0, 3); // every third coefficient nonzero
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1.5;
    for (let j = 0; j < d; j++) s += (X.data[i * d + j] = rng.normal()) * w[j]!;
    y[i] = s + 0.1 * rng.normal();
  }
  return { X, y, w };
}

/** sklearn's ElasticNet objective at (w, b). */
function enetObjective(X: Matrix, y: Float64Array, w: Float64Array, b: number, alpha: number, rho: number): number {
  let s = 0;
  for (let i = 0; i < X.rows; i++) {
    let r = y[i]! - b;
    for (let j = 0; j < X.cols; j++) r -= X.data[i * X.cols + j]! * w[j]!;
    s += r * r;
  }
  const l1 = w.reduce((a, v) => a + Math.abs(v), 0), l2 = w.reduce((a, v) => a + v * v, 0);
  return s / (2 * X.rows) + alpha * rho * l1 + 0.5 * alpha * (1 - rho) * l2;
}

describe('Lasso and ElasticNet', () => {
  it('satisfy the KKT conditions: |x_jᵀr|/n = α for active j (sign matching), ≤ α for zero j', () => {
    const { X, y } = sparseProblem(60, 12, 1);
    const alpha = 0.2;
    const m = new Lasso({ alpha, tol: 1e-12, maxIter: 100000 }).fit(X, y);
    const pred = m.predict(X);
    const n = X.rows;
    let active = 0;
    for (let j = 0; j < X.cols; j++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += X.data[i * X.cols + j]! * (y[i]! - pred[i]!);
      g /= n;
      if (m.coef[j] !== 0) {
        active++;
        expect(g * Math.sign(m.coef[j]!)).toBeCloseTo(alpha, 8);
      } else {
        expect(Math.abs(g)).toBeLessThanOrEqual(alpha + 1e-10);
      }
    }
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThan(X.cols); // sparse
  });

  it('alpha ≥ alpha_max = ‖Xcᵀyc‖∞ / n gives w = 0 (intercept = mean y); just below it one coefficient enters', () => {
    const { X, y } = sparseProblem(50, 6, 2);
    const n = X.rows, d = X.cols;
    const ym = y.reduce((s, v) => s + v, 0) / n;
    let amax = 0;
    for (let j = 0; j < d; j++) {
      let xm = 0, g = 0;
      for (let i = 0; i < n; i++) xm += X.data[i * d + j]! / n;
      for (let i = 0; i < n; i++) g += (X.data[i * d + j]! - xm) * (y[i]! - ym);
      amax = Math.max(amax, Math.abs(g) / n);
    }
    const at = new Lasso({ alpha: amax * (1 + 1e-9) }).fit(X, y);
    expect(Array.from(at.coef)).toEqual(new Array(d).fill(0));
    expectClose(at.intercept, ym, { rtol: 1e-12 });
    const below = new Lasso({ alpha: amax * 0.99 }).fit(X, y);
    expect(Array.from(below.coef).filter((c) => c !== 0).length).toBe(1);
  });

  it('dualGap certifies the objective: f(w) − f(w*) ≤ dualGap, and a tight fit beats a loose one', () => {
    const { X, y } = sparseProblem(40, 8, 3);
    const loose = new ElasticNet({ alpha: 0.05, l1Ratio: 0.5, tol: 1e-2 }).fit(X, y);
    const tight = new ElasticNet({ alpha: 0.05, l1Ratio: 0.5, tol: 1e-14, maxIter: 100000 }).fit(X, y);
    const fl = enetObjective(X, y, loose.coef, loose.intercept, 0.05, 0.5);
    const ft = enetObjective(X, y, tight.coef, tight.intercept, 0.05, 0.5);
    expect(fl - ft).toBeLessThanOrEqual(loose.dualGap * (1 + 1e-9) + 1e-14);
    expect(fl).toBeGreaterThanOrEqual(ft - 1e-12);
    expect(tight.dualGap).toBeLessThan(1e-10);
    expect(loose.nIter).toBeLessThan(tight.nIter);
  });

  it('the duality gap is ≥ 0 at arbitrary points and 0 only at the optimum', () => {
    const { X, y } = sparseProblem(20, 5, 4);
    const n = X.rows, d = X.cols;
    const Xt = new Float64Array(d * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xt[j * n + i] = X.data[i * d + j]!;
    const rng = new Rng(9);
    for (let k = 0; k < 50; k++) {
      const w = Float64Array.from({ length: d }, () => rng.normal());
      const R = y.slice();
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) R[i]! -= X.data[i * d + j]! * w[j]!;
      expect(enetDualityGap(w, 2, 1, Xt, y, R, false)).toBeGreaterThanOrEqual(0);
    }
  });

  it('l1Ratio = 0 is ridge with alpha n·α; l1Ratio = 1 is the lasso', () => {
    const { X, y } = sparseProblem(30, 4, 5);
    const n = X.rows;
    const enet = new ElasticNet({ alpha: 0.1, l1Ratio: 0, tol: 1e-14, maxIter: 100000 }).fit(X, y);
    expectClose(enet.coef, new Ridge({ alpha: 0.1 * n }).fit(X, y).coef, { rtol: 1e-8, atol: 1e-10 });
    const e1 = new ElasticNet({ alpha: 0.1, l1Ratio: 1 }).fit(X, y);
    const l = new Lasso({ alpha: 0.1 }).fit(X, y);
    expect(Array.from(e1.coef)).toEqual(Array.from(l.coef));
    expect(e1.nIter).toBe(l.nIter);
  });

  it('positive constrains every coefficient to ≥ 0', () => {
    const { X, y } = sparseProblem(40, 9, 6);
    const m = new ElasticNet({ alpha: 0.01, positive: true }).fit(X, y);
    for (const c of m.coef) expect(c).toBeGreaterThanOrEqual(0);
    expect(new ElasticNet({ alpha: 0.01 }).fit(X, y).coef.some((c) => c < 0)).toBe(true); // the constraint binds
  });

  it('warmStart starts from the last solution: refitting the same data takes one sweep', () => {
    const { X, y } = sparseProblem(40, 9, 7);
    const m = new Lasso({ alpha: 0.05, warmStart: true, tol: 1e-10, maxIter: 100000 }).fit(X, y);
    const coef = m.coef, first = m.nIter;
    m.fit(X, y);
    expect(first).toBeGreaterThan(2);
    expect(m.nIter).toBeLessThanOrEqual(2);
    expectClose(m.coef, coef, { rtol: 1e-8, atol: 1e-10 });
    expect(new Lasso({ alpha: 0.05, tol: 1e-10, maxIter: 100000 }).fit(X, y).fit(X, y).nIter).toBe(first); // cold: same again
  });

  it('random selection converges to the same optimum', () => {
    const { X, y } = sparseProblem(40, 9, 8);
    const a = new ElasticNet({ alpha: 0.05, tol: 1e-12, maxIter: 100000 }).fit(X, y);
    const b = new ElasticNet({ alpha: 0.05, tol: 1e-12, maxIter: 100000, selection: 'random', seed: 4 }).fit(X, y);
    expectClose(b.coef, a.coef, { rtol: 1e-6, atol: 1e-8 });
  });

  it('reports (does not throw) a ConvergenceWarning at maxIter', () => {
    const { X, y } = sparseProblem(40, 9, 9);
    const m = new Lasso({ alpha: 1e-4, maxIter: 2, tol: 1e-12 }).fit(X, y);
    expect(m.nIter).toBe(2);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]!.name).toBe('ConvergenceWarning');
    expect(String(m.warnings[0])).toMatch(/did not converge in maxIter = 2 sweeps: duality gap/);
    expect(new Lasso({ alpha: 0.1 }).fit(X, y).warnings).toEqual([]);
  });

  it('rejects bad params in fit, naming them', () => {
    const X = [[1], [2], [3]], y = [1, 2, 3];
    const bad: [Record<string, unknown>, string][] = [
      [{ alpha: -1 }, 'alpha'], [{ l1Ratio: 1.5 }, 'l1Ratio'], [{ maxIter: 0 }, 'maxIter'], [{ tol: -1 }, 'tol'],
      [{ positive: 'yes' }, 'positive'], [{ selection: 'greedy' }, 'selection'], [{ seed: -1 }, 'seed'], [{ warmStart: 1 }, 'warmStart'],
    ];
    for (const [o, param] of bad) {
      expect(() => new ElasticNet(o as never).fit(X, y)).toThrow(InvalidParamError);
      expect(() => new ElasticNet(o as never).fit(X, y)).toThrow(new RegExp(`param ${param} must be`));
    }
    expect(() => new Lasso().nIter).toThrow(NotFittedError);
    expect(() => new ElasticNet().dualGap).toThrow(NotFittedError);
  });
});
