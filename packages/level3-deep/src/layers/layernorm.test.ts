/**
 * LayerNorm / TfLayerNorm: PyTorch 1.13 oracle, float64 gradient check (input, weight, bias),
 * twin parity on every backend (no leaks), the normalisation itself, bad input.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf } from '@fpml/core/tf';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import type { StateDict } from '../nn/state-dict.js';
import { LayerNorm, TfLayerNorm } from './layernorm.js';

const randn = (rng: Rng, n: number, s = 1, m = 0) => Float64Array.from({ length: n }, () => m + s * rng.standardNormal());

/** A state dict with random γ, β (so the affine part is exercised, not 1 and 0). */
function randomAffine(m: LayerNorm, rng: Rng): StateDict {
  const sd = m.stateDict();
  for (const e of Object.values(sd)) e.data.set(randn(rng, e.data.length, 0.7, 0.5));
  return sd;
}

describe('LayerNorm', () => {
  it('matches PyTorch 1.13 (output, input/weight/bias gradients) on 3 configurations', () => {
    const cases = layerCases('LayerNorm');
    expect(cases.length).toBe(3);
    for (const c of cases) {
      const cfg = c.config as { normalizedShape: number[]; eps?: number; elementwiseAffine?: boolean };
      const e = oracleErrors(new LayerNorm(cfg.normalizedShape, { eps: cfg.eps, elementwiseAffine: cfg.elementwiseAffine }), c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('passes the float64 gradient check on input, weight and bias (1 and 2 normalised axes)', () => {
    const rng = new Rng(1);
    const m = new LayerNorm(6);
    m.loadStateDict(randomAffine(m, rng));
    const r = expectGradcheck(m, [tensor(randn(rng, 2 * 3 * 6, 2, 1), [2, 3, 6])]);
    expect(r.tensors.map((t) => t.name)).toEqual(['input0', 'weight', 'bias']);
    expect(r.maxRelError).toBeLessThan(1e-7);
    const m2 = new LayerNorm([3, 4], { eps: 1e-3 });
    m2.loadStateDict(randomAffine(m2, rng));
    expect(expectGradcheck(m2, [tensor(randn(rng, 2 * 3 * 4), [2, 3, 4])]).maxRelError).toBeLessThan(1e-7);
    const m3 = new LayerNorm(5, { elementwiseAffine: false });
    expect(expectGradcheck(m3, [tensor(randn(rng, 4 * 5), [4, 5])]).tensors.map((t) => t.name)).toEqual(['input0']);
  });

  it('normalises each sample: mean 0 and variance σ²/(σ²+ε) over the trailing axes, before the affine part', () => {
    const rng = new Rng(2);
    const x = randn(rng, 5 * 8, 3, 2);
    const y = new LayerNorm(8, { elementwiseAffine: false }).forward(tensor(x, [5, 8])).data;
    for (let i = 0; i < 5; i++) {
      const xs = x.subarray(i * 8, i * 8 + 8);
      const ys = y.subarray(i * 8, i * 8 + 8);
      const mx = xs.reduce((a, b) => a + b, 0) / 8;
      const vx = xs.reduce((a, b) => a + (b - mx) ** 2, 0) / 8;
      const my = ys.reduce((a, b) => a + b, 0) / 8;
      const vy = ys.reduce((a, b) => a + (b - my) ** 2, 0) / 8;
      expect(Math.abs(my)).toBeLessThan(1e-14);
      expect(vy).toBeCloseTo(vx / (vx + 1e-5), 12);
    }
    // a constant row is finite (ε keeps the denominator away from 0): x̂ = 0, y = β
    const m = new LayerNorm(4);
    expect(Array.from(m.forward(tensor([[3, 3, 3, 3]])).data)).toEqual([0, 0, 0, 0]);
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => new LayerNorm(0)).toThrow(InvalidParamError);
    expect(() => new LayerNorm([])).toThrow(/normalizedShape/);
    expect(() => new LayerNorm([2, 1.5])).toThrow(InvalidParamError);
    expect(() => new LayerNorm(3, { eps: 0 })).toThrow(/eps/);
    expect(() => new LayerNorm(3, { eps: NaN })).toThrow(InvalidParamError);
    expect(() => new LayerNorm(3, { elementwiseAffine: 'yes' as never })).toThrow(InvalidParamError);
    expect(() => new LayerNorm(3).forward(tensor([[1, 2]]))).toThrow(/must end with normalizedShape \[3\], got shape \[1, 2\]/);
    expect(() => new LayerNorm([2, 3]).forward(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => new LayerNorm(3).forward([1, 2, 3] as never)).toThrow(/must be a Tensor/);
  });
});

describe('TfLayerNorm', () => {
  it('agrees with LayerNorm on every backend (output, grads of input, weight, bias), leaving no tensor', async () => {
    const rng = new Rng(3);
    const ref = new LayerNorm(6);
    ref.loadStateDict(randomAffine(ref, rng));
    const r = await expectParity({
      reference: ref,
      makeTwin: (tf) => new TfLayerNorm(tf, 6),
      inputs: [{ data: randn(rng, 3 * 2 * 6, 2, 1), shape: [3, 2, 6] }],
    });
    expect(r.backends.length).toBeGreaterThanOrEqual(1);
    for (const b of r.backends) expect(b.leaked, b.backend).toBe(0);
    const ref2 = new LayerNorm([3, 4], { eps: 1e-3, elementwiseAffine: false });
    await expectParity({
      reference: ref2,
      makeTwin: (tf) => new TfLayerNorm(tf, [3, 4], { eps: 1e-3, elementwiseAffine: false }),
      inputs: [{ data: randn(rng, 2 * 3 * 4), shape: [2, 3, 4] }],
    });
  });

  it('starts at γ = 1, β = 0, frees its variables on dispose and rejects a wrong shape', async () => {
    const { tf } = await getTf();
    await expectNoTensorLeak(() => {
      const twin = new TfLayerNorm(tf, [2, 3]);
      expect(twin.stateDict()).toEqual(new LayerNorm([2, 3]).stateDict());
      const y = tf.tidy(() => twin.forward(tf.ones([4, 2, 3])).sum().arraySync());
      expect(y).toBe(0);
      expect(() => tf.tidy(() => twin.forward(tf.ones([2, 3, 2])))).toThrow(ShapeError);
      twin.dispose();
    });
  });
});
