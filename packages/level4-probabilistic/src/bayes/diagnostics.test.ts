import { InvalidInputError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import oracle from './__fixtures__/bayes_oracle.json' with { type: 'json' };
import { essBulk, essMean, essTail, normalQuantile, rankNormalize, rhat, splitChains } from './diagnostics.js';

describe('diagnostics (oracle: NumPy/SciPy implementation of Vehtari et al. 2021, scripts/oracles/freeze_bayes.py)', () => {
  for (const c of oracle.diagnostics) {
    it(`${c.name}: split rank-normalised R-hat, bulk/tail/mean ESS match to 1e-9`, () => {
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
      expect(rel(rhat(c.chains), c.rhat)).toBeLessThan(1e-9);
      expect(rel(essBulk(c.chains), c.essBulk)).toBeLessThan(1e-9);
      expect(rel(essTail(c.chains), c.essTail)).toBeLessThan(1e-9);
      expect(rel(essMean(c.chains), c.essMean)).toBeLessThan(1e-9);
    });
  }

  it('flags the shifted and sticky chains and passes the mixed ones (R-hat thresholds)', () => {
    const r = Object.fromEntries(oracle.diagnostics.map((c) => [c.name, rhat(c.chains)]));
    expect(r['well mixed']).toBeLessThan(1.01);
    expect(r['shifted chain']).toBeGreaterThan(1.05);
  });

  it('normalQuantile inverts the normal CDF to 1e-14', () => {
    for (const [p, z] of [[0.5, 0], [0.975, 1.959963984540054], [1e-10, -6.361340902404056], [0.02, -2.053748910631823]] as const) expect(normalQuantile(p)).toBeCloseTo(z, 13);
    expect(normalQuantile(0)).toBe(-Infinity);
  });

  it('splits odd chains by dropping the middle draw and rank-normalises ties to equal scores', () => {
    expect(splitChains([[1, 2, 3, 4, 5]]).map((c) => Array.from(c))).toEqual([[1, 2], [4, 5]]);
    const z = rankNormalize([Float64Array.of(1, 1, 2, 2)]);
    expect(z[0]![0]).toBe(z[0]![1]);
    expect(z[0]![2]).toBeCloseTo(-z[0]![0]!, 14); // average ranks 1.5 and 3.5 of 4 are mirror images
  });

  it('rejects ragged, short or non-finite chains', () => {
    expect(() => rhat([[1, 2, 3, 4], [1, 2, 3]])).toThrow(ShapeError);
    expect(() => essBulk([[1, 2, 3]])).toThrow(/at least 4 draws/);
    expect(() => essTail([[1, 2, NaN, 4]])).toThrow(InvalidInputError);
    expect(() => rhat([])).toThrow(InvalidInputError);
  });
});
