/**
 * evaluateLm: the uniform model scores ln V, a model with known logits scores its hand-computed
 * cross-entropy, chunking does not change the result, float32 logits accumulate in float64,
 * typed errors for malformed models and data.
 */
import { InvalidInputError, InvalidParamError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import type { LmBatch } from './data.js';
import { evaluateLm, type NextTokenModel } from './evaluate.js';

/** A model whose logits depend on the current token only: z_k = w[x_t][k]. */
const tableModel = (w: number[][], ctor: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): NextTokenModel => ({
  vocabSize: w.length,
  maxContext: Infinity,
  logits: (x) => ctor.from(Array.from(x).flatMap((t) => w[t]!)),
});

const batch = (x: number[], y: number[], B: number, T: number): LmBatch => ({ x: Int32Array.from(x), y: Int32Array.from(y), batchSize: B, context: T });

describe('evaluateLm', () => {
  it('scores the uniform model at exactly ln V (perplexity V)', () => {
    for (const V of [2, 65, 83]) {
      const m: NextTokenModel = { vocabSize: V, maxContext: 16, logits: (_x, B, T) => new Float64Array(B * T * V).fill(3.25) };
      const data = batch(Array.from({ length: 48 }, (_, i) => i % V), Array.from({ length: 48 }, (_, i) => (7 * i) % V), 3, 16);
      const r = evaluateLm(m, data);
      expect(r.loss).toBeCloseTo(Math.log(V), 14);
      expect(r.perplexity).toBeCloseTo(V, 10);
      expect(r.bitsPerChar).toBeCloseTo(Math.log2(V), 14);
      expect(r.tokens).toBe(48);
    }
  });

  it('matches the hand-computed cross-entropy and does not depend on the chunk size', () => {
    const w = [[0, 1, 2], [2, 0, -1], [-50, 50, 0]];
    const lse = (r: number[]) => Math.log(r.reduce((s, z) => s + Math.exp(z), 0));
    const x = [0, 1, 2, 2, 0, 1], y = [2, 0, 1, 0, 1, 1];
    const want = x.reduce((s, t, i) => s + lse(w[t]!) - w[t]![y[i]!]!, 0) / 6;
    for (const batchSize of [1, 2, 5]) expect(evaluateLm(tableModel(w), batch(x, y, 3, 2), { batchSize }).loss).toBeCloseTo(want, 12);
    expect(evaluateLm(tableModel(w, Float32Array), batch(x, y, 3, 2)).loss).toBeCloseTo(want, 5); // float32 logits, large spread stays finite
  });

  it('rejects malformed models, data and non-finite logits with typed errors', () => {
    const ok = tableModel([[0, 0], [0, 0]]);
    const d = batch([0, 1], [1, 0], 1, 2);
    expect(() => evaluateLm({} as never, d)).toThrow(InvalidInputError);
    expect(() => evaluateLm(ok, batch([0, 2], [1, 0], 1, 2))).toThrow(/data.x\[1\] = 2/);
    expect(() => evaluateLm(ok, batch([0, 1, 1], [1, 0, 0], 1, 2))).toThrow(ShapeError);
    expect(() => evaluateLm(ok, d, { batchSize: 0 })).toThrow(InvalidParamError);
    expect(() => evaluateLm({ ...ok, maxContext: 1 }, d)).toThrow(/context 1/);
    expect(() => evaluateLm({ ...ok, logits: () => new Float64Array(3) }, d)).toThrow(ShapeError);
    expect(() => evaluateLm({ ...ok, logits: () => Float64Array.of(0, NaN, 0, 0) }, d)).toThrow(/NaN loss/);
    expect(() => evaluateLm({ ...ok, logits: () => Float64Array.of(0, Infinity, 0, 0) }, d)).toThrow(/NaN loss/);
    expect(evaluateLm({ ...ok, logits: () => Float64Array.of(0, -Infinity, 0, 0) }, d).loss).toBe(Infinity); // probability 0 at a target
  });
});
