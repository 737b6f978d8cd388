import fc from 'fast-check';
import { Matrix, Rng, ShapeError, matmul as coreMatmul } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { matmul } from '../index.js';
import { fromMatrix, tensor } from '../tensor.js';
import { checkOpGradient, randn } from '../test-utils.js';

describe('matmul', () => {
  it('2-D by hand', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]]);
    const b = tensor([[1, 0, -1], [2, 1, 0]]);
    expect(matmul(a, b).toArray()).toEqual([[5, 2, -1], [11, 4, -3], [17, 6, -5]]);
  });
  it('batched equals one 2-D product per batch, with batch broadcasting', () => {
    const rng = new Rng(3);
    const A = randn(rng, [2, 1, 3, 4]); // (2, 1, 3, 4)
    const B = randn(rng, [3, 4, 5]); // (3, 4, 5)
    const C = matmul(A, B); // (2, 3, 3, 5)
    expect(C.shape).toEqual([2, 3, 3, 5]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const Ai = new Matrix(3, 4, A.data.slice(i * 12, (i + 1) * 12));
        const Bj = new Matrix(4, 5, B.data.slice(j * 20, (j + 1) * 20));
        expectClose(C.data.slice((i * 3 + j) * 15, (i * 3 + j + 1) * 15), coreMatmul(Ai, Bj).data, { rtol: 1e-14 });
      }
    }
  });
  it('finite-difference gradients: 2-D, batched, broadcast batch, batch x matrix', () => {
    const cases: [number[], number[]][] = [
      [[3, 4], [4, 2]],
      [[2, 3, 4], [2, 4, 5]],
      [[2, 1, 3, 4], [3, 4, 2]],
      [[2, 3, 4], [4, 2]],
      [[1, 1], [1, 3]],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = new Rng(seed);
        for (const [sa, sb] of cases) checkOpGradient((a, b) => matmul(a!, b!), [randn(rng, sa), randn(rng, sb)], rng);
      }),
      { numRuns: 5 },
    );
  });
  it('gradients by hand: d sum(AB)/dA = 1 B^T', () => {
    const A = fromMatrix(Matrix.from([[1, 2], [3, 4]]), { requiresGrad: true });
    const B = tensor([[5, 6], [7, 8]], undefined, { requiresGrad: true });
    matmul(A, B).backward(tensor([[1, 1], [1, 1]]));
    expect(A.grad!.toArray()).toEqual([[11, 15], [11, 15]]);
    expect(B.grad!.toArray()).toEqual([[4, 4], [6, 6]]);
  });
  it('errors name both shapes', () => {
    expect(() => matmul(tensor([[1, 2, 3]]), tensor([[1, 2]]))).toThrow(new ShapeError('matmul: shapes [1,3] and [1,2] do not match (inner dimensions 3 and 1)'));
    expect(() => matmul(tensor([1, 2]), tensor([[1], [2]]))).toThrow(/must both have rank >= 2/);
    expect(() => matmul(tensor(new Float64Array(24), [2, 3, 4]), tensor(new Float64Array(24), [3, 4, 2]))).toThrow(/batch dimensions of \[2,3,4\] and \[3,4,2\] do not broadcast/);
  });
  it('propagates NaN', () => {
    expect(Number.isNaN(matmul(tensor([[NaN, 1]]), tensor([[1], [1]])).item())).toBe(true);
  });
});
