/**
 * Discrete samplers. Fixed seeds; every chi-square test requires p > 1e-7 and every proportion
 * stays within 5.5 standard errors, so a correct sampler fails with probability < 1e-6.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { Rng } from './rng.js';
import { chiSquareTest } from './stat-tests.js';

const ALPHA = 1e-7;

function counts(k: number, n: number, f: () => number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) c[f()]!++;
  return c;
}

describe('int', () => {
  it('is uniform on [0, n) for a small n and stays in range for large n', () => {
    const rng = new Rng(61);
    const c = counts(7, 70000, () => rng.int(7));
    expect(chiSquareTest(c, new Array(7).fill(10000)).pValue).toBeGreaterThan(ALPHA);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 53 }), fc.nat(), (n, seed) => {
        const r = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const v = r.int(n);
          expect(Number.isInteger(v) && v >= 0 && v < n).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is unbiased where plain modulo would not be: n = 3·2^30 over 32 bits', () => {
    // 2^32 mod n = 2^30, so x mod n would make [0, 2^30) twice as likely as the rest.
    const rng = new Rng(62);
    const n = 3 * 2 ** 30;
    const c = counts(3, 30000, () => Math.floor(rng.int(n) / 2 ** 30));
    expect(chiSquareTest(c, [10000, 10000, 10000]).pValue).toBeGreaterThan(ALPHA);
  });

  it('rejects n that is not a positive integer ≤ 2^53', () => {
    const rng = new Rng(0);
    for (const n of [0, -3, 2.5, NaN, 2 ** 53 + 2]) expect(() => rng.int(n)).toThrow(InvalidParamError);
    expect(() => rng.int(0)).toThrow('Rng.int: param n must be a positive integer ≤ 2^53, got 0');
  });
});

describe('categorical and bernoulli', () => {
  it('draws index i with probability p_i / Σp and never a zero-weight index', () => {
    const p = [1, 0, 3, 6]; // not normalised
    const rng = new Rng(71);
    const n = 50000;
    const c = counts(4, n, () => rng.categorical(p));
    expect(c[1]).toBe(0);
    expect(chiSquareTest(c, p.map((w) => (w / 10) * n)).pValue).toBeGreaterThan(ALPHA);
  });

  it('rejects negative, NaN, infinite, empty and all-zero weights', () => {
    const rng = new Rng(0);
    expect(() => rng.categorical([0.5, -0.1])).toThrow('Rng.categorical: p[1] is -0.1; weights must be finite and non-negative');
    expect(() => rng.categorical([NaN])).toThrow(InvalidInputError);
    expect(() => rng.categorical([Infinity, 1])).toThrow(InvalidInputError);
    expect(() => rng.categorical([])).toThrow(InvalidInputError);
    expect(() => rng.categorical([0, 0])).toThrow('Rng.categorical: p sums to 0; at least one weight must be positive and the sum finite');
  });

  it('bernoulli(p) has mean p; p outside [0, 1] is rejected', () => {
    const rng = new Rng(72);
    const n = 50000;
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.bernoulli(0.3)) k++;
    expect(Math.abs(k / n - 0.3)).toBeLessThan(5.5 * Math.sqrt((0.3 * 0.7) / n));
    expect(rng.bernoulli(0)).toBe(false);
    expect(rng.bernoulli(1)).toBe(true);
    expect(() => rng.bernoulli(1.2)).toThrow('Rng.bernoulli: param p must be a probability in [0, 1], got 1.2');
  });
});

describe('permutation and shuffle', () => {
  it('permutation(n) is a permutation of 0..n-1 for any n and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.nat(), (n, seed) => {
        const p = new Rng(seed).permutation(n);
        expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('all 6 orderings of 3 items are equally likely (chi-square)', () => {
    const rng = new Rng(81);
    const n = 60000;
    const c = counts(6, n, () => {
      const p = rng.permutation(3);
      return p[0]! * 2 + (p[1]! > p[2]! ? 1 : 0); // a bijection of S_3 onto 0..5
    });
    expect(chiSquareTest(c, new Array(6).fill(n / 6)).pValue).toBeGreaterThan(ALPHA);
  });

  it('shuffle permutes in place, returns its argument and works on plain arrays', () => {
    const a = ['a', 'b', 'c', 'd', 'e'];
    const out = new Rng(3).shuffle(a);
    expect(out).toBe(a);
    expect([...a].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(() => new Rng(0).shuffle(null as unknown as number[])).toThrow(InvalidInputError);
    expect(() => new Rng(0).permutation(-1)).toThrow(InvalidParamError);
  });
});

describe('choice', () => {
  it('without replacement gives distinct values in range, for any n, size ≤ n and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (n, seed, frac) => {
        const size = Math.floor(frac * n);
        const c = new Rng(seed).choice(n, size, { replace: false });
        expect(c.length).toBe(size);
        expect(new Set(c).size).toBe(size);
        expect(c.every((v) => v >= 0 && v < n)).toBe(true);
      }),
    );
  });

  it('without replacement, every ordered pair of 4 items is equally likely', () => {
    const rng = new Rng(91);
    const n = 36000;
    const c = counts(16, n, () => {
      const [a, b] = rng.choice(4, 2, { replace: false });
      return a! * 4 + b!;
    });
    const expected = Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 0 : n / 12)); // diagonal impossible
    expect(chiSquareTest(c, expected).pValue).toBeGreaterThan(ALPHA);
  });

  it('weighted, without replacement: distinct, zero weights never drawn, first pick follows p', () => {
    const p = [0.5, 0, 0.25, 0.25];
    const rng = new Rng(92);
    const n = 40000;
    const first = new Array<number>(4).fill(0);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const c = rng.choice(4, 3, { replace: false, p });
      if (new Set(c).size !== 3 || c.includes(1)) bad++;
      first[c[0]!]!++;
    }
    expect(bad).toBe(0);
    expect(chiSquareTest(first, p.map((w) => w * n)).pValue).toBeGreaterThan(ALPHA);
    expect(() => rng.choice(4, 4, { replace: false, p })).toThrow(InvalidParamError);
  });

  it('weighted, with replacement: frequencies follow p (same rule as categorical)', () => {
    const p = [2, 1, 1];
    const a = new Rng(93).choice(3, 30000, { p });
    const b = new Rng(93);
    expect(Array.from(a.subarray(0, 50))).toEqual(Array.from({ length: 50 }, () => b.categorical(p)));
    const c = [0, 0, 0];
    for (const v of a) c[v]!++;
    expect(chiSquareTest(c, [15000, 7500, 7500]).pValue).toBeGreaterThan(ALPHA);
  });

  it('rejects bad arguments naming them', () => {
    const rng = new Rng(0);
    expect(() => rng.choice(3, 4, { replace: false })).toThrow('Rng.choice: param size must be ≤ n (3) when replace is false, got 4');
    expect(() => rng.choice(0, 1)).toThrow(InvalidParamError);
    expect(() => rng.choice(3, -1)).toThrow(InvalidParamError);
    expect(() => rng.choice(3, 2, { p: [1, 1] })).toThrow('Rng.choice: p has 2 entries but n is 3');
  });
});
