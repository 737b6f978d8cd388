/**
 * trainFullBatch: the same trajectory as torch.optim.SGD (the frozen fixture of mlp2.oracle.test.ts),
 * the same as a hand-rolled MomentumSGD loop, guaranteed descent at a step below 1/β on a convex
 * model for any seed, and its errors.
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/backprop_torch.json' with { type: 'json' };
import { Mlp1 } from './mlp1.js';
import { Mlp2 } from './mlp2.js';
import { MomentumSGD } from './sgd.js';
import { trainFullBatch } from './train.js';

interface Arr { shape: number[]; data: number[] }
const M = (a: Arr): Matrix => new Matrix(a.shape[0]!, a.shape[1]!, Float64Array.from(a.data));
const V = (a: Arr): Float64Array => Float64Array.from(a.data);
const TOL = { rtol: 1e-12, atol: 1e-14 };

function randomProblem(seed: number, n = 20, d = 2) {
  const rng = new Rng(seed);
  const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.normal())); // (n, d)
  const y = Int32Array.from({ length: n }, () => rng.int(2)); // (n,)
  return { X, y };
}

describe('trainFullBatch', () => {
  it(`reproduces torch.optim.SGD(lr=${fixture.sgd.lr}, momentum=${fixture.sgd.momentum}) on an Mlp2 (PyTorch ${String(fixture.meta.torch)}, float64): losses and final parameters to 1e-12`, () => {
    const s = fixture.sgd;
    const net = Mlp2.fromParams({ W1: M(s.W1), b1: V(s.b1), W2: M(s.W2), b2: V(s.b2) }, { activation: s.activation as 'tanh', output: s.output as 'softmax' });
    const T = s.losses.length;
    const seen: number[] = [];
    const losses = trainFullBatch(net, M(s.X), s.y, { lr: s.lr, momentum: s.momentum, epochs: T, onEpoch: (t, l) => seen.push(t, l) });
    expect(losses.length).toBe(T + 1);
    expectClose(losses.subarray(0, T), s.losses, { ...TOL, name: 'losses' });
    expect(seen).toEqual(Array.from(losses.subarray(0, T)).flatMap((l, t) => [t, l]));
    expectClose(net.params.W1.data, s.after.W1.data, { ...TOL, name: 'W1' });
    expectClose(net.params.b1, s.after.b1.data, { ...TOL, name: 'b1' });
    expectClose(net.params.W2.data, s.after.W2.data, { ...TOL, name: 'W2' });
    expectClose(net.params.b2, s.after.b2.data, { ...TOL, name: 'b2' });
    expect(losses[T]).toBe(net.loss(net.forward(M(s.X)), s.y)); // the last entry is the loss at the final weights
  });

  it('is exactly the hand-written loop: lossAndGrad, then MomentumSGD.step, epochs times', () => {
    const { X, y } = randomProblem(7, 30, 3);
    const a = Mlp2.init({ inputDim: 3, hiddenDim: 4, activation: 'relu', seed: 3 });
    const b = a.clone();
    const losses = trainFullBatch(a, X, y, { lr: 0.3, momentum: 0.8, epochs: 25 });
    const opt = new MomentumSGD({ lr: 0.3, momentum: 0.8 });
    for (let t = 0; t < 25; t++) {
      const { loss, grads } = b.lossAndGrad(X, y);
      expect(losses[t]).toBe(loss);
      opt.step(b.params, grads);
    }
    expect(Array.from(a.params.W1.data)).toEqual(Array.from(b.params.W1.data));
    expect(Array.from(a.params.b2)).toEqual(Array.from(b.params.b2));
  });

  it('epochs = 0 returns the initial loss and leaves the weights alone', () => {
    const { X, y } = randomProblem(1);
    const net = Mlp1.init({ inputDim: 2, seed: 5 });
    const W = Array.from(net.params.W.data);
    const losses = trainFullBatch(net, X, y, { epochs: 0 });
    expect(Array.from(losses)).toEqual([net.loss(net.forward(X), y)]);
    expect(Array.from(net.params.W.data)).toEqual(W);
  });

  // Convex case, any seed: the mean softmax cross-entropy of Mlp1 is β-smooth with
  // β ≤ ½ λmax(X̃ᵀX̃)/n ≤ ½ Σᵢ‖x̃ᵢ‖²/n (the per-sample Hessian in the logits, diag(p) − ppᵀ, is ≼ ½ I;
  // x̃ = [x, 1]), so plain gradient descent with η = 1/β cannot increase the loss.
  it('plain gradient descent at η = 1/β never increases the convex Mlp1 loss (any seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 40 }), (seed, n) => {
        const { X, y } = randomProblem(seed, n);
        let s = 0;
        for (let i = 0; i < n; i++) s += 1 + X.data[2 * i]! ** 2 + X.data[2 * i + 1]! ** 2;
        const beta = s / (2 * n);
        const losses = trainFullBatch(Mlp1.init({ inputDim: 2, seed }), X, y, { lr: 1 / beta, epochs: 40 });
        for (let t = 1; t < losses.length; t++) expect(losses[t]!).toBeLessThanOrEqual(losses[t - 1]! + 1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects a bad epoch count, a bad step, and reports divergence instead of returning NaN', () => {
    const { X, y } = randomProblem(2);
    const net = Mlp2.init({ inputDim: 2, hiddenDim: 3, seed: 0 });
    expect(() => trainFullBatch(net, X, y, { epochs: -1 })).toThrow(InvalidParamError);
    expect(() => trainFullBatch(net, X, y, { epochs: 1.5 })).toThrow('trainFullBatch: param epochs must be an integer ≥ 0, got 1.5');
    expect(() => trainFullBatch(net, X, y, { lr: -1 })).toThrow(InvalidParamError);
    // A huge step blows the weights up; the first non-finite loss or gradient is an error.
    expect(() => trainFullBatch(Mlp2.init({ inputDim: 2, hiddenDim: 3, activation: 'relu', seed: 0 }), X, y, { lr: 1e200, epochs: 50 })).toThrow(InvalidInputError);
  });
});
