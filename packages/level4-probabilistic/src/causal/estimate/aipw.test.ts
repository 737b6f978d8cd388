import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confoundedData } from '../scm/generators.js';
import { aipw } from './aipw.js';
import { effectData } from './test-utils.test-utils.js';

describe('aipw', () => {
  it('is doubly robust: |τ̂ − τ| < 5 SE with a misspecified outcome model or a misspecified propensity (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom('outcome', 'propensity'), (seed, wrong) => {
      const s = confoundedData({
        n: 1000, seed, confounding: 2, propensityScale: 1, heterogeneity: 0.5,
        outcomeNonlinearity: wrong === 'outcome' ? 1 : 0, propensityNonlinearity: wrong === 'propensity' ? 0.8 : 0,
      });
      const d = effectData(s);
      const ate = aipw(d, { method: 'aipw' }), att = aipw(d, { method: 'aipw', target: 'att' });
      return Math.abs(ate.value - s.trueAte) < 5 * ate.stdErr && Math.abs(att.value - s.trueAtt) < 5 * att.stdErr;
    }), { numRuns: 8 });
  });

  it('95% CIs cover the sample ATE in most of 40 data sets where both models hold (coverage ≥ 0.85)', () => {
    let covered = 0;
    for (let seed = 0; seed < 40; seed++) {
      const s = confoundedData({ n: 500, seed: 500 + seed, confounding: 2, propensityScale: 1 });
      const r = aipw(effectData(s), { method: 'aipw' });
      if (r.ci[0] <= s.trueAte && s.trueAte <= r.ci[1]) covered++;
    }
    expect(covered / 40).toBeGreaterThanOrEqual(0.85);
  });

  it('ATC uses the treated-arm model; ATE with both correct models has a smaller SE than IPW-style weighting alone', () => {
    const s = confoundedData({ n: 800, seed: 21, confounding: 3, heterogeneity: 1 });
    const d = effectData(s);
    const atc = aipw(d, { method: 'aipw', target: 'atc' });
    expect(atc.details['mu0']).toBeNull();
    expect((atc.details['mu1'] as Float64Array).length).toBe(800);
    let sc = 0, nc = 0;
    for (let i = 0; i < 800; i++) if (d.treatment[i] === 0) (sc += s.cate[i]!), nc++;
    expect(Math.abs(atc.value - sc / nc)).toBeLessThan(5 * atc.stdErr);
    const trimmed = aipw(d, { method: 'aipw', trim: 0.05 });
    expect(trimmed.n).toBe(800 - (trimmed.details['trimmed'] as number));
  });

  it('bootstrap SE agrees with the influence-function SE (B = 100)', () => {
    const d = effectData(confoundedData({ n: 400, seed: 9, confounding: 2 }));
    const a = aipw(d, { method: 'aipw' }), b = aipw(d, { method: 'aipw', bootstrap: 100, seed: 2 });
    expect(b.stdErr / a.stdErr).toBeGreaterThan(0.75);
    expect(b.stdErr / a.stdErr).toBeLessThan(1.33);
  });
});
