/**
 * Goodness-of-fit tests for checking samplers: one-sample Kolmogorov–Smirnov against an exact
 * CDF and Pearson's chi-square against expected counts. Both return a p-value, so a test can
 * assert `pValue > alpha` with `alpha` small enough that a correct sampler fails with
 * probability ≈ alpha.
 * @see ../../../../docs/core/rng.md
 */
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { gammaQ, kolmogorovSf } from './special.js';

/** Result of a goodness-of-fit test. */
export interface GofResult {
  statistic: number;
  pValue: number;
}

/**
 * One-sample Kolmogorov–Smirnov test: with sorted $x_{(1)}\le\dots\le x_{(n)}$,
 * $$D_n = \max_i \max\!\left(\tfrac{i}{n} - F(x_{(i)}),\; F(x_{(i)}) - \tfrac{i-1}{n}\right),$$
 * and the asymptotic p-value $Q_{KS}\big((\sqrt n + 0.12 + 0.11/\sqrt n)\,D_n\big)$ (Stephens, 1970),
 * accurate for $n \gtrsim 35$. $O(n\log n)$.
 */
export function ksTest(samples: ArrayLike<number>, cdf: (x: number) => number): GofResult {
  const n = samples.length;
  if (n < 1) throw new InvalidInputError('ksTest: samples must not be empty');
  const x = Float64Array.from(samples).sort(); // (n,)
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]!);
    if (!(f >= 0 && f <= 1)) throw new InvalidInputError(`ksTest: cdf(${x[i]}) returned ${f}, expected a value in [0, 1]`);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  const sn = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSf((sn + 0.12 + 0.11 / sn) * d) };
}

/**
 * Pearson's chi-square test of observed counts against expected counts:
 * $$\chi^2 = \sum_i \frac{(O_i - E_i)^2}{E_i},\qquad p = Q\!\left(\tfrac{k-1-\text{ddof}}{2}, \tfrac{\chi^2}{2}\right).$$
 * Cells with $E_i = 0$ must have $O_i = 0$ and are dropped.
 */
export function chiSquareTest(observed: ArrayLike<number>, expected: ArrayLike<number>, ddof = 0): GofResult {
  if (observed.length !== expected.length) {
    throw new InvalidInputError(`chiSquareTest: observed has ${observed.length} cells but expected has ${expected.length}`);
  }
  let stat = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    if (e === 0) {
      if (o !== 0) return { statistic: Infinity, pValue: 0 };
      continue;
    }
    stat += ((o - e) * (o - e)) / e;
    cells++;
  }
  const df = cells - 1 - ddof;
  if (df < 1) throw new InvalidParamError('chiSquareTest', 'ddof', ddof, `< ${cells - 1} (cells with positive expectation − 1)`);
  return { statistic: stat, pValue: gammaQ(df / 2, stat / 2) };
}
