/**
 * Difference-in-differences. With group $G$ (`treatment`, 1 = the group that gets treated) and
 * period $P$ (`post`), the 2×2 estimator is
 * $$\hat\tau = (\bar Y_{G=1,P=1} - \bar Y_{G=1,P=0}) - (\bar Y_{G=0,P=1} - \bar Y_{G=0,P=0}),$$
 * the ATT of the treated group in the post period under parallel trends ($\mathbb E[Y(0)]$ would
 * have moved by the same amount in both groups). It is the coefficient $\tau$ of the regression
 * $$Y = \alpha + \gamma G + \lambda P + \tau\,G P + X\delta + u,$$
 * exactly so without covariates; with covariates $X$ the trends are parallel conditionally on $X$
 * (linearly). Repeated cross-sections or a stacked panel (one row per unit and period).
 * SE: `cov` 'hc1' (default), 'nonrobust', 'hc0'–'hc3', or 'cluster' with `clusters` (unit or
 * group ids; CR1, as statsmodels' `cov_type='cluster'`) — serial correlation within units makes
 * non-clustered SEs too small (Bertrand, Duflo & Mullainathan 2004). With `bootstrap: B` and
 * `cov: 'cluster'` whole clusters are resampled (the cluster bootstrap). Cost $O(nk^2)$.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidInputError, InvalidParamError } from '@fpml/core';
import { COV_TYPES, ols, olsCovariance, type CovType } from './ols.js';
import { bootstrap, checkBinaryColumn, checkData, choice, commonOptions, design, makeEstimate } from './shared.js';
import type { EffectData, EffectEstimate, EstimateOptions } from './types.js';

const O = 'differenceInDifferences';

function didFit(data: EffectData, cov: CovType, clusters?: ArrayLike<number>) {
  const n = data.outcome.length, g = data.treatment, p = data.post!;
  const gp = Float64Array.from(g, (v, i) => v * p[i]!);
  const { X, k } = design(n, true, [g, p, gp, ...data.covariates]); // (n, k)
  const fit = ols(O, X, data.outcome, n, k, undefined, 'the design [1, G, P, G·P, X]');
  const V = olsCovariance(fit, X, cov, undefined, clusters);
  return { value: fit.beta[3]!, se: Math.sqrt(V[3 * k + 3]!), coef: fit.beta };
}

/**
 * Difference-in-differences estimate (target: the ATT in the post period). `details`: cells (the
 * four means), twoByTwo, coef (1, G, P, G·P, X...), seMethod.
 * $\hat\tau = (\bar Y_{11}-\bar Y_{10}) - (\bar Y_{01}-\bar Y_{00})$ = the $G\cdot P$ coefficient; columns (n,); $O(np^2)$.
 * @throws InvalidInputError for a non-binary group or period, an empty cell, NaN, or collinear
 *   covariates; ShapeError for length mismatches; InvalidParamError for bad `cov`/`clusters`.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function differenceInDifferences(data: EffectData, options: EstimateOptions): EffectEstimate {
  const { level, seed, bootstrap: B } = commonOptions(O, options, ['att', 'ate']);
  const { n } = checkData(O, data, { post: true });
  checkBinaryColumn(O, 'post', data.post!);
  const cov = choice(O, options, 'cov', COV_TYPES, 'hc1');
  let clusters: ArrayLike<number> | undefined;
  if (cov === 'cluster') {
    const c = options['clusters'];
    if (!(ArrayBuffer.isView(c) || Array.isArray(c)) || (c as ArrayLike<number>).length !== n) throw new InvalidParamError(O, 'clusters', c, `an array of ${n} cluster ids (cov: 'cluster')`);
    clusters = c as ArrayLike<number>;
    if (new Set(Array.from(clusters)).size < 2) throw new InvalidParamError(O, 'clusters', c, 'at least 2 distinct cluster ids');
  }
  const sums = [0, 0, 0, 0], counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const c = 2 * data.treatment[i]! + data.post![i]!;
    sums[c] += data.outcome[i]!;
    counts[c]++;
  }
  const names = ['control/pre', 'control/post', 'treated/pre', 'treated/post'];
  counts.forEach((c, j) => {
    if (c === 0) throw new InvalidInputError(`${O}: the ${names[j]} cell is empty; difference-in-differences needs both groups in both periods`);
  });
  const cells = Object.fromEntries(names.map((nm, j) => [nm, sums[j]! / counts[j]!]));
  const twoByTwo = sums[3]! / counts[3]! - sums[2]! / counts[2]! - (sums[1]! / counts[1]! - sums[0]! / counts[0]!);
  const r = didFit(data, cov, clusters);
  const details: Record<string, unknown> = { seMethod: B > 0 ? 'bootstrap' : cov, cells, twoByTwo, coef: r.coef };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => didFit(d, 'hc0').value, B, seed, level, false, clusters);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('did', 'att', r.value, b.stdErr, level, n, details, b.ci);
  }
  return makeEstimate('did', 'att', r.value, r.se, level, n, details);
}
