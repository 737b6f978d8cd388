/**
 * The experiment runtime: one call runs one experiment with one seed and leaves a run folder
 *
 * ```
 * runs/<date>-<name>-<shortid>/
 *   status.json     written first ('running', with the pid), last ('complete' | 'failed' | 'interrupted')
 *   config.json     name, level, params, seed, environment
 *   metrics.jsonl   ctx.log records, streamed line by line
 *   plots/          <name>.vl.json always; <name>.svg and .png when a renderer is given
 *   artifacts/      ctx.artifact files
 *   result.json     final metrics, expectation, resources (complete runs only)
 *   report.md       the human report (complete runs only)
 * ```
 *
 * Every file but the streamed log is written atomically (temp name, then rename), and
 * `report.md`/`result.json` exist only for a run that finished, so a killed run can never look
 * complete. SIGINT/SIGTERM mark the folder `interrupted`; a SIGKILLed run keeps `running` with a
 * dead pid, which {@link readRunStatus} reports as `interrupted`.
 *
 * @see ../../../../docs/lab.md
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidParamError, describeValue } from '../errors.js';
import { Rng } from '../rng/rng.js';
import { appendJsonLine, writeFileAtomic, writeJsonAtomic } from './atomic.js';
import type { Experiment, ExperimentContext, LogRecord, Progress, VegaLiteSpec } from './define.js';
import { resolveParams, type ParamSpec } from './params.js';
import { renderReport, type RunEnvironment, type RunResult } from './report.js';
import { DEFAULT_ENERGY, startResourceMeter, type EnergyConstants } from './resources.js';

/** Turns a Vega-Lite spec into SVG text and PNG bytes (the lab provides one). */
export type PlotRenderer = (spec: VegaLiteSpec) => Promise<{ svg: string; png: Uint8Array }>;

/** Options of {@link runExperiment}. */
export interface RunOptions {
  /** Folder that holds run folders. */
  runsDir: string;
  /** @default 0 */
  seed?: number;
  /** Param overrides: strings from the CLI or typed values. */
  params?: Record<string, unknown>;
  /** Apply the experiment's `quick` overrides first. @default false */
  quick?: boolean;
  renderPlot?: PlotRenderer;
  progress?: Progress;
  /** Facts the caller knows (git commit, package versions); node/platform are filled in. */
  environment?: Partial<RunEnvironment>;
  /** Called when the run's status changes (the lab records it in the runs database). */
  onStatus?: (result: RunResult, dir: string) => void;
  /** Install SIGINT/SIGTERM handlers that mark the run interrupted, then exit. @default false */
  handleSignals?: boolean;
  energy?: EnergyConstants;
  /** Clock, for tests. */
  now?: () => Date;
}

const noProgress: Progress = { start() {}, tick() {}, stop() {} };

/** `runs/2026-11-23-backends-a1b2c3`. */
function runId(name: string, date: Date): string {
  return `${date.toISOString().slice(0, 10)}-${name}-${randomBytes(3).toString('hex')}`;
}

function safeFileName(kind: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) {
    throw new InvalidParamError(kind, 'name', name, 'a file name of letters, digits, ".", "_" or "-"');
  }
  return name;
}

/**
 * Run `experiment` once and return its result. The promise rejects with the experiment's own
 * error after the folder has been marked `failed`.
 */
