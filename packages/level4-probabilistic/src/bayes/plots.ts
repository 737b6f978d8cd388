/**
 * Trace and rank plots of MCMC chains as Vega-Lite specs from core's builders.
 *
 * Rank plot (Vehtari et al. 2021, §4): pool the draws of all chains, rank them, and histogram
 * each chain's ranks. If the chains sample the same distribution, every histogram is uniform
 * (about $MN/B$ per bin); a chain stuck in one region shows up as a sloped or peaked histogram.
 *
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
import { InvalidParamError, linePlot, type VegaLiteSpec } from '@fpml/core';
import { chainsOf, type McmcResult } from './chains.js';

/** Draws of one coordinate, optionally transformed (e.g. `Math.log` for a scale). */
function draws(fit: McmcResult, coord: string | number, transform?: (v: number) => number): Float64Array[] {
  const ch = chainsOf(fit, coord);
  return transform ? ch.map((c) => c.map(transform)) : ch;
}

/**
 * Trace plot: draw value against iteration, one line per chain. $O(MN)$ rows.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function tracePlot(fit: McmcResult, coord: string | number, o: { title: string; label?: string; transform?: (v: number) => number; width?: number; height?: number }): VegaLiteSpec {
  const rows = draws(fit, coord, o.transform).flatMap((c, k) => Array.from(c, (v, i) => ({ iteration: i, value: v, chain: `chain ${k + 1}` })));
  return linePlot({ title: o.title, data: rows, x: 'iteration', y: 'value', series: 'chain', xLabel: 'iteration (after warm-up)', yLabel: o.label ?? String(coord), width: o.width ?? 640, height: o.height ?? 240 });
}

/**
 * Per-chain histogram counts of the pooled ranks, `bins` bins: (chains) arrays of (bins,).
 * $O(MN \log MN)$.
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function rankHistogram(chains: readonly ArrayLike<number>[], bins: number): number[][] {
  if (!(Number.isInteger(bins) && bins >= 2)) throw new InvalidParamError('rankHistogram', 'bins', bins, 'an integer >= 2');
  const all = chains.flatMap((c, k) => Array.from({ length: c.length }, (_, i) => ({ v: c[i]!, k })));
  all.sort((a, b) => a.v - b.v);
  const S = all.length;
  const counts = chains.map(() => new Array<number>(bins).fill(0));
  all.forEach((e, r) => counts[e.k]![Math.min(bins - 1, Math.floor((r * bins) / S))]!++);
  return counts;
}

/**
 * Rank plot: one rank histogram per chain (drawn as lines over the bins for readability).
 * @see ../../../../docs/level4-probabilistic/bayesian-inference.md
 */
export function rankPlot(fit: McmcResult, coord: string | number, o: { title: string; bins?: number; transform?: (v: number) => number; width?: number; height?: number }): VegaLiteSpec {
  const counts = rankHistogram(draws(fit, coord, o.transform), o.bins ?? 20);
  const rows = counts.flatMap((c, k) => c.map((n, b) => ({ bin: b + 1, count: n, chain: `chain ${k + 1}` })));
  return linePlot({ title: o.title, data: rows, x: 'bin', y: 'count', series: 'chain', xLabel: `rank bin (of ${counts[0]!.length}, pooled ranks)`, yLabel: 'draws in bin', width: o.width ?? 480, height: o.height ?? 240 });
}
