/**
 * tfFit (tfjs): the same run as fit (same seeds, same weights) to float32 tolerance on every
 * backend; a whole fit and a single step leak no tensor; early stopping restores the best
 * weights; typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { availableBackends, getTf, setBackend, type Tf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { mse, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { Linear, TfLinear } from '../layers/linear.js';
import { AdamW } from './adam.js';
import { fit } from './fit.js';
import { rowData, type RowBatch } from './loop.js';
import { exponentialLr } from './schedules.js';
import { TfAdamW } from './tf-adam.js';
import { tfFit } from './tf-fit.js';
import { TfSGD } from './tf-sgd.js';

function regression(seed: number, n: number) {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n * 3 }, () => rng.standardNormal());
  const y = Float64Array.from({ length: n }, (_, i) => 0.25 + 1.5 * x[i * 3]! - 2 * x[i * 3 + 1]! + 0.5 * x[i * 3 + 2]! + 0.1 * rng.standardNormal());
  return rowData({ x: { data: x, shape: [n, 3] }, y: { data: y, shape: [n, 1] } });
}
type B = RowBatch<'x' | 'y'>;
const tfLoss = (tf: Tf) => (m: TfLinear, b: B) => tf.losses.meanSquaredError(tf.tensor(Float32Array.from(b.y.data), b.y.shape), m.forward(tf.tensor(Float32Array.from(b.x.data), b.x.shape)));
const refLoss = (m: Linear, b: B) => mse(m.forward(tensor(b.x.data, b.x.shape)), tensor(b.y.data, b.y.shape));

describe('tfFit', () => {
  it('follows fit step for step (AdamW, schedule, clipping; same seeds) on every backend, leaking nothing', async () => {
    const data = regression(5, 48);
    const opts = { data, batchSize: 8, epochs: 2, rng: 7, clipGradNorm: 2, schedule: exponentialLr({ lr: 0.05, gamma: 0.98 }) };
    const ref = new Linear(3, 1, { rng: 2 });
    const sd0 = ref.stateDict();
    const hr = fit({ ...opts, rng: 7, model: ref, optimizer: new AdamW(ref, { lr: 0.05, weightDecay: 0.1 }), loss: refLoss });
    const first = (await getTf()).backend;
    const backends = await availableBackends();
    for (const backend of backends) {
      const { tf } = await setBackend(backend);
      const twin = new TfLinear(tf, 3, 1, { rng: 0 }).loadStateDict(sd0);
      const opt = new TfAdamW(tf, twin, { lr: 0.05, weightDecay: 0.1 });
      const h = tfFit({ ...opts, rng: 7, model: twin, optimizer: opt, loss: tfLoss(tf) });
      expect(h.steps.length).toBe(hr.steps.length);
      h.steps.forEach((s, i) => {
        const r = hr.steps[i]!;
        expect(s.lr).toBe(r.lr);
        expect(Math.abs(s.loss - r.loss) / r.loss, `${backend} step ${i} loss`).toBeLessThan(1e-4);
        expect(Math.abs(s.gradNorm! - r.gradNorm!) / r.gradNorm!, `${backend} step ${i} norm`).toBeLessThan(1e-4);
      });
      const want = ref.stateDict();
      for (const [k, e] of Object.entries(twin.stateDict())) e.data.forEach((v, j) => expect(Math.abs(v - want[k]!.data[j]!), `${backend} ${k}`).toBeLessThan(1e-4));
      // the first fit created the optimiser's buffers; a further fit must leave the tensor count unchanged
      await expectNoTensorLeak(() => void tfFit({ ...opts, epochs: 1, rng: 8, model: twin, optimizer: opt, loss: tfLoss(tf) }), { tf, label: `tfFit on ${backend}` });
      opt.dispose();
      twin.dispose();
    }
    await setBackend(first);
    expect(backends.length).toBeGreaterThanOrEqual(1);
  });

  it('converges on a noisy regression (SGD) and early-stops with the best weights restored', async () => {
    const { tf } = await getTf();
    const m = new TfLinear(tf, 3, 1, { rng: 3 });
    const opt = new TfSGD(tf, m, { lr: 0.1 }); // plain SGD: the validation loss falls without momentum's oscillations, so patience measures the plateau
    const data = regression(6, 64);
    const val = regression(7, 32).batch(Int32Array.from({ length: 32 }, (_, i) => i));
    const snaps: ReturnType<TfLinear['stateDict']>[] = [];
    const h = tfFit({
      model: m, optimizer: opt, data, loss: tfLoss(tf), batchSize: 16, epochs: 200, rng: 1,
      validate: () => tfLoss(tf)(m, val).dataSync()[0]!, earlyStopping: { patience: 5, minDelta: 1e-4 },
      callbacks: { onEpochEnd: () => void snaps.push(m.stateDict()) },
    });
    expect(h.stopReason).toBe('earlyStopping'); // noise floor 0.01: no 1e-4 improvements forever
    expect(h.best!).toBeLessThan(0.02);
    expect(h.epochs[0]!.valLoss!).toBeGreaterThan(10 * h.best!);
    const w = m.stateDict()['weight']!.data;
    [1.5, -2, 0.5].forEach((v, j) => expect(Math.abs(w[j]! - v)).toBeLessThan(0.1));
    expect(m.stateDict()).toEqual(snaps[h.bestEpoch!]);
    opt.dispose();
    m.dispose();
  });

  it('rejects bad options and a NaN or non-scalar loss with typed errors, leaking nothing', async () => {
    const { tf } = await getTf();
    const m = new TfLinear(tf, 3, 1, { rng: 3 });
    const opt = new TfAdamW(tf, m, { lr: 0.01 });
    const base = { model: m, optimizer: opt, data: regression(1, 8), loss: tfLoss(tf), batchSize: 4, rng: 0 };
    tfFit(base); // creates the optimiser state
    const before = m.stateDict();
    await expectNoTensorLeak(() => {
      expect(() => tfFit({ ...base, loss: (mm, b) => tf.mul(tfLoss(tf)(mm, b), Number.NaN) })).toThrow(InvalidInputError);
      expect(() => tfFit({ ...base, loss: (mm, b) => mm.forward(tf.tensor(Float32Array.from(b.x.data), b.x.shape)) })).toThrow(/scalar tf.Tensor/);
    }, { tf });
    expect(m.stateDict()).toEqual(before);
    expect(() => tfFit({ ...base, model: new Linear(3, 1, { rng: 0 }) as never })).toThrow(InvalidParamError);
    expect(() => tfFit({ ...base, trackGradNorm: 1 as never })).toThrow(/trackGradNorm/);
    expect(tfFit({ ...base, trackGradNorm: false }).steps[0]!.gradNorm).toBeNull();
    opt.dispose();
    m.dispose();
  });
});
