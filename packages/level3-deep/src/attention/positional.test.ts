/**
 * Positional encodings: sinusoidal and learned (PyTorch 1.13 oracle, gradient check, twin parity)
 * and RoPE (oracle in GPT-NeoX halves layout, the relative-position property, norm preservation,
 * gradient check, parity); typed errors.
 */
import { InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { oracleErrors } from '../nn/oracle.js';
import { expectParity } from '../nn/parity.js';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding, TfLearnedPositionalEmbedding, TfSinusoidalPositionalEncoding, sinusoidalTable } from './positional.js';
import { RotaryEmbedding, TfRotaryEmbedding, ropeTables } from './rope.js';
import { attentionCases, maxAbsDiff } from './test-cases.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());

describe('sinusoidal and learned positions', () => {
  it('match PyTorch 1.13 (table, output, gradients of x and of the learned table)', () => {
    for (const c of attentionCases('Sinusoidal')) {
      const cfg = c.config as { maxLength: number; dModel: number };
      expect(maxAbsDiff(sinusoidalTable(cfg.maxLength, cfg.dModel), c.extra.table!.data), c.name).toBeLessThan(1e-15);
      const e = oracleErrors(new SinusoidalPositionalEncoding(cfg.maxLength, cfg.dModel), c);
      expect(e.missing).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-15);
    }
    const [c] = attentionCases('Learned');
    const cfg = c!.config as { maxLength: number; dModel: number };
    const e = oracleErrors(new LearnedPositionalEmbedding(cfg.maxLength, cfg.dModel, { rng: 0 }), c!);
    expect(e.missing).toEqual([]);
    expect(e.max).toBeLessThan(1e-15);
  });

  it('sinusoidal rows have unit norm per frequency pair and are linear maps of each other (P_{t+k} = R_k P_t per pair)', () => {
    const P = sinusoidalTable(9, 8);
    for (let t = 0; t < 9; t++) for (let i = 0; i < 4; i++) expect(P[t * 8 + 2 * i]! ** 2 + P[t * 8 + 2 * i + 1]! ** 2).toBeCloseTo(1, 14);
    const k = 3;
    for (let i = 0; i < 4; i++) {
      const w = Math.pow(10000, -(2 * i) / 8);
      for (let t = 0; t + k < 9; t++) {
        const [s, c] = [P[t * 8 + 2 * i]!, P[t * 8 + 2 * i + 1]!];
        expect(P[(t + k) * 8 + 2 * i]).toBeCloseTo(s * Math.cos(k * w) + c * Math.sin(k * w), 13); // sin(a + b)
        expect(P[(t + k) * 8 + 2 * i + 1]).toBeCloseTo(c * Math.cos(k * w) - s * Math.sin(k * w), 13); // cos(a + b)
      }
    }
  });

  it('pass the float64 gradient check (learned: input and weight, only rows < T get gradient)', () => {
    const rng = new Rng(1);
    const m = new LearnedPositionalEmbedding(6, 3, { rng, std: 1 });
    const r = expectGradcheck(m, [tensor(randn(rng, 2 * 4 * 3), [2, 4, 3])]);
    expect(r.tensors.map((t) => t.name)).toEqual(['input0', 'weight']);
    m.forward(tensor(randn(rng, 2 * 4 * 3), [2, 4, 3], { requiresGrad: true })).sum().backward();
    expect(Array.from(m.weight.grad!.data.subarray(12))).toEqual([0, 0, 0, 0, 0, 0]);
    expectGradcheck(new SinusoidalPositionalEncoding(5, 4), [tensor(randn(rng, 12), [1, 3, 4])]);
  });

  it('agree with their tfjs twins on every backend; the learned twin starts from the same weights', async () => {
    const rng = new Rng(2);
    const x = { data: randn(rng, 2 * 5 * 6), shape: [2, 5, 6] };
    const s = await expectParity({ reference: new SinusoidalPositionalEncoding(7, 6), makeTwin: (tf) => new TfSinusoidalPositionalEncoding(tf, 7, 6), inputs: [x] });
    expect(s.worstRelError).toBeLessThan(1e-5);
    const ref = new LearnedPositionalEmbedding(5, 6, { rng: 3 });
    const l = await expectParity({ reference: ref, makeTwin: (tf) => new TfLearnedPositionalEmbedding(tf, 5, 6, { rng: 0 }), inputs: [x] });
    expect(l.worstRelError).toBeLessThan(1e-5);
    const { getTf } = await import('@fpml/core/tf');
    const twin = new TfLearnedPositionalEmbedding((await getTf()).tf, 5, 6, { rng: 3 });
    expect(twin.stateDict().weight!.data).toEqual(Float64Array.from(Float32Array.from(ref.weight.data)));
    twin.dispose();
  });

  it('reject bad sizes and inputs with typed errors', () => {
    expect(() => new SinusoidalPositionalEncoding(0, 4)).toThrow(InvalidParamError);
    expect(() => new LearnedPositionalEmbedding(4, 4, { rng: 0, std: -1 })).toThrow(InvalidParamError);
    expect(() => new LearnedPositionalEmbedding(4, 4, {} as never)).toThrow(/rng/);
    expect(() => new SinusoidalPositionalEncoding(3, 4).forward(tensor(new Float64Array(16), [1, 4, 4]))).toThrow(/exceeds maxLength = 3/);
    expect(() => new SinusoidalPositionalEncoding(3, 4).forward(tensor(new Float64Array(12), [3, 4]))).toThrow(ShapeError);
  });
});

