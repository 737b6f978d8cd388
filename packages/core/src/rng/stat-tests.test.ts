import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { Rng } from './rng.js';
import { normalCdf } from './special.js';
import { chiSquareTest, ksTest } from './stat-tests.js';

describe('ksTest', () => {
  it('computes D_n by hand for three points against U(0, 1)', () => {
    // i/n − F and F − (i−1)/n over 0.1, 0.5, 0.9: the largest is 1/3 − 0.1 = 0.9 − 2/3.
    const { statistic } = ksTest([0.9, 0.1, 0.5], (x) => x);
    expect(statistic).toBeCloseTo(1 / 3 - 0.1, 15);
  });

  it('rejects a wrong distribution (power check): normal samples against U(0, 1) CDF', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 2000 }, () => rng.normal());
    const r = ksTest(xs, (x) => Math.min(1, Math.max(0, x)));
    expect(r.pValue).toBeLessThan(1e-12);
    // and a shifted normal against the standard normal CDF
    const ys = Array.from({ length: 2000 }, () => rng.normal(0.3));
    expect(ksTest(ys, normalCdf).pValue).toBeLessThan(1e-6);
  });

  it('rejects empty samples and a CDF outside [0, 1]', () => {
    expect(() => ksTest([], (x) => x)).toThrow(InvalidInputError);
    expect(() => ksTest([1], () => 2)).toThrow('ksTest: cdf(1) returned 2, expected a value in [0, 1]');
  });
});

describe('chiSquareTest', () => {
  it('matches the closed form for 2 degrees of freedom, p = exp(−χ²/2)', () => {
    const r = chiSquareTest([10, 20, 30], [20, 20, 20]);
    expect(r.statistic).toBeCloseTo(10, 12);
    expect(r.pValue).toBeCloseTo(Math.exp(-5), 14);
  });

  it('an observation in a zero-expectation cell gives p = 0', () => {
    expect(chiSquareTest([1, 5], [0, 6]).pValue).toBe(0);
  });
});
