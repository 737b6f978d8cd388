import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineExperiment, InvalidParamError, NotFoundError, linePlot, type Experiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { compareCommand, listCommand, runCommand, runsCommand, showCommand, type LabOptions } from './commands.js';

const noisyMean = defineExperiment({
  name: 'noisy-mean',
  level: 'core',
  objective: 'Estimate the mean of U(0, 1) from n draws.',
  params: { n: 200 },
  quick: { n: 20 },
  run(ctx) {
    ctx.setup('data', `${ctx.params.n} draws of U(0, 1)`);
    let s = 0;
    const curve: { step: number; estimate: number }[] = [];
    for (let i = 1; i <= ctx.params.n; i++) {
      s += ctx.rng.next();
      if (i % 10 === 0) curve.push({ step: i, estimate: s / i });
    }
    ctx.metric('estimate', s / ctx.params.n);
    ctx.metric('absError', Math.abs(s / ctx.params.n - 0.5));
    ctx.plot('estimate', linePlot({ title: 'Running mean', data: curve, x: 'step', y: 'estimate', xLabel: 'draws', yLabel: 'running mean' }), 'The running mean approaches 0.5.');
  },
  expect: (m) => ({ pass: m.absError! < 0.2, criterion: 'absolute error below 0.2' }),
});

const experiments: Experiment[] = [noisyMean];

function lab(): LabOptions & { lines: string[] } {
  const lines: string[] = [];
  return { runsDir: mkdtempSync(join(tmpdir(), 'fpml-lab-')), out: (s) => lines.push(s), experiments, progress: false, lines };
}

describe('fpml commands', () => {
  it('lists experiments with level and objective', () => {
    const o = lab();
    listCommand(o);
    expect(o.lines.join('\n')).toMatch(/noisy-mean\s+core\s+Estimate the mean/);
  });

  it('runs several seeds and writes a sweep report with mean ± std', async () => {
    const o = lab();
    const { results, sweepDir } = await runCommand('noisy-mean', { seeds: [0, 1, 2], quick: true }, o);
    expect(results.map((r) => r.seed)).toEqual([0, 1, 2]);
    expect(results.every((r) => r.params.n === 20)).toBe(true);
    const report = readFileSync(join(sweepDir!, 'report.md'), 'utf8');
    const est = results.map((r) => r.metrics.estimate!);
    const mean = (est[0]! + est[1]! + est[2]!) / 3;
    expect(report).toContain('## Metrics (mean ± std over seeds)');
    expect(report).toMatch(new RegExp(`\\| estimate \\| ${Number(mean.toPrecision(4))} ± `));
    expect(existsSync(join(sweepDir!, 'plots', 'metrics-0.png'))).toBe(true);
    for (const r of results) expect(existsSync(join(r.dir, 'plots', 'estimate.png'))).toBe(true);
    const out = o.lines.join('\n');
    expect(out).toMatch(/seed\s+0\s+1\s+2\n/);
    expect(out).toMatch(/status\s+complete\s+complete\s+complete/);
    expect(out).toMatch(/estimate\s+0\.\d+\s+0\.\d+\s+0\.\d+/);
    expect(out).toContain('sweep report (mean ± std over 3 seeds)');
  });

  it('compares two runs side by side and shows a report', async () => {
    const o = lab();
    const a = (await runCommand('noisy-mean', { seed: 0 }, o)).results[0]!;
    const b = (await runCommand('noisy-mean', { seed: 1, params: ['n=50'] }, o)).results[0]!;
    o.lines.length = 0;
    compareCommand(a.id, b.id.slice(0, -2), o);
    const out = o.lines.join('\n');
    expect(out).toMatch(/n\s+200\s+50\s+differs/);
    expect(out).toMatch(/seed\s+0\s+1\s+differs/);
    expect(out).toContain(`estimate  ${Number(a.metrics.estimate!.toPrecision(4))}`);
    o.lines.length = 0;
    showCommand(a.id, o);
    expect(o.lines.join('\n')).toContain('# noisy-mean');
  });

  it('rebuilds a deleted database from the run folders', async () => {
    const o = lab();
    await runCommand('noisy-mean', { seeds: [0, 1] }, o);
    const before = runsCommand({}, o).map((r) => [r.id, r.status]);
    for (const f of readdirSync(o.runsDir).filter((f) => f.startsWith('fpml.db'))) rmSync(join(o.runsDir, f));
    const after = runsCommand({ reindex: true }, o).map((r) => [r.id, r.status]);
    expect(after.sort()).toEqual(before.sort());
    expect(o.lines.join('\n')).toContain('reindexed 2 runs');
  });

  it('gives typed errors for unknown experiments, params and runs', async () => {
    const o = lab();
    await expect(runCommand('nosuch', {}, o)).rejects.toThrow(NotFoundError);
    await expect(runCommand('nosuch', {}, o)).rejects.toThrow("unknown experiment 'nosuch'; available: noisy-mean");
    await expect(runCommand('noisy-mean', { params: ['m=3'] }, o)).rejects.toThrow(InvalidParamError);
    await expect(runCommand('noisy-mean', { params: ['m=3'] }, o)).rejects.toThrow('n (default 200)');
    expect(() => showCommand('nope', o)).toThrow("unknown run 'nope'");
  });
});
