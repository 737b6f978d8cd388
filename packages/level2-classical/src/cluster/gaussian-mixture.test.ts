/**
 * GaussianMixture: core's contract suite (as a regressor, two checks expected to fail, see
 * below), the clusterer contract, params and errors, and properties of EM.
 */
import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, estimatorFromJSON, type Estimator } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterData } from './cluster-contract.test-utils.js';
import { GaussianMixture } from './gaussian-mixture.js';
import type { CovarianceType } from './gmm-gaussian.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

// Core's suite has no clusterer kind. Its 'regressor' kind drives exactly fit(X, y), predict and
// score, which GaussianMixture has; four of its checks do not apply to an unsupervised density
// model (strict skips: each must still fail). The X halves of rejects-nan/rejects-inf are
// checked below ('rejects NaN and ±Inf in X ...').
const SKIPS = [
  { check: 'score-is-r2', reason: 'score is the mean log-likelihood (scikit-learn), not R²' },
  { check: 'rejects-wrong-length-y', reason: 'y is ignored by an unsupervised fit, as in scikit-learn' },
  { check: 'rejects-nan', reason: 'its y half (NaN in y must be rejected) does not apply: y is ignored' },
  { check: 'rejects-inf', reason: 'its y half (±Inf in y must be rejected) does not apply: y is ignored' },
];
for (const t of TYPES) {
  // The cast: GaussianMixture.predict returns component indices (Int32Array), not the Float64Array of core's Regressor type.
  checkEstimator(`GaussianMixture(${t})`, () => new GaussianMixture({ nComponents: 2, covarianceType: t, seed: 0 }) as unknown as Estimator, { kind: 'regressor', skip: SKIPS });
}

/** n points from k Gaussians with random means and per-component scales. */
function mixture(n: number, d: number, k: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const mu = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.uniform(-8, 8)));
  const sd = Array.from({ length: k }, () => rng.uniform(0.5, 1.5));
  const X = new Matrix(n, d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) X.data[i * d + a] = mu[i % k]![a]! + rng.normal(0, sd[i % k]!);
  return X;
}

