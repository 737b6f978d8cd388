/**
 * Synthetic data with known causal effects, for the estimator study. Each generator is
 * deterministic in `seed` (core's Rng), returns the data as columns, the true unit-level
 * effects and propensities, and the graph that generated it.
 *
 * **Confounded treatment** ({@link confoundedData}), confounders $W \sim \mathcal N(0, I_d)$,
 * $s(W) = \sum_j W_j/\sqrt d$ (standardised linear index), and mean-zero unit-variance
 * non-linear pieces $h_\mu(W) = c_2\big((W_1^2-1)/\sqrt2 + W_1W_2\big)$,
 * $h_e(W) = c_2\big((W_d^2-1)/\sqrt2 + W_dW_{d-1}\big)$ ($c_2$ normalises; the product term
 * only when $d \ge 2$), both uncorrelated with $s$:
 * $$e(W) = \sigma\!\big(\alpha + \kappa\,[\sqrt{1-\lambda_e^2}\,s + \lambda_e h_e]\big),\quad T \sim \mathrm{Bern}(e(W)),$$
 * $$Y = \gamma\,[\sqrt{1-\lambda_\mu^2}\,s + \lambda_\mu h_\mu] + \tau(W)\,T + \sigma\varepsilon,\quad \tau(W) = \tau + \eta W_1.$$
 * $\gamma$ (`confounding`) scales the confounders' effect on $Y$, $\kappa$ (`propensityScale`)
 * is the overlap knob (0: a randomised trial; ≥ 3: propensities crowd 0 and 1), $\lambda_e,
 * \lambda_\mu$ the non-linearity (a linear-logistic propensity model or a linear outcome model is
 * misspecified when they are > 0), $\eta$ the effect heterogeneity. The naive difference in
 * means is biased when both $\gamma$ and $\kappa$ are non-zero.
 *
 * **Instrument** ({@link instrumentData}): $Z \sim \mathrm{Bern}(p_z)$, latent $U \sim \mathcal N(0,1)$,
 * $T(z) = \mathbb 1[\pi (z - \tfrac12) + cU + V > 0]$ with $V$ standard logistic (so
 * $P(T{=}1\mid z, U) = \sigma(\pi(z-\frac12) + cU)$), $Y = cU + \tau_i T + \sigma\varepsilon$,
 * $\tau_i = \tau + \eta U_i$. $\pi$ is the instrument strength; compliers are the units with
 * $T(1) = 1, T(0) = 0$ and the Wald ratio targets their average effect (LATE).
 *
 * Truths: `trueAte` and `trueAtt` are the sample averages of the unit effects $\tau_i$ over all
 * units and over the treated (SATE, SATT); `populationAte` is $\tau$ exactly. With no
 * heterogeneity all equal $\tau$. Cost $O(nd)$.
 * @see ../../../../../docs/level4-probabilistic/causal-graphs.md
 */
import { InvalidParamError, Rng } from '@fpml/core';
import { CausalGraph } from '../graph/dag.js';

/** What every generator returns. */
export interface SyntheticCausalData {
  /** Columns: confounders `W1..Wd` (or `Z`), treatment `T` (0/1), outcome `Y`. */
  data: Record<string, Float64Array>;
  treatment: string;
  outcome: string;
  /** Observed common causes of treatment and outcome. */
  commonCauses: string[];
  /** Instruments (empty for {@link confoundedData}). */
  instruments: string[];
  /** Sample average of the unit effects $\tau_i$. */
  trueAte: number;
  /** Average of $\tau_i$ over the treated units. */
  trueAtt: number;
  /** $\mathrm E[\tau(W)] = \tau$. */
  populationAte: number;
  /** True $P(T = 1 \mid \cdot)$ of each unit (for `instrumentData` it depends on the latent $U$). */
  propensity: Float64Array; // (n,)
  /** Unit effects $\tau_i = Y_i(1) - Y_i(0)$. */
  cate: Float64Array; // (n,)
  potentialOutcomes: { y0: Float64Array; y1: Float64Array }; // (n,) each
  /** The generating graph. */
  graph: CausalGraph;
}

/** Options of {@link confoundedData}. */
export interface ConfoundedOptions {
  /** Units. */
  n: number;
  /** Confounders $d$. @default 5 */
  nConfounders?: number;
  /** Average effect $\tau$. @default 2 */
  effect?: number;
  /** $\gamma$: standard deviation of the confounders' part of $Y$. @default 1 */
  confounding?: number;
  /** $\kappa$: logit slope of the propensity in its unit-variance index (the overlap knob). @default 1 */
  propensityScale?: number;
  /** $\alpha$: propensity intercept (sets the treated share). @default 0 */
  propensityIntercept?: number;
  /** $\lambda_e \in [0, 1]$: non-linear share of the propensity index. @default 0 */
  propensityNonlinearity?: number;
  /** $\lambda_\mu \in [0, 1]$: non-linear share of the outcome's confounder part. @default 0 */
  outcomeNonlinearity?: number;
  /** $\eta$: $\tau(W) = \tau + \eta W_1$. @default 0 */
  heterogeneity?: number;
  /** $\sigma$: outcome noise. @default 1 */
  noiseStd?: number;
  /** @default 0 */
  seed?: number;
}

