import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidInputError, ShapeError } from '../errors.js';
import { checkGradient, checkJacobian, expectGradient, expectJacobian } from './gradient.js';

/** Rosenbrock f = sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 and its gradient. */
const rosen = (x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
};
const rosenGrad = (factor: number) => (x: Float64Array): Float64Array => {
  const g = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    const r = x[i + 1]! - x[i]! ** 2;
    g[i]! += -4 * factor * x[i]! * r - 2 * (1 - x[i]!); // d/dx_i
    g[i + 1]! += 2 * factor * r; // d/dx_{i+1}
  }
  return g;
};
const logSumExp = (x: Float64Array): number => {
  const m = Math.max(...x);
  return m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
};
const softmax = (x: Float64Array): Float64Array => {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const z = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / z);
};

describe('checkGradient', () => {
  it('accepts correct gradients of Rosenbrock and log-sum-exp', () => {
    const x0 = [-1.2, 1, 0.5, 2];
    const r = checkGradient(rosen, rosenGrad(100), x0);
    expect(r.passed).toBe(true);
    expect(r.maxRelError).toBeLessThan(1e-7);
    expect(r.numeric).toHaveLength(4);
    expect(checkGradient(logSumExp, softmax, [3, -1, 0.25, 10]).maxAbsError).toBeLessThan(1e-9);
  });
  it('catches a wrong gradient and names the coordinate', () => {
    const r = checkGradient(rosen, rosenGrad(99), [-1.2, 1, 0.5, 2]);
    expect(r.passed).toBe(false);
    expect(r.maxRelError).toBeGreaterThan(1e-3);
    expect(() => expectGradient(rosen, rosenGrad(99), [-1.2, 1, 0.5, 2])).toThrow(/gradient check failed at index \d: analytic .* numeric /);
    // A gradient that is off by a sign in one entry only.
    const bad = (x: Float64Array) => {
      const g = softmax(x);
      g[2] = -g[2]!;
      return g;
    };
    expect(checkGradient(logSumExp, bad, [0, 1, 2]).worstIndex).toBe(2);
  });
  it('does not modify x0 and validates its arguments', () => {
    const x0 = new Float64Array([1, 2]);
    checkGradient(rosen, rosenGrad(100), x0);
    expect(Array.from(x0)).toEqual([1, 2]);
    expect(() => checkGradient(rosen, () => [1], [1, 2])).toThrow(ShapeError);
    expect(() => checkGradient(rosen, rosenGrad(100), [])).toThrow(InvalidInputError);
    expect(() => checkGradient(rosen, rosenGrad(100), [NaN])).toThrow(InvalidInputError);
    expect(() => checkGradient(rosen, rosenGrad(100), [1], { h: 0 })).toThrow(InvalidInputError);
  });
  it('fails (never passes silently) when the function or gradient returns NaN', () => {
    expect(checkGradient(() => NaN, (x) => new Float64Array(x.length), [1]).passed).toBe(false);
    expect(checkGradient((x) => x[0]!, () => [NaN], [1]).passed).toBe(false);
  });
  it('property: the gradient of any quadratic 1/2 x^T A x + b^T x passes', () => {
    const small = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(fc.array(small, { minLength: 9, maxLength: 9 }), fc.array(small, { minLength: 3, maxLength: 3 }), fc.array(small, { minLength: 3, maxLength: 3 }), (A, b, x0) => {
        const f = (x: Float64Array) => {
          let s = 0;
          for (let i = 0; i < 3; i++) {
            s += b[i]! * x[i]!;
            for (let j = 0; j < 3; j++) s += 0.5 * x[i]! * A[i * 3 + j]! * x[j]!;
          }
          return s;
        };
        const g = (x: Float64Array) => {
          const out = new Float64Array(3);
          for (let i = 0; i < 3; i++) {
            out[i] = b[i]!;
            for (let j = 0; j < 3; j++) out[i]! += 0.5 * (A[i * 3 + j]! + A[j * 3 + i]!) * x[j]!;
          }
          return out;
        };
        expect(checkGradient(f, g, x0).passed).toBe(true);
      }),
    );
  });
});

describe('checkJacobian', () => {
  const f = (x: Float64Array) => [x[0]! * x[1]!, Math.sin(x[2]!), x[0]! ** 2 + 3 * x[2]!];
  const J = (x: Float64Array) => [
    [x[1]!, x[0]!, 0],
    [0, 0, Math.cos(x[2]!)],
    [2 * x[0]!, 0, 3],
  ];
  it('accepts a correct Jacobian, including the softmax one', () => {
    expect(checkJacobian(f, J, [0.5, -2, 1.3]).passed).toBe(true);
    const sJ = (x: Float64Array) => {
      const s = softmax(x);
      return Array.from(s, (si, i) => Array.from(s, (sj, j) => (i === j ? si : 0) - si * sj));
    };
    expect(expectJacobian(softmax, sJ, [0.1, 2, -1, 0]).maxAbsError).toBeLessThan(1e-9);
  });
  it('catches a transposed Jacobian and reports [output, input]', () => {
    const Jt = (x: Float64Array) => {
      const m = J(x);
      return m.map((row, i) => row.map((_, j) => m[j]![i]!));
    };
    const r = checkJacobian(f, Jt, [0.5, -2, 1.3]);
    expect(r.passed).toBe(false);
    expect(() => expectJacobian(f, Jt, [0.5, -2, 1.3])).toThrow(/Jacobian check failed at \[\d, \d\]/);
    expect(() => checkJacobian(f, () => [[1, 2]], [0.5, -2, 1.3])).toThrow(ShapeError);
  });
});
