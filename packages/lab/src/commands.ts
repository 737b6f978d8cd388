/**
 * The `fpml` commands as plain functions (the CLI in cli.ts only parses arguments), so tests
 * can call them and read what they print.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatNumber, formatParam, parseParamArgs, runExperiment, FpmlError, InvalidInputError, NotFoundError, type Experiment, type RunResult } from '@fpml/core';
import { RunsDb, type RunRow } from './db.js';
import { gitCommit, packageVersions } from './environment.js';
import { makeProgress } from './progress.js';
import { findExperiment, EXPERIMENTS, DEFAULT_SUITE } from './registry.js';
import { renderPlot } from './render.js';
import { writeSweepReport } from './sweep.js';
import { table } from './table.js';

export interface LabOptions {
  runsDir: string;
  out: (line: string) => void;
  experiments?: readonly Experiment[];
  /** Install SIGINT/SIGTERM handlers (the real CLI does). */
  handleSignals?: boolean;
  progress?: boolean;
}

const dbPath = (runsDir: string) => join(runsDir, 'fpml.db');

function openDb(o: LabOptions): RunsDb {
  return new RunsDb(dbPath(o.runsDir));
}

/** `fpml list` */
export function listCommand(o: LabOptions): void {
  const all = o.experiments ?? EXPERIMENTS;
  o.out(table(['name', 'level', 'objective'], all.map((e) => [e.name, String(e.level), e.objective])));
}

export interface RunArgs {
  seed?: number;
  seeds?: number[];
  params?: string[];
  quick?: boolean;
}

/** `fpml run NAME ...`: one run per seed; with several seeds, a sweep report with mean ± std. */
export async function runCommand(name: string, args: RunArgs, o: LabOptions): Promise<{ results: (RunResult & { dir: string })[]; sweepDir?: string }> {
  const exp = /\.(m?js)$/.test(name) ? await loadExperimentFile(name) : findExperiment(name, o.experiments ?? EXPERIMENTS);
  const params = parseParamArgs(args.params ?? []);
  const seeds = args.seeds ?? [args.seed ?? 0];
  const db = openDb(o);
  const environment = { gitCommit: gitCommit(), packageVersions: packageVersions() };
  const results: (RunResult & { dir: string })[] = [];
  try {
    for (const seed of seeds) {
      o.out(`running ${exp.name} (seed ${seed}${args.quick ? ', quick' : ''})`);
      const r = await runExperiment(exp, {
        runsDir: o.runsDir, seed, params, quick: args.quick ?? false, renderPlot, environment,
        handleSignals: o.handleSignals ?? false,
        ...(o.progress === false ? {} : { progress: makeProgress() }),
        onStatus: (res, dir) => db.upsert(res, dir),
      });
      results.push(r);
    }
  } finally {
    db.close();
  }
  // One row per metric, one column per seed: experiments may record many metrics.
  const metricNames = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))];
  const fmt = (v: number | undefined) => (v === undefined ? '' : formatNumber(v));
  o.out(table(['seed', ...results.map((r) => String(r.seed))], [
    ['status', ...results.map((r) => r.status)],
    ['criterion', ...results.map((r) => (r.expectation ? (r.expectation.pass ? 'PASS' : 'FAIL') : '-'))],
    ...metricNames.map((m) => [m, ...results.map((r) => fmt(r.metrics[m]))]),
  ]));
  for (const r of results) o.out(`report: ${relative(process.cwd(), join(r.dir, 'report.md'))}`);
  if (results.length > 1) {
    const sweepDir = await writeSweepReport(o.runsDir, results);
    o.out(`sweep report (mean ± std over ${results.length} seeds): ${relative(process.cwd(), join(sweepDir, 'report.md'))}`);
    return { results, sweepDir };
  }
  return { results };
}

/** Load a user's experiment module (`fpml run ./my-experiment.js`): its default export must come from `defineExperiment`. */
export async function loadExperimentFile(path: string): Promise<Experiment> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new NotFoundError('experiment file', path, EXPERIMENTS.map((e) => e.name));
  const mod = (await import(pathToFileURL(abs).href)) as { default?: Experiment };
  if (mod.default?.kind !== 'fpml-experiment') {
    throw new InvalidInputError(`${path} must export default defineExperiment({...}), but its default export is ${mod.default === undefined ? 'missing' : 'something else'}`);
  }
  return mod.default;
}

