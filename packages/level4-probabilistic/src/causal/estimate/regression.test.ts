import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confoundedData } from '../scm/generators.js';
import { differenceInMeans } from './difference-in-means.js';
import { regressionAdjustment } from './regression.js';
import { effectData, tiny } from './test-utils.test-utils.js';

describe('regressionAdjustment', () => {
  it('without covariates equals the difference in means, and the HC0 SE is the Welch SE with n in place of n − 1', () => {
    const d = { ...tiny(), covariates: [], covariateNames: [] };
    const r = regressionAdjustment(d, { method: 'regression', cov: 'hc0' });
    expect(r.value).toBeCloseTo(differenceInMeans(d, { method: 'difference-in-means' }).value, 13);
    // HC0 of a two-group regression: sum of squared deviations / n_a^2 in each arm
    expect(r.stdErr).toBeCloseTo(Math.sqrt(5 / 16 + 5 / 16), 13);
    const att = regressionAdjustment(d, { method: 'regression', target: 'att' });
    expect(att.value).toBeCloseTo(4, 13);
  });

  it('recovers a constant effect under linear confounding: |τ̂ − τ| < 5 SE for any seed (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const s = confoundedData({ n: 500, seed, confounding: 3, propensityScale: 1.5 });
      const r = regressionAdjustment(effectData(s), { method: 'regression' });
      return Math.abs(r.value - s.trueAte) < 5 * r.stdErr;
    }), { numRuns: 15 });
  });

  it('ATT and ATC by g-computation track the sample effects under heterogeneity (τ(W) = 2 + W1)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const s = confoundedData({ n: 800, seed, heterogeneity: 1, confounding: 2, propensityScale: 1.5 });
      const d = effectData(s);
      const att = regressionAdjustment(d, { method: 'regression', target: 'att' });
      const atc = regressionAdjustment(d, { method: 'regression', target: 'atc' });
      const ate = regressionAdjustment(d, { method: 'regression', separate: true });
      let sc = 0, nc = 0;
      for (let i = 0; i < s.cate.length; i++) if (d.treatment[i] === 0) (sc += s.cate[i]!), nc++;
      return Math.abs(att.value - s.trueAtt) < 5 * att.stdErr && Math.abs(atc.value - sc / nc) < 5 * atc.stdErr && Math.abs(ate.value - s.trueAte) < 5 * ate.stdErr;
    }), { numRuns: 10 });
  });

  it('all robust SE types are finite and HC1 = HC0·sqrt(n/(n−k)); a collinear covariate is a typed error', () => {
    const s = confoundedData({ n: 300, seed: 2 });
    const d = effectData(s);
    const hc0 = regressionAdjustment(d, { method: 'regression', cov: 'hc0' }).stdErr;
    const hc1 = regressionAdjustment(d, { method: 'regression', cov: 'hc1' }).stdErr;
    expect(hc1).toBeCloseTo(hc0 * Math.sqrt(300 / (300 - 7)), 12);
    for (const cov of ['nonrobust', 'hc2', 'hc3'] as const) expect(regressionAdjustment(d, { method: 'regression', cov }).stdErr).toBeGreaterThan(0);
    const dup = { ...d, covariates: [...d.covariates, d.covariates[0]!.map((v) => 2 * v)], covariateNames: [...d.covariateNames, 'W1x2'] };
    expect(() => regressionAdjustment(dup, { method: 'regression' })).toThrow(/singular \(collinear/);
    expect(() => regressionAdjustment(d, { method: 'regression', cov: 'hc9' })).toThrow(/param cov must be/);
  });
});
