import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confoundedData } from '../scm/generators.js';
import { differenceInMeans } from './difference-in-means.js';
import { effectData, tiny } from './test-utils.test-utils.js';

describe('differenceInMeans', () => {
  it('is the hand-computed difference with the Welch SE and Satterthwaite df', () => {
    const r = differenceInMeans(tiny(), { method: 'difference-in-means' });
    // treated 5, 7, 6, 8: mean 6.5, var 5/3; control 2, 3, 1, 4: mean 2.5, var 5/3
    expect(r.value).toBeCloseTo(4, 14);
    expect(r.stdErr).toBeCloseTo(Math.sqrt(5 / 12 + 5 / 12), 14);
    expect(r.details['welchDf']).toBeCloseTo(6, 12);
    expect(r.ci[0]).toBeCloseTo(4 - 1.959963984540054 * r.stdErr, 12);
    expect(r.n).toBe(8);
  });

  it('is unbiased in a randomised trial: |estimate − ATE| < 5 SE for any seed (fast-check, printed seed on failure)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const s = confoundedData({ n: 400, seed, propensityScale: 0, confounding: 2 });
      const r = differenceInMeans(effectData(s), { method: 'difference-in-means' });
      return Math.abs(r.value - s.trueAte) < 5 * r.stdErr;
    }), { numRuns: 20 });
  });

  it('is biased under confounding (the reason for the other estimators)', () => {
    const s = confoundedData({ n: 2000, seed: 3, propensityScale: 2, confounding: 2 });
    const r = differenceInMeans(effectData(s), { method: 'difference-in-means' });
    expect(r.value - s.trueAte).toBeGreaterThan(10 * r.stdErr);
  });

  it('bootstrap SE agrees with Welch (within MC error of B = 300) and gives a percentile CI', () => {
    const s = confoundedData({ n: 600, seed: 5, propensityScale: 0 });
    const a = differenceInMeans(effectData(s), { method: 'difference-in-means' });
    const b = differenceInMeans(effectData(s), { method: 'difference-in-means', bootstrap: 300, seed: 1 });
    expect(b.value).toBe(a.value);
    expect(b.stdErr / a.stdErr).toBeGreaterThan(0.8);
    expect(b.stdErr / a.stdErr).toBeLessThan(1.2);
    expect(b.details['seMethod']).toBe('bootstrap');
    expect(b.ci[0]).toBeLessThan(b.value);
    expect(b.ci[1]).toBeGreaterThan(b.value);
    expect(differenceInMeans(effectData(s), { method: 'difference-in-means', bootstrap: 300, seed: 1 })).toEqual(b);
  });
});
