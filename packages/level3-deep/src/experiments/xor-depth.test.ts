import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment from './xor-depth.js';

/** Run the experiment and return its metrics, report and plot files. */
async function run(seed: number, params: Record<string, unknown> = {}) {
  const runsDir = mkdtempSync(join(tmpdir(), 'fpml-xor-depth-'));
  const r = await runExperiment(experiment, { runsDir, quick: true, seed, params });
  expect(r.status).toBe('complete');
  const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
  return { result, metric: (k: string): number => result.metrics[k], report: readFileSync(join(r.dir, 'report.md'), 'utf8'), plots: readdirSync(join(r.dir, 'plots')) };
}

/**
 * The claims, with margins, for every run seed in 0..2 (the seed draws the data and the
 * initialisations; three seeds keep the test under ~10 s):
 * - no hidden layer is at chance: no line classifies more than 2/3 of the square (test sets of
 *   ≥ 500 points: sampling std ≤ 2.2 points, hence ≤ 72%), and its loss stays near log 2;
 * - 2 hidden units lack the capacity (in every run we have seen the best of them stays near 83%;
 *   the bound 90% leaves 3 standard errors);
 * - 8 units solve it from every initialisation (observed 96–99%; bound 93%).
 */
describe('xor-depth', () => {
  it('quick mode (seed 0): completes, meets its criterion, emits its tables and plots', async () => {
    const { result, metric, report, plots } = await run(0);
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    expect(metric('mlp1_testAccuracy_maxOverSeeds')).toBeLessThanOrEqual(0.72);
    expect(metric('tanh_h8_testAccuracy_min')).toBeGreaterThanOrEqual(0.93);
    expect(metric('relu_h8_testAccuracy_min')).toBeGreaterThanOrEqual(0.93);
    expect(metric('tanh_h2_testAccuracy_max')).toBeLessThan(0.9);
    expect(metric('tanh_h8_solved') + metric('relu_h8_solved')).toBeGreaterThanOrEqual(2 * metric('seeds') - 1);
    for (const p of ['accuracy-vs-width', 'loss-curves', 'loss-curves-seeds', 'boundary-mlp1', 'boundary-mlp2-tanh', 'boundary-mlp2-relu', 'boundary-mlp2-narrow']) expect(plots).toContain(`${p}.vl.json`);
    expect(report).toContain('Table accuracy-by-architecture');
    expect(report).toContain('Table runs');
  });
  for (const seed of [1, 2]) {
    it(`seed ${seed} (widths 2 and 8, 3 initialisations, 400 steps): chance without a hidden layer, capacity-limited at H = 2, solved at H = 8`, async () => {
      const { metric } = await run(seed, { widths: [2, 8], seeds: 3, epochs: 400, nTest: 600 });
      expect(metric('mlp1_testAccuracy_maxOverSeeds')).toBeLessThanOrEqual(0.72);
      expect(metric('mlp1_trainLoss_mean')).toBeGreaterThan(0.6);
      for (const a of ['tanh', 'relu']) {
        expect(metric(`${a}_h2_testAccuracy_max`), `${a} H=2`).toBeLessThan(0.9);
        expect(metric(`${a}_h8_testAccuracy_min`), `${a} H=8`).toBeGreaterThanOrEqual(0.93);
        expect(metric(`${a}_h8_trainLoss_mean`)).toBeLessThan(metric(`${a}_h2_trainLoss_mean`));
      }
    });
  }
});
