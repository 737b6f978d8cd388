/**
 * fit (reference): linear regression converges; the run is a function of its seeds; schedule,
 * clipping and callbacks are wired as documented; early stopping restores the best epoch;
 * typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { mse, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { AdamW } from './adam.js';
import { fit } from './fit.js';
import { rowData, type RowBatch, type StepRecord } from './loop.js';
import { warmupCosineLr } from './schedules.js';
import { SGD } from './sgd.js';

/** Noise-free y = X w* + b*, X ~ N(0, 1): the least-squares optimum is (w*, b*) exactly. */
function regression(seed: number, n = 64) {
  const rng = new Rng(seed);
  const w = [1.5, -2, 0.5];
  const b = 0.25;
  const x = Float64Array.from({ length: n * 3 }, () => rng.standardNormal());
  const y = Float64Array.from({ length: n }, (_, i) => b + w.reduce((s, wj, j) => s + wj * x[i * 3 + j]!, 0));
  return { w, b, data: rowData({ x: { data: x, shape: [n, 3] }, y: { data: y, shape: [n, 1] } }) };
}
const mseLoss = (m: Linear, bt: RowBatch<'x' | 'y'>) => mse(m.forward(tensor(bt.x.data, bt.x.shape)), tensor(bt.y.data, bt.y.shape));

