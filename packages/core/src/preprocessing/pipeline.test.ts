/** Pipeline: delegation through the steps, the contract, and serialisation of every step. */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, NotFittedError, NotFoundError } from '../errors.js';
import { DummyClassifier } from '../estimator/dummy-classifier.js';
import { DummyRegressor } from '../estimator/dummy-regressor.js';
import { estimatorFromJSON } from '../estimator/registry.js';
import { expectClose } from '../testing/close.js';
import { MinMaxScaler, OneHotEncoder, Pipeline, StandardScaler } from './index.js';

const X = [
  [1, 10],
  [2, 20],
  [3, 60],
  [6, 30],
];
const y = [0, 1, 1, 1];

describe('Pipeline', () => {
  it('transform = the composition of the fitted transformers; inverseTransform undoes it', () => {
    const pipe = new Pipeline({ steps: [['std', new StandardScaler()], ['mm', new MinMaxScaler({ featureRange: [-1, 1] })]] });
    const Z = pipe.fit(X).transform(X);
    const manual = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(new StandardScaler().fitTransform(X));
    expect(Z.toArray()).toEqual(manual.toArray());
    expect(pipe.fitTransform(X).toArray()).toEqual(manual.toArray());
    expectClose(pipe.inverseTransform(Z), X, { rtol: 1e-12, atol: 1e-12 });
    expect(Object.keys(pipe.namedSteps)).toEqual(['std', 'mm']);
    expect(pipe.namedSteps['std']).toBeInstanceOf(StandardScaler);
  });
  it('predict, predictProba and score delegate to the final step on transformed X', () => {
    const clf = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new DummyClassifier({ strategy: 'prior' })]] }).fit(X, y);
    expect(Array.from(clf.predict(X))).toEqual([1, 1, 1, 1]);
    expect(clf.predictProba(X).row(0)).toEqual(Float64Array.from([0.25, 0.75]));
    expect(clf.score(X, y)).toBe(0.75);
    const reg = new Pipeline({ steps: [['scale', new MinMaxScaler()], ['reg', new DummyRegressor()]] }).fit(X, [1, 2, 3, 6]);
    expect(Array.from(reg.predict(X))).toEqual([3, 3, 3, 3]);
    expect(reg.score(X, [1, 2, 3, 6])).toBe(0);
  });
  it('decisionFunction delegates to a final step that has one, and is refused otherwise', () => {
    // A linear scorer f(x) = x₁ + x₂ on whatever the scaler outputs.
    const scorer = {
      isFitted: false,
      fit() { this.isFitted = true; return this; },
      decisionFunction: (Z: { rows: number; get(i: number, j: number): number }) => Float64Array.from({ length: Z.rows }, (_, i) => Z.get(i, 0) + Z.get(i, 1)),
    };
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['f', scorer as never]] }).fit(X, y);
    const Z = new StandardScaler().fitTransform(X);
    expect(Array.from(pipe.decisionFunction(X) as Float64Array)).toEqual(Array.from({ length: 4 }, (_, i) => Z.get(i, 0) + Z.get(i, 1)));
    const dummy = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new DummyClassifier()]] }).fit(X, y);
    expect(() => dummy.decisionFunction(X)).toThrow("has no decisionFunction");
  });
  it('fits the transformers on the data given to fit only (no leakage from later calls)', () => {
    const pipe = new Pipeline({ steps: [['std', new StandardScaler()], ['reg', new DummyRegressor()]] }).fit(X, [1, 2, 3, 4]);
    pipe.predict([[100, 100]]);
    expect(Array.from((pipe.namedSteps['std'] as StandardScaler).mean!)).toEqual([3, 30]);
  });
  it('checks its steps in fit and refuses methods the final step lacks', () => {
    expect(() => new Pipeline({ steps: [] }).fit(X)).toThrow(InvalidParamError);
    expect(() => new Pipeline({ steps: [['a', new StandardScaler()], ['a', new MinMaxScaler()]] }).fit(X)).toThrow(/not used by another step/);
    expect(() => new Pipeline({ steps: [['clf', new DummyClassifier()], ['std', new StandardScaler()]] }).fit(X, y)).toThrow(InvalidParamError);
    const scalers = new Pipeline({ steps: [['std', new StandardScaler()]] }).fit(X);
    expect(() => scalers.predict(X)).toThrow(InvalidInputError);
    const clf = new Pipeline({ steps: [['clf', new DummyClassifier()]] }).fit(X, y);
    expect(() => clf.transform(X)).toThrow(/has no transform/);
    expect(() => new Pipeline({ steps: [['std', new StandardScaler()]] }).transform(X)).toThrow(NotFittedError);
    expect(Object.isFrozen(scalers.getParams())).toBe(true);
  });
  it('round-trips through JSON with explicit loaders or the registry, fitted or not', () => {
    const pipe = new Pipeline({ steps: [['enc', new OneHotEncoder()], ['std', new StandardScaler()], ['clf', new DummyClassifier({ strategy: 'most_frequent' })]] }).fit(X, y);
    const text = JSON.stringify(pipe.toJSON());
    const viaLoaders = Pipeline.fromJSON(JSON.parse(text), { OneHotEncoder: OneHotEncoder.fromJSON, StandardScaler: StandardScaler.fromJSON, DummyClassifier: DummyClassifier.fromJSON });
    expect(JSON.stringify(viaLoaders.toJSON())).toBe(text);
    expect(Array.from(viaLoaders.predict(X))).toEqual(Array.from(pipe.predict(X)));
    const viaRegistry = estimatorFromJSON(JSON.parse(text));
    expect(viaRegistry).toBeInstanceOf(Pipeline);
    expect(JSON.stringify(viaRegistry.toJSON())).toBe(text);
    const unfitted = Pipeline.fromJSON(new Pipeline({ steps: [['std', new StandardScaler()]] }).toJSON());
    expect(unfitted.isFitted).toBe(false);
    const saved = JSON.parse(text);
    expect(() => Pipeline.fromJSON({ ...saved, kind: 'StandardScaler' })).toThrow(InvalidInputError);
    expect(() => Pipeline.fromJSON({ ...saved, params: { steps: [['x', { kind: 'NoSuchModel', version: 1, params: {}, state: null }]] } })).toThrow(NotFoundError);
    expect(() => Pipeline.fromJSON({ ...saved, params: { steps: [['x']] } })).toThrow(InvalidInputError);
  });
});
