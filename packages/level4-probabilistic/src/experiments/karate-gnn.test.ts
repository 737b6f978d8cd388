import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './karate-gnn.js';

describe('karate-gnn', () => {
  // Tiny params: 1 seed, 60 epochs. The run's seed 0 fixes the initialisations (ctx.tfSeed).
  it('runs end to end with tiny params and writes its tables and plots', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-karate-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { seeds: 1, epochs: 60, snapshots: '0,60' } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    for (const m of ['gcn', 'sage', 'gat', 'lp', 'spectral']) {
      expect(result.metrics[`${m}_accuracy`]).toBeGreaterThanOrEqual(0);
      expect(result.metrics[`${m}_accuracy`]).toBeLessThanOrEqual(1);
    }
    expect(result.metrics.lp_accuracy).toBeGreaterThan(0.75); // deterministic: closed form
    const plots = readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json'));
    expect(plots).toEqual(expect.arrayContaining(['accuracy.vl.json', 'gat-attention.vl.json', 'embedding-gcn-epoch-0.vl.json', 'embedding-gat-epoch-60.vl.json']));
  }, 120_000);
});
