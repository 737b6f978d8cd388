import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, Rng, runExperiment } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf } from '@fpml/core/tf';
import { describe, expect, it } from 'vitest';
import { Autoencoder, evaluateAutoencoder, toTensor } from './pca-vs-ae-models.js';
import experiment from './pca-vs-autoencoder.js';
import { fitConstant, logLogSlope, principalAngles } from './pca-vs-ae-geometry.js';

describe('pca-vs-autoencoder helpers', () => {
  it('principal angles between span(e1, e2) and span(e1, cos t e2 + sin t e3) are 0 and t', () => {
    for (const t of [1e-3, 0.3, 1.2, Math.PI / 2]) {
      const A = Matrix.from([[1, 0], [0, 2], [0, 0]]); // scaled columns: same span
      const B = Matrix.from([[3, 0], [0, Math.cos(t)], [0, Math.sin(t)]]);
      const th = principalAngles(A, B);
      expect(th[0]).toBeLessThan(1e-7);
      expect(Math.abs(th[1]! - t)).toBeLessThan(1e-7);
    }
  });

  it('an autoencoder trains, evaluates, encodes and disposes without leaking tensors', async () => {
    const { tf } = await getTf();
    const rng = new Rng(0);
    const X = new Matrix(40, 6, Float64Array.from({ length: 240 }, () => rng.uniform()));
    await expectNoTensorLeak(async () => {
      const T = toTensor(tf, X);
      let seed = 1;
      for (const nonlinear of [false, true]) {
        const ae = new Autoencoder(tf, { inputDim: 6, codeDim: 2, hidden: nonlinear ? [8] : [], nonlinear, batchSize: 16, lr: 0.01 }, () => seed++);
        const before = evaluateAutoencoder(tf, ae, T).mse;
        for (let e = 0; e < 20; e++) await ae.trainEpoch(T, rng);
        const after = evaluateAutoencoder(tf, ae, T, 3);
        expect(after.mse).toBeLessThan(before);
        expect(after.head.length).toBe(3 * 6);
        ae.encode(T).dispose();
        ae.dispose();
      }
      T.dispose();
    }, { tf, label: 'Autoencoder' });
  });

  it('log-log slope and fitted constant recover y = 3 x^2', () => {
    const x = [10, 20, 40, 80], y = x.map((v) => 3 * v * v);
    expect(logLogSlope(x, y)).toBeCloseTo(2, 12);
    expect(fitConstant(y, x.map((v) => v * v))).toBeCloseTo(3, 12);
  });
});

describe('pca-vs-autoencoder end to end', () => {
  it('runs at a tiny size through runExperiment and meets its own criterion', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'fpml-pva-'));
    const r = await runExperiment(experiment, {
      runsDir, seed: 0, quick: true,
      params: {
        datasets: ['digits'], ks: [2, 4], angleK: 4, imageK: 4, nImages: 3, embedPoints: 60,
        linearEpochs: 200, nonlinearEpochs: 2, hidden: [32, 16], batchSize: 128,
        timingN: [100, 200], timingD: [16, 32], timingNFixedD: 32, timingDFixedN: 200,
      },
    });
    expect(r.status).toBe('complete');
    const result = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
    const m = result.metrics as Record<string, { value: number } | number>;
    const v = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : (m[k] as { value: number }).value);
    expect(v('digits_eckartYoungMaxRelError')).toBeLessThan(1e-9);
    // PCA is optimal on the training set among rank-k reconstructions: no AE may beat it there.
    for (const k of [2, 4]) {
      expect(v(`digits_trainMse_linearAE_k${k}`)).toBeGreaterThanOrEqual(v(`digits_trainMse_pca_k${k}`) * (1 - 1e-4));
      expect(v(`digits_trainMse_pca_k${k}`)).toBeGreaterThan(0);
    }
    expect(v('digits_linearAE_finalMaxAngle_k4')).toBeLessThan(0.2);
    expect(result.expectation.pass, result.expectation.detail).toBe(true);
    expect(readdirSync(join(r.dir, 'plots')).filter((f) => f.endsWith('.vl.json')).sort()).toEqual(
      ['complexity-vs-d', 'complexity-vs-n', 'embedding-nonlinearAE-digits', 'embedding-pca-digits', 'linear-ae-subspace-angle',
        'mse-test-digits', 'mse-train-digits', 'reconstructions-digits'].map((n) => `${n}.vl.json`),
    );
  });
});
