/**
 * `cvResults` of a search, laid out as scikit-learn's `cv_results_` (camelCase, one array per
 * statistic, one entry per candidate), computed exactly as sklearn's `_format_results` does:
 * $$\bar s_c = \tfrac1k \textstyle\sum_j s_{cj},\qquad \sigma_c = \sqrt{\tfrac1k \sum_j (s_{cj} - \bar s_c)^2},\qquad
 * r_c = 1 + \#\{c' : \bar s_{c'} > \bar s_c\},$$
 * with numpy's pairwise summation (so equal fold scores give bit-equal means, and ties rank
 * alike: `rankdata(-mean, method='min')`; NaN means rank last, tied).
 *
 * | sklearn key | here |
 * |---|---|
 * | `params` | `params` |
 * | `param_<name>` (masked array) | `paramValues[name]` (`undefined` where the candidate lacks it) |
 * | `split<j>_test_score` | `splitTestScores[j]` |
 * | `mean_test_score`, `std_test_score`, `rank_test_score` | `meanTestScore`, `stdTestScore`, `rankTestScore` |
 * | `split<j>_train_score`, `mean_train_score`, `std_train_score` | `splitTrainScores[j]`, ... (null unless `returnTrainScore`) |
 * | `mean_fit_time`, `std_fit_time`, `mean_score_time`, `std_score_time` | same names (null after `fromJSON`: timings are not saved) |
 *
 * $O(C k + C \log C)$ for $C$ candidates and $k$ splits.
 *
 * @see ../../../../docs/level2-classical/model-selection.md#results-as-scikit-learn
 */
import type { ParamSet } from './clone.js';
import { npMean, npStd, rankMin } from './np-stats.js';

/** A search's results, one entry per candidate (see the module comment for sklearn's names). */
export interface CvResults {
  readonly params: readonly ParamSet[];
  readonly paramValues: Readonly<Record<string, readonly unknown[]>>;
  /** `splitTestScores[j][c]`: candidate c's score on split j. */
  readonly splitTestScores: readonly Float64Array[];
  readonly meanTestScore: Float64Array;
  readonly stdTestScore: Float64Array;
  readonly rankTestScore: Int32Array;
  readonly splitTrainScores: readonly Float64Array[] | null;
  readonly meanTrainScore: Float64Array | null;
  readonly stdTrainScore: Float64Array | null;
  readonly meanFitTime: Float64Array | null;
  readonly stdFitTime: Float64Array | null;
  readonly meanScoreTime: Float64Array | null;
  readonly stdScoreTime: Float64Array | null;
}

/** Row-wise (per candidate) mean and std of a (C, k) table. */
function rowStats(table: Float64Array[]): { mean: Float64Array; std: Float64Array } {
  return { mean: Float64Array.from(table, (r) => npMean(r)), std: Float64Array.from(table, (r) => npStd(r)) };
}

/** Split-major view of a (C, k) table: `out[j][c] = table[c][j]`. */
function bySplit(table: Float64Array[], k: number): Float64Array[] {
  return Array.from({ length: k }, (_, j) => Float64Array.from(table, (r) => r[j]!));
}

/** sklearn's masked `param_<name>` columns: every name of any candidate, undefined where absent. */
export function paramColumns(params: readonly ParamSet[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  params.forEach((p, c) => {
    for (const [k, v] of Object.entries(p)) (out[k] ??= new Array<unknown>(params.length).fill(undefined))[c] = v;
  });
  return out;
}

/**
 * Build `cvResults` from per-candidate, per-split tables (C, k).
 * @param times fit and score seconds (C, k), or null (a reloaded search).
 */
export function formatResults(
  params: readonly ParamSet[],
  test: Float64Array[],
  train: Float64Array[] | null,
  times: { fit: Float64Array[]; score: Float64Array[] } | null,
  nSplits: number,
): CvResults {
  const t = rowStats(test);
  const tr = train ? rowStats(train) : null;
  const fit = times ? rowStats(times.fit) : null;
  const score = times ? rowStats(times.score) : null;
  return Object.freeze({
    params: Object.freeze([...params]),
    paramValues: Object.freeze(paramColumns(params)),
    splitTestScores: Object.freeze(bySplit(test, nSplits)),
    meanTestScore: t.mean,
    stdTestScore: t.std,
    rankTestScore: rankMin(t.mean),
    splitTrainScores: train ? Object.freeze(bySplit(train, nSplits)) : null,
    meanTrainScore: tr ? tr.mean : null,
    stdTrainScore: tr ? tr.std : null,
    meanFitTime: fit ? fit.mean : null,
    stdFitTime: fit ? fit.std : null,
    meanScoreTime: score ? score.mean : null,
    stdScoreTime: score ? score.std : null,
  });
}

/** The candidate × split table back from the split-major `splitTestScores`. */
export function candidateTable(splits: readonly Float64Array[]): Float64Array[] {
  const C = splits.length === 0 ? 0 : splits[0]!.length;
  return Array.from({ length: C }, (_, c) => Float64Array.from(splits, (s) => s[c]!));
}

/**
 * sklearn's `best_index_`: the first candidate ranked 1 (`rank_test_score.argmin()`).
 */
export function bestIndexOf(r: CvResults): number {
  let best = 0;
  for (let c = 1; c < r.rankTestScore.length; c++) if (r.rankTestScore[c]! < r.rankTestScore[best]!) best = c;
  return best;
}
