/**
 * The Poisson distribution with rate $\lambda$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, Rng, asVector, gammaQ, logGamma, type VectorLike } from '@fpml/core';
import { DiscreteDistribution, checkParam, xlogy } from './distribution.js';
import { binomialDraw } from './binomial.js';

/** Above this rate a draw is first reduced by Knuth's gamma step. */
const DIRECT_RATE = 16;

/**
 * Poisson$(\lambda)$ on $\{0, 1, 2, \dots\}$:
 * $$\ln P(X=k) = k\ln\lambda - \lambda - \ln\Gamma(k+1),\qquad F(k) = Q(k+1, \lambda),$$
 * with $Q$ the regularised upper incomplete gamma; mean and variance $\lambda$. The entropy has no
 * closed form: it is summed over $k \in \lambda \pm (40\sqrt\lambda + 40)$, outside which the mass
 * is below $10^{-300}$. Sampled exactly: while $\lambda > 16$, Knuth's reduction (TAOCP vol. 2,
 * §3.4.1) draws the $m$-th arrival $G \sim$ Gamma$(m)$, $m = \lfloor 7\lambda/8 \rfloor$, of a
 * unit-rate Poisson process: if $G < \lambda$ the count is $m + $ Poisson$(\lambda - G)$, else
 * Binomial$(m-1, \lambda/G)$; then inversion by sequential search. $O(\log\lambda)$ expected.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Poisson extends DiscreteDistribution {
  readonly name = 'Poisson';
  /** Rate $\lambda \ge 0$ ($\lambda = 0$ is the point mass at 0). */
  readonly rate: number;

  /** @param rate $\lambda \ge 0$. */
  constructor(rate: number) {
    super();
    this.rate = checkParam('Poisson', 'rate', rate, (v) => v >= 0, '≥ 0');
  }

  get mean(): number {
    return this.rate;
  }

  get variance(): number {
    return this.rate;
  }

  /** Entropy in nats, summed over the window holding all but $10^{-300}$ of the mass. $O(\sqrt\lambda + 40)$. */
  get entropy(): number {
    const lam = this.rate;
    const w = 40 * Math.sqrt(lam) + 40;
    let h = 0;
    for (let k = Math.max(0, Math.floor(lam - w)); k <= Math.ceil(lam + w); k++) {
      const lp = this.logPmfAt(k);
      if (lp > -Infinity) h -= Math.exp(lp) * lp;
    }
    return h;
  }

  protected logPmfAt(k: number): number {
    if (k < 0 || k === Infinity) return -Infinity;
    return xlogy(k, this.rate) - this.rate - logGamma(k + 1);
  }

  protected cdfAt(k: number): number {
    if (k < 0) return 0;
    if (k === Infinity) return 1;
    return gammaQ(k + 1, this.rate);
  }

  protected draw(rng: Rng): number {
    let lam = this.rate, k = 0;
    while (lam > DIRECT_RATE) {
      const m = Math.floor(0.875 * lam);
      const g = rng.gamma(m); // time of the m-th arrival
      if (g >= lam) return k + binomialDraw(rng, m - 1, lam / g);
      k += m;
      lam -= g;
    }
    // inversion: smallest j with F(j) > U
    const u = rng.next();
    let j = 0, term = Math.exp(-lam), cum = term;
    while (u >= cum && term > 0) {
      j++;
      term *= lam / j;
      cum += term;
    }
    return k + j;
  }

  /**
   * Maximum-likelihood fit: $\hat\lambda = \bar x$. $O(n)$.
   * @throws InvalidInputError for a value that is not a non-negative integer, or empty input.
   */
  static fit(x: VectorLike): Poisson {
    const v = asVector(x, 'x'); // (n,)
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      if (!Number.isInteger(v[i]) || v[i]! < 0) throw new InvalidInputError(`Poisson.fit: x must contain non-negative integers, got ${v[i]} at index ${i}`);
      s += v[i]!;
    }
    return new Poisson(s / v.length);
  }
}