/** The W8 benchmark setting of API.md: n = 10000, 10 confounders, logistic propensity, effect 2.0. */
export const W8_OPTIONS: Readonly<Required<Omit<ConfoundedOptions, 'seed'>>> = Object.freeze({
  n: 10_000, nConfounders: 10, effect: 2, confounding: 1, propensityScale: 1, propensityIntercept: 0,
  propensityNonlinearity: 0, outcomeNonlinearity: 0, heterogeneity: 0, noiseStd: 1,
});

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function real(owner: string, name: string, v: unknown, lo = -Infinity, hi = Infinity, what = 'a finite number'): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new InvalidParamError(owner, name, v, what);
  return v;
}
function int(owner: string, name: string, v: unknown, lo: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo) throw new InvalidParamError(owner, name, v, `an integer ≥ ${lo}`);
  return v;
}

/** Mean-zero, unit-variance non-linear piece on coordinates a (squared) and b (product), uncorrelated with s. */
function nonlinear(w: Float64Array, a: number, b: number): number {
  const sq = (w[a]! * w[a]! - 1) / Math.SQRT2;
  return b < 0 ? sq : (sq + w[a]! * w[b]!) / Math.SQRT2;
}

/** Confounded binary treatment with knobs for confounding, overlap, non-linearity and heterogeneity. */
export function confoundedData(options: ConfoundedOptions): SyntheticCausalData {
  const O = 'confoundedData';
  if (options === null || typeof options !== 'object') throw new InvalidParamError(O, 'options', options, 'an object { n, ... }');
  const n = int(O, 'n', options.n, 2);
  const d = int(O, 'nConfounders', options.nConfounders ?? 5, 1);
  const tau = real(O, 'effect', options.effect ?? 2);
  const gamma = real(O, 'confounding', options.confounding ?? 1);
  const kappa = real(O, 'propensityScale', options.propensityScale ?? 1, 0, Infinity, 'a finite number ≥ 0');
  const alpha = real(O, 'propensityIntercept', options.propensityIntercept ?? 0);
  const le = real(O, 'propensityNonlinearity', options.propensityNonlinearity ?? 0, 0, 1, 'a number in [0, 1]');
  const lm = real(O, 'outcomeNonlinearity', options.outcomeNonlinearity ?? 0, 0, 1, 'a number in [0, 1]');
  const eta = real(O, 'heterogeneity', options.heterogeneity ?? 0);
  const sigma = real(O, 'noiseStd', options.noiseStd ?? 1, 0, Infinity, 'a finite number ≥ 0');
  const rng = new Rng(int(O, 'seed', options.seed ?? 0, 0));
  const names = Array.from({ length: d }, (_, j) => `W${j + 1}`);
  const W = names.map(() => new Float64Array(n)); // d × (n,)
  const T = new Float64Array(n), Y = new Float64Array(n), e = new Float64Array(n), cate = new Float64Array(n);
  const y0 = new Float64Array(n), y1 = new Float64Array(n);
  const w = new Float64Array(d); // (d,)
  const [ce, cm] = [Math.sqrt(1 - le * le), Math.sqrt(1 - lm * lm)];
  let sumTau = 0, sumTauT = 0, nT = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (W[j]![i] = w[j] = rng.standardNormal());
    s /= Math.sqrt(d);
    const idxE = ce * s + le * nonlinear(w, d - 1, d - 2);
    const mu0 = gamma * (cm * s + lm * nonlinear(w, 0, d >= 2 ? 1 : -1));
    e[i] = sigmoid(alpha + kappa * idxE);
    T[i] = rng.next() < e[i]! ? 1 : 0;
    cate[i] = tau + eta * w[0]!;
    y0[i] = mu0 + sigma * rng.standardNormal();
    y1[i] = y0[i]! + cate[i]!;
    Y[i] = T[i] ? y1[i]! : y0[i]!;
    sumTau += cate[i]!;
    if (T[i]) {
      sumTauT += cate[i]!;
      nT++;
    }
  }
  const graph = CausalGraph.fromEdges([...names.flatMap((v): [string, string][] => [[v, 'T'], [v, 'Y']]), ['T', 'Y']]);
  return {
    data: { ...Object.fromEntries(names.map((v, j) => [v, W[j]!])), T, Y },
    treatment: 'T', outcome: 'Y', commonCauses: names, instruments: [],
    trueAte: sumTau / n, trueAtt: nT > 0 ? sumTauT / nT : NaN, populationAte: tau,
    propensity: e, cate, potentialOutcomes: { y0, y1 }, graph,
  };
}

