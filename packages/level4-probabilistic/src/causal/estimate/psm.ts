/**
 * Propensity-score matching. Each unit to be matched gets its $k$ nearest units of the other
 * group on the score $s_i = \operatorname{logit}\hat e_i$ (default; or $\hat e_i$), distance
 * $|s_i - s_j|$, with or without replacement, optionally within a caliper of
 * $c\cdot\mathrm{sd}(s)$ (units with no partner inside it are dropped). With $m(i)$ the matches of
 * $i$ and $\hat Y_i(1-T_i) = \frac{1}{|m(i)|}\sum_{j\in m(i)}Y_j$ the imputed counterfactual:
 * $$\widehat{\mathrm{ATT}} = \frac{1}{|M_1|}\sum_{i\in M_1}\big(Y_i - \hat Y_i(0)\big),\qquad
 * \widehat{\mathrm{ATC}} = \frac{1}{|M_0|}\sum_{j\in M_0}\big(\hat Y_j(1) - Y_j\big),$$
 * $M_a$ the matched units of group $a$; the ATE averages both over $M_1 \cup M_0$.
 *
 * **Standard error** (Abadie & Imbens 2006, the score taken as known): with
 * $K_j = \sum_{i: j\in m(i)} 1/|m(i)|$ the weight of unit $j$ as a match, $Q_j = \sum_{i: j \in m(i)} 1/|m(i)|^2$
 * and $o_j = 1$ if $j$ is itself in the estimation set $E$,
 * $$\widehat V = \frac{1}{|E|^2}\Big[\sum_{i\in E}\big(\hat Y_i(1) - \hat Y_i(0) - \hat\tau\big)^2 + \sum_j\big((o_j + K_j)^2 - o_j - Q_j\big)\hat\sigma^2_j\Big],$$
 * which is their $K_M(K_M-1)/M^2$ (ATT) and $(K_M/M)^2 + \frac{2M-1}{M}\frac{K_M}{M}$ (ATE)
 * corrections for $|m(i)| = M$; $\hat\sigma_j^2 = \frac{J}{J+1}\big(Y_j - \bar Y_{\text{J nearest same-group}}\big)^2$
 * (`varianceMatches` $J$, default 2; with `ties: 'all'` over every unit as near as the J-th, with
 * $J$ replaced by their number). Ignoring that $\hat e$ is estimated is conservative for the
 * ATE (Abadie & Imbens 2016); the bootstrap is not valid for matching with replacement (Abadie &
 * Imbens 2008) but is offered for comparison.
 *
 * Matching is 1-D: candidates sorted by score, nearest by binary search and two pointers. Ties in
 * distance: `ties: 'random'` (default) breaks them by a seeded random key, so with discrete
 * covariates (equal scores) the estimate depends on `seed`; `ties: 'all'` (with replacement)
 * also keeps every candidate exactly as far as the k-th match, averaging over them (Abadie &
 * Imbens' convention, R Matching's `ties = TRUE`): seed-free. Without replacement units are matched greedily in
 * `order` ('hardest' (default): treated from the largest score down, controls from the smallest up;
 * or 'random', seeded) and used candidates are unlinked; once the pool runs out the remaining units
 * stay unmatched (counted in `details.dropped`, as MatchIt does). Cost $O(n\log n + nk)$.
 *
 * Options: `k` (default 1), `replace` (default true), `caliper` (SD units, default none),
 * `on` ('logit' | 'propensity'), `order`, `ties`, `varianceMatches`.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
import { InvalidInputError, InvalidParamError, Rng } from '@fpml/core';
import { fitPropensity } from './propensity.js';
import { bootstrap, checkData, choice, commonOptions, flagOption, makeEstimate, numberOption } from './shared.js';
import type { EffectData, EffectEstimate, EffectTarget, EstimateOptions } from './types.js';

const O = 'propensityScoreMatching';

/**
 * A matched set: `treated` unit and its `control` matches (ATT direction); indices into the data rows.
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export interface MatchedPair {
  treated: number;
  control: number[];
}

interface MatchSpec {
  k: number;
  replace: boolean;
  maxDist: number;
  order: 'hardest' | 'random';
  ties: 'random' | 'all';
}

/** Nearest `k` candidates (from `pool`) for each unit in `from`, by score; empty when none within maxDist. */
function matchGroup(from: number[], pool: number[], s: Float64Array, key: Float64Array, spec: MatchSpec, descending: boolean, rng: Rng): Map<number, number[]> {
  const sorted = [...pool].sort((a, b) => s[a]! - s[b]! || key[a]! - key[b]!);
  const sv = Float64Array.from(sorted, (j) => s[j]!);
  const m = sorted.length;
  const prev = Int32Array.from({ length: m }, (_, p) => p - 1), next = Int32Array.from({ length: m }, (_, p) => (p + 1 < m ? p + 1 : -1));
  let head = 0;
  const unlink = (p: number): void => {
    if (prev[p]! >= 0) next[prev[p]!] = next[p]!;
    else head = next[p]!;
    if (next[p]! >= 0) prev[next[p]!] = prev[p]!;
  };
  const used = new Uint8Array(m);
  const lowerBound = (x: number): number => {
    let lo = 0, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sv[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let units = from;
  if (!spec.replace) {
    units = [...from];
    if (spec.order === 'random') rng.shuffle(units);
    else units.sort((a, b) => (descending ? s[b]! - s[a]! : s[a]! - s[b]!) || key[a]! - key[b]!);
  }
  const out = new Map<number, number[]>();
  for (const i of units) {
    const x = s[i]!;
    let r = lowerBound(x), l = r - 1;
    // move to available positions (without replacement)
    const avail = (p: number, dir: -1 | 1): number => {
      while (p >= 0 && p < m && used[p]) p += dir;
      return p >= 0 && p < m ? p : -1;
    };
    if (!spec.replace) {
      if (head < 0) break;
      r = avail(r, 1);
      l = avail(l, -1);
    }
    const picks: number[] = [];
    let last = -1;
    for (;;) {
      const dl = l >= 0 ? x - sv[l]! : Infinity, dr = r >= 0 && r < m ? sv[r]! - x : Infinity;
      if (dl === Infinity && dr === Infinity) break;
      const takeLeft = dl < dr || (dl === dr && key[sorted[l]!]! < key[sorted[r]!]!);
      const p = takeLeft ? l : r, dist = takeLeft ? dl : dr;
      if (dist > spec.maxDist) break;
      // past k: only exact ties of the k-th distance, and only with ties: 'all' (with replacement)
      if (picks.length >= spec.k && !(spec.ties === 'all' && spec.replace && dist === last)) break;
      picks.push(p);
      last = dist;
      if (takeLeft) l = spec.replace ? l - 1 : prev[l]!;
      else r = spec.replace ? (r + 1 < m ? r + 1 : -1) : next[r]!;
    }
    if (!spec.replace) for (const p of picks) {
      used[p] = 1;
      unlink(p);
    }
    if (picks.length) out.set(i, picks.map((p) => sorted[p]!));
  }
  return out;
}

/** Within-group neighbour variance $\hat\sigma^2_j$ for every unit (with `tiesAll`, over every unit as near as the J-th). */
function localVariance(group: number[], s: Float64Array, y: Float64Array, J: number, key: Float64Array, tiesAll: boolean): Map<number, number> {
  const sorted = [...group].sort((a, b) => s[a]! - s[b]! || key[a]! - key[b]!);
  const out = new Map<number, number>();
  const m = sorted.length, jj = Math.min(J, m - 1);
  for (let p = 0; p < m; p++) {
    let l = p - 1, r = p + 1, sum = 0, cnt = 0, last = -1;
    const x = s[sorted[p]!]!;
    for (;;) {
      const dl = l >= 0 ? x - s[sorted[l]!]! : Infinity, dr = r < m ? s[sorted[r]!]! - x : Infinity;
      if (dl === Infinity && dr === Infinity) break;
      const dist = Math.min(dl, dr);
      if (cnt >= jj && !(tiesAll && dist === last)) break;
      sum += dl <= dr ? y[sorted[l--]!]! : y[sorted[r++]!]!;
      cnt++;
      last = dist;
    }
    out.set(sorted[p]!, cnt > 0 ? (cnt / (cnt + 1)) * (y[sorted[p]!]! - sum / cnt) ** 2 : 0);
  }
  return out;
}

interface MatchResult {
  value: number;
  se: number;
  pairs: MatchedPair[];
  controlPairs: { control: number; treated: number[] }[];
  weights: Float64Array;
  nMatched: number;
  dropped: number;
  caliperWidth: number;
}

function matchCore(data: EffectData, target: EffectTarget, spec: Omit<MatchSpec, 'maxDist'> & { caliper: number; on: 'logit' | 'propensity'; J: number }, seed: number) {
  const { treatment: t, outcome: y } = data, n = y.length;
  const pm = fitPropensity(O, data);
  const s = Float64Array.from(pm.e, (e) => (spec.on === 'logit' ? Math.log(e / (1 - e)) : e));
  let mean = 0;
  for (const v of s) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of s) ss += (v - mean) ** 2;
  const caliperWidth = spec.caliper * Math.sqrt(ss / (n - 1));
  const rng = new Rng(seed);
  const key = Float64Array.from({ length: n }, () => rng.next());
  const treated: number[] = [], control: number[] = [];
  for (let i = 0; i < n; i++) (t[i] === 1 ? treated : control).push(i);
  const full: MatchSpec = { ...spec, maxDist: caliperWidth };
  const m1 = target !== 'atc' ? matchGroup(treated, control, s, key, full, true, rng) : new Map<number, number[]>();
  const m0 = target !== 'att' ? matchGroup(control, treated, s, key, full, false, rng) : new Map<number, number[]>();
  const est: { i: number; diff: number }[] = [];
  const K = new Float64Array(n), Q = new Float64Array(n), own = new Uint8Array(n);
  for (const [i, js] of m1) {
    let yb = 0;
    for (const j of js) {
      yb += y[j]! / js.length;
      K[j] += 1 / js.length;
      Q[j] += 1 / js.length ** 2;
    }
    est.push({ i, diff: y[i]! - yb });
    own[i] = 1;
  }
  for (const [j, is] of m0) {
    let yb = 0;
    for (const i of is) {
      yb += y[i]! / is.length;
      K[i] += 1 / is.length;
      Q[i] += 1 / is.length ** 2;
    }
    est.push({ i: j, diff: yb - y[j]! });
    own[j] = 1;
  }
  const E = est.length;
  if (E === 0) throw new InvalidInputError(`${O}: no unit has a match within the caliper (${spec.caliper} SD = ${caliperWidth.toExponential(3)} on the ${spec.on} scale)`);
  let tau = 0;
  for (const r of est) tau += r.diff;
  tau /= E;
  const tiesAll = spec.ties === 'all';
  const var1 = localVariance(treated, s, y, spec.J, key, tiesAll), var0 = localVariance(control, s, y, spec.J, key, tiesAll);
  let v = 0;
  for (const r of est) v += (r.diff - tau) ** 2;
  const weights = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    weights[j] = own[j]! + K[j]!;
    if (K[j] === 0) continue;
    const s2 = (t[j] === 1 ? var1 : var0).get(j)!;
    v += ((own[j]! + K[j]!) ** 2 - own[j]! - Q[j]!) * s2;
  }
  const wanted = target === 'att' ? treated.length : target === 'atc' ? control.length : n;
  return {
    value: tau, se: Math.sqrt(v) / E, propensity: pm.e, score: s, caliperWidth, weights, nMatched: E, dropped: wanted - E,
    pairs: [...m1].map(([i, js]) => ({ treated: i, control: js })),
    controlPairs: [...m0].map(([j, is]) => ({ control: j, treated: is })),
  } satisfies Partial<MatchResult> & Record<string, unknown>;
}