describe('GaussianMixture params and errors', () => {
  it('rejects bad params in fit with InvalidParamError naming the param', () => {
    const X = mixture(30, 2, 2, 0);
    const bad: [Record<string, unknown>, string][] = [
      [{ nComponents: 0 }, 'nComponents'], [{ nComponents: 31 }, 'nComponents'], [{ covarianceType: 'isotropic' }, 'covarianceType'],
      [{ tol: -1 }, 'tol'], [{ regCovar: -1e-6 }, 'regCovar'], [{ maxIter: -1 }, 'maxIter'], [{ nInit: 0 }, 'nInit'],
      [{ initParams: 'kmeans++' }, 'initParams'], [{ seed: -2 }, 'seed'], [{ warmStart: 1 }, 'warmStart'],
      [{ nComponents: 2, weightsInit: [0.5, 0.6] }, 'weightsInit'], [{ nComponents: 2, weightsInit: [1] }, 'weightsInit'],
      [{ nComponents: 2, meansInit: [[0, 0]] }, 'meansInit'], [{ nComponents: 2, meansInit: [[0, 0], [1, NaN]] }, 'meansInit'],
      [{ nComponents: 2, covarianceType: 'diag', precisionsInit: [[1, 1], [1, 0]] }, 'precisionsInit'],
      [{ nComponents: 2, covarianceType: 'spherical', precisionsInit: [1, 1, 1] }, 'precisionsInit'],
      [{ nComponents: 1, covarianceType: 'tied', precisionsInit: [[1, 2], [2, 1]] }, 'precisionsInit'], // indefinite
      [{ nComponents: 1, covarianceType: 'full', precisionsInit: [[[1, 0.5], [0, 1]]] }, 'precisionsInit'], // asymmetric
    ];
    for (const [opts, param] of bad) {
      const gm = new GaussianMixture(opts as never);
      expect(() => gm.fit(X), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => gm.fit(X), JSON.stringify(opts)).toThrow(new RegExp(`param ${param} must be`));
    }
  });

  it('needs two samples; getters before fit throw NotFittedError', () => {
    expect(() => new GaussianMixture().fit([[1, 2]])).toThrow(/at least 2 samples/);
    const gm = new GaussianMixture();
    for (const g of ['weights', 'means', 'covariances', 'precisionsCholesky', 'precisions', 'converged', 'nIter', 'lowerBound', 'nParameters'] as const) {
      expect(() => gm[g]).toThrow(NotFittedError);
    }
    expect(() => gm.sample(3)).toThrow(NotFittedError);
  });

  it('a singular covariance (regCovar = 0, a collapsed component) is an InvalidInputError saying what to do', () => {
    const X = [[0, 0], [0, 0], [0, 0], [5, 5], [5, 6], [6, 5]];
    const gm = new GaussianMixture({ nComponents: 2, regCovar: 0, initParams: 'k-means++', meansInit: [[0, 0], [5, 5]] });
    expect(() => gm.fit(X)).toThrow(InvalidInputError);
    expect(() => gm.fit(X)).toThrow(/increase regCovar/);
    expect(new GaussianMixture({ nComponents: 2, meansInit: [[0, 0], [5, 5]] }).fit(X).converged).toBe(true); // regCovar 1e-6 fixes it
  });

  it('rejects NaN and ±Inf in X, in fit and in every method that takes X', () => {
    const X = clusterData();
    const gm = new GaussianMixture({ nComponents: 3 }).fit(X);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const B = X.map((r) => r.slice());
      B[4]![1] = bad;
      expect(() => new GaussianMixture({ nComponents: 3 }).fit(B)).toThrow(InvalidInputError);
      for (const m of ['predict', 'predictProba', 'scoreSamples', 'score', 'bic', 'aic'] as const) expect(() => gm[m](B), m).toThrow(InvalidInputError);
    }
  });

  it('fitPredict(X) = fit(X).predict(X); the registry loads a saved model', () => {
    const X = clusterData();
    const gm = new GaussianMixture({ nComponents: 3, covarianceType: 'diag' });
    const labels = gm.fitPredict(X);
    expect(Array.from(labels)).toEqual(Array.from(gm.predict(X)));
    const text = JSON.stringify(gm.toJSON());
    expect(JSON.stringify((estimatorFromJSON(JSON.parse(text)) as unknown as GaussianMixture).toJSON())).toBe(text);
  });

  it('sample(n) checks n', () => {
    const gm = new GaussianMixture().fit(mixture(20, 2, 1, 1));
    for (const bad of [0, -1, 1.5, NaN]) expect(() => gm.sample(bad)).toThrow(InvalidInputError);
  });

  it('maxIter = 0 keeps the initial parameters; the lower bound is −∞ and saves as null', () => {
    const X = mixture(40, 2, 2, 2);
    const gm = new GaussianMixture({ nComponents: 2, maxIter: 0, meansInit: [[0, 0], [1, 1]] }).fit(X);
    expect(gm.nIter).toBe(0);
    expect(gm.lowerBound).toBe(-Infinity);
    expect(gm.means.toArray()).toEqual([[0, 0], [1, 1]]);
    expect(gm.toJSON().state!.lowerBound).toBeNull();
    expect(GaussianMixture.fromJSON(JSON.parse(JSON.stringify(gm.toJSON()))).lowerBound).toBe(-Infinity);
  });
});

