/**
 * The Bernoulli distribution on $\{0, 1\}$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, Rng, asVector, type VectorLike } from '@fpml/core';
import { DiscreteDistribution, checkParam, xlog1py, xlogy } from './distribution.js';

/**
 * Bernoulli$(p)$ on $\{0, 1\}$:
 * $$\ln P(X=k) = k\ln p + (1-k)\ln(1-p),\qquad F(k) = 1-p \text{ on } [0, 1),$$
 * mean $p$, variance $p(1-p)$, entropy $-p\ln p - (1-p)\ln(1-p)$ (with $0\ln 0 = 0$).
 * @see ../../../../docs/level1-math/probability.md
 */
export class Bernoulli extends DiscreteDistribution {
  readonly name = 'Bernoulli';
  /** $p = P(X = 1) \in [0, 1]$. */
  readonly p: number;

  /** @param p $P(X = 1)$, in [0, 1]. */
  constructor(p: number) {
    super();
    this.p = checkParam('Bernoulli', 'p', p, (v) => v >= 0 && v <= 1, 'in [0, 1]');
  }

  get mean(): number {
    return this.p;
  }

  get variance(): number {
    return this.p * (1 - this.p);
  }

  /** Entropy in nats. */
  get entropy(): number {
    return -xlogy(this.p, this.p) - xlog1py(1 - this.p, -this.p);
  }

  protected logPmfAt(k: number): number {
    if (k === 1) return Math.log(this.p);
    if (k === 0) return Math.log1p(-this.p);
    return -Infinity;
  }

  protected cdfAt(k: number): number {
    if (k < 0) return 0;
    return k < 1 ? 1 - this.p : 1;
  }

  protected draw(rng: Rng): number {
    return rng.next() < this.p ? 1 : 0;
  }

  /**
   * Maximum-likelihood fit: $\hat p = \bar x$. $O(n)$.
   * @throws InvalidInputError for a value other than 0 or 1, or empty input.
   */
  static fit(x: VectorLike): Bernoulli {
    const v = asVector(x, 'x'); // (n,)
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== 0 && v[i] !== 1) throw new InvalidInputError(`Bernoulli.fit: x must contain only 0 and 1, got ${v[i]} at index ${i}`);
      s += v[i]!;
    }
    return new Bernoulli(s / v.length);
  }
}
