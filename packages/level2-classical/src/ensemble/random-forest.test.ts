import { InvalidParamError, Matrix, NotFittedError, Rng } from '@fpml/core';
import { checkEstimator } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../tree/index.js';
import { resolveMaxSamples } from './random-forest-base.js';
import { RandomForestClassifier } from './random-forest-classifier.js';
import { RandomForestRegressor } from './random-forest-regressor.js';

checkEstimator('RandomForestClassifier', () => new RandomForestClassifier({ nEstimators: 20, seed: 1 }));
checkEstimator('RandomForestClassifier(entropy, maxSamples 0.5, oobScore)', () => new RandomForestClassifier({ nEstimators: 15, criterion: 'entropy', maxSamples: 0.5, oobScore: true, maxDepth: 3 }));
checkEstimator('RandomForestRegressor', () => new RandomForestRegressor({ nEstimators: 20, seed: 2 }));
checkEstimator('RandomForestRegressor(friedman_mse, sqrt, no bootstrap)', () => new RandomForestRegressor({ nEstimators: 5, criterion: 'friedman_mse', maxFeatures: 'sqrt', bootstrap: false }));

function blobs(n: number, d: number, K: number, seed: number): { X: Matrix; y: Int32Array; t: Float64Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(K);
    for (let j = 0; j < d; j++) X.data[i * d + j] = rng.normal(j % 2 === 0 ? y[i]! : -y[i]!, 1);
    t[i] = X.data[i * d]! * 2 - X.data[i * d + 1]! + rng.normal(0, 0.3);
  }
  return { X, y, t };
}

describe('RandomForest params', () => {
  const { X, y, t } = blobs(40, 4, 2, 0);
  it('rejects bad params with InvalidParamError naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ nEstimators: 0 }, 'nEstimators'], [{ nEstimators: 2.5 }, 'nEstimators'], [{ bootstrap: 'yes' }, 'bootstrap'],
      [{ oobScore: 1 }, 'oobScore'], [{ oobScore: true, bootstrap: false }, 'oobScore'], [{ maxSamples: 0.5, bootstrap: false }, 'maxSamples'],
      [{ maxSamples: 0 }, 'maxSamples'], [{ maxSamples: 1.5 }, 'maxSamples'], [{ maxSamples: 41 }, 'maxSamples'], [{ maxDepth: 0 }, 'maxDepth'],
      [{ maxFeatures: 5 }, 'maxFeatures'], [{ criterion: 'mae' }, 'criterion'], [{ seed: -3 }, 'seed'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new RandomForestClassifier(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => new RandomForestClassifier(opts as never).fit(X, y)).toThrow(new RegExp(`param ${param} must be`));
      expect(() => new RandomForestRegressor(opts as never).fit(X, t)).toThrow(InvalidParamError);
    }
  });

  it('has sklearn 1.2 defaults', () => {
    const c = new RandomForestClassifier().getParams();
    expect([c.nEstimators, c.criterion, c.maxFeatures, c.bootstrap, c.oobScore, c.maxSamples, c.maxDepth]).toEqual([100, 'gini', 'sqrt', true, false, null, null]);
    const r = new RandomForestRegressor().getParams();
    expect([r.criterion, r.maxFeatures]).toEqual(['squared_error', null]);
  });

  it('resolves maxSamples as sklearn (fractions rounded half to even, at least 1)', () => {
    expect(resolveMaxSamples('x', null, 10)).toBe(10);
    expect(resolveMaxSamples('x', 7, 10)).toBe(7);
    expect(resolveMaxSamples('x', 0.25, 10)).toBe(2); // round(2.5) = 2
    expect(resolveMaxSamples('x', 0.35, 10)).toBe(4); // round(3.5) = 4
    expect(resolveMaxSamples('x', 0.01, 10)).toBe(1);
  });
});

