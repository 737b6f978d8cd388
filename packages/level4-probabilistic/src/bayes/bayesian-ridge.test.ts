import { InvalidParamError, NotFittedError, ShapeError } from '@fpml/core';
import { checkEstimator } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import oracle from './__fixtures__/bayes_oracle.json' with { type: 'json' };
import { BayesianRidge } from './bayesian-ridge.js';

checkEstimator('BayesianRidge', () => new BayesianRidge());
checkEstimator('BayesianRidge(fixed precisions, no intercept)', () => new BayesianRidge({ fitPrecisions: false, alphaInit: 2, lambdaInit: 0.5, fitIntercept: false }));

const close = (a: ArrayLike<number>, b: readonly number[], tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
};

describe('BayesianRidge (oracle: scikit-learn 1.2 BayesianRidge and the closed form, scripts/oracles/freeze_bayes.py)', () => {
  const { X, y, T } = oracle.ridge;
  for (const c of oracle.ridge.cases) {
    it(`matches sklearn with fitIntercept=${c.fitIntercept}: coef, intercept, alpha, lambda, sigma, n_iter, predictive mean${c.fitIntercept ? '' : ' and std'}`, () => {
      const br = new BayesianRidge({ fitIntercept: c.fitIntercept }).fit(X, y);
      close(br.coef, c.coef, 1e-9);
      expect(br.intercept).toBeCloseTo(c.intercept, 9);
      expect(br.alpha).toBeCloseTo(c.alpha, 8);
      expect(br.lambda).toBeCloseTo(c.lambda_, 8);
      expect(br.nIter).toBe(c.nIter);
      close(br.sigma.data, c.sigma.flat(), 1e-9);
      const p = br.predictDistribution(T);
      close(p.mean, c.mean, 1e-9);
      if (!c.fitIntercept) close(p.std, c.std, 1e-9); // with an intercept sklearn uses the uncentred x in x'Σx; we centre (docs)
    });
  }

  it('matches sklearn on a wide problem (n < d): coef, precisions, mean', () => {
    const w = oracle.ridge.wide;
    const br = new BayesianRidge({ fitIntercept: false }).fit(w.X, w.y);
    close(br.coef, w.coef, 1e-8);
    expect(Math.abs(br.alpha - w.alpha) / w.alpha).toBeLessThan(1e-8);
    expect(Math.abs(br.lambda - w.lambda_) / w.lambda_).toBeLessThan(1e-8);
    close(br.predict(w.T), w.mean, 1e-8);
  });

  it('fixed precisions give the conjugate closed form: posterior mean/cov, predictive variance, evidence', () => {
    const c = oracle.conjugate;
    const br = new BayesianRidge({ fitPrecisions: false, alphaInit: c.alpha, lambdaInit: c.lambda_, fitIntercept: false }).fit(X, y);
    close(br.coef, c.mean, 1e-12);
    close(br.sigma.data, c.cov.flat(), 1e-12);
    const p = br.predictDistribution(T);
    close(p.mean, c.predMean, 1e-12);
    close(Array.from(p.std, (s) => s * s), c.predVar, 1e-12);
    expect(br.logMarginalLikelihood).toBeCloseTo(c.logEvidence, 9);
    expect(br.nIter).toBe(0);
  });

  it('bands widen away from the data and the function-only band is narrower than the predictive one', () => {
    const br = new BayesianRidge().fit(X, y);
    const near = br.predictDistribution([[0, 0, 0, 0]]), far = br.predictDistribution([[10, -10, 10, 10]]);
    expect(far.stdMean[0]).toBeGreaterThan(5 * near.stdMean[0]!);
    expect(near.std[0]).toBeGreaterThan(near.stdMean[0]!);
  });

  it('typed errors', () => {
    expect(() => new BayesianRidge().predict([[1, 2, 3, 4]])).toThrow(NotFittedError);
    expect(() => new BayesianRidge({ maxIter: 0 }).fit(X, y)).toThrow(InvalidParamError);
    expect(() => new BayesianRidge({ alphaInit: -1 }).fit(X, y)).toThrow(/alphaInit/);
    expect(() => new BayesianRidge().fit(X, y).predict([[1, 2]])).toThrow(ShapeError);
  });
});
