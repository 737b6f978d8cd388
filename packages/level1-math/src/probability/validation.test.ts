/** Parameter checks, support handling and input checks shared by every distribution. */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Beta, Binomial, Categorical, Dirichlet, Exponential, Gamma, MultivariateNormal, Normal, Poisson, StudentT, Uniform } from './index.js';

describe('constructors validate their params with InvalidParamError', () => {
  it('names the distribution, the param, the rule and the value', () => {
    expect(() => new Normal(0, -1)).toThrow(new InvalidParamError('Normal', 'std', -1, '> 0'));
    expect(() => new Normal(0, -1)).toThrow('Normal: param std must be > 0, got -1');
    expect(() => new Normal(NaN, 1)).toThrow('Normal: param mean must be a finite number, got NaN');
    expect(() => new Gamma(0)).toThrow('Gamma: param shape must be > 0, got 0');
    expect(() => new Beta(1, Infinity)).toThrow('Beta: param b must be a finite number, got Infinity');
    expect(() => new Bernoulli(1.2)).toThrow('Bernoulli: param p must be in [0, 1], got 1.2');
    expect(() => new Binomial(2.5, 0.1)).toThrow('Binomial: param n must be a non-negative integer, got 2.5');
    expect(() => new Poisson(-1)).toThrow('Poisson: param rate must be ≥ 0, got -1');
    expect(() => new Exponential(0)).toThrow('Exponential: param rate must be > 0, got 0');
    expect(() => new Uniform(2, 1)).toThrow('Uniform: param high must be > low (2), got 1');
    expect(() => new StudentT(0)).toThrow('StudentT: param df must be > 0, got 0');
    expect(() => new Categorical([0.5, 0.6])).toThrow(/probabilities summing to 1/);
    expect(() => new Categorical([1.5, -0.5])).toThrow(InvalidParamError);
    expect(() => new Dirichlet([1, 0])).toThrow('Dirichlet: param alpha[1] must be > 0, got 0');
    expect(() => new Dirichlet([1])).toThrow(InvalidParamError);
    expect(() => new MultivariateNormal([0, 0], [[1, 2], [2, 1]])).toThrow(/param cov must be symmetric positive definite/);
    expect(() => new MultivariateNormal([0, 0], [[1, 0.5], [0, 1]])).toThrow(InvalidParamError);
    expect(() => new MultivariateNormal([0, 0], [[1]])).toThrow(ShapeError);
  });
});

describe('points outside the support', () => {
  it('have log-density −∞ and density 0, never NaN or a throw', () => {
    expect(new Exponential(2).logPdf([-1, -Infinity])).toEqual(Float64Array.from([-Infinity, -Infinity]));
    expect(new Gamma(2).pdf(-0.5)).toBe(0);
    expect(new Beta(2, 2).logPdf([1.5, -0.1])).toEqual(Float64Array.from([-Infinity, -Infinity]));
    expect(new Uniform(0, 1).logPdf(1 + 1e-12)).toBe(-Infinity);
    expect(new Poisson(3).logPmf([-1, 2.5, Infinity])).toEqual(Float64Array.from([-Infinity, -Infinity, -Infinity]));
    expect(new Binomial(5, 0.5).pmf([6, 0.5, -1])).toEqual(Float64Array.from([0, 0, 0]));
    expect(new Categorical([0.5, 0.5]).logPmf(2)).toBe(-Infinity);
    expect(new Normal().logPdf(Infinity)).toBe(-Infinity);
    expect(new Dirichlet([2, 2, 2]).logPdf([0.5, 0.6, -0.1])).toBe(-Infinity);
    expect(new Dirichlet([2, 2, 2]).logPdf([0.5, 0.4, 0.2])).toBe(-Infinity); // sums to 1.1
    // a face of the simplex: −∞ where the density vanishes (α_k > 1) even if another α_j < 1
    expect(new Dirichlet([0.5, 2, 1]).logPdf([0, 0, 1])).toBe(-Infinity);
    expect(new Dirichlet([0.5, 2, 1]).logPdf([0, 0.5, 0.5])).toBe(Infinity);
    expect(new MultivariateNormal([0], [[1]]).logPdf([[Infinity]])).toEqual(Float64Array.from([-Infinity]));
  });
  it('discrete CDFs are step functions and continuous CDFs reach 0 and 1 at ±∞', () => {
    const b = new Binomial(4, 0.3);
    expect(b.cdf(2.7)).toBe(b.cdf(2));
    expect(b.cdf([-0.5, 4.5])).toEqual(Float64Array.from([0, 1]));
    for (const d of [new Normal(), new StudentT(3), new Gamma(2), new Beta(2, 3), new Exponential(), new Uniform()]) {
      expect(d.cdf([-Infinity, Infinity])).toEqual(Float64Array.from([0, 1]));
    }
  });
});

describe('input checks', () => {
  it('NaN and non-numbers are InvalidInputError naming the method and index', () => {
    expect(() => new Normal().logPdf(NaN)).toThrow(new InvalidInputError('Normal.logPdf: x must be a number, got NaN'));
    expect(() => new Normal().cdf([0, NaN])).toThrow('Normal.cdf: x must contain numbers, got NaN at index 1');
    expect(() => new Poisson(1).logPmf(['a' as unknown as number])).toThrow(InvalidInputError);
    expect(() => new Normal().pdf({} as unknown as number[])).toThrow(InvalidInputError);
    expect(() => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdf([0, NaN])).toThrow(InvalidInputError);
    expect(() => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logPdf([0, 1, 2])).toThrow(ShapeError);
    expect(() => new Dirichlet([1, 1]).logPdf([[0.5, 0.5, 0]])).toThrow(ShapeError);
  });
  it('sample checks rng and n', () => {
    expect(() => new Normal().sample(new Rng(0), -1)).toThrow('Normal.sample: param n must be a non-negative integer, got -1');
    expect(() => new Gamma(1).sample({} as Rng, 3)).toThrow(InvalidInputError);
    expect(new Beta(1, 1).sample(new Rng(0), 0).length).toBe(0);
  });
  it('vectorised evaluation accepts number[], Float64Array and Int32Array alike', () => {
    const d = new Poisson(2);
    const a = d.logPmf([0, 1, 2]);
    expect(d.logPmf(Float64Array.from([0, 1, 2]))).toEqual(a);
    expect(d.logPmf(Int32Array.from([0, 1, 2]))).toEqual(a);
  });
});

describe('undefined moments', () => {
  it('Student t: NaN mean for ν ≤ 1, infinite variance for 1 < ν ≤ 2 (documented)', () => {
    expect(new StudentT(1).mean).toBeNaN();
    expect(new StudentT(1).variance).toBeNaN();
    expect(new StudentT(2).variance).toBe(Infinity);
    expect(new StudentT(2).mean).toBe(0);
  });
});
