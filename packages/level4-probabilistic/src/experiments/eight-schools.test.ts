import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { expectGradient } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import experiment, { centredEightSchools, nonCentredEightSchools } from './eight-schools.js';

describe('eight-schools', () => {
  it('the two parameterisations have finite-difference-checked gradients and the same posterior up to the Jacobian', () => {
    const c = centredEightSchools(), n = nonCentredEightSchools();
    const zn = Float64Array.of(4, Math.log(3), 0.5, -0.2, 0.1, 1.2, -1, 0.3, 0.8, -0.4);
    expectGradient((z) => c.logp(z), (z) => c.logpGrad(z).grad, zn, { tol: 1e-6 });
    expectGradient((z) => n.logp(z), (z) => n.logpGrad(z).grad, zn, { tol: 1e-6 });
    // theta = mu + tau thetaTilde: log p_c(mu, log tau, theta) + 8 log tau = log p_n(mu, log tau, thetaTilde).
    const tau = 3, zc = Float64Array.from(zn, (v, j) => (j < 2 ? v : 4 + tau * v));
    expect(c.logp(zc) + 8 * Math.log(tau)).toBeCloseTo(n.logp(zn), 10);
  });

  // Seed pinned at 0 like every experiment test (the runtime's seed); the sizes are tiny.
  it('runs end to end with tiny sizes and writes tables and plots', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-8schools-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0, params: { chains: 2, draws: 150, warmup: 150, adviSteps: 300 } });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    // Even this short run shows the effect the experiment is about.
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    expect(result.metrics.noncentred_tauEssBulk).toBeGreaterThan(result.metrics.centred_tauEssBulk);
    expect(result.tables.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['centred-summary', 'noncentred-summary', 'comparison', 'advi-vs-nuts']));
    const plots = readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json'));
    expect(plots).toEqual(expect.arrayContaining(['trace-log-tau-centred.vl.json', 'funnel-noncentred.vl.json', 'rank-log-tau-centred.vl.json', 'advi-elbo.vl.json']));
  }, 120_000);
});
