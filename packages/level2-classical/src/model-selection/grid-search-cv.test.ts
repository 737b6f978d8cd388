/**
 * GridSearchCV and RandomizedSearchCV as estimators: the contract suite, refit = a clone with
 * bestParams fitted on everything, no mutation of the estimator passed in, JSON round trips,
 * nesting inside crossValScore, reproducible random search, and the typed errors.
 */
import { DummyClassifier, DummyRegressor, type Estimator, InvalidInputError, InvalidParamError, Matrix, NotFittedError, Pipeline, StandardScaler, estimatorFromJSON } from '@fpml/core';
import { checkEstimator } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { crossValScore } from './cross-validate.js';
import { logUniform, randInt } from './distributions.js';
import { GridSearchCV } from './grid-search-cv.js';
import { RandomizedSearchCV } from './randomized-search-cv.js';
import { TinyRidge } from './__fixtures__/tiny-estimators.js';

const ridgePipe = () => new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new TinyRidge()]] });

checkEstimator('GridSearchCV(DummyClassifier)', () => new GridSearchCV({ estimator: new DummyClassifier(), paramGrid: { strategy: ['most_frequent', 'prior'] }, cv: 3 }));
// Pipeline's predict is typed as the union of every kind's, so its search is too: state the kind
checkEstimator('GridSearchCV(Pipeline[StandardScaler, TinyRidge])', () => new GridSearchCV({ estimator: ridgePipe(), paramGrid: { ridge__alpha: [0.1, 1, 10] }, cv: 3 }) as unknown as Estimator, { kind: 'regressor' });
checkEstimator('RandomizedSearchCV(TinyRidge)', () => new RandomizedSearchCV({ estimator: new TinyRidge(), paramDistributions: { alpha: logUniform(1e-3, 1e2) }, nIter: 4, cv: 3, seed: 1 }), { kind: 'regressor' });

const X = Matrix.from(Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(2 * i), i / 30]));
const y = Float64Array.from({ length: 30 }, (_, i) => 3 * Math.sin(i) - Math.cos(2 * i) + ((i * 7) % 5) / 5);

describe('GridSearchCV', () => {
  it('refits a clone with bestParams on all the data; predict/score delegate to it; the estimator passed in is untouched', () => {
    const base = ridgePipe();
    const before = JSON.stringify(base.toJSON());
    const s = new GridSearchCV({ estimator: base, paramGrid: { ridge__alpha: [0.01, 1, 100] }, scoring: 'neg_mean_squared_error', returnTrainScore: true }).fit(X, y);
    expect(JSON.stringify(base.toJSON())).toBe(before);
    expect(base.isFitted).toBe(false);
    const manual = new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new TinyRidge({ alpha: s.bestParams.ridge__alpha as number })]] }).fit(X, y);
    expect(Array.from(s.predict(X) as Float64Array)).toEqual(Array.from(manual.predict(X) as Float64Array));
    expect(s.score(X, y)).toBe(-(manual.predict(X) as Float64Array).reduce((acc, p, i) => acc + (y[i]! - p) ** 2, 0) / y.length);
    expect(s.bestEstimator).not.toBe(base);
    expect(s.bestScore).toBe(Math.max(...s.cvResults.meanTestScore));
    expect(s.cvResults.rankTestScore[s.bestIndex]).toBe(1);
    expect(s.cvResults.meanFitTime).toHaveLength(3);
    expect(s.refitTime).toBeGreaterThanOrEqual(0);
    expect(s.nSplits).toBe(5);
  });
  it('is reproducible: the same data gives the same saved search, bit for bit', () => {
    const make = () => new GridSearchCV({ estimator: new TinyRidge(), paramGrid: [{ alpha: [0.1, 1] }, { alpha: [5] }], cv: 4 });
    expect(JSON.stringify(make().fit(X, y).toJSON())).toBe(JSON.stringify(make().fit(X, y).toJSON()));
  });
  it('round-trips through JSON (options, scores, the refitted best) and the registry; timings are not saved', () => {
    const s = new GridSearchCV({ estimator: ridgePipe(), paramGrid: { ridge__alpha: [0.1, 10], scale: [new StandardScaler(), new StandardScaler({ withMean: false })] }, cv: 3, returnTrainScore: true }).fit(X, y);
    const text = JSON.stringify(s.toJSON());
    const back = GridSearchCV.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(estimatorFromJSON(JSON.parse(text))).toBeInstanceOf(GridSearchCV);
    expect(Array.from(back.predict(X) as Float64Array)).toEqual(Array.from(s.predict(X) as Float64Array));
    expect(Array.from(back.cvResults.rankTestScore)).toEqual(Array.from(s.cvResults.rankTestScore));
    expect(back.bestParams.scale).toBeInstanceOf(StandardScaler);
    expect(back.cvResults.meanFitTime).toBeNull();
    expect(back.refitTime).toBeNull();
    expect(() => new GridSearchCV({ estimator: new TinyRidge(), paramGrid: { alpha: [1] }, scoring: () => 1 }).toJSON()).toThrow(/scoring function cannot be saved/);
  });
  it('nests inside crossValScore (the search is cloned per outer fold: nested cross-validation)', () => {
    const inner = new GridSearchCV({ estimator: new TinyRidge(), paramGrid: { alpha: [0.01, 1, 100] }, cv: 3 });
    const outer = crossValScore(inner, X, y, { cv: 3 });
    expect(outer).toHaveLength(3);
    expect(inner.isFitted).toBe(false);
  });
  it('refit: false keeps the ranking but has no best estimator to predict with', () => {
    const s = new GridSearchCV({ estimator: new DummyRegressor(), paramGrid: { strategy: ['mean', 'median'] }, refit: false }).fit(X, y);
    expect(['mean', 'median']).toContain(s.bestParams.strategy);
    expect(() => s.bestEstimator).toThrow(/param refit must be true to use bestEstimator/);
    expect(() => s.predict(X)).toThrow(InvalidParamError);
  });
  it('getParams is plain, deeply frozen data describing the estimator, grid and cv', () => {
    const p = new GridSearchCV({ estimator: ridgePipe(), paramGrid: { ridge__alpha: [1, 2] } }).getParams();
    expect(Object.isFrozen(p) && Object.isFrozen(p.paramGrid)).toBe(true);
    expect(structuredClone(p)).toEqual(p);
    expect(p).toMatchObject({ estimator: { kind: 'Pipeline' }, paramGrid: { ridge__alpha: [1, 2] }, cv: 5, refit: true, scoring: null });
  });
  it('throws typed errors at fit: unknown param names (before any fit), empty grids, bad options', () => {
    const fitWith = (o: Partial<ConstructorParameters<typeof GridSearchCV>[0]>) => () => new GridSearchCV({ estimator: new TinyRidge(), paramGrid: { alpha: [1] }, ...o }).fit(X, y);
    let err: unknown;
    try {
      fitWith({ paramGrid: { alpha: [1], alhpa: [2] } })();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidParamError);
    expect((err as InvalidParamError).param).toBe('paramGrid.alhpa');
    expect((err as Error).message).toMatch(/GridSearchCV: param paramGrid\.alhpa must be a param name of TinyRidge \(valid: alpha\)/);
    expect(fitWith({ paramGrid: [] })).toThrow(/at least one candidate/);
    expect(fitWith({ paramGrid: { alpha: [] } })).toThrow(/param paramGrid\.alpha must be a non-empty array/);
    expect(fitWith({ paramGrid: undefined as never })).toThrow(InvalidParamError);
    expect(fitWith({ scoring: 'nope' })).toThrow(/GridSearchCV: param scoring must be null, a function/);
    expect(fitWith({ scoring: ['r2'] as never })).toThrow(/multi-metric search is not implemented/);
    expect(fitWith({ cv: 31 })).toThrow(InvalidInputError);
    expect(fitWith({ refit: 'yes' as never })).toThrow(/param refit must be a boolean/);
    expect(fitWith({ estimator: {} as never })).toThrow(/param estimator must be an estimator/);
    expect(() => new GridSearchCV({ estimator: new TinyRidge(), paramGrid: { alpha: [1] } }).bestParams).toThrow(NotFittedError);
  });
});

