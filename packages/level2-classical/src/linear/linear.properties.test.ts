/**
 * Invariances of the linear models (fast-check; a failing run prints its seed and shrink path,
 * replay it with `fc.assert(prop, { seed, path })`). Data are drawn from core's Rng with a
 * fast-check seed, so every case is a well-posed problem (continuous Gaussian features, n ≥ d + 3:
 * full rank and a unique lasso solution with probability 1) while fast-check still explores sizes
 * and scales.
 *
 * What should hold, and what should not:
 * - permuting rows changes nothing (all models); permuting features permutes coef (all models);
 * - adding c to y moves only the intercept, by c (OLS, Ridge, Lasso, ElasticNet);
 * - scaling feature j by s: OLS coef_j becomes coef_j/s and nothing else changes (OLS is
 *   scale-equivariant); Ridge and Lasso are NOT: their fitted values change, because the penalty
 *   is not scale-free. What does hold for them is the joint rule: scaling all of X by s and alpha
 *   by s² (Ridge) or s (Lasso) scales coef by 1/s exactly.
 */
import { Matrix, Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElasticNet } from './elastic-net.js';
import { Lasso } from './lasso.js';
import { LinearRegression } from './linear-regression.js';
import { LogisticRegression } from './logistic-regression.js';
import { Ridge } from './ridge.js';

interface Problem { X: Matrix; y: Float64Array; labels: Int32Array; seed: number }

function problemFrom({ seed, n, d }: { seed: number; n: number; d: number }): Problem {
  const rng = new Rng(seed);
  const scales = Array.from({ length: d }, () => rng.uniform(0.5, 5));
  const w = Array.from({ length: d }, () => rng.normal(0, 2));
  const X = new Matrix(n, d);
  const y = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = rng.normal(0, 3);
    for (let j = 0; j < d; j++) s += (X.data[i * d + j] = rng.normal(0, scales[j]!)) * w[j]!;
    y[i] = s + rng.normal();
    labels[i] = s + 2 * rng.normal() > 0 ? 1 : 0;
  }
  if (labels.every((v) => v === labels[0])) labels[0] = 1 - labels[0]!; // two classes always
  return { X, y, labels, seed };
}

const arbProblem = fc
  .record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), n: fc.integer({ min: 8, max: 40 }), d: fc.integer({ min: 1, max: 5 }) })
  .filter(({ n, d }) => n >= d + 3)
  .map(problemFrom);

type Reg = LinearRegression | Ridge | Lasso | ElasticNet;
const REGRESSORS: [string, () => Reg][] = [
  ['LinearRegression', () => new LinearRegression()],
  ['Ridge', () => new Ridge({ alpha: 3 })],
  ['Lasso', () => new Lasso({ alpha: 0.3, tol: 1e-13, maxIter: 200000 })],
  ['ElasticNet', () => new ElasticNet({ alpha: 0.3, l1Ratio: 0.4, tol: 1e-13, maxIter: 200000 })],
];

const permuteRows = (X: Matrix, order: Int32Array): Matrix => {
  const out = new Matrix(X.rows, X.cols);
  order.forEach((r, i) => out.data.set(X.row(r), i * X.cols));
  return out;
};
const mapColumns = (X: Matrix, f: (row: Float64Array) => number[]): Matrix => Matrix.from(Array.from({ length: X.rows }, (_, i) => f(X.row(i))));
/** Tolerance for coefficients that come out of a solve with condition number up to ~1e2 here. */
const close = (a: ArrayLike<number>, b: ArrayLike<number>, scale: number) => expectClose(Array.from(a), Array.from(b), { atol: 1e-8 * scale, rtol: 1e-8 });
const scaleOf = (m: Reg) => Math.max(1, ...Array.from(m.coef, Math.abs), Math.abs(m.intercept));

