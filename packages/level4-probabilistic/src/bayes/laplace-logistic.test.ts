import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { expectGradient } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import oracle from './__fixtures__/bayes_oracle.json' with { type: 'json' };
import { laplaceLogistic } from './laplace-logistic.js';

const L = oracle.laplace;

describe('laplaceLogistic (oracle: sklearn 1.2 LogisticRegression MAP + NumPy Hessian, scripts/oracles/freeze_bayes.py)', () => {
  const post = laplaceLogistic(L.X, L.y, { lambda: L.lambda_ });

  it('MAP matches sklearn (C = 1/lambda; to 1e-4, its lbfgs stop) and the Newton-polished optimum (1e-9); covariance = inverse Hessian', () => {
    for (let j = 0; j < 3; j++) expect(post.wMap[j]).toBeCloseTo(L.wMap[j]!, 9);
    for (let j = 0; j < 3; j++) expect(Math.abs(post.wMap[j]! - L.wSklearn[j]!)).toBeLessThan(1e-4);
    const flat = L.cov.flat();
    for (let k = 0; k < 9; k++) expect(post.cov.data[k]).toBeCloseTo(flat[k]!, 10);
    expect(post.logEvidence).toBeCloseTo(L.logEvidence, 9);
  });

  it('probit predictive and MAP plug-in match; MC agrees with probit to its sampling error', () => {
    const probit = post.predictProba(L.T), map = post.predictProba(L.T, { method: 'map' });
    const mc = post.predictProba(L.T, { method: 'mc', nSamples: 20000, seed: 1 });
    for (let i = 0; i < L.T.length; i++) {
      expect(probit[i]).toBeCloseTo(L.probitProba[i]!, 10);
      expect(map[i]).toBeCloseTo(L.mapProba[i]!, 10);
      expect(Math.abs(mc[i]! - probit[i]!)).toBeLessThan(0.02); // probit approx error (< ~0.01) + MC error (< 0.004)
      expect(Math.abs(probit[i]! - 0.5)).toBeLessThanOrEqual(Math.abs(map[i]! - 0.5) + 1e-15); // moderated towards 1/2
    }
  });

  it('the Newton objective gradient matches finite differences (float64)', () => {
    // Re-derive the negative log posterior here and check the MAP is its stationary point.
    const f = (w: Float64Array) => L.X.reduce((s, x, i) => { const a = x[0]! * w[0]! + x[1]! * w[1]! + x[2]! * w[2]!; return s + Math.log1p(Math.exp(a)) - L.y[i]! * a; }, 0) + 0.5 * L.lambda_ * w.reduce((s, v) => s + v * v, 0);
    const g = (w: Float64Array) => { const out = Float64Array.from(w, (v) => L.lambda_ * v); L.X.forEach((x, i) => { const a = x[0]! * w[0]! + x[1]! * w[1]! + x[2]! * w[2]!; const r = 1 / (1 + Math.exp(-a)) - L.y[i]!; for (let j = 0; j < 3; j++) out[j]! += r * x[j]!; }); return out; };
    expectGradient(f, g, Float64Array.of(0.3, -0.2, 0.9));
    for (const v of g(post.wMap)) expect(Math.abs(v)).toBeLessThan(1e-8);
  });

  it('typed errors', () => {
    expect(() => laplaceLogistic(L.X, L.y.map((v) => v * 2), {})).toThrow(InvalidInputError);
    expect(() => laplaceLogistic(L.X, L.y, { lambda: 0 })).toThrow(InvalidParamError);
    expect(() => post.predictProba([[1, 2]])).toThrow(/columns/);
    expect(() => post.predictProba(L.T, { method: 'exact' as never })).toThrow(/method/);
  });
});
