import { InvalidInputError, Matrix, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { add, exp, fromMatrix, mul, noGrad, ones, sum, tensor, zeros } from './index.js';

describe('tensor', () => {
  it('infers shapes from nested arrays and keeps row-major order', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(7).shape).toEqual([]);
    expect(tensor(7).item()).toBe(7);
    expect(tensor(new Float64Array([1, 2, 3, 4]), [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensor([1, 2, 3, 4, 5, 6], [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('copies its input', () => {
    const src = new Float64Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.data[0]).toBe(1);
  });

  it('rejects non-numbers, ragged arrays and shapes that do not fit', () => {
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(InvalidInputError);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(/values must be numbers, got "a" at \[1\]/);
    expect(() => tensor(undefined as unknown as number)).toThrow(InvalidInputError);
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fit shape \[2,2\]/);
    expect(() => tensor([[1, 2], [3, 4]]).item()).toThrow(ShapeError);
  });

  it('accepts NaN values and lets them propagate through ops', () => {
    const t = tensor([NaN, 1]);
    expect(Number.isNaN(exp(t).data[0]!)).toBe(true);
    expect(exp(t).data[1]).toBeCloseTo(Math.E, 15);
  });

  it('converts to and from core Matrix', () => {
    const m = Matrix.from([[1, 2], [3, 4]]);
    const t = fromMatrix(m);
    expect(t.toMatrix().toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => tensor([1, 2]).toMatrix()).toThrow(ShapeError);
  });

  it('zeros and ones', () => {
    expect(zeros([2, 1]).toArray()).toEqual([[0], [0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(() => zeros([-1])).toThrow(ShapeError);
  });
});

describe('backward', () => {
  it('accumulates into leaves across uses and across calls', () => {
    const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
    sum(mul(x, x)).backward(); // d/dx sum x^2 = 2x
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    sum(add(x, x)).backward(); // + 2
    expect(x.grad!.toArray()).toEqual([4, 6, 8]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('takes an explicit seed for non-scalar outputs and checks it', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const y = mul(x, 3);
    expect(() => y.backward()).toThrow(/a seed is required for a non-scalar output of shape \[2\]/);
    expect(() => y.backward(tensor([1, 2, 3]))).toThrow(ShapeError);
    y.backward(tensor([1, -1]));
    expect(x.grad!.toArray()).toEqual([3, -3]);
  });

  it('records nothing under noGrad and says so on backward', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const y = noGrad(() => sum(mul(x, x)));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toHaveLength(0);
    expect(() => y.backward()).toThrow(/does not require a gradient/);
    expect(mul(x, x).requiresGrad).toBe(true); // restored afterwards
  });

  it('detach cuts the graph', () => {
    const x = tensor([2], undefined, { requiresGrad: true });
    const y = mul(mul(x, x).detach(), x); // d/dx (c x) = c = 4
    y.backward(tensor([1]));
    expect(x.grad!.toArray()).toEqual([4]);
  });

  it('handles long chains without recursion limits', () => {
    const x = tensor(1, undefined, { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = add(y, x);
    y.backward();
    expect(x.grad!.item()).toBe(20001);
  });
});
