/**
 * End-to-end tests of the built CLI (`dist/cli.js`, built by the package's test script):
 * exit codes, and a run killed with SIGKILL midway.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(pkgDir, 'dist', 'cli.js');
// The experiment file lives inside the package so `@fpml/core` resolves from it.
const expDir = mkdtempSync(join(pkgDir, '.e2e-'));
afterAll(() => rmSync(expDir, { recursive: true, force: true }));

const slowExperiment = `
import { defineExperiment } from '@fpml/core';
export default defineExperiment({
  name: 'slow-steps', level: 'core', objective: 'Take steps slowly so a test can kill it.',
  params: { steps: 1000, delayMs: 20 },
  async run(ctx) {
    for (let step = 0; step < ctx.params.steps; step++) {
      ctx.log({ step, value: ctx.rng.next() });
      await new Promise((r) => setTimeout(r, ctx.params.delayMs));
    }
    ctx.metric('steps', ctx.params.steps);
  },
});
`;

function fpml(args: string[], runsDir: string) {
  return spawnSync(process.execPath, [cli, '--runs-dir', runsDir, ...args], { encoding: 'utf8' });
}

describe('fpml CLI', () => {
  it('exits non-zero with a helpful message for unknown commands, experiments and params', () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-cli-'));
    const unknownCmd = fpml(['frobnicate'], runsDir);
    expect(unknownCmd.status).not.toBe(0);
    expect(unknownCmd.stderr).toContain("unknown command 'frobnicate'");
    const unknownExp = fpml(['run', 'nosuch'], runsDir);
    expect(unknownExp.status).toBe(2);
    expect(unknownExp.stderr).toContain("NotFoundError: unknown experiment 'nosuch'; available: ");
    const file = join(expDir, 'slow.mjs');
    writeFileSync(file, slowExperiment);
    const badParam = fpml(['run', file, '--param', 'stepz=3'], runsDir);
    expect(badParam.status).toBe(2);
    expect(badParam.stderr).toContain('param stepz must be one of the experiment\'s params: steps (default 1000), delayMs (default 20)');
    const badSeed = fpml(['run', file, '--seed', '-1'], runsDir);
    expect(badSeed.status).not.toBe(0);
  });

  it('marks a SIGKILLed run interrupted in `fpml runs`, and a re-run is unaffected', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-cli-'));
    const file = join(expDir, 'slow.mjs');
    writeFileSync(file, slowExperiment);
    const child = spawn(process.execPath, [cli, '--runs-dir', runsDir, 'run', file], { stdio: 'ignore' });
    // Wait until the run has logged a few steps, then kill it without a chance to clean up.
    const deadline = Date.now() + 30_000;
    let metricsFile: string | undefined;
    while (Date.now() < deadline) {
      const db = fpml(['runs'], runsDir).stdout;
      const id = db.match(/\d{4}-\d{2}-\d{2}-slow-steps-[0-9a-f]{6}/)?.[0];
      if (id && existsSync(join(runsDir, id, 'metrics.jsonl')) && readFileSync(join(runsDir, id, 'metrics.jsonl'), 'utf8').split('\n').length > 5) {
        metricsFile = join(runsDir, id, 'metrics.jsonl');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(metricsFile).toBeDefined();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const runs = fpml(['runs'], runsDir).stdout;
    expect(runs).toMatch(/slow-steps-[0-9a-f]{6}\s+slow-steps\s+0\s+interrupted/);
    expect(existsSync(join(dirname(metricsFile!), 'report.md'))).toBe(false);
    // Listing the runs settles the killed one in its folder too, not only in the database.
    expect(JSON.parse(readFileSync(join(dirname(metricsFile!), 'status.json'), 'utf8')).status).toBe('interrupted');

    const rerun = fpml(['run', file, '--param', 'steps=3', '--param', 'delayMs=0'], runsDir);
    expect(rerun.status).toBe(0);
    const after = fpml(['runs'], runsDir).stdout;
    expect(after).toMatch(/slow-steps\s+0\s+complete/);
    expect(after).toMatch(/slow-steps\s+0\s+interrupted/);
    // The database survives deletion: --reindex restores both runs with the same statuses.
    for (const f of ['fpml.db', 'fpml.db-wal', 'fpml.db-shm']) rmSync(join(runsDir, f), { force: true });
    const re = fpml(['runs', '--reindex'], runsDir).stdout;
    expect(re).toContain('reindexed 2 runs');
    expect(re).toMatch(/complete/);
    expect(re).toMatch(/interrupted/);
  }, 60_000);
});