describe('RandomForest behaviour', () => {
  const { X, y, t } = blobs(60, 5, 3, 1);

  it('tree t depends only on (seed, t): the first 10 trees of a 25-tree forest are the 10-tree forest', () => {
    const small = new RandomForestClassifier({ nEstimators: 10, seed: 7 }).fit(X, y);
    const large = new RandomForestClassifier({ nEstimators: 25, seed: 7 }).fit(X, y);
    small.trees.forEach((tr, k) => expect(tr.toJSON()).toEqual(large.trees[k]!.toJSON()));
    const other = new RandomForestClassifier({ nEstimators: 10, seed: 8 }).fit(X, y);
    expect(other.trees.map((tr) => JSON.stringify(tr.toJSON()))).not.toEqual(small.trees.map((tr) => JSON.stringify(tr.toJSON())));
  });

  it('predictProba is the mean of the estimators’ predictProba; featureImportances sum to 1', () => {
    const rf = new RandomForestClassifier({ nEstimators: 12, seed: 3 }).fit(X, y);
    const P = rf.predictProba(X);
    const est = rf.estimators;
    expect(est).toHaveLength(12);
    expect(est[0]).toBeInstanceOf(DecisionTreeClassifier);
    const mean = new Float64Array(P.data.length);
    for (const e of est) e.predictProba(X).data.forEach((v, k) => (mean[k]! += v));
    mean.forEach((v, k) => expect(P.data[k]).toBeCloseTo(v / 12, 14));
    expect(rf.featureImportances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    const argmax = Array.from({ length: P.rows }, (_, i) => {
      const row = Array.from(P.row(i));
      return row.indexOf(Math.max(...row));
    });
    expect(Array.from(rf.predict(X) as Int32Array)).toEqual(argmax);
  });

  it('without bootstrap and with all features every tree is the single CART', () => {
    const rf = new RandomForestClassifier({ nEstimators: 3, bootstrap: false, maxFeatures: null }).fit(X, y);
    const single = new DecisionTreeClassifier().fit(X, y).tree.toJSON();
    for (const tr of rf.trees) expect(tr.toJSON()).toEqual(single);
  });

  it('bootstraps are weights: the root holds nBoot weight over at most nBoot distinct rows', () => {
    const rf = new RandomForestRegressor({ nEstimators: 5, maxSamples: 0.5 }).fit(X, t);
    for (const tr of rf.trees) {
      expect(tr.weightedNNodeSamples[0]).toBe(30);
      expect(tr.nNodeSamples[0]).toBeLessThanOrEqual(30);
    }
  });

  it('OOB: decision rows sum to 1 (or are 0 when never out of bag), score is their accuracy; getters need oobScore', () => {
    const rf = new RandomForestClassifier({ nEstimators: 30, oobScore: true, seed: 4 }).fit(X, y);
    const D = rf.oobDecisionFunction;
    let hits = 0;
    for (let i = 0; i < D.rows; i++) {
      const row = Array.from(D.row(i));
      const s = row.reduce((a, b) => a + b, 0);
      expect(Math.abs(s - 1) < 1e-12 || s === 0).toBe(true);
      if (row.indexOf(Math.max(...row)) === y[i]) hits++;
    }
    expect(rf.oobScore).toBeCloseTo(hits / D.rows, 14);
    const plain = new RandomForestClassifier({ nEstimators: 3 }).fit(X, y);
    expect(() => plain.oobScore).toThrow(InvalidParamError);
    expect(() => plain.oobDecisionFunction).toThrow(/oobScore/);
    const reg = new RandomForestRegressor({ nEstimators: 30, oobScore: true }).fit(X, t);
    expect(reg.oobPrediction).toHaveLength(60);
    expect(reg.oobScore).toBeGreaterThan(0.5);
    expect(() => new RandomForestRegressor({ nEstimators: 2 }).fit(X, t).oobPrediction).toThrow(InvalidParamError);
  });

  it('sample weights multiply the bootstrap counts', () => {
    const w = Float64Array.from({ length: 60 }, (_, i) => (i < 30 ? 2 : 0));
    const rf = new RandomForestClassifier({ nEstimators: 4, seed: 5 }).fit(X, y, w);
    for (const tr of rf.trees) {
      expect(tr.weightedNNodeSamples[0]! % 2).toBe(0);
      expect(tr.nNodeSamples[0]).toBeLessThanOrEqual(30);
    }
  });

  it('throws NotFittedError before fit', () => {
    const rf = new RandomForestClassifier();
    for (const g of [() => rf.trees, () => rf.estimators, () => rf.featureImportances, () => rf.oobScore, () => rf.classes]) expect(g).toThrow(NotFittedError);
    const rr = new RandomForestRegressor();
    for (const g of [() => rr.trees, () => rr.featureImportances, () => rr.oobPrediction]) expect(g).toThrow(NotFittedError);
  });
});
