import fc from 'fast-check';
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { crossEntropy, grad, logSoftmax, logsumexp, mse, softmax, sum } from '../index.js';
import { tensor } from '../tensor.js';
import { checkOpGradient, randn } from '../test-utils.js';

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('nn ops: forward (closed form)', () => {
  it('softmax, logSoftmax, logsumexp on a small row', () => {
    const z = tensor([[0, Math.log(2), Math.log(3)]]); // e^z = 1, 2, 3
    expectClose(softmax(z).data, [1 / 6, 2 / 6, 3 / 6], { rtol: 1e-15 });
    expectClose(logSoftmax(z).data, [Math.log(1 / 6), Math.log(2 / 6), Math.log(3 / 6)], { rtol: 1e-15 });
    expectClose(logsumexp(z).data, [Math.log(6)], { rtol: 1e-15 });
    expect(logsumexp(z, -1, true).shape).toEqual([1, 1]);
  });
  it('softmax along axis 0 normalises columns', () => {
    const s = softmax(randn(new Rng(1), [4, 3]), 0);
    expectClose(sum(s, 0).data, [1, 1, 1], { rtol: 1e-15 });
  });
  it('crossEntropy = mean of lse(z_i) - z_{i,t_i}; mse = mean squared difference', () => {
    const z = tensor([[1, 2, 3], [1, 1, 1]]);
    const l0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
    const l1 = Math.log(3);
    expectClose(crossEntropy(z, [2, 0]).item(), (l0 + l1) / 2, { rtol: 1e-14 });
    expectClose(crossEntropy(z, [2, 0], { reduction: 'sum' }).item(), l0 + l1, { rtol: 1e-14 });
    expectClose(crossEntropy(z, Int32Array.of(2, 0), { reduction: 'none' }).data, [l0, l1], { rtol: 1e-14 });
    expect(mse(tensor([1, 2, 3]), tensor([1, 0, 0])).item()).toBe(13 / 3);
  });
});

describe('nn ops: stability at logits of ±1000', () => {
  const big = tensor([[1000, -1000, 999], [-1000, -1000, -1001]]);
  // Inputs of size 1000 carry an absolute rounding error of ulp(1000) ≈ 1.1e-13 through x - max(x),
  // so values of order 1 are exact to ~1e-13: that is the best float64 can do here.
  const TOL = { rtol: 1e-12, atol: 1e-12 };
  it('logsumexp and crossEntropy are finite and exact to rounding', () => {
    const lse = logsumexp(big);
    expectClose(lse.data, [1000 + Math.log1p(Math.exp(-1)), -1000 + Math.log(2 + Math.exp(-1))], TOL);
    const ce = crossEntropy(big, [1, 2], { reduction: 'none' });
    expectClose(ce.data, [2000 + Math.log1p(Math.exp(-1)), 1 + Math.log(2 + Math.exp(-1))], TOL);
  });
  it('their gradients are finite softmax-minus-onehot values', () => {
    const [g] = grad((z) => crossEntropy(z!, [1, 2], { reduction: 'sum' }))(big);
    const e = Math.exp(-1);
    const p0 = [1 / (1 + e), 0, e / (1 + e)]; // softmax of row 0 (e^-2000 underflows to 0 exactly)
    const p1 = [1 / (2 + e), 1 / (2 + e), e / (2 + e)];
    expectClose(g!.data, [p0[0]!, p0[1]! - 1, p0[2]!, p1[0]!, p1[1]!, p1[2]! - 1], TOL);
    const [gl] = grad((z) => sum(logsumexp(z!)))(big);
    expectClose(gl!.data, [...p0, ...p1], TOL);
    expect(Array.from(softmax(big).data).every(Number.isFinite)).toBe(true);
    expect(Array.from(logSoftmax(big).data).every(Number.isFinite)).toBe(true);
  });
  it('-inf logits contribute nothing; all -inf gives -inf, not NaN', () => {
    expectClose(logsumexp(tensor([0, -Infinity])).item(), 0, { atol: 0 });
    expect(logsumexp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(Number.isNaN(logsumexp(tensor([1, NaN])).item())).toBe(true);
  });
});

describe('nn ops: gradients (finite differences)', () => {
  it('softmax, logSoftmax, logsumexp (several axes), crossEntropy, mse', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        const z = randn(rng, [3, 4], 2);
        const t3 = randn(rng, [2, 3, 4]);
        checkOpGradient((v) => softmax(v!, -1), [z], rng);
        checkOpGradient((v) => softmax(v!, 0), [z], rng);
        checkOpGradient((v) => logSoftmax(v!, 1), [t3], rng);
        checkOpGradient((v) => logsumexp(v!, [0, 2], true), [t3], rng);
        checkOpGradient((v) => logsumexp(v!), [z], rng);
        const targets = Int32Array.from({ length: 3 }, () => rng.int(4));
        for (const reduction of ['mean', 'sum', 'none'] as const) checkOpGradient((v) => crossEntropy(v!, targets, { reduction }), [z], rng);
        checkOpGradient((p, t) => mse(p!, t!), [z, randn(rng, [3, 4])], rng);
      }),
      { numRuns: 8 },
    );
  });
});

describe('nn ops: errors', () => {
  it('crossEntropy checks shapes, targets and reduction', () => {
    const z = tensor([[1, 2, 3]]);
    expect(() => crossEntropy(tensor([1, 2, 3]), [0])).toThrow(new ShapeError('crossEntropy: logits must be 2-D (n, classes), got shape [3]'));
    expect(() => crossEntropy(z, [0, 1])).toThrow('crossEntropy: logits have 1 rows but targets have 2 entries');
    expect(() => crossEntropy(z, [3])).toThrow(new InvalidInputError('crossEntropy: targets[0] is 3 but must be an integer class in [0, 3)'));
    expect(() => crossEntropy(z, [0], { reduction: 'avg' as 'mean' })).toThrow(InvalidParamError);
  });
  it('mse refuses to broadcast', () => {
    expect(() => mse(tensor([[1], [2]]), tensor([1, 2]))).toThrow(new ShapeError('mse: shapes [2,1] and [2] differ'));
  });
  it('softmax names a bad axis', () => {
    expect(() => softmax(tensor([1, 2]), 1)).toThrow('softmax: axis 1 is out of range for shape [2]');
  });
});
