/**
 * Linear / TfLinear: PyTorch 1.13 oracle, float64 gradient check (input, weight, bias), twin
 * parity on every backend, PyTorch's default init bounds, bad input.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { ksTest } from '@fpml/core/testing';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { Linear, TfLinear } from './linear.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

describe('Linear', () => {
  it('matches PyTorch 1.13 (output, input/weight/bias gradients)', () => {
    for (const c of layerCases('Linear')) {
      const cfg = c.config as { inFeatures: number; outFeatures: number; bias: boolean };
      const e = oracleErrors(new Linear(cfg.inFeatures, cfg.outFeatures, { bias: cfg.bias, rng: 0 }), c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('passes the float64 gradient check on input, weight and bias', () => {
    const rng = new Rng(1);
    const m = new Linear(4, 3, { rng });
    const r = expectGradcheck(m, [tensor(randn(rng, 2 * 5 * 4), [2, 5, 4])]);
    expect(r.tensors.map((t) => t.name)).toEqual(['input0', 'weight', 'bias']);
    expect(r.maxRelError).toBeLessThan(1e-7);
  });

  it('draws PyTorch default init: W, b ~ U(±1/sqrt(in)), weight first, deterministic per seed', () => {
    const m = new Linear(50, 40, { rng: 3 });
    const bound = 1 / Math.sqrt(50);
    const w = m.weight.data;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(ksTest(w, (x) => (x + bound) / (2 * bound)).pValue).toBeGreaterThan(1e-3);
    const again = new Linear(50, 40, { rng: 3 });
    expect(again.stateDict()).toEqual(m.stateDict());
    const rng = new Rng(3);
    const first = rng.uniform(-bound, bound);
    expect(w[0]).toBeCloseTo(first, 14);
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => new Linear(0, 3, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new Linear(2, 3, { rng: undefined as never })).toThrow(/rng/);
    expect(() => new Linear(2, 3, { rng: 0, bias: 1 as never })).toThrow(InvalidParamError);
    expect(() => new Linear(2, 3, { rng: 0 }).forward(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => new Linear(2, 3, { rng: 0 }).forward([1, 2] as never)).toThrow(/must be a Tensor/);
  });
});

describe('TfLinear', () => {
  it('agrees with Linear on every backend (output, grads of input, weight, bias)', async () => {
    const rng = new Rng(2);
    for (const bias of [true, false]) {
      const ref = new Linear(6, 4, { rng, bias });
      const r = await expectParity({
        reference: ref,
        makeTwin: (tf) => new TfLinear(tf, 6, 4, { rng: 0, bias }),
        inputs: [{ data: randn(rng, 3 * 2 * 6), shape: [3, 2, 6] }],
      });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });

  it('starts from the same weights as Linear for the same seed (rounded to float32)', async () => {
    const { getTf } = await import('@fpml/core/tf');
    const { tf } = await getTf();
    const twin = new TfLinear(tf, 5, 2, { rng: 9 });
    const ref = new Linear(5, 2, { rng: 9 });
    const a = twin.stateDict();
    for (const [k, e] of Object.entries(ref.stateDict())) expect(a[k]!.data).toEqual(Float64Array.from(Float32Array.from(e.data)));
    twin.dispose();
  });
});
