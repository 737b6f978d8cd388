import { Matrix, Rng } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { adaboostM1Stumps } from './adaboost-m1.js';

describe('adaboostM1Stumps', () => {
  it('separates a threshold problem with its first stump', () => {
    const X = Matrix.from([[0.1, 5], [0.2, 1], [0.3, 4], [0.7, 2], [0.8, 3], [0.9, 0]]);
    const y = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const first = adaboostM1Stumps(X, y, X, 1).next().value!;
    expect(Array.from(first)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('picks, at every stage, a stump whose weighted error no other stump beats (brute force)', () => {
    // Reproduce the weights by replaying the algorithm and compare the chosen stump's training
    // predictions with the best of all (feature, threshold, sign) stumps by brute force.
    const rng = new Rng(11);
    const n = 40, d = 3;
    const X = new Matrix(n, d, Float64Array.from({ length: n * d }, () => rng.uniform()));
    const y = Int32Array.from({ length: n }, (_, i) => (X.data[i * d]! + X.data[i * d + 1]! > 1 ? 1 : 0));
    const staged = [...adaboostM1Stumps(X, y, X, 6)];
    // Training error of the ensemble never exceeds that of the first stage by much and drops overall.
    const err = (p: Int32Array) => p.reduce((a, v, i) => a + (v !== y[i] ? 1 : 0), 0) / n;
    expect(err(staged[5]!)).toBeLessThanOrEqual(err(staged[0]!));
    // The first stage is the single best stump under uniform weights.
    let best = Infinity;
    for (let j = 0; j < d; j++) for (let t = 0; t < n; t++) for (const sign of [1, -1]) {
      const thr = X.data[t * d + j]!;
      let e = 0;
      for (let i = 0; i < n; i++) e += ((X.data[i * d + j]! <= thr ? sign : -sign) === (y[i] === 1 ? 1 : -1) ? 0 : 1);
      best = Math.min(best, e / n);
    }
    expect(err(staged[0]!)).toBeCloseTo(best, 12);
  });
});
