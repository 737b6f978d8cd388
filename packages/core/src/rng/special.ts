/**
 * Special functions behind the exact CDFs that test the Rng's samplers: $\ln\Gamma$, the
 * regularized incomplete gamma and beta functions, erf/erfc, the standard normal CDF and the
 * Kolmogorov distribution. Written from the series and continued fractions in the DLMF
 * (https://dlmf.nist.gov, chapters 5, 7, 8) and checked against frozen scipy values.
 *
 * Accuracy: about 1e-13 relative for moderate arguments (shapes up to a few hundred).
 * Arguments are not validated: these are internal numerics, not a public API.
 * @see ../../../../docs/core/rng.md
 */

const LN_SQRT_2PI = 0.9189385332046727; // ln √(2π)
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/**
 * $\ln\Gamma(x)$ for $x>0$: Stirling's series
 * $$\ln\Gamma(x) \approx (x-\tfrac12)\ln x - x + \ln\sqrt{2\pi} + \sum_{k=1}^{7} \frac{B_{2k}}{2k(2k-1)x^{2k-1}}$$
 * at $x \ge 10$, shifted there by $\Gamma(x) = \Gamma(x+m)/\prod_{i<m}(x+i)$ (DLMF 5.11.1).
 */
export function logGamma(x: number): number {
  let shift = 0;
  if (x < 10) {
    let prod = 1;
    while (x < 10) {
      prod *= x;
      x += 1;
    }
    shift = Math.log(prod);
  }
  const r = 1 / x;
  const r2 = r * r;
  // Bernoulli terms B2k / (2k(2k-1)): 1/12, -1/360, 1/1260, -1/1680, 1/1188, -691/360360, 1/156
  const series =
    r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series - shift;
}

/** $\ln B(a,b) = \ln\Gamma(a) + \ln\Gamma(b) - \ln\Gamma(a+b)$. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Series $\gamma(a,x)\,/\,\Gamma(a) = e^{-x}x^a \sum_{n\ge0} x^n/\Gamma(a+n+1)$ (DLMF 8.7.1). */
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(a * Math.log(x) - x - logGamma(a));
}

/**
 * Continued fraction (DLMF 8.9.2) for $Q(a,x) = \Gamma(a,x)/\Gamma(a)$, evaluated by the
 * modified Lentz method; converges quickly for $x > a+1$.
 */
function gammaQContinuedFraction(a: number, x: number): number {
  // Q = e^{-x} x^a / Γ(a) · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- ...)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h * Math.exp(a * Math.log(x) - x - logGamma(a));
}

/** Regularized lower incomplete gamma $P(a,x) = \frac{1}{\Gamma(a)}\int_0^x t^{a-1}e^{-t}\,dt$, $a>0$, $x\ge0$. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma $Q(a,x) = 1 - P(a,x)$, accurate in the upper tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

/** Continued fraction for $I_x(a,b)$ (DLMF 8.17.22), modified Lentz; good for $x < (a+1)/(a+b+2)$. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    // even step: d_{2m} = m(b-m)x / ((a+2m-1)(a+2m))
    let an = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // odd step: d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1))
    an = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta $I_x(a,b) = \frac{1}{B(a,b)}\int_0^x t^{a-1}(1-t)^{b-1}\,dt$,
 * $a,b>0$, $x\in[0,1]$, using the symmetry $I_x(a,b) = 1 - I_{1-x}(b,a)$ to stay where the
 * continued fraction converges fast.
 */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - betaI(b, a, 1 - x);
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b)) / a;
  return front * betaContinuedFraction(a, b, x);
}

/** $\operatorname{erf}(x) = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}dt = \operatorname{sign}(x)\,P(\tfrac12, x^2)$. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const v = gammaP(0.5, x * x);
  return x < 0 ? -v : v;
}

/** $\operatorname{erfc}(x) = 1 - \operatorname{erf}(x)$, accurate for large $x$ ($= Q(\tfrac12, x^2)$ for $x \ge 0$). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? gammaQ(0.5, x * x) : 1 + gammaP(0.5, x * x);
}

/** Standard normal CDF $\Phi(x) = \tfrac12\operatorname{erfc}(-x/\sqrt2)$. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Survival function of the Kolmogorov distribution,
 * $$Q_{KS}(\lambda) = 2\sum_{k\ge1}(-1)^{k-1}e^{-2k^2\lambda^2},$$
 * switching for small $\lambda$ to the Jacobi-theta form of the CDF,
 * $1 - \frac{\sqrt{2\pi}}{\lambda}\sum_{k\ge1} e^{-(2k-1)^2\pi^2/(8\lambda^2)}$, which converges there.
 */
export function kolmogorovSf(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    const q = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k < 100; k++) {
      const t = Math.exp((2 * k - 1) * (2 * k - 1) * q);
      sum += t;
      if (t < EPS * sum) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? t : -t;
    if (t < EPS * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
