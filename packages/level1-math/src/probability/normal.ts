/**
 * The normal (Gaussian) distribution $\mathcal N(\mu, \sigma^2)$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, Rng, asVector, normalCdf, type VectorLike } from '@fpml/core';
import { ContinuousDistribution, checkParam } from './distribution.js';

const LN_SQRT_2PI = 0.9189385332046727; // ln √(2π)

/**
 * $\mathcal N(\mu, \sigma^2)$ on $\mathbb R$:
 * $$\ln p(x) = -\frac{(x-\mu)^2}{2\sigma^2} - \ln\sigma - \tfrac12\ln 2\pi,\qquad F(x) = \Phi\!\left(\frac{x-\mu}{\sigma}\right),$$
 * mean $\mu$, variance $\sigma^2$, entropy $\tfrac12\ln(2\pi e\sigma^2)$. Sampled with core's
 * Marsaglia polar method. $O(1)$ per point.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Normal extends ContinuousDistribution {
  readonly name = 'Normal';
  /** Location $\mu$ (also the mean). */
  readonly mean: number;
  /** Scale $\sigma > 0$. */
  readonly std: number;

  /** @param mean $\mu$, finite. @default 0 @param std $\sigma > 0$. @default 1 */
  constructor(mean = 0, std = 1) {
    super();
    this.mean = checkParam('Normal', 'mean', mean, () => true, 'finite');
    this.std = checkParam('Normal', 'std', std, (v) => v > 0, '> 0');
  }

  get variance(): number {
    return this.std * this.std;
  }

  get entropy(): number {
    return 0.5 + LN_SQRT_2PI + Math.log(this.std);
  }

  protected logPdfAt(x: number): number {
    if (!Number.isFinite(x)) return -Infinity;
    const z = (x - this.mean) / this.std;
    return -0.5 * z * z - LN_SQRT_2PI - Math.log(this.std);
  }

  protected cdfAt(x: number): number {
    return normalCdf((x - this.mean) / this.std);
  }

  protected draw(rng: Rng): number {
    return rng.normal(this.mean, this.std);
  }

  /**
   * Maximum-likelihood fit: $\hat\mu = \bar x$, $\hat\sigma^2 = \frac1n\sum_i (x_i - \bar x)^2$
   * (the biased, ddof = 0 variance, as scipy.stats.norm.fit). Two passes, $O(n)$.
   * @throws InvalidInputError for NaN/Inf, empty input, or zero spread (the MLE $\sigma = 0$ is no distribution).
   */
  static fit(x: VectorLike): Normal {
    const v = asVector(x, 'x'); // (n,)
    const n = v.length;
    let m = 0;
    for (let i = 0; i < n; i++) m += v[i]!;
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (v[i]! - m) * (v[i]! - m);
    const std = Math.sqrt(ss / n);
    if (!(std > 0)) throw new InvalidInputError(`Normal.fit: x must not be constant (the MLE std would be 0), got ${n} equal value${n === 1 ? '' : 's'}`);
    return new Normal(m, std);
  }
}
