import { InvalidParamError, Matrix, NotFittedError } from '@fpml/core';
import { arbRegressionDataset, checkEstimator } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KNeighborsRegressor } from './k-neighbors-regressor.js';

checkEstimator('KNeighborsRegressor', () => new KNeighborsRegressor());
checkEstimator('KNeighborsRegressor(distance, brute)', () => new KNeighborsRegressor({ weights: 'distance', algorithm: 'brute' }));
checkEstimator('KNeighborsRegressor(kd_tree, manhattan, k=2)', () => new KNeighborsRegressor({ algorithm: 'kd_tree', p: 1, nNeighbors: 2, leafSize: 3 }));

describe('KNeighborsRegressor', () => {
  it('predicts the mean of the k nearest targets, or their inverse-distance mean', () => {
    const X = [[0], [1], [2], [4]];
    const y = [10, 20, 30, 70];
    expect(Array.from(new KNeighborsRegressor({ nNeighbors: 2 }).fit(X, y).predict([[0.4], [3.5]]))).toEqual([15, 50]);
    expect(Array.from(new KNeighborsRegressor({ nNeighbors: 4 }).fit(X, y).predict([[100]]))).toEqual([32.5]);
    const w = new KNeighborsRegressor({ nNeighbors: 2, weights: 'distance' }).fit(X, y);
    // 0.25 → points 0 (d 0.25, w 4) and 1 (d 0.75, w 4/3): (40 + 80/3) / (16/3) = 12.5
    expect(w.predict([[0.25]])[0]).toBeCloseTo(12.5, 13);
    expect(Array.from(w.predict([[1]]))).toEqual([20]); // on a training point: that point alone
  });

  it('rejects bad params and unfitted use', () => {
    expect(() => new KNeighborsRegressor({ nNeighbors: 5 }).fit([[0], [1]], [0, 1])).toThrow(InvalidParamError);
    expect(() => new KNeighborsRegressor({ weights: 'none' as never }).fit([[0], [1]], [0, 1])).toThrow(/param weights must be 'uniform' or 'distance'/);
    expect(() => new KNeighborsRegressor().predict([[0]])).toThrow(NotFittedError);
    expect(() => new KNeighborsRegressor().nSamplesFit).toThrow(NotFittedError);
  });

  it('with k = n every query predicts the training mean; translating X and y translates predictions', () => {
    fc.assert(
      fc.property(arbRegressionDataset({ nSamples: { min: 3, max: 25 }, nFeatures: { min: 1, max: 4 }, noise: 1 }), fc.integer({ min: -50, max: 50 }), (ds, shift) => {
        const n = ds.X.rows;
        const all = new KNeighborsRegressor({ nNeighbors: n }).fit(ds.X, ds.y);
        const mean = ds.y.reduce((s, v) => s + v, 0) / n;
        for (const v of all.predict(ds.X)) expect(Math.abs(v - mean)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(mean)) * n);
        const k = Math.min(3, n);
        const a = new KNeighborsRegressor({ nNeighbors: k }).fit(ds.X, ds.y);
        const b = new KNeighborsRegressor({ nNeighbors: k }).fit(ds.X, ds.y.map((v) => v + shift));
        const pa = a.predict(ds.X);
        const pb = b.predict(ds.X);
        pa.forEach((v, i) => expect(Math.abs(pb[i]! - (v + shift))).toBeLessThanOrEqual(1e-12 * (Math.abs(v) + Math.abs(shift) + 1)));
      }),
      { numRuns: 100 },
    );
  });

  it('brute force and kd-tree predict the same values bit for bit', () => {
    fc.assert(
      fc.property(arbRegressionDataset({ nSamples: { min: 4, max: 30 }, nFeatures: { min: 1, max: 3 } }), fc.constantFrom('uniform', 'distance'), (ds, weights) => {
        const Q = new Matrix(ds.X.rows, ds.X.cols, ds.X.data.map((v) => v * 0.9 + 0.1));
        const a = new KNeighborsRegressor({ nNeighbors: 3, algorithm: 'brute', weights }).fit(ds.X, ds.y).predict(Q);
        const b = new KNeighborsRegressor({ nNeighbors: 3, algorithm: 'kd_tree', weights, leafSize: 2 }).fit(ds.X, ds.y).predict(Q);
        expect(Array.from(b)).toEqual(Array.from(a));
      }),
      { numRuns: 100 },
    );
  });
});
