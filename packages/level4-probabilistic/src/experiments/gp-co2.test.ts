import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './gp-co2.js';

describe('gp-co2', () => {
  // Deterministic (no randomness: one optimiser start per prior). A small window keeps the O(n³)
  // fits cheap: 1958–1975 every 2nd month (~100 points), extrapolated to 1985.
  it('runs end to end on a small window and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-gpco2-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { trainUntil: 1975, stride: 2, maxIter: 80, until: 1985 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    expect(result.metrics.full_coverage95).toBeGreaterThan(0);
    const plots = readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json'));
    expect(plots).toEqual(expect.arrayContaining(['co2-full.vl.json', 'co2-trend.vl.json', 'co2-full-zoom.vl.json']));
  }, 300_000);
});
