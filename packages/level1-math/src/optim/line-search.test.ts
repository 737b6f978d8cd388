import fc from 'fast-check';
import { InvalidInputError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { backtracking, strongWolfe } from './line-search.js';
import { rosenbrock } from './test-functions.js';
import { dotv, evaluate, type Objective } from './types.js';

const start = (f: Objective, x: Float64Array) => evaluate('test', f, x, 0)!;

describe('strongWolfe (N&W Algorithms 3.5/3.6)', () => {
  it('returns a step satisfying both strong Wolfe conditions along −∇f on Rosenbrock (any point, constants, first step)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -1, max: 3, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.3, noNaN: true }),
        fc.double({ min: 0.1, max: 0.6, noNaN: true }),
        fc.double({ min: -4, max: 1, noNaN: true }),
        (a, b, c1, gap, logAlpha0) => {
          const x = Float64Array.of(a, b);
          const f0 = start(rosenbrock, x);
          fc.pre(Math.hypot(f0.grad[0]!, f0.grad[1]!) > 1e-6);
          const p = f0.grad.map((g) => -g);
          const c2 = Math.min(0.99, c1 + gap);
          const r = strongWolfe('test', rosenbrock, x, f0, p, 1, { c1, c2, alpha0: 10 ** logAlpha0 });
          expect(r).not.toBeNull();
          const d0 = dotv(f0.grad, p);
          expect(r!.value).toBeLessThanOrEqual(f0.value + c1 * r!.alpha * d0);
          expect(Math.abs(dotv(r!.grad, p))).toBeLessThanOrEqual(c2 * Math.abs(d0));
          expect(r!.x[0]).toBe(x[0]! + r!.alpha * p[0]!);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shrinks past a point where the objective is not finite (log barrier) instead of failing', () => {
    // f(x) = −log(1 − x) + x², finite only for x < 1; from x = −3 along p = 1 with α₀ = 8.
    const f: Objective = (x) => ({ value: x[0]! < 1 ? -Math.log(1 - x[0]!) + x[0]! ** 2 : NaN, grad: Float64Array.of(x[0]! < 1 ? 1 / (1 - x[0]!) + 2 * x[0]! : NaN) });
    const x = Float64Array.of(-3);
    const r = strongWolfe('test', f, x, start(f, x), Float64Array.of(1), 1, { alpha0: 8 });
    expect(r).not.toBeNull();
    expect(r!.x[0]).toBeLessThan(1);
    expect(r!.value).toBeLessThan(start(f, x).value);
  });

  it('extrapolates when the first step is far too short', () => {
    const f: Objective = (x) => ({ value: (x[0]! - 100) ** 2, grad: Float64Array.of(2 * (x[0]! - 100)) });
    const x = Float64Array.of(0);
    const r = strongWolfe('test', f, x, start(f, x), Float64Array.of(1), 1, { alpha0: 1e-3, c2: 0.5 });
    expect(r).not.toBeNull();
    expect(r!.alpha).toBeGreaterThan(50); // |φ'(α)| ≤ 0.5|φ'(0)| needs α ≥ 50
  });

  it('rejects an ascent direction', () => {
    const x = Float64Array.of(-1.2, 1);
    const f0 = start(rosenbrock, x);
    expect(() => strongWolfe('test', rosenbrock, x, f0, f0.grad, 3)).toThrow(InvalidInputError);
    expect(() => strongWolfe('test', rosenbrock, x, f0, f0.grad, 3)).toThrow(/not a descent direction.*iteration 3/);
  });
});

describe('backtracking (Armijo)', () => {
  it('accepts the first α₀ρʲ with sufficient decrease, and not an earlier one', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true }), (a, b) => {
        const x = Float64Array.of(a, b);
        const f0 = start(rosenbrock, x);
        fc.pre(Math.hypot(f0.grad[0]!, f0.grad[1]!) > 1e-6);
        const p = f0.grad.map((g) => -g);
        const r = backtracking('test', rosenbrock, x, f0, p, 1, { alpha0: 1, shrink: 0.5 });
        expect(r).not.toBeNull();
        const d0 = dotv(f0.grad, p);
        expect(r!.value).toBeLessThanOrEqual(f0.value + 1e-4 * r!.alpha * d0);
        if (r!.alpha < 1) {
          const prev = 2 * r!.alpha; // the rejected step before it
          const fx = rosenbrock(Float64Array.of(a + prev * p[0]!, b + prev * p[1]!)).value;
          expect(fx).toBeGreaterThan(f0.value + 1e-4 * prev * d0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
