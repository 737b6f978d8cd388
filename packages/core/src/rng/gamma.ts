/**
 * Gamma variates by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3): for shape $k \ge 1$ set $d = k - 1/3$, $c = 1/\sqrt{9d}$, draw
 * $x \sim \mathcal N(0,1)$, $v = (1 + cx)^3$ and accept $dv$ when $v>0$ and
 * $$\ln U < \tfrac12 x^2 + d\,(1 - v + \ln v)$$
 * (with the cheap squeeze $U < 1 - 0.0331x^4$ first; acceptance > 95% for every $k\ge1$).
 * For $k < 1$: $G_k = G_{k+1}\,U^{1/k}$ (Marsaglia & Tsang, section 6).
 *
 * Internal: {@link Rng.gamma}, {@link Rng.beta} and {@link Rng.dirichlet} validate and call these.
 * @see ../../../../docs/core/rng.md
 */
import type { Rng } from './rng.js';

/** Gamma(k, 1) for k ≥ 1 by Marsaglia–Tsang. */
function gammaAtLeastOne(rng: Rng, k: number): number {
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.standardNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Gamma(shape, 1) draw; shape > 0 (unchecked). */
export function gammaVariate(rng: Rng, shape: number): number {
  if (shape >= 1) return gammaAtLeastOne(rng, shape);
  const g = gammaAtLeastOne(rng, shape + 1);
  return g * Math.pow(1 - rng.next(), 1 / shape); // U in (0, 1]
}

/**
 * $\ln G$ for $G \sim$ Gamma(shape, 1), shape > 0 (unchecked). For shape < 1 the boost is
 * applied in log space, $\ln G_{k+1} + \ln U / k$, so it stays finite when $G$ itself would
 * underflow to 0 (tiny shapes).
 */
export function logGammaVariate(rng: Rng, shape: number): number {
  if (shape >= 1) return Math.log(gammaAtLeastOne(rng, shape));
  const g = gammaAtLeastOne(rng, shape + 1);
  return Math.log(g) + Math.log(1 - rng.next()) / shape;
}
