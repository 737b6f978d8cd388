import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { InvalidInputError, Rng, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import {
  add, concat, crossEntropy, div, exp, gather, gradients, grad, log, logsumexp, matmul, max, mean, mul, noGrad, pow,
  relu, sigmoid, slice, softmax, sqrt, square, sub, sum, tanh, tensor, valueAndGrad,
} from './index.js';
import type { Tensor } from './tensor.js';
import { awayFromZero, checkHessian, randn, randu } from './test-utils.js';

interface Arr { shape: number[]; data: number[] }
const H = (JSON.parse(readFileSync(new URL('./__fixtures__/autodiff_torch.json', import.meta.url), 'utf8')) as {
  hessians: { ce: { z: Arr; targets: number[]; H: Arr }; tanhce: { X: Arr; W: Arr; targets: number[]; H: Arr } };
}).hessians;
const T = (a: Arr): Tensor => tensor(Float64Array.from(a.data), a.shape);
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** d/dx of sum(grad f(x)), i.e. the row sums of the Hessian (the diagonal for elementwise f). */
const d2 = (f: (x: Tensor) => Tensor) => (x: Tensor): Tensor => grad((z) => sum(grad((u) => sum(f(u)))(z)[0]!))(x)[0]!;

describe('grad / valueAndGrad / gradients', () => {
  it('differentiate every argument, or those in argnums', () => {
    const f = (x: Tensor, y: Tensor): Tensor => sum(mul(mul(x, x), y)); // sum x^2 y
    const x = tensor([1, 2]);
    const y = tensor([3, 4]);
    const [gx, gy] = grad(f)(x, y);
    expect(gx!.toArray()).toEqual([6, 16]); // 2xy
    expect(gy!.toArray()).toEqual([1, 4]); // x^2
    expect(grad(f, 1)(x, y).map((g) => g.toArray())).toEqual([[1, 4]]);
    const { value, grads } = valueAndGrad(f, [1, 0])(x, y);
    expect(value.item()).toBe(19);
    expect(grads.map((g) => g.toArray())).toEqual([[1, 4], [6, 16]]);
    expect(x.grad).toBeNull(); // the inputs are not touched
  });
  it('give zeros for an argument the output does not depend on', () => {
    expect(grad((a: Tensor, _b: Tensor) => sum(a))(tensor([1]), tensor([5, 6]))[1]!.toArray()).toEqual([0, 0]);
  });
  it('work inside noGrad and return constants there', () => {
    const [g] = noGrad(() => grad((x: Tensor) => sum(exp(x)))(tensor([0])));
    expect(g!.toArray()).toEqual([1]);
    expect(g!.requiresGrad).toBe(false);
  });
  it('reject non-scalar outputs and bad arguments', () => {
    expect(() => grad((x: Tensor) => mul(x, 2))(tensor([1, 2]))).toThrow(new ShapeError('grad: f must return a scalar, got shape [2]'));
    expect(() => grad((x: Tensor) => sum(x))([1] as unknown as Tensor)).toThrow(InvalidInputError);
    expect(() => grad((x: Tensor) => sum(x), 1)(tensor([1]))).toThrow(/argnums entry 1/);
  });
  it('gradients() reaches intermediate tensors and leaves .grad alone', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const h = mul(x, 3);
    const y = sum(square(h));
    const [gh, gx] = gradients(y, [h, x]);
    expect(gh!.toArray()).toEqual([6, 12]); // 2h
    expect(gx!.toArray()).toEqual([18, 36]); // 2h * 3
    expect(x.grad).toBeNull();
  });
});

