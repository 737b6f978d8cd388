import fc from 'fast-check';
import { InvalidInputError, Rng, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { concat, gather, index, reshape, scatterAdd, slice, transpose, unslice } from '../index.js';
import { tensor } from '../tensor.js';
import { checkOpGradient, randn } from '../test-utils.js';

const x = tensor([[1, 2, 3], [4, 5, 6]]); // (2, 3)

describe('shape ops: forward', () => {
  it('reshape (with -1) keeps row-major order', () => {
    expect(reshape(x, [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(reshape(x, [-1]).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => reshape(x, [4, -1])).toThrow(new ShapeError('reshape: cannot reshape [2,3] (6 elements) to [4,-1]'));
  });
  it('transpose (default reverses; explicit perm)', () => {
    expect(transpose(x).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const t = reshape(tensor(Array.from({ length: 24 }, (_, i) => i)), [2, 3, 4]);
    const p = transpose(t, [1, 2, 0]); // p[j,k,i] = t[i,j,k]
    expect(p.shape).toEqual([3, 4, 2]);
    expect((p.toArray() as number[][][])[2]![1]![1]).toBe(1 * 12 + 2 * 4 + 1);
    expect(() => transpose(x, [0, 0])).toThrow(ShapeError);
  });
  it('slice and index', () => {
    expect(slice(x, [0, 1], [2, 2]).toArray()).toEqual([[2, 3], [5, 6]]);
    expect(slice(x, [1]).toArray()).toEqual([[4, 5, 6]]);
    expect(index(x, 1).toArray()).toEqual([4, 5, 6]);
    expect(index(x, -1, 1).toArray()).toEqual([3, 6]);
    expect(() => slice(x, [0, 2], [1, 2])).toThrow(new ShapeError('slice: begin [0,2] with size [1,2] does not fit in shape [2,3] (axis 1)'));
    expect(() => index(x, 2)).toThrow(ShapeError);
  });
  it('unslice is the zero-padding adjoint of slice', () => {
    expect(unslice(tensor([[7, 8]]), [2, 3], [1, 1]).toArray()).toEqual([[0, 0, 0], [0, 7, 8]]);
  });
  it('gather (repeats allowed) and scatterAdd', () => {
    expect(gather(x, [2, 0, 2], 1).toArray()).toEqual([[3, 1, 3], [6, 4, 6]]);
    expect(gather(x, Int32Array.of(1, 1)).toArray()).toEqual([[4, 5, 6], [4, 5, 6]]);
    expect(scatterAdd(tensor([[1, 2], [3, 4], [5, 6]]), [1, 0, 1], 0, 2).toArray()).toEqual([[3, 4], [6, 8]]);
    expect(() => gather(x, [0, 2])).toThrow(new InvalidInputError('gather: indices[1] is 2 but must be an integer in [0, 2)'));
    expect(() => gather(x, [0.5], 1)).toThrow(InvalidInputError);
  });
  it('concat', () => {
    expect(concat([x, tensor([[7], [8]])], 1).toArray()).toEqual([[1, 2, 3, 7], [4, 5, 6, 8]]);
    expect(concat([x, x]).shape).toEqual([4, 3]);
    expect(() => concat([x, tensor([[1, 2]])], 0)).toThrow(new ShapeError('concat: shapes [2,3] and [1,2] (xs[1]) differ outside axis 0'));
    expect(() => concat([])).toThrow(InvalidInputError);
  });
});

describe('shape ops: gradients (finite differences)', () => {
  it('every op', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = new Rng(seed);
        const t = randn(rng, [3, 2, 4]);
        checkOpGradient((v) => reshape(v!, [4, -1]), [t], rng);
        checkOpGradient((v) => transpose(v!), [t], rng);
        checkOpGradient((v) => transpose(v!, [1, 2, 0]), [t], rng);
        checkOpGradient((v) => slice(v!, [1, 0, 2], [2, -1, 2]), [t], rng);
        checkOpGradient((v) => unslice(v!, [4, 3, 5], [1, 0, 1]), [t], rng);
        checkOpGradient((v) => index(v!, 1, 2), [t], rng);
        checkOpGradient((v) => gather(v!, [2, 0, 2, 1], 0), [t], rng);
        checkOpGradient((v) => gather(v!, [3, 3, 0], 2), [t], rng);
        checkOpGradient((v) => scatterAdd(v!, [1, 0, 1], 0, 2), [t], rng);
        checkOpGradient((a, b, c) => concat([a!, b!, c!], 1), [t, randn(rng, [3, 1, 4]), randn(rng, [3, 3, 4])], rng);
      }),
      { numRuns: 5 },
    );
  });
});
