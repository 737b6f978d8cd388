/**
 * Digamma, trigamma and the inverse digamma: the special functions the Gamma, Beta, Dirichlet
 * and Student-t entropies and MLE fits need and that core's rng/special.ts (lnΓ, incomplete
 * gamma/beta, erf) does not have. Asymptotic series after an upward recurrence (DLMF 5.15.8,
 * 5.11.2), checked against frozen scipy.special values.
 *
 * Domain $x > 0$ (all that the distributions need); arguments are not validated.
 * @see ../../../../docs/level1-math/probability.md
 */

/** Below this the argument is shifted up by the recurrence before the asymptotic series. */
const SHIFT = 10;

/**
 * Digamma $\psi(x) = \frac{d}{dx}\ln\Gamma(x)$, $x > 0$: shift with $\psi(x) = \psi(x+1) - 1/x$
 * to $x \ge 10$, then
 * $$\psi(x) \sim \ln x - \frac1{2x} - \sum_{k\ge1}\frac{B_{2k}}{2k\,x^{2k}}$$
 * (seven terms; truncation error below $10^{-17}$ there). About 1e-15 absolute; relative
 * accuracy is lost only near the root $x_0 \approx 1.4616$ where $\psi$ crosses 0.
 */
export function digamma(x: number): number {
  let r = 0;
  while (x < SHIFT) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  // B2k/(2k): 1/12, -1/120, 1/252, -1/240, 1/132, -691/32760, 1/12
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))));
  return r + Math.log(x) - 0.5 / x - series;
}

/**
 * Trigamma $\psi'(x) = \sum_{k\ge0} (x+k)^{-2}$, $x > 0$: shift with $\psi'(x) = \psi'(x+1) + 1/x^2$
 * to $x \ge 10$, then
 * $$\psi'(x) \sim \frac1x + \frac1{2x^2} + \sum_{k\ge1}\frac{B_{2k}}{x^{2k+1}}.$$
 */
export function trigamma(x: number): number {
  let r = 0;
  while (x < SHIFT) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  // B2k: 1/6, -1/30, 1/42, -1/30, 5/66, -691/2730, 7/6
  const series = (1 / x) * f * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66 - f * (691 / 2730 - (7 / 6) * f))))));
  return r + 1 / x + 0.5 * f + series;
}

const EULER_GAMMA = 0.5772156649015329; // γ = −ψ(1)

/**
 * Inverse digamma: the $x > 0$ with $\psi(x) = y$. Minka's (2000) start
 * $x_0 = e^y + \tfrac12$ for $y \ge -2.22$, else $x_0 = -1/(y + \gamma)$, then Newton
 * $x \leftarrow x - (\psi(x) - y)/\psi'(x)$ (quadratic; $\psi$ is increasing and concave,
 * so the iterates stay positive) until the step is below $10^{-15}x$.
 */
export function invDigamma(y: number): number {
  let x = y >= -2.22 ? Math.exp(y) + 0.5 : -1 / (y + EULER_GAMMA);
  for (let i = 0; i < 100; i++) {
    const step = (digamma(x) - y) / trigamma(x);
    x -= step;
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return x;
}
