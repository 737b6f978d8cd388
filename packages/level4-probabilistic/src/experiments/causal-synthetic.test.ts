import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment, { METHODS, SETTINGS } from './causal-synthetic.js';

describe('causal-synthetic', () => {
  // Seed 0 as every experiment test (the lab's default); 8 data sets of 400 units per setting keep it ~2 s.
  it('runs end to end in quick mode and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-causal-synth-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { seeds: 8, n: 400 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    expect(result.tables.estimators?.rows ?? result.tables[0]?.rows).toBeDefined();
    for (const s of ['randomised', 'confounded_linear', 'weak_overlap']) for (const m of ['aipw', 'ipw_stabilised', 'regression']) expect(Number.isFinite(result.metrics[`${s}_${m}_rmse`])).toBe(true);
    expect(Object.keys(result.metrics).filter((k) => k.endsWith('_coverage'))).toHaveLength(SETTINGS.length * METHODS.length);
    const plots = readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json'));
    expect(plots).toEqual(expect.arrayContaining(['coverage.vl.json', 'rmse.vl.json']));
  }, 120_000);
});
