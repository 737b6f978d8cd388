/**
 * Folds and cross-validated scores against scikit-learn 1.2.1 (values frozen by
 * scripts/oracles/freeze_model_selection.py): fold indices exactly, scores to 1e-12 abs + rel.
 */
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { checkCv } from './check-cv.js';
import { crossValScore, crossValidate } from './cross-validate.js';
import { FACTORIES, PENDING, dataset, fx, makeCv, tol, withAlternatives } from './__fixtures__/oracle-data.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const name = (c: { data: string; estimator: { name: string; params?: object }; cv: unknown; scoring?: unknown }): string =>
  `${c.estimator.name}${c.estimator.params ? JSON.stringify(c.estimator.params) : ''} on ${c.data}, cv=${JSON.stringify(c.cv)}, scoring=${String(c.scoring)}`;

describe(`folds vs ${fx.meta.script} (sklearn ${fx.meta.sklearn})`, () => {
  for (const f of fx.folds) {
    it(`cv=${f.cv} on ${f.data} is sklearn's ${f.splitter}, index for index`, () => {
      const { X, y } = dataset(f.data);
      const folds = checkCv(f.cv, X, y, undefined, f.classifier, 'test');
      expect(folds.map((g) => Array.from(g.testIndex))).toEqual(f.testIndex);
      folds.forEach((g, k) => {
        const test = new Set(f.testIndex[k]);
        expect(Array.from(g.trainIndex)).toEqual(range(X.rows).filter((i) => !test.has(i)));
      });
    });
  }
});

describe(`crossValScore vs sklearn cross_val_score (${fx.meta.sklearn})`, () => {
  it('every frozen case is either run here or waiting for another family', () => {
    const unknown = fx.crossValScore.map((c) => c.estimator.name).filter((n) => !(n in FACTORIES) && !PENDING.has(n));
    expect(unknown).toEqual([]);
  });
  for (const { c, build, label } of withAlternatives(fx.crossValScore)) {
    it(name(c) + label, () => {
      const { X, y } = dataset(c.data);
      const scores = crossValScore(build(c.estimator), X, y, { cv: makeCv(c.cv), scoring: c.scoring });
      expectClose(scores, c.scores, { ...tol, name: 'scores' });
    });
  }
});

describe('crossValidate vs sklearn cross_validate (train scores, several metrics)', () => {
  for (const { c, build, label } of withAlternatives(fx.crossValidate)) {
    it(name(c) + label, () => {
      const { X, y } = dataset(c.data);
      const r = crossValidate(build(c.estimator), X, y, { cv: makeCv(c.cv), scoring: c.scoring, returnTrainScore: true });
      for (const m of c.scoring) {
        expectClose(r.testScores[m], c.testScores[m]!, { ...tol, name: `test ${m}` });
        expectClose(r.trainScores![m], c.trainScores[m]!, { ...tol, name: `train ${m}` });
      }
    });
  }
});
