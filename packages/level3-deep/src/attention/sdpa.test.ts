/**
 * scaledDotProductAttention / tfScaledDotProductAttention: the causal mask, softmax rows, masked
 * weights exactly 0, a per-row loop written out, float64 gradient check in q, k, v, twin parity
 * on every backend (output, weights, gradients), typed errors.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { Module } from '../nn/module.js';
import { expectParity } from '../nn/parity.js';
import { TfModule, type TfTensor } from '../nn/tf-module.js';
import { causalMaskData, scaledDotProductAttention, tfScaledDotProductAttention } from './sdpa.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

class Sdpa extends Module<[Tensor, Tensor, Tensor]> {
  constructor(readonly causal: boolean, readonly part: 'output' | 'weights' = 'output') {
    super();
  }
  forward(q: Tensor, k: Tensor, v: Tensor): Tensor {
    return scaledDotProductAttention(q, k, v, { causal: this.causal })[this.part];
  }
}
class TfSdpa extends TfModule<[TfTensor, TfTensor, TfTensor]> {
  constructor(tf: TfModule['tf'], readonly causal: boolean, readonly part: 'output' | 'weights' = 'output') {
    super(tf);
  }
  forward(q: TfTensor, k: TfTensor, v: TfTensor): TfTensor {
    return tfScaledDotProductAttention(this.tf, q, k, v, { causal: this.causal })[this.part];
  }
}

describe('scaledDotProductAttention', () => {
  it('builds the additive causal mask: 0 on and below the diagonal, -inf above', () => {
    const m = causalMaskData(3);
    expect(Array.from(m)).toEqual([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
  });

  it('equals softmax(q k^T / sqrt(d)) v written out row by row; causal rows put exactly 0 on the future', () => {
    const rng = new Rng(3);
    const [T, d, dv] = [5, 4, 3];
    const q = randn(rng, T * d);
    const k = randn(rng, T * d);
    const v = randn(rng, T * dv);
    for (const causal of [false, true]) {
      const { output, weights } = scaledDotProductAttention(tensor(q, [T, d]), tensor(k, [T, d]), tensor(v, [T, dv]), { causal });
      for (let t = 0; t < T; t++) {
        const last = causal ? t : T - 1;
        const s = Array.from({ length: last + 1 }, (_, j) => q.slice(t * d, t * d + d).reduce((a, x, c) => a + x * k[j * d + c]!, 0) / Math.sqrt(d));
        const mx = Math.max(...s);
        const z = s.reduce((a, x) => a + Math.exp(x - mx), 0);
        const p = s.map((x) => Math.exp(x - mx) / z);
        for (let j = 0; j < T; j++) {
          if (j > last) expect(weights.data[t * T + j]).toBe(0);
          else expect(weights.data[t * T + j]).toBeCloseTo(p[j]!, 14);
        }
        for (let c = 0; c < dv; c++) expect(output.data[t * dv + c]).toBeCloseTo(p.reduce((a, pj, j) => a + pj * v[j * dv + c]!, 0), 14);
      }
    }
  });

  it('passes the float64 gradient check in q, k and v (batched (2, 2, T, d), causal and not; Tq != Tk)', () => {
    const rng = new Rng(4);
    for (const causal of [false, true]) {
      const sh = [2, 2, 4, 3];
      const r = expectGradcheck(new Sdpa(causal), [tensor(randn(rng, 48), sh), tensor(randn(rng, 48), sh), tensor(randn(rng, 32), [2, 2, 4, 2])]);
      expect(r.tensors.map((t) => t.name)).toEqual(['input0', 'input1', 'input2']);
      expect(r.maxRelError).toBeLessThan(1e-6);
    }
    const r = expectGradcheck(new Sdpa(false, 'weights'), [tensor(randn(rng, 6), [2, 3]), tensor(randn(rng, 15), [5, 3]), tensor(randn(rng, 5), [5, 1])], { constantInputs: [2] });
    expect(r.maxRelError).toBeLessThan(1e-6);
  });

  it('agrees with the tfjs twin on every backend (output, weights, gradients of q, k, v)', async () => {
    const rng = new Rng(5);
    for (const [causal, part] of [[true, 'output'], [false, 'output'], [true, 'weights']] as const) {
      const inputs = [6 * 7 * 4, 6 * 7 * 4, 6 * 7 * 5].map((n, i) => ({ data: randn(rng, n), shape: [6, 7, i === 2 ? 5 : 4] }));
      const r = await expectParity({ reference: new Sdpa(causal, part), makeTwin: (tf) => new TfSdpa(tf, causal, part), inputs });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });

  it('rejects mismatched shapes and bad options with typed errors', () => {
    const a = tensor(new Float64Array(12), [3, 4]);
    expect(() => scaledDotProductAttention(a, tensor(new Float64Array(9), [3, 3]), a)).toThrow(ShapeError);
    expect(() => scaledDotProductAttention(a, a, tensor(new Float64Array(8), [2, 4]))).toThrow(/T_k/);
    expect(() => scaledDotProductAttention(a, tensor(new Float64Array(8), [2, 4]), tensor(new Float64Array(8), [2, 4]), { causal: true })).toThrow(/T_q = T_k/);
    expect(() => scaledDotProductAttention(tensor([1, 2, 3]), a, a)).toThrow(/rank >= 2/);
    expect(() => scaledDotProductAttention(a, a, a, { causal: 'yes' as never })).toThrow(InvalidParamError);
    expect(() => scaledDotProductAttention(a, a, a, { scale: -1 })).toThrow(InvalidParamError);
    expect(() => scaledDotProductAttention(a, [1] as never, a)).toThrow(/k must be a Tensor/);
  });
});
