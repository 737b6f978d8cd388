import { InvalidInputError, InvalidParamError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/causal_refute.json' with { type: 'json' };
import { eValue, eValueContinuous, eValueOddsRatio, eValueRiskRatio, matchedDifferences, rosenbaumBounds } from './index.js';

describe('E-value (VanderWeele & Ding 2017)', () => {
  it("reproduces the paper's example: RR 3.9 (1.8, 8.7) needs 7.26, its lower limit 3.0", () => {
    const r = eValueRiskRatio(3.9, [1.8, 8.7]);
    expect(r.eValue).toBeCloseTo(7.26, 2);
    expect(r.eValueCi).toBeCloseTo(3.0, 10);
  });

  it('matches the frozen hand computations to 1e-12', () => {
    for (const c of fixture.evalue) {
      const ci = c.ci as [number, number];
      const r = c.kind === 'rr' ? eValueRiskRatio(c.estimate, ci)
        : c.kind === 'or-common' ? eValueOddsRatio(c.estimate, ci)
        : eValueContinuous(c.estimate, c.sdOutcome!, ci);
      expect(r.eValue).toBeCloseTo(c.eValue, 12);
      expect(r.eValueCi).toBeCloseTo(c.eValueCi, 12);
      if (c.kind === 'continuous') expect(r.rr).toBeCloseTo(c.rr!, 12);
    }
  });

  it('is symmetric in RR ↔ 1/RR, 1 at the null, increasing away from it; a CI containing 1 gives 1', () => {
    fc.assert(fc.property(fc.double({ min: 1.0001, max: 50, noNaN: true }), fc.double({ min: 0.001, max: 2, noNaN: true }), (rr, h) => {
      expect(eValue(1 / rr)).toBeCloseTo(eValue(rr), 8);
      expect(eValue(rr + h)).toBeGreaterThan(eValue(rr));
      expect(eValue(rr)).toBeGreaterThanOrEqual(rr);
      expect(eValueRiskRatio(rr, [1 / (1 + h), rr + h]).eValueCi).toBe(1);
    }), { seed: 7, numRuns: 200 });
    expect(eValue(1)).toBe(1);
    expect(eValueOddsRatio(2, undefined, { rare: true }).eValue).toBeCloseTo(eValue(2), 14);
  });

  it('typed errors for a non-positive RR, a bad CI or sd', () => {
    expect(() => eValue(0)).toThrow(InvalidParamError);
    expect(() => eValue(NaN)).toThrow(/rr/);
    expect(() => eValueRiskRatio(2, [3, 1])).toThrow(/ci/);
    expect(() => eValueContinuous(1, 0)).toThrow(/sdOutcome/);
  });
});

describe('Rosenbaum bounds (signed-rank)', () => {
  it('Γ = 1 is scipy\'s Wilcoxon test; bounds and Γ* match the frozen values to 1e-10', () => {
    for (const c of fixture.rosenbaum) {
      const r = rosenbaumBounds(c.differences, { gammas: c.table.map((t) => t.gamma), alternative: c.alternative as 'greater' | 'less' });
      expect(r.n).toBe(c.n);
      expect(r.statistic).toBe(c.statistic);
      expect(r.table[0]!.pUpper).toBeCloseTo(c.scipyWilcoxonP, 12);
      r.table.forEach((row, k) => {
        expect(Math.abs(row.pUpper - c.table[k]!.pUpper)).toBeLessThan(1e-10);
        expect(Math.abs(row.pLower - c.table[k]!.pLower)).toBeLessThan(1e-10);
      });
      expect(r.criticalGamma).toBeCloseTo(c.criticalGamma, 8);
      expect(r.significant).toBe(true);
    }
    // The default alternative follows the sign of the differences.
    expect(rosenbaumBounds(fixture.rosenbaum[1]!.differences).alternative).toBe('less');
  });

  it('p_upper increases with Γ and p_lower decreases; Γ* sits where p_upper crosses alpha', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -2, max: 4, noNaN: true }), { minLength: 8, maxLength: 40 }), (d) => {
      if (d.every((v) => v === 0)) return;
      const gammas = [1, 1.3, 1.7, 2.2, 3, 5];
      const r = rosenbaumBounds(d, { gammas, alternative: 'greater' });
      for (let k = 1; k < gammas.length; k++) {
        expect(r.table[k]!.pUpper).toBeGreaterThanOrEqual(r.table[k - 1]!.pUpper - 1e-15);
        expect(r.table[k]!.pLower).toBeLessThanOrEqual(r.table[k - 1]!.pLower + 1e-15);
      }
      if (r.significant) {
        const at = rosenbaumBounds(d, { gammas: [r.criticalGamma * 0.999, r.criticalGamma * 1.001], alternative: 'greater' }).table;
        expect(at[0]!.pUpper).toBeLessThan(0.05);
        expect(at[1]!.pUpper).toBeGreaterThanOrEqual(0.05);
      } else {
        expect(r.criticalGamma).toBe(1);
      }
    }), { seed: 11, numRuns: 100 });
  });

  it('matchedDifferences averages k controls; typed errors', () => {
    const y = [10, 1, 3, 7, 2];
    expect(Array.from(matchedDifferences(y, [{ treated: 0, control: [1, 2] }, { treated: 3, control: [4] }]))).toEqual([8, 5]);
    expect(() => matchedDifferences(y, [{ treated: 9, control: [1] }])).toThrow(InvalidInputError);
    expect(() => rosenbaumBounds([0, 0, 0])).toThrow(/every difference is 0/);
    expect(() => rosenbaumBounds([1, NaN])).toThrow(InvalidInputError);
    expect(() => rosenbaumBounds([1, 2], { gammas: [0.5] })).toThrow(/gammas/);
  });
});
