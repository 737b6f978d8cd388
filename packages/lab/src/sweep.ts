/**
 * Several seeds of one experiment: each seed is its own run folder, and the sweep writes one
 * more folder with the aggregate report: every metric as mean ± std over seeds (sample std,
 * n − 1), a bar chart with error bars, and links to the per-seed runs.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { barWithErrors, formatNumber, writeFileAtomic, writeJsonAtomic, type RunResult } from '@fpml/core';
import { renderPlot } from './render.js';

export interface MetricSummary {
  mean: number;
  std: number;
  n: number;
  values: number[];
  unit?: string;
}

/** mean ± sample std of each metric over the runs that recorded it. */
export function summarise(results: readonly RunResult[]): Record<string, MetricSummary> {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))];
  const out: Record<string, MetricSummary> = {};
  for (const name of names) {
    const values = results.map((r) => r.metrics[name]).filter((v): v is number => v !== undefined);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
    const unit = results.find((r) => r.units[name])?.units[name];
    out[name] = { mean, std, n: values.length, values, ...(unit ? { unit } : {}) };
  }
  return out;
}

/** Write the sweep folder and return its path. */
export async function writeSweepReport(runsDir: string, results: readonly (RunResult & { dir: string })[]): Promise<string> {
  const first = results[0]!;
  const id = `${first.startedAt.slice(0, 10)}-${first.name}-seeds-${randomBytes(3).toString('hex')}`;
  const dir = join(runsDir, id);
  mkdirSync(join(dir, 'plots'), { recursive: true });
  const summary = summarise(results);
  const seeds = results.map((r) => r.seed);
  const passes = results.filter((r) => r.expectation?.pass).length;
  const lines: string[] = [
    `# ${first.name} — ${results.length} seeds`, '',
    `- **Level:** ${first.level}`, `- **Objective:** ${first.objective}`, `- **Seeds:** ${seeds.join(', ')}`,
    `- **Params:** ${Object.entries(first.params).map(([k, v]) => `\`${k}=${Array.isArray(v) ? v.join(',') : String(v)}\``).join(', ')}${first.quick ? ' (quick mode)' : ''}`,
    `- **Backend:** ${first.environment.backend ?? 'reference path only'}`, `- **Git commit:** ${first.environment.gitCommit ?? 'unknown'}`, '',
    '## Metrics (mean ± std over seeds)', '',
    '| metric | mean ± std | n | unit | per seed |', '|---|---|---|---|---|',
    ...Object.entries(summary).map(([k, s]) => `| ${k} | ${formatNumber(s.mean)} ± ${formatNumber(s.std)} | ${s.n} | ${s.unit ?? ''} | ${s.values.map(formatNumber).join(', ')} |`),
    '',
  ];
  // One bar chart per unit, so metrics on different scales never share an axis.
  const byUnit = new Map<string, [string, MetricSummary][]>();
  for (const [k, s] of Object.entries(summary)) byUnit.set(s.unit ?? '', [...(byUnit.get(s.unit ?? '') ?? []), [k, s]]);
  if (byUnit.size) lines.push('## Visualisations', '');
  let i = 0;
  for (const [unit, entries] of byUnit) {
    const name = `metrics-${i++}`;
    const label = unit || 'value';
    const spec = barWithErrors({ title: `${first.name}: ${label} over ${results.length} seeds`, data: entries.map(([k, s]) => ({ group: k, mean: s.mean, std: s.std })), xLabel: 'metric', yLabel: `${label} (mean ± std over seeds)`, width: Math.max(240, 70 * entries.length) });
    const { svg, png } = await renderPlot(spec);
    writeFileAtomic(join(dir, 'plots', `${name}.svg`), svg);
    writeFileAtomic(join(dir, 'plots', `${name}.png`), png);
    lines.push(`![${name}](plots/${name}.png)`, '', `*Figure ${name}: metrics in ${label}, mean ± sample std over seeds ${seeds.join(', ')}.*`, '');
  }
  lines.push('## Conclusion', '', first.expectation ? `${passes} of ${results.length} seeds pass the experiment's criterion: ${first.expectation.criterion}.` : '_The experiment states no pass/fail criterion._', '');
  lines.push('## Runs', '', ...results.map((r) => `- seed ${r.seed}: [${r.id}](${relative(dir, r.dir)}/report.md) (${r.status})`), '');
  writeJsonAtomic(join(dir, 'result.json'), { status: 'complete', kind: 'sweep', name: first.name, seeds, runs: results.map((r) => r.id), summary });
  writeFileAtomic(join(dir, 'report.md'), lines.join('\n'));
  return dir;
}
