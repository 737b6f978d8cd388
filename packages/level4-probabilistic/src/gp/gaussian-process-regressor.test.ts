import { InvalidParamError, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { GaussianProcessRegressor } from './gaussian-process-regressor.js';
import { ConstantKernel, Matern, RBF, WhiteKernel } from './kernels/index.js';
import { KernelNotPositiveDefiniteError } from './marginal-likelihood.js';

checkEstimator('GaussianProcessRegressor', () => new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()).plus(new WhiteKernel({ noiseLevel: 0.1 })) }));
checkEstimator('GaussianProcessRegressor(no optimiser, normalizeY)', () => new GaussianProcessRegressor({ kernel: new RBF({ lengthScale: 2 }), alpha: 1e-2, optimizer: null, normalizeY: true }));

const rng = new Rng(3);
const x = Array.from({ length: 20 }, () => [rng.uniform(0, 6)]);
const y = x.map(([t]) => Math.sin(t!) + 0.1 * rng.standardNormal());

describe('GaussianProcessRegressor', () => {
  it('with tiny noise it interpolates the training targets, and its std vanishes there and returns to the prior far away', () => {
    // Matérn ν = 1/2 keeps k(X, X) well conditioned, so α = 1e-10 shrinks nothing (with an RBF the
    // eigen-directions of K below α — rough, noisy components of y — would not be interpolated).
    const gp = new GaussianProcessRegressor({ kernel: new Matern({ lengthScale: 1, nu: 0.5 }), alpha: 1e-10, optimizer: null }).fit(x, y);
    const p = gp.predictDistribution(x);
    for (let i = 0; i < x.length; i++) expect(Math.abs(p.mean[i]! - y[i]!)).toBeLessThan(1e-4);
    expect(Math.max(...p.std)).toBeLessThan(1e-3);
    const far = gp.predictDistribution([[100]]);
    expect(far.mean[0]).toBeCloseTo(0, 12); // the prior mean
    expect(far.std[0]).toBeCloseTo(1, 12); // the prior std √k(x, x)
  });

  it('the posterior variance never exceeds the prior variance, and the covariance is consistent with std', () => {
    const gp = new GaussianProcessRegressor({ kernel: new ConstantKernel({ constantValue: 2 }).times(new RBF({ lengthScale: 0.7 })).plus(new WhiteKernel({ noiseLevel: 0.01 })), optimizer: null }).fit(x, y);
    const T = Array.from({ length: 25 }, (_, i) => [-1 + i * 0.35]);
    const p = gp.predictDistribution(T, { cov: true });
    for (let j = 0; j < T.length; j++) {
      expect(p.std[j]! ** 2).toBeLessThanOrEqual(2 + 0.01 + 1e-12);
      expect(p.cov!.data[j * T.length + j]).toBeCloseTo(p.std[j]! ** 2, 12);
    }
  });

  it('optimising the marginal likelihood never lowers it, and restarts keep the best run (deterministic in the seed)', () => {
    const k = new ConstantKernel().times(new RBF({ lengthScale: 5 })).plus(new WhiteKernel({ noiseLevel: 1 }));
    const fixed = new GaussianProcessRegressor({ kernel: k, optimizer: null }).fit(x, y).logMarginalLikelihoodValue;
    const one = new GaussianProcessRegressor({ kernel: k }).fit(x, y);
    const many = new GaussianProcessRegressor({ kernel: k, nRestartsOptimizer: 3, seed: 11 }).fit(x, y);
    const again = new GaussianProcessRegressor({ kernel: k, nRestartsOptimizer: 3, seed: 11 }).fit(x, y);
    expect(one.logMarginalLikelihoodValue).toBeGreaterThan(fixed);
    expect(many.logMarginalLikelihoodValue).toBeGreaterThanOrEqual(one.logMarginalLikelihoodValue - 1e-9);
    expect(Array.from(again.fittedKernel.theta)).toEqual(Array.from(many.fittedKernel.theta));
    // the optimum is a stationary point: the gradient of log p in θ is ~0 (interior optimum here)
    const g = many.logMarginalLikelihood(undefined, true).grad;
    expect(Math.max(...Array.from(g, Math.abs))).toBeLessThan(1e-3);
  });

  it('logMarginalLikelihood(θ) at another θ matches refitting with that θ', () => {
    const k = new ConstantKernel().times(new RBF()).plus(new WhiteKernel({ noiseLevel: 0.1 }));
    const gp = new GaussianProcessRegressor({ kernel: k }).fit(x, y);
    const theta = [0.3, -0.2, -1.5];
    const refit = new GaussianProcessRegressor({ kernel: k.withTheta(theta), optimizer: null }).fit(x, y);
    expect(gp.logMarginalLikelihood(theta).value).toBeCloseTo(refit.logMarginalLikelihoodValue, 12);
  });

  it('errors: unfitted use, bad params, a singular kernel matrix, wrong columns', () => {
    expect(() => new GaussianProcessRegressor().predict([[1]])).toThrow(NotFittedError);
    expect(() => new GaussianProcessRegressor({ alpha: -1 }).fit(x, y)).toThrow(InvalidParamError);
    expect(() => new GaussianProcessRegressor({ optimizer: 'adam' as 'lbfgs' }).fit(x, y)).toThrow(/optimizer must be 'lbfgs' or null/);
    const dup = [[1], [1], [2]];
    expect(() => new GaussianProcessRegressor({ kernel: new RBF(), alpha: 0, optimizer: null }).fit(dup, [0, 1, 2])).toThrow(KernelNotPositiveDefiniteError);
    expect(() => new GaussianProcessRegressor({ kernel: new RBF(), alpha: 0, optimizer: null }).fit(dup, [0, 1, 2])).toThrow(/increase alpha or add a WhiteKernel/);
    const gp = new GaussianProcessRegressor({ kernel: new RBF(), optimizer: null }).fit(x, y);
    expect(() => gp.predict([[1, 2]])).toThrow(ShapeError);
    expect(() => new GaussianProcessRegressor().fit([[NaN]], [1])).toThrow(/X/);
  });
});
