/**
 * `fpml bench [--filter PKG]`: run `turbo run bench` (every package, or one), then collect every
 * `packages/<pkg>/bench-results/*.json` (API.md's schema) into one table, with the ratio to the
 * peer measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber } from '@fpml/core';
import { table } from './table.js';

/** One row of a package's bench-results JSON (API.md's schema; written by core's benchSuite). */
export interface BenchRecordShape {
  id: string;
  unit: string;
  value: number;
  n: number;
  peer?: { name: string; value: number };
}

/** Read every bench-results JSON under `root/packages/*`. */
export function collectBenchResults(root: string, filter?: string): { pkg: string; file: string; records: BenchRecordShape[] }[] {
  const pkgsDir = join(root, 'packages');
  const out: { pkg: string; file: string; records: BenchRecordShape[] }[] = [];
  for (const pkg of readdirSync(pkgsDir)) {
    if (filter && pkg !== filter.replace(/^@fpml\//, '')) continue;
    const dir = join(pkgsDir, pkg, 'bench-results');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      out.push({ pkg, file: f, records: JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchRecordShape[] });
    }
  }
  return out;
}

/** Format the collected results as one table. */
export function benchTable(groups: ReturnType<typeof collectBenchResults>): string {
  const rows = groups.flatMap((g) => g.records.map((r) => [g.pkg, r.id, `${formatNumber(r.value)} ${r.unit}`, String(r.n), r.peer ? `${r.peer.name}: ${formatNumber(r.peer.value)}` : '-', r.peer && r.peer.value !== 0 ? `${formatNumber(r.value / r.peer.value)}×` : '-']));
  return rows.length ? table(['package', 'workload', 'value', 'n', 'peer', 'ratio'], rows) : 'no bench results found';
}

/** Run the benchmarks through turbo, then print the table. Returns turbo's exit code. */
export function benchCommand(root: string, filter: string | undefined, out: (s: string) => void): number {
  const args = ['turbo', 'run', 'bench', ...(filter ? [`--filter=${filter.startsWith('@') ? filter : `@fpml/${filter}`}`] : [])];
  const r = spawnSync('pnpm', ['exec', ...args], { cwd: root, stdio: 'inherit' });
  out(benchTable(collectBenchResults(root, filter)));
  return r.status ?? 1;
}
