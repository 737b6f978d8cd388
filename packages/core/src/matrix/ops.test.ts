import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParamError, ShapeError } from '../errors.js';
import { Rng } from '../rng/rng.js';
import { Matrix } from './matrix.js';
import { add, axpy, dot, frobenius, hadamard, norm1, norm2, normInf, scale, sub, sum } from './ops.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = rng.normal();
  return m;
}

const shape = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.nat());

describe('element-wise ops', () => {
  it('add, sub, hadamard and scale match the element formula and return new matrices', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: -10, max: 10, noNaN: true }), ([n, d, seed], alpha) => {
        const rng = new Rng(seed);
        const A = randomMatrix(rng, n, d), B = randomMatrix(rng, n, d);
        const before = A.data.slice();
        const s = add(A, B), t = sub(A, B), h = hadamard(A, B), c = scale(A, alpha);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < d; j++) {
            expect(s.get(i, j)).toBe(A.get(i, j) + B.get(i, j));
            expect(t.get(i, j)).toBe(A.get(i, j) - B.get(i, j));
            expect(h.get(i, j)).toBe(A.get(i, j) * B.get(i, j));
            expect(c.get(i, j)).toBe(alpha * A.get(i, j));
          }
        }
        expect(A.data).toEqual(before);
      }),
      { numRuns: 30 },
    );
  });

  it('accept nested arrays', () => {
    expect(add([[1, 2]], [[3, 4]]).toArray()).toEqual([[4, 6]]);
    expect(hadamard([[1, 2]], [[3, 4]]).toArray()).toEqual([[3, 8]]);
  });

  it('throw ShapeError naming both shapes', () => {
    expect(() => add(new Matrix(3, 4), new Matrix(3, 5))).toThrow('add: A is 3x4 but B is 3x5 (shapes must match)');
    expect(() => sub(new Matrix(2, 2), new Matrix(1, 4))).toThrow(ShapeError);
    expect(() => hadamard(new Matrix(2, 2), new Matrix(2, 1))).toThrow(ShapeError);
    expect(() => scale(new Matrix(2, 2), '2' as unknown as number)).toThrow(InvalidParamError);
  });
});

describe('vector ops', () => {
  it('axpy updates y in place: y ← y + a·x', () => {
    const y = Float64Array.from([1, 2, 3]);
    const out = axpy(2, [1, -1, 0.5], y);
    expect(out).toBe(y);
    expect(Array.from(y)).toEqual([3, 0, 4]);
    expect(() => axpy(1, [1, 2], new Float64Array(3))).toThrow('axpy: x has 2 entries but y has 3 (lengths must match)');
    expect(() => axpy(1, [1], [1] as unknown as Float64Array)).toThrow(InvalidParamError);
  });

  it('dot and the norms match their definitions', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const ys = xs.map((v, i) => v * 0.5 - i);
        let d = 0, l1 = 0, l2 = 0, li = 0;
        for (let i = 0; i < xs.length; i++) {
          d += xs[i]! * ys[i]!;
          l1 += Math.abs(xs[i]!);
          l2 += xs[i]! * xs[i]!;
          li = Math.max(li, Math.abs(xs[i]!));
        }
        const tol = (v: number) => 1e-12 * (Math.abs(v) + 1);
        expect(Math.abs(dot(xs, ys) - d)).toBeLessThan(tol(xs.reduce((s, v, i) => s + Math.abs(v * ys[i]!), 0)));
        expect(Math.abs(norm1(xs) - l1)).toBeLessThan(tol(l1));
        expect(Math.abs(norm2(xs) - Math.sqrt(l2))).toBeLessThan(tol(Math.sqrt(l2)));
        expect(normInf(xs)).toBe(li);
      }),
    );
  });

  it('norm2 and frobenius neither overflow nor underflow', () => {
    expect(norm2([3e200, 4e200]) / 5e200).toBeCloseTo(1, 14);
    expect(norm2([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 14);
    expect(frobenius([[3e200], [4e200]]) / 5e200).toBeCloseTo(1, 14);
    expect(norm2([])).toBe(0);
    expect(Number.isNaN(norm2([1, NaN]))).toBe(true);
    expect(Number.isNaN(normInf([1, NaN, 2]))).toBe(true);
  });

  it('frobenius is the l2 norm of the entries; sum adds matrices and vectors', () => {
    expect(frobenius([[1, 2], [2, 4]])).toBe(5);
    expect(sum([[1, 2], [3, 4.5]])).toBe(10.5);
    expect(sum([1, 2, 3])).toBe(6);
    expect(sum(Float64Array.from([0.5, 0.25]))).toBe(0.75);
    expect(sum(new Matrix(2, 2, Float64Array.from([1, 1, 1, 1])))).toBe(4);
  });

  it('dot rejects a length mismatch', () => {
    expect(() => dot([1, 2], [1, 2, 3])).toThrow('dot: x has 2 entries but y has 3 (lengths must match)');
  });
});