describe('RoPE (GPT-NeoX halves layout)', () => {
  it('matches PyTorch 1.13 (output and input gradient)', () => {
    const cases = attentionCases('Rope');
    expect(cases.length).toBe(2);
    for (const c of cases) {
      const cfg = c.config as { maxLength: number; headSize: number; base?: number };
      const e = oracleErrors(new RotaryEmbedding(cfg.maxLength, cfg.headSize, cfg.base), c);
      expect(e.missing).toEqual([]);
      expect(e.max, c.name).toBeLessThan(1e-14);
    }
  });

  it('has the relative-position property <R_t q, R_s k> = <q, R_{s-t} k>, and preserves norms', () => {
    const rng = new Rng(5);
    const [T, d] = [12, 8];
    const rope = new RotaryEmbedding(T, d);
    const q = randn(rng, d);
    const k = randn(rng, d);
    const tile = (v: Float64Array) => tensor(Float64Array.from({ length: T * d }, (_, i) => v[i % d]!), [T, d]);
    const Rq = rope.forward(tile(q)).data; // row t = R_t q
    const Rk = rope.forward(tile(k)).data; // row s = R_s k
    const dot = (a: Float64Array, i: number, b: Float64Array, j: number) => Array.from({ length: d }, (_, c) => a[i * d + c]! * b[j * d + c]!).reduce((x, y) => x + y, 0);
    for (let t = 0; t < T; t++) {
      expect(dot(Rq, t, Rq, t)).toBeCloseTo(dot(q, 0, q, 0), 12);
      for (let s = t; s < T; s++) expect(dot(Rq, t, Rk, s)).toBeCloseTo(dot(q, 0, Rk, s - t), 12); // R_0 = I
    }
    const { cos, sin } = ropeTables(2, 4);
    expect(Array.from(cos.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(sin[4]).toBeCloseTo(Math.sin(1), 15);
    expect(sin[5]).toBeCloseTo(Math.sin(0.01), 15); // theta_1 = 10000^(-2/4)
    expect(sin[6]).toBe(sin[4]); // halves: coordinate i pairs with i + d/2
  });

  it('passes the float64 gradient check and agrees with its twin on every backend', async () => {
    const rng = new Rng(6);
    expectGradcheck(new RotaryEmbedding(5, 4), [tensor(randn(rng, 2 * 5 * 4), [2, 5, 4])]);
    const r = await expectParity({ reference: new RotaryEmbedding(9, 6), makeTwin: (tf) => new TfRotaryEmbedding(tf, 9, 6), inputs: [{ data: randn(rng, 4 * 7 * 6), shape: [4, 7, 6] }] });
    expect(r.worstRelError).toBeLessThan(1e-5);
  });

  it('rejects odd head sizes, bad bases and too-long inputs', () => {
    expect(() => new RotaryEmbedding(4, 3)).toThrow(/even head size/);
    expect(() => new RotaryEmbedding(4, 4, 1)).toThrow(InvalidParamError);
    expect(() => new RotaryEmbedding(4, 4).forward(tensor(new Float64Array(20), [5, 4]))).toThrow(/exceeds maxLength = 4/);
    expect(() => new RotaryEmbedding(4, 4).forward(tensor(new Float64Array(6), [2, 3]))).toThrow(ShapeError);
  });
});
