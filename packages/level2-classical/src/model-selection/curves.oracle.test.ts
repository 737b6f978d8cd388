/**
 * crossValPredict, learningCurve (sizes and scores), validationCurve, permutationTestScore's
 * unpermuted score and GroupKFold folds against scikit-learn 1.2.1 (frozen by
 * scripts/oracles/freeze_model_selection.py): indices and sizes exactly, values to 1e-12.
 */
import { Matrix } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { crossValPredict } from './cross-val-predict.js';
import { GroupKFold } from './group-k-fold.js';
import { learningCurve, translateTrainSizes } from './learning-curve.js';
import { permutationTestScore } from './permutation-test-score.js';
import { validationCurve } from './validation-curve.js';
import { FACTORIES, PENDING, camelGrid, dataset, fx, make, makeCv, tol, withAlternatives } from './__fixtures__/oracle-data.js';

const runnable = <T extends { estimator: { name: string } }>(cases: T[]): T[] => {
  for (const c of cases) if (!(c.estimator.name in FACTORIES) && !PENDING.has(c.estimator.name)) throw new Error(`unknown estimator ${c.estimator.name}`);
  return cases.filter((c) => c.estimator.name in FACTORIES);
};

describe(`crossValPredict vs sklearn ${fx.meta.sklearn} cross_val_predict`, () => {
  for (const c of runnable(fx.crossValPredict)) {
    it(`${c.method} of ${c.estimator.name} on ${c.data}, cv=${JSON.stringify(c.cv)}`, () => {
      const { X, y } = dataset(c.data);
      const p = crossValPredict(make(c.estimator), X, y, { cv: makeCv(c.cv), method: c.method === 'predict' ? 'predict' : 'predictProba' });
      if (c.method === 'predict_proba') {
        expect(p).toBeInstanceOf(Matrix);
        expectClose(p as Matrix, c.predictions as number[][], { ...tol, name: 'predictProba' });
      } else {
        expectClose(Array.from(p as ArrayLike<number>), c.predictions as number[], { ...tol, name: 'predict' });
      }
    });
  }
  it('the sorted3 case has folds trained without a class (zero columns, as sklearn)', () => {
    const c = fx.crossValPredict.find((k) => k.data === 'sorted3')!;
    expect((c.predictions as number[][]).some((row) => row.includes(0))).toBe(true);
  });
});

describe(`learningCurve vs sklearn ${fx.meta.sklearn} learning_curve`, () => {
  fx.learningCurveSizes.forEach((c, i) => {
    it(`#${i} trainSizesAbs for ${JSON.stringify(c.trainSizes)} of nMax=${c.nMax} (${c.data}, cv=${c.cv})`, () => {
      const { X, y } = dataset(c.data);
      const est = make({ name: c.data === 'diabetes' ? 'DummyRegressor' : 'DummyClassifier' });
      // scoring by the metric: DummyClassifier.score rejects test labels unseen in fit (a prefix of a sorted fold)
      const opts = { scoring: c.data === 'diabetes' ? 'r2' : 'accuracy', ...(c.trainSizes === null ? {} : { trainSizes: c.trainSizes, trainSizesKind: c.trainSizesKind }) };
      expect(Array.from(translateTrainSizes(c.trainSizes ?? [0.1, 0.325, 0.55, 0.775, 1], c.nMax, c.trainSizesKind))).toEqual(c.trainSizesAbs);
      expect(Array.from(learningCurve(est, X, y, { cv: c.cv, ...opts }).trainSizesAbs)).toEqual(c.trainSizesAbs);
    });
  });
  for (const { c, build, label } of withAlternatives(runnable(fx.learningCurve))) {
    it(`scores of ${c.estimator.name}${label} on ${c.data}, sizes ${JSON.stringify(c.trainSizes)}, scoring=${String(c.scoring)}`, () => {
      const { X, y } = dataset(c.data);
      const r = learningCurve(build(c.estimator), X, y, { cv: c.cv, scoring: c.scoring, ...(c.trainSizes ? { trainSizes: c.trainSizes } : {}) });
      expect(Array.from(r.trainSizesAbs)).toEqual(c.trainSizesAbs);
      expectClose(r.trainScores.map((t) => Array.from(t)), c.trainScores, { ...tol, name: 'trainScores' });
      expectClose(r.testScores.map((t) => Array.from(t)), c.testScores, { ...tol, name: 'testScores' });
    });
  }
});

describe(`validationCurve vs sklearn ${fx.meta.sklearn} validation_curve`, () => {
  for (const { c, build, label } of withAlternatives(runnable(fx.validationCurve))) {
    it(`${c.estimator.name}${label} over ${c.paramName} on ${c.data}`, () => {
      const { X, y } = dataset(c.data);
      const r = validationCurve(build(c.estimator), X, y, { paramName: Object.keys(camelGrid({ [c.paramName]: 0 }))[0]!, paramRange: c.paramRange, cv: c.cv, scoring: c.scoring });
      expectClose(r.trainScores.map((t) => Array.from(t)), c.trainScores, { ...tol, name: 'trainScores' });
      expectClose(r.testScores.map((t) => Array.from(t)), c.testScores, { ...tol, name: 'testScores' });
    });
  }
});

describe(`permutationTestScore vs sklearn ${fx.meta.sklearn} (the unpermuted score)`, () => {
  for (const c of runnable(fx.permutationTestScore)) {
    it(`${c.estimator.name} on ${c.data}, scoring=${c.scoring}`, () => {
      const { X, y } = dataset(c.data);
      const r = permutationTestScore(make(c.estimator), X, y, { cv: c.cv, scoring: c.scoring, nPermutations: 3, seed: 0 });
      expectClose(r.score, c.score, { ...tol, name: 'score' });
      expect(r.permutationScores.length).toBe(3);
      expect(r.pvalue).toBeGreaterThanOrEqual(1 / 4);
      expect(r.pvalue).toBeLessThanOrEqual(1);
    });
  }
});

describe(`GroupKFold vs sklearn ${fx.meta.sklearn} GroupKFold`, () => {
  fx.groupKFold.forEach((c, i) => {
    it(`#${i} ${c.nSplits} folds over ${new Set(c.groups).size} groups`, () => {
      const X = Matrix.zeros(c.groups.length, 1);
      const folds = [...new GroupKFold({ nSplits: c.nSplits }).split(X, undefined, c.groups)];
      expect(folds.map((f) => Array.from(f.testIndex))).toEqual(c.testIndex);
      for (const f of folds) {
        const testGroups = new Set(Array.from(f.testIndex, (i) => c.groups[i]));
        for (const i of f.trainIndex) expect(testGroups.has(c.groups[i]!)).toBe(false);
      }
    });
  });
});
