/**
 * RMSNorm / TfRMSNorm: oracle (torch 2.4's RMSNorm semantics composed in PyTorch 1.13), float64
 * gradient check, twin parity on every backend (no leaks), unit RMS, scale invariance, bad input.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { layerCases, oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { RMSNorm, TfRMSNorm } from './rmsnorm.js';

const randn = (rng: Rng, n: number, s = 1, m = 0) => Float64Array.from({ length: n }, () => m + s * rng.standardNormal());

function withRandomGain(m: RMSNorm, rng: Rng): RMSNorm {
  const sd = m.stateDict();
  for (const e of Object.values(sd)) e.data.set(randn(rng, e.data.length, 0.7, 0.5));
  return m.loadStateDict(sd);
}

describe('RMSNorm', () => {
  it('matches the PyTorch oracle (output, input/weight gradients) on 2 configurations', () => {
    const cases = layerCases('RMSNorm');
    expect(cases.map((c) => c.name)).toEqual(['rmsnorm 6', 'rmsnorm [2,3] eps 1e-5 no affine']);
    for (const c of cases) {
      const cfg = c.config as { normalizedShape: number[]; eps?: number; elementwiseAffine?: boolean };
      const e = oracleErrors(new RMSNorm(cfg.normalizedShape, { eps: cfg.eps, elementwiseAffine: cfg.elementwiseAffine }), c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('passes the float64 gradient check on input and weight', () => {
    const rng = new Rng(1);
    const r = expectGradcheck(withRandomGain(new RMSNorm(6), rng), [tensor(randn(rng, 2 * 3 * 6, 2), [2, 3, 6])]);
    expect(r.tensors.map((t) => t.name)).toEqual(['input0', 'weight']);
    expect(r.maxRelError).toBeLessThan(1e-7);
    expect(expectGradcheck(new RMSNorm([2, 3], { elementwiseAffine: false }), [tensor(randn(rng, 12), [2, 2, 3])]).maxRelError).toBeLessThan(1e-7);
  });

  it('gives unit RMS per sample, is invariant to scaling x (up to ε) and does not centre', () => {
    const rng = new Rng(2);
    const x = randn(rng, 4 * 8, 3, 5);
    const m = new RMSNorm(8, { elementwiseAffine: false, eps: 1e-12 });
    const y = m.forward(tensor(x, [4, 8])).data;
    const y7 = m.forward(tensor(x.map((v) => 7 * v), [4, 8])).data;
    for (let i = 0; i < 4; i++) {
      const ms = y.subarray(i * 8, i * 8 + 8).reduce((a, b) => a + b * b, 0) / 8;
      expect(ms).toBeCloseTo(1, 12);
    }
    for (let k = 0; k < y.length; k++) expect(y7[k]).toBeCloseTo(y[k]!, 12);
    expect(y.reduce((a, b) => a + b, 0) / y.length).toBeGreaterThan(0.5); // x has mean 5: RMSNorm keeps it
    expect(Array.from(new RMSNorm(3).forward(tensor([[0, 0, 0]])).data)).toEqual([0, 0, 0]); // ε: zero row stays finite
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => new RMSNorm(-1)).toThrow(InvalidParamError);
    expect(() => new RMSNorm(4, { eps: -1 })).toThrow(/eps/);
    expect(() => new RMSNorm(4, { elementwiseAffine: 0 as never })).toThrow(InvalidParamError);
    expect(() => new RMSNorm(4).forward(tensor([[1, 2, 3]]))).toThrow(/RMSNorm.forward: x must end with normalizedShape \[4\]/);
    expect(() => new RMSNorm(4).forward('x' as never)).toThrow(ShapeError);
  });
});

describe('TfRMSNorm', () => {
  it('agrees with RMSNorm on every backend (output, grads of input and weight), leaving no tensor', async () => {
    const rng = new Rng(3);
    for (const [shape, xShape, affine] of [[[6], [3, 2, 6], true], [[2, 3], [4, 2, 3], false]] as const) {
      const ref = new RMSNorm(shape, { elementwiseAffine: affine });
      if (affine) withRandomGain(ref, rng);
      const r = await expectParity({
        reference: ref,
        makeTwin: (tf) => new TfRMSNorm(tf, shape, { elementwiseAffine: affine }),
        inputs: [{ data: randn(rng, xShape.reduce((a, b) => a * b, 1), 2), shape: xShape }],
      });
      for (const b of r.backends) expect(b.leaked, b.backend).toBe(0);
    }
  });
});