describe('RandomizedSearchCV', () => {
  it('same seed → same candidates and results; another seed → other candidates', () => {
    const make = (seed: number) => new RandomizedSearchCV({ estimator: new TinyRidge(), paramDistributions: { alpha: logUniform(1e-3, 1e3) }, nIter: 5, cv: 3, seed });
    const a = make(2).fit(X, y), b = make(2).fit(X, y), c = make(3).fit(X, y);
    expect(a.cvResults.params).toEqual(b.cvResults.params);
    expect(Array.from(a.cvResults.meanTestScore)).toEqual(Array.from(b.cvResults.meanTestScore));
    expect(a.cvResults.params).not.toEqual(c.cvResults.params);
    expect(a.cvResults.params).toHaveLength(5);
    const text = JSON.stringify(a.toJSON());
    expect(JSON.stringify(RandomizedSearchCV.fromJSON(JSON.parse(text)).toJSON())).toBe(text);
  });
  it('lists only: distinct candidates, at most the grid size', () => {
    const s = new RandomizedSearchCV({ estimator: new DummyClassifier(), paramDistributions: { strategy: ['prior', 'most_frequent'], seed: [0, 1] }, nIter: 10 });
    const yc = Array.from({ length: 30 }, (_, i) => i % 2);
    s.fit(X, yc);
    expect(new Set(s.cvResults.params.map((p) => JSON.stringify(p))).size).toBe(4);
  });
  it('checks nIter, seed and the distributions at fit', () => {
    const fit = (o: object) => () => new RandomizedSearchCV({ estimator: new TinyRidge(), paramDistributions: { alpha: randInt(1, 5) }, ...o }).fit(X, y);
    expect(fit({ nIter: 0 })).toThrow(/param nIter must be a positive integer/);
    expect(fit({ seed: 1.5 })).toThrow(/param seed/);
    expect(fit({ paramDistributions: { alpha: 3 } })).toThrow(/paramDistributions\.alpha/);
    expect(fit({ paramDistributions: { beta: [1] } })).toThrow(/param paramDistributions\.beta must be a param name of TinyRidge/);
  });
});
