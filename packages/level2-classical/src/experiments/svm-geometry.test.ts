import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './svm-geometry.js';

describe('svm-geometry', () => {
  // Seed pinned: an experiment run is a fixed, reproducible artefact; its criterion is statistical
  // (accuracies on a few dozen held-out points), so it is checked at one documented seed.
  it('runs end to end at a tiny size and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-svmgeo-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { nSamples: 80, Cs: '0.1,10', gammas: '1,100', grid: 12 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    const plots = readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json'));
    expect(plots).toContain('margin-C0.1.vl.json');
    expect(plots).toContain('kernel-circles-rbf.vl.json');
    expect(plots).toContain('rbf-gamma-sweep.vl.json');
  });
});
