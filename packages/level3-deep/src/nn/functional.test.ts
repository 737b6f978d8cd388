/**
 * nn/functional: erf against mpmath (50 digits), its symmetry and special values, erf's and
 * GELU's derivatives (first by finite differences, second through the recorded backward), the
 * gap between GELU's two forms, bad input.
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { checkGradient } from '@fpml/core/testing';
import { grad, noGrad, tensor, type Tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import erfFixture from './__fixtures__/erf_mpmath.json' with { type: 'json' };
import { erf, erfNumber, gelu } from './functional.js';

const EPS = 2 ** -52;
const randn = (rng: Rng, n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.standardNormal());

/** Gradient check of x ↦ Σ w·f(x) at x0 (central differences, core's mixed tolerance). */
function fdCheck(f: (x: Tensor) => Tensor, x0: Float64Array, seed: number) {
  const rng = new Rng(seed);
  const w = tensor(randn(rng, x0.length));
  const L = (x: Tensor) => f(x).mul(w).sum();
  return checkGradient(
    (v) => noGrad(() => L(tensor(v)).item()),
    (v) => grad(L)(tensor(v))[0]!.data,
    x0,
    { h: 1e-6, tol: 1e-8 },
  );
}

describe('erfNumber', () => {
  it('agrees with mpmath erf (50 digits, rounded once) to 4e-16 relative on 2,437 points', () => {
    const { x, erf: want } = erfFixture;
    expect(x.length).toBe(2437);
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const got = erfNumber(x[i]!);
      const e = want[i]!;
      const rel = e === 0 ? Math.abs(got) : Math.abs(got - e) / Math.abs(e);
      worst = Math.max(worst, rel);
    }
    expect(worst).toBeLessThan(4e-16); // measured 2.7e-16 (1.22 ulp)
    expect(worst / EPS).toBeLessThan(2);
  });

  it('is odd bit for bit, monotone across the switch points, and handles 0, ±inf, NaN', () => {
    const rng = new Rng(3);
    for (const v of randn(rng, 500, 3)) expect(Object.is(erfNumber(-v), -erfNumber(v))).toBe(true);
    expect(Object.is(erfNumber(0), 0)).toBe(true);
    expect(Object.is(erfNumber(-0), -0)).toBe(true);
    expect(erfNumber(Infinity)).toBe(1);
    expect(erfNumber(-Infinity)).toBe(-1);
    expect(erfNumber(NaN)).toBeNaN();
    for (const s of [0.0625, 6, 0.1875, 2.5]) {
      const below = erfNumber(s - 1e-12);
      const at = erfNumber(s);
      const above = erfNumber(s + 1e-12);
      expect(below).toBeLessThanOrEqual(at);
      expect(at).toBeLessThanOrEqual(above);
    }
  });
});

describe('erf (autodiff op)', () => {
  it('has derivative 2/√π e^{-x²} (finite differences) and the right second derivative', () => {
    const rng = new Rng(1);
    const x0 = randn(rng, 40, 1.5);
    expect(fdCheck(erf, x0, 2).passed).toBe(true);
    // second derivative through the recorded backward: d²/dx² erf = -2x · 2/√π e^{-x²}
    const d1 = (x: Tensor) => grad((u: Tensor) => erf(u).sum(), 0, { createGraph: true })(x)[0]!;
    const [d2] = grad((u: Tensor) => d1(u).sum())(tensor(x0));
    for (let i = 0; i < x0.length; i++) {
      const v = x0[i]!;
      expect(d2!.data[i]).toBeCloseTo((-2 * v * 2 * Math.exp(-v * v)) / Math.sqrt(Math.PI), 12);
    }
  });

  it('does not record when no input needs a gradient, and rejects a non-tensor', () => {
    const y = erf(tensor([0.5, -1]));
    expect(y.requiresGrad).toBe(false);
    expect(y.data[0]).toBe(erfNumber(0.5));
    expect(() => erf([1, 2] as never)).toThrow(InvalidInputError);
  });
});

describe('gelu', () => {
  it('has derivative Φ(x) + xφ(x) (erf form) and passes finite differences in both forms', () => {
    const rng = new Rng(4);
    const x0 = randn(rng, 50, 2);
    const [g] = grad((x: Tensor) => gelu(x).sum())(tensor(x0));
    for (let i = 0; i < x0.length; i++) {
      const v = x0[i]!;
      const Phi = 0.5 * (1 + erfNumber(v / Math.SQRT2));
      const phi = Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
      expect(g!.data[i]).toBeCloseTo(Phi + v * phi, 14);
    }
    expect(fdCheck((x) => gelu(x, 'none'), x0, 5).passed).toBe(true);
    expect(fdCheck((x) => gelu(x, 'tanh'), x0, 6).passed).toBe(true);
  });

  it('tanh form stays within 5e-4 of the exact one; both are 0 at 0 and → x, 0 in the tails', () => {
    const grid = Float64Array.from({ length: 2001 }, (_, i) => -10 + i / 100);
    const a = gelu(tensor(grid), 'none').data;
    const b = gelu(tensor(grid), 'tanh').data;
    let gap = 0;
    for (let i = 0; i < grid.length; i++) gap = Math.max(gap, Math.abs(a[i]! - b[i]!));
    expect(gap).toBeLessThan(5e-4);
    expect(gap).toBeGreaterThan(1e-4); // they are different functions
    expect(a[1000]).toBe(0);
    expect(a[2000]).toBeCloseTo(10, 12);
    expect(Math.abs(a[0]!)).toBeLessThan(1e-20);
  });

  it('rejects an unknown approximation', () => {
    expect(() => gelu(tensor([1]), 'fast' as never)).toThrow(InvalidParamError);
  });
});
