/**
 * sampleLm: determinism per seed, greedy at temperature 0 and with topK = 1, frequencies match
 * softmax(z / τ), top-k never emits a truncated token, the context window passed to the model,
 * typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import type { NextTokenModel } from './evaluate.js';
import { sampleLm } from './sample.js';

const V = 5;
/** Logits depend on the current token: z_k = -|k - (x_t + 1) mod V| (a noisy "count up"). */
const counter: NextTokenModel = {
  vocabSize: V,
  maxContext: Infinity,
  receptiveField: 1,
  logits: (x) => Float64Array.from(Array.from(x).flatMap((t) => Array.from({ length: V }, (_, k) => -Math.abs(k - ((t + 1) % V))))),
};
const fixed = (z: number[]): NextTokenModel => ({ vocabSize: z.length, maxContext: Infinity, receptiveField: 1, logits: (x) => Float64Array.from(Array.from(x).flatMap(() => z)) });

describe('sampleLm', () => {
  it('is deterministic for a seed and returns only the new tokens', () => {
    const a = sampleLm(counter, Int32Array.of(0), { length: 40, rng: 9 });
    expect(a.length).toBe(40);
    expect(sampleLm(counter, Int32Array.of(0), { length: 40, rng: new Rng(9) })).toEqual(a);
    expect(sampleLm(counter, Int32Array.of(0), { length: 40, rng: 10 })).not.toEqual(a);
  });

  it('is greedy at temperature 0 and with topK = 1, for any seed', () => {
    const want = Int32Array.of(2, 3, 4, 0, 1, 2);
    for (const seed of [0, 1, 2]) {
      expect(sampleLm(counter, Int32Array.of(1), { length: 6, rng: seed, temperature: 0 })).toEqual(want);
      expect(sampleLm(counter, Int32Array.of(1), { length: 6, rng: seed, topK: 1 })).toEqual(want);
    }
    expect(sampleLm(fixed([1, 3, 3]), Int32Array.of(0), { length: 3, rng: 0, temperature: 0 })).toEqual(Int32Array.of(1, 1, 1)); // lowest id on ties
  });

  it('draws with frequencies softmax(z / τ) and never a token outside the top k', () => {
    const z = [0, 1, 2, -1];
    const n = 4000;
    for (const tau of [1, 0.5, 2]) {
      const draws = sampleLm(fixed(z), Int32Array.of(0), { length: n, rng: 21, temperature: tau });
      const e = z.map((v) => Math.exp(v / tau)), tot = e.reduce((s, v) => s + v, 0);
      for (let k = 0; k < z.length; k++) {
        const p = e[k]! / tot, freq = draws.filter((t) => t === k).length / n;
        expect(Math.abs(freq - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n)); // 5 standard errors
      }
    }
    const top2 = sampleLm(fixed(z), Int32Array.of(0), { length: 500, rng: 3, topK: 2 });
    expect(new Set(top2)).toEqual(new Set([1, 2]));
  });

  it('feeds the model at most receptiveField (else maxContext) of the latest tokens', () => {
    const seen: number[] = [];
    const m: NextTokenModel = { vocabSize: 3, maxContext: 4, logits: (x, B, T) => { seen.push(T); expect(x.length).toBe(B * T); return new Float64Array(B * T * 3); } };
    sampleLm(m, Int32Array.of(0, 1), { length: 5, rng: 0 });
    expect(seen).toEqual([2, 3, 4, 4, 4]);
    seen.length = 0;
    sampleLm({ ...m, receptiveField: 2 }, Int32Array.of(0, 1, 2), { length: 2, rng: 0 });
    expect(seen).toEqual([2, 2]);
  });

  it('rejects bad prompts and options with typed errors', () => {
    expect(() => sampleLm(counter, new Int32Array(0), { length: 3, rng: 0 })).toThrow(InvalidInputError);
    expect(() => sampleLm(counter, Int32Array.of(5), { length: 3, rng: 0 })).toThrow(/prompt\[0\] = 5/);
    expect(() => sampleLm(counter, Int32Array.of(0), { length: 0, rng: 0 })).toThrow(InvalidParamError);
    expect(() => sampleLm(counter, Int32Array.of(0), { length: 3, rng: 0, temperature: -1 })).toThrow(/temperature/);
    expect(() => sampleLm(counter, Int32Array.of(0), { length: 3, rng: 0, topK: 0 })).toThrow(/topK/);
    expect(() => sampleLm(counter, Int32Array.of(0), { length: 3 } as never)).toThrow(/rng/);
  });
});
