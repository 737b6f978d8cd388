/**
 * Entropy, cross-entropy, KL, Jensen–Shannon and discrete mutual information against frozen
 * scipy / scikit-learn values (scripts/oracles/freeze_information.py), in nats, bits and base 10.
 */
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../probability/fixture.test-utils.js';
import { discreteCrossEntropy, entropy, entropyFromCounts, jensenShannonDistance, jensenShannonDivergence, klDivergence, mutualInformation, mutualInformationFromTable, type LogBase } from './index.js';

type Case = Record<string, number | number[]>;
interface Fixture {
  entropy: Case[];
  entropyFromCounts: { counts: number[]; entropy: number; bits: number }[];
  pairs: Case[];
  mutualInformation: { a: (number | string)[]; b: (number | string)[]; mi: number }[];
  tables: { table: number[][]; integer: boolean; mi: number; entropyIdentity: number }[];
}
const fx = loadFixture<Fixture>(import.meta.url, 'information.json');
const BASES: [string, LogBase][] = [['e', 'e'], ['2', 2], ['10', 10]];
// Closed-form sums of K terms: 1e-12 relative (atol for values that are exactly 0).
const TOL = { rtol: 1e-12, atol: 1e-15 };

describe('entropy matches scipy.stats.entropy', () => {
  fx.entropy.forEach((c, i) => {
    it(`case ${i} (K = ${(c.p as number[]).length})`, () => {
      for (const [key, base] of BASES) expectClose(entropy(c.p as number[], { base }), c[`base_${key}`] as number, { ...TOL, name: `base ${key}` });
      expect(entropy(c.p as number[])).toBe(entropy(c.p as number[], { base: 'e' })); // nats by default
    });
  });
  it('entropyFromCounts normalises counts like scipy', () => {
    for (const c of fx.entropyFromCounts) {
      expectClose(entropyFromCounts(c.counts), c.entropy, TOL);
      expectClose(entropyFromCounts(c.counts, { base: 2 }), c.bits, TOL);
    }
  });
});

describe('divergences match scipy', () => {
  fx.pairs.forEach((c, i) => {
    it(`pair ${i}`, () => {
      const p = c.p as number[], q = c.q as number[];
      for (const [key, base] of BASES) {
        const kl = klDivergence(p, q, { base });
        expectClose(kl, c[`kl_${key}`] as number, { ...TOL, name: 'KL vs scipy.stats.entropy(p, q)' });
        expectClose(kl, c[`relEntrSum_${key}`] as number, { ...TOL, name: 'KL vs sum rel_entr' });
        expectClose(discreteCrossEntropy(p, q, { base }), c[`crossEntropy_${key}`] as number, { ...TOL, name: 'cross-entropy vs -sum xlogy' });
        expectClose(jensenShannonDistance(p, q, { base }), c[`jsDistance_${key}`] as number, { ...TOL, name: 'JS distance' });
        expectClose(jensenShannonDivergence(p, q, { base }), (c[`jsDistance_${key}`] as number) ** 2, { ...TOL, name: 'JS divergence' });
      }
    });
  });
  it('KL with q_k = 0 < p_k is +∞ on purpose, while JS stays finite', () => {
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(discreteCrossEntropy([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(klDivergence([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 15);
    expectClose(jensenShannonDivergence([1, 0], [0, 1], { base: 2 }), 1, { rtol: 1e-15 });
  });
});

describe('mutual information matches sklearn.metrics.mutual_info_score', () => {
  fx.mutualInformation.forEach((c, i) => {
    it(`labels case ${i}`, () => {
      expectClose(mutualInformation(c.a, c.b), c.mi, TOL);
      expectClose(mutualInformation(c.a, c.b, { base: 2 }), c.mi / Math.LN2, TOL);
    });
  });
  fx.tables.forEach((c, i) => {
    it(`contingency table ${i}`, () => {
      const mi = mutualInformationFromTable(c.table);
      // sklearn truncates non-integer counts (an int64 cast of the marginal products), so it is
      // the reference for integer tables only; H(rows) + H(cols) − H(cells) from scipy for all.
      if (c.integer) expectClose(mi, c.mi, TOL);
      expectClose(mi, c.entropyIdentity, { rtol: 1e-12, atol: 1e-14 });
    });
  });
});
