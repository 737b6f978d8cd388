import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { RunsDb } from './db.js';

function result(id: string, over: Partial<RunResult> = {}): RunResult {
  return {
    status: 'complete', id, name: 'exp', level: 2, objective: 'o', seed: 3, quick: false,
    params: { lr: 0.1, sizes: [1, 2], name: 'adam' }, startedAt: `2026-11-23T10:00:0${id.length % 10}.000Z`, endedAt: '2026-11-23T10:01:00.000Z',
    metrics: { accuracy: 0.9123456789012345, loss: 1e-300 }, units: { loss: 'nats' }, setup: {}, observations: [], plots: [], artifacts: [],
    environment: { node: 'v20', platform: 'linux-x64' }, ...over,
  };
}

describe('RunsDb', () => {
  it('round-trips runs, params and metrics exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpml-db-'));
    const db = new RunsDb(join(dir, 'fpml.db'));
    db.upsert(result('2026-11-23-exp-aaaaaa'), dir);
    const row = db.find('2026-11-23-exp-aaaaaa')!;
    expect(row).toMatchObject({ id: '2026-11-23-exp-aaaaaa', name: 'exp', level: '2', seed: 3, quick: false, status: 'complete', dir });
    expect(db.params(row.id)).toEqual({ lr: 0.1, sizes: [1, 2], name: 'adam' });
    expect(db.metrics(row.id)).toEqual({ accuracy: { value: 0.9123456789012345, unit: null }, loss: { value: 1e-300, unit: 'nats' } });
    db.close();
    // Reopening reads the same data from disk.
    const again = new RunsDb(join(dir, 'fpml.db'));
    expect(again.metrics('2026-11-23-exp-aaaaaa').accuracy!.value).toBe(0.9123456789012345);
    again.close();
  });

  it('updates a run in place as its status changes, and finds by unique prefix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpml-db-'));
    const db = new RunsDb(join(dir, 'fpml.db'));
    db.upsert(result('2026-11-23-exp-abc123', { status: 'running', metrics: {} }), dir, null, process.pid);
    expect(db.find('2026-11-23-exp-abc')!.status).toBe('running');
    db.upsert(result('2026-11-23-exp-abc123', { status: 'failed', error: 'boom' }), dir);
    expect(db.list()).toHaveLength(1);
    expect(db.find('2026-11-23-exp-abc123')).toMatchObject({ status: 'failed', error: 'boom' });
    db.upsert(result('2026-11-23-exp-abd999'), dir);
    // A 'running' row whose process is gone reads as interrupted.
    const dead = (await import('node:child_process')).spawnSync(process.execPath, ['-e', '0']).pid!;
    db.upsert(result('2026-11-23-exp-killed', { status: 'running', metrics: {} }), dir, null, dead);
    expect(db.find('2026-11-23-exp-killed')).toMatchObject({ status: 'interrupted', error: `process ${dead} ended without finishing the run (killed)` });
    expect(db.find('2026-11-23-exp-ab')).toBeNull(); // ambiguous prefix
    expect(db.find('2026-11-23-exp-abd')!.id).toBe('2026-11-23-exp-abd999');
    expect(db.find('100%_')).toBeNull(); // LIKE wildcards are escaped
    db.close();
  });
});