export async function runExperiment<S extends ParamSpec>(experiment: Experiment<S>, options: RunOptions): Promise<RunResult & { dir: string }> {
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new InvalidParamError('run', 'seed', seed, 'a non-negative integer');
  const quick = options.quick ?? false;
  const params = resolveParams(experiment.name, experiment.params, { ...(quick ? experiment.quick : {}), ...options.params });
  const start = now();
  const id = runId(experiment.name, start);
  const dir = join(options.runsDir, id);
  mkdirSync(join(dir, 'plots'), { recursive: true });

  const result: RunResult = {
    status: 'running',
    id,
    name: experiment.name,
    level: experiment.level,
    objective: experiment.objective,
    seed,
    quick,
    params: { ...params },
    startedAt: start.toISOString(),
    metrics: {},
    units: {},
    setup: {},
    observations: [],
    plots: [],
    artifacts: [],
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, ...options.environment },
  };
  const pendingPlots: { name: string; spec: VegaLiteSpec; caption: string }[] = [];
  const writeStatus = () => {
    writeJsonAtomic(join(dir, 'status.json'), { status: result.status, pid: process.pid, startedAt: result.startedAt, endedAt: result.endedAt ?? null, error: result.error ?? null });
    options.onStatus?.(result, dir);
  };
  writeJsonAtomic(join(dir, 'config.json'), { id, name: experiment.name, level: experiment.level, objective: experiment.objective, seed, quick, params, environment: result.environment });
  writeStatus();

  // A signal marks the folder before the process goes; SIGKILL cannot be caught (see readRunStatus).
  const onSignal = (signal: NodeJS.Signals) => {
    result.status = 'interrupted';
    result.endedAt = now().toISOString();
    result.error = `interrupted by ${signal}`;
    writeStatus();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  if (options.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  const rng = new Rng(seed);
  const tfSeedRng = rng.fork();
  const ctx: ExperimentContext<typeof params> = {
    params,
    seed,
    rng,
    quick,
    progress: options.progress ?? noProgress,
    tfSeed: () => tfSeedRng.int(2 ** 31 - 1),
    async tf() {
      const { getTf, backendInfo } = await import('../tf/resolver.js');
      const handle = await getTf();
      const info = await backendInfo();
      const skipped = info.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
      result.environment.backend = `${info.name} (${info.detail}; tfjs ${info.tfjsVersion}; ${info.reason})${skipped ? ` — skipped ${skipped}` : ''}`;
      return handle;
    },
    log(record: LogRecord) {
      appendJsonLine(join(dir, 'metrics.jsonl'), record);
    },
    metric(name, value, unit) {
      if (typeof value !== 'number' || Number.isNaN(value)) {
        throw new InvalidParamError(`metric ${name}`, 'value', value, 'a number (NaN means the run went wrong)');
      }
      result.metrics[name] = value;
      if (unit) result.units[name] = unit;
    },
    plot(name, spec, caption) {
      safeFileName('plot', name);
      if (pendingPlots.some((p) => p.name === name)) throw new InvalidParamError('plot', 'name', name, 'unique within a run');
      pendingPlots.push({ name, spec, caption });
      writeJsonAtomic(join(dir, 'plots', `${name}.vl.json`), spec);
    },
    artifact(name, data) {
      safeFileName('artifact', name);
      const body = typeof data === 'string' || data instanceof Uint8Array ? data : JSON.stringify(data, null, 2);
      writeFileAtomic(join(dir, 'artifacts', name), body);
      result.artifacts.push(`artifacts/${name}`);
    },
    table(name, caption, header, rows) {
      safeFileName('table', name);
      if (header.length === 0) throw new InvalidParamError('table', 'header', header, 'at least one column name');
      rows.forEach((row, i) => {
        if (row.length !== header.length) throw new InvalidParamError('table', `rows[${i}]`, row, `${header.length} cells (one per column: ${header.join(', ')})`);
      });
      (result.tables ??= []).push({ name, caption, header: [...header], rows: rows.map((r) => [...r]) });
    },
    observe(text) {
      result.observations.push(text);
    },
    setup(section, text) {
      result.setup[section] = text;
    },
  };

  const meter = startResourceMeter(options.energy ?? DEFAULT_ENERGY);
  try {
    await experiment.run(ctx);
    ctx.progress.stop();
    for (const p of pendingPlots) {
      const entry: RunResult['plots'][number] = { name: p.name, caption: p.caption };
      if (options.renderPlot) {
        const { svg, png } = await options.renderPlot(p.spec);
        writeFileAtomic(join(dir, 'plots', `${p.name}.svg`), svg);
        writeFileAtomic(join(dir, 'plots', `${p.name}.png`), png);
        entry.svg = `plots/${p.name}.svg`;
        entry.png = `plots/${p.name}.png`;
      }
      result.plots.push(entry);
    }
    if (experiment.expect) result.expectation = experiment.expect(result.metrics, params);
    result.resources = meter();
    result.status = 'complete';
    result.endedAt = now().toISOString();
    writeFileAtomic(join(dir, 'report.md'), renderReport(result));
    writeJsonAtomic(join(dir, 'result.json'), result);
    writeStatus();
    return { ...result, dir };
  } catch (err) {
    ctx.progress.stop();
    if (result.status === 'interrupted') throw err; // already marked by the signal handler
    result.status = 'failed';
    result.endedAt = now().toISOString();
    result.resources = meter();
    result.error = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : describeValue(err);
    writeStatus();
    throw err;
  } finally {
    if (options.handleSignals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
}

/** The status of a run folder, with a SIGKILLed run (status `running`, dead pid) read as `interrupted`. */
export function readRunStatus(dir: string): { status: RunResult['status']; pid: number | null; error: string | null } {
  const path = join(dir, 'status.json');
  if (!existsSync(path)) return { status: 'failed', pid: null, error: 'status.json missing' };
  const s = JSON.parse(readFileSync(path, 'utf8')) as { status: RunResult['status']; pid: number | null; error: string | null };
  if (s.status === 'running' && s.pid !== null && !isProcessAlive(s.pid)) {
    return { ...s, status: 'interrupted', error: s.error ?? `process ${s.pid} ended without finishing the run (killed)` };
  }
  return s;
}

/**
 * Settle a SIGKILLed run in its folder: when `status.json` still says `running` but its process
 * is gone, rewrite it (atomically) as `interrupted`, so the folder itself no longer looks live.
 * Returns the status as {@link readRunStatus} reads it. Runs that are alive or ended are untouched.
 */
export function settleRunStatus(dir: string): ReturnType<typeof readRunStatus> {
  const path = join(dir, 'status.json');
  const status = readRunStatus(dir);
  if (status.status !== 'interrupted' || !existsSync(path)) return status;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (raw.status === 'running') writeJsonAtomic(path, { ...raw, status: 'interrupted', error: status.error });
  return status;
}

/** Whether a process with this pid exists (signal 0 probes without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
