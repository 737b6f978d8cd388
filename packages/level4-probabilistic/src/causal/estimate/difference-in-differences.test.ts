import fc from 'fast-check';
import { Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { differenceInDifferences } from './difference-in-differences.js';
import type { EffectData } from './types.js';

/** A two-period panel: unit effects α_i (larger in the treated group), common trend, effect τ in the treated post cell. */
function panel(units: number, tau: number, seed: number): EffectData & { ids: Float64Array } {
  const rng = new Rng(seed);
  const g: number[] = [], p: number[] = [], y: number[] = [], x: number[] = [], ids: number[] = [];
  for (let u = 0; u < units; u++) {
    const G = u < units / 2 ? 1 : 0, a = rng.normal(G ? 2 : 0, 1), xu = rng.normal();
    for (const P of [0, 1]) {
      g.push(G);
      p.push(P);
      x.push(xu);
      ids.push(u);
      y.push(a + 0.5 * xu + 1.5 * P + tau * G * P + rng.normal(0, 0.5));
    }
  }
  return { treatment: Float64Array.from(g), outcome: Float64Array.from(y), post: Float64Array.from(p), covariates: [Float64Array.from(x)], covariateNames: ['x'], ids: Float64Array.from(ids) };
}

describe('differenceInDifferences', () => {
  it('recovers τ under parallel trends despite level differences: |τ̂ − τ| < 5 SE, clustered by unit (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const d = panel(200, 1.2, seed);
      const r = differenceInDifferences(d, { method: 'did', cov: 'cluster', clusters: d.ids });
      return Math.abs(r.value - 1.2) < 5 * r.stdErr && r.target === 'att';
    }), { numRuns: 15 });
  });

  it('the cluster bootstrap (whole units resampled) agrees with the CR1 SE (B = 200)', () => {
    const d = panel(150, 1, 8);
    const cr = differenceInDifferences(d, { method: 'did', cov: 'cluster', clusters: d.ids });
    const cb = differenceInDifferences(d, { method: 'did', cov: 'cluster', clusters: d.ids, bootstrap: 200, seed: 1 });
    expect(cb.details['seMethod']).toBe('bootstrap');
    expect(cb.stdErr / cr.stdErr).toBeGreaterThan(0.75);
    expect(cb.stdErr / cr.stdErr).toBeLessThan(1.33);
  });

  it('the 2×2 of cell means equals the regression coefficient without covariates', () => {
    const d = panel(50, 0.7, 3);
    const r = differenceInDifferences({ ...d, covariates: [], covariateNames: [] }, { method: 'did' });
    const c = r.details['cells'] as Record<string, number>;
    expect(r.value).toBeCloseTo(c['treated/post']! - c['treated/pre']! - (c['control/post']! - c['control/pre']!), 12);
    expect(r.details['twoByTwo']).toBeCloseTo(r.value, 12);
  });

  it('typed errors: an empty cell, a non-binary period, bad clusters', () => {
    const d = panel(20, 1, 1);
    const noPost = { ...d, post: Float64Array.from(d.post!, (v, i) => (d.treatment[i] === 1 ? 0 : v)) };
    expect(() => differenceInDifferences(noPost, { method: 'did' })).toThrow(/treated\/post cell is empty/);
    expect(() => differenceInDifferences({ ...d, post: d.post!.map((v) => v * 2) }, { method: 'did' })).toThrow(/post must be binary/);
    expect(() => differenceInDifferences({ ...d, post: undefined }, { method: 'did' })).toThrow(/post must be a Float64Array/);
    expect(() => differenceInDifferences(d, { method: 'did', cov: 'cluster' })).toThrow(/param clusters must be/);
  });
});
