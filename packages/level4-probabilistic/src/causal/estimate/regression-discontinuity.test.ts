import fc from 'fast-check';
import { Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { ikBandwidth, regressionDiscontinuity } from './regression-discontinuity.js';
import type { EffectData } from './types.js';

/** R ~ U(-1, 1), smooth non-linear m(R), jump τ at c; fuzzy: P(T = 1) jumps from 0.2 to 0.8. */
function rdd(n: number, tau: number, seed: number, fuzzy = false): EffectData {
  const rng = new Rng(seed), c = 0.2;
  const r = new Float64Array(n), t = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = rng.uniform(-1, 1);
    const above = r[i]! >= c ? 1 : 0;
    t[i] = fuzzy ? (rng.next() < (above ? 0.8 : 0.2) ? 1 : 0) : above;
    y[i] = 1 + 0.8 * r[i]! + 0.6 * Math.sin(2 * r[i]!) + tau * t[i]! + rng.normal(0, 0.3);
  }
  return { treatment: t, outcome: y, covariates: [], covariateNames: [], running: r, cutoff: c };
}

describe('regressionDiscontinuity', () => {
  it('sharp: the local-linear jump at the IK bandwidth recovers τ (|τ̂ − τ| < 5 SE, fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const r = regressionDiscontinuity(rdd(1500, 0.8, seed), { method: 'rdd' });
      return Math.abs(r.value - 0.8) < 5 * r.stdErr && r.details['bandwidthRule'] === 'ik' && r.target === 'cutoff';
    }), { numRuns: 10 });
  });

  it('fuzzy: the Wald ratio of the jumps recovers τ (|τ̂ − τ| < 5 SE, fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const r = regressionDiscontinuity(rdd(2000, 0.8, seed, true), { method: 'rdd' });
      return r.details['fuzzy'] === true && Math.abs(r.value - 0.8) < 5 * r.stdErr;
    }), { numRuns: 10 });
  });

  it('the IK bandwidth shrinks with n (∝ n^(-1/5)) and stays inside the data range', () => {
    const a = rdd(500, 0.8, 1), b = rdd(8000, 0.8, 1);
    const ha = ikBandwidth(a.running!, a.outcome, 0.2).h, hb = ikBandwidth(b.running!, b.outcome, 0.2).h;
    expect(ha).toBeGreaterThan(0);
    expect(ha).toBeLessThan(2);
    expect(hb).toBeLessThan(ha);
    const rot = regressionDiscontinuity(a, { method: 'rdd', bandwidth: 'rot' });
    expect(rot.details['bandwidthRule']).toBe('rot');
    const uni = regressionDiscontinuity(a, { method: 'rdd', bandwidth: 0.3, kernel: 'uniform' });
    expect(uni.n).toBe(Array.from(a.running!).filter((v) => Math.abs(v - 0.2) < 0.3).length);
  });

  it('typed errors: no running variable or cutoff, too narrow a bandwidth, a non-binary treatment, a bad bandwidth', () => {
    const d = rdd(300, 1, 2);
    expect(() => regressionDiscontinuity({ ...d, running: undefined }, { method: 'rdd' })).toThrow(/running must be a Float64Array/);
    expect(() => regressionDiscontinuity({ ...d, cutoff: undefined }, { method: 'rdd' })).toThrow(/needs a finite data.cutoff/);
    expect(() => regressionDiscontinuity(d, { method: 'rdd', bandwidth: 1e-4 })).toThrow(/widen the bandwidth/);
    expect(() => regressionDiscontinuity({ ...d, treatment: d.treatment.map((v) => v * 0.5) }, { method: 'rdd' })).toThrow(/treatment must be binary \(0\/1\).*got 0.5/);
    expect(() => regressionDiscontinuity(d, { method: 'rdd', bandwidth: -1 })).toThrow(/param bandwidth must be/);
  });
});
