/** MomentumSGD: the update rule by hand, plain GD at μ = 0, and its errors. torch.optim.SGD agreement: mlp2.oracle.test.ts. */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { MomentumSGD } from './sgd.js';

describe('MomentumSGD', () => {
  it('v₁ = g₁, then v ← μv + g; θ ← θ − ηv (matrices and vectors, in place)', () => {
    const W = Matrix.from([[1, 2]]), b = Float64Array.of(0.5);
    const opt = new MomentumSGD({ lr: 0.1, momentum: 0.5 });
    const grads = { W: Matrix.from([[1, -1]]), b: Float64Array.of(2), X: Matrix.from([[9]]) };
    opt.step({ W, b }, grads); // the extra key X (an input gradient) is ignored
    expect(Array.from(W.data)).toEqual([1 - 0.1 * 1, 2 + 0.1 * 1]);
    expect(b[0]).toBeCloseTo(0.5 - 0.2, 15);
    opt.step({ W, b }, { W: Matrix.from([[1, 1]]), b: Float64Array.of(0) }); // v = (1.5, 0.5), (1)
    expect(W.data[0]).toBeCloseTo(0.9 - 0.15, 15);
    expect(W.data[1]).toBeCloseTo(2.1 - 0.05, 15);
    expect(b[0]).toBeCloseTo(0.3 - 0.1, 15);
    opt.reset();
    opt.step({ b }, { b: Float64Array.of(1) });
    expect(b[0]).toBeCloseTo(0.2 - 0.1, 15);
  });
  it('μ = 0 is plain gradient descent', () => {
    const x = Float64Array.of(3);
    const opt = new MomentumSGD({ lr: 0.25 });
    for (let t = 0; t < 3; t++) opt.step({ x }, { x: Float64Array.of(2 * x[0]!) }); // f = x², x ← x/2
    expect(x[0]).toBe(3 / 8);
  });
  it('rejects bad options and mismatched gradients', () => {
    expect(() => new MomentumSGD({ lr: 0 })).toThrow(InvalidParamError);
    expect(() => new MomentumSGD({ momentum: 1 })).toThrow('param momentum must be a number in [0, 1), got 1');
    const opt = new MomentumSGD();
    expect(() => opt.step({ w: Float64Array.of(1) }, {} as never)).toThrow(InvalidInputError);
    expect(() => opt.step({ w: Float64Array.of(1) }, { w: Float64Array.of(1, 2) })).toThrow(new ShapeError('MomentumSGD.step: grads.w has 2 entries but params.w has 1'));
    expect(() => opt.step({ w: Float64Array.of(1) }, { w: Float64Array.of(NaN) })).toThrow(InvalidInputError);
    opt.step({ w: Float64Array.of(1) }, { w: Float64Array.of(1) });
    expect(() => opt.step({ w: Float64Array.of(1, 2) }, { w: Float64Array.of(1, 2) })).toThrow(ShapeError);
  });
});
