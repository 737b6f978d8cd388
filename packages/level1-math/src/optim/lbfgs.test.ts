import { readFileSync } from 'node:fs';
import { Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { lbfgs, twoLoop } from './lbfgs.js';
import { minimize } from './minimize.js';
import { quadratic, rosenbrock } from './test-functions.js';
import { dotv, type MinimizeResult, type Objective } from './types.js';

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/optim.json', import.meta.url), 'utf8')) as {
  scipy: { name: string; x0: number[]; x: number[]; nit: number; nfev: number }[];
};
const scipy = (name: string) => fixture.scipy.find((r) => r.name === name)!;

/** Re-evaluate f and ∇f at each traced iterate and assert both strong Wolfe conditions for every accepted step. */
function expectWolfeEverywhere(f: Objective, r: MinimizeResult, c1 = 1e-4, c2 = 0.9): void {
  expect(r.trace.length).toBeGreaterThan(1);
  for (let k = 1; k < r.trace.length; k++) {
    const x0 = r.trace[k - 1]!.x!;
    const x1 = r.trace[k]!.x!;
    const a = f(x0);
    const b = f(x1);
    const s = x1.map((v, i) => v - x0[i]!); // α p
    const d0 = dotv(a.grad, s); // α φ'(0)
    expect(d0, `descent at step ${k}`).toBeLessThan(0);
    expect(b.value, `sufficient decrease at step ${k}`).toBeLessThanOrEqual(a.value + c1 * d0);
    expect(Math.abs(dotv(b.grad, s)), `curvature at step ${k}`).toBeLessThanOrEqual(c2 * Math.abs(d0));
  }
}

describe('lbfgs', () => {
  it('reaches the 2-D Rosenbrock minimum (1, 1) to 1e-8 from (-1.2, 1), in about as many iterations as scipy L-BFGS-B', () => {
    const ref = scipy('rosenbrock-2d-tight');
    const r = minimize(rosenbrock, ref.x0, { method: 'lbfgs', tol: 1e-10, maxIter: 200 });
    expect(r.converged).toBe(true);
    expectClose(r.x, [1, 1], { atol: 1e-8, name: 'x*' });
    expectClose(r.x, ref.x, { atol: 1e-8, name: 'x* vs scipy' });
    // Different first steps and line searches: the counts agree loosely, not exactly.
    expect(r.nIter).toBeLessThanOrEqual(2 * ref.nit);
    expect(r.nIter).toBeGreaterThanOrEqual(ref.nit / 2);
  });

  it('reaches the 5-D Rosenbrock minimum from scipy\'s tutorial start', () => {
    const ref = scipy('rosenbrock-5d-tight');
    const r = minimize(rosenbrock, ref.x0, { method: 'lbfgs', tol: 1e-10, maxIter: 300 });
    expect(r.converged).toBe(true);
    expectClose(r.x, [1, 1, 1, 1, 1], { atol: 1e-8, name: 'x*' });
    expect(r.nIter).toBeLessThanOrEqual(2 * ref.nit);
  });

  it('satisfies the strong Wolfe conditions at every accepted step (Rosenbrock, 2-D and 10-D)', () => {
    for (const x0 of [[-1.2, 1], [-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1]]) {
      const r = minimize(rosenbrock, x0, { method: 'lbfgs', tol: 1e-8, recordX: true, maxIter: 500 });
      expect(r.converged).toBe(true);
      expectWolfeEverywhere(rosenbrock, r);
    }
  });

  it('honours c1/c2 passed by the caller', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { method: 'lbfgs', tol: 1e-8, recordX: true, c1: 0.3, c2: 0.4 });
    expect(r.converged).toBe(true);
    expectWolfeEverywhere(rosenbrock, r, 0.3, 0.4);
  });

  it('solves a diagonal quadratic with κ = 1e4 (d = 30) in as many iterations as scipy, give or take', () => {
    // ½ Σ λ_i (x_i − c_i)², λ log-spaced in [1, 1e4], c_i = sin(i + 1) / λ_i: the frozen scipy problem.
    const ref = scipy('quadratic-logspaced-kappa1e4-d30');
    const d = 30;
    const lam = Array.from({ length: d }, (_, i) => 10 ** ((4 * i) / (d - 1)));
    const c = lam.map((l, i) => Math.sin(i + 1) / l);
    const f: Objective = (x) => {
      const grad = Float64Array.from(x, (v, i) => lam[i]! * (v - c[i]!));
      return { value: 0.5 * x.reduce((s, v, i) => s + lam[i]! * (v - c[i]!) ** 2, 0), grad };
    };
    const r = lbfgs(f, new Float64Array(d), { tol: 1e-9, maxIter: 5000 });
    expect(r.converged).toBe(true);
    expectClose(r.x, c, { rtol: 1e-8, atol: 1e-12 });
    expectClose(r.x, ref.x, { rtol: 1e-8, atol: 1e-12, name: 'x vs scipy' });
    expect(r.nIter).toBeGreaterThan(ref.nit / 2);
    expect(r.nIter).toBeLessThan(2 * ref.nit);
  });

  it('two-loop recursion: H y = s for the newest pair (secant condition) and H is positive definite', () => {
    const rng = new Rng(5);
    const d = 6;
    const { objective } = quadratic(Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 2 + i : 0.3))));
    const S: Float64Array[] = [];
    const Y: Float64Array[] = [];
    for (let k = 0; k < 4; k++) {
      const x = Float64Array.from({ length: d }, () => rng.normal());
      const s = Float64Array.from({ length: d }, () => rng.normal());
      const g0 = objective(x).grad;
      const g1 = objective(x.map((v, i) => v + s[i]!)).grad;
      S.push(s);
      Y.push(Float64Array.from(g1, (v, i) => v - g0[i]!));
    }
    expectClose(twoLoop(Y[3]!, S, Y), S[3]!, { rtol: 1e-10, atol: 1e-12 });
    for (let t = 0; t < 5; t++) {
      const v = Float64Array.from({ length: d }, () => rng.normal());
      expect(dotv(v, twoLoop(v, S, Y))).toBeGreaterThan(0);
    }
  });

  it('stops with a warning at maxIter', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { method: 'lbfgs', maxIter: 3 });
    expect(r.converged).toBe(false);
    expect(r.reason).toBe('maxIter');
    expect(r.warnings[0]!.message).toContain('maxIter = 3');
  });

  it('fTol stops on a small relative decrease, like scipy\'s factr', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { method: 'lbfgs', tol: 0, fTol: 2.2e-9 });
    expect(r.reason).toBe('ftol');
    expect(r.converged).toBe(true);
    expectClose(r.x, [1, 1], { atol: 1e-4 });
  });
});
