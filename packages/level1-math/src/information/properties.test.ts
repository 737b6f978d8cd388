/** Identities and bounds that hold for any distributions (fast-check, printed seed on failure). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discreteCrossEntropy, entropy, jensenShannonDistance, jensenShannonDivergence, klDivergence, mutualInformationFromTable, perplexity } from './index.js';

/** A probability vector of length k from positive weights. */
const arbProbs = (k: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: 1e-3, max: 10, noNaN: true }), { minLength: k, maxLength: k }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / s);
  });
const arbPair = fc.integer({ min: 2, max: 8 }).chain((k) => fc.tuple(arbProbs(k), arbProbs(k)));

describe('information identities', () => {
  it('H(p, q) = H(p) + KL(p‖q); KL ≥ 0; bits = nats / ln 2', () => {
    fc.assert(
      fc.property(arbPair, ([p, q]) => {
        const kl = klDivergence(p, q);
        expect(kl).toBeGreaterThanOrEqual(-1e-15);
        expect(Math.abs(discreteCrossEntropy(p, q) - entropy(p) - kl)).toBeLessThan(1e-12);
        expect(Math.abs(entropy(p, { base: 2 }) - entropy(p) / Math.LN2)).toBeLessThan(1e-12);
      }),
    );
  });
  it('0 ≤ H(p) ≤ ln K, and perplexity is in [1, K]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }).chain(arbProbs), (p) => {
        const h = entropy(p);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(Math.log(p.length) + 1e-12);
        expect(perplexity(p)).toBeLessThanOrEqual(p.length * (1 + 1e-12));
        expect(perplexity(p)).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
    );
  });
  it('JS is symmetric and within [0, 1] bit; its square root obeys the triangle inequality', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((k) => fc.tuple(arbProbs(k), arbProbs(k), arbProbs(k))),
        ([p, q, r]) => {
          const js = jensenShannonDivergence(p, q, { base: 2 });
          expect(Math.abs(js - jensenShannonDivergence(q, p, { base: 2 }))).toBeLessThan(1e-15);
          expect(js).toBeLessThanOrEqual(1 + 1e-15);
          expect(jensenShannonDistance(p, r)).toBeLessThanOrEqual(jensenShannonDistance(p, q) + jensenShannonDistance(q, r) + 1e-12);
        },
      ),
    );
  });
  it('MI of a table = H(row sums) + H(column sums) − H(cells), and is 0 for an outer product', () => {
    fc.assert(
      fc.property(fc.tuple(arbProbs(3), arbProbs(4), fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 12, maxLength: 12 })), ([a, b, cells]) => {
        const outer = a.map((ai) => b.map((bj) => ai * bj * 1000));
        expect(mutualInformationFromTable(outer)).toBeLessThan(1e-12);
        if (cells.every((c) => c === 0)) return;
        const T = [0, 1, 2].map((i) => cells.slice(4 * i, 4 * i + 4));
        const N = cells.reduce((s, v) => s + v, 0);
        const rows = T.map((r) => r.reduce((s, v) => s + v, 0) / N);
        const cols = [0, 1, 2, 3].map((j) => T.reduce((s, r) => s + r[j]!, 0) / N);
        const joint = cells.map((c) => c / N);
        expect(Math.abs(mutualInformationFromTable(T) - (entropy(rows) + entropy(cols) - entropy(joint)))).toBeLessThan(1e-12);
      }),
    );
  });
  it('perplexity with a model q is exp of the cross-entropy, whatever unit the latter is in', () => {
    expect(perplexity([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(2 ** discreteCrossEntropy([0.5, 0.5], [0.25, 0.75], { base: 2 }), 12);
    expect(perplexity([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(4, 12);
  });
});
