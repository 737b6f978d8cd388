/**
 * Mean-field automatic differentiation variational inference (ADVI; Kucukelbir et al. 2017) on
 * the unconstrained space of a {@link Model}: $q(z) = \prod_j \mathcal N(z_j \mid m_j, e^{2\omega_j})$,
 * fitted by maximising the evidence lower bound
 * $$\mathrm{ELBO}(m, \omega) = \mathbb E_{q}[\log p(z)] + \sum_j \omega_j + \tfrac d2(1 + \log 2\pi) \le \log Z.$$
 * Reparameterisation: $z = m + e^{\omega}\odot\varepsilon$, $\varepsilon \sim \mathcal N(0, I)$, so
 * $$\nabla_m \mathrm{ELBO} = \mathbb E[\nabla\log p(z)],\qquad
 * \nabla_\omega \mathrm{ELBO} = \mathbb E[\nabla\log p(z)\odot\varepsilon\odot e^{\omega}] + 1,$$
 * estimated with `gradSamples` draws per step and followed by Adam (level1). The returned
 * parameters are the average of the iterates over the last `averageFraction` of the steps
 * (Polyak–Ruppert), which removes most of the step-to-step noise of the stochastic gradient.
 *
 * For a Gaussian target $\mathcal N(\mu, P^{-1})$ the optimum is known: $m = \mu$ and
 * $e^{2\omega_j} = 1/P_{jj}$ (mean-field under-estimates marginal variances under correlation).
 * Cost: steps × gradSamples gradients.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidParamError, Matrix, Rng } from '@fpml/core';
import { Adam } from '@fpml/level1-math';
import type { Model } from './model.js';

/** Options of {@link advi}. */
export interface AdviOptions {
  /** Adam steps. @default 2000 */
  steps?: number;
  /** Monte-Carlo draws per gradient. @default 4 */
  gradSamples?: number;
  /** Adam learning rate. @default 0.05 */
  lr?: number;
  /** Draws for the ELBO estimate recorded every `elboEvery` steps. @default 50 */
  elboSamples?: number;
  /** Record the ELBO every this many steps. @default 20 */
  elboEvery?: number;
  /** Fraction of the final steps whose iterates are averaged. @default 0.5 */
  averageFraction?: number;
  /** Seed. @default 0 */
  seed?: number;
  /** Initial mean (unconstrained), (d,). @default zeros */
  init?: Float64Array;
}

/** A fitted mean-field approximation. */
export interface AdviResult {
  /** Variational mean $m$ (unconstrained), (d,). */
  mean: Float64Array;
  /** Variational standard deviations $e^{\omega}$ (unconstrained), (d,). */
  sd: Float64Array;
  /** ELBO estimates along the optimisation: step and value. */
  elboTrace: { step: number; elbo: number }[];
  /** Monte-Carlo ELBO at the returned parameters. */
  elbo: number;
  /** `n` draws of $q$ mapped to the constrained space, (n, d). */
  sample(n: number, seed?: number): Matrix;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Fit mean-field ADVI to `model`.
 * @throws InvalidParamError for a bad option.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function advi(model: Model, options: AdviOptions = {}): AdviResult {
  const steps = options.steps ?? 2000, S = options.gradSamples ?? 4, lr = options.lr ?? 0.05;
  const elboSamples = options.elboSamples ?? 50, elboEvery = options.elboEvery ?? 20, frac = options.averageFraction ?? 0.5;
  for (const [k, v] of [['steps', steps], ['gradSamples', S], ['elboSamples', elboSamples], ['elboEvery', elboEvery]] as const) if (!(Number.isInteger(v) && v >= 1)) throw new InvalidParamError('advi', k, v, 'a positive integer');
  if (!(lr > 0)) throw new InvalidParamError('advi', 'lr', lr, 'positive');
  if (!(frac > 0 && frac <= 1)) throw new InvalidParamError('advi', 'averageFraction', frac, 'in (0, 1]');
  const d = model.dim;
  if (options.init !== undefined && !(options.init instanceof Float64Array && options.init.length === d)) throw new InvalidParamError('advi', 'init', options.init, `a Float64Array of length ${d}`);
  const rng = new Rng(options.seed ?? 0);
  const m = options.init?.slice() ?? new Float64Array(d); // (d,)
  const w = new Float64Array(d); // (d,) log sd
  const opt = new Adam({ lr });
  const elboAt = (mm: Float64Array, ww: Float64Array, n: number): number => {
    let s = 0;
    for (let k = 0; k < n; k++) s += model.logp(Float64Array.from(mm, (v, j) => v + Math.exp(ww[j]!) * rng.standardNormal()));
    let ent = 0;
    for (const v of ww) ent += v;
    return s / n + ent + 0.5 * d * (1 + LOG_2PI);
  };
  const mBar = new Float64Array(d), wBar = new Float64Array(d);
  const start = Math.floor(steps * (1 - frac));
  const elboTrace: { step: number; elbo: number }[] = [];
  for (let t = 0; t < steps; t++) {
    const gm = new Float64Array(d), gw = new Float64Array(d); // (d,) gradients of the negative ELBO
    for (let k = 0; k < S; k++) {
      const eps = Float64Array.from({ length: d }, () => rng.standardNormal());
      const z = Float64Array.from(m, (v, j) => v + Math.exp(w[j]!) * eps[j]!);
      const { grad } = model.logpGrad(z);
      for (let j = 0; j < d; j++) {
        const g = Number.isFinite(grad[j]!) ? grad[j]! : 0;
        gm[j]! -= g / S; // -∂/∂m E log p
        gw[j]! -= (g * eps[j]! * Math.exp(w[j]!)) / S; // -∂/∂ω E log p (chain rule through z = m + e^ω ε)
      }
    }
    for (let j = 0; j < d; j++) gw[j]! -= 1; // -∂/∂ω of the entropy Σ ω
    opt.step([m, w], [gm, gw]);
    if (t >= start) for (let j = 0; j < d; j++) { mBar[j]! += m[j]! / (steps - start); wBar[j]! += w[j]! / (steps - start); }
    if (t % elboEvery === 0 || t === steps - 1) elboTrace.push({ step: t, elbo: elboAt(m, w, elboSamples) });
  }
  const sd = wBar.map(Math.exp);
  return {
    mean: mBar, sd, elboTrace, elbo: elboAt(mBar, wBar, 20 * elboSamples),
    sample: (n, seed = 0) => {
      if (!(Number.isInteger(n) && n >= 1)) throw new InvalidParamError('advi.sample', 'n', n, 'a positive integer');
      const r = new Rng(seed), out = new Matrix(n, d); // (n, d)
      for (let i = 0; i < n; i++) out.data.set(model.constrain(Float64Array.from(mBar, (v, j) => v + sd[j]! * r.standardNormal())), i * d);
      return out;
    },
  };
}
