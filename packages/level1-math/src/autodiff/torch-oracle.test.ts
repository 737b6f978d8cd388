/**
 * Every op against PyTorch 1.13 float64 (frozen by scripts/oracles/freeze_autodiff_torch.py):
 * forward values and the gradients of L = sum(w * op(inputs)) for a random w, including
 * broadcasting and logits of ±1000.
 */
import { readFileSync } from 'node:fs';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import * as ad from './index.js';
import { tensor, type Tensor } from './tensor.js';

interface Arr { shape: number[]; data: number[] }
interface Case { name: string; op: string; args: Record<string, unknown>; inputs: Arr[]; weight: Arr; output: Arr; grads: (Arr | null)[] }
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/autodiff_torch.json', import.meta.url), 'utf8')) as { meta: Record<string, unknown>; cases: Case[] };

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const OPS: Record<string, (xs: Tensor[], a: Args) => Tensor> = {
  add: ([a, b]) => ad.add(a!, b!),
  sub: ([a, b]) => ad.sub(a!, b!),
  mul: ([a, b]) => ad.mul(a!, b!),
  div: ([a, b]) => ad.div(a!, b!),
  pow: ([a, b]) => ad.pow(a!, b!),
  powScalar: ([a], { p }) => ad.pow(a!, p),
  neg: ([x]) => ad.neg(x!),
  square: ([x]) => ad.square(x!),
  exp: ([x]) => ad.exp(x!),
  log: ([x]) => ad.log(x!),
  sqrt: ([x]) => ad.sqrt(x!),
  tanh: ([x]) => ad.tanh(x!),
  sigmoid: ([x]) => ad.sigmoid(x!),
  relu: ([x]) => ad.relu(x!),
  abs: ([x]) => ad.abs(x!),
  sum: ([x], { axis, keepDims }) => ad.sum(x!, axis, keepDims),
  mean: ([x], { axis, keepDims }) => ad.mean(x!, axis, keepDims),
  max: ([x], { axis, keepDims }) => ad.max(x!, axis, keepDims),
  matmul: ([a, b]) => ad.matmul(a!, b!),
  reshape: ([x], { shape }) => ad.reshape(x!, shape),
  transpose: ([x], { perm }) => ad.transpose(x!, perm),
  slice: ([x], { begin, size }) => ad.slice(x!, begin, size),
  index: ([x], { i, axis }) => ad.index(x!, i, axis),
  gather: ([x], { indices, axis }) => ad.gather(x!, indices, axis),
  concat: (xs, { axis }) => ad.concat(xs, axis),
  softmax: ([x], { axis }) => ad.softmax(x!, axis),
  logSoftmax: ([x], { axis }) => ad.logSoftmax(x!, axis),
  logsumexp: ([x], { axis, keepDims }) => ad.logsumexp(x!, axis, keepDims),
  crossEntropy: ([z], { targets, reduction }) => ad.crossEntropy(z!, Int32Array.from(targets), { reduction }),
  mse: ([p, t]) => ad.mse(p!, t!),
};

const toT = (a: Arr): Tensor => tensor(Float64Array.from(a.data), a.shape);
const TOL = { rtol: 1e-12, atol: 1e-13 };

describe(`autodiff vs torch ${String(fixture.meta.torch)} float64`, () => {
  it('covers every op of the engine', () => {
    expect(new Set(fixture.cases.map((c) => c.op))).toEqual(new Set(Object.keys(OPS)));
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const op = OPS[c.op]!;
      const xs = c.inputs.map(toT);
      const y = op(xs, c.args);
      expect(y.shape).toEqual(c.output.shape);
      expectClose(y.data, c.output.data, { ...TOL, name: `${c.name} output` });
      const w = toT(c.weight);
      const grads = ad.grad((...args: Tensor[]) => ad.sum(ad.mul(op(args, c.args), w)))(...xs);
      c.grads.forEach((g, i) => {
        if (g === null) return;
        expect(grads[i]!.shape).toEqual(g.shape);
        expectClose(grads[i]!.data, g.data, { ...TOL, name: `${c.name} grad ${i}` });
      });
    });
  }
});
