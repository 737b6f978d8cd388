/**
 * LM data: the contiguous split, the seeded batch sampler (determinism, x/y shift, range) and
 * the fixed evaluation windows (coverage, even spread), plus typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { BatchSampler, evalWindows, loadMobyDickLm, splitTokens } from './data.js';

const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i); // token i at position i: windows reveal their start

describe('splitTokens / loadMobyDickLm', () => {
  it('cuts the first 1 - f for training and the last f for validation, contiguous', () => {
    const s = ramp(1000);
    const { train, val, cut } = splitTokens(s, 0.1);
    expect(cut).toBe(900);
    expect(Array.from(train)).toEqual(Array.from(s.subarray(0, 900)));
    expect(val[0]).toBe(900);
    expect(val.length).toBe(100);
    expect(splitTokens(ramp(10), 0.25).cut).toBe(8); // floor(f N) validation tokens
  });

  it('loads Moby-Dick: 83 symbols, 90/10 split of the encoded text, decodable', () => {
    const d = loadMobyDickLm();
    expect(d.vocabSize).toBe(83);
    expect(d.train.length + d.val.length).toBe(d.tokens.length);
    expect(d.val.length).toBe(Math.floor(0.1 * d.tokens.length));
    expect(d.corpus.decode(d.val.subarray(0, 200))).toBe([...d.corpus.text].slice(d.cut, d.cut + 200).join(''));
  });

  it('rejects bad fractions and streams too short to split', () => {
    expect(() => splitTokens(ramp(100), 0)).toThrow(InvalidParamError);
    expect(() => splitTokens(ramp(100), 1)).toThrow(/valFraction/);
    expect(() => splitTokens(ramp(3), 0.1)).toThrow(InvalidInputError);
    expect(() => splitTokens([1, 2, 3] as never)).toThrow(/Int32Array/);
  });
});

describe('BatchSampler', () => {
  it('is deterministic per seed and advances a shared Rng', () => {
    const s = ramp(500);
    const a = new BatchSampler(s, { batchSize: 4, context: 8, rng: 3 });
    const b = new BatchSampler(s, { batchSize: 4, context: 8, rng: new Rng(3) });
    for (let k = 0; k < 5; k++) expect(a.next()).toEqual(b.next());
    const c = new BatchSampler(s, { batchSize: 4, context: 8, rng: 4 });
    expect(c.next().x).not.toEqual(new BatchSampler(s, { batchSize: 4, context: 8, rng: 3 }).next().x);
  });

  it('returns contiguous windows with y = x shifted by one, inside the stream', () => {
    const N = 300, T = 16, B = 64;
    const s = ramp(N);
    const { x, y, batchSize, context } = new BatchSampler(s, { batchSize: B, context: T, rng: 11 }).next();
    expect([batchSize, context, x.length, y.length]).toEqual([B, T, B * T, B * T]);
    for (let b = 0; b < B; b++) {
      const i = x[b * T]!;
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i + T).toBeLessThanOrEqual(N - 1); // y's last target s_{i+T} exists
      for (let t = 0; t < T; t++) {
        expect(x[b * T + t]).toBe(i + t);
        expect(y[b * T + t]).toBe(i + t + 1);
      }
    }
  });

  it('reaches the first and the last start (uniform over 0..N-T-1)', () => {
    const N = 12, T = 4; // 8 possible starts
    const seen = new Set<number>();
    const sm = new BatchSampler(ramp(N), { batchSize: 200, context: T, rng: 0 }).next();
    for (let b = 0; b < 200; b++) seen.add(sm.x[b * T]!);
    expect([...seen].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // P(miss one) ≤ 8 (7/8)^200 ≈ 2e-11
  });

  it('rejects bad sizes, seeds and short streams', () => {
    expect(() => new BatchSampler(ramp(10), { batchSize: 0, context: 4, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new BatchSampler(ramp(10), { batchSize: 2, context: 1.5, rng: 0 })).toThrow(/context/);
    expect(() => new BatchSampler(ramp(10), { batchSize: 2, context: 4, rng: undefined as never })).toThrow(/rng/);
    expect(() => new BatchSampler(ramp(4), { batchSize: 2, context: 4, rng: 0 })).toThrow(InvalidInputError);
  });
});

describe('evalWindows', () => {
  it('tiles the stream with non-overlapping windows scoring every target once', () => {
    const { x, y, batchSize } = evalWindows(ramp(41), 8); // floor(40 / 8) = 5 windows
    expect(batchSize).toBe(5);
    expect(Array.from(x)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Array.from(y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('spreads maxWindows evenly and is the same on every call', () => {
    const w = evalWindows(ramp(1001), 10, 4); // 100 windows available, starts 0, 250, 500, 750
    expect([0, 1, 2, 3].map((k) => w.x[k * 10])).toEqual([0, 250, 500, 750]);
    expect(evalWindows(ramp(1001), 10, 4)).toEqual(w);
    expect(evalWindows(ramp(1001), 10, 1000).batchSize).toBe(100);
  });

  it('rejects windows that do not fit', () => {
    expect(() => evalWindows(ramp(8), 8)).toThrow(InvalidInputError);
    expect(() => evalWindows(ramp(20), 4, 0)).toThrow(InvalidParamError);
  });
});