/** `fpml runs [--reindex]` */
export function runsCommand(args: { reindex?: boolean; limit?: number }, o: LabOptions): RunRow[] {
  if (args.reindex) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath(o.runsDir) + suffix, { force: true });
  }
  const db = openDb(o);
  try {
    if (args.reindex) o.out(`reindexed ${db.reindex(o.runsDir)} runs from ${o.runsDir}`);
    const rows = db.list(args.limit ?? 20);
    o.out(rows.length ? table(['id', 'name', 'seed', 'status', 'started', 'ended'], rows.map((r) => [r.id, r.name, String(r.seed), r.status, r.startedAt.replace('T', ' ').slice(0, 19), r.endedAt ? r.endedAt.replace('T', ' ').slice(0, 19) : '-'])) : `no runs in ${o.runsDir}`);
    return rows;
  } finally {
    db.close();
  }
}

function findRun(db: RunsDb, id: string): RunRow {
  const row = db.find(id);
  if (!row) throw new NotFoundError('run', id, db.list(10).map((r) => r.id));
  return row;
}

/** `fpml show RUN`: the report of a complete run, or the status and error of any other. */
export function showCommand(id: string, o: LabOptions): void {
  const db = openDb(o);
  try {
    const row = findRun(db, id);
    const report = join(row.dir, 'report.md');
    if (row.status === 'complete' && existsSync(report)) o.out(readFileSync(report, 'utf8'));
    else o.out(`${row.id}: ${row.status}${row.error ? `\n${row.error}` : ''}\nfolder: ${row.dir}`);
  } finally {
    db.close();
  }
}

/** `fpml compare A B`: params and metrics side by side, with the difference B − A. */
export function compareCommand(a: string, b: string, o: LabOptions): void {
  const db = openDb(o);
  try {
    const ra = findRun(db, a), rb = findRun(db, b);
    const pa = db.params(ra.id), pb = db.params(rb.id);
    const keys = [...new Set([...Object.keys(pa), ...Object.keys(pb), 'seed'])];
    const withSeed = (p: Record<string, unknown>, r: RunRow) => ({ ...p, seed: r.seed });
    const [qa, qb] = [withSeed(pa, ra), withSeed(pb, rb)];
    o.out(`A = ${ra.id} (${ra.status})\nB = ${rb.id} (${rb.status})\n\nparams`);
    o.out(table(['param', 'A', 'B', ''], keys.map((k) => [k, formatParam(qa[k as keyof typeof qa]), formatParam(qb[k as keyof typeof qb]), JSON.stringify(qa[k as keyof typeof qa]) === JSON.stringify(qb[k as keyof typeof qb]) ? '' : 'differs'])));
    const ma = db.metrics(ra.id), mb = db.metrics(rb.id);
    const names = [...new Set([...Object.keys(ma), ...Object.keys(mb)])];
    o.out('\nmetrics');
    o.out(table(['metric', 'A', 'B', 'B − A', 'B / A'], names.map((n) => {
      const x = ma[n]?.value, y = mb[n]?.value;
      const both = x !== undefined && y !== undefined;
      return [n, x === undefined ? '-' : formatNumber(x), y === undefined ? '-' : formatNumber(y), both ? formatNumber(y - x) : '-', both && x !== 0 ? formatNumber(y / x) : '-'];
    })));
  } finally {
    db.close();
  }
}

/** `pnpm lab` with no arguments: the flagship suite in quick mode. */
export async function defaultJob(o: LabOptions): Promise<void> {
  o.out(`fpml lab: running the flagship suite in quick mode (${DEFAULT_SUITE.join(', ')})`);
  const reports: string[] = [];
  for (const name of DEFAULT_SUITE) {
    const { results } = await runCommand(name, { quick: true }, o);
    reports.push(...results.map((r) => join(r.dir, 'report.md')));
  }
  o.out(`\nreports:\n${reports.map((r) => `  ${relative(process.cwd(), r)}`).join('\n')}`);
}

export { FpmlError };
