/**
 * Clustering metrics: input errors, worked values and properties (label renaming, symmetry,
 * ranges, invariances).
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calinskiHarabaszScore, daviesBouldinScore } from './internal-indices.js';
import { adjustedMutualInfoScore } from './mutual-info.js';
import { adjustedRandScore, pairConfusionMatrix, randScore } from './rand-index.js';
import { silhouetteSamples, silhouetteScore } from './silhouette.js';

const labelsArb = (n: number, k: number) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n });

function pointsWithLabels(seed: number, n = 30, d = 2, k = 3): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const y = Array.from({ length: n }, (_, i) => i % k);
  return { X: y.map((c) => Array.from({ length: d }, (_, a) => 3 * c * (a + 1) + rng.normal(0, 1))), y };
}

describe('pair counting: worked values and errors', () => {
  it('pairConfusionMatrix counts ordered pairs; ARI/Rand of simple cases', () => {
    // a = [0,0,1,1], b = [0,0,0,1]: together in both: (0,1) → 2 ordered; in b only: (0,2), (1,2) → 4; in a only: (2,3) → 2.
    expect(pairConfusionMatrix([0, 0, 1, 1], [0, 0, 0, 1])).toEqual([[4n, 4n], [2n, 2n]]);
    expect(randScore([0, 0, 1, 1], [0, 0, 0, 1])).toBe(0.5);
    expect(adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandScore(['a', 'a', 'b'], [7, 7, 3])).toBe(1);
    expect(adjustedRandScore([0, 0, 1, 1], [0, 1, 0, 1])).toBe(-0.5);
    expect(randScore([1, 1, 1], [2, 2, 2])).toBe(1);
  });

  it('errors: lengths, empty, non-labels, unknown averageMethod', () => {
    expect(() => adjustedRandScore([0, 1], [0])).toThrow(ShapeError);
    expect(() => adjustedRandScore([], [])).toThrow(InvalidInputError);
    expect(() => adjustedRandScore([0, NaN], [0, 1])).toThrow(InvalidInputError);
    expect(() => randScore([[0]] as never, [0])).toThrow(ShapeError);
    expect(() => adjustedMutualInfoScore([0, 1], [0, 1], { averageMethod: 'median' as never })).toThrow(InvalidParamError);
  });

  it('large n stays exact (BigInt counts): ARI of a labeling with itself is 1, with a fixed point 0 for independent halves', () => {
    const n = 200_000;
    const a = Int32Array.from({ length: n }, (_, i) => i % 7);
    expect(adjustedRandScore(a, a)).toBe(1);
    const b = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 7) % 2);
    expect(Math.abs(adjustedRandScore(a, b))).toBeLessThan(1e-4);
  });
});

describe('pair counting and AMI properties (fast-check)', () => {
  it('ARI, Rand and AMI are invariant to renaming the labels of either side, and symmetric', () => {
    fc.assert(
      fc.property(labelsArb(30, 4), labelsArb(30, 5), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (a, b, seed) => {
        const rng = new Rng(seed);
        const renameA = rng.permutation(4), renameB = rng.permutation(5);
        const a2 = a.map((v) => `c${renameA[v]}`), b2 = b.map((v) => 10 * renameB[v]!);
        expect(adjustedRandScore(a2, b2)).toBe(adjustedRandScore(a, b));
        expect(adjustedRandScore(b, a)).toBe(adjustedRandScore(a, b));
        expect(randScore(a2, b2)).toBe(randScore(a, b));
        expectClose(adjustedMutualInfoScore(a2, b2), adjustedMutualInfoScore(a, b), { rtol: 1e-12, atol: 1e-12 });
        expectClose(adjustedMutualInfoScore(b, a), adjustedMutualInfoScore(a, b), { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 100 },
    );
  });

  it('ranges: Rand in [0, 1], ARI in [−0.5, 1], ARI = AMI = 1 for a labeling against itself (≥ 2 clusters)', () => {
    fc.assert(
      fc.property(labelsArb(20, 3), labelsArb(20, 3), (a, b) => {
        const r = randScore(a, b), ari = adjustedRandScore(a, b);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
        expect(ari).toBeGreaterThanOrEqual(-0.5);
        expect(ari).toBeLessThanOrEqual(1 + 1e-15);
        expect(adjustedRandScore(a, a)).toBe(1);
        if (new Set(a).size > 1) expectClose(adjustedMutualInfoScore(a, a), 1, { rtol: 0, atol: 1e-12 });
      }),
      { numRuns: 100 },
    );
  });
});

describe('silhouette', () => {
  it('worked example: two tight pairs far apart', () => {
    const X = [[0], [1], [10], [11]];
    const s = silhouetteSamples(X, [0, 0, 1, 1]);
    // point 0: a = 1, b = (10 + 11) / 2 = 10.5 → 1 − 1/10.5
    expectClose(s[0]!, 1 - 1 / 10.5, { rtol: 1e-15 });
    expectClose(silhouetteScore(X, [0, 0, 1, 1]), (2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4, { rtol: 1e-15 });
    expect(silhouetteSamples([[0], [1], [10]], [0, 0, 1])[2]).toBe(0); // alone in its cluster
  });

  it('errors: label count, lengths, precomputed shape and diagonal, sampleSize', () => {
    const X = [[0], [1], [2]];
    expect(() => silhouetteScore(X, [0, 0, 0])).toThrow(/number of labels is 1/);
    expect(() => silhouetteScore(X, [0, 1, 2])).toThrow(/number of labels is 3/);
    expect(() => silhouetteScore(X, [0, 1])).toThrow(ShapeError);
    expect(() => silhouetteScore([[0, 1, 2], [1, 0, 1]], [0, 1], { metric: 'precomputed' })).toThrow(ShapeError);
    expect(() => silhouetteScore([[1, 1], [1, 0]], [0, 1], { metric: 'precomputed' })).toThrow(/diagonal/);
    expect(() => silhouetteScore(X, [0, 1, 1], { metric: 'cosine' as never })).toThrow(InvalidParamError);
    expect(() => silhouetteScore(X, [0, 1, 1], { sampleSize: 1 })).toThrow(InvalidParamError);
    expect(() => calinskiHarabaszScore(X, [0, 0, 0])).toThrow(InvalidInputError);
    expect(() => daviesBouldinScore(X, [0, 1])).toThrow(ShapeError);
  });

  it('precomputed exact distances give the same samples as euclidean; sampleSize = n gives the full score', () => {
    const { X, y } = pointsWithLabels(2);
    const D = X.map((a) => X.map((b) => Math.sqrt(a.reduce((s, v, q) => s + (v - b[q]!) ** 2, 0))));
    expectClose(silhouetteSamples(D, y, { metric: 'precomputed' }), silhouetteSamples(X, y), { rtol: 1e-14, atol: 1e-15 });
    expectClose(silhouetteScore(X, y, { sampleSize: 30, seed: 4 }), silhouetteScore(X, y), { rtol: 1e-12 });
    expect(silhouetteScore(X, y, { sampleSize: 12, seed: 4 })).toBe(silhouetteScore(X, y, { sampleSize: 12, seed: 4 }));
  });

  it('silhouette samples lie in [−1, 1], for any data and labels (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: 4, maxLength: 25 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('euclidean' as const, 'manhattan' as const),
        (X, seed, metric) => {
          const rng = new Rng(seed);
          const y = X.map((_, i) => (i < 2 ? i : rng.int(3)));
          if (new Set(y).size >= X.length) return true;
          const s = silhouetteSamples(X, y, { metric });
          return s.every((v) => v >= -1 && v <= 1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('invariances: silhouette and Davies–Bouldin ignore translation and scaling; Calinski–Harabasz too (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (seed, c, t) => {
        const { X, y } = pointsWithLabels(seed);
        const Y = X.map((r) => r.map((v) => c * v + t));
        expectClose(silhouetteScore(Y, y), silhouetteScore(X, y), { rtol: 1e-9, atol: 1e-12 });
        expectClose(daviesBouldinScore(Y, y), daviesBouldinScore(X, y), { rtol: 1e-9 });
        expectClose(calinskiHarabaszScore(Y, y), calinskiHarabaszScore(X, y), { rtol: 1e-9 });
      }),
      { numRuns: 50 },
    );
  });
});
