import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { minimize, type Method } from './minimize.js';
import { quadratic, rosenbrock } from './test-functions.js';
import type { Objective } from './types.js';

/** f = ½ xᵀ diag(λ) x with λ = (μ, ..., L) spread evenly, minimiser 0. */
function diagQuadratic(mu: number, L: number, d: number) {
  const lam = Array.from({ length: d }, (_, i) => mu + ((L - mu) * i) / (d - 1));
  const objective: Objective = (x) => ({ value: 0.5 * x.reduce((s, v, i) => s + lam[i]! * v * v, 0), grad: Float64Array.from(x, (v, i) => lam[i]! * v) });
  return { objective, lam };
}

describe('minimize', () => {
  const A = [[3, 0.5, 0], [0.5, 2, 0.3], [0, 0.3, 1]];
  const b = [1, -1, 0.5];
  const { objective, hessian } = quadratic(A, b);
  const exact = [0.4534671532846715, -0.7208029197080292, 0.7162408759124088]; // A⁻¹b by numpy.linalg.solve

  const cases: [Method, Record<string, unknown>][] = [
    ['gd', { lr: 0.3 }],
    ['gd', { lineSearch: 'backtracking' }],
    // f* ≈ −0.77: below ‖∇f‖ ≈ 1e-8 the decrease a line search must see is under ε·|f| (see docs, rounding floor).
    ['gd', { lineSearch: 'wolfe', tol: 1e-7 }],
    ['momentum', { lr: 0.2, momentum: 0.5 }],
    ['nesterov', { lr: 0.2, momentum: 0.5 }],
    ['adagrad', { lr: 0.5 }],
    ['rmsprop', { lr: 0.01, maxIter: 20000, tol: 1e-4 }],
    ['adam', { lr: 0.01, maxIter: 20000, tol: 1e-5 }],
    ['adamw', { lr: 0.01, weightDecay: 0, maxIter: 20000, tol: 1e-5 }],
    ['newton', { hessian }],
    ['lbfgs', {}],
    ['projected-gradient', { bounds: { lower: -10, upper: 10 } }],
  ];
  for (const [method, extra] of cases) {
    it(`${method} ${JSON.stringify(extra).slice(0, 40)} converges on a 3-D quadratic`, () => {
      const tol = (extra.tol as number | undefined) ?? 1e-8;
      const r = minimize(objective, [2, 2, -2], { method, tol, maxIter: 5000, ...extra });
      expect(r.converged, r.warnings.join('; ')).toBe(true);
      expect(r.reason).toBe('gtol');
      expect(r.trace[r.trace.length - 1]!.gradNorm).toBeLessThanOrEqual(tol);
      expect(r.trace).toHaveLength(r.nIter + 1);
      expectClose(r.x, exact, { atol: 10 * tol });
      expect(r.nEval).toBeGreaterThanOrEqual(r.nIter + 1);
    });
  }

  it('gd with step 2/(L+μ) contracts ||x − x*|| by exactly (κ−1)/(κ+1) per step', () => {
    for (const kappa of [10, 100]) {
      const { objective: f } = diagQuadratic(1, kappa, 8);
      const x0 = Array.from({ length: 8 }, (_, i) => 1 + i);
      const r = minimize(f, x0, { method: 'gd', lr: 2 / (kappa + 1), maxIter: 60, tol: 0, recordX: true });
      const e = r.trace.map((t) => Math.hypot(...t.x!));
      expectClose(e[60]! / e[59]!, (kappa - 1) / (kappa + 1), { rtol: 1e-9 });
    }
  });

  it('rejects bad params with InvalidParamError naming the param', () => {
    const x0 = [0, 0, 0];
    expect(() => minimize(objective, x0, { method: 'bfgs' as never })).toThrow(/param method must be one of gd, momentum/);
    expect(() => minimize(objective, x0, { method: 'adam', lr: -1 })).toThrow(InvalidParamError);
    expect(() => minimize(objective, x0, { method: 'adam', lr: -1 })).toThrow(/param lr must be a finite number ≥ 0, got -1/);
    expect(() => minimize(objective, x0, { method: 'adam', betas: [0.9, 1] })).toThrow(/betas\[1\]/);
    expect(() => minimize(objective, x0, { method: 'gd', momentum: 0.9 })).toThrow(/minimize\(gd\): param momentum must be absent/);
    expect(() => minimize(objective, x0, { method: 'lbfgs', historySize: 0 })).toThrow(/historySize/);
    expect(() => minimize(objective, x0, { method: 'lbfgs', maxIter: 1.5 })).toThrow(/maxIter/);
    expect(() => minimize(objective, x0, { method: 'lbfgs', tol: -1 })).toThrow(/tol/);
    expect(() => minimize(objective, x0, { method: 'lbfgs', c1: 0.5, c2: 0.4 })).toThrow(/c2/);
    expect(() => minimize(objective, x0, { method: 'rmsprop', alpha: 1.5 })).toThrow(/alpha/);
    expect(() => minimize(objective, x0, { method: 'gd', lineSearch: 'exact' as never })).toThrow(/lineSearch/);
  });

  it('rejects bad x0 and a gradient of the wrong length', () => {
    expect(() => minimize(objective, [0, NaN, 0])).toThrow(InvalidInputError);
    expect(() => minimize(objective, [0, 0])).toThrow(ShapeError);
    expect(() => minimize(objective, [0, 0])).toThrow(/gradient has 3 entries but x has 2 at x0/);
    expect(() => minimize(42 as never, [0])).toThrow(/objective must be a function/);
    expect(() => minimize(() => 3 as never, [0])).toThrow(/must return \{ value: number, grad: Float64Array \}/);
  });

  it('a NaN objective is a clear error naming where, not a NaN trace', () => {
    const nanAtStart: Objective = () => ({ value: NaN, grad: new Float64Array(2) });
    expect(() => minimize(nanAtStart, [1, 1], { method: 'lbfgs' })).toThrow(/non-finite value NaN at x0/);
    const nanGrad: Objective = () => ({ value: 1, grad: Float64Array.of(0, NaN) });
    expect(() => minimize(nanGrad, [1, 1], { method: 'gd' })).toThrow(/gradient entry 1 = NaN at x0/);
    // gd with too large a step diverges to Inf/NaN: the error names the iteration and the likely cause.
    let thrown: unknown;
    try {
      minimize(rosenbrock, [-1.2, 1], { method: 'gd', lr: 0.1, maxIter: 1000 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as Error).message).toMatch(/minimize\(gd\): the objective returned a non-finite .* at iteration \d+; the iterates diverged or left the domain: lower lr/);
  });

  it('records x only when asked, and the trace is consistent with the result', () => {
    const r1 = minimize(objective, [1, 1, 1], { method: 'lbfgs' });
    expect(r1.trace.every((t) => t.x === undefined)).toBe(true);
    const r2 = minimize(objective, [1, 1, 1], { method: 'lbfgs', recordX: true });
    expectClose(r2.trace[r2.trace.length - 1]!.x!, r2.x);
    expect(r2.trace[0]!.step).toBe(0);
    expect(r2.trace[r2.trace.length - 1]!.value).toBe(r2.value);
    // the objective's returned array may be reused by the caller: minimize copies it
    const shared = new Float64Array(3);
    const reusing: Objective = (x) => {
      const g = objective(x).grad;
      shared.set(g);
      return { value: objective(x).value, grad: shared };
    };
    expectClose(minimize(reusing, [1, 1, 1], { method: 'lbfgs', tol: 1e-10 }).x, exact, { atol: 1e-9 });
  });

  it('does not mutate x0 and is deterministic', () => {
    const x0 = Float64Array.of(2, 2, -2);
    const a = minimize(objective, x0, { method: 'adam', lr: 0.05, maxIter: 50 });
    const b2 = minimize(objective, x0, { method: 'adam', lr: 0.05, maxIter: 50 });
    expect(Array.from(x0)).toEqual([2, 2, -2]);
    expect(Array.from(a.x)).toEqual(Array.from(b2.x));
    expect(a.warnings[0]!.message).toContain('maxIter = 50');
  });

  it('handles a random higher-dimensional quadratic with every quasi-second-order method', () => {
    const rng = new Rng(2);
    const d = 12;
    const M = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
    const S = M.map((_, i) => M.map((__, j) => M.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 1 : 0))); // MᵀM + I
    const q = quadratic(S, Array.from({ length: d }, () => rng.normal()));
    const a = minimize(q.objective, new Float64Array(d), { method: 'lbfgs', tol: 1e-10 });
    const n = minimize(q.objective, new Float64Array(d), { method: 'newton', hessian: q.hessian, tol: 1e-10 });
    expectClose(a.x, n.x, { atol: 1e-8 });
    expect(n.nIter).toBe(1);
  });
});
