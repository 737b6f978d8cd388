import fc from 'fast-check';
import { InvalidParamError, Matrix, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { minimize } from './minimize.js';
import { quadratic, rosenbrock } from './test-functions.js';

describe('projected gradient', () => {
  it('keeps every iterate inside the box and stops at a KKT point (random SPD quadratics and boxes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((d) =>
          fc.record({
            M: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d * d, maxLength: d * d }),
            b: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: d, maxLength: d }),
            lo: fc.array(fc.double({ min: -2, max: 0, noNaN: true }), { minLength: d, maxLength: d }),
            width: fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: d, maxLength: d }),
            x0: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: d, maxLength: d }),
          }),
        ),
        ({ M, b, lo, width, x0 }) => {
          const d = b.length;
          // A = MᵀM + I: SPD with eigenvalues in [1, 1 + d].
          const A = Matrix.zeros(d, d);
          for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
            let s = i === j ? 1 : 0;
            for (let k = 0; k < d; k++) s += M[k * d + i]! * M[k * d + j]!;
            A.data[i * d + j] = s;
          }
          const hi = lo.map((l, i) => l + width[i]!);
          const { objective } = quadratic(A, b);
          const r = minimize(objective, x0, { method: 'projected-gradient', bounds: { lower: lo, upper: hi }, tol: 1e-7, maxIter: 5000, recordX: true });
          expect(r.converged).toBe(true);
          for (const t of r.trace) t.x!.forEach((v, i) => expect(v >= lo[i]! && v <= hi[i]!).toBe(true));
          // KKT for a box: ∇f_i ≈ 0 inside, ≥ 0 at the lower bound, ≤ 0 at the upper bound
          // ("at a bound" = within 1e-6 of it: the stopping test ‖x − P(x − ∇f)‖ ≤ tol = 1e-7 cannot tell closer points apart).
          r.x.forEach((v, i) => {
            const g = r.grad[i]!;
            const atLo = v - lo[i]! <= 1e-6;
            const atHi = hi[i]! - v <= 1e-6;
            if (!atLo && !atHi) expect(Math.abs(g)).toBeLessThan(1e-6);
            else if (atLo) expect(g).toBeGreaterThan(-1e-6);
            else expect(g).toBeLessThan(1e-6);
          });
          for (let k = 1; k < r.trace.length; k++) expect(r.trace[k]!.value).toBeLessThanOrEqual(r.trace[k - 1]!.value);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('finds the clip of the unconstrained minimiser for a separable quadratic', () => {
    const c = [3, -2, 0.5, 0];
    const { objective } = quadratic([[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]], c.map((ci, i) => ci * (i + 1)));
    const r = minimize(objective, [0, 0, 0, 0], { method: 'projected-gradient', bounds: { lower: -1, upper: [1, 1, 1, 1] }, tol: 1e-12 });
    expectClose(r.x, [1, -1, 0.5, 0], { atol: 1e-10 });
  });

  it('solves Rosenbrock with the minimum outside the box: it ends on the face x₀ ≤ 0.5', () => {
    // tol 1e-5, not smaller: f ≈ 0.25 there, and a line search cannot see decreases below ε·|f| ≈ 5e-17.
    const r = minimize(rosenbrock, [-1, 1], { method: 'projected-gradient', bounds: { upper: [0.5, Infinity] }, maxIter: 50000, tol: 1e-5 });
    expect(r.converged).toBe(true);
    // On the face x₀ = 0.5 the best x₁ is 0.25; ∂f/∂x₀ < 0 there, pushing against the bound.
    expectClose(r.x, [0.5, 0.25], { atol: 1e-6 });
    expect(r.grad[0]).toBeLessThan(0);
  });

  it('projects x0 into the box first', () => {
    const { objective } = quadratic([[1, 0], [0, 1]]);
    const r = minimize(objective, [10, -10], { method: 'projected-gradient', bounds: { lower: [1, -3], upper: [5, -2] }, recordX: true });
    expectClose(r.trace[0]!.x!, [5, -3]);
    expectClose(r.x, [1, -2], { atol: 1e-8 });
  });

  it('rejects bad bounds', () => {
    const { objective } = quadratic([[1, 0], [0, 1]]);
    expect(() => minimize(objective, [0, 0], { method: 'projected-gradient' })).toThrow(InvalidParamError);
    expect(() => minimize(objective, [0, 0], { method: 'projected-gradient', bounds: { lower: [1, 1], upper: [0, 2] } })).toThrow(/lower ≤ upper, but at index 0/);
    expect(() => minimize(objective, [0, 0], { method: 'projected-gradient', bounds: { lower: [1, 1, 1] } })).toThrow(ShapeError);
    expect(() => minimize(objective, [0, 0], { method: 'projected-gradient', bounds: { lower: NaN } })).toThrow(InvalidParamError);
    expect(() => minimize(objective, [0, 0], { method: 'gd', bounds: { lower: 0 } } as never)).toThrow(/param bounds must be absent/);
  });
});
