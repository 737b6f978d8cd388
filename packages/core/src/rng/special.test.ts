import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaI, erf, erfc, gammaP, gammaQ, kolmogorovSf, logGamma, normalCdf } from './special.js';

// Frozen by scripts/oracles/special_functions_scipy.py (scipy 1.10); CI never runs Python.
const gold = JSON.parse(readFileSync(new URL('./__fixtures__/special_functions.json', import.meta.url), 'utf8')) as {
  erf: { x: number; erf: number; erfc: number; ndtr: number }[];
  gammaln: { x: number; gammaln: number }[];
  gammainc: { a: number; x: number; P: number; Q: number }[];
  betainc: { a: number; b: number; x: number; I: number }[];
  kolmogorov: { x: number; kolmogorov: number }[];
};

/** |mine − gold| ≤ rel·|gold| + abs. */
function close(mine: number, want: number, rel: number, abs: number): boolean {
  return Math.abs(mine - want) <= rel * Math.abs(want) + abs;
}

function expectAll<T>(rows: T[], f: (r: T) => [number, number], rel: number, abs: number) {
  const bad = rows.map((r) => [r, ...f(r)] as const).filter(([, m, w]) => !close(m, w, rel, abs));
  expect(bad).toEqual([]);
}

describe('special functions vs scipy', () => {
  it('erf, erfc and the normal CDF (relative accuracy in the tails too)', () => {
    expectAll(gold.erf, (r) => [erf(r.x), r.erf], 1e-13, 1e-300);
    expectAll(gold.erf, (r) => [erfc(r.x), r.erfc], 1e-12, 1e-300);
    expectAll(gold.erf, (r) => [normalCdf(r.x), r.ndtr], 1e-12, 1e-300);
  });

  it('log-gamma', () => {
    expectAll(gold.gammaln, (r) => [logGamma(r.x), r.gammaln], 1e-14, 1e-14);
  });

  it('regularized incomplete gamma P and Q', () => {
    expectAll(gold.gammainc, (r) => [gammaP(r.a, r.x), r.P], 1e-11, 1e-15);
    expectAll(gold.gammainc, (r) => [gammaQ(r.a, r.x), r.Q], 1e-11, 1e-15);
  });

  it('regularized incomplete beta', () => {
    expectAll(gold.betainc, (r) => [betaI(r.a, r.b, r.x), r.I], 1e-11, 1e-15);
  });

  it('Kolmogorov survival function', () => {
    expectAll(gold.kolmogorov, (r) => [kolmogorovSf(r.x), r.kolmogorov], 1e-10, 1e-15);
  });
});
