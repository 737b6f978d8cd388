import { InvalidParamError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { advi } from './advi.js';
import { gaussianTarget } from './gaussian-target.test-utils.js';
import { defineModel } from './model.js';
import { add, log, mul, sum } from '@fpml/level1-math';

const g = gaussianTarget();

describe('advi (mean-field, reparameterisation gradients, Adam)', () => {
  it('finds the known mean-field optimum of a correlated Gaussian: m = mu, var_j = 1/P_jj', () => {
    const r = advi(g.handModel, { steps: 3000, gradSamples: 4, lr: 0.05, seed: 1, init: g.mu.map((v) => v + 2) });
    for (let j = 0; j < 10; j++) {
      const sdTrue = 1 / Math.sqrt(g.prec.get(j, j));
      expect(Math.abs(r.mean[j]! - g.mu[j]!)).toBeLessThan(0.1 * sdTrue + 0.05);
      expect(Math.abs(r.sd[j]! / sdTrue - 1)).toBeLessThan(0.1);
      expect(r.sd[j]!).toBeLessThan(Math.sqrt(g.cov.get(j, j))); // mean-field under-dispersion
    }
    // The ELBO rises and ends below log Z (= log of the unnormalised Gaussian's integral).
    const logZ = 5 * Math.log(2 * Math.PI) + 0.5 * Array.from({ length: 10 }, (_, i) => Math.log(100 ** (i / 9))).reduce((a, b) => a + b, 0);
    expect(r.elboTrace.at(-1)!.elbo).toBeGreaterThan(r.elboTrace[0]!.elbo);
    expect(r.elbo).toBeLessThan(logZ + 0.05);
    expect(r.elbo).toBeGreaterThan(logZ - 5);
  });

  it('samples in the constrained space (log transform: positive draws, mean near the Gamma mean)', () => {
    // s ~ Gamma(shape 20, rate 10): log s is near-Gaussian, mean 2.
    const m = defineModel({ params: [{ name: 's', transform: 'log' }], logDensity: ({ s }) => sum(add(mul(log(s!), 19), mul(s!, -10))) });
    const r = advi(m, { steps: 1500, seed: 2 });
    const draws = r.sample(4000, 3).data;
    expect(Math.min(...draws)).toBeGreaterThan(0);
    expect(Math.abs(draws.reduce((a, b) => a + b, 0) / draws.length - 2)).toBeLessThan(0.05);
  });

  it('rejects bad options', () => {
    expect(() => advi(g.handModel, { steps: 0 })).toThrow(InvalidParamError);
    expect(() => advi(g.handModel, { averageFraction: 0 })).toThrow(/averageFraction/);
    expect(() => advi(g.handModel, { init: new Float64Array(2) })).toThrow(/init/);
  });
});
