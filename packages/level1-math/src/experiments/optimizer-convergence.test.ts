import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment, { measuredRate } from './optimizer-convergence.js';

describe('optimizer-convergence', () => {
  it('measuredRate recovers a geometric rate and ignores the rounding floor', () => {
    const e = Array.from({ length: 200 }, (_, k) => Math.max(0.8 ** k, 1e-17));
    expect(measuredRate(e)).toBeCloseTo(0.8, 10);
    expect(measuredRate([1, 1e-17, 1e-17])).toBeLessThan(1e-13);
  });

  it('runs in quick mode through runExperiment and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-optconv-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0 });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    const m = result.metrics as Record<string, { value: number } | number>;
    const v = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : (m[k] as { value: number }).value);
    for (const kappa of [10, 100, 1000]) {
      expect(Math.abs(v(`ratio_gd_k${kappa}`) - 1)).toBeLessThan(0.05);
      expect(Math.abs(v(`ratio_momentum_k${kappa}`) - 1)).toBeLessThan(0.05);
      expect(v(`error1_newton_k${kappa}`)).toBeLessThan(1e-10);
    }
    expect(v('rosenbrock_error_lbfgs')).toBeLessThan(1e-8);
    expect(readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json')).sort()).toEqual(
      ['quadratic-error-k1', 'quadratic-error-k10', 'quadratic-error-k100', 'quadratic-error-k1000', 'rate-vs-kappa', 'rosenbrock-error', 'rosenbrock-paths'].map((n) => `${n}.vl.json`),
    );
  });
});