describe('second derivatives: closed form', () => {
  it("tanh'' = -2 tanh (1 - tanh^2), and tanh''' = (1 - t^2)(6t^2 - 2)", () => {
    const x = tensor([-1.3, -0.2, 0, 0.7, 2.1]);
    const t = Array.from(x.data, Math.tanh);
    expectClose(d2(tanh)(x).data, t.map((v) => -2 * v * (1 - v * v)), { rtol: 1e-14, atol: 1e-15 });
    const d3 = grad((z) => sum(d2(tanh)(z)))(x)[0]!;
    expectClose(d3.data, t.map((v) => (1 - v * v) * (6 * v * v - 2)), { rtol: 1e-13, atol: 1e-15 });
  });
  it("exp'' = exp, log'' = -1/x^2, sigmoid'' = s(1-s)(1-2s)", () => {
    const x = tensor([-0.5, 0.3, 1.7]);
    expectClose(d2(exp)(x).data, Array.from(x.data, Math.exp), { rtol: 1e-15 });
    expectClose(d2(log)(x.abs()).data, Array.from(x.data, (v) => -1 / (v * v)), { rtol: 1e-14 });
    const s = Array.from(x.data, (v) => 1 / (1 + Math.exp(-v)));
    expectClose(d2(sigmoid)(x).data, s.map((v) => v * (1 - v) * (1 - 2 * v)), { rtol: 1e-13 });
  });
  it('mul: the mixed derivative of sum(w x y) is w', () => {
    const w = tensor([2, -3]);
    const L = (x: Tensor, y: Tensor): Tensor => sum(mul(mul(x, y), w));
    const v = tensor([0.5, 4]);
    // d/dy <v, dL/dx> = d/dy <v, w y> = v w
    const [, gy] = grad((x: Tensor, y: Tensor) => sum(mul(grad(L, 0)(x, y)[0]!, v)))(tensor([1, 1]), tensor([7, 9]));
    expect(gy!.toArray()).toEqual([1, -12]);
  });
  it('matmul: Hessian-vector product of 1/2 |XW|^2 is X^T X V', () => {
    const rng = new Rng(11);
    const X = randn(rng, [5, 3]);
    const W = randn(rng, [3, 2]);
    const V = randn(rng, [3, 2]);
    const L = (w: Tensor): Tensor => mul(sum(square(matmul(X, w))), 0.5);
    const hv = grad((w: Tensor) => sum(mul(grad(L)(w)[0]!, V)))(W)[0]!;
    expectClose(hv.data, matmul(matmul(X.transpose(), X), V).data, { rtol: 1e-13, atol: 1e-14 });
  });
  it('softmax cross-entropy: Hessian = blockdiag(diag(p_i) - p_i p_i^T) / n, and equals torch', () => {
    const z = T(H.ce.z);
    const n = 2;
    const C = 3;
    const L = (v: Tensor): Tensor => crossEntropy(v, H.ce.targets);
    const p = softmax(z).data;
    const rows: number[][] = [];
    for (let k = 0; k < n * C; k++) {
      const e = new Float64Array(n * C);
      e[k] = 1;
      const hk = grad((v: Tensor) => sum(mul(grad(L)(v)[0]!, tensor(e, [n, C]))))(z)[0]!;
      rows.push(Array.from(hk.data));
      const i = Math.floor(k / C);
      const c = k % C;
      const closed = Array.from({ length: n * C }, (_, m) => (Math.floor(m / C) !== i ? 0 : ((m % C === c ? p[k]! : 0) - p[k]! * p[i * C + (m % C)]!) / n));
      expectClose(hk.data, closed, { rtol: 1e-13, atol: 1e-15 });
    }
    expectClose(rows.flat(), H.ce.H.data, { rtol: 1e-12, atol: 1e-14, name: 'torch hessian' });
  });
  it('tanh layer + cross-entropy: Hessian in W equals torch to 1e-12', () => {
    const X = T(H.tanhce.X);
    const W = T(H.tanhce.W);
    const L = (w: Tensor): Tensor => crossEntropy(tanh(matmul(X, w)), H.tanhce.targets);
    const rows: number[] = [];
    for (let k = 0; k < W.size; k++) {
      const e = new Float64Array(W.size);
      e[k] = 1;
      rows.push(...grad((w: Tensor) => sum(mul(grad(L)(w)[0]!, tensor(e, W.shape.slice()))))(W)[0]!.data);
    }
    expectClose(rows, H.tanhce.H.data, { rtol: 1e-12, atol: 1e-14 });
  });
  it('a MAML step: d/dw L_val(w - a dL_train/dw) = (w\' - b)(1 - a) for quadratics', () => {
    const a = 0.3;
    const Ltrain = (w: Tensor): Tensor => mul(sum(square(sub(w, 2))), 0.5);
    const Lval = (w: Tensor): Tensor => mul(sum(square(sub(w, -1))), 0.5);
    const meta = (w: Tensor): Tensor => Lval(sub(w, mul(grad(Ltrain)(w)[0]!, a)));
    const w = tensor([0.5, 4]);
    const wp = Array.from(w.data, (v) => v - a * (v - 2));
    expectClose(grad(meta)(w)[0]!.data, wp.map((v) => (v + 1) * (1 - a)), { rtol: 1e-15 });
  });
  it('backward({ createGraph }) leaves a differentiable .grad', () => {
    const x = tensor([0.4, -1.1], undefined, { requiresGrad: true });
    sum(exp(square(x))).backward(undefined, { createGraph: true }); // grad = 2x e^{x^2}
    expect(x.grad!.requiresGrad).toBe(true);
    const [h] = gradients(sum(x.grad!), [x]); // d/dx 2x e^{x^2} = (2 + 4x^2) e^{x^2}
    expectClose(h!.data, Array.from(x.data, (v) => (2 + 4 * v * v) * Math.exp(v * v)), { rtol: 1e-15 });
  });
});

