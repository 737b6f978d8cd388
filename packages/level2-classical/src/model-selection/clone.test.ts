/** clone / cloneWithParams / estimatorTypeOf: fresh unfitted copies, nested params, typed errors. */
import { DummyClassifier, DummyRegressor, InvalidInputError, InvalidParamError, MinMaxScaler, Pipeline, StandardScaler } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { KNeighborsClassifier } from '../neighbors/index.js';
import { checkParamNames, clone, cloneWithParams, estimatorTypeOf, isClassifier } from './clone.js';
import { GridSearchCV } from './grid-search-cv.js';
import { TinyNearestCentroid, TinyRidge } from './__fixtures__/tiny-estimators.js';

const X = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 0], [5, 3]];
const y = [0, 0, 1, 1, 1, 0];

describe('clone', () => {
  it('gives a new unfitted instance of the same class with the same params; the original is untouched', () => {
    const est = new DummyClassifier({ strategy: 'most_frequent', seed: 3 }).fit(X, y);
    const before = JSON.stringify(est.toJSON());
    const c = clone(est);
    expect(c).toBeInstanceOf(DummyClassifier);
    expect(c).not.toBe(est);
    expect(c.isFitted).toBe(false);
    expect(c.getParams()).toEqual(est.getParams());
    expect(JSON.stringify(est.toJSON())).toBe(before);
    expect(est.isFitted).toBe(true);
  });
  it('clones a Pipeline with every step unfitted and new', () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler({ withMean: false })], ['clf', new DummyClassifier({ strategy: 'prior' })]] }).fit(X, y);
    const c = clone(pipe);
    expect(c).toBeInstanceOf(Pipeline);
    expect(c.isFitted).toBe(false);
    expect(c.getParams()).toEqual(pipe.getParams());
    for (const [name, step] of Object.entries(c.namedSteps)) {
      expect(step).not.toBe(pipe.namedSteps[name]);
      expect(step.isFitted).toBe(false);
    }
    expect(pipe.isFitted).toBe(true);
  });
  it("works for this package's estimators and for an estimator whose class has no fromJSON (constructor from getParams)", () => {
    const knn = clone(new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }));
    expect(knn.getParams()).toMatchObject({ nNeighbors: 3, weights: 'distance' });
    class Bare {
      readonly params: { k: number };
      fitted = false;
      constructor(o: { k?: number } = {}) {
        this.params = { k: o.k ?? 1 };
      }
      fit(): this {
        this.fitted = true;
        return this;
      }
      get isFitted(): boolean {
        return this.fitted;
      }
      getParams() {
        return Object.freeze({ ...this.params });
      }
      toJSON() {
        return { kind: 'BareUnregistered', version: 1, params: { ...this.params }, state: this.fitted ? {} : null };
      }
    }
    const c = cloneWithParams(new Bare({ k: 2 }).fit(), { k: 7 });
    expect(c).toBeInstanceOf(Bare);
    expect(c.getParams()).toEqual({ k: 7 });
    expect(c.isFitted).toBe(false);
  });
  it('rejects what is not an estimator', () => {
    expect(() => clone({} as never)).toThrow(InvalidInputError);
    expect(() => clone(null as never)).toThrow(/expected an estimator/);
  });
});

describe('cloneWithParams', () => {
  it('sets plain params and leaves the others', () => {
    const c = cloneWithParams(new DummyClassifier({ strategy: 'prior', seed: 5 }), { strategy: 'constant', constant: 1 });
    expect(c.getParams()).toEqual({ strategy: 'constant', constant: 1, seed: 5 });
  });
  it("sets a Pipeline step's param with step__param and replaces a whole step by name", () => {
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['ridge', new TinyRidge({ alpha: 1 })]] });
    const a = cloneWithParams(pipe, { ridge__alpha: 10, scale__withMean: false });
    expect((a.namedSteps['ridge'] as TinyRidge).getParams().alpha).toBe(10);
    expect((a.namedSteps['scale'] as StandardScaler).getParams()).toMatchObject({ withMean: false });
    const b = cloneWithParams(pipe, { scale: new MinMaxScaler() });
    expect(b.namedSteps['scale']).toBeInstanceOf(MinMaxScaler);
    expect(pipe.namedSteps['scale']).toBeInstanceOf(StandardScaler);
    expect((pipe.namedSteps['ridge'] as TinyRidge).getParams().alpha).toBe(1);
  });
  it('names an unknown param, listing the valid names', () => {
    const err = (() => {
      try {
        cloneWithParams(new DummyClassifier(), { strategi: 'prior' }, 'GridSearchCV');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(InvalidParamError);
    expect((err as InvalidParamError).param).toBe('strategi');
    expect((err as Error).message).toMatch(/GridSearchCV: param strategi must be a param of DummyClassifier \(valid: constant, seed, strategy\)/);
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['reg', new DummyRegressor()]] });
    expect(() => cloneWithParams(pipe, { reg__alpha: 1 })).toThrow(/param reg__alpha must be a param of DummyRegressor/);
    expect(() => cloneWithParams(pipe, { nope__alpha: 1 })).toThrow(/valid: reg, reg__constant, reg__quantile, reg__strategy, scale, scale__withMean, scale__withStd, steps\)/);
    expect(() => cloneWithParams(pipe, { reg: 3 })).toThrow(/an estimator \(it replaces the Pipeline step 'reg'\)/);
  });
  it("a bad value fails with the estimator's own InvalidParamError (its fromJSON checks params)", () => {
    expect(() => cloneWithParams(new DummyClassifier(), { strategy: 'bogus' })).toThrow(/DummyClassifier: param strategy must be one of/);
  });
  it('checkParamNames checks names without building anything', () => {
    expect(() => checkParamNames(new DummyClassifier(), ['strategy', 'seed'], 'X')).not.toThrow();
    expect(() => checkParamNames(new DummyClassifier(), ['alpha'], 'GridSearchCV')).toThrow(/param paramGrid\.alpha must be a param name of DummyClassifier/);
  });
});

describe('estimatorTypeOf', () => {
  it("reads classifiers, regressors, transformers, a Pipeline's final step and a search's estimator", () => {
    expect(estimatorTypeOf(new DummyClassifier())).toBe('classifier');
    expect(estimatorTypeOf(new TinyNearestCentroid())).toBe('classifier'); // classes but no predictProba
    expect(estimatorTypeOf(new DummyRegressor())).toBe('regressor');
    expect(estimatorTypeOf(new TinyRidge())).toBe('regressor');
    expect(estimatorTypeOf(new StandardScaler())).toBe('transformer');
    expect(estimatorTypeOf(new Pipeline({ steps: [['s', new StandardScaler()], ['r', new DummyRegressor()]] }))).toBe('regressor');
    expect(estimatorTypeOf(new Pipeline({ steps: [['s', new StandardScaler()], ['c', new DummyClassifier()]] }))).toBe('classifier');
    expect(estimatorTypeOf(new GridSearchCV({ estimator: new TinyRidge(), paramGrid: { alpha: [1] } }))).toBe('regressor');
    expect(isClassifier(new GridSearchCV({ estimator: new DummyClassifier(), paramGrid: {} }))).toBe(true);
    expect(estimatorTypeOf({ estimatorType: 'regressor', predictProba() {} })).toBe('regressor');
  });
});
