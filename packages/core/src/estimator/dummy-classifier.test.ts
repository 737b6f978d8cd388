import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, NotFittedError, ShapeError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { DummyClassifier } from './dummy-classifier.js';
import { estimatorFromJSON } from './registry.js';

const X = Matrix.zeros(6, 2);
const y = ['b', 'a', 'b', 'c', 'b', 'a'];

describe('DummyClassifier', () => {
  it('stores params only in the constructor and checks them in fit', () => {
    const bad = new DummyClassifier({ strategy: 'bogus' as never });
    expect(bad.getParams()).toEqual({ strategy: 'bogus', constant: null, seed: 0 });
    expect(() => bad.fit(X, y)).toThrow(InvalidParamError);
    expect(() => bad.fit(X, y)).toThrow("DummyClassifier: param strategy must be one of 'prior', 'most_frequent', 'stratified', 'uniform', 'constant', got \"bogus\"");
    expect(() => new DummyClassifier({ strategy: 'constant' }).fit(X, y)).toThrow(/param constant must be a label/);
    expect(() => new DummyClassifier({ strategy: 'constant', constant: 'z' }).fit(X, y)).toThrow(/one of the labels seen in fit \("a", "b", "c"\), got "z"/);
    expect(() => new DummyClassifier({ seed: -1 }).fit(X, y)).toThrow(/param seed/);
  });
  it('throws NotFittedError before fit from every fitted accessor', () => {
    const m = new DummyClassifier();
    expect(m.isFitted).toBe(false);
    expect(() => m.predict(X)).toThrow(NotFittedError);
    expect(() => m.predictProba(X)).toThrow('DummyClassifier is not fitted yet: call fit() before predictProba');
    expect(() => m.score(X, y)).toThrow(NotFittedError);
    expect(() => m.classes).toThrow(NotFittedError);
    expect(() => m.classPrior).toThrow(NotFittedError);
    expect(() => m.nFeaturesIn).toThrow(NotFittedError);
  });
  it('prior: proba rows are the class frequencies, predict the most frequent label', () => {
    const m = new DummyClassifier().fit(X, y);
    expect(m.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(m.classPrior)).toEqual([2 / 6, 3 / 6, 1 / 6]);
    expect(m.predict(Matrix.zeros(2, 2))).toEqual(['b', 'b']);
    expect(m.predictProba(Matrix.zeros(2, 2)).toArray()).toEqual([[2 / 6, 3 / 6, 1 / 6], [2 / 6, 3 / 6, 1 / 6]]);
    expect(m.score(X, y)).toBe(3 / 6);
    expect(m.nFeaturesIn).toBe(2);
  });
  it('returns an Int32Array of the labels for integer labels and plain numbers otherwise', () => {
    const ints = new DummyClassifier().fit(X, [5, 9, 9, 9, 9, 5]).predict(Matrix.zeros(1, 2));
    expect(ints).toEqual(new Int32Array([9]));
    const reals = new DummyClassifier().fit(X, [0.5, 0.5, 0.5, 2, 2, 2]).predict(Matrix.zeros(1, 2));
    expect(reals).toEqual([0.5]); // tie broken towards the smallest class, as numpy's argmax
  });
  it('rejects an unknown label in score and a wrong column count in predict', () => {
    const m = new DummyClassifier().fit(X, y);
    expect(() => m.score(X, ['a', 'a', 'a', 'a', 'a', 'd'])).toThrow(InvalidInputError);
    expect(() => m.score(X, ['a', 'a', 'a', 'a', 'a', 'd'])).toThrow(/unknown label "d" at index 5/);
    expect(() => m.predict(Matrix.zeros(1, 3))).toThrow(new ShapeError('X has 3 columns but the model was fit with 2'));
    expect(() => m.score(X, ['a'])).toThrow(ShapeError);
  });
  it('stratified: draws follow the prior, reproducibly per seed, consistent with predictProba', () => {
    const n = 4000;
    const Xb = Matrix.zeros(n, 2);
    const m = new DummyClassifier({ strategy: 'stratified', seed: 3 }).fit(X, y);
    const pred = m.predict(Xb) as string[];
    const P = m.predictProba(Xb);
    for (let i = 0; i < n; i++) expect(P.get(i, ['a', 'b', 'c'].indexOf(pred[i]!))).toBe(1);
    // Each frequency is within 5 standard errors of its prior (fails with probability < 1e-6).
    for (const [lab, p] of [['a', 2 / 6], ['b', 3 / 6], ['c', 1 / 6]] as const) {
      const freq = pred.filter((v) => v === lab).length / n;
      expect(Math.abs(freq - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
    expect(new DummyClassifier({ strategy: 'stratified', seed: 3 }).fit(X, y).predict(Xb)).toEqual(pred);
    expect(new DummyClassifier({ strategy: 'stratified', seed: 4 }).fit(X, y).predict(Xb)).not.toEqual(pred);
  });
  it('uniform: proba rows are 1/K and every class is drawn about equally often', () => {
    const n = 3000;
    const m = new DummyClassifier({ strategy: 'uniform', seed: 1 }).fit(X, y);
    expect(m.predictProba(Matrix.zeros(1, 2)).toArray()).toEqual([[1 / 3, 1 / 3, 1 / 3]]);
    const pred = m.predict(Matrix.zeros(n, 2)) as string[];
    for (const lab of ['a', 'b', 'c']) {
      const freq = pred.filter((v) => v === lab).length / n;
      expect(Math.abs(freq - 1 / 3)).toBeLessThan(5 * Math.sqrt(2 / 9 / n));
    }
  });
  it('round-trips through JSON (directly and via the registry), fitted or not', () => {
    const m = new DummyClassifier({ strategy: 'most_frequent' }).fit(X, [0.1, 0.2, 0.2, 0.3, 0.3, 0.3]);
    const text = JSON.stringify(m.toJSON());
    const back = DummyClassifier.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.predict(X)).toEqual(m.predict(X));
    const viaRegistry = estimatorFromJSON(JSON.parse(text));
    expect(viaRegistry).toBeInstanceOf(DummyClassifier);
    const unfitted = DummyClassifier.fromJSON(JSON.parse(JSON.stringify(new DummyClassifier({ seed: 7 }).toJSON())));
    expect(unfitted.isFitted).toBe(false);
    expect(unfitted.getParams().seed).toBe(7);
  });
  it('rejects a foreign or corrupt saved model with InvalidInputError', () => {
    const good = new DummyClassifier().fit(X, y).toJSON();
    expect(() => DummyClassifier.fromJSON({ ...good, kind: 'DummyRegressor' })).toThrow(InvalidInputError);
    expect(() => DummyClassifier.fromJSON({ ...good, version: 2 })).toThrow(/version must be one of 1, got 2/);
    expect(() => DummyClassifier.fromJSON({ ...good, state: { ...good.state!, classPrior: [1] } })).toThrow(/classPrior must be an array of length 3/);
    expect(() => DummyClassifier.fromJSON({ ...good, state: { ...good.state!, classes: ['b', 'a', 'c'] } })).toThrow(/not strictly increasing/);
    expect(() => DummyClassifier.fromJSON({ ...good, state: { ...good.state!, nFeaturesIn: 0 } })).toThrow(/nFeaturesIn must be a positive integer/);
  });
  it('getParams is a frozen copy', () => {
    const m = new DummyClassifier({ strategy: 'uniform' });
    const p = m.getParams();
    expect(Object.isFrozen(p)).toBe(true);
    expect(p).not.toBe(m.getParams());
  });
});
