/**
 * The continuous uniform distribution on $[a, b]$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, InvalidParamError, Rng, asVector, type VectorLike } from '@fpml/core';
import { ContinuousDistribution, checkParam } from './distribution.js';

/**
 * Uniform$(a, b)$ on $[a, b]$ (both ends in the support, as scipy):
 * $$\ln p(x) = -\ln(b - a),\qquad F(x) = \frac{x - a}{b - a}\ \text{clamped to}\ [0, 1],$$
 * mean $(a+b)/2$, variance $(b-a)^2/12$, entropy $\ln(b-a)$. scipy's `uniform(loc=a, scale=b-a)`.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Uniform extends ContinuousDistribution {
  readonly name = 'Uniform';
  /** Lower end $a$. */
  readonly low: number;
  /** Upper end $b > a$. */
  readonly high: number;

  /** @param low $a$. @default 0 @param high $b > a$ with $b - a$ finite. @default 1 */
  constructor(low = 0, high = 1) {
    super();
    this.low = checkParam('Uniform', 'low', low, () => true, 'finite');
    this.high = checkParam('Uniform', 'high', high, (v) => v > low, `> low (${low})`);
    if (!Number.isFinite(high - low)) throw new InvalidParamError('Uniform', 'high', high, 'such that high − low is finite');
  }

  get mean(): number {
    return 0.5 * (this.low + this.high);
  }

  get variance(): number {
    const w = this.high - this.low;
    return (w * w) / 12;
  }

  get entropy(): number {
    return Math.log(this.high - this.low);
  }

  protected logPdfAt(x: number): number {
    return x >= this.low && x <= this.high ? -Math.log(this.high - this.low) : -Infinity;
  }

  protected cdfAt(x: number): number {
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    return (x - this.low) / (this.high - this.low);
  }

  protected draw(rng: Rng): number {
    return rng.uniform(this.low, this.high);
  }

  /**
   * Maximum-likelihood fit: $\hat a = \min_i x_i$, $\hat b = \max_i x_i$ (the likelihood
   * $(b-a)^{-n}$ grows as the interval shrinks onto the data; scipy.stats.uniform.fit). $O(n)$.
   * @throws InvalidInputError for NaN/Inf, empty input, or a constant sample.
   */
  static fit(x: VectorLike): Uniform {
    const v = asVector(x, 'x'); // (n,)
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      if (v[i]! < lo) lo = v[i]!;
      if (v[i]! > hi) hi = v[i]!;
    }
    if (!(hi > lo)) throw new InvalidInputError(`Uniform.fit: x must not be constant (the MLE interval would be empty), got all ${lo}`);
    return new Uniform(lo, hi);
  }
}
