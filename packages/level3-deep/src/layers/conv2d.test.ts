/**
 * Conv2d / TfConv2d: PyTorch 1.13 oracle (stride, padding, dilation, groups, no bias), float64
 * gradient check, twin parity on every backend (NCHW and NHWC), PyTorch's default init, bad
 * input, no tensor leak across a training step.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors, type FrozenLayerCase } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { Conv2d, TfConv2d, type Conv2dOptions } from './conv2d.js';
import type { IntPair } from './im2col.js';
import extra from './__fixtures__/conv_torch.json' with { type: 'json' };

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());
type Cfg = { inChannels: number; outChannels: number; kernelSize: IntPair; stride?: IntPair; padding?: IntPair; dilation?: IntPair; groups?: number; bias?: boolean };
const build = (c: Cfg, rng = 0) => new Conv2d(c.inChannels, c.outChannels, c.kernelSize, { ...c, rng });

/** Configurations for the gradient check and parity: every option, alone and combined. */
const CONFIGS: { cfg: Cfg; x: number[] }[] = [
  { cfg: { inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1 }, x: [2, 2, 5, 5] },
  { cfg: { inChannels: 3, outChannels: 2, kernelSize: [2, 3], stride: [2, 1], padding: [1, 0] }, x: [2, 3, 6, 7] },
  { cfg: { inChannels: 1, outChannels: 2, kernelSize: 3, stride: 2, dilation: [2, 1], padding: 1, bias: false }, x: [2, 1, 8, 9] },
  { cfg: { inChannels: 4, outChannels: 6, kernelSize: 2, groups: 2, dilation: 2 }, x: [1, 4, 5, 6] },
];

