/**
 * Gpt / TfGpt: PyTorch 1.13 oracle (logits and every parameter gradient; learned/pre, sinusoidal/
 * post/tied, rope/pre, none/none), float64 gradient check, twin parity on every backend (logits,
 * loss with its custom gradient, hooks), causality, GPT-2 init, config validation, no tensor
 * leak across a training step.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { Tensor, crossEntropy, tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { Gpt, TfGpt } from './gpt.js';
import type { GptConfig } from './gpt-config.js';
import { attentionCases, maxAbsDiff, randomizeParameters } from './test-cases.js';

const ids = (rng: Rng, n: number, V: number) => Float64Array.from({ length: n }, () => Math.floor(rng.next() * V));
const small: GptConfig = { vocabSize: 7, contextLength: 6, dModel: 8, nHeads: 2, nLayers: 2, dFF: 12 };

describe('Gpt', () => {
  it('matches PyTorch 1.13 (logits, every parameter gradient) for four positional/norm/tie settings', () => {
    const cases = attentionCases('Gpt');
    expect(cases.length).toBe(4);
    for (const c of cases) {
      const m = new Gpt(c.config as unknown as GptConfig);
      expect(Object.keys(m.stateDict()).sort(), c.name).toEqual(Object.keys(c.state).sort());
      const e = oracleErrors(m, c);
      expect(e.missing, c.name).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-12);
    }
  });

  it('passes the float64 gradient check on every parameter (learned + pre-LN; RoPE + post-LN + tied)', () => {
    const rng = new Rng(1);
    for (const cfg of [{ positional: 'learned', norm: 'pre' }, { positional: 'rope', norm: 'post', tieWeights: true }] as const) {
      const m = randomizeParameters(new Gpt({ vocabSize: 5, contextLength: 3, dModel: 4, nHeads: 2, nLayers: 1, dFF: 6, ...cfg }), rng, 0.5);
      const r = expectGradcheck(m, [tensor(ids(rng, 2 * 3, 5), [2, 3])], { constantInputs: [0] });
      expect(r.tensors[0]!.name).toBe('wte.weight');
      expect(r.maxRelError).toBeLessThan(1e-6);
    }
  });

  it('is causal: changing token t2 leaves the logits at t < t2 bitwise unchanged, for every positional kind', () => {
    const rng = new Rng(2);
    for (const positional of ['learned', 'sinusoidal', 'rope', 'none'] as const) {
      const m = randomizeParameters(new Gpt({ ...small, positional }), rng);
      const idx = ids(rng, 2 * 6, 7);
      const y0 = m.forward(tensor(idx, [2, 6])).data;
      const t2 = 4;
      const idx2 = idx.slice();
      idx2[t2] = (idx2[t2]! + 1) % 7;
      idx2[6 + t2] = (idx2[6 + t2]! + 3) % 7;
      const y1 = m.forward(tensor(idx2, [2, 6])).data;
      for (let b = 0; b < 2; b++) {
        const row = (y: Float64Array, t: number) => y.subarray((b * 6 + t) * 7, (b * 6 + t + 1) * 7);
        for (let t = 0; t < t2; t++) expect(maxAbsDiff(row(y0, t), row(y1, t)), `${positional} t=${t}`).toBe(0);
        expect(maxAbsDiff(row(y0, t2), row(y1, t2))).toBeGreaterThan(1e-9);
      }
    }
  });

  it('initialises as GPT-2 (N(0, 0.02²), residual projections 0.02/sqrt(2L), biases 0, LN 1) and exposes its hooks', () => {
    const m = new Gpt({ vocabSize: 65, seed: 3 });
    expect(m.config).toMatchObject({ contextLength: 64, dModel: 128, nHeads: 4, nLayers: 2, dFF: 512, positional: 'learned', norm: 'pre' });
    const E = 128;
    const perBlock = 3 * E * E + 3 * E + E * E + E + E * 512 + 512 + 512 * E + E + 4 * E;
    expect(m.numParameters).toBe(65 * E + 64 * E + 2 * perBlock + 2 * E + 65 * E);
    const sd = m.stateDict();
    const std = (k: string) => Math.sqrt(sd[k]!.data.reduce((a, v) => a + v * v, 0) / sd[k]!.data.length);
    expect(std('wte.weight')).toBeCloseTo(0.02, 2);
    expect(std('blocks.0.linear1.weight')).toBeCloseTo(0.02, 2);
    expect(std('blocks.1.linear2.weight') / 0.01).toBeCloseTo(1, 1);
    expect(sd['blocks.0.self_attn.in_proj_bias']!.data.every((v) => v === 0)).toBe(true);
    expect(sd['ln_f.weight']!.data.every((v) => v === 1)).toBe(true);
    const small2 = new Gpt({ ...small, positional: 'rope' });
    const a = small2.forwardWithActivations(tensor(ids(new Rng(0), 3 * 5, 7), [3, 5]));
    expect(a.logits.shape).toEqual([3, 5, 7]);
    expect(a.hidden.map((h) => h.shape)).toEqual([[3, 5, 8], [3, 5, 8], [3, 5, 8]]);
    expect(a.attention.map((w) => w.shape)).toEqual([[3, 2, 5, 5], [3, 2, 5, 5]]);
    for (let r = 0; r < 3 * 2 * 5; r++) expect(a.attention[1]!.data.subarray(5 * r, 5 * r + 5).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(a.attention[0]!.data[1]).toBe(0); // (b 0, head 0, t 0) cannot see s = 1
  });

  it('loss is the mean next-token cross-entropy of the logits', () => {
    const m = new Gpt(small);
    const rng = new Rng(4);
    const idx = tensor(ids(rng, 12, 7), [2, 6]);
    const y = ids(rng, 12, 7);
    expect(m.loss(idx, y).item()).toBeCloseTo(crossEntropy(m.forward(idx).reshape([12, 7]), y).item(), 14);
    expect(m.loss(idx, y).item()).toBeCloseTo(Math.log(7), 1); // small init: near-uniform predictions
  });

  it('rejects bad configs and token ids with typed errors', () => {
    expect(() => new Gpt({} as never)).toThrow(/vocabSize/);
    expect(() => new Gpt({ ...small, nHeads: 3 })).toThrow(/divisor of dModel/);
    expect(() => new Gpt({ ...small, dModel: 6, nHeads: 2, positional: 'rope' })).toThrow(/even head size/);
    expect(() => new Gpt({ ...small, positional: 'alibi' as never })).toThrow(InvalidParamError);
    expect(() => new Gpt({ ...small, norm: 'rms' as never })).toThrow(InvalidParamError);
    expect(() => new Gpt({ ...small, dropout: 1 })).toThrow(InvalidParamError);
    expect(() => new Gpt({ ...small, seed: -1 })).toThrow(InvalidParamError);
    const m = new Gpt(small);
    expect(() => m.forward(tensor([[0, 7]]))).toThrow(InvalidInputError);
    expect(() => m.forward(tensor([[0, 1.5]]))).toThrow(/integers in \[0, 7\)/);
    expect(() => m.forward(tensor(new Float64Array(7), [1, 7]))).toThrow(/exceeds contextLength = 6/);
    expect(() => m.forward(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => m.forward([[1]] as unknown as Tensor)).toThrow(/must be a Tensor/);
  });
});

describe('TfGpt', () => {
  it('agrees with Gpt on every backend: logits and all gradients (sinusoidal/post/tied, rope/none; learned/pre in the loss test)', async () => {
    const rng = new Rng(5);
    for (const cfg of [{ positional: 'sinusoidal', norm: 'post', tieWeights: true }, { positional: 'rope', norm: 'none', gelu: 'tanh' }] as const) {
      const ref = randomizeParameters(new Gpt({ ...small, ...cfg }), rng, 0.4);
      const r = await expectParity({ reference: ref, makeTwin: (tf) => new TfGpt(tf, { ...small, ...cfg }), inputs: [{ data: ids(rng, 3 * 6, 7), shape: [3, 6], dtype: 'int32' }] });
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      expect(r.worstRelError).toBeLessThan(1e-5);
    }
  });

  it('agrees with Gpt on the loss (custom softmax-cross-entropy gradient) and on the hooks', async () => {
    const rng = new Rng(6);
    const ref = randomizeParameters(new Gpt(small), rng, 0.4);
    const idx = { data: ids(rng, 2 * 5, 7), shape: [2, 5], dtype: 'int32' as const };
    const y = Int32Array.from(ids(rng, 10, 7));
    const r = await expectParity({ reference: ref, makeTwin: (tf) => new TfGpt(tf, small), inputs: [idx], forwardReference: (m, x) => m.loss(x!, y), forwardTwin: (m, x) => m.loss(x!, m.tf.tensor2d(y, [2, 5], 'int32')) });
    expect(r.worstRelError).toBeLessThan(1e-5);
    for (const part of ['attention', 'hidden'] as const) {
      const h = await expectParity({ reference: ref, makeTwin: (tf) => new TfGpt(tf, small), inputs: [idx], forwardReference: (m, x) => m.forwardWithActivations(x!)[part][1]!, forwardTwin: (m, x) => m.forwardWithActivations(x!)[part][1]! });
      expect(h.worstRelError).toBeLessThan(1e-5);
    }
  });

  it('starts from the same weights as Gpt; leaks no tensor across a training step; rejects float ids', async () => {
    const { getTf } = await import('@fpml/core/tf');
    const { tf } = await getTf();
    const twin = new TfGpt(tf, { ...small, seed: 8 });
    const sd = twin.stateDict();
    for (const [k, e] of Object.entries(new Gpt({ ...small, seed: 8 }).stateDict())) expect(sd[k]!.data, k).toEqual(Float64Array.from(Float32Array.from(e.data)));
    const x = tf.tensor2d(Int32Array.from(ids(new Rng(9), 12, 7)), [2, 6], 'int32');
    const y = tf.tensor2d(Int32Array.from(ids(new Rng(10), 12, 7)), [2, 6], 'int32');
    const params = twin.parameters();
    const step = () => {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => twin.loss(x, y) as never, params);
        for (const p of params) p.assign(tf.sub(p, tf.mul(grads[p.name]!, 0.1)));
        return value;
      });
      const v = loss.dataSync()[0]!;
      loss.dispose();
      return v;
    };
    const first = step(); // builds the cached causal mask
    const second = await expectNoTensorLeak(() => step(), { tf, label: 'TfGpt training step' });
    expect(second).toBeLessThan(first);
    expect(() => tf.tidy(() => twin.forward(tf.zeros([2, 3])))).toThrow(/int32/);
    expect(() => tf.tidy(() => twin.forward(tf.tensor2d([[0, 9]], [1, 2], 'int32')))).toThrow(InvalidInputError);
    expect(() => tf.tidy(() => twin.loss(x, tf.zeros([2, 6], 'int32').reshape([12]).slice(0, 6)))).toThrow(/targets/);
    tf.dispose([x, y]);
    twin.dispose();
  });
});
