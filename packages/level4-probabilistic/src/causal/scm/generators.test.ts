/**
 * Synthetic generators: determinism, the W8 setting, unbiasedness of IPW with the true
 * propensity, the bias of the naive contrast under confounding (and its absence without), the
 * overlap and instrument-strength knobs (monotone for a fixed seed, since the exogenous draws
 * do not depend on the knobs), non-linearity, heterogeneity (SATT ≠ SATE), and the Wald ratio
 * against the true LATE. Statistical checks allow 5.5 standard errors (two-sided 3.8e-8);
 * seeds are fixed for reproducibility, none was tuned.
 */
import { InvalidParamError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { identifyEffect } from '../graph/identify.js';
import { W8_OPTIONS, confoundedData, instrumentData, w8Data } from './generators.js';

const Z = 5.5;
const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
};
const variance = (a: ArrayLike<number>): number => {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return s / (a.length - 1);
};
function diffInMeans(t: Float64Array, y: Float64Array): { est: number; se: number } {
  const y1 = y.filter((_, i) => t[i] === 1), y0 = y.filter((_, i) => t[i] === 0);
  return { est: mean(y1) - mean(y0), se: Math.sqrt(variance(y1) / y1.length + variance(y0) / y0.length) };
}

describe('confoundedData', () => {
  it('W8: n = 10000, 10 confounders, effect 2 exactly, logistic propensity; the graph identifies by backdoor', () => {
    const s = w8Data(0);
    expect(W8_OPTIONS.n).toBe(10_000);
    expect(Object.keys(s.data)).toEqual([...Array.from({ length: 10 }, (_, j) => `W${j + 1}`), 'T', 'Y']);
    for (const col of Object.values(s.data)) expect(col).toHaveLength(10_000);
    expect([s.trueAte, s.trueAtt, s.populationAte]).toEqual([2, 2, 2]);
    expect(s.propensity.every((p) => p > 0 && p < 1)).toBe(true);
    expect(s.data.T!.every((t) => t === 0 || t === 1)).toBe(true);
    // T ~ Bernoulli(e): the treated share matches the mean propensity.
    const n = s.propensity.length;
    const ebar = mean(s.propensity);
    expect(Math.abs(mean(s.data.T!) - ebar)).toBeLessThan(Z * Math.sqrt(ebar * (1 - ebar) / n));
    const est = identifyEffect(s.graph, s.treatment, s.outcome);
    expect(est).toMatchObject({ kind: 'backdoor', adjustmentSet: s.commonCauses });
  });

  it('deterministic in the seed; Y is the observed potential outcome', () => {
    const a = confoundedData({ n: 300, seed: 7, heterogeneity: 0.5 }), b = confoundedData({ n: 300, seed: 7, heterogeneity: 0.5 });
    expect(a.data).toEqual(b.data);
    expect(a.propensity).toEqual(b.propensity);
    expect(confoundedData({ n: 300, seed: 8 }).data.Y).not.toEqual(a.data.Y);
    const { y0, y1 } = a.potentialOutcomes;
    for (let i = 0; i < 300; i++) {
      expect(a.data.Y![i]).toBe(a.data.T![i] ? y1[i] : y0[i]);
      expect(Math.abs(y1[i]! - y0[i]! - a.cate[i]!)).toBeLessThan(1e-12);
      expect(Math.abs(a.cate[i]! - (2 + 0.5 * a.data.W1![i]!))).toBeLessThan(1e-12);
    }
  });

  it('IPW with the true propensity is unbiased for the ATE; the naive contrast is not', () => {
    const s = w8Data(1);
    const { T, Y } = s.data as { T: Float64Array; Y: Float64Array };
    const terms = Float64Array.from(T, (t, i) => (t * Y[i]!) / s.propensity[i]! - ((1 - t) * Y[i]!) / (1 - s.propensity[i]!));
    expect(Math.abs(mean(terms) - s.trueAte)).toBeLessThan(Z * Math.sqrt(variance(terms) / terms.length));
    const naive = diffInMeans(T, Y);
    expect(naive.est - s.trueAte).toBeGreaterThan(0.3); // confounding pushes the naive contrast up (about +0.8 here)
  });

  it('no confounding of the outcome, or a randomised treatment: the naive contrast is unbiased', () => {
    for (const opts of [{ confounding: 0 }, { propensityScale: 0 }]) {
      const s = confoundedData({ n: 4000, seed: 2, ...opts });
      const { est, se } = diffInMeans(s.data.T!, s.data.Y!);
      expect(Math.abs(est - s.trueAte)).toBeLessThan(Z * se);
    }
  });

  it('overlap knob: the share of propensities outside [0.05, 0.95] grows with the scale, for a fixed seed', () => {
    const extreme = [0, 1, 2, 4, 8].map((k) => {
      const e = confoundedData({ n: 2000, seed: 3, propensityScale: k }).propensity;
      return e.filter((p) => p < 0.05 || p > 0.95).length / e.length;
    });
    expect(extreme[0]).toBe(0);
    for (let k = 1; k < extreme.length; k++) expect(extreme[k]!).toBeGreaterThanOrEqual(extreme[k - 1]!);
    expect(extreme[4]!).toBeGreaterThan(0.5);
  });

  it('non-linearity: with λ = 1 the outcome is uncorrelated with the linear index (a linear model misses it)', () => {
    const n = 5000;
    const corr = (lm: number): number => {
      const s = confoundedData({ n, seed: 4, outcomeNonlinearity: lm, propensityScale: 0, effect: 0 });
      const idx = Float64Array.from({ length: n }, (_, i) => s.commonCauses.reduce((acc, v) => acc + s.data[v]![i]!, 0));
      const y = s.potentialOutcomes.y0;
      const mi = mean(idx), my = mean(y);
      let c = 0;
      for (let i = 0; i < n; i++) c += (idx[i]! - mi) * (y[i]! - my);
      return c / (n - 1) / Math.sqrt(variance(idx) * variance(y));
    };
    expect(Math.abs(corr(1))).toBeLessThan(Z / Math.sqrt(n));
    expect(corr(0)).toBeGreaterThan(0.5); // 1/√2 in the population
  });

  it('heterogeneity: the ATT exceeds the ATE when the effect grows with a driver of treatment', () => {
    const s = confoundedData({ n: 5000, seed: 5, heterogeneity: 1 });
    expect(s.trueAtt - s.trueAte).toBeGreaterThan(0.05); // about 0.18 in the population
    expect(s.populationAte).toBe(2);
  });

  it('typed errors name the param', () => {
    expect(() => confoundedData({ n: 1 })).toThrow('confoundedData: param n must be an integer ≥ 2, got 1');
    expect(() => confoundedData({ n: 10, nConfounders: 0 })).toThrow(InvalidParamError);
    expect(() => confoundedData({ n: 10, outcomeNonlinearity: 2 })).toThrow('param outcomeNonlinearity must be a number in [0, 1], got 2');
    expect(() => confoundedData({ n: 10, propensityScale: -1 })).toThrow(InvalidParamError);
    expect(() => confoundedData({ n: 10, effect: NaN })).toThrow('param effect must be a finite number, got NaN');
    expect(() => confoundedData(null as unknown as { n: number })).toThrow(InvalidParamError);
  });
});

