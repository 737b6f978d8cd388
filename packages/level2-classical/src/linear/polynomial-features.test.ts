import { readFileSync } from 'node:fs';
import { InvalidParamError, NotFittedError, ShapeError } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { LinearRegression } from './linear-regression.js';
import { PolynomialFeatures, polynomialPowers } from './polynomial-features.js';

checkEstimator('PolynomialFeatures(2)', () => new PolynomialFeatures());
checkEstimator('PolynomialFeatures([2, 3], interactionOnly, no bias)', () => new PolynomialFeatures({ degree: [2, 3], interactionOnly: true, includeBias: false }));

interface PolyCase { params: { degree: number | [number, number]; interaction_only?: boolean; include_bias?: boolean }; powers: number[][]; transform: number[][]; featureNames: string[]; nOutputFeatures: number }
const fx = JSON.parse(readFileSync(new URL('./__fixtures__/linear.json', import.meta.url), 'utf8')) as { polynomial: { X: number[][]; cases: PolyCase[] } };

describe('PolynomialFeatures vs scikit-learn', () => {
  for (const c of fx.polynomial.cases) {
    it(JSON.stringify(c.params), () => {
      const pf = new PolynomialFeatures({ degree: c.params.degree, interactionOnly: c.params.interaction_only ?? false, includeBias: c.params.include_bias ?? true }).fit(fx.polynomial.X);
      expect(pf.powers.toArray()).toEqual(c.powers);
      expect(pf.nOutputFeatures).toBe(c.nOutputFeatures);
      expectClose(pf.transform(fx.polynomial.X), c.transform, { rtol: 1e-15 });
      expect(pf.getFeatureNamesOut()).toEqual(c.featureNames);
    });
  }
});

describe('PolynomialFeatures', () => {
  it('has C(d + k, k) outputs for degree k with bias, C(d, j) per degree j with interactionOnly', () => {
    const binom = (n: number, k: number): number => (k === 0 ? 1 : (binom(n - 1, k - 1) * n) / k);
    for (const d of [1, 2, 5]) for (const k of [0, 1, 2, 3]) {
      expect(polynomialPowers(d, 0, k, false, true)).toHaveLength(binom(d + k, k));
      expect(polynomialPowers(d, 0, k, true, true)).toHaveLength(Array.from({ length: k + 1 }, (_, j) => (j <= d ? binom(d, j) : 0)).reduce((a, b) => a + b, 0));
    }
  });
  it('turns polynomial regression into linear regression: an exact cubic is recovered', () => {
    const t = Array.from({ length: 12 }, (_, i) => i / 11);
    const y = t.map((v) => 1 - 2 * v + 0.5 * v ** 3);
    const Z = new PolynomialFeatures({ degree: 3, includeBias: false }).fitTransform(t.map((v) => [v]));
    const m = new LinearRegression().fit(Z, y);
    expectClose(m.coef, [-2, 0, 0.5], { atol: 1e-9 });
    expectClose(m.intercept, 1, { atol: 1e-10 });
  });
  it('names with given input names, and checks params and shapes', () => {
    const pf = new PolynomialFeatures({ degree: 2 }).fit([[1, 2]]);
    expect(pf.getFeatureNamesOut(['a', 'b'])).toEqual(['1', 'a', 'b', 'a^2', 'a b', 'b^2']);
    expect(() => pf.getFeatureNamesOut(['a'])).toThrow(/has 1 names but the model was fit with 2/);
    expect(() => pf.transform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => new PolynomialFeatures({ degree: -1 }).fit([[1]])).toThrow(InvalidParamError);
    expect(() => new PolynomialFeatures({ degree: [3, 2] }).fit([[1]])).toThrow(/param degree must be a non-negative integer or a pair/);
    expect(() => new PolynomialFeatures({ degree: 0, includeBias: false }).fit([[1]])).toThrow(/> 0 when includeBias is false/);
    expect(() => new PolynomialFeatures().powers).toThrow(NotFittedError);
  });
});

describe('PolynomialFeatures: conditioning of raw powers', () => {
  it('on [0, 1] the normal equations lose digits fast as the degree grows; pivoted QR keeps most of them', () => {
    // y = 1 + Σ_j w_j x^j exactly (no noise) on 200 points of [0, 1]; error = max_j |coef_j − w_j|.
    const n = 200, x = Array.from({ length: n }, (_, i) => [i / (n - 1)]);
    const errs: Record<number, [number, number]> = {};
    for (const degree of [4, 6, 8, 10]) {
      const P = new PolynomialFeatures({ degree, includeBias: false }).fitTransform(x);
      const w = Array.from({ length: degree }, (_, j) => [-1, 0.5, 1][j % 3]!);
      const y = x.map(([t]) => 1 + w.reduce((s, c, j) => s + c * t! ** (j + 1), 0));
      const err = (solver: 'qr' | 'normal') => Math.max(...Array.from(new LinearRegression({ solver }).fit(P, y).coef, (c, j) => Math.abs(c - w[j]!)));
      errs[degree] = [err('qr'), err('normal')];
    }
    process.stdout.write(`polynomial conditioning, max |coef − w| (qr, normal) by degree: ${Object.entries(errs).map(([k, [q, ne]]) => `${k}: ${q.toExponential(1)}, ${ne.toExponential(1)}`).join('; ')}\n`);
    expect(errs[10]![0]).toBeLessThan(1e-7);
    for (const degree of [6, 8, 10]) expect(errs[degree]![1]).toBeGreaterThan(100 * errs[degree]![0]);
    expect(errs[10]![1]).toBeGreaterThan(1e-6);
  });
});
