/**
 * GaussianMixture against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_cluster.py): the four
 * covariance types on iris, wine (standardized) and blobs, diag and spherical on digits, each from
 * the same explicit init (weightsInit, meansInit, precisionsInit), so EM follows the same path.
 */
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { type DatasetName, dataFixture, dataset, fixture, flat, maxAbsDiff } from './fixtures.test-utils.js';
import { GaussianMixture } from './gaussian-mixture.js';
import type { CovarianceType } from './gmm-gaussian.js';
import { agreementTable } from './agreement.test-utils.js';

const table = agreementTable('GaussianMixture vs scikit-learn 1.2.1 (explicit init): largest errors per covariance type');

interface Case {
  dataset: DatasetName;
  nComponents: number;
  covarianceType: CovarianceType;
  tol: number;
  regCovar: number;
  maxIter: number;
  weightsInit: number[];
  meansInit: number[][];
  precisionsInit: number[] | number[][] | number[][][];
  converged: boolean;
  nIter: number;
  lowerBound: number;
  weights: number[];
  means: number[][];
  covariances: unknown;
  precisionsCholesky: unknown;
  precisions: unknown;
  predict: number[];
  predictProba: number[][];
  scoreSamples: number[];
  score: number;
  bic: number;
  aic: number;
}
const fx = fixture<{ meta: { sklearn: string }; cases: Case[] }>('gaussian-mixture.json');

/** Largest |ours − theirs| relative to max(1, |theirs|) over an array. */
function relErr(ours: unknown, theirs: unknown): number {
  const a = flat(ours), b = flat(theirs);
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))));
}

describe('GaussianMixture vs scikit-learn: explicit init', () => {
  it('was frozen from scikit-learn 1.2.1', () => expect(fx.meta.sklearn).toBe('1.2.1'));

  for (const c of fx.cases) {
    it(`${c.dataset} K=${c.nComponents} ${c.covarianceType}: same nIter, parameters and lower bound to 1e-8`, () => {
      const { X } = dataset(c.dataset);
      const gm = new GaussianMixture({
        nComponents: c.nComponents, covarianceType: c.covarianceType, tol: c.tol, regCovar: c.regCovar, maxIter: c.maxIter,
        weightsInit: c.weightsInit, meansInit: c.meansInit, precisionsInit: c.precisionsInit,
      });
      const labels = gm.fitPredict(X);
      expect(gm.converged).toBe(c.converged);
      expect(gm.nIter).toBe(c.nIter);
      const t = c.covarianceType;
      const probe = dataFixture.probes[c.dataset];
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
      table.note(`${t}: lowerBound relative`, rel(gm.lowerBound, c.lowerBound));
      table.note(`${t}: weights, means, covariances, precisions(Cholesky) relative`, Math.max(relErr(gm.weights, c.weights), relErr(gm.means, c.means), relErr(gm.covariances, c.covariances), relErr(gm.precisionsCholesky, c.precisionsCholesky), relErr(gm.precisions, c.precisions)));
      table.note(`${t}: bic, aic, score relative`, Math.max(rel(gm.bic(X), c.bic), rel(gm.aic(X), c.aic), rel(gm.score(X), c.score)));
      table.note(`${t}: predictProba |Δ|, scoreSamples relative (probes)`, Math.max(maxAbsDiff(gm.predictProba(probe), c.predictProba), relErr(gm.scoreSamples(probe), c.scoreSamples)));
      expectClose(gm.lowerBound, c.lowerBound, { rtol: 1e-8, name: 'lowerBound' });
      expect(relErr(gm.weights, c.weights)).toBeLessThanOrEqual(1e-8);
      expect(relErr(gm.means, c.means)).toBeLessThanOrEqual(1e-8);
      expect(relErr(gm.covariances, c.covariances)).toBeLessThanOrEqual(1e-8);
      expect(relErr(gm.precisionsCholesky, c.precisionsCholesky)).toBeLessThanOrEqual(1e-8);
      expect(relErr(gm.precisions, c.precisions)).toBeLessThanOrEqual(1e-8);
      expect(Array.from(labels)).toEqual(c.predict);
      expect(Array.from(gm.predict(X))).toEqual(c.predict);
      expect(maxAbsDiff(gm.predictProba(probe), c.predictProba)).toBeLessThanOrEqual(1e-8);
      expect(relErr(gm.scoreSamples(probe), c.scoreSamples)).toBeLessThanOrEqual(1e-8);
      expectClose(gm.score(X), c.score, { rtol: 1e-8, name: 'score' });
      expectClose(gm.bic(X), c.bic, { rtol: 1e-8, name: 'bic' });
      expectClose(gm.aic(X), c.aic, { rtol: 1e-8, name: 'aic' });
    });
  }
});
