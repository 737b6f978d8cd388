/**
 * MaxPool2d / AvgPool2d and twins: PyTorch 1.13 oracle, float64 gradient check (inputs without
 * ties, so max is differentiable there), the subgradient max picks at a tie, twin parity on
 * every backend (NCHW and NHWC), bad input, no tensor leak.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors, type FrozenLayerCase } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import type { IntPair } from './im2col.js';
import { AvgPool2d, MaxPool2d, TfAvgPool2d, TfMaxPool2d } from './pool.js';
import extra from './__fixtures__/conv_torch.json' with { type: 'json' };

type Cfg = { kernelSize: IntPair; stride?: IntPair; padding?: IntPair; countIncludePad?: boolean };
const cases = (layer: string) => [...layerCases(layer), ...(extra.cases as unknown as FrozenLayerCase[]).filter((c) => c.layer === layer)];
/** Distinct values (a shuffled grid plus small noise): no ties within a window, so max is smooth there. */
function distinct(rng: Rng, n: number): Float64Array {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform(0, i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return Float64Array.from(perm, (p) => 0.1 * p - 0.05 * n + rng.uniform(0, 0.05));
}
const CONFIGS: { cfg: Cfg; x: number[] }[] = [
  { cfg: { kernelSize: 2 }, x: [2, 2, 4, 6] },
  { cfg: { kernelSize: 3, stride: 2, padding: 1 }, x: [1, 2, 7, 6] },
  { cfg: { kernelSize: [3, 2], stride: [1, 3], padding: [1, 1], countIncludePad: false }, x: [2, 1, 5, 8] },
  { cfg: { kernelSize: 2, stride: 1 }, x: [2, 3, 3, 4] },
];

describe('MaxPool2d / AvgPool2d', () => {
  it('match PyTorch 1.13 (output, input gradient)', () => {
    const all = [...cases('MaxPool2d'), ...cases('AvgPool2d')];
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const c of all) {
      const cfg = c.config as Cfg;
      const m = c.layer === 'MaxPool2d' ? new MaxPool2d(cfg.kernelSize, cfg) : new AvgPool2d(cfg.kernelSize, cfg);
      const e = oracleErrors(m, c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('pass the float64 gradient check (max on tie-free input)', () => {
    const rng = new Rng(1);
    for (const { cfg, x } of CONFIGS) {
      const n = x.reduce((a, b) => a * b);
      for (const m of [new MaxPool2d(cfg.kernelSize, cfg), new AvgPool2d(cfg.kernelSize, cfg)]) {
        const r = expectGradcheck(m, [tensor(distinct(rng, n), x)]);
        expect(r.tensors.map((t) => t.name)).toEqual(['input0']);
        expect(r.maxRelError).toBeLessThan(1e-7);
      }
    }
  });

  it('max sends the gradient of a tie to the first maximal entry (row-major), avg splits it by D', () => {
    const x = tensor([[[[1, 5, 5], [5, 0, 2]]]], undefined, { requiresGrad: true }); // (1, 1, 2, 3), k2 s1: windows [1 5;5 0], [5 5;0 2]
    new MaxPool2d(2, { stride: 1 }).forward(x).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 2, 0, 0, 0, 0]); // both windows pick x[0,1]
    const z = tensor([[[[1, 2], [3, 4]]]], undefined, { requiresGrad: true }); // (1, 1, 2, 2), k2 p1 s2: each window holds one entry
    const yi = new AvgPool2d(2, { padding: 1 }).forward(z);
    expect(Array.from(yi.data)).toEqual([0.25, 0.5, 0.75, 1]);
    const ye = new AvgPool2d(2, { padding: 1, countIncludePad: false }).forward(z);
    expect(Array.from(ye.data)).toEqual([1, 2, 3, 4]);
    ye.sum().backward();
    expect(Array.from(z.grad!.data)).toEqual([1, 1, 1, 1]);
  });

  it('propagate NaN through max (as PyTorch)', () => {
    const y = new MaxPool2d(2).forward(tensor([[[[1, NaN], [3, 4]]]]));
    expect(Number.isNaN(y.data[0])).toBe(true);
  });

  it('reject bad options and inputs with typed errors', () => {
    expect(() => new MaxPool2d(0)).toThrow(InvalidParamError);
    expect(() => new MaxPool2d(2, { stride: [1, 0] })).toThrow(/stride/);
    expect(() => new MaxPool2d(3, { padding: 2 })).toThrow(/at most half/);
    expect(() => new AvgPool2d([2, 4], { padding: [1, 3] })).toThrow(/padding/);
    expect(() => new AvgPool2d(2, { countIncludePad: 0 as never })).toThrow(/countIncludePad/);
    expect(() => new MaxPool2d(3).forward(tensor(new Float64Array(8), [1, 2, 2, 2]))).toThrow(ShapeError);
    expect(() => new AvgPool2d(2).forward(tensor(new Float64Array(8), [2, 2, 2]))).toThrow(/\(N, C, H, W\)/);
    expect(() => new AvgPool2d(2).forward('x' as never)).toThrow(/must be a Tensor/);
  });
});

describe('TfMaxPool2d / TfAvgPool2d', () => {
  it('agree with the references on every backend (output, input gradient)', async () => {
    const rng = new Rng(2);
    for (const { cfg, x } of CONFIGS) {
      const data = distinct(rng, x.reduce((a, b) => a * b));
      if (x[1] === 3) data.forEach((v, i) => (data[i] = -Math.abs(v) - 1)); // all-negative windows (tfjs-wasm's MaxPoolGrad gets these wrong)
      for (const kind of ['max', 'avg'] as const) {
        const r = await expectParity({
          reference: kind === 'max' ? new MaxPool2d(cfg.kernelSize, cfg) : new AvgPool2d(cfg.kernelSize, cfg),
          makeTwin: (tf) => (kind === 'max' ? new TfMaxPool2d(tf, cfg.kernelSize, cfg) : new TfAvgPool2d(tf, cfg.kernelSize, cfg)),
          inputs: [{ data, shape: x }],
        });
        expect(r.backends.length).toBeGreaterThanOrEqual(1);
        expect(r.worstRelError).toBeLessThan(1e-5);
      }
    }
  });

  it("dataFormat 'NHWC' is the NCHW layer with the transposes moved outside; no leaks", async () => {
    const { tf } = await getTf();
    const cfg = CONFIGS[2]!.cfg;
    for (const make of [(o: object) => new TfMaxPool2d(tf, cfg.kernelSize, { ...cfg, ...o }), (o: object) => new TfAvgPool2d(tf, cfg.kernelSize, { ...cfg, ...o })]) {
      const a = make({});
      const b = make({ dataFormat: 'NHWC' });
      const x = tf.randomNormal([2, 3, 5, 8], 0, 1, 'float32', 3);
      const d = await expectNoTensorLeak(() =>
        tf.tidy(() => {
          const ya = a.forward(x);
          const yb = tf.transpose(b.forward(tf.transpose(x, [0, 2, 3, 1])), [0, 3, 1, 2]);
          return tf.max(tf.abs(tf.sub(ya, yb))).dataSync()[0]!;
        }),
      );
      expect(d).toBeLessThanOrEqual(1e-6);
      x.dispose();
      expect(() => make({ dataFormat: 'nhwc' })).toThrow(/dataFormat/);
    }
  });
});
