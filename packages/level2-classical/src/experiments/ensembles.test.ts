import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment, { biasVariance } from './ensembles.js';

describe('ensembles', () => {
  it('biasVariance splits the mean squared error exactly into bias² + variance', () => {
    const rng = new Rng(3);
    const truth = Float64Array.from({ length: 50 }, () => rng.normal());
    const preds = Array.from({ length: 7 }, () => Float64Array.from(truth, (t) => t + 0.3 + rng.normal(0, 0.5)));
    const { bias2, variance, mse } = biasVariance(preds, truth);
    expect(mse).toBeCloseTo(bias2 + variance, 12);
    expect(bias2).toBeGreaterThan(0.03); // the +0.3 offset shows up as bias
  });

  // Seed pinned: an experiment run is a reproducible artefact; at this tiny size only the
  // machinery is checked (statuses, plots, finite metrics), not the statistical criterion.
  it('runs end to end at a tiny size and writes its plots and metrics', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-ensembles-'));
    const r = await runExperiment(experiment, { runsDir, seed: 0, params: { nTrain: 40, resamples: 4, trees: '1,8', boostTrain: 300, boostTest: 300, stages: 20 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    const v = (k: string): number => result.metrics[k];
    for (const k of ['tree_variance', 'forest_B8_variance', 'hastie_stump_testError', 'hastie_AdaBoost_SAMME_testError', 'hastie_AdaBoost_M1_error_minimising_stumps_testError']) {
      expect(Number.isFinite(v(k)), k).toBe(true);
    }
    expect(v('forest_B8_variance')).toBeLessThan(v('tree_variance'));
    expect(readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json')).sort()).toEqual(['bagging-fits-forest.vl.json', 'bagging-fits.vl.json', 'bagging-variance.vl.json', 'boosting-stages.vl.json']);
  });
});
