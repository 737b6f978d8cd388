import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, Rng, runExperiment } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import experiment, { gradientDescent, logLossAndGrad } from './logistic-regression-m1.js';

describe('logistic-regression-m1', () => {
  it('logLossAndGrad matches central finite differences and stays finite at |z| = 1000', () => {
    const rng = new Rng(5);
    const X = new Matrix(30, 3, Float64Array.from({ length: 90 }, () => rng.normal()));
    const y = Int32Array.from({ length: 30 }, () => (rng.next() < 0.5 ? 1 : 0));
    const theta = Float64Array.from({ length: 4 }, () => rng.normal());
    const { grad } = logLossAndGrad(X, y, theta);
    for (let j = 0; j < 4; j++) {
      const h = 1e-6, tp = theta.slice(), tm = theta.slice();
      tp[j]! += h; tm[j]! -= h;
      const fd = (logLossAndGrad(X, y, tp).loss - logLossAndGrad(X, y, tm).loss) / (2 * h);
      expect(Math.abs(fd - grad[j]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(fd)));
    }
    const big = logLossAndGrad(Matrix.from([[1], [1]]), [1, 0], Float64Array.of(1000, 0));
    expect(big.loss).toBeCloseTo(500, 10); // (log(1 + e^-1000) + log(1 + e^1000)) / 2 = 500
  });

  it('gradient descent lowers the loss monotonically below the 2/β bound', () => {
    const rng = new Rng(9);
    const X = new Matrix(50, 2, Float64Array.from({ length: 100 }, () => rng.normal()));
    const y = Int32Array.from({ length: 50 }, (_, i) => (X.data[2 * i]! + 0.5 * rng.normal() > 0 ? 1 : 0));
    const { losses } = gradientDescent(X, y, 0.5, 50);
    for (let e = 1; e < losses.length; e++) expect(losses[e]!).toBeLessThanOrEqual(losses[e - 1]! + 1e-15);
  });

  // Seed pinned: an experiment run is a reproducible artefact whose criterion is statistical.
  it('runs end to end in quick mode and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-logreg-m1-'));
    const r = await runExperiment(experiment, { runsDir, quick: true, seed: 0 });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
  });
});
