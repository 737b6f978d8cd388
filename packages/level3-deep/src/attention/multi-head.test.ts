/**
 * MultiHeadAttention / TfMultiHeadAttention: PyTorch 1.13 nn.MultiheadAttention oracle (output,
 * per-head weights, every gradient; causal, bias on/off; RoPE against hand-written torch), float64
 * gradient check, twin parity on every backend, PyTorch's init, causality, typed errors.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { tensor, type Tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { MultiHeadAttention, TfMultiHeadAttention } from './multi-head.js';
import { attentionCases, maxAbsDiff, randomizeParameters } from './test-cases.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

describe('MultiHeadAttention', () => {
  it('matches PyTorch 1.13 nn.MultiheadAttention (output, weights (B, h, T, T), input and parameter gradients)', () => {
    const cases = attentionCases('MultiHeadAttention');
    expect(cases.length).toBe(5);
    for (const c of cases) {
      const cfg = c.config as { dModel: number; nHeads: number; bias: boolean; causal: boolean; rope?: boolean };
      const T = c.inputs[0]!.shape[1]!;
      const m = new MultiHeadAttention(cfg.dModel, cfg.nHeads, { bias: cfg.bias, causal: cfg.causal, rope: cfg.rope ? { maxLength: T } : null, rng: 0 });
      const e = oracleErrors(m, c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
      const w = m.forwardWithWeights(tensor(c.inputs[0]!.data, c.inputs[0]!.shape)).weights;
      expect(w.shape).toEqual(c.extra.weights!.shape);
      expect(maxAbsDiff(w.data, c.extra.weights!.data), c.name).toBeLessThan(1e-13);
    }
  });

  it('passes the float64 gradient check (input and every parameter; causal + RoPE, and plain without bias)', () => {
    const rng = new Rng(1);
    for (const o of [{ causal: true, rope: { maxLength: 4 } }, { bias: false }]) {
      const m = new MultiHeadAttention(4, 2, { ...o, rng });
      const r = expectGradcheck(m, [tensor(randn(rng, 2 * 4 * 4), [2, 4, 4])]);
      expect(r.tensors.length).toBe(o.bias === false ? 3 : 5);
      expect(r.maxRelError).toBeLessThan(1e-6);
    }
  });

  it('initialises as PyTorch: in_proj Xavier-uniform, out_proj default Linear, biases zero; the twin starts equal', async () => {
    const m = new MultiHeadAttention(16, 4, { rng: 2 });
    const a = Math.sqrt(6 / (16 + 48));
    expect(Math.max(...m.in_proj_weight.data.map(Math.abs))).toBeLessThanOrEqual(a);
    expect(Math.max(...m.in_proj_weight.data.map(Math.abs))).toBeGreaterThan(0.9 * a);
    expect(Math.max(...m.out_proj.weight.data.map(Math.abs))).toBeLessThanOrEqual(1 / 4);
    expect(m.in_proj_bias!.data.every((x) => x === 0) && m.out_proj.bias!.data.every((x) => x === 0)).toBe(true);
    expect(Object.keys(m.stateDict())).toEqual(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
    const { getTf } = await import('@fpml/core/tf');
    const { tf } = await getTf();
    const twin = new TfMultiHeadAttention(tf, 16, 4, { rng: 2 });
    const sd = twin.stateDict();
    for (const [k, e] of Object.entries(m.stateDict())) expect(sd[k]!.data).toEqual(Float64Array.from(Float32Array.from(e.data)));
    twin.dispose();
  });

  it('is causal: changing x at position t2 leaves the output at t < t2 unchanged (bitwise)', () => {
    const rng = new Rng(3);
    const [B, T, E] = [2, 6, 8];
    const m = new MultiHeadAttention(E, 2, { causal: true, rope: { maxLength: T }, rng });
    const x = randn(rng, B * T * E);
    const y0 = m.forward(tensor(x, [B, T, E])).data;
    const t2 = 3;
    const x2 = x.slice();
    for (let b = 0; b < B; b++) for (let c = 0; c < E; c++) x2[(b * T + t2) * E + c] += 1.5;
    const y1 = m.forward(tensor(x2, [B, T, E])).data;
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        const d = maxAbsDiff(y0.subarray((b * T + t) * E, (b * T + t + 1) * E), y1.subarray((b * T + t) * E, (b * T + t + 1) * E));
        if (t < t2) expect(d).toBe(0);
        else expect(d).toBeGreaterThan(1e-6);
      }
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => new MultiHeadAttention(6, 4, { rng: 0 })).toThrow(/divisor of dModel = 6/);
    expect(() => new MultiHeadAttention(0, 1, { rng: 0 })).toThrow(InvalidParamError);
    expect(() => new MultiHeadAttention(6, 2, { rng: 0, causal: 1 as never })).toThrow(InvalidParamError);
    expect(() => new MultiHeadAttention(6, 2, { rng: 0, rope: { maxLength: 0 } })).toThrow(InvalidParamError);
    expect(() => new MultiHeadAttention(6, 2, { rng: 0, rope: { maxLength: 4 } })).toThrow(/even head size/);
    expect(() => new MultiHeadAttention(6, 2, { rng: undefined as never })).toThrow(/rng/);
    const m = new MultiHeadAttention(4, 2, { rng: 0, rope: { maxLength: 3 } });
    expect(() => m.forward(tensor(new Float64Array(12), [3, 4]))).toThrow(ShapeError);
    expect(() => m.forward(tensor(new Float64Array(16), [1, 4, 4]))).toThrow(/exceeds maxLength = 3/);
    expect(() => m.forward('x' as unknown as Tensor)).toThrow(/must be a Tensor/);
  });
});

describe('TfMultiHeadAttention', () => {
  it('agrees with MultiHeadAttention on every backend (output, weights, gradients; random weights and biases; causal, RoPE, no bias)', async () => {
    const rng = new Rng(4);
    const cases = [
      { o: { causal: true }, part: 'output' },
      { o: { causal: true, rope: { maxLength: 8 } }, part: 'output' },
      { o: { bias: false }, part: 'output' },
      { o: { causal: true, rope: { maxLength: 7 } }, part: 'weights' },
    ] as const;
    for (const { o, part } of cases) {
      const ref = randomizeParameters(new MultiHeadAttention(8, 2, { ...o, rng }), rng); // non-zero biases
      const r = await expectParity({
        reference: ref,
        makeTwin: (tf) => new TfMultiHeadAttention(tf, 8, 2, { ...o, rng: 0 }),
        inputs: [{ data: randn(rng, 3 * 7 * 8), shape: [3, 7, 8] }],
        forwardReference: (m, x) => m.forwardWithWeights(x!)[part],
        forwardTwin: (m, x) => m.forwardWithWeights(x!)[part],
      });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });

  it('rejects a non-tensor and a wrong shape', async () => {
    const { getTf } = await import('@fpml/core/tf');
    const { tf } = await getTf();
    const m = new TfMultiHeadAttention(tf, 4, 2, { rng: 0 });
    expect(() => tf.tidy(() => m.forward(tf.zeros([2, 3, 5])))).toThrow(ShapeError);
    expect(() => m.forward([1] as never)).toThrow(/must be a tf.Tensor/);
    m.dispose();
  });
});
