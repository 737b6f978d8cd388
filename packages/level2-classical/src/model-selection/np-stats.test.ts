/**
 * np-stats against numpy 1.24 / scipy (frozen by scripts/oracles/freeze_model_selection.py):
 * pairwise sum, mean, sklearn's std, rankdata(method='min') and linspace, bit for bit; plus the
 * NaN and ordering rules of the ranks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linspace, npMean, npStd, npSum, rankMin } from './np-stats.js';
import { fx } from './__fixtures__/oracle-data.js';

describe('np-stats vs numpy (bit for bit)', () => {
  for (const c of fx.npStats) {
    it(`n=${c.a.length}: sum, mean, std and ranks of ties`, () => {
      expect(npSum(c.a)).toBe(c.sum);
      expect(npMean(c.a)).toBe(c.mean);
      expect(npStd(c.a)).toBe(c.std);
      expect(Array.from(rankMin(c.ties))).toEqual(c.rankMin);
    });
  }
  for (const c of fx.linspace) {
    it(`linspace(${c.start}, ${c.stop}, ${c.num})`, () => expect(Array.from(linspace(c.start, c.stop, c.num))).toEqual(c.values));
  }
});

describe('rankMin', () => {
  it('rank = 1 + number of strictly larger scores (any scores); NaN ranks last, tied; all NaN gives ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }), (s) => {
        const r = rankMin(s);
        s.forEach((v, i) => expect(r[i]).toBe(1 + s.filter((w) => w > v).length));
      }),
    );
    expect(Array.from(rankMin([0.5, NaN, 0.9, NaN]))).toEqual([2, 3, 1, 3]);
    expect(Array.from(rankMin([NaN, NaN]))).toEqual([1, 1]);
    expect(Array.from(rankMin([-Infinity, Infinity, 0]))).toEqual([3, 1, 2]);
  });
});
