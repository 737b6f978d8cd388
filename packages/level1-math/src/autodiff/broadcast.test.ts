import fc from 'fast-check';
import { Rng, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { broadcastShapes, broadcastTo, sumTo } from './index.js';
import { tensor } from './tensor.js';
import { checkOpGradient, randn } from './test-utils.js';

describe('broadcasting', () => {
  it('aligns on the right; 1 stretches', () => {
    expect(broadcastShapes([2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes([4, 1, 3], [2, 1])).toEqual([4, 2, 3]);
    expect(broadcastShapes([], [5])).toEqual([5]);
    expect(broadcastShapes([3, 1], [1, 0])).toEqual([3, 0]);
    expect(() => broadcastShapes([2, 3], [4], 'add')).toThrow(new ShapeError('add: shapes [2,3] and [4] do not broadcast'));
  });
  it('broadcastTo repeats and sumTo sums back', () => {
    const b = broadcastTo(tensor([[1], [2]]), [3, 2, 2]);
    expect(b.toArray()).toEqual([[[1, 1], [2, 2]], [[1, 1], [2, 2]], [[1, 1], [2, 2]]]);
    expect(sumTo(b, [2, 1]).toArray()).toEqual([[6], [12]]);
    expect(sumTo(b, [2]).toArray()).toEqual([9, 9]);
    expect(() => broadcastTo(tensor([1, 2]), [3])).toThrow(ShapeError);
    expect(() => sumTo(tensor([1, 2]), [3])).toThrow(ShapeError);
  });
  it('<broadcastTo(x), y> = <x, sumTo(y)> (adjoint pair) and finite-difference gradients', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = new Rng(seed);
        const x = randn(rng, [3, 1]);
        const y = randn(rng, [2, 3, 4]);
        const lhs = broadcastTo(x, [2, 3, 4]).data.reduce((s, v, i) => s + v * y.data[i]!, 0);
        const rhs = sumTo(y, [3, 1]).data.reduce((s, v, i) => s + v * x.data[i]!, 0);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * (1 + Math.abs(lhs)));
        checkOpGradient((v) => broadcastTo(v!, [2, 3, 4]), [x], rng);
        checkOpGradient((v) => sumTo(v!, [3, 1]), [y], rng);
      }),
      { numRuns: 10 },
    );
  });
});
