import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrumentData } from '../scm/generators.js';
import { design } from './shared.js';
import { ols } from './ols.js';
import { twoStageLeastSquares } from './two-stage-least-squares.js';
import { waldEstimator } from './wald.js';
import { effectData } from './test-utils.test-utils.js';

describe('waldEstimator and twoStageLeastSquares', () => {
  it('recover the LATE under heterogeneity (τ_i = 2 + U_i): |τ̂ − LATE| < 5 SE for any seed (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const s = instrumentData({ n: 2000, seed, heterogeneity: 1, instrumentStrength: 2 });
      const r = waldEstimator(effectData(s), { method: 'wald' });
      return Math.abs(r.value - s.trueLate) < 5 * r.stdErr && r.target === 'late';
    }), { numRuns: 10 });
  });

  it('the 2SLS SE uses the structural residuals Y − Rβ̂, not the naive second-stage residuals Y − R̂β̂', () => {
    const s = instrumentData({ n: 1000, seed: 3, confounding: 1.5 });
    const d = effectData(s);
    const r = twoStageLeastSquares(d, { method: '2sls', cov: 'nonrobust' });
    // naive: OLS of Y on (1, T̂), its own residuals
    const n = 1000, Z = design(n, true, d.instruments!);
    const fs = ols('t', Z.X, d.treatment, n, Z.k);
    const That = Float64Array.from(d.treatment, (t, i) => t - fs.resid[i]!);
    const S = design(n, true, [That]);
    const naive = ols('t', S.X, d.outcome, n, S.k);
    expect(naive.beta[1]).toBeCloseTo(r.value, 10);
    let ssN = 0, ssS = 0;
    for (let i = 0; i < n; i++) {
      ssN += naive.resid[i]! ** 2;
      ssS += (d.outcome[i]! - naive.beta[0]! - naive.beta[1]! * d.treatment[i]!) ** 2;
    }
    const naiveSe = Math.sqrt((ssN / (n - 2)) * naive.bread[3]!);
    expect(r.stdErr).toBeCloseTo(naiveSe * Math.sqrt(ssS / ssN), 10);
    expect(Math.abs(r.stdErr - naiveSe) / naiveSe).toBeGreaterThan(0.05);
  });

  it('flags a weak instrument: first-stage F < 10 at strength 0.05 (seed pinned: F is random; at this strength its mean is ≈ 1.2)', () => {
    const s = instrumentData({ n: 1000, seed: 1, instrumentStrength: 0.05 });
    const r = twoStageLeastSquares(effectData(s), { method: '2sls' });
    expect(r.details['firstStageF'] as number).toBeLessThan(10);
    expect(r.details['weakInstrument']).toBe(true);
    const strong = twoStageLeastSquares(effectData(instrumentData({ n: 1000, seed: 1, instrumentStrength: 3 })), { method: '2sls' });
    expect(strong.details['firstStageF'] as number).toBeGreaterThan(100);
  });

  it('typed errors: no instrument, a non-binary Wald instrument, two Wald instruments, an instrument that does not move T', () => {
    const s = instrumentData({ n: 200, seed: 2 });
    const d = effectData(s);
    expect(() => waldEstimator({ ...d, instruments: undefined }, { method: 'wald' })).toThrow(/needs data.instruments/);
    expect(() => twoStageLeastSquares({ ...d, instruments: [] }, { method: '2sls' })).toThrow(/needs data.instruments/);
    expect(() => waldEstimator({ ...d, instruments: [d.outcome] }, { method: 'wald' })).toThrow(/instrument must be binary \(0\/1\), got/);
    expect(() => waldEstimator({ ...d, instruments: [d.instruments![0]!, d.instruments![0]!] }, { method: 'wald' })).toThrow(/exactly one/);
    const flat = Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : 0));
    const t = Float64Array.from({ length: 200 }, (_, i) => (i % 4 < 2 ? 1 : 0));
    expect(() => waldEstimator({ ...d, treatment: t, instruments: [flat] }, { method: 'wald' })).toThrow(/does not move the treatment/);
    expect(() => twoStageLeastSquares(d, { method: '2sls', target: 'att' })).toThrow(/param target must be 'ate'/);
  });
});
