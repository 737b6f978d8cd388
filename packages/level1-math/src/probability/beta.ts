/**
 * The beta distribution on $[0, 1]$, and its MLE by Newton's method on the digamma equations.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { ConvergenceWarning, InvalidInputError, Rng, asVector, betaI, logBeta, type VectorLike } from '@fpml/core';
import { ContinuousDistribution, checkParam, xlog1py, xlogy } from './distribution.js';
import { digamma, trigamma } from './special.js';

/** Options of {@link Beta.fit}. */
export interface BetaFitOptions {
  /** Stop when the Newton step is below `tol` relative to (a, b). @default 1e-14 */
  tol?: number;
  /** Newton iterations at most. @default 200 */
  maxIter?: number;
}

/**
 * Beta$(a, b)$ on $[0, 1]$:
 * $$\ln p(x) = (a-1)\ln x + (b-1)\ln(1-x) - \ln B(a, b),\qquad F(x) = I_x(a, b),$$
 * mean $a/(a+b)$, variance $ab/\big((a+b)^2(a+b+1)\big)$, entropy
 * $\ln B(a,b) - (a-1)\psi(a) - (b-1)\psi(b) + (a+b-2)\psi(a+b)$. Sampled with core's
 * log-space gamma-ratio sampler.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Beta extends ContinuousDistribution {
  readonly name = 'Beta';
  /** First shape $a > 0$. */
  readonly a: number;
  /** Second shape $b > 0$. */
  readonly b: number;
  /** Filled by {@link Beta.fit} when Newton hit `maxIter`. */
  readonly warnings: ConvergenceWarning[] = [];

  /** @param a $a > 0$. @param b $b > 0$. */
  constructor(a: number, b: number) {
    super();
    this.a = checkParam('Beta', 'a', a, (v) => v > 0, '> 0');
    this.b = checkParam('Beta', 'b', b, (v) => v > 0, '> 0');
  }

  get mean(): number {
    return this.a / (this.a + this.b);
  }

  get variance(): number {
    const s = this.a + this.b;
    return (this.a * this.b) / (s * s * (s + 1));
  }

  get entropy(): number {
    const { a, b } = this;
    return logBeta(a, b) - (a - 1) * digamma(a) - (b - 1) * digamma(b) + (a + b - 2) * digamma(a + b);
  }

  protected logPdfAt(x: number): number {
    if (!(x >= 0 && x <= 1)) return -Infinity;
    return xlogy(this.a - 1, x) + xlog1py(this.b - 1, -x) - logBeta(this.a, this.b);
  }

  protected cdfAt(x: number): number {
    return betaI(this.a, this.b, x);
  }

  protected draw(rng: Rng): number {
    return rng.beta(this.a, this.b);
  }

  /**
   * Maximum-likelihood fit. The log-likelihood $n[(a-1)\overline{\ln x} + (b-1)\overline{\ln(1-x)} - \ln B(a,b)]$
   * is concave in $(a, b)$ ($\ln B$ is the log-partition of an exponential family), and its
   * stationary point solves
   * $$\psi(a) - \psi(a+b) = \overline{\ln x},\qquad \psi(b) - \psi(a+b) = \overline{\ln(1-x)}.$$
   * Newton's method with Hessian $-\begin{pmatrix}\psi'(a)-\psi'(a+b) & -\psi'(a+b)\\ -\psi'(a+b) & \psi'(b)-\psi'(a+b)\end{pmatrix}$,
   * started at the method-of-moments estimate and halving a step that would leave $a, b > 0$
   * or lower the likelihood. scipy.stats.beta.fit(x, floc=0, fscale=1) solves the same
   * equations (with a looser solver). $O(n)$ then $O(1)$ per step.
   * @throws InvalidInputError for a value outside the open interval (0, 1), NaN/Inf, empty or constant input.
   */
  static fit(x: VectorLike, options: BetaFitOptions = {}): Beta {
    const { tol = 1e-14, maxIter = 200 } = options;
    checkParam('Beta.fit', 'tol', tol, (v) => v > 0, '> 0');
    checkParam('Beta.fit', 'maxIter', maxIter, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const v = asVector(x, 'x'); // (n,)
    const n = v.length;
    let m = 0, m2 = 0, l1 = 0, l2 = 0;
    for (let i = 0; i < n; i++) {
      const xi = v[i]!;
      if (!(xi > 0 && xi < 1)) throw new InvalidInputError(`Beta.fit: x must be in the open interval (0, 1), got ${xi} at index ${i}`);
      m += xi;
      m2 += xi * xi;
      l1 += Math.log(xi);
      l2 += Math.log1p(-xi);
    }
    m /= n;
    l1 /= n;
    l2 /= n;
    const varx = m2 / n - m * m;
    if (!(varx > 0)) throw new InvalidInputError('Beta.fit: x must not be constant (the MLE shapes would be infinite)');
    // method of moments: a + b = m(1−m)/var − 1 (kept positive)
    const c = Math.max((m * (1 - m)) / varx - 1, 1e-3);
    let a = m * c, b = (1 - m) * c;
    const loglik = (p: number, q: number): number => (p - 1) * l1 + (q - 1) * l2 - logBeta(p, q);
    let iter = 0, converged = false;
    while (iter < maxIter && !converged) {
      iter++;
      const dab = digamma(a + b), tab = trigamma(a + b);
      const g1 = l1 - digamma(a) + dab, g2 = l2 - digamma(b) + dab; // gradient / n
      const h11 = trigamma(a) - tab, h22 = trigamma(b) - tab, h12 = -tab; // −Hessian / n, positive definite
      const det = h11 * h22 - h12 * h12;
      let da = (h22 * g1 - h12 * g2) / det, db = (h11 * g2 - h12 * g1) / det;
      const f0 = loglik(a, b);
      let t = 1;
      while (t > 1e-10 && !(a + t * da > 0 && b + t * db > 0 && loglik(a + t * da, b + t * db) >= f0 - 1e-15 * Math.abs(f0))) t *= 0.5;
      da *= t;
      db *= t;
      a += da;
      b += db;
      converged = Math.abs(da) <= tol * a && Math.abs(db) <= tol * b;
    }
    const out = new Beta(a, b);
    if (!converged) out.warnings.push(new ConvergenceWarning('Beta.fit', `did not converge to tol ${tol} in ${maxIter} Newton steps`, iter));
    return out;
  }
}