describe('fit (reference)', () => {
  it('converges on noise-free linear regression (SGD + momentum) to the exact weights', () => {
    const { w, b, data } = regression(11);
    const m = new Linear(3, 1, { rng: 4 });
    const h = fit({ model: m, optimizer: new SGD(m, { lr: 0.05, momentum: 0.9 }), data, loss: mseLoss, batchSize: 16, epochs: 60, rng: 5 });
    expect(h.stopReason).toBe('completed');
    expect(h.epochs.length).toBe(60);
    expect(h.steps.length).toBe(60 * 4);
    // heavy ball contracts the error by about √μ ≈ 0.95 per step: 240 steps leave ~1e-5 of the start
    expect(h.epochs.at(-1)!.loss).toBeLessThan(1e-6); // seeds 200-205 gave 5e-11 to 6e-9
    expect(h.epochs.at(-1)!.loss).toBeLessThan(h.epochs[0]!.loss * 1e-6);
    m.weight.data.forEach((v, j) => expect(Math.abs(v - w[j]!)).toBeLessThan(1e-3));
    expect(Math.abs(m.bias!.data[0]! - b)).toBeLessThan(1e-3);
  });

  it('is a function of its seeds: same seeds → identical history and weights; another batch seed → another order', () => {
    const run = (seed: number) => {
      const { data } = regression(1, 40);
      const m = new Linear(3, 1, { rng: 2 });
      const h = fit({ model: m, optimizer: new AdamW(m, { lr: 0.05 }), data, loss: mseLoss, batchSize: 8, epochs: 3, rng: seed });
      return { losses: h.steps.map((s) => s.loss), sd: m.stateDict() };
    };
    const [a, b, c] = [run(3), run(3), run(4)];
    expect(b.losses).toEqual(a.losses);
    expect(b.sd).toEqual(a.sd);
    expect(c.losses).not.toEqual(a.losses);
    const order: number[][] = [];
    const { data } = regression(1, 10);
    const spy = { size: data.size, batch: (idx: Int32Array) => (order.push(Array.from(idx)), data.batch(idx)) };
    const m = new Linear(3, 1, { rng: 0 });
    fit({ model: m, optimizer: new SGD(m, { lr: 0.01 }), data: spy, loss: mseLoss, batchSize: 4, epochs: 2, rng: new Rng(9) });
    const rng = new Rng(9);
    const want = [Array.from(rng.permutation(10)), Array.from(rng.permutation(10))].flatMap((p) => [p.slice(0, 4), p.slice(4, 8), p.slice(8)]);
    expect(order).toEqual(want);
  });

  it('sets the lr from the schedule, records the pre-clip gradient norm, clips, and honours stop / maxSteps', () => {
    const { data } = regression(2, 32);
    const m = new Linear(3, 1, { rng: 1 });
    const opt = new SGD(m, { lr: 1 });
    const sched = warmupCosineLr({ lr: 0.1, warmupSteps: 3, decaySteps: 12, minLr: 0.01 });
    const seen: StepRecord[] = [];
    let w0 = Float64Array.from(m.weight.data);
    const h = fit({
      model: m, optimizer: opt, data, loss: mseLoss, batchSize: 8, epochs: 5, rng: 0, schedule: sched, clipGradNorm: 0.5,
      callbacks: {
        onStepEnd: (r) => {
          seen.push(r);
          const moved = Math.hypot(...m.weight.data.map((v, i) => v - w0[i]!));
          expect(moved).toBeLessThanOrEqual(r.lr * 0.5 + 1e-12); // the step used the clipped gradient
          w0 = Float64Array.from(m.weight.data);
          if (r.step === 9) return 'stop';
        },
      },
    });
    expect(h.stopReason).toBe('callback');
    expect(seen.map((r) => r.lr)).toEqual(seen.map((r) => sched.at(r.step)));
    expect(seen.map((r) => r.step)).toEqual([...Array(10).keys()]);
    expect(seen[0]!.gradNorm).toBeGreaterThan(0.5); // pre-clip norm, clipping active
    expect(h.epochs.at(-1)!.loss).toBeCloseTo(h.steps.filter((s) => s.epoch === 2).reduce((a, s) => a + s.loss * s.examples, 0) / 16, 14);
    expect(opt.stepCount).toBe(10);
    const h2 = fit({ model: m, optimizer: opt, data, loss: mseLoss, batchSize: 8, epochs: 5, rng: 0, schedule: sched, maxSteps: 3 });
    expect(h2.stopReason).toBe('maxSteps');
    expect(h2.steps.map((s) => s.step)).toEqual([10, 11, 12]); // the schedule resumes from the optimiser's step count
  });

  it('early stopping on valLoss stops after `patience` epochs without improvement and restores the best weights', () => {
    const { data } = regression(3, 16);
    const m = new Linear(3, 1, { rng: 1 });
    const vals = [5, 4, 3, 3.5, 3.2, 3.1, 1];
    let e = 0;
    const snaps: ReturnType<Linear['stateDict']>[] = [];
    const h = fit({
      model: m, optimizer: new SGD(m, { lr: 0.01 }), data, loss: mseLoss, batchSize: 4, epochs: 7, rng: 0,
      validate: () => vals[e++]!, earlyStopping: { patience: 3, minDelta: 0.05 },
      callbacks: { onEpochEnd: () => void snaps.push(m.stateDict()) },
    });
    expect(h.stopReason).toBe('earlyStopping');
    expect(h.epochs.map((r) => r.valLoss)).toEqual([5, 4, 3, 3.5, 3.2, 3.1]);
    expect(h.bestEpoch).toBe(2);
    expect(h.restoredBest).toBe(true);
    expect(m.stateDict()).toEqual(snaps[2]);
    expect(m.stateDict()).not.toEqual(snaps[5]);
  });

  it('rejects bad options, a non-scalar or NaN loss, and a constant loss with typed errors', () => {
    const { data } = regression(4, 8);
    const m = new Linear(3, 1, { rng: 1 });
    const opt = new SGD(m, { lr: 0.1 });
    const base = { model: m, optimizer: opt, data, loss: mseLoss, batchSize: 4, rng: 0 };
    expect(() => fit({ ...base, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => fit({ ...base, rng: undefined })).toThrow(/rng/);
    expect(() => fit({ ...base, earlyStopping: { patience: 1, monitor: 'valLoss' } })).toThrow(/validate/);
    expect(() => fit({ ...base, optimizer: {} as never })).toThrow(InvalidParamError);
    expect(() => fit({ ...base, clipGradNorm: -1 })).toThrow(/maxNorm/);
    expect(() => fit({ ...base, loss: (mm, b) => mm.forward(tensor(b.x.data, b.x.shape)) })).toThrow(/scalar Tensor/);
    const before = m.stateDict();
    expect(() => fit({ ...base, loss: (mm, b) => mseLoss(mm, b).mul(Number.NaN) })).toThrow(InvalidInputError);
    expect(m.stateDict()).toEqual(before); // nothing applied
    expect(() => fit({ ...base, loss: () => tensor(1) })).toThrow(/does not depend on any parameter/);
    expect(() => fit({ ...base, validate: () => Number.NaN })).toThrow(/validate\(\) returned NaN/);
    expect(() => rowData({ x: { data: [1, 2], shape: [2, 1] }, y: { data: [1], shape: [1] } })).toThrow(/1 rows/);
    const diverge = new Linear(3, 1, { rng: 1 });
    expect(() => fit({ ...base, model: diverge, optimizer: new SGD(diverge, { lr: 1e6 }), epochs: 50 })).toThrow(/loss is (Infinity|NaN)|norm of the gradients is/);
  });
});
