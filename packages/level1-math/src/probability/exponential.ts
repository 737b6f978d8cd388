/**
 * The exponential distribution with rate $\lambda$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, Rng, asVector, type VectorLike } from '@fpml/core';
import { ContinuousDistribution, checkParam } from './distribution.js';

/**
 * Exponential$(\lambda)$ on $[0, \infty)$:
 * $$\ln p(x) = \ln\lambda - \lambda x,\qquad F(x) = 1 - e^{-\lambda x},$$
 * mean $1/\lambda$, variance $1/\lambda^2$, entropy $1 - \ln\lambda$. scipy's `expon` with
 * `scale` $= 1/\lambda$. Sampled by inversion, $X = -\ln(1-U)/\lambda$.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Exponential extends ContinuousDistribution {
  readonly name = 'Exponential';
  /** Rate $\lambda > 0$ (scipy's `scale` is $1/\lambda$). */
  readonly rate: number;

  /** @param rate $\lambda > 0$. @default 1 */
  constructor(rate = 1) {
    super();
    this.rate = checkParam('Exponential', 'rate', rate, (v) => v > 0, '> 0');
  }

  get mean(): number {
    return 1 / this.rate;
  }

  get variance(): number {
    return 1 / (this.rate * this.rate);
  }

  get entropy(): number {
    return 1 - Math.log(this.rate);
  }

  protected logPdfAt(x: number): number {
    return x >= 0 && x < Infinity ? Math.log(this.rate) - this.rate * x : -Infinity;
  }

  protected cdfAt(x: number): number {
    return x <= 0 ? 0 : -Math.expm1(-this.rate * x);
  }

  protected draw(rng: Rng): number {
    return -Math.log1p(-rng.next()) / this.rate; // U ∈ [0, 1) so 1 − U ∈ (0, 1]
  }

  /**
   * Maximum-likelihood fit: $\hat\lambda = 1/\bar x$ (scipy.stats.expon.fit with `floc=0`). $O(n)$.
   * @throws InvalidInputError for a negative value, NaN/Inf, empty input, or all zeros.
   */
  static fit(x: VectorLike): Exponential {
    const v = asVector(x, 'x'); // (n,)
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      if (v[i]! < 0) throw new InvalidInputError(`Exponential.fit: x must be ≥ 0, got ${v[i]} at index ${i}`);
      s += v[i]!;
    }
    if (!(s > 0)) throw new InvalidInputError('Exponential.fit: x must not be all zeros (the MLE rate would be infinite)');
    return new Exponential(v.length / s);
  }
}
