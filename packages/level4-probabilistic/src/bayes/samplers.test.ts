import { Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { DualAveraging, VarianceEstimator, warmupSchedule } from './adaptation.js';
import { chainsOf } from './chains.js';
import { divergences, summarize } from './diagnostics.js';
import { gaussianTarget } from './gaussian-target.test-utils.js';
import { energy, leapfrog, sampleMomentum, type PhaseState } from './hamiltonian.js';
import { hmc } from './hmc.js';
import { metropolis } from './metropolis.js';
import { nuts } from './nuts.js';
import { defineModel } from './model.js';

const g = gaussianTarget();

// A 2-D correlated Gaussian (rho = 0.8, sds 1 and 2) for the random-walk sampler.
const corr2 = defineModel({
  params: [{ name: 'x', size: 2 }],
  logDensityGrad: ({ x }) => {
    const a = x![0]! - 1, b = (x![1]! + 2) / 2, r = 0.8, k = 1 / (1 - r * r);
    return { logp: -0.5 * k * (a * a - 2 * r * a * b + b * b), grad: { x: Float64Array.of(-k * (a - r * b), (-k * (b - r * a)) / 2) } };
  },
});

describe('warm-up adaptation', () => {
  it('follows Stan\'s window schedule', () => {
    expect(warmupSchedule(1000)).toEqual({ windowStarts: [75, 100, 150, 250, 450], windowEnds: [99, 149, 249, 449, 949] });
    const short = warmupSchedule(100); // 15 / 75 / 10
    expect(short.windowStarts[0]).toBe(15);
    expect(short.windowEnds.at(-1)).toBe(89);
    expect(warmupSchedule(10).windowEnds).toEqual([]);
  });

  it('dual averaging finds the step whose acceptance equals the target', () => {
    // Synthetic acceptance a(eps) = exp(-eps): the fixed point of the target 0.8 is eps = -log 0.8.
    const da = new DualAveraging(0.8);
    da.restart(1);
    let eps = 1;
    for (let t = 0; t < 2000; t++) eps = da.update(Math.exp(-eps));
    expect(da.final()).toBeCloseTo(-Math.log(0.8), 2);
  });

  it('the variance estimator is Welford\'s, shrunk towards 1e-3 like Stan', () => {
    const v = new VarianceEstimator(2), rng = new Rng(1), xs: number[] = [];
    for (let i = 0; i < 50; i++) { const x = rng.normal(0, 3); xs.push(x); v.add(Float64Array.of(x, 2)); }
    const m = xs.reduce((a, b) => a + b, 0) / 50, s2 = xs.reduce((a, b) => a + (b - m) ** 2, 0) / 49;
    const est = v.estimate();
    expect(est[0]).toBeCloseTo((50 / 55) * s2 + 1e-3 * (5 / 55), 12);
    expect(est[1]).toBeCloseTo(1e-3 * (5 / 55), 15);
  });
});

describe('leapfrog', () => {
  it('is reversible and conserves energy to O(eps^2)', () => {
    const rng = new Rng(2), inv = new Float64Array(10).fill(1);
    const q = Float64Array.from(g.mu, (m) => m + 1);
    const s0: PhaseState = { q, p: sampleMomentum(inv, rng), ...g.handModel.logpGrad(q) };
    let s: PhaseState = s0;
    for (let i = 0; i < 20; i++) s = leapfrog(g.handModel, s, 0.1, inv);
    let r: PhaseState = { ...s, p: s.p.map((v) => -v) };
    for (let i = 0; i < 20; i++) r = leapfrog(g.handModel, r, 0.1, inv);
    for (let j = 0; j < 10; j++) expect(r.q[j]).toBeCloseTo(s0.q[j]!, 10);
    const err = (eps: number): number => { let z: PhaseState = s0; for (let i = 0; i < Math.round(1 / eps); i++) z = leapfrog(g.handModel, z, eps, inv); return Math.abs(energy(z, inv) - energy(s0, inv)); };
    expect(err(0.05) / err(0.025)).toBeGreaterThan(3); // second order: ratio ≈ 4
  });
});

describe('hmc', () => {
  it('recovers the 10-D Gaussian mean within 4 MC standard errors', () => {
    const fit = hmc(g.handModel, { chains: 4, draws: 500, warmup: 500, seed: 11 });
    const s = summarize(fit);
    for (let j = 0; j < 10; j++) expect(Math.abs(s[j]!.mean - g.mu[j]!)).toBeLessThan(4 * s[j]!.mcseMean);
    expect(Math.max(...s.map((r) => r.rhat))).toBeLessThan(1.05);
    expect(divergences(fit)).toBe(0);
    const acc = fit.acceptStat.flatMap((a) => Array.from(a)).reduce((x, y) => x + y, 0) / 2000;
    // Dual averaging aimed at 0.65; the averaged step it keeps is smaller than the late iterates,
    // so the kept acceptance lands above the target (as in Stan).
    expect(acc).toBeGreaterThan(0.6);
    expect(acc).toBeLessThan(0.95);
  });
});

describe('metropolis', () => {
  it('recovers a correlated 2-D Gaussian and tunes acceptance towards 0.234', () => {
    const fit = metropolis(corr2, { chains: 4, draws: 3000, warmup: 1000, seed: 4 });
    const s = summarize(fit);
    expect(Math.abs(s[0]!.mean - 1)).toBeLessThan(4 * s[0]!.mcseMean);
    expect(Math.abs(s[1]!.mean + 2)).toBeLessThan(4 * s[1]!.mcseMean);
    expect(s[1]!.sd).toBeGreaterThan(1.6);
    expect(s[1]!.sd).toBeLessThan(2.4);
    const acc = fit.acceptStat.flatMap((a) => Array.from(a)).reduce((x, y) => x + y, 0) / 12000;
    expect(acc).toBeGreaterThan(0.15);
    expect(acc).toBeLessThan(0.35);
    expect(chainsOf(fit, 'x[0]')).toHaveLength(4);
    expect(() => chainsOf(fit, 'y')).toThrow(/unknown coordinate/);
  });
});

describe('constrained parameters under NUTS', () => {
  it('samples Beta(3, 5) through the logit transform and Gamma(4, rate 2) through the log transform (means within 4 MCSE)', () => {
    const m = defineModel({
      params: [{ name: 'q', transform: 'logit' }, { name: 's', transform: 'log' }],
      logDensityGrad: ({ q, s }) => {
        const a = q![0]!, b = s![0]!;
        return { logp: 2 * Math.log(a) + 4 * Math.log(1 - a) + 3 * Math.log(b) - 2 * b, grad: { q: Float64Array.of(2 / a - 4 / (1 - a)), s: Float64Array.of(3 / b - 2) } };
      },
    });
    const fit = nuts(m, { chains: 4, draws: 500, warmup: 500, seed: 21 });
    const [q, sRow] = summarize(fit);
    expect(Math.abs(q!.mean - 3 / 8)).toBeLessThan(4 * q!.mcseMean);
    expect(Math.abs(q!.sd - Math.sqrt((3 * 5) / (64 * 9)))).toBeLessThan(0.02); // Beta sd 0.161
    expect(Math.abs(sRow!.mean - 2)).toBeLessThan(4 * sRow!.mcseMean);
    for (const x of fit.samples.flatMap((c) => Array.from(c.data))) expect(x).toBeGreaterThan(0);
  });
});
