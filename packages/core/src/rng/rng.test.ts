import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { Rng, type RngState } from './rng.js';

// Known answers frozen by scripts/oracles/xoshiro_reference.py, a pure-Python splitmix64 +
// xoshiro256** that checks itself against the published vectors before writing.
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/xoshiro_reference.json', import.meta.url), 'utf8')) as {
  published: { xoshiroState1234: string[]; xoshiroState1234Out: string[] };
  streams: { seed: string; state: string[]; uint64: string[] }[];
  jumps: { seed: string; skip: number; stateBefore: string[]; stateAfterJump: string[]; uint64AfterJump: string[]; stateAfterSecondJump: string[] }[];
};

const hex = (x: bigint) => x.toString(16).padStart(16, '0');
const seedOf = (s: string): number | bigint => (BigInt(s) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : BigInt(s));
const fromWords = (words: string[]): Rng =>
  Rng.fromJSON({ algorithm: 'xoshiro256**', version: 1, state: words as RngState['state'], cachedNormal: null });

describe('Rng known answers', () => {
  it('matches the published xoshiro256** outputs from state (1, 2, 3, 4)', () => {
    const rng = fromWords(ref.published.xoshiroState1234);
    expect(ref.published.xoshiroState1234Out.map(() => hex(rng.nextUint64()))).toEqual(ref.published.xoshiroState1234Out);
  });

  it.each(ref.streams)('seed $seed: splitmix64 state and raw uint64 stream match the Python reference', (row) => {
    const rng = new Rng(seedOf(row.seed));
    expect(rng.toJSON().state).toEqual(row.state);
    expect(row.uint64.map(() => hex(rng.nextUint64()))).toEqual(row.uint64);
  });

  it('accepts a number and the equal bigint seed alike', () => {
    expect(new Rng(42).toJSON()).toEqual(new Rng(42n).toJSON());
  });

  it.each(ref.jumps)('jump() from seed $seed after $skip steps matches the Python reference', (row) => {
    const rng = new Rng(seedOf(row.seed));
    for (let i = 0; i < row.skip; i++) rng.nextUint64();
    expect(rng.toJSON().state).toEqual(row.stateBefore);
    rng.jump();
    expect(rng.toJSON().state).toEqual(row.stateAfterJump);
    expect(row.uint64AfterJump.map(() => hex(rng.nextUint64()))).toEqual(row.uint64AfterJump);
    rng.jump();
    expect(rng.toJSON().state).toEqual(row.stateAfterSecondJump);
  });

  it('next() is the top 53 bits and nextUint32() the top 32 bits of the raw output', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const raw = a.nextUint64();
      expect(b.next()).toBe(Number(raw >> 11n) / 2 ** 53);
      expect(c.nextUint32()).toBe(Number(raw >> 32n));
    }
  });
});

describe('Rng reproducibility and state', () => {
  it('the same seed gives the same stream; different seeds differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seed) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        const c = new Rng(seed === 0 ? 1 : seed - 1);
        const xa = Array.from({ length: 8 }, () => a.next());
        expect(Array.from({ length: 8 }, () => b.next())).toEqual(xa);
        expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(xa);
      }),
      { numRuns: 50 },
    );
  });

  it('serialises mid-stream (with a cached normal) and resumes identically', () => {
    const rng = new Rng(2024);
    for (let i = 0; i < 17; i++) rng.next();
    rng.normal(); // leaves the second polar normal cached
    const state = rng.toJSON();
    expect(state.cachedNormal).not.toBeNull();
    const resumed = Rng.fromJSON(JSON.parse(JSON.stringify(state)) as RngState);
    const draw = (r: Rng) => [r.normal(), r.next(), r.gamma(0.7), r.normal(3, 2), r.int(1000), r.beta(2, 3), r.nextUint32()];
    for (let i = 0; i < 50; i++) expect(draw(resumed)).toEqual(draw(rng));
  });

  it('fromJSON rejects malformed states with a typed error', () => {
    const good = new Rng(1).toJSON();
    const cases: unknown[] = [
      null,
      { ...good, algorithm: 'mt19937' },
      { ...good, version: 2 },
      { ...good, state: good.state.slice(0, 3) },
      { ...good, state: ['xyz', ...good.state.slice(1)] },
      { ...good, state: ['0000000000000000', '0000000000000000', '0000000000000000', '0000000000000000'] },
      { ...good, cachedNormal: NaN },
    ];
    for (const c of cases) expect(() => Rng.fromJSON(c as RngState)).toThrow(InvalidInputError);
    expect(() => Rng.fromJSON({ ...good, algorithm: 'mt19937' } as unknown as RngState)).toThrow(
      "Rng.fromJSON: algorithm must be 'xoshiro256**', got \"mt19937\"",
    );
  });

  it('rejects bad seeds naming the argument', () => {
    for (const s of [-1, 1.5, NaN, Infinity, 2 ** 53, -1n, 2n ** 64n, '3', null]) {
      expect(() => new Rng(s as number)).toThrow(InvalidParamError);
    }
    expect(() => new Rng(-1)).toThrow('Rng: param seed must be a non-negative integer (a number ≤ 2^53−1 or a bigint < 2^64), got -1');
    expect(() => new Rng(2n ** 64n - 1n)).not.toThrow();
  });
});

describe('Rng.fork', () => {
  it('the child continues the parent stream; the parent jumps 2^128 ahead', () => {
    const parent = new Rng(99);
    const twin = new Rng(99);
    const child = parent.fork();
    expect(child.toJSON().state).toEqual(twin.toJSON().state);
    expect(parent.toJSON().state).toEqual(twin.jump().toJSON().state);
  });

  it('forks differ from the parent and from each other, and are uncorrelated', () => {
    // Fixed seed: |r|·√n under independence is ≈ N(0, 1), so the 5.5 bound fails a correct
    // generator with probability < 4e-8 per pair.
    const n = 20000;
    const parent = new Rng(5);
    const streams = [parent.fork(), parent.fork(), parent.fork(), parent];
    const xs = streams.map((r) => Float64Array.from({ length: n }, () => r.next()));
    for (let a = 0; a < xs.length; a++) {
      for (let b = a + 1; b < xs.length; b++) {
        expect(Array.from(xs[a]!.subarray(0, 8))).not.toEqual(Array.from(xs[b]!.subarray(0, 8)));
        expect(Math.abs(correlation(xs[a]!, xs[b]!)) * Math.sqrt(n)).toBeLessThan(5.5);
      }
    }
  });
});

function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
