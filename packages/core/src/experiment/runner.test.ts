import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidParamError } from '../errors.js';
import { defineExperiment } from './define.js';
import { readRunStatus, runExperiment, settleRunStatus } from './runner.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'fpml-runs-'));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

const toy = defineExperiment({
  name: 'toy',
  level: 'core',
  objective: 'Check that the runtime writes a complete run folder.',
  params: { steps: 5, scale: 2 },
  quick: { steps: 2 },
  run(ctx) {
    ctx.setup('model', 'y = scale * u, u ~ U(0,1)');
    ctx.progress.start(ctx.params.steps, 'steps');
    let sum = 0;
    for (let step = 0; step < ctx.params.steps; step++) {
      const y = ctx.params.scale * ctx.rng.next();
      sum += y;
      ctx.log({ step, y });
      ctx.progress.tick();
    }
    ctx.metric('mean', sum / ctx.params.steps);
    ctx.metric('steps', ctx.params.steps, 'count');
    ctx.observe('The mean is near scale / 2.');
    ctx.plot('curve', { mark: 'line' }, 'y per step.');
    ctx.artifact('numbers.json', { sum });
  },
  expect: (m, p) => ({ pass: Math.abs(m.mean! - p.scale / 2) < p.scale / 2, criterion: 'mean within scale/2 of scale/2' }),
});

afterEach(() => vi.restoreAllMocks());

describe('defineExperiment', () => {
  it('rejects malformed declarations at definition time', () => {
    const base = { name: 'ok', level: 1 as const, objective: 'x', params: { a: 1 }, run() {} };
    expect(() => defineExperiment({ ...base, name: 'Bad Name' })).toThrow(InvalidParamError);
    expect(() => defineExperiment({ ...base, objective: ' ' })).toThrow('param objective must be a non-empty sentence');
    expect(() => defineExperiment({ ...base, quick: { b: 2 } as never })).toThrow('quick.b');
  });
});

