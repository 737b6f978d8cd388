/** Scorers: names → core metrics with sklearn's signs and methods, and the typed errors. */
import { DummyClassifier, InvalidInputError, InvalidParamError, Matrix, f1, logLoss, meanSquaredError, rocAucScore } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { getScorer, scorerNames } from './scoring.js';
import { TinyNearestCentroid, TinyRidge } from './__fixtures__/tiny-estimators.js';

const X = Matrix.from([[0, 0], [1, 0], [0, 1], [5, 5], [6, 5], [5, 6], [9, 0], [8, 1]]);
const yBin = [0, 0, 0, 1, 1, 1, 0, 1];
const y3 = [0, 0, 0, 1, 1, 1, 2, 2];

describe('getScorer', () => {
  it('knows the names the brief and sklearn use, sorted', () => {
    const names = scorerNames();
    for (const n of ['accuracy', 'balanced_accuracy', 'f1', 'f1_macro', 'precision', 'recall', 'roc_auc', 'neg_log_loss', 'r2', 'neg_mean_squared_error', 'neg_mean_absolute_error']) {
      expect(names).toContain(n);
    }
    expect(names).toEqual([...names].sort());
  });
  it('an unknown name is an InvalidParamError on scoring that lists the valid names', () => {
    let err: unknown;
    try {
      getScorer('acuracy', 'crossValScore');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidParamError);
    expect((err as InvalidParamError).param).toBe('scoring');
    expect((err as Error).message).toContain('crossValScore: param scoring must be null, a function (estimator, X, y) => number, or one of accuracy, average_precision, balanced_accuracy');
    expect(() => getScorer(42 as never)).toThrow(InvalidParamError);
  });
  it("null is the estimator's own score; a function is used as is", () => {
    const clf = new DummyClassifier({ strategy: 'most_frequent' }).fit(X, yBin);
    expect(getScorer(null)(clf, X, yBin)).toBe(clf.score(X, yBin));
    const f = () => 0.25;
    expect(getScorer(f)).toBe(f);
  });
  it('losses are negated, scores are not', () => {
    const reg = new TinyRidge({ alpha: 0.1 }).fit(X, [1, 2, 3, 4, 5, 6, 7, 8]);
    const yReg = [1.5, 2, 3, 4, 5, 6, 7, 9];
    expect(getScorer('neg_mean_squared_error')(reg, X, yReg)).toBe(-meanSquaredError(yReg, reg.predict(X)));
    expect(getScorer('neg_root_mean_squared_error')(reg, X, yReg)).toBe(-Math.sqrt(meanSquaredError(yReg, reg.predict(X))));
    expect(getScorer('max_error')(reg, X, yReg)).toBeLessThanOrEqual(0);
    const clf = new TinyNearestCentroid().fit(X, yBin);
    expect(getScorer('f1')(clf, X, yBin)).toBe(f1(yBin, Array.from(clf.predict(X) as Int32Array)));
  });
  it('neg_log_loss uses predictProba (the classes[1] column for binary y)', () => {
    const clf = new DummyClassifier({ strategy: 'prior' }).fit(X, yBin);
    expect(getScorer('neg_log_loss')(clf, X, yBin)).toBeCloseTo(-logLoss(yBin, clf.predictProba(X)), 15);
    const clf3 = new DummyClassifier({ strategy: 'prior' }).fit(X, y3);
    expect(getScorer('neg_log_loss')(clf3, X, y3)).toBeCloseTo(-logLoss(y3, clf3.predictProba(X)), 15);
  });
  it("roc_auc prefers decisionFunction, falls back to predictProba's positive column, and refuses multiclass y", () => {
    const scores = Float64Array.from([0.1, 0.4, 0.35, 0.8, 0.7, 0.9, 0.6, 0.2]);
    const withDf = Object.assign(new DummyClassifier().fit(X, yBin), { decisionFunction: () => scores });
    expect(getScorer('roc_auc')(withDf, X, yBin)).toBe(rocAucScore(yBin, scores));
    const prior = new DummyClassifier({ strategy: 'prior' }).fit(X, yBin);
    expect(getScorer('roc_auc')(prior, X, yBin)).toBe(0.5);
    const clf3 = new DummyClassifier({ strategy: 'prior' }).fit(X, y3);
    expect(() => getScorer('roc_auc')(clf3, X, y3)).toThrow(/use 'roc_auc_ovr'/);
    expect(getScorer('roc_auc_ovr')(clf3, X, y3)).toBe(0.5);
  });
  it('a scorer that needs a method the estimator lacks says which', () => {
    const nc = new TinyNearestCentroid().fit(X, yBin);
    expect(() => getScorer('neg_log_loss')(nc, X, yBin)).toThrow(InvalidInputError);
    expect(() => getScorer('neg_log_loss')(nc, X, yBin)).toThrow(/needs predictProba/);
    const strings = ['a', 'a', 'a', 'b', 'b', 'b', 'a', 'b'];
    const clf = new DummyClassifier().fit(X, strings);
    expect(() => getScorer('r2')(clf, X, strings)).toThrow(/regression score/);
  });
});
