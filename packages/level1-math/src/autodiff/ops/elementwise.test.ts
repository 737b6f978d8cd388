import fc from 'fast-check';
import { InvalidInputError, Rng, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { abs, add, div, exp, log, mul, neg, pow, relu, sigmoid, sqrt, square, sub, tanh, xlogy } from '../index.js';
import { tensor, type Tensor } from '../tensor.js';
import { awayFromZero, checkOpGradient, randn, randu } from '../test-utils.js';

const SHAPE_PAIRS: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[4, 1, 3], [2, 1]],
  [[], [2, 2]],
  [[3, 1], [1, 4]],
];
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('elementwise forward values (closed form)', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]); // (2, 3)
  const b = tensor([10, 20, 30]); // (3,) broadcast over rows
  it('binary ops broadcast NumPy-style', () => {
    expect(add(a, b).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(sub(a, b).toArray()).toEqual([[-9, -18, -27], [-6, -15, -24]]);
    expect(mul(a, b).toArray()).toEqual([[10, 40, 90], [40, 100, 180]]);
    expect(div(b, a).toArray()).toEqual([[10, 10, 10], [2.5, 4, 5]]);
    expect(pow(a, 2).toArray()).toEqual([[1, 4, 9], [16, 25, 36]]);
    expect(add(tensor([[1], [2]]), tensor([10, 20])).toArray()).toEqual([[11, 21], [12, 22]]); // (2,1)+(2,) -> (2,2)
    expect(mul(a, 2).toArray()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(sub(1, a).toArray()).toEqual([[0, -1, -2], [-3, -4, -5]]);
  });
  it('unary ops', () => {
    const x = tensor([-2, 0, 0.5]);
    expect(neg(x).toArray()).toEqual([2, -0, -0.5]);
    expect(square(x).toArray()).toEqual([4, 0, 0.25]);
    expect(relu(x).toArray()).toEqual([0, 0, 0.5]);
    expect(abs(x).toArray()).toEqual([2, 0, 0.5]);
    expectClose(exp(x).data, [Math.exp(-2), 1, Math.exp(0.5)], { rtol: 1e-15 });
    expectClose(tanh(x).data, [Math.tanh(-2), 0, Math.tanh(0.5)], { rtol: 1e-15 });
    expectClose(sigmoid(x).data, [1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-0.5))], { rtol: 1e-15 });
    expectClose(log(tensor([1, Math.E, 4])).data, [0, 1, Math.log(4)], { rtol: 1e-15 });
    expectClose(sqrt(tensor([4, 2])).data, [2, Math.SQRT2], { rtol: 1e-15 });
    expect(xlogy(tensor([0, 2]), tensor([0, Math.E])).toArray()).toEqual([0, 2]);
  });
  it('sigmoid neither overflows nor loses the tails at ±800', () => {
    const s = sigmoid(tensor([-800, -40, 40, 800]));
    expect(s.data[0]).toBe(0);
    expectClose(s.data[1]!, Math.exp(-40), { rtol: 1e-14 }); // 1/(1+e^40) = e^-40 (1 - e^-40 ...)
    expect(s.data[2]).toBe(1);
    expect(s.data[3]).toBe(1);
  });
});

describe('elementwise gradients (finite differences, float64)', () => {
  it('add, sub, mul, div over broadcast shapes', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        for (const [sa, sb] of SHAPE_PAIRS) {
          const A = randn(rng, sa);
          const B = randu(rng, sb, 0.5, 2); // away from 0 for div
          checkOpGradient((x, y) => add(x!, y!), [A, B], rng);
          checkOpGradient((x, y) => sub(x!, y!), [A, B], rng);
          checkOpGradient((x, y) => mul(x!, y!), [A, B], rng);
          checkOpGradient((x, y) => div(x!, y!), [A, B], rng);
        }
      }),
      { numRuns: 8 },
    );
  });
  it('pow with a tensor and with a number exponent', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        checkOpGradient((x, y) => pow(x!, y!), [randu(rng, [2, 3], 0.3, 2.5), randn(rng, [3])], rng);
        for (const p of [3, 0.5, -2, 1, 0]) checkOpGradient((x) => pow(x!, p), [randu(rng, [4], 0.3, 2.5)], rng);
        checkOpGradient((x, y) => xlogy(x!, y!), [randn(rng, [3]), randu(rng, [3], 0.3, 2)], rng);
      }),
      { numRuns: 8 },
    );
  });
  it('unary ops', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        const x = randn(rng, [3, 4]);
        const pos = randu(rng, [3, 4], 0.2, 3);
        for (const f of [neg, square, exp, tanh, sigmoid]) checkOpGradient((t) => f(t!), [x], rng);
        for (const f of [log, sqrt]) checkOpGradient((t) => f(t!), [pos], rng);
        for (const f of [relu, abs]) checkOpGradient((t) => f(t!), [awayFromZero(x)], rng);
      }),
      { numRuns: 8 },
    );
  });
  it('a repeated input accumulates both uses: d(x*x)/dx = 2x', () => {
    const x = tensor([1.5, -2], undefined, { requiresGrad: true });
    mul(x, x).backward(tensor([1, 1]));
    expect(x.grad!.toArray()).toEqual([3, -4]);
  });
  it('kinks take derivative 0 at 0 (relu, abs) as PyTorch does', () => {
    const x = tensor([0, 0], undefined, { requiresGrad: true });
    add(relu(x), abs(x)).backward(tensor([1, 1]));
    expect(x.grad!.toArray()).toEqual([0, 0]);
  });
});

describe('elementwise errors and NaN', () => {
  it('names both shapes when they do not broadcast', () => {
    expect(() => add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2, 3, 4]))).toThrow(new ShapeError('add: shapes [2,3] and [4] do not broadcast'));
    expect(() => mul(tensor([1, 2]), tensor([1, 2, 3]))).toThrow('mul: shapes [2] and [3] do not broadcast');
  });
  it('rejects non-tensors with a typed error', () => {
    expect(() => add('1' as unknown as Tensor, 1)).toThrow(InvalidInputError);
    expect(() => exp([1, 2] as unknown as Tensor)).toThrow(/exp: x must be a Tensor, got an array of length 2/);
  });
  it('propagates NaN through every op instead of throwing', () => {
    const x = tensor([NaN]);
    for (const f of [neg, square, exp, log, sqrt, tanh, sigmoid, relu, abs]) expect(Number.isNaN(f(x).item())).toBe(true);
    for (const f of [add, sub, mul, div, pow, xlogy]) expect(Number.isNaN(f(x, tensor([2])).item())).toBe(true);
  });
});
