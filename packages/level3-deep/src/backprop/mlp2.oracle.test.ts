/**
 * The hand-written backward passes against two independent oracles, on the same weights:
 * - PyTorch 1.13 float64 (frozen by scripts/oracles/freeze_backprop.py): logits, probabilities,
 *   loss and the gradients of every parameter and the input, for each hidden activation and
 *   head, the one-layer model, and six steps of torch.optim.SGD(momentum=0.9); to 1e-12.
 * - level1-math's reverse-mode autodiff, on the same network written with its ops; to 1e-12.
 */
import { readFileSync } from 'node:fs';
import { Matrix } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { abs, add, crossEntropy, exp, log, matmul, mean, mul, relu, sigmoid, sub, tanh, tensor, transpose, valueAndGrad, type Tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import type { HiddenActivation } from './activations.js';
import { Mlp1 } from './mlp1.js';
import { Mlp2 } from './mlp2.js';
import type { OutputHead } from './output.js';
import { MomentumSGD } from './sgd.js';

interface Arr { shape: number[]; data: number[] }
interface Mlp2Case { activation: HiddenActivation; output: OutputHead; X: Arr; y: number[]; W1: Arr; b1: Arr; W2: Arr; b2: Arr; Z2: Arr; P: Arr; loss: number; grads: Record<'W1' | 'b1' | 'W2' | 'b2' | 'X', Arr> }
interface Mlp1Case { output: OutputHead; X: Arr; y: number[]; W: Arr; b: Arr; P: Arr; loss: number; grads: Record<'W' | 'b' | 'X', Arr> }
interface SgdCase { lr: number; momentum: number; X: Arr; y: number[]; W1: Arr; b1: Arr; W2: Arr; b2: Arr; losses: number[]; after: Record<'W1' | 'b1' | 'W2' | 'b2', Arr> }
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/backprop_torch.json', import.meta.url), 'utf8')) as { meta: Record<string, unknown>; mlp2: Mlp2Case[]; mlp1: Mlp1Case[]; sgd: SgdCase };

const M = (a: Arr): Matrix => new Matrix(a.shape[0]!, a.shape[1]!, Float64Array.from(a.data));
const V = (a: Arr): Float64Array => Float64Array.from(a.data);
const T = (a: Arr): Tensor => tensor(Float64Array.from(a.data), a.shape);
const TOL = { rtol: 1e-12, atol: 1e-14 };
const mlp2Of = (c: { W1: Arr; b1: Arr; W2: Arr; b2: Arr }, activation: HiddenActivation, output: OutputHead) =>
  Mlp2.fromParams({ W1: M(c.W1), b1: V(c.b1), W2: M(c.W2), b2: V(c.b2) }, { activation, output });

describe(`Mlp2 vs PyTorch ${String(fixture.meta.torch)} float64`, () => {
  it('covers every activation with both heads', () => {
    expect(fixture.mlp2.map((c) => `${c.activation}/${c.output}`).sort()).toEqual(['relu/sigmoid', 'relu/softmax', 'sigmoid/sigmoid', 'sigmoid/softmax', 'tanh/sigmoid', 'tanh/softmax']);
  });
  for (const c of fixture.mlp2) {
    it(`${c.activation} hidden, ${c.output} head: logits, P, loss and grads of W1, b1, W2, b2, X to 1e-12`, () => {
      const net = mlp2Of(c, c.activation, c.output);
      const cache = net.forward(M(c.X));
      expectClose(cache.Z2.data, c.Z2.data, { ...TOL, name: 'Z2' });
      expectClose(cache.P.data, c.P.data, { ...TOL, name: 'P' });
      expectClose(net.loss(cache, c.y), c.loss, { ...TOL, name: 'loss' });
      const g = net.backward(cache, c.y);
      expect(g.W1.shape).toEqual(c.grads.W1.shape);
      expect(g.X.shape).toEqual(c.grads.X.shape);
      expectClose(g.W1.data, c.grads.W1.data, { ...TOL, name: 'dW1' });
      expectClose(g.b1, c.grads.b1.data, { ...TOL, name: 'db1' });
      expectClose(g.W2.data, c.grads.W2.data, { ...TOL, name: 'dW2' });
      expectClose(g.b2, c.grads.b2.data, { ...TOL, name: 'db2' });
      expectClose(g.X.data, c.grads.X.data, { ...TOL, name: 'dX' });
    });
  }

  for (const c of fixture.mlp1) {
    it(`Mlp1 (no hidden layer), ${c.output} head: P, loss and grads of W, b, X to 1e-12`, () => {
      const m = Mlp1.fromParams({ W: M(c.W), b: V(c.b) }, { output: c.output });
      const { loss, grads, cache } = m.lossAndGrad(M(c.X), c.y);
      expectClose(cache.P.data, c.P.data, { ...TOL, name: 'P' });
      expectClose(loss, c.loss, { ...TOL, name: 'loss' });
      expectClose(grads.W.data, c.grads.W.data, { ...TOL, name: 'dW' });
      expectClose(grads.b, c.grads.b.data, { ...TOL, name: 'db' });
      expectClose(grads.X.data, c.grads.X.data, { ...TOL, name: 'dX' });
    });
  }

  it(`MomentumSGD = torch.optim.SGD(lr=${fixture.sgd.lr}, momentum=${fixture.sgd.momentum}): ${fixture.sgd.losses.length} full-batch steps, losses and parameters to 1e-12`, () => {
    const s = fixture.sgd;
    const net = mlp2Of(s, 'tanh', 'softmax');
    const opt = new MomentumSGD({ lr: s.lr, momentum: s.momentum });
    const losses: number[] = [];
    for (let t = 0; t < s.losses.length; t++) {
      const { loss, grads } = net.lossAndGrad(M(s.X), s.y);
      losses.push(loss);
      opt.step(net.params, grads);
    }
    expectClose(losses, s.losses, { ...TOL, name: 'losses' });
    expect(s.losses[s.losses.length - 1]!).toBeLessThan(s.losses[0]!);
    expectClose(net.params.W1.data, s.after.W1.data, { ...TOL, name: 'W1' });
    expectClose(net.params.b1, s.after.b1.data, { ...TOL, name: 'b1' });
    expectClose(net.params.W2.data, s.after.W2.data, { ...TOL, name: 'W2' });
    expectClose(net.params.b2, s.after.b2.data, { ...TOL, name: 'b2' });
  });
});

/** The same network written with level1's autodiff ops: Z₁ = X W₁ᵀ + b₁, H = σ(Z₁), Z₂ = H W₂ᵀ + b₂, mean loss. */
function autodiffLoss(activation: HiddenActivation, output: OutputHead, y: number[]) {
  const act = { tanh, relu, sigmoid }[activation];
  const yT = tensor(Float64Array.from(y), [y.length, 1]); // (n, 1), for the sigmoid head
  return (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, X: Tensor): Tensor => {
    const h = act(add(matmul(X, transpose(W1)), b1)); // (n, H)
    const z = add(matmul(h, transpose(W2)), b2); // (n, K)
    if (output === 'softmax') return crossEntropy(z, Int32Array.from(y));
    // log(1 + e^z) − y z = max(z, 0) + log(1 + e^{−|z|}) − y z
    return mean(sub(add(relu(z), log(add(1, exp(mul(-1, abs(z)))))), mul(yT, z)));
  };
}

describe("Mlp2 vs level1-math's autodiff (same weights)", () => {
  for (const c of fixture.mlp2) {
    it(`${c.activation} hidden, ${c.output} head: loss and every gradient to 1e-12`, () => {
      const net = mlp2Of(c, c.activation, c.output);
      const { loss, grads } = net.lossAndGrad(M(c.X), c.y);
      const ad = valueAndGrad(autodiffLoss(c.activation, c.output, c.y))(T(c.W1), T(c.b1), T(c.W2), T(c.b2), T(c.X));
      expectClose(loss, ad.value.item(), { ...TOL, name: 'loss' });
      const ours = [grads.W1.data, grads.b1, grads.W2.data, grads.b2, grads.X.data];
      ['W1', 'b1', 'W2', 'b2', 'X'].forEach((k, i) => expectClose(ours[i]!, ad.grads[i]!.data, { ...TOL, name: `d${k}` }));
    });
  }
});
