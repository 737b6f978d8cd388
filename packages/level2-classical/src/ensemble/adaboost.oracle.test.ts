/**
 * AdaBoostClassifier (SAMME and SAMME.R over depth-1 trees) against frozen scikit-learn 1.2.1
 * (scripts/oracles/freeze_boosting.py → __fixtures__/boosting-adaboost.json).
 *
 * sklearn's trees see X in float32, so the tests give ours X rounded to float32. The fixture refits
 * every case with random_state 0..9 (the stumps' random feature order); all cases frozen here have
 * predictions, probabilities and estimator weights that do not move (`splitsUnique`), and are
 * compared exactly (labels) and to 1e-10. Feature importances are compared where sklearn's seeds
 * agree on them (tied features that split the same rows share importance differently per seed).
 */
import { Matrix } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import { loadBreastCancer, loadIris, loadWine } from '@fpml/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import raw from './__fixtures__/boosting-adaboost.json' with { type: 'json' };
import { AdaBoostClassifier } from './adaboost-classifier.js';

type Name = 'iris' | 'wine' | 'breast_cancer';
interface AdaCase {
  dataset: Name;
  params: { nEstimators: number; learningRate: number; algorithm: 'SAMME' | 'SAMME.R' };
  seedSpread: Record<string, number>;
  splitsUnique: boolean;
  predict: number[];
  proba: number[][];
  estimatorWeights: number[];
  estimatorErrors: number[];
  featureImportances: number[];
  nEstimatorsFitted: number;
  stagedPredict10: number[];
}
const fixture = raw as unknown as { cases: AdaCase[] }; // the JSON written by freeze_boosting.py
const f32 = (X: Matrix) => new Matrix(X.rows, X.cols, X.data.map(Math.fround));
const DATA: Record<Name, { X: Matrix; y: Int32Array }> = {
  iris: { X: f32(loadIris().X), y: loadIris().y }, wine: { X: f32(loadWine().X), y: loadWine().y }, breast_cancer: { X: f32(loadBreastCancer().X), y: loadBreastCancer().y },
};
const worst: Record<string, number> = {};
function note(key: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  worst[key] = Math.max(worst[key] ?? 0, m);
}

describe('AdaBoostClassifier vs scikit-learn 1.2.1', () => {
  for (const c of fixture.cases) {
    it(`${c.dataset} ${JSON.stringify(c.params)}`, () => {
      expect(c.splitsUnique).toBe(true); // every frozen case is tie-free in sklearn (see the fixture's seedSpread)
      const { X, y } = DATA[c.dataset];
      const m = new AdaBoostClassifier(c.params).fit(X, y);
      expect(m.estimators.length).toBe(c.nEstimatorsFitted);
      expect(Array.from(m.predict(X) as Int32Array)).toEqual(c.predict);
      note(`${c.params.algorithm} estimatorWeights`, m.estimatorWeights, c.estimatorWeights);
      note(`${c.params.algorithm} estimatorErrors`, m.estimatorErrors, c.estimatorErrors);
      note(`${c.params.algorithm} proba`, m.predictProba(X).data, c.proba.flat());
      expectClose(m.estimatorWeights, c.estimatorWeights, { rtol: 1e-10, atol: 1e-12, name: 'estimatorWeights' });
      expectClose(m.estimatorErrors, c.estimatorErrors, { rtol: 1e-10, atol: 1e-12, name: 'estimatorErrors' });
      expectClose(m.predictProba(X).data, c.proba.flat(), { atol: 1e-10, name: 'predictProba' });
      const staged = [...m.stagedPredict(X)];
      expect(Array.from(staged[Math.min(9, staged.length - 1)]! as Int32Array)).toEqual(c.stagedPredict10);
      if ((c.seedSpread.featureImportances ?? 1) <= 1e-12) {
        note('featureImportances', m.featureImportances, c.featureImportances);
        expectClose(m.featureImportances, c.featureImportances, { atol: 1e-10, name: 'featureImportances' });
      }
    });
  }
});

afterAll(() => {
  process.stdout.write(`\nAdaBoost vs sklearn 1.2.1, max abs differences: ${JSON.stringify(worst)}\n`);
});
