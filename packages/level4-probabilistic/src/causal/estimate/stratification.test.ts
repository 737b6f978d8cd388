import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confoundedData } from '../scm/generators.js';
import { propensityStratification, type StratumRow } from './stratification.js';
import { effectData } from './test-utils.test-utils.js';

describe('propensityStratification', () => {
  it('quantile strata hold about n/S units each and the estimate is their weighted average', () => {
    const d = effectData(confoundedData({ n: 1000, seed: 4, confounding: 2 }));
    const r = propensityStratification(d, { method: 'stratification', strata: 5 });
    const rows = r.details['strata'] as StratumRow[];
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.treated + row.control).toBe(200);
    const total = rows.filter((x) => x.used).reduce((a, x) => a + x.treated + x.control, 0);
    const avg = rows.filter((x) => x.used).reduce((a, x) => a + ((x.treated + x.control) / total) * x.effect, 0);
    expect(r.value).toBeCloseTo(avg, 12);
    for (let s = 1; s < 5; s++) expect(rows[s]!.lo).toBeGreaterThanOrEqual(rows[s - 1]!.hi - 1e-15);
  });

  it('removes most confounding bias through the propensity: |τ̂ − τ| < 5 SE + residual bias bound (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const s = confoundedData({ n: 1000, seed, confounding: 1, propensityScale: 1 });
      const r = propensityStratification(effectData(s), { method: 'stratification', strata: 10 });
      // 10 strata leave a few per cent of the confounding bias (≈ 0.8 naive here): allow 0.1 on top of 5 SE
      return Math.abs(r.value - s.trueAte) < 5 * r.stdErr + 0.1;
    }), { numRuns: 8 });
  });

  it('drops strata without two units of each group and says how many units that removed', () => {
    const d = effectData(confoundedData({ n: 400, seed: 2, propensityScale: 4 }));
    const r = propensityStratification(d, { method: 'stratification', strata: 40, target: 'att' });
    const rows = r.details['strata'] as StratumRow[];
    const unused = rows.filter((x) => !x.used);
    expect(unused.length).toBeGreaterThan(0);
    expect(r.details['dropped']).toBe(unused.reduce((a, x) => a + x.treated + x.control, 0));
    expect(r.n).toBe(400 - (r.details['dropped'] as number));
    expect(() => propensityStratification(d, { method: 'stratification', strata: 0 })).toThrow(/param strata must be/);
  });
});