describe('runExperiment', () => {
  it('writes a complete run folder with every report section', async () => {
    const runsDir = tmp();
    const statuses: string[] = [];
    const r = await runExperiment(toy, { runsDir, seed: 3, params: { steps: '4' }, onStatus: (s) => statuses.push(s.status), renderPlot: async () => ({ svg: '<svg/>', png: new Uint8Array([137, 80]) }) });
    expect(r.status).toBe('complete');
    expect(statuses).toEqual(['running', 'complete']);
    expect(r.id).toMatch(/^\d{4}-\d{2}-\d{2}-toy-[0-9a-f]{6}$/);
    const files = readdirSync(r.dir).sort();
    expect(files).toEqual(['artifacts', 'config.json', 'metrics.jsonl', 'plots', 'report.md', 'result.json', 'status.json']);
    expect(readdirSync(join(r.dir, 'plots')).sort()).toEqual(['curve.png', 'curve.svg', 'curve.vl.json']);
    expect(read(r.dir, 'metrics.jsonl').trim().split('\n').map((l) => JSON.parse(l).step)).toEqual([0, 1, 2, 3]);
    const report = read(r.dir, 'report.md');
    for (const section of ['# toy', '- **Level:** core', '- **Objective:**', '## Setup', '- **Seed:** 3', '- **Backend:**', '- **Git commit:**', '## Metrics', '| steps | 4 | count |', '## Observations', '## Visualisations', '*Figure curve: y per step.*', '## Conclusion', '**PASS**', '## Resources', 'Energy method:', 'codecarbon']) {
      expect(report).toContain(section);
    }
    const result = JSON.parse(read(r.dir, 'result.json'));
    expect(result.params).toEqual({ steps: 4, scale: 2 });
    expect(result.resources.wallTimeS).toBeGreaterThan(0);
    expect(JSON.parse(read(r.dir, 'status.json')).status).toBe('complete');
  });

  it('renders ctx.table in a Tables section, keeps it in result.json, and rejects ragged rows', async () => {
    const runsDir = tmp();
    const withTable = defineExperiment({
      name: 'tabled', level: 2, objective: 'a table', params: {},
      run(ctx) { ctx.table('scores', 'accuracy by model', ['model', 'accuracy'], [['svc', 0.98], ['knn', 0.9666666666666667]]); },
    });
    const r = await runExperiment(withTable, { runsDir });
    const report = read(r.dir, 'report.md');
    expect(report).toContain('## Tables');
    expect(report).toContain('*Table scores: accuracy by model*');
    expect(report).toMatch(/\| svc\s*\| 0\.98\s*\|/);
    expect(report.indexOf('## Tables')).toBeLessThan(report.indexOf('## Observations'));
    expect(JSON.parse(read(r.dir, 'result.json')).tables).toEqual([{ name: 'scores', caption: 'accuracy by model', header: ['model', 'accuracy'], rows: [['svc', 0.98], ['knn', 0.9666666666666667]] }]);
    const ragged = defineExperiment({ name: 'ragged', level: 2, objective: 'bad', params: {}, run(ctx) { ctx.table('t', 'c', ['a', 'b'], [['x']]); } });
    await expect(runExperiment(ragged, { runsDir })).rejects.toThrow('param rows[0] must be 2 cells (one per column: a, b)');
  });

  it('applies quick overrides, then explicit params', async () => {
    const runsDir = tmp();
    expect((await runExperiment(toy, { runsDir, quick: true })).params.steps).toBe(2);
    expect((await runExperiment(toy, { runsDir, quick: true, params: { steps: 3 } })).params.steps).toBe(3);
  });

  it('is reproducible: the same seed gives the same metrics, another seed differs', async () => {
    const runsDir = tmp();
    const a = await runExperiment(toy, { runsDir, seed: 7 });
    const b = await runExperiment(toy, { runsDir, seed: 7 });
    const c = await runExperiment(toy, { runsDir, seed: 8 });
    expect(a.metrics.mean).toBe(b.metrics.mean);
    expect(c.metrics.mean).not.toBe(a.metrics.mean);
    expect(a.id).not.toBe(b.id);
  });

  it('marks a crashing run failed and never writes report.md or result.json', async () => {
    const runsDir = tmp();
    const boom = defineExperiment({ name: 'boom', level: 1, objective: 'crash', params: {}, run(ctx) { ctx.log({ step: 0 }); throw new Error('kaboom'); } });
    await expect(runExperiment(boom, { runsDir })).rejects.toThrow('kaboom');
    const dir = join(runsDir, readdirSync(runsDir)[0]!);
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    const status = readRunStatus(dir);
    expect(status.status).toBe('failed');
    expect(status.error).toContain('kaboom');
  });

  it('rejects a NaN metric and bad seeds with typed errors', async () => {
    const runsDir = tmp();
    const nan = defineExperiment({ name: 'nan', level: 1, objective: 'nan', params: {}, run(ctx) { ctx.metric('loss', NaN); } });
    await expect(runExperiment(nan, { runsDir })).rejects.toThrow('metric loss: param value must be a number');
    await expect(runExperiment(toy, { runsDir, seed: -1 })).rejects.toThrow(InvalidParamError);
    await expect(runExperiment(toy, { runsDir, params: { stepz: 1 } })).rejects.toThrow('param stepz must be one of');
  });

  it('marks the run interrupted on SIGTERM before exiting', async () => {
    const runsDir = tmp();
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => { throw new Error(`exit ${code}`); }) as never);
    const slow = defineExperiment({
      name: 'slow', level: 1, objective: 'wait', params: {},
      async run() { await new Promise<void>((_, reject) => setTimeout(() => { try { process.emit('SIGTERM'); } catch (e) { reject(e); } }, 10)); },
    });
    await expect(runExperiment(slow, { runsDir, handleSignals: true })).rejects.toThrow('exit 143');
    expect(exit).toHaveBeenCalledWith(143);
    const dir = join(runsDir, readdirSync(runsDir)[0]!);
    expect(readRunStatus(dir).status).toBe('interrupted');
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('reads a SIGKILLed run (status running, dead pid) as interrupted', () => {
    const dir = tmp();
    const child = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(join(dir, 'status.json'), JSON.stringify({ status: 'running', pid: child.pid, error: null }));
    expect(readRunStatus(dir).status).toBe('interrupted');
    writeFileSync(join(dir, 'status.json'), JSON.stringify({ status: 'running', pid: process.pid, error: null }));
    expect(readRunStatus(dir).status).toBe('running');
  });

  it('settles a SIGKILLed run in its folder, and leaves live and ended runs alone', () => {
    const dir = tmp();
    const path = join(dir, 'status.json');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(path, JSON.stringify({ status: 'running', pid: dead, startedAt: 't0', error: null }));
    expect(settleRunStatus(dir).status).toBe('interrupted');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      status: 'interrupted', pid: dead, startedAt: 't0', error: `process ${dead} ended without finishing the run (killed)`,
    });
    const live = { status: 'running', pid: process.pid, error: null };
    writeFileSync(path, JSON.stringify(live));
    expect(settleRunStatus(dir).status).toBe('running');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(live);
    const done = { status: 'complete', pid: dead, error: null };
    writeFileSync(path, JSON.stringify(done));
    expect(settleRunStatus(dir).status).toBe('complete');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(done);
  });
});
