/** learningCurve, validationCurve and permutationTestScore: semantics, seeds and typed errors. */
import { DummyClassifier, InvalidParamError, KFold, Matrix, Rng, gatherRows } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { learningCurve, translateTrainSizes } from './learning-curve.js';
import { permutationTestScore } from './permutation-test-score.js';
import { validationCurve } from './validation-curve.js';
import { TinyNearestCentroid, TinyRidge } from './__fixtures__/tiny-estimators.js';

const rng = new Rng(5); // fixed data for the deterministic checks below
const X = Matrix.from(Array.from({ length: 40 }, () => [rng.normal(), rng.normal()]));
const y = Float64Array.from({ length: 40 }, (_, i) => 2 * X.get(i, 0) - X.get(i, 1) + 0.1 * rng.normal());

describe('translateTrainSizes', () => {
  it("follows sklearn: fractions floor (astype(int)) and clip to [1, nMax], counts stay, np.unique's sort and dedup", () => {
    expect(Array.from(translateTrainSizes([0.1, 0.325, 0.55, 0.775, 1], 120))).toEqual([12, 39, 66, 93, 120]);
    expect(Array.from(translateTrainSizes([0.001, 0.5, 0.5], 100))).toEqual([1, 50]);
    expect(Array.from(translateTrainSizes([30, 10, 20], 30))).toEqual([10, 20, 30]);
    expect(Array.from(translateTrainSizes([1], 30))).toEqual([1]); // integers mean counts...
    expect(Array.from(translateTrainSizes([1], 30, 'fraction'))).toEqual([30]); // ...unless said otherwise
  });
  it('rejects sizes outside their range, naming trainSizes', () => {
    expect(() => translateTrainSizes([0, 0.5], 10)).toThrow(/param trainSizes must be fractions of the 10 training rows within \(0, 1\]/);
    expect(() => translateTrainSizes([0.5, 1.5], 10)).toThrow(InvalidParamError);
    expect(() => translateTrainSizes([5, 11], 10)).toThrow(/absolute numbers of training rows within \(0, 10\]/);
    expect(() => translateTrainSizes([], 10)).toThrow(/non-empty/);
    expect(() => translateTrainSizes([0.5], 10, 'percent' as never)).toThrow(/trainSizesKind/);
    expect(() => translateTrainSizes([2.5], 10, 'absolute')).toThrow(/integers/);
  });
});

describe('learningCurve', () => {
  it('fits on prefixes of each fold: the score at size m equals a model fitted on the first m train rows', () => {
    const r = learningCurve(new TinyRidge(), X, y, { cv: 4, trainSizes: [10, 30] });
    const folds = [...new KFold({ nSplits: 4 }).split(X)];
    folds.forEach(({ trainIndex, testIndex }, j) => {
      const prefix = trainIndex.subarray(0, 10);
      const m = new TinyRidge().fit(gatherRows(X, prefix), Float64Array.from(prefix, (i) => y[i]!));
      expect(r.testScores[0]![j]).toBe(m.score(gatherRows(X, testIndex), Float64Array.from(testIndex, (i) => y[i]!)));
      expect(r.trainScores[0]![j]).toBe(m.score(gatherRows(X, prefix), Float64Array.from(prefix, (i) => y[i]!)));
    });
    expect(r.trainScores.map((t) => t.length)).toEqual([4, 4]);
  });
  it('shuffle: reproducible for a seed, different for another', () => {
    const run = (seed: number) => learningCurve(new TinyRidge(), X, y, { cv: 4, trainSizes: [5, 10], shuffle: true, seed }).testScores.map((t) => Array.from(t));
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    expect(() => learningCurve(new TinyRidge(), X, y, { shuffle: 1 as never })).toThrow(/param shuffle must be a boolean/);
  });
});

describe('validationCurve', () => {
  it('one row per value, one column per fold; a huge alpha shrinks the fit (train R² falls)', () => {
    const r = validationCurve(new TinyRidge(), X, y, { paramName: 'alpha', paramRange: [1e-3, 1e6], cv: 5 });
    expect(r.trainScores).toHaveLength(2);
    expect(r.testScores[0]).toHaveLength(5);
    for (let j = 0; j < 5; j++) expect(r.trainScores[1]![j]!).toBeLessThan(r.trainScores[0]![j]!);
  });
  it('names an unknown param and rejects an empty range', () => {
    expect(() => validationCurve(new TinyRidge(), X, y, { paramName: 'lambda', paramRange: [1] })).toThrow(/validationCurve: param paramName\.lambda must be a param name of TinyRidge/);
    expect(() => validationCurve(new TinyRidge(), X, y, { paramName: 'alpha', paramRange: [] })).toThrow(/param paramRange must be a non-empty array/);
  });
});

describe('permutationTestScore', () => {
  it('a real signal gets the smallest p-value 1/(P+1); labels that ignore X do not', () => {
    const Xc = Matrix.from(Array.from({ length: 40 }, (_, i) => [i < 20 ? -2 + X.get(i, 0) * 0.2 : 2 + X.get(i, 1) * 0.2]));
    const yc = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
    const real = permutationTestScore(new TinyNearestCentroid(), Xc, yc, { cv: 4, nPermutations: 19, scoring: 'accuracy', seed: 0 });
    expect(real.score).toBe(1);
    expect(real.pvalue).toBe(1 / 20);
    const prior = permutationTestScore(new DummyClassifier({ strategy: 'prior' }), Xc, yc, { cv: 4, nPermutations: 9, seed: 0 });
    expect(prior.pvalue).toBe(1); // a model that ignores X scores the same on every permutation
  });
  it('is reproducible for a seed and checks its options', () => {
    const a = permutationTestScore(new TinyRidge(), X, y, { cv: 3, nPermutations: 5, seed: 4 });
    const b = permutationTestScore(new TinyRidge(), X, y, { cv: 3, nPermutations: 5, seed: 4 });
    expect(Array.from(a.permutationScores)).toEqual(Array.from(b.permutationScores));
    expect(() => permutationTestScore(new TinyRidge(), X, y, { nPermutations: 0 })).toThrow(/nPermutations/);
  });
  it('with groups, permutes y only within each group', () => {
    const groups = Array.from({ length: 40 }, (_, i) => i % 2);
    const yg = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 2) + i / 1000);
    const seen: number[][] = [];
    const spy = {
      *split(_X: Matrix, yy?: unknown) {
        seen.push(Array.from(yy as ArrayLike<number>));
        yield [Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 10 }, (_, i) => 30 + i)] as [number[], number[]];
      },
    };
    permutationTestScore(new TinyRidge(), X, yg, { cv: spy, groups, nPermutations: 3, seed: 1 });
    expect(seen).toHaveLength(4);
    for (const perm of seen.slice(1)) perm.forEach((v, i) => expect(Math.floor(v)).toBe(i % 2 === 0 ? 1 : 2));
  });
});
