/**
 * BatchNorm1d / BatchNorm2d and twins: PyTorch 1.13 oracle (train/eval, momentum incl. null,
 * no affine, no running statistics), float64 gradient check, the closed-form backward, the
 * running-statistics rules, twin parity on every backend (running statistics compared in train
 * mode), bad input, no tensor leak across a training step.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors, type FrozenLayerCase } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { BatchNorm1d, BatchNorm2d, TfBatchNorm1d, TfBatchNorm2d, type BatchNormOptions } from './batchnorm.js';
import extra from './__fixtures__/conv_torch.json' with { type: 'json' };

const randn = (rng: Rng, n: number, scale = 1, shift = 0) => Float64Array.from({ length: n }, () => shift + scale * rng.standardNormal());
const cases = (layer: string) => [...layerCases(layer), ...(extra.cases as unknown as FrozenLayerCase[]).filter((c) => c.layer === layer)];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
/** A layer with non-trivial state: γ, β, running statistics and a batch count as a trained layer has them. */
function withState<M extends BatchNorm1d | BatchNorm2d>(m: M, rng: Rng): M {
  const sd = m.stateDict();
  const C = m.numFeatures;
  const set = (k: string, v: Float64Array) => k in sd && (sd[k]!.data = v);
  set('weight', randn(rng, C, 0.3, 1));
  set('bias', randn(rng, C, 0.5));
  set('running_mean', randn(rng, C, 0.5));
  set('running_var', Float64Array.from(randn(rng, C), (v) => 0.5 + Math.abs(v)));
  set('num_batches_tracked', Float64Array.of(4));
  m.loadStateDict(sd);
  return m;
}

