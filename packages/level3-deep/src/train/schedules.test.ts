/** LR schedules against PyTorch 1.13's StepLR / ExponentialLR and nanoGPT's get_lr (frozen). */
import { InvalidParamError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { constantLr, exponentialLr, lrAt, stepLr, warmupCosineLr } from './schedules.js';
import frozen from './__fixtures__/train_torch.json' with { type: 'json' };

const S = frozen.schedules;
const worst = (f: (t: number) => number, values: number[]) => Math.max(...values.map((v, t) => Math.abs(f(t) - v) / v));

describe('LR schedules', () => {
  it('step and exponential match PyTorch 1.13 over 12 steps, warm-up + cosine matches nanoGPT over 60 (relative 1e-14)', () => {
    const st = stepLr({ lr: S.step.lr, stepSize: S.step.stepSize, gamma: S.step.gamma });
    expect(worst((t) => st.at(t), S.step.values)).toBeLessThan(1e-14);
    const ex = exponentialLr({ lr: S.exponential.lr, gamma: S.exponential.gamma });
    expect(worst((t) => ex.at(t), S.exponential.values)).toBeLessThan(1e-14);
    const c = S.warmupCosine;
    const wc = warmupCosineLr({ lr: c.lr, warmupSteps: c.warmupSteps, decaySteps: c.decaySteps, minLr: c.minLr });
    expect(c.values.length).toBe(60);
    expect(worst((t) => wc.at(t), c.values)).toBeLessThan(1e-14);
  });

  it('warm-up + cosine: rises linearly, peaks at t = w, floors after D, is monotone on the decay', () => {
    const s = warmupCosineLr({ lr: 1, warmupSteps: 4, decaySteps: 20, minLr: 0.1 });
    expect(s.at(0)).toBeCloseTo(1 / 5, 15);
    expect(s.at(4)).toBe(1);
    expect(s.at(20)).toBeCloseTo(0.1, 15);
    expect(s.at(1000)).toBe(0.1);
    for (let t = 5; t <= 20; t++) expect(s.at(t)).toBeLessThan(s.at(t - 1));
    expect(warmupCosineLr({ lr: 1, warmupSteps: 0, decaySteps: 10 }).at(10)).toBeCloseTo(0.1, 15);
  });

  it('constant, plain functions, and typed errors for bad parameters and steps', () => {
    expect(constantLr(0.3).at(99)).toBe(0.3);
    expect(lrAt((t) => 1 / (t + 1), 3)).toBe(0.25);
    expect(() => lrAt(() => Number.NaN, 0)).toThrow(InvalidParamError);
    expect(() => stepLr({ lr: 0.1, stepSize: 0 })).toThrow(/stepSize/);
    expect(() => warmupCosineLr({ lr: 1, warmupSteps: 5, decaySteps: 5 })).toThrow(/decaySteps/);
    expect(() => warmupCosineLr({ lr: 1, warmupSteps: 1, decaySteps: 5, minLr: 2 })).toThrow(/minLr/);
    expect(() => exponentialLr({ lr: 0.1, gamma: 0.9 }).at(-1)).toThrow(/non-negative integer/);
    expect(() => constantLr(0.1).at(1.5)).toThrow(InvalidParamError);
  });
});
