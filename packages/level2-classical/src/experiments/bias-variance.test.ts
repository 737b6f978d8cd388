import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './bias-variance.js';

describe('bias-variance', () => {
  // Seed pinned: a run is a reproducible artefact; its criterion is statistical (Monte Carlo over resamples).
  it('runs in quick mode, meets its criterion, and its decomposition matches the measured test error', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-bias-variance-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0 });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    expect(result.metrics.maxIdentityRelError).toBeLessThan(0.1);
    expect(result.tables.map((t: { name: string }) => t.name)).toEqual(['decomposition-polynomial', 'decomposition-tree']);
  });
});
