/**
 * The harnesses can fail: a module with a wrong backward fails the gradient check, a twin
 * whose forward differs (or that leaks) fails parity, and a correct pair passes.
 */
import { Rng } from '@fpml/core';
import { Tensor, isRecording, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { Linear, TfLinear } from '../layers/linear.js';
import { checkParity, expectParity } from './parity.js';
import { gradcheckModule } from './gradcheck.js';
import { Module } from './module.js';

/** y = x^3 with the backward deliberately wrong (2x^2 instead of 3x^2). */
class WrongCube extends Module {
  forward(x: Tensor): Tensor {
    const data = x.data.map((v) => v ** 3);
    const track = isRecording() && x.requiresGrad;
    return new Tensor(data, x.shape, track, track ? [x] : [], track ? (g) => [g.mul(x.square().mul(2))] : null, 'wrongCube');
  }
}

describe('gradcheckModule', () => {
  it('fails on a wrong backward and names the tensor', () => {
    const r = gradcheckModule(new WrongCube(), [tensor([0.5, -1.2, 2])]);
    expect(r.passed).toBe(false);
    expect(r.tensors[0]!.relError).toBeGreaterThan(0.1);
  });
});

describe('checkParity', () => {
  it('fails when the twin computes something else, or leaks', async () => {
    const rng = new Rng(0);
    const ref = new Linear(3, 2, { rng });
    const input = [{ data: [0.1, 0.2, -0.3, 1, 2, 3], shape: [2, 3] }];
    const wrong = await checkParity({
      reference: ref,
      makeTwin: (tf) => new TfLinear(tf, 3, 2, { rng: 0 }),
      inputs: input,
      forwardTwin: (m, x) => m.forward(x!).mul(1.001),
      backends: ['cpu'],
    });
    expect(wrong.passed).toBe(false);
    expect(wrong.backends[0]!.comparisons.find((c) => c.name === 'output')!.passed).toBe(false);
    const leaky = await checkParity({
      reference: ref,
      makeTwin: (tf) => new TfLinear(tf, 3, 2, { rng: 0 }),
      inputs: input,
      forwardTwin: (m, x) => {
        m.tf.keep(m.tf.ones([1]));
        return m.forward(x!);
      },
      backends: ['cpu'],
    });
    expect(leaky.backends[0]!.leaked).toBe(1);
    expect(leaky.passed).toBe(false);
    const ok = await expectParity({ reference: ref, makeTwin: (tf) => new TfLinear(tf, 3, 2, { rng: 0 }), inputs: input, backends: ['cpu'] });
    expect(ok.backends[0]!.comparisons.map((c) => c.name)).toEqual(['output', 'grad:input0', 'grad:weight', 'grad:bias', 'state:weight', 'state:bias']);
  });
});
