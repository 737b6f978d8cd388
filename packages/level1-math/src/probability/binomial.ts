/**
 * The binomial distribution: the number of successes in $n$ independent Bernoulli$(p)$ trials.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, Rng, asVector, betaI, logGamma, type VectorLike } from '@fpml/core';
import { DiscreteDistribution, checkParam, xlog1py, xlogy } from './distribution.js';

/** Below this many trials a draw is a plain sum of Bernoulli trials. */
const DIRECT = 16;

/**
 * Binomial$(n, p)$ on $\{0, \dots, n\}$:
 * $$\ln P(X=k) = \ln\Gamma(n+1) - \ln\Gamma(k+1) - \ln\Gamma(n-k+1) + k\ln p + (n-k)\ln(1-p),$$
 * $F(k) = I_{1-p}(n-k, k+1)$ for $0 \le k < n$; mean $np$, variance $np(1-p)$. The entropy has no
 * closed form: it is the exact finite sum $-\sum_k P(k)\ln P(k)$, $O(n)$.
 * Sampled by Knuth's order-statistic recursion (TAOCP vol. 2, §3.4.1): the $a$-th smallest of $n$
 * uniforms is $X \sim$ Beta$(a, n+1-a)$; if $X \ge p$ the count is Binomial$(a-1, p/X)$, else
 * $a + $ Binomial$(n-a, (p-X)/(1-X))$. Exact, $O(\log n)$ beta draws and at most 16 trials.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Binomial extends DiscreteDistribution {
  readonly name = 'Binomial';
  /** Number of trials $n$. */
  readonly n: number;
  /** Success probability $p \in [0, 1]$. */
  readonly p: number;

  /** @param n trials, a non-negative safe integer. @param p success probability in [0, 1]. */
  constructor(n: number, p: number) {
    super();
    this.n = checkParam('Binomial', 'n', n, (v) => Number.isSafeInteger(v) && v >= 0, 'a non-negative integer');
    this.p = checkParam('Binomial', 'p', p, (v) => v >= 0 && v <= 1, 'in [0, 1]');
  }

  get mean(): number {
    return this.n * this.p;
  }

  get variance(): number {
    return this.n * this.p * (1 - this.p);
  }

  /** Entropy in nats, by the exact sum over the support. $O(n)$. */
  get entropy(): number {
    let h = 0;
    for (let k = 0; k <= this.n; k++) {
      const lp = this.logPmfAt(k);
      if (lp > -Infinity) h -= Math.exp(lp) * lp;
    }
    return h;
  }

  protected logPmfAt(k: number): number {
    const { n, p } = this;
    if (k < 0 || k > n) return -Infinity;
    return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + xlogy(k, p) + xlog1py(n - k, -p);
  }

  protected cdfAt(k: number): number {
    if (k < 0) return 0;
    if (k >= this.n) return 1;
    return betaI(this.n - k, k + 1, 1 - this.p);
  }

  protected draw(rng: Rng): number {
    return binomialDraw(rng, this.n, this.p);
  }

  /**
   * Maximum-likelihood fit with the number of trials known: $\hat p = \bar x / n$. $O(N)$.
   * @param x (N,) success counts, integers in [0, n].
   * @param n the known number of trials.
   * @throws InvalidInputError for a count that is not an integer in [0, n]; InvalidParamError for a bad n.
   */
  static fit(x: VectorLike, n: number): Binomial {
    checkParam('Binomial.fit', 'n', n, (v) => Number.isSafeInteger(v) && v >= 1, 'a positive integer');
    const v = asVector(x, 'x'); // (N,)
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      const k = v[i]!;
      if (!Number.isInteger(k) || k < 0 || k > n) throw new InvalidInputError(`Binomial.fit: x must contain integers in [0, ${n}], got ${k} at index ${i}`);
      s += k;
    }
    return new Binomial(n, s / (v.length * n));
  }
}

/**
 * One Binomial$(n, p)$ draw by Knuth's order-statistic recursion (see {@link Binomial}); shared
 * with the Poisson sampler. Arguments are not checked.
 */
export function binomialDraw(rng: Rng, n: number, p: number): number {
  let k = 0;
  while (n > DIRECT) {
    const a = 1 + Math.floor(n / 2);
    const b = n + 1 - a;
    const x = rng.beta(a, b); // the a-th smallest of n uniforms
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      k += a;
      n = b - 1;
      p = (p - x) / (1 - x);
    }
  }
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}