describe('GaussianMixture outputs', () => {
  for (const t of TYPES) {
    it(`${t}: predictProba rows sum to 1 and predict is their argmax; score is the mean of scoreSamples; bic/aic formulas`, () => {
      const X = mixture(90, 3, 3, 3);
      const gm = new GaussianMixture({ nComponents: 3, covarianceType: t, seed: 0 }).fit(X);
      const P = gm.predictProba(X);
      const pred = gm.predict(X);
      for (let i = 0; i < X.rows; i++) {
        const row = Array.from(P.row(i));
        expectClose(row.reduce((a, b) => a + b, 0), 1, { rtol: 0, atol: 1e-12 });
        expect(row[pred[i]!]).toBe(Math.max(...row));
      }
      const ss = gm.scoreSamples(X);
      expectClose(gm.score(X), ss.reduce((a, b) => a + b, 0) / ss.length, { rtol: 1e-14 });
      expectClose(gm.lowerBound, gm.score(X), { rtol: 1e-2 }); // the bound is the score one M-step earlier
      const p = gm.nParameters;
      const d = 3, K = 3;
      expect(p).toBe({ full: (K * d * (d + 1)) / 2, tied: (d * (d + 1)) / 2, diag: K * d, spherical: K }[t] + K * d + K - 1);
      expectClose(gm.bic(X), -2 * gm.score(X) * 90 + p * Math.log(90), { rtol: 1e-14 });
      expectClose(gm.aic(X), -2 * gm.score(X) * 90 + 2 * p, { rtol: 1e-14 });
      const w = gm.weights;
      expectClose(w.reduce((a, b) => a + b, 0), 1, { rtol: 0, atol: 1e-14 });
    });
  }

  it('every initParams runs, is reproducible by seed, and separates well-separated components', () => {
    const X = mixture(150, 2, 3, 4);
    for (const initParams of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
      const a = new GaussianMixture({ nComponents: 3, initParams, seed: 5, nInit: 2 }).fit(X);
      const b = new GaussianMixture({ nComponents: 3, initParams, seed: 5, nInit: 2 }).fit(X);
      expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
      expect(a.converged).toBe(true);
    }
  });

  it('sample: shapes, grouped components, the same draw for the same seed, and moments', () => {
    const X = mixture(200, 2, 2, 6);
    for (const t of TYPES) {
      const gm = new GaussianMixture({ nComponents: 2, covarianceType: t, seed: 3 }).fit(X);
      const { X: S, y } = gm.sample(4000);
      expect(S.shape).toEqual([4000, 2]);
      expect(Array.from(y)).toEqual([...y].sort((a, b) => a - b));
      expect(Array.from(gm.sample(50).X.data)).toEqual(Array.from(gm.sample(50).X.data));
      const w = gm.weights;
      const m = gm.means;
      for (let j = 0; j < 2; j++) {
        const rows = Array.from({ length: 4000 }, (_, i) => i).filter((i) => y[i] === j);
        expect(Math.abs(rows.length / 4000 - w[j]!)).toBeLessThan(0.04); // binomial sd ≤ 0.008
        for (let a = 0; a < 2; a++) {
          const mean = rows.reduce((s, i) => s + S.get(i, a), 0) / rows.length;
          expect(Math.abs(mean - m.get(j, a))).toBeLessThan(0.25); // sd of the mean ≤ 1.5 / √1000 ≈ 0.05
        }
      }
    }
  });

  it('the precision Cholesky factors multiply out to the inverse covariances', () => {
    const X = mixture(80, 3, 2, 7);
    for (const t of ['full', 'tied'] as const) {
      const gm = new GaussianMixture({ nComponents: 2, covarianceType: t }).fit(X);
      const covs = t === 'full' ? (gm.covariances as Matrix[]) : [gm.covariances as Matrix];
      const precs = t === 'full' ? (gm.precisions as Matrix[]) : [gm.precisions as Matrix];
      covs.forEach((S, j) => {
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
          let v = 0;
          for (let c = 0; c < 3; c++) v += S.get(a, c) * precs[j]!.get(c, b);
          expectClose(v, a === b ? 1 : 0, { rtol: 0, atol: 1e-10 });
        }
      });
    }
  });
});

describe('GaussianMixture properties (fast-check)', () => {
  it('EM never decreases the lower bound (one iteration at a time, by warm start)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...TYPES), fc.integer({ min: 1, max: 4 }), (seed, t, K) => {
        const X = mixture(60, 2, 3, seed);
        const gm = new GaussianMixture({ nComponents: K, covarianceType: t, maxIter: 1, warmStart: true, initParams: 'random', seed });
        let prev = -Infinity;
        for (let it = 0; it < 12; it++) {
          gm.fit(X);
          if (gm.lowerBound < prev - 1e-10 * Math.abs(prev)) return false;
          prev = gm.lowerBound;
        }
        return true;
      }),
      { numRuns: 30 },
    );
  });

  it('translating X translates the means and leaves covariances, weights and the lower bound unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...TYPES), fc.double({ min: -100, max: 100, noNaN: true }), (seed, t, shift) => {
        const X = mixture(60, 2, 2, seed);
        const Y = new Matrix(60, 2, X.data.map((v) => v + shift));
        const means = [Array.from(X.row(0)), Array.from(X.row(1))];
        const a = new GaussianMixture({ nComponents: 2, covarianceType: t, meansInit: means }).fit(X);
        const b = new GaussianMixture({ nComponents: 2, covarianceType: t, meansInit: means.map((r) => r.map((v) => v + shift)) }).fit(Y);
        expect(b.nIter).toBe(a.nIter);
        expectClose(b.means.data.map((v) => v - shift), a.means.data, { rtol: 1e-6, atol: 1e-6 });
        expectClose(b.weights, a.weights, { rtol: 1e-6, atol: 1e-8 });
        expectClose(b.lowerBound, a.lowerBound, { rtol: 1e-6 });
      }),
      { numRuns: 20 },
    );
  });
});
