/**
 * Statistical tests of the continuous samplers. Every test uses a fixed seed and thresholds
 * chosen so that a correct generator fails with tiny probability: moment checks allow 5.5
 * standard errors (two-sided normal tail 3.8e-8 per check) and KS tests require p > 1e-7, so a
 * whole file fails a correct sampler with probability < 1e-6. The seeds are fixed so a failure
 * is reproducible, not so that a lucky seed hides a bug: none was tuned.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { Rng } from './rng.js';
import { betaI, gammaP, normalCdf } from './special.js';
import { ksTest } from './stat-tests.js';

const Z = 5.5;
const KS_ALPHA = 1e-7;
const N = 100_000;

function draw(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

/** Sample mean and variance within Z standard errors of the truth (SE of s² from the sample 4th moment). */
function expectMoments(xs: Float64Array, mean: number, variance: number): void {
  const n = xs.length;
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  let m2 = 0, m4 = 0;
  for (const x of xs) {
    const d = (x - m) * (x - m);
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  expect(Math.abs(m - mean)).toBeLessThan(Z * Math.sqrt(variance / n));
  expect(Math.abs(m2 - variance)).toBeLessThan(Z * Math.sqrt((m4 - m2 * m2) / n) + 1e-15);
}

describe('uniform', () => {
  it('next() lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(11);
    const xs = draw(N, () => rng.next());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expectMoments(xs, 0.5, 1 / 12);
  });

  it('uniform(low, high) passes KS against its CDF', () => {
    const rng = new Rng(12);
    const xs = draw(20000, () => rng.uniform(-2, 5));
    expectMoments(xs, 1.5, 49 / 12);
    expect(ksTest(xs, (x) => (x + 2) / 7).pValue).toBeGreaterThan(KS_ALPHA);
  });

  it('rejects bad bounds', () => {
    const rng = new Rng(0);
    expect(() => rng.uniform(NaN)).toThrow(InvalidParamError);
    expect(() => rng.uniform(0, -1)).toThrow(InvalidParamError);
    expect(() => rng.uniform(-1e308, 1e308)).toThrow(InvalidParamError);
    expect(rng.uniform(3, 3)).toBe(3);
  });
});

describe('normal', () => {
  it('has the right mean and variance and passes KS', () => {
    const rng = new Rng(21);
    const xs = draw(N, () => rng.normal(1.5, 2));
    expectMoments(xs, 1.5, 4);
    expect(ksTest(xs.subarray(0, 20000), (x) => normalCdf((x - 1.5) / 2)).pValue).toBeGreaterThan(KS_ALPHA);
  });

  it('successive draws (fresh pair, cached second) are uncorrelated', () => {
    const rng = new Rng(22);
    const n = 20000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += rng.normal() * rng.normal();
    // E[XY] = 0 and Var[XY] = 1 for independent standard normals.
    expect(Math.abs(sxy / n)).toBeLessThan(Z / Math.sqrt(n));
  });

  it('rejects a negative std, and std = 0 gives the mean', () => {
    const rng = new Rng(0);
    expect(() => rng.normal(0, -1)).toThrow('Rng.normal: param std must be a finite number ≥ 0, got -1');
    expect(rng.normal(4, 0)).toBe(4);
  });
});

describe('gamma', () => {
  it.each([
    [0.3, 1],
    [0.9, 2],
    [1, 1],
    [4.5, 0.5],
    [60, 1],
  ])('shape %d, scale %d: moments and KS', (k, theta) => {
    const rng = new Rng(31);
    const xs = draw(N, () => rng.gamma(k, theta));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expectMoments(xs, k * theta, k * theta * theta);
    expect(ksTest(xs.subarray(0, 20000), (x) => gammaP(k, x / theta)).pValue).toBeGreaterThan(KS_ALPHA);
  });

  it('tiny shapes give finite non-negative draws', () => {
    const rng = new Rng(32);
    const xs = draw(1000, () => rng.gamma(1e-3));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });

  it('rejects non-positive shape or scale', () => {
    const rng = new Rng(0);
    expect(() => rng.gamma(0)).toThrow('Rng.gamma: param shape must be a finite number > 0, got 0');
    expect(() => rng.gamma(1, -2)).toThrow(InvalidParamError);
  });
});

describe('beta', () => {
  it.each([
    [0.5, 0.5],
    [2, 5],
    [0.3, 3],
  ])('Beta(%d, %d): moments and KS', (a, b) => {
    const rng = new Rng(41);
    const xs = draw(N, () => rng.beta(a, b));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    const s = a + b;
    expectMoments(xs, a / s, (a * b) / (s * s * (s + 1)));
    expect(ksTest(xs.subarray(0, 20000), (x) => betaI(a, b, x)).pValue).toBeGreaterThan(KS_ALPHA);
  });

  it('tiny shapes still give values in [0, 1] (log-space normalisation)', () => {
    const rng = new Rng(42);
    const xs = draw(2000, () => rng.beta(1e-3, 1e-3));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    // Beta(ε, ε) puts mass ≈ 1/2 near each end.
    const low = xs.filter((x) => x < 0.5).length / xs.length;
    expect(Math.abs(low - 0.5)).toBeLessThan(Z * Math.sqrt(0.25 / xs.length));
  });

  it('rejects bad shapes', () => {
    expect(() => new Rng(0).beta(1, 0)).toThrow('Rng.beta: param b must be a finite number > 0, got 0');
  });
});

describe('dirichlet', () => {
  it('points lie on the simplex with the right marginal means and variances', () => {
    const alpha = [0.5, 2, 3.5];
    const a0 = 6;
    const rng = new Rng(51);
    const draws = Array.from({ length: N / 2 }, () => rng.dirichlet(alpha));
    for (const d of draws) {
      expect(Math.abs(d[0]! + d[1]! + d[2]! - 1)).toBeLessThan(1e-12);
    }
    alpha.forEach((ai, i) => {
      const xs = Float64Array.from(draws, (d) => d[i]!);
      expectMoments(xs, ai / a0, (ai * (a0 - ai)) / (a0 * a0 * (a0 + 1)));
    });
  });

  it('a 2-component Dirichlet is a Beta (KS on the first coordinate)', () => {
    const rng = new Rng(52);
    const xs = draw(20000, () => rng.dirichlet([1.5, 0.4])[0]!);
    expect(ksTest(xs, (x) => betaI(1.5, 0.4, x)).pValue).toBeGreaterThan(KS_ALPHA);
  });

  it('tiny alphas give a valid simplex point; bad alphas are rejected', () => {
    const rng = new Rng(53);
    const d = rng.dirichlet([1e-4, 1e-4, 1e-4]);
    expect(d.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(Math.abs(d.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
    expect(() => rng.dirichlet([1, -1])).toThrow('Rng.dirichlet: param alpha[1] must be a finite number > 0, got -1');
    expect(() => rng.dirichlet([])).toThrow(InvalidInputError);
  });
});