describe('BatchNorm1d / BatchNorm2d', () => {
  it('match PyTorch 1.13 (output, gradients, running statistics after the pass)', () => {
    const all = [...cases('BatchNorm1d'), ...cases('BatchNorm2d')];
    expect(all.length).toBeGreaterThanOrEqual(13);
    for (const c of all) {
      const { numFeatures, ...o } = c.config as unknown as { numFeatures: number } & BatchNormOptions;
      const m = c.layer === 'BatchNorm1d' ? new BatchNorm1d(numFeatures, o) : new BatchNorm2d(numFeatures, o);
      const e = oracleErrors(m, c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('pass the float64 gradient check in train and eval mode', () => {
    const rng = new Rng(1);
    const setups: [BatchNorm1d | BatchNorm2d, number[]][] = [
      [new BatchNorm1d(3), [5, 3]],
      [new BatchNorm1d(2, { momentum: null }), [3, 2, 4]],
      [new BatchNorm2d(2), [2, 2, 3, 3]],
      [new BatchNorm2d(3, { affine: false, eps: 1e-3 }), [2, 3, 2, 2]],
    ];
    for (const [m, shape] of setups) {
      for (const mode of ['train', 'eval'] as const) {
        withState(m, rng).train(mode === 'train');
        const r = expectGradcheck(m, [tensor(randn(rng, size(shape), 1.5, 0.3), shape)]);
        expect(r.tensors.map((t) => t.name)).toEqual(m.config.affine ? ['input0', 'weight', 'bias'] : ['input0']);
        expect(r.maxRelError, `${m.name} ${mode}`).toBeLessThan(1e-6);
      }
    }
  });

  it('backpropagate the closed form x̄ = γ/σ (ȳ − mean ȳ − x̂ mean(ȳ x̂)) in train mode', () => {
    const rng = new Rng(2);
    const m = withState(new BatchNorm1d(3), rng);
    const [N, C] = [6, 3];
    const x = tensor(randn(rng, N * C, 2, 1), [N, C], { requiresGrad: true });
    const g = randn(rng, N * C);
    m.forward(x).mul(tensor(g, [N, C])).sum().backward();
    for (let c = 0; c < C; c++) {
      const col = Array.from({ length: N }, (_, n) => x.data[n * C + c]!);
      const mu = col.reduce((a, b) => a + b) / N;
      const sigma = Math.sqrt(col.reduce((a, v) => a + (v - mu) ** 2, 0) / N + 1e-5);
      const xhat = col.map((v) => (v - mu) / sigma);
      const gy = Array.from({ length: N }, (_, n) => g[n * C + c]!);
      const meanG = gy.reduce((a, b) => a + b) / N;
      const meanGX = gy.reduce((a, v, n) => a + v * xhat[n]!, 0) / N;
      for (let n = 0; n < N; n++) {
        const expected = (m.weight!.data[c]! / sigma) * (gy[n]! - meanG - xhat[n]! * meanGX);
        expect(x.grad!.data[n * C + c]).toBeCloseTo(expected, 12);
      }
      expect(m.bias!.grad!.data[c]).toBeCloseTo(gy.reduce((a, b) => a + b), 12);
      expect(m.weight!.grad!.data[c]).toBeCloseTo(gy.reduce((a, v, n) => a + v * xhat[n]!, 0), 12);
    }
  });

  it('keep running statistics as PyTorch: EMA of unbiased variances; momentum null = cumulative average; eval uses them', () => {
    const rng = new Rng(3);
    const cum = new BatchNorm2d(2, { momentum: null });
    const ema = new BatchNorm2d(2, { momentum: 0.3 });
    const means: number[][] = [];
    const vars: number[][] = [];
    for (let t = 0; t < 3; t++) {
      const shape = [2 + t, 2, 2, 3];
      const x = tensor(randn(rng, size(shape), 1 + t, t), shape);
      cum.forward(x);
      ema.forward(x);
      const mc: number[] = [];
      const vc: number[] = [];
      for (let c = 0; c < 2; c++) {
        const v: number[] = [];
        for (let n = 0; n < shape[0]!; n++) for (let k = 0; k < 6; k++) v.push(x.data[(n * 2 + c) * 6 + k]!);
        const mu = v.reduce((a, b) => a + b) / v.length;
        mc.push(mu);
        vc.push(v.reduce((a, u) => a + (u - mu) ** 2, 0) / (v.length - 1));
      }
      means.push(mc);
      vars.push(vc);
    }
    for (let c = 0; c < 2; c++) {
      expect(cum.runningMean!.data[c]).toBeCloseTo((means[0]![c]! + means[1]![c]! + means[2]![c]!) / 3, 12);
      expect(cum.runningVar!.data[c]).toBeCloseTo((vars[0]![c]! + vars[1]![c]! + vars[2]![c]!) / 3, 12);
      let r = 1;
      for (let t = 0; t < 3; t++) r = 0.7 * r + 0.3 * vars[t]![c]!;
      expect(ema.runningVar!.data[c]).toBeCloseTo(r, 12);
    }
    expect(cum.numBatchesTracked!.data[0]).toBe(3);
    const x = tensor(randn(rng, 2 * 2 * 3), [1, 2, 2, 3]); // one sample: fine in eval mode
    const y = ema.eval().forward(x);
    const c = 1;
    const expected = (x.data[6]! - ema.runningMean!.data[c]!) / Math.sqrt(ema.runningVar!.data[c]! + 1e-5);
    expect(y.data[6]).toBeCloseTo(expected, 12); // γ = 1, β = 0 at init
    expect(ema.numBatchesTracked!.data[0]).toBe(3); // eval does not count
  });

  it('reject bad options and inputs with typed errors', () => {
    expect(() => new BatchNorm1d(0)).toThrow(InvalidParamError);
    expect(() => new BatchNorm1d(3, { eps: 0 })).toThrow(/eps/);
    expect(() => new BatchNorm1d(3, { momentum: 1.5 })).toThrow(/momentum/);
    expect(() => new BatchNorm2d(3, { affine: 1 as never })).toThrow(/affine/);
    expect(() => new BatchNorm2d(3, { trackRunningStats: 'no' as never })).toThrow(/trackRunningStats/);
    const bn1 = new BatchNorm1d(3);
    expect(() => bn1.forward(tensor(new Float64Array(24), [2, 3, 2, 2]))).toThrow(ShapeError);
    expect(() => bn1.forward(tensor(new Float64Array(8), [2, 4]))).toThrow(/3 features on axis 1/);
    expect(() => bn1.forward(tensor([[1, 2, 3]]))).toThrow(InvalidInputError); // one value per channel in train mode
    expect(() => new BatchNorm2d(2, { trackRunningStats: false }).eval().forward(tensor(new Float64Array(2), [1, 2, 1, 1]))).toThrow(/more than 1 value/);
    expect(() => new BatchNorm2d(2).forward(tensor(new Float64Array(12), [2, 6]))).toThrow(/rank 4/);
    expect(() => bn1.forward(null as never)).toThrow(/must be a Tensor/);
  });
});

describe('TfBatchNorm1d / TfBatchNorm2d', () => {
  it('agree with the references on every backend (output, gradients, running statistics)', async () => {
    const rng = new Rng(4);
    const setups: { shape: number[]; o: BatchNormOptions; mode: 'train' | 'eval' }[] = [
      { shape: [5, 3], o: {}, mode: 'train' },
      { shape: [4, 3, 5], o: { momentum: null }, mode: 'train' },
      { shape: [3, 2, 4], o: {}, mode: 'eval' },
      { shape: [3, 2, 4, 4], o: { momentum: 0.3 }, mode: 'train' },
      { shape: [2, 3, 3, 3], o: { affine: false, eps: 1e-3 }, mode: 'eval' },
      { shape: [2, 3, 3, 2], o: { trackRunningStats: false }, mode: 'eval' },
    ];
    for (const { shape, o, mode } of setups) {
      const C = shape[1]!;
      const two = shape.length === 4;
      const r = await expectParity({
        reference: withState(two ? new BatchNorm2d(C, o) : new BatchNorm1d(C, o), rng),
        makeTwin: (tf) => (two ? new TfBatchNorm2d(tf, C, o) : new TfBatchNorm1d(tf, C, o)),
        inputs: [{ data: randn(rng, size(shape), 1.5, 0.5), shape }],
        mode,
      });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      if (mode === 'train' && o.trackRunningStats !== false) expect(r.backends[0]!.comparisons.map((c) => c.name)).toContain('state:running_var');
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });

  it("NHWC BatchNorm2d is the NCHW one with the transposes outside; a training step leaks nothing", async () => {
    const { tf } = await getTf();
    const a = new TfBatchNorm2d(tf, 3, { momentum: null });
    const b = new TfBatchNorm2d(tf, 3, { momentum: null, dataFormat: 'NHWC' });
    const x = tf.randomNormal([4, 3, 5, 5], 1, 2, 'float32', 5);
    const opt = tf.train.sgd(0.1);
    await expectNoTensorLeak(() => {
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a.forward(x), tf.transpose(b.forward(tf.transpose(x, [0, 2, 3, 1])), [0, 3, 1, 2])))).dataSync()[0]!);
      expect(d).toBeLessThan(1e-5);
      for (let step = 0; step < 2; step++) opt.minimize(() => tf.mean(tf.square(a.forward(x))) as ReturnType<typeof tf.scalar>);
    });
    const sa = a.stateDict();
    const sb = b.stateDict();
    expect(sa.num_batches_tracked!.data[0]).toBe(3);
    const batchMean = tf.tidy(() => tf.mean(x, [0, 2, 3]).dataSync());
    for (let c = 0; c < 3; c++) expect(sb.running_mean!.data[c]).toBeCloseTo(batchMean[c]!, 5); // momentum null, one batch: its mean
    expect(() => b.forward(tf.zeros([2, 3, 4, 4]))).toThrow(/3 features on axis 3/);
    expect(() => a.forward(tf.zeros([1, 3, 1, 1]))).toThrow(InvalidInputError);
    x.dispose();
    opt.dispose();
    a.dispose();
    b.dispose();
    expect(() => new TfBatchNorm2d(tf, 3, { dataFormat: 'NWHC' as never })).toThrow(/dataFormat/);
  });
});
