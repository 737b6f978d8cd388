import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

describe('stateful optimisers', () => {
  it('a training loop over several parameter arrays: Adam minimises Σ‖θᵢ − tᵢ‖²', () => {
    const targets = [Float64Array.of(1, -2, 3), Float64Array.of(0.5), Float64Array.of(-1, 4)];
    const params = targets.map((t) => new Float64Array(t.length));
    const opt = new Adam({ lr: 0.05 });
    for (let it = 0; it < 2000; it++) opt.step(params, params.map((p, i) => p.map((v, j) => 2 * (v - targets[i]![j]!))));
    params.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(v - targets[i]![j]!)).toBeLessThan(1e-3)));
    expect(opt.stepCount).toBe(2000);
  });

  it('lr can change between steps (a schedule), and reset() forgets the state', () => {
    const p = Float64Array.of(1);
    const opt = new SGD({ lr: 0.1, momentum: 0.9 });
    opt.step(p, Float64Array.of(1)); // buffer 1, p = 0.9
    opt.lr = 0.01;
    opt.step(p, Float64Array.of(1)); // buffer 1.9, p = 0.9 − 0.019
    expect(p[0]).toBeCloseTo(0.881, 15);
    opt.reset();
    expect(opt.stepCount).toBe(0);
    opt.step(p, Float64Array.of(1)); // fresh buffer 1
    expect(p[0]).toBeCloseTo(0.871, 15);
    expect(() => (opt.lr = NaN)).toThrow(InvalidParamError);
  });

  it('AdamW decays weights even with a zero gradient, Adam with L2 only through the moments', () => {
    const w = Float64Array.of(2);
    new AdamW({ lr: 0.1, weightDecay: 0.5 }).step(w, Float64Array.of(0));
    expect(w[0]).toBeCloseTo(2 * (1 - 0.05), 15); // m = 0, so only the shrinkage acts
    const a = Float64Array.of(2);
    new Adam({ lr: 0.1, weightDecay: 0.5 }).step(a, Float64Array.of(0));
    expect(a[0]).toBeCloseTo(2 - 0.1, 8); // first Adam step is ≈ lr·sign(d), d = 0.5·2
  });

  it('rejects bad hyper-parameters with InvalidParamError', () => {
    expect(() => new SGD({ lr: -0.1 })).toThrow(/SGD: param lr must be a finite number ≥ 0, got -0.1/);
    expect(() => new SGD({ momentum: -1 })).toThrow(InvalidParamError);
    expect(() => new SGD({ nesterov: true })).toThrow(/param nesterov must be used with momentum > 0/);
    expect(() => new SGD({ nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/dampening 0.1/);
    expect(() => new SGD({ dampening: 2 })).toThrow(InvalidParamError);
    expect(() => new Adagrad({ eps: -1 })).toThrow(/Adagrad: param eps/);
    expect(() => new Adagrad({ lrDecay: NaN })).toThrow(/got NaN/);
    expect(() => new RMSprop({ alpha: 1.1 })).toThrow(/RMSprop: param alpha/);
    expect(() => new RMSprop({ centered: 'yes' as never })).toThrow(/param centered must be true or false/);
    expect(() => new Adam({ betas: [1, 0.999] })).toThrow(/Adam: param betas\[0\] must be a finite number ≥ 0 and < 1, got 1/);
    expect(() => new Adam({ betas: [0.9] as never })).toThrow(/param betas must be a pair/);
    expect(() => new AdamW({ weightDecay: -0.1 })).toThrow(/AdamW: param weightDecay/);
  });

  it('rejects mismatched, changing or non-finite parameters and gradients', () => {
    const opt = new Adam();
    expect(() => opt.step([new Float64Array(2)], [new Float64Array(3)])).toThrow(/params\[0\] has 2 entries but grads\[0\] has 3/);
    expect(() => opt.step([new Float64Array(2)], [])).toThrow(InvalidInputError);
    expect(() => opt.step([new Float64Array(2), new Float64Array(1)], [new Float64Array(2)])).toThrow(ShapeError);
    expect(() => opt.step([[1, 2] as never], [new Float64Array(2)])).toThrow(/params\[0\] must be a Float64Array, got an array of length 2/);
    expect(() => opt.step(new Float64Array(2), Float64Array.of(0, NaN))).toThrow(/grads\[0\] contains NaN at index 1 \(step 1\)/);
    expect(opt.stepCount).toBe(0); // nothing was applied
    opt.step(new Float64Array(2), new Float64Array(2));
    expect(() => opt.step(new Float64Array(3), new Float64Array(3))).toThrow(/parameter sizes \[3\] differ from the first step's \[2\]/);
  });
});
