import { InvalidInputError, ShapeError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixture from '../refute/__fixtures__/causal_refute.json' with { type: 'json' };
import { confoundedData } from '../scm/generators.js';
import {
  covariateBalance, effectiveSampleSize, lovePlot, matchWeights, overlapPlot, propensityOverlap, propensityScores,
} from './index.js';

const B = fixture.balance;
const input = { treatment: B.treatment, covariates: [B.x1, B.x2], covariateNames: ['x1', 'x2'] };

describe('covariateBalance', () => {
  it('matches numpy: weighted means, pooled-SD SMD before/after, variance ratios, ESS (1e-12)', () => {
    const t = covariateBalance(input, B.weights);
    t.rows.forEach((r, j) => {
      const e = B.rows[j]!;
      expect(r.covariate).toBe(e.covariate);
      for (const k of ['meanTreated', 'meanControl', 'meanTreatedAdjusted', 'meanControlAdjusted', 'smdBefore', 'smdAfter', 'varianceRatioBefore', 'varianceRatioAfter'] as const) {
        expect(Math.abs(r[k] - e[k])).toBeLessThan(1e-12);
      }
    });
    expect(t.ess.treated).toBeCloseTo(B.ess.treated, 10);
    expect(t.ess.control).toBeCloseTo(B.ess.control, 10);
    expect(t.maxAbsSmdBefore).toBeCloseTo(Math.max(...B.rows.map((r) => Math.abs(r.smdBefore))), 14);
  });

  it('SMD and variance ratio are invariant to an affine change of units; weights to a rescaling (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (a, b, c) => {
      const base = covariateBalance(input, B.weights);
      const moved = covariateBalance({ ...input, covariates: [B.x1.map((v) => a * v + b), B.x2] }, B.weights.map((w) => c * w));
      const [r, q] = [base.rows[0]!, moved.rows[0]!];
      expect(q.smdBefore).toBeCloseTo(r.smdBefore, 9);
      expect(q.smdAfter).toBeCloseTo(r.smdAfter, 9);
      expect(q.varianceRatioAfter).toBeCloseTo(r.varianceRatioAfter, 9);
      expect(moved.ess.control).toBeCloseTo(base.ess.control, 9);
    }), { seed: 3, numRuns: 100 });
  });

  it('without weights, after = before and the ESS is the group size', () => {
    const t = covariateBalance(input);
    for (const r of t.rows) {
      expect(r.smdAfter).toBe(r.smdBefore);
      expect(r.varianceRatioAfter).toBe(r.varianceRatioBefore);
    }
    expect(t.ess).toEqual({ treated: t.nTreated, control: t.nControl });
  });

  it('true inverse-propensity weights remove confounding imbalance (n = 20000)', () => {
    const s = confoundedData({ n: 20000, nConfounders: 3, propensityScale: 1.5, seed: 3 });
    const T = s.data.T!, e = s.propensity;
    const w = Float64Array.from(T, (t, i) => (t === 1 ? 1 / e[i]! : 1 / (1 - e[i]!)));
    const tab = covariateBalance({ treatment: T, covariates: s.commonCauses.map((c) => s.data[c]!), covariateNames: s.commonCauses }, w);
    expect(tab.maxAbsSmdBefore).toBeGreaterThan(0.4);
    // IPW balances in expectation; at n = 20000 the residual SMD is a few hundredths.
    expect(tab.maxAbsSmdAfter).toBeLessThan(0.06);
    expect(tab.ess.treated).toBeLessThan(tab.nTreated);
  });

  it('typed errors: non-binary treatment, ragged columns, bad weights, a zero-weight group', () => {
    expect(() => covariateBalance({ ...input, treatment: B.treatment.map((v, i) => (i === 4 ? 2 : v)) })).toThrow(/0\/1, got 2 at row 4/);
    expect(() => covariateBalance({ ...input, treatment: B.treatment.map(() => 1) })).toThrow(/both groups/);
    expect(() => covariateBalance({ ...input, covariates: [B.x1.slice(1), B.x2] })).toThrow(ShapeError);
    expect(() => covariateBalance({ ...input, covariateNames: ['x1'] })).toThrow(ShapeError);
    expect(() => covariateBalance(input, B.weights.map((w, i) => (i === 0 ? -1 : w)))).toThrow(/≥ 0/);
    expect(() => covariateBalance(input, B.treatment.map((t) => t))).toThrow(/control group zero total weight/);
    expect(() => covariateBalance({ ...input, covariates: [B.x1.map((v, i) => (i === 2 ? NaN : v)), B.x2] })).toThrow(InvalidInputError);
  });
});

