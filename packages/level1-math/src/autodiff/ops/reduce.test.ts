import fc from 'fast-check';
import { Rng, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { max, mean, sum } from '../index.js';
import { tensor } from '../tensor.js';
import { checkOpGradient, randn } from '../test-utils.js';

const x = tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]); // (2, 3, 2)
const AXES: (number | number[] | undefined)[] = [undefined, 0, 1, -1, [0, 2], [1, 2]];

describe('reductions: forward (closed form)', () => {
  it('sum', () => {
    expect(sum(x).item()).toBe(78);
    expect(sum(x).shape).toEqual([]);
    expect(sum(x, 0).toArray()).toEqual([[8, 10], [12, 14], [16, 18]]);
    expect(sum(x, [0, 2]).toArray()).toEqual([18, 26, 34]);
    expect(sum(x, -1, true).shape).toEqual([2, 3, 1]);
    expect(sum(x, [], false).toArray()).toEqual(x.toArray()); // no axes: identity
  });
  it('mean', () => {
    expect(mean(x).item()).toBe(6.5);
    expect(mean(x, 1).toArray()).toEqual([[3, 4], [9, 10]]);
    expect(mean(x, [0, 1], true).toArray()).toEqual([[[6, 7]]]);
  });
  it('max, and NaN wins', () => {
    expect(max(x).item()).toBe(12);
    expect(max(x, 2).toArray()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(Number.isNaN(max(tensor([1, NaN, 3])).item())).toBe(true);
    expect(Number.isNaN(sum(tensor([1, NaN])).item())).toBe(true);
  });
  it('errors name the axis and the shape', () => {
    expect(() => sum(x, 3)).toThrow(new ShapeError('sum: axis 3 is out of range for shape [2,3,2]'));
    expect(() => mean(x, [1, -2])).toThrow(/repeated axis/);
  });
});

describe('reductions: gradients', () => {
  it('finite differences over every axis choice, with and without keepDims', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = new Rng(seed);
        const t = randn(rng, [2, 3, 4]);
        for (const axis of AXES) {
          for (const keep of [false, true]) {
            checkOpGradient((v) => sum(v!, axis, keep), [t], rng);
            checkOpGradient((v) => mean(v!, axis, keep), [t], rng);
            checkOpGradient((v) => max(v!, axis, keep), [t], rng); // continuous inputs: no ties
          }
        }
      }),
      { numRuns: 5 },
    );
  });
  it('max splits the gradient equally among ties', () => {
    const t = tensor([[3, 1, 3], [0, 2, 1]], undefined, { requiresGrad: true });
    max(t, 1).backward(tensor([1, 10]));
    expect(t.grad!.toArray()).toEqual([[0.5, 0, 0.5], [0, 10, 0]]);
  });
});
