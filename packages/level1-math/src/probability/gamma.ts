/**
 * The gamma distribution with shape $k$ and scale $\theta$, and its MLE by Minka's Newton
 * iteration for the shape.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { ConvergenceWarning, InvalidInputError, Rng, asVector, gammaP, logGamma, type VectorLike } from '@fpml/core';
import { ContinuousDistribution, checkParam, xlogy } from './distribution.js';
import { digamma, trigamma } from './special.js';

/** Options of {@link Gamma.fit}. */
export interface GammaFitOptions {
  /** Stop when the relative change of the shape is below this. @default 1e-14 */
  tol?: number;
  /** Newton iterations at most. @default 100 */
  maxIter?: number;
}

/**
 * Gamma$(k, \theta)$ on $(0, \infty)$:
 * $$\ln p(x) = (k-1)\ln x - \frac{x}{\theta} - \ln\Gamma(k) - k\ln\theta,\qquad F(x) = P(k, x/\theta),$$
 * with $P$ the regularised lower incomplete gamma; mean $k\theta$, variance $k\theta^2$, entropy
 * $k + \ln\theta + \ln\Gamma(k) + (1-k)\psi(k)$. scipy's `gamma(a=k, scale=θ)`. At $x = 0$ the
 * density is $+\infty$ ($k<1$), $1/\theta$ ($k=1$) or 0 ($k>1$). Sampled with core's
 * Marsaglia–Tsang sampler.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Gamma extends ContinuousDistribution {
  readonly name = 'Gamma';
  /** Shape $k > 0$. */
  readonly shape: number;
  /** Scale $\theta > 0$ (rate $1/\theta$). */
  readonly scale: number;
  /** Filled by {@link Gamma.fit} when the Newton iteration hit `maxIter`. */
  readonly warnings: ConvergenceWarning[] = [];

  /** @param shape $k > 0$. @param scale $\theta > 0$. @default 1 */
  constructor(shape: number, scale = 1) {
    super();
    this.shape = checkParam('Gamma', 'shape', shape, (v) => v > 0, '> 0');
    this.scale = checkParam('Gamma', 'scale', scale, (v) => v > 0, '> 0');
  }

  get mean(): number {
    return this.shape * this.scale;
  }

  get variance(): number {
    return this.shape * this.scale * this.scale;
  }

  get entropy(): number {
    const k = this.shape;
    return k + Math.log(this.scale) + logGamma(k) + (1 - k) * digamma(k);
  }

  protected logPdfAt(x: number): number {
    if (!(x >= 0) || x === Infinity) return -Infinity;
    const k = this.shape, t = this.scale;
    return xlogy(k - 1, x / t) - x / t - logGamma(k) - Math.log(t);
  }

  protected cdfAt(x: number): number {
    return gammaP(this.shape, x / this.scale);
  }

  protected draw(rng: Rng): number {
    return rng.gamma(this.shape, this.scale);
  }

  /**
   * Maximum-likelihood fit (scipy.stats.gamma.fit with `floc=0` solves the same equation).
   * With $s = \ln\bar x - \overline{\ln x} > 0$ the MLE shape solves $\ln k - \psi(k) = s$ and
   * then $\hat\theta = \bar x/\hat k$. Minka's (2002) generalised Newton step,
   * $$\frac1{k_{t+1}} = \frac1{k_t} + \frac{\overline{\ln x} - \ln\bar x + \ln k_t - \psi(k_t)}{k_t^2\,(1/k_t - \psi'(k_t))},$$
   * from $k_0 = \big(3 - s + \sqrt{(s-3)^2 + 24s}\big)/(12s)$, converges in about four steps.
   * $O(n)$ for the statistics, then $O(1)$ per step.
   * @throws InvalidInputError for a value ≤ 0, NaN/Inf, empty input, or a constant sample ($s = 0$: $k \to \infty$).
   */
  static fit(x: VectorLike, options: GammaFitOptions = {}): Gamma {
    const { tol = 1e-14, maxIter = 100 } = options;
    checkParam('Gamma.fit', 'tol', tol, (v) => v > 0, '> 0');
    checkParam('Gamma.fit', 'maxIter', maxIter, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const v = asVector(x, 'x'); // (n,)
    const n = v.length;
    let sum = 0, sumLog = 0;
    for (let i = 0; i < n; i++) {
      if (!(v[i]! > 0)) throw new InvalidInputError(`Gamma.fit: x must be > 0, got ${v[i]} at index ${i}`);
      sum += v[i]!;
      sumLog += Math.log(v[i]!);
    }
    const mean = sum / n;
    const meanLog = sumLog / n;
    const s = Math.log(mean) - meanLog;
    if (!(s > 0)) throw new InvalidInputError('Gamma.fit: x must not be constant (the MLE shape would be infinite)');
    let k = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    let iter = 0, converged = false;
    while (iter < maxIter && !converged) {
      iter++;
      const g = meanLog - Math.log(mean) + Math.log(k) - digamma(k); // ∂ℓ/∂k / n with θ profiled out
      const next = 1 / (1 / k + g / (k * k * (1 / k - trigamma(k))));
      converged = Math.abs(next - k) <= tol * next;
      k = next;
    }
    const out = new Gamma(k, mean / k);
    if (!converged) out.warnings.push(new ConvergenceWarning('Gamma.fit', `shape did not converge to tol ${tol} in ${maxIter} Newton steps`, iter));
    return out;
  }
}
