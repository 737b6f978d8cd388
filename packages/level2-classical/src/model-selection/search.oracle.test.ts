/**
 * ParameterGrid order and GridSearchCV results against scikit-learn 1.2.1 (frozen by
 * scripts/oracles/freeze_model_selection.py): grid expansion and indexing exactly; cvResults
 * scores to 1e-12 abs + rel; ranks (ties by method='min'), bestIndex and bestParams exactly.
 */
import { expectClose } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { GridSearchCV } from './grid-search-cv.js';
import { ParameterGrid } from './parameter-grid.js';
import { FACTORIES, camelGrid, dataset, fx, makeCv, tol, withAlternatives } from './__fixtures__/oracle-data.js';

/** A param set as [key, value] pairs in order (JSON null for sklearn's None). */
const pairs = (p: Readonly<Record<string, unknown>>): [string, unknown][] => Object.entries(p);

describe(`ParameterGrid vs sklearn ${fx.meta.sklearn}`, () => {
  fx.parameterGrid.forEach((c, i) => {
    it(`#${i} ${JSON.stringify(c.grid)}: same length, order, key order and get(i)`, () => {
      const g = new ParameterGrid(c.grid as never);
      expect(g.length).toBe(c.length);
      expect([...g].map(pairs)).toEqual(c.expanded.map(pairs));
      expect(Array.from({ length: g.length }, (_, k) => pairs(g.get(k)))).toEqual(c.byIndex.map(pairs));
    });
  });
});

describe(`GridSearchCV vs sklearn ${fx.meta.sklearn} GridSearchCV`, () => {
  withAlternatives(fx.gridSearch).forEach(({ c, build, label }, i) => {
    it(`#${i} ${c.estimator.name}${label} on ${c.data}, grid ${JSON.stringify(c.paramGrid)}, scoring=${String(c.scoring)}`, () => {
      const { X, y } = dataset(c.data);
      const s = new GridSearchCV({
        estimator: build(c.estimator),
        paramGrid: camelGrid(c.paramGrid) as never,
        cv: makeCv(c.cv),
        scoring: c.scoring,
        returnTrainScore: c.returnTrainScore,
      }).fit(X, y);
      const r = s.cvResults;
      const want = c.cvResults;
      expect(s.nSplits).toBe(c.nSplits);
      expect(r.params.map(pairs)).toEqual(camelGrid(want.params).map(pairs));
      want.splitTestScores.forEach((split, j) => expectClose(r.splitTestScores[j], split, { ...tol, name: `split${j}TestScore` }));
      expectClose(r.meanTestScore, want.meanTestScore, { ...tol, name: 'meanTestScore' });
      expectClose(r.stdTestScore, want.stdTestScore, { ...tol, name: 'stdTestScore' });
      expect(Array.from(r.rankTestScore)).toEqual(want.rankTestScore);
      for (const [k, v] of Object.entries(camelGrid(want.paramValues))) expect(r.paramValues[k]!.map((x) => (x === undefined ? null : x))).toEqual(v);
      if (c.returnTrainScore) {
        want.splitTrainScores!.forEach((split, j) => expectClose(r.splitTrainScores![j], split, { ...tol, name: `split${j}TrainScore` }));
        expectClose(r.meanTrainScore, want.meanTrainScore!, { ...tol, name: 'meanTrainScore' });
        expectClose(r.stdTrainScore, want.stdTrainScore!, { ...tol, name: 'stdTrainScore' });
      } else {
        expect(r.splitTrainScores).toBeNull();
      }
      expect(s.bestIndex).toBe(c.bestIndex);
      expect(pairs(s.bestParams)).toEqual(pairs(camelGrid(c.bestParams)));
      expectClose(s.bestScore, c.bestScore, { ...tol, name: 'bestScore' });
      expectClose(Array.from(s.predict(X.toArray().slice(0, 10)) as ArrayLike<number>), c.bestPredictFirst10, { ...tol, name: 'best predict' });
    });
  });
  it('every frozen search is run', () => expect(fx.gridSearch.every((c) => c.estimator.name in FACTORIES)).toBe(true));
  it('the tie-heavy case really has ties (so rank order is tested)', () => {
    const ranks = fx.gridSearch[0]!.cvResults.rankTestScore;
    expect(new Set(ranks).size).toBeLessThan(ranks.length);
  });
});