describe('matchWeights and effectiveSampleSize', () => {
  it('k:1 matches with replacement become ATT weights', () => {
    const w = matchWeights(6, [{ treated: 0, control: [3, 4] }, { treated: 1, control: [3] }]);
    expect(Array.from(w)).toEqual([1, 1, 0, 1.5, 0.5, 0]);
    expect(effectiveSampleSize([1, 1, 1, 1])).toBe(4);
    expect(effectiveSampleSize([1, 0, 0, 0])).toBe(1);
    expect(effectiveSampleSize([0, 0])).toBe(0);
    expect(() => matchWeights(3, [{ treated: 5, control: [0] }])).toThrow(/\[0, 3\)/);
    expect(() => matchWeights(3, [{ treated: 0, control: [] }])).toThrow(/non-empty/);
  });
});

describe('propensityScores and propensityOverlap', () => {
  it('matches statsmodels Logit on the fixed sample (the L2 with C = 1e4 moves it by < 1e-4)', () => {
    const e = propensityScores([B.x1, B.x2], B.treatment);
    let worst = 0;
    B.propensityStatsmodels.forEach((p, i) => (worst = Math.max(worst, Math.abs(e[i]! - p))));
    expect(worst).toBeLessThan(1e-4);
  });

  it('recovers the logistic propensity and summarises overlap', () => {
    const s = confoundedData({ n: 3000, nConfounders: 2, propensityScale: 2, seed: 5 });
    const X = s.commonCauses.map((c) => s.data[c]!);
    const e = propensityScores(X, s.data.T!);
    let mae = 0;
    for (let i = 0; i < e.length; i++) mae += Math.abs(e[i]! - s.propensity[i]!) / e.length;
    expect(mae).toBeLessThan(0.03);
    const o = propensityOverlap(e, s.data.T!, { bins: 10 });
    expect(o.bins).toHaveLength(10);
    expect(o.bins.reduce((a, b) => a + b.treated + b.control, 0)).toBe(3000);
    expect(o.treated.mean).toBeGreaterThan(o.control.mean);
    const [lo, hi] = o.commonSupport;
    const outside = Array.from(e).filter((v, i) => s.data.T![i] === 1 && (v < lo || v > hi)).length;
    expect(o.outsideSupport.treated).toBe(outside);
    expect(propensityScores([], [0, 1, 1, 0])).toEqual(new Float64Array([0.5, 0.5, 0.5, 0.5]));
  });

  it('no overlap is a typed error (all scores 0/1, or disjoint ranges)', () => {
    expect(() => propensityOverlap([0, 0, 1, 1], [0, 0, 1, 1])).toThrow(/no overlap: every propensity score is 0 or 1/);
    expect(() => propensityOverlap([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toThrow(/no overlap: treated scores lie in/);
    expect(() => propensityOverlap([0.1, 1.2, 0.8, 0.9], [0, 0, 1, 1])).toThrow(/\[0, 1\], got 1.2/);
    expect(() => propensityOverlap([0.1, 0.2], [0, 0, 1])).toThrow(ShapeError);
  });
});

describe('plots', () => {
  it('the love plot has one point per covariate and sample, the 0.1 rule, covariates sorted by imbalance', () => {
    const tab = covariateBalance(input, B.weights);
    const spec = lovePlot({ title: 'love', adjusted: { IPW: tab, other: tab } }) as { layer: { data: { values: Record<string, unknown>[] }; encoding: { y?: { sort: string[] } } }[] };
    expect(spec.layer[0]!.data.values).toEqual([{ x: 0.1 }]);
    expect(spec.layer[1]!.data.values).toHaveLength(2 * 3);
    const order = spec.layer[1]!.encoding.y!.sort;
    expect(Math.abs(tab.rows.find((r) => r.covariate === order[0])!.smdBefore)).toBeGreaterThanOrEqual(Math.abs(tab.rows.find((r) => r.covariate === order[1])!.smdBefore));
    expect(() => lovePlot({ title: 'x', adjusted: {} })).toThrow(InvalidInputError);
  });

  it('the overlap plot mirrors the control shares below zero; shares sum to ±1', () => {
    const o = propensityOverlap([0.2, 0.4, 0.45, 0.6, 0.3, 0.7], [0, 0, 0, 1, 1, 1], { bins: 5 });
    const spec = overlapPlot({ title: 'overlap', overlap: o }) as { layer: { data: { values: { share: number; group: string }[] } }[] };
    const v = spec.layer[0]!.data.values;
    expect(v.filter((r) => r.group.startsWith('treated')).reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 14);
    expect(v.filter((r) => r.group.startsWith('control')).reduce((a, r) => a + r.share, 0)).toBeCloseTo(-1, 14);
  });
});
