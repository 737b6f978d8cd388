/**
 * `report.md` for one run, following ARCHITECTURE.md's template: title, date, level, objective;
 * setup; metrics table; observations; visualisations; conclusion; time, memory and energy.
 */
import type { Expectation } from './define.js';
import { formatParam } from './params.js';
import type { ResourceUsage } from './resources.js';

/** Everything the report shows; also the body of `result.json`. */
export interface RunResult {
  status: 'complete' | 'failed' | 'interrupted' | 'running';
  id: string;
  name: string;
  level: number | 'core';
  objective: string;
  seed: number;
  quick: boolean;
  params: Record<string, unknown>;
  startedAt: string;
  endedAt?: string;
  metrics: Record<string, number>;
  units: Record<string, string>;
  setup: Record<string, string>;
  observations: string[];
  /** Results tables from `ctx.table` (absent in runs made before tables existed). */
  tables?: ReportTable[];
  plots: { name: string; caption: string; svg?: string; png?: string }[];
  artifacts: string[];
  expectation?: Expectation;
  environment: RunEnvironment;
  resources?: ResourceUsage;
  error?: string;
}

/** A results table of a run. */
export interface ReportTable {
  name: string;
  caption: string;
  header: string[];
  rows: (string | number)[][];
}

/** Facts about where the run happened, supplied by the caller (the lab knows git and versions). */
export interface RunEnvironment {
  /** tfjs backend name, if the experiment used tfjs. */
  backend?: string;
  gitCommit?: string;
  /** `{ '@fpml/core': '0.1.0', '@tensorflow/tfjs': '4.22.0', ... }` */
  packageVersions?: Record<string, string>;
  node: string;
  platform: string;
}

/** Format a metric: integers as is, others with 4 significant digits (or scientific when tiny/huge). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

function table(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Render `report.md` for a complete run. */
export function renderReport(r: RunResult): string {
  const env = r.environment;
  const hw = r.resources?.hardware;
  const out: string[] = [];
  out.push(`# ${r.name}`, '');
  out.push(`- **Date:** ${r.startedAt}`);
  out.push(`- **Level:** ${r.level}`);
  out.push(`- **Objective:** ${r.objective}`);
  out.push(`- **Run:** \`${r.id}\`${r.quick ? ' (quick mode)' : ''}`, '');

  out.push('## Setup', '');
  for (const [k, v] of Object.entries(r.setup)) out.push(`- **${k[0]!.toUpperCase() + k.slice(1)}:** ${v}`);
  out.push(`- **Params:** ${Object.entries(r.params).map(([k, v]) => `\`${k}=${formatParam(v)}\``).join(', ') || 'none'}`);
  out.push(`- **Seed:** ${r.seed}`);
  out.push(`- **Backend:** ${env.backend ?? 'reference path only (float64, no tfjs)'}`);
  if (hw) out.push(`- **Hardware:** ${hw.cpuModel}, ${hw.logicalCores} logical cores, ${hw.totalMemGb.toFixed(1)} GiB RAM`);
  out.push(`- **Software:** Node ${env.node} on ${env.platform}`);
  out.push(`- **Git commit:** ${env.gitCommit ?? 'unknown (not a git checkout)'}`);
  const versions = Object.entries(env.packageVersions ?? {});
  if (versions.length) out.push(`- **Package versions:** ${versions.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push('');

  out.push('## Metrics', '');
  const names = Object.keys(r.metrics);
  out.push(names.length ? table(['metric', 'value', 'unit'], names.map((n) => [n, formatNumber(r.metrics[n]!), r.units[n] ?? ''])) : '_No final metrics were recorded._');
  out.push('');

  if (r.tables?.length) {
    out.push('## Tables', '');
    for (const t of r.tables) {
      out.push(`*Table ${t.name}: ${t.caption}*`, '');
      out.push(table(t.header, t.rows.map((row) => row.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))), '');
    }
  }

  out.push('## Observations', '');
  out.push(r.observations.length ? r.observations.map((o) => `- ${o}`).join('\n') : '_None recorded._');
  out.push('');

  out.push('## Visualisations', '');
  if (r.plots.length === 0) out.push('_No plots._');
  for (const p of r.plots) {
    out.push(p.png ? `![${p.name}](${p.png})` : `Plot spec: \`plots/${p.name}.vl.json\` (not rendered).`);
    out.push('', `*Figure ${p.name}: ${p.caption}*${p.svg ? ` ([SVG](${p.svg}))` : ''}`, '');
  }

  out.push('## Conclusion', '');
  if (r.expectation) {
    out.push(`**${r.expectation.pass ? 'PASS' : 'FAIL'}** — ${r.expectation.criterion}.`);
    if (r.expectation.detail) out.push('', r.expectation.detail);
  } else {
    out.push('_The experiment states no pass/fail criterion._');
  }
  out.push('');

  const res = r.resources;
  out.push('## Resources', '');
  if (res) {
    out.push(
      table(
        ['wall time', 'CPU time', 'peak RSS', 'energy (est.)'],
        [[`${res.wallTimeS.toFixed(2)} s`, `${res.cpuTimeS.toFixed(2)} s`, `${res.peakRssMb.toFixed(0)} MB`, `${(res.energy.kWh * 1000).toPrecision(3)} Wh (${res.energy.method})`]],
      ),
    );
    out.push('', `Energy method: ${res.energy.description}`);
  }
  out.push('');
  return out.join('\n');
}
