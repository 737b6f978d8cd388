import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './gradient-check-m2.js';

describe('gradient-check-m2', () => {
  // Seed pinned: an experiment run is a fixed, reproducible artefact. The check itself holds for
  // any seed (src/backprop/mlp2.test.ts runs it under fast-check); here the point is that the
  // run completes, meets its criterion and emits its tables and plot.
  it('runs end to end in quick mode and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-gradcheck-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { sweepTo: -9 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    const metric = (k: string): number => result.metrics[k];
    expect(metric('maxRelError')).toBeLessThan(1e-7);
    expect(metric('bugsCaught')).toBe(4);
    expect(metric('weakestBugRelError')).toBeGreaterThan(1e-2);
    expect(readdirSync(join(r.dir, 'plots'))).toContain('error-vs-h.vl.json');
    const report = readFileSync(join(r.dir, 'report.md'), 'utf8');
    expect(report).toContain('Table relative-error');
    expect(report).toContain('Table planted-bugs');
  });
});