describe('when gradients are recorded', () => {
  it('top-level calls are first order even for inputs that require a gradient', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const [g] = grad((v: Tensor) => sum(exp(v)))(x);
    expect(g!.requiresGrad).toBe(false);
  });
  it('nested calls record, also for tensors the inner function only captures', () => {
    const w0 = tensor([0.5, -1.5]);
    // meta(θ) = sum(d/dw sum(w^2 θ) at w0) = sum(2 w0 θ), so d meta/dθ = 2 w0
    const meta = (theta: Tensor): Tensor => sum(grad((w: Tensor) => sum(mul(square(w), theta)))(w0)[0]!);
    expect(grad(meta)(tensor([3, 4]))[0]!.toArray()).toEqual([1, -3]);
  });
  it('createGraph: true lets backward() differentiate a gradient, PyTorch-style', () => {
    const x = tensor([0.3, -0.8], undefined, { requiresGrad: true });
    const [g] = grad((v: Tensor) => sum(tanh(v)), 0, { createGraph: true })(x);
    sum(g!).backward();
    expectClose(x.grad!.data, Array.from(x.data, (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)), { rtol: 1e-14 });
  });
});

describe('second derivatives: finite differences of the gradient', () => {
  it('elementwise, reductions, shape ops, matmul and nn compositions', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const rng = new Rng(seed);
        const x = randn(rng, [2, 3]);
        const pos = randu(rng, [2, 3], 0.5, 2);
        const w = randn(rng, [2, 3]);
        const wsum = (t: Tensor): Tensor => sum(mul(t, w));
        checkHessian((v) => wsum(tanh(v!)), [x]);
        checkHessian((v) => wsum(exp(v!)), [x]);
        checkHessian((v) => wsum(sigmoid(v!)), [x]);
        checkHessian((v) => wsum(relu(mul(v!, v!))), [awayFromZero(x)]);
        checkHessian((v) => wsum(sqrt(v!)), [pos]);
        checkHessian((v) => wsum(log(v!)), [pos]);
        checkHessian((a, b) => wsum(div(mul(a!, b!), add(b!, 3))), [x, pos]);
        checkHessian((a, b) => wsum(pow(a!, b!)), [pos, randn(rng, [3])]);
        checkHessian((v) => sum(max(mul(v!, w), 1)), [x]);
        checkHessian((v) => sum(mean(square(v!), 0)), [x]);
        checkHessian((v) => sum(square(concat([gather(v!, [1, 1, 0], 1), slice(v!, [0, 1])], 1))), [x]);
        checkHessian((v) => sum(logsumexp(mul(v!, w), 0)), [x]);
        checkHessian((v) => wsum(softmax(v!, -1)), [x]);
        checkHessian((a, b) => crossEntropy(tanh(matmul(a!, b!)), [0, 2]), [x, randn(rng, [3, 3])]);
      }),
      { numRuns: 3 },
    );
  });
});