describe('Conv2d', () => {
  it('matches PyTorch 1.13 (output, input/weight/bias gradients)', () => {
    const cases = [...layerCases('Conv2d'), ...(extra.cases as unknown as FrozenLayerCase[]).filter((c) => c.layer === 'Conv2d')];
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const c of cases) {
      const e = oracleErrors(build(c.config as Cfg), c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('passes the float64 gradient check on input, weight and bias', () => {
    const rng = new Rng(1);
    for (const { cfg, x } of CONFIGS) {
      const m = build(cfg, 5);
      const r = expectGradcheck(m, [tensor(randn(rng, x.reduce((a, b) => a * b)), x)]);
      expect(r.tensors.map((t) => t.name)).toEqual(cfg.bias === false ? ['input0', 'weight'] : ['input0', 'weight', 'bias']);
      expect(r.maxRelError).toBeLessThan(1e-7);
    }
  });

  it('computes the defining sum at one output entry (direct loop, padding read as 0)', () => {
    const rng = new Rng(4);
    const m = new Conv2d(4, 2, [2, 3], { rng, stride: [1, 2], padding: [1, 2], dilation: [2, 1], groups: 2 });
    const x = tensor(randn(rng, 2 * 4 * 5 * 6), [2, 4, 5, 6]);
    const y = m.forward(x);
    const [Ho, Wo] = [y.shape[2]!, y.shape[3]!];
    expect([Ho, Wo]).toEqual([Math.floor((5 + 2 - 2 - 1) / 1) + 1, Math.floor((6 + 4 - 2 - 1) / 2) + 1]);
    const W = m.weight.data;
    const at = (n: number, c: number, h: number, w: number) => (h < 0 || h >= 5 || w < 0 || w >= 6 ? 0 : x.data[((n * 4 + c) * 5 + h) * 6 + w]!);
    for (const [n, o, h, w] of [[1, 1, 0, 0], [0, 0, 3, 2], [1, 0, Ho - 1, Wo - 1]] as const) {
      let s = m.bias!.data[o]!;
      const g0 = o * 2; // output channel o (of 2, 1 per group) reads input channels 2o, 2o+1
      for (let c = 0; c < 2; c++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) s += W[((o * 2 + c) * 2 + i) * 3 + j]! * at(n, g0 + c, h - 1 + 2 * i, w * 2 - 2 + j);
      expect(y.data[((n * 2 + o) * Ho + h) * Wo + w]).toBeCloseTo(s, 12);
    }
  });

  it('draws PyTorch default init: U(±1/sqrt((C/g) kh kw)), deterministic per seed', () => {
    const m = new Conv2d(6, 8, [3, 2], { rng: 3, groups: 2 });
    expect(m.weight.shape).toEqual([8, 3, 3, 2]);
    const bound = 1 / Math.sqrt(3 * 3 * 2);
    expect(Math.max(...m.weight.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...m.weight.data.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(new Conv2d(6, 8, [3, 2], { rng: 3, groups: 2 }).stateDict()).toEqual(m.stateDict());
  });

  it('rejects bad options and inputs with typed errors', () => {
    const ok: Conv2dOptions = { rng: 0 };
    expect(() => new Conv2d(0, 3, 3, ok)).toThrow(InvalidParamError);
    expect(() => new Conv2d(2, 3, 0, ok)).toThrow(/kernelSize/);
    expect(() => new Conv2d(2, 3, [3, 1.5] as never, ok)).toThrow(/kernelSize/);
    expect(() => new Conv2d(2, 3, 3, { rng: 0, stride: 0 })).toThrow(/stride/);
    expect(() => new Conv2d(2, 3, 3, { rng: 0, padding: -1 })).toThrow(/padding/);
    expect(() => new Conv2d(2, 3, 3, { rng: 0, dilation: [1, 0] })).toThrow(/dilation/);
    expect(() => new Conv2d(2, 3, 3, { rng: 0, groups: 2 })).toThrow(/groups/);
    expect(() => new Conv2d(2, 3, 3, { rng: 0, bias: 'yes' as never })).toThrow(InvalidParamError);
    expect(() => new Conv2d(2, 3, 3, {} as never)).toThrow(/rng/);
    const m = new Conv2d(2, 3, 3, { rng: 0, dilation: 2 });
    expect(() => m.forward(tensor(new Float64Array(2 * 5 * 5), [2, 5, 5]))).toThrow(/\(N, C, H, W\)/);
    expect(() => m.forward(tensor(new Float64Array(3 * 5 * 5), [1, 3, 5, 5]))).toThrow(/2 channels/);
    expect(() => m.forward(tensor(new Float64Array(2 * 4 * 9), [1, 2, 4, 9]))).toThrow(ShapeError); // effective kernel 5 > 4
    expect(() => m.forward([1, 2] as never)).toThrow(/must be a Tensor/);
  });
});

describe('TfConv2d', () => {
  it('agrees with Conv2d on every backend (output, grads of input, weight, bias)', async () => {
    const rng = new Rng(2);
    for (const { cfg, x } of CONFIGS) {
      const r = await expectParity({
        reference: build(cfg, 7),
        makeTwin: (tf) => new TfConv2d(tf, cfg.inChannels, cfg.outChannels, cfg.kernelSize, { ...cfg, rng: 0 }),
        inputs: [{ data: randn(rng, x.reduce((a, b) => a * b)), shape: x }],
      });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });

  it("dataFormat 'NHWC' is the NCHW layer with the transposes moved outside", async () => {
    const { tf } = await getTf();
    const cfg = CONFIGS[3]!.cfg;
    const a = new TfConv2d(tf, cfg.inChannels, cfg.outChannels, cfg.kernelSize, { ...cfg, rng: 1 });
    const b = new TfConv2d(tf, cfg.inChannels, cfg.outChannels, cfg.kernelSize, { ...cfg, rng: 1, dataFormat: 'NHWC' });
    const diff = tf.tidy(() => {
      const x = tf.randomNormal([2, 4, 6, 7], 0, 1, 'float32', 3);
      const ya = a.forward(x);
      const yb = tf.transpose(b.forward(tf.transpose(x, [0, 2, 3, 1])), [0, 3, 1, 2]);
      return [tf.max(tf.abs(tf.sub(ya, yb))).dataSync()[0]!, tf.max(tf.abs(ya)).dataSync()[0]!];
    });
    expect(diff[0]).toBeLessThanOrEqual(1e-6 * diff[1]!);
    expect(() => b.forward(tf.zeros([1, 4, 6, 7]))).toThrow(/4 channels/); // NCHW input to an NHWC layer
    a.dispose();
    b.dispose();
    expect(() => new TfConv2d(tf, 2, 2, 3, { rng: 0, dataFormat: 'CHWN' as never })).toThrow(/dataFormat/);
  });

  it('starts from the same weights as Conv2d for the same seed and leaks nothing in a training step', async () => {
    const { tf } = await getTf();
    const twin = new TfConv2d(tf, 3, 4, 3, { rng: 9, padding: 1 });
    const ref = new Conv2d(3, 4, 3, { rng: 9, padding: 1 });
    for (const [k, e] of Object.entries(ref.stateDict())) expect(twin.stateDict()[k]!.data).toEqual(Float64Array.from(Float32Array.from(e.data)));
    const x = tf.randomNormal([2, 3, 8, 8], 0, 1, 'float32', 1);
    const opt = tf.train.sgd(0.1);
    await expectNoTensorLeak(() => {
      for (let step = 0; step < 2; step++) opt.minimize(() => tf.mean(tf.square(twin.forward(x))) as ReturnType<typeof tf.scalar>);
    });
    x.dispose();
    opt.dispose();
    twin.dispose();
  });
});