describe('instrumentData', () => {
  it('the Wald ratio estimates the LATE (= the constant effect); OLS of Y on T is biased by the latent', () => {
    const s = instrumentData({ n: 20_000, seed: 6 });
    expect([s.trueAte, s.trueAtt, s.trueLate]).toEqual([2, 2, 2]);
    const { Z: z, T, Y } = s.data as { Z: Float64Array; T: Float64Array; Y: Float64Array };
    const cov = (a: Float64Array, b: Float64Array): number => {
      const ma = mean(a), mb = mean(b);
      let c = 0;
      for (let i = 0; i < a.length; i++) c += (a[i]! - ma) * (b[i]! - mb);
      return c / (a.length - 1);
    };
    const beta = cov(Y, z) / cov(T, z);
    const r = Float64Array.from(Y, (y, i) => y - beta * T[i]!);
    const se = Math.sqrt((variance(r) * variance(z)) / z.length) / Math.abs(cov(T, z)); // delta method
    expect(Math.abs(beta - s.trueLate)).toBeLessThan(Z * se);
    expect(cov(Y, T) / variance(T) - 2).toBeGreaterThan(0.3);
    expect(identifyEffect(s.graph, 'T', 'Y')).toMatchObject({ kind: 'iv', instruments: ['Z'] });
  });

  it('instrument strength: the complier share grows with it for a fixed seed; heterogeneity separates LATE from ATE', () => {
    const shares = [0, 0.5, 1, 2, 4].map((p) => instrumentData({ n: 2000, seed: 7, instrumentStrength: p }).complierShare);
    expect(shares[0]).toBe(0);
    for (let k = 1; k < shares.length; k++) expect(shares[k]!).toBeGreaterThanOrEqual(shares[k - 1]!);
    const h = instrumentData({ n: 5000, seed: 8, heterogeneity: 1, instrumentStrength: 1 });
    expect(Math.abs(h.trueAte - 2)).toBeLessThan(Z / Math.sqrt(5000)); // τ + mean(U)
    expect(Number.isFinite(h.trueLate)).toBe(true);
    expect(h.trueAtt - h.trueAte).toBeGreaterThan(0.1); // the treated have high U, hence high τ_i
  });

  it('deterministic; typed errors', () => {
    expect(instrumentData({ n: 100, seed: 1 }).data).toEqual(instrumentData({ n: 100, seed: 1 }).data);
    expect(() => instrumentData({ n: 100, instrumentProbability: 1 })).toThrow('instrumentData: param instrumentProbability must be a number in (0, 1), got 1');
    expect(() => instrumentData({ n: 100, instrumentStrength: -1 })).toThrow(InvalidParamError);
    expect(() => instrumentData({ n: 100, seed: -1 })).toThrow(InvalidParamError);
  });
});