/** The W8 data set (API.md's causal benchmark) for a seed. */
export function w8Data(seed = 0): SyntheticCausalData {
  return confoundedData({ ...W8_OPTIONS, seed });
}

/** Options of {@link instrumentData}. */
export interface InstrumentOptions {
  n: number;
  /** $\pi$: shift of the treatment's logit when $Z = 1$ (instrument strength). @default 2 */
  instrumentStrength?: number;
  /** $c$: latent confounder's effect on the treatment logit and on $Y$. @default 1 */
  confounding?: number;
  /** $\tau$. @default 2 */
  effect?: number;
  /** $\eta$: $\tau_i = \tau + \eta U_i$ (effects that vary with the confounder make LATE ≠ ATE). @default 0 */
  heterogeneity?: number;
  /** $p_z = P(Z = 1)$. @default 0.5 */
  instrumentProbability?: number;
  /** $\sigma$. @default 1 */
  noiseStd?: number;
  /** @default 0 */
  seed?: number;
}

/** Binary instrument, binary treatment confounded by a latent $U$; adds `trueLate`, `complierShare`, `latent`. */
export function instrumentData(options: InstrumentOptions): SyntheticCausalData & { trueLate: number; complierShare: number; latent: { U: Float64Array } } {
  const O = 'instrumentData';
  if (options === null || typeof options !== 'object') throw new InvalidParamError(O, 'options', options, 'an object { n, ... }');
  const n = int(O, 'n', options.n, 2);
  const pi = real(O, 'instrumentStrength', options.instrumentStrength ?? 2, 0, Infinity, 'a finite number ≥ 0');
  const c = real(O, 'confounding', options.confounding ?? 1);
  const tau = real(O, 'effect', options.effect ?? 2);
  const eta = real(O, 'heterogeneity', options.heterogeneity ?? 0);
  const pz = real(O, 'instrumentProbability', options.instrumentProbability ?? 0.5, 0, 1, 'a number in (0, 1)');
  if (pz === 0 || pz === 1) throw new InvalidParamError(O, 'instrumentProbability', pz, 'a number in (0, 1)');
  const sigma = real(O, 'noiseStd', options.noiseStd ?? 1, 0, Infinity, 'a finite number ≥ 0');
  const rng = new Rng(int(O, 'seed', options.seed ?? 0, 0));
  const Z = new Float64Array(n), U = new Float64Array(n), T = new Float64Array(n), Y = new Float64Array(n);
  const e = new Float64Array(n), cate = new Float64Array(n), y0 = new Float64Array(n), y1 = new Float64Array(n);
  let sumTau = 0, sumT = 0, nT = 0, sumC = 0, nC = 0;
  for (let i = 0; i < n; i++) {
    Z[i] = rng.next() < pz ? 1 : 0;
    U[i] = rng.standardNormal();
    let q = rng.next();
    while (q === 0) q = rng.next();
    const v = Math.log(q / (1 - q)); // standard logistic
    const t1 = pi / 2 + c * U[i]! + v > 0 ? 1 : 0, t0 = -pi / 2 + c * U[i]! + v > 0 ? 1 : 0;
    T[i] = Z[i] ? t1 : t0;
    e[i] = sigmoid(pi * (Z[i]! - 0.5) + c * U[i]!);
    cate[i] = tau + eta * U[i]!;
    y0[i] = c * U[i]! + sigma * rng.standardNormal();
    y1[i] = y0[i]! + cate[i]!;
    Y[i] = T[i] ? y1[i]! : y0[i]!;
    sumTau += cate[i]!;
    if (T[i]) {
      sumT += cate[i]!;
      nT++;
    }
    if (t1 === 1 && t0 === 0) {
      sumC += cate[i]!;
      nC++;
    }
  }
  return {
    data: { Z, T, Y }, treatment: 'T', outcome: 'Y', commonCauses: [], instruments: ['Z'],
    trueAte: sumTau / n, trueAtt: nT > 0 ? sumT / nT : NaN, populationAte: tau,
    trueLate: nC > 0 ? sumC / nC : NaN, complierShare: nC / n,
    propensity: e, cate, potentialOutcomes: { y0, y1 }, latent: { U },
    graph: CausalGraph.parse('Z -> T -> Y; T <-> Y'),
  };
}
