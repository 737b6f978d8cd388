/**
 * Vega-Lite specs of the two standard causal diagnostics, for `ctx.plot` (plain JSON, rendered
 * by the lab like core's plot builders):
 * - the **love plot** (Ahmed et al. 2006; cobalt's `love.plot`): $|\mathrm{SMD}|$ of every covariate
 *   before and after adjustment (one row per covariate, sorted by the unadjusted imbalance), with
 *   the 0.1 threshold drawn as a dashed line; one series per adjustment;
 * - the **propensity overlap plot**: mirrored histograms of $\hat e$, the share of each group in
 *   each bin (treated above the axis, control below), so the groups compare whatever their sizes.
 *
 * Cost $O(p \cdot \text{series})$ and $O(\text{bins})$.
 * @see ../../../../../docs/level4-probabilistic/causal-diagnostics.md
 */
import { InvalidInputError, type VegaLiteSpec } from '@fpml/core';
import type { BalanceTable } from './balance.js';
import type { OverlapSummary } from './overlap.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * Love plot of one or more balance tables over the same covariates: `adjusted` names each table
 * (e.g. `{ 'IPW (ATT)': t1, 'PSM 1:1': t2 }`); the unadjusted values come from the first.
 */
export function lovePlot(o: { title: string; adjusted: Record<string, BalanceTable>; threshold?: number; width?: number; height?: number }): VegaLiteSpec {
  const names = Object.keys(o.adjusted);
  if (names.length === 0) throw new InvalidInputError('lovePlot: adjusted must name at least one balance table');
  const first = o.adjusted[names[0]!]!;
  const covs = first.rows.map((r) => r.covariate);
  for (const k of names) {
    const c = o.adjusted[k]!.rows.map((r) => r.covariate);
    if (c.join('\u0000') !== covs.join('\u0000')) throw new InvalidInputError(`lovePlot: table '${k}' has covariates [${c.join(', ')}], expected [${covs.join(', ')}]`);
  }
  const order = [...first.rows].sort((a, b) => Math.abs(b.smdBefore) - Math.abs(a.smdBefore)).map((r) => r.covariate);
  const values = [
    ...first.rows.map((r) => ({ covariate: r.covariate, sample: 'unadjusted', absSmd: Math.abs(r.smdBefore), smd: r.smdBefore })),
    ...names.flatMap((k) => o.adjusted[k]!.rows.map((r) => ({ covariate: r.covariate, sample: k, absSmd: Math.abs(r.smdAfter), smd: r.smdAfter }))),
  ];
  const domain = ['unadjusted', ...names];
  const t = o.threshold ?? 0.1;
  return {
    $schema: SCHEMA, title: o.title, width: o.width ?? 420, height: o.height ?? Math.max(160, 22 * covs.length), background: 'white',
    layer: [
      { data: { values: [{ x: t }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'absSmd', type: 'quantitative', title: `|standardised mean difference| (dashed: ${t})` },
          y: { field: 'covariate', type: 'nominal', sort: order, title: 'covariate' },
          color: { field: 'sample', type: 'nominal', title: 'sample', scale: { domain }, legend: { labelLimit: 320 } },
          shape: { field: 'sample', type: 'nominal', title: 'sample', scale: { domain } },
          tooltip: [{ field: 'covariate' }, { field: 'sample' }, { field: 'smd', format: '.3f' }],
        },
      },
    ],
  };
}

/** Mirrored histogram of the propensity score by group (share of each group per bin). */
export function overlapPlot(o: { title: string; overlap: OverlapSummary; width?: number; height?: number }): VegaLiteSpec {
  const { bins } = o.overlap;
  const n1 = bins.reduce((a, b) => a + b.treated, 0), n0 = bins.reduce((a, b) => a + b.control, 0);
  const values = bins.flatMap((b) => [
    { lo: b.lo, hi: b.hi, group: `treated (n = ${n1})`, share: b.treated / n1, count: b.treated },
    { lo: b.lo, hi: b.hi, group: `control (n = ${n0})`, share: -b.control / n0, count: b.control },
  ]);
  const [slo, shi] = o.overlap.commonSupport;
  return {
    $schema: SCHEMA, title: o.title, width: o.width ?? 480, height: o.height ?? 300, background: 'white',
    layer: [
      {
        data: { values },
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x: { field: 'lo', type: 'quantitative', bin: { binned: true, step: bins[0]!.hi - bins[0]!.lo }, scale: { domain: [0, 1] }, title: 'estimated propensity score ê(x)' },
          x2: { field: 'hi' },
          y: { field: 'share', type: 'quantitative', title: 'share of group (treated up, control down)', axis: { format: '%' } },
          color: { field: 'group', type: 'nominal', title: 'group' },
          tooltip: [{ field: 'group' }, { field: 'lo' }, { field: 'hi' }, { field: 'count' }],
        },
      },
      { data: { values: [{ x: slo }, { x: shi }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    ],
  };
}