describe('linear regressors: invariances', () => {
  for (const [name, make] of REGRESSORS) {
    it(`${name}: permuting rows leaves coef and intercept unchanged`, () => {
      fc.assert(
        fc.property(arbProblem, fc.integer({ min: 0, max: 1e9 }), (p, s) => {
          const order = new Rng(s).permutation(p.X.rows);
          const a = make().fit(p.X, p.y);
          const b = make().fit(permuteRows(p.X, order), Float64Array.from(order, (r) => p.y[r]!));
          close(b.coef, a.coef, scaleOf(a));
          close([b.intercept], [a.intercept], scaleOf(a));
        }),
        { numRuns: 40 },
      );
    });
    it(`${name}: permuting features permutes coef`, () => {
      fc.assert(
        fc.property(arbProblem, fc.integer({ min: 0, max: 1e9 }), (p, s) => {
          const perm = new Rng(s).permutation(p.X.cols);
          const a = make().fit(p.X, p.y);
          const b = make().fit(mapColumns(p.X, (r) => Array.from(perm, (j) => r[j]!)), p.y);
          close(b.coef, Array.from(perm, (j) => a.coef[j]!), scaleOf(a));
          close([b.intercept], [a.intercept], scaleOf(a));
        }),
        { numRuns: 40 },
      );
    });
    it(`${name}: adding c to y changes only the intercept, by c`, () => {
      fc.assert(
        fc.property(arbProblem, fc.double({ min: -100, max: 100, noNaN: true }), (p, c) => {
          const a = make().fit(p.X, p.y);
          const b = make().fit(p.X, p.y.map((v) => v + c));
          close(b.coef, a.coef, scaleOf(a) + Math.abs(c));
          close([b.intercept], [a.intercept + c], scaleOf(a) + Math.abs(c));
        }),
        { numRuns: 40 },
      );
    });
  }

  it('LinearRegression: scaling feature j by s divides coef_j by s; other coefs, intercept and predictions unchanged', () => {
    fc.assert(
      fc.property(arbProblem, fc.nat(), fc.double({ min: 0.01, max: 100, noNaN: true }), (p, jj, s) => {
        const j = jj % p.X.cols;
        const Xs = mapColumns(p.X, (r) => Array.from(r, (v, k) => (k === j ? v * s : v)));
        const a = new LinearRegression().fit(p.X, p.y);
        const b = new LinearRegression().fit(Xs, p.y);
        close(b.coef, Array.from(a.coef, (v, k) => (k === j ? v / s : v)), scaleOf(a) * Math.max(1, 1 / s));
        close(b.predict(Xs), a.predict(p.X), scaleOf(a) * 10);
      }),
      { numRuns: 60 },
    );
  });

  it('Ridge and Lasso are not scale-equivariant: scaling a feature by 10 changes their fitted values (OLS: it does not)', () => {
    fc.assert(
      fc.property(arbProblem, fc.nat(), (p, jj) => {
        const j = jj % p.X.cols;
        const Xs = mapColumns(p.X, (r) => Array.from(r, (v, k) => (k === j ? v * 10 : v)));
        const change = (make: () => Reg) => {
          const a = make().fit(p.X, p.y).predict(p.X), b = make().fit(Xs, p.y).predict(Xs);
          return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
        };
        const ridge = new Ridge({ alpha: 3 }).fit(p.X, p.y);
        // Ridge shrinks coef_j by σ²/(σ² + α) along each direction: with coef_j ≠ 0 a rescale moves the fit.
        if (Math.abs(ridge.coef[j]!) > 1e-3) expect(change(() => new Ridge({ alpha: 3 }))).toBeGreaterThan(1e-6);
        const lasso = new Lasso({ alpha: 0.3, tol: 1e-13, maxIter: 200000 }).fit(p.X, p.y);
        if (Math.abs(lasso.coef[j]!) > 1e-3) expect(change(() => new Lasso({ alpha: 0.3, tol: 1e-13, maxIter: 200000 }))).toBeGreaterThan(1e-6);
        expect(change(() => new LinearRegression())).toBeLessThan(1e-8 * Math.max(1, ...Array.from(p.y, Math.abs)));
      }),
      { numRuns: 40 },
    );
  });

  it('what does hold: X → sX with alpha → s²·alpha (Ridge) or s·alpha (Lasso) gives coef/s', () => {
    fc.assert(
      fc.property(arbProblem, fc.double({ min: 0.1, max: 10, noNaN: true }), (p, s) => {
        const Xs = mapColumns(p.X, (r) => Array.from(r, (v) => v * s));
        const r1 = new Ridge({ alpha: 3 }).fit(p.X, p.y), r2 = new Ridge({ alpha: 3 * s * s }).fit(Xs, p.y);
        close(r2.coef, Array.from(r1.coef, (v) => v / s), scaleOf(r1) * Math.max(1, 1 / s));
        const l1 = new Lasso({ alpha: 0.3, tol: 1e-13, maxIter: 200000 }).fit(p.X, p.y);
        const l2 = new Lasso({ alpha: 0.3 * s, tol: 1e-13, maxIter: 200000 }).fit(Xs, p.y);
        expectClose(Array.from(l2.coef), Array.from(l1.coef, (v) => v / s), { atol: 1e-7 * scaleOf(l1) * Math.max(1, 1 / s), rtol: 1e-7 });
      }),
      { numRuns: 40 },
    );
  });
});

describe('LogisticRegression: invariances', () => {
  const make = () => new LogisticRegression({ solver: 'newton', tol: 1e-10, C: 0.5 });
  it('permuting rows leaves the model unchanged; permuting features permutes coef', () => {
    fc.assert(
      fc.property(arbProblem, fc.integer({ min: 0, max: 1e9 }), (p, s) => {
        const rng = new Rng(s);
        const order = rng.permutation(p.X.rows), perm = rng.permutation(p.X.cols);
        const a = make().fit(p.X, p.labels);
        const b = make().fit(permuteRows(p.X, order), Int32Array.from(order, (r) => p.labels[r]!));
        const c = make().fit(mapColumns(p.X, (r) => Array.from(perm, (j) => r[j]!)), p.labels);
        const sc = Math.max(1, ...Array.from(a.coef.data, Math.abs));
        close(b.coef.data, a.coef.data, sc);
        close(b.intercept, a.intercept, sc);
        close(c.coef.data, Array.from(perm, (j) => a.coef.data[j]!), sc);
      }),
      // A CI counterexample (fast-check seed 514696106): one row order stalled Newton at ‖g‖ = 9.7e-8
      // for 100 iterations (Armijo on rounding noise; fixed in level1's newton), the intercept 1.9e-8 off.
      { numRuns: 40, examples: [[problemFrom({ seed: 2147483644, n: 32, d: 5 }), 471930820]] },
    );
  });
  it('relabelling the classes (swapping 0 and 1) negates coef and intercept', () => {
    fc.assert(
      fc.property(arbProblem, (p) => {
        const a = make().fit(p.X, p.labels);
        const b = make().fit(p.X, p.labels.map((v) => 1 - v));
        const sc = Math.max(1, ...Array.from(a.coef.data, Math.abs));
        close(b.coef.data, Array.from(a.coef.data, (v) => -v), sc);
        close(b.intercept, Array.from(a.intercept, (v) => -v), sc);
      }),
      { numRuns: 40 },
    );
  });
});
