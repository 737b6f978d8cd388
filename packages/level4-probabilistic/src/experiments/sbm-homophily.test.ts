import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './sbm-homophily.js';

describe('sbm-homophily', () => {
  // Tiny params (2 homophilies, 1 seed, 40 epochs, 90 nodes): checks the run, not the finding.
  it('runs end to end with tiny params and writes the sweep', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-sbm-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { nodesPerClass: 30, seeds: 1, epochs: 40, homophily: '0.1,0.9', labelsPerClass: 5 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    for (const m of ['gcn', 'sage', 'gat', 'mlp', 'lpA0p99', 'lpA0p2']) for (const h of ['h0p1', 'h0p9']) {
      expect(result.metrics[`${m}_${h}`]).toBeGreaterThanOrEqual(0);
      expect(result.metrics[`${m}_${h}`]).toBeLessThanOrEqual(1);
    }
    expect(result.metrics.measuredHomophily_h0p9).toBeGreaterThan(result.metrics.measuredHomophily_h0p1);
    expect(readdirSync(join(r.dir, 'plots'))).toContain('accuracy-vs-homophily.vl.json');
  }, 120_000);
});
