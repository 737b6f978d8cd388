/**
 * Propensity overlap (positivity): the estimated propensity score
 * $$e(x) = P(T = 1 \mid X = x) = \sigma(\beta_0 + \beta^\top \tilde x),$$
 * $\tilde x$ the standardised covariates, fitted by logistic regression (level2's
 * `LogisticRegression`, L2 with a large $C$ so the fit stays finite under near-separation),
 * and the distribution of $e$ in each group. Adjustment by weighting or matching extrapolates
 * wherever one group has units and the other has none: the **common support** is
 * $[\max(\min_{T=1} e, \min_{T=0} e),\ \min(\max_{T=1} e, \max_{T=0} e)]$, and the report counts the
 * units outside it and the units with $e$ within `eps` of 0 or 1 (their IPW weights explode).
 *
 * Cost: the logistic fit, $O(np)$ per iteration; the histogram $O(n)$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, InvalidParamError, Matrix, ShapeError } from '@fpml/core';
import { LogisticRegression } from '@fpml/level2-classical';
import { checkBinaryTreatment } from './balance.js';

/** Options of {@link propensityScores}. */
export interface PropensityOptions {
  /** Inverse L2 strength on the standardised covariates. @default 1e4 */
  C?: number;
  /** Newton iterations. @default 100 */
  maxIter?: number;
}

/**
 * Estimated propensity scores $\hat e_i$, (n,), from a logistic regression of `treatment` on the
 * standardised `covariates` (p columns of length n; p = 0 gives the treated share).
 */
export function propensityScores(covariates: readonly ArrayLike<number>[], treatment: ArrayLike<number>, options: PropensityOptions = {}): Float64Array {
  const O = 'propensityScores';
  const n = treatment.length;
  const { nTreated } = checkBinaryTreatment(O, treatment);
  const C = options.C ?? 1e4, maxIter = options.maxIter ?? 100;
  if (!(C > 0) || !Number.isFinite(C)) throw new InvalidParamError(O, 'C', C, 'a finite number > 0');
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidParamError(O, 'maxIter', maxIter, 'an integer ≥ 1');
  const p = covariates.length;
  if (p === 0) return new Float64Array(n).fill(nTreated / n);
  const X = new Matrix(n, p); // (n, p)
  covariates.forEach((c, j) => {
    if (c.length !== n) throw new ShapeError(`${O}: covariate ${j} has ${c.length} rows, treatment has ${n}`);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(c[i]!)) throw new InvalidInputError(`${O}: covariate ${j} has ${c[i]} at row ${i}`);
      m += c[i]!;
    }
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (c[i]! - m) ** 2;
    const s = Math.sqrt(v / n) || 1;
    for (let i = 0; i < n; i++) X.data[i * p + j] = (c[i]! - m) / s;
  });
  const lr = new LogisticRegression({ C, maxIter, solver: 'newton', tol: 1e-8 }).fit(X, Array.from(treatment));
  const P = lr.predictProba(X); // (n, 2), columns in class order 0, 1
  const k = lr.classes.indexOf(1);
  return Float64Array.from({ length: n }, (_, i) => P.data[i * 2 + k]!);
}

/** One histogram bin of {@link propensityOverlap}. */
export interface OverlapBin {
  lo: number;
  hi: number;
  treated: number;
  control: number;
}

/** What {@link propensityOverlap} returns. */
export interface OverlapSummary {
  /** `bins` equal-width bins on [0, 1]. */
  bins: OverlapBin[];
  /** Range of $e$ in each group. */
  treated: { min: number; max: number; mean: number };
  control: { min: number; max: number; mean: number };
  /** Common support $[lo, hi]$ (empty when lo > hi). */
  commonSupport: [number, number];
  /** Units outside the common support, per group. */
  outsideSupport: { treated: number; control: number };
  /** Units with $e < \varepsilon$ or $e > 1-\varepsilon$, per group. */
  extreme: { treated: number; control: number };
  eps: number;
}

/**
 * Histogram and support of propensity scores by group.
 * @throws InvalidInputError when a score is outside [0, 1] or NaN, or when there is no overlap at
 *   all (every score is exactly 0 or 1, or the groups' ranges do not meet).
 */
export function propensityOverlap(propensity: ArrayLike<number>, treatment: ArrayLike<number>, options: { bins?: number; eps?: number } = {}): OverlapSummary {
  const O = 'propensityOverlap';
  const n = treatment.length;
  if (propensity.length !== n) throw new ShapeError(`${O}: propensity has ${propensity.length} entries, treatment has ${n}`);
  checkBinaryTreatment(O, treatment);
  const nb = options.bins ?? 20, eps = options.eps ?? 0.01;
  if (!Number.isInteger(nb) || nb < 1) throw new InvalidParamError(O, 'bins', nb, 'an integer ≥ 1');
  if (!(eps >= 0 && eps < 0.5)) throw new InvalidParamError(O, 'eps', eps, 'a number in [0, 0.5)');
  const bins: OverlapBin[] = Array.from({ length: nb }, (_, b) => ({ lo: b / nb, hi: (b + 1) / nb, treated: 0, control: 0 }));
  const g = { treated: { min: Infinity, max: -Infinity, mean: 0 }, control: { min: Infinity, max: -Infinity, mean: 0 } };
  const ext = { treated: 0, control: 0 };
  let interior = 0;
  for (let i = 0; i < n; i++) {
    const e = propensity[i]!;
    if (!(e >= 0 && e <= 1)) throw new InvalidInputError(`${O}: propensity must be in [0, 1], got ${e} at row ${i}`);
    const k = treatment[i] === 1 ? 'treated' : 'control';
    const s = g[k];
    s.min = Math.min(s.min, e);
    s.max = Math.max(s.max, e);
    s.mean += e;
    bins[Math.min(nb - 1, Math.floor(e * nb))]![k]++;
    if (e < eps || e > 1 - eps) ext[k]++;
    if (e > 0 && e < 1) interior++;
  }
  const n1 = bins.reduce((a, b) => a + b.treated, 0);
  g.treated.mean /= n1;
  g.control.mean /= n - n1;
  const lo = Math.max(g.treated.min, g.control.min), hi = Math.min(g.treated.max, g.control.max);
  if (interior === 0) throw new InvalidInputError(`${O}: no overlap: every propensity score is 0 or 1, so no unit has a counterpart in the other group`);
  if (lo > hi) throw new InvalidInputError(`${O}: no overlap: treated scores lie in [${g.treated.min}, ${g.treated.max}] and control scores in [${g.control.min}, ${g.control.max}]`);
  const out = { treated: 0, control: 0 };
  for (let i = 0; i < n; i++) {
    const e = propensity[i]!;
    if (e < lo || e > hi) out[treatment[i] === 1 ? 'treated' : 'control']++;
  }
  return { bins, ...g, commonSupport: [lo, hi], outsideSupport: out, extreme: ext, eps };
}
