/**
 * The runs database: an embedded SQLite file (`runs/fpml.db`, via better-sqlite3) holding every
 * run's identity, status, params and final metrics, so `fpml runs` and `fpml compare` answer
 * without walking the folders. The run folders stay the source of truth: {@link RunsDb.reindex}
 * rebuilds the database from them if it is lost.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { isProcessAlive, settleRunStatus, type RunResult } from '@fpml/core';

/** One row of `fpml runs`. */
export interface RunRow {
  id: string;
  name: string;
  level: string;
  seed: number;
  quick: boolean;
  status: RunResult['status'];
  startedAt: string;
  endedAt: string | null;
  dir: string;
  pid: number | null;
  error: string | null;
  sweep: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, seed INTEGER NOT NULL,
  quick INTEGER NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
  dir TEXT NOT NULL, pid INTEGER, error TEXT, sweep TEXT
);
CREATE TABLE IF NOT EXISTS params (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS metrics (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, value REAL NOT NULL, unit TEXT, PRIMARY KEY (run_id, name));
CREATE INDEX IF NOT EXISTS runs_started ON runs(started_at);
`;

export class RunsDb {
  private readonly db: Database.Database;

  /** Open (or create) the database at `path`. */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  /** Insert or update a run with its params and metrics, in one transaction. */
  upsert(r: RunResult, dir: string, sweep: string | null = null, pid: number | null = process.pid): void {
    const tx = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO runs (id, name, level, seed, quick, status, started_at, ended_at, dir, pid, error, sweep)
           VALUES (@id, @name, @level, @seed, @quick, @status, @startedAt, @endedAt, @dir, @pid, @error, @sweep)
           ON CONFLICT(id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at, error = excluded.error, pid = excluded.pid, sweep = COALESCE(excluded.sweep, runs.sweep)`,
        )
        .run({ id: r.id, name: r.name, level: String(r.level), seed: r.seed, quick: r.quick ? 1 : 0, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt ?? null, dir, pid, error: r.error ?? null, sweep });
      const p = this.db.prepare('INSERT OR REPLACE INTO params (run_id, key, value) VALUES (?, ?, ?)');
      for (const [k, v] of Object.entries(r.params)) p.run(r.id, k, JSON.stringify(v));
      const m = this.db.prepare('INSERT OR REPLACE INTO metrics (run_id, name, value, unit) VALUES (?, ?, ?, ?)');
      for (const [k, v] of Object.entries(r.metrics)) m.run(r.id, k, v, r.units[k] ?? null);
    });
    tx();
  }

  private toRow(x: Record<string, unknown>): RunRow {
    const row: RunRow = {
      id: x.id as string, name: x.name as string, level: x.level as string, seed: x.seed as number, quick: x.quick === 1,
      status: x.status as RunRow['status'], startedAt: x.started_at as string, endedAt: (x.ended_at as string | null) ?? null,
      dir: x.dir as string, pid: (x.pid as number | null) ?? null, error: (x.error as string | null) ?? null, sweep: (x.sweep as string | null) ?? null,
    };
    // A run still 'running' whose process is gone was SIGKILLed (nothing could mark it).
    if (row.status === 'running' && row.pid !== null && !isProcessAlive(row.pid)) {
      row.status = 'interrupted';
      row.error = row.error ?? `process ${row.pid} ended without finishing the run (killed)`;
      // Settle it for good: in its folder (status.json) and in this database.
      if (existsSync(row.dir)) settleRunStatus(row.dir);
      this.db.prepare('UPDATE runs SET status = ?, error = ? WHERE id = ?').run(row.status, row.error, row.id);
    }
    return row;
  }

  /** Most recent runs first. */
  list(limit = 20): RunRow[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as Record<string, unknown>[]).map((x) => this.toRow(x));
  }

  /** A run by full id or unique prefix, or `null`. */
  find(idOrPrefix: string): RunRow | null {
    const rows = this.db.prepare("SELECT * FROM runs WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY id").all(idOrPrefix, idOrPrefix.replace(/[%_\\]/g, '\\$&') + '%') as Record<string, unknown>[];
    const exact = rows.find((r) => r.id === idOrPrefix);
    if (exact) return this.toRow(exact);
    return rows.length === 1 ? this.toRow(rows[0]!) : null;
  }

  params(id: string): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(id) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  metrics(id: string): Record<string, { value: number; unit: string | null }> {
    const rows = this.db.prepare('SELECT name, value, unit FROM metrics WHERE run_id = ? ORDER BY name').all(id) as { name: string; value: number; unit: string | null }[];
    return Object.fromEntries(rows.map((r) => [r.name, { value: r.value, unit: r.unit }]));
  }

  /**
   * Rebuild the database from the run folders under `runsDir`: every folder with a
   * `config.json` becomes a row, its status read from `status.json` (killed runs → interrupted)
   * and its metrics from `result.json` when the run completed. Returns the number of runs.
   */
  reindex(runsDir: string): number {
    const dirs = existsSync(runsDir) ? readdirSync(runsDir, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
    let n = 0;
    const tx = this.db.transaction(() => {
      this.db.exec('DELETE FROM metrics; DELETE FROM params; DELETE FROM runs;');
      for (const d of dirs) {
        const dir = join(runsDir, d.name);
        const configPath = join(dir, 'config.json');
        if (!existsSync(configPath)) continue;
        const config = JSON.parse(readFileSync(configPath, 'utf8'));
        const status = settleRunStatus(dir);
        const resultPath = join(dir, 'result.json');
        const result: Partial<RunResult> = status.status === 'complete' && existsSync(resultPath) ? JSON.parse(readFileSync(resultPath, 'utf8')) : {};
        const rawStatus = existsSync(join(dir, 'status.json')) ? JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) : {};
        this.upsert(
          {
            ...config,
            status: status.status,
            startedAt: rawStatus.startedAt ?? config.startedAt ?? d.name.slice(0, 10),
            endedAt: rawStatus.endedAt ?? undefined,
            error: status.error ?? undefined,
            metrics: result.metrics ?? {},
            units: result.units ?? {},
          } as RunResult,
          dir,
          config.sweep ?? null,
          status.pid,
        );
        n++;
      }
    });
    tx();
    return n;
  }
}