/**
 * Propensity-score matching estimate of the ATT (default for matching users: pass `target`),
 * ATC or ATE, with the Abadie–Imbens SE. `details`: pairs (treated → controls, ATT direction;
 * the Rosenbaum bound uses their differences), controlPairs (ATC direction), weights (each
 * unit's total weight in the matched sample, for balance), dropped (units without a match inside
 * the caliper), caliperWidth, propensity, score, seMethod.
 * $\widehat{\mathrm{ATT}} = \frac{1}{|M_1|}\sum_{i\in M_1}(Y_i - \frac{1}{|m(i)|}\sum_{j\in m(i)}Y_j)$; X (n, p); $O(np^2 + n\log n + nk)$.
 * @throws InvalidInputError for a non-binary treatment, NaN or nothing matched; ShapeError for
 *   length mismatches; NoOverlapError as IPW; InvalidParamError for bad options (e.g. k larger
 *   than the control group without replacement).
 * @see ../../../../../docs/level4-probabilistic/causal-estimation.md
 */
export function propensityScoreMatching(data: EffectData, options: EstimateOptions): EffectEstimate {
  const { target, level, seed, bootstrap: B } = commonOptions(O, options);
  const { n1, n0 } = checkData(O, data);
  const k = numberOption(O, options, 'k', 1, 1, 100, true);
  const replace = flagOption(O, options, 'replace', true);
  const cal = options['caliper'];
  if (cal !== undefined && (typeof cal !== 'number' || !(cal > 0) || !Number.isFinite(cal))) throw new InvalidParamError(O, 'caliper', cal, 'a number > 0 (in SDs of the score) or undefined');
  const on = choice(O, options, 'on', ['logit', 'propensity'] as const, 'logit');
  const order = choice(O, options, 'order', ['hardest', 'random'] as const, 'hardest');
  const ties = choice(O, options, 'ties', ['random', 'all'] as const, 'random');
  const J = numberOption(O, options, 'varianceMatches', 2, 1, 50, true);
  if (!replace) {
    if (target !== 'atc' && k > n0) throw new InvalidParamError(O, 'k', k, `≤ ${n0} (the control units) without replacement`);
    if (target !== 'att' && k > n1) throw new InvalidParamError(O, 'k', k, `≤ ${n1} (the treated units) without replacement for the ${target.toUpperCase()}`);
  }
  const spec = { k, replace, caliper: (cal as number | undefined) ?? Infinity, on, order, J, ties };
  const r = matchCore(data, target, spec, seed);
  const details: Record<string, unknown> = {
    seMethod: B > 0 ? 'bootstrap' : 'abadie-imbens', pairs: r.pairs, controlPairs: r.controlPairs, weights: r.weights,
    dropped: r.dropped, caliperWidth: r.caliperWidth, propensity: r.propensity, score: r.score, k, replace,
  };
  if (B > 0) {
    const b = bootstrap(O, data, (d) => matchCore(d, target, spec, seed).value, B, seed, level, true);
    details['bootstrapFailures'] = b.failures;
    return makeEstimate('psm', target, r.value, b.stdErr, level, r.nMatched, details, b.ci);
  }
  return makeEstimate('psm', target, r.value, r.se, level, r.nMatched, details);
}
