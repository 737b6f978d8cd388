/**
 * crossValidate / crossValScore / crossValPredict: equal to the hand-written fold loop, no
 * mutation of the estimator passed in, reproducible for a seed, multi-metric, errorScore, and
 * the typed errors.
 */
import { DummyClassifier, InvalidInputError, InvalidParamError, KFold, Matrix, Pipeline, ShapeError, StandardScaler, gatherRows, r2Score } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossValPredict } from './cross-val-predict.js';
import { crossValScore, crossValidate } from './cross-validate.js';
import { GroupKFold } from './group-k-fold.js';
import { TinyRidge } from './__fixtures__/tiny-estimators.js';

/** A seeded-free regression problem from fast-check numbers: y = X w + noise. */
const arbRegression = fc
  .record({
    n: fc.integer({ min: 12, max: 40 }),
    d: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 2, max: 6 }),
    values: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 40 * 5, maxLength: 40 * 5 }),
  })
  .map(({ n, d, k, values }) => {
    const X = Matrix.from(Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => values[i * d + j]!)));
    const y = Float64Array.from({ length: n }, (_, i) => values[i * d]! * 2 - (d > 1 ? values[i * d + 1]! : 0) + values[160 + (i % 40)]! / 10);
    return { X, y, k };
  });

describe('crossValidate', () => {
  it('equals the fold loop written by hand: clone, fit on train rows, score test rows (any data, any k)', () => {
    fc.assert(
      fc.property(arbRegression, ({ X, y, k }) => {
        const scores = crossValScore(new TinyRidge({ alpha: 0.5 }), X, y, { cv: k });
        const manual = [...new KFold({ nSplits: k }).split(X)].map(({ trainIndex, testIndex }) => {
          const m = new TinyRidge({ alpha: 0.5 }).fit(gatherRows(X, trainIndex), Float64Array.from(trainIndex, (i) => y[i]!));
          return r2Score(Float64Array.from(testIndex, (i) => y[i]!), m.predict(gatherRows(X, testIndex)));
        });
        expect(Array.from(scores)).toEqual(manual);
      }),
      { numRuns: 40 },
    );
  });
  it('never fits or changes the estimator passed in; returnEstimator gives one fitted clone per fold', () => {
    const X = Matrix.from(Array.from({ length: 20 }, (_, i) => [i, i % 3]));
    const y = Float64Array.from({ length: 20 }, (_, i) => i * 0.5 + (i % 3));
    const pipe = new Pipeline({ steps: [['s', new StandardScaler()], ['r', new TinyRidge({ alpha: 2 })]] });
    const before = JSON.stringify(pipe.toJSON());
    const r = crossValidate(pipe, X, y, { cv: 4, returnEstimator: true, returnTrainScore: true });
    expect(JSON.stringify(pipe.toJSON())).toBe(before);
    expect(pipe.isFitted).toBe(false);
    expect(r.estimators).toHaveLength(4);
    expect(new Set(r.estimators).size).toBe(4);
    r.estimators!.forEach((e, j) => {
      expect(e).not.toBe(pipe);
      expect(e.isFitted).toBe(true);
      expect(e.score(gatherRows(X, r.folds[j]!.testIndex), Float64Array.from(r.folds[j]!.testIndex, (i) => y[i]!))).toBe(r.testScore[j]);
    });
    expect(r.trainScore).toHaveLength(4);
    expect(r.fitTime.every((t) => t >= 0)).toBe(true);
  });
  it('gives identical results for the same seed (shuffled KFold, twice) and different folds for another seed', () => {
    const X = Matrix.from(Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]));
    const y = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) * 3 + (i % 4));
    const run = (seed: number) => crossValScore(new TinyRidge(), X, y, { cv: new KFold({ nSplits: 5, shuffle: true, seed }) });
    expect(Array.from(run(7))).toEqual(Array.from(run(7)));
    expect(Array.from(run(7))).not.toEqual(Array.from(run(8)));
  });
  it('scores several metrics at once (names or name → scoring) and times with the injected clock', () => {
    const X = Matrix.from(Array.from({ length: 12 }, (_, i) => [i]));
    const y = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0];
    let t = 0;
    const r = crossValidate(new DummyClassifier({ strategy: 'prior' }), X, y, {
      cv: 3,
      scoring: { acc: 'accuracy', ll: 'neg_log_loss', half: () => 0.5 },
      clock: () => (t += 250), // ms
    });
    expect(Object.keys(r.testScores)).toEqual(['acc', 'll', 'half']);
    expect(Array.from(r.testScores.half!)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(r.fitTime)).toEqual([0.25, 0.25, 0.25]);
    expect(Array.from(r.scoreTime)).toEqual([0.25, 0.25, 0.25]);
    expect('testScore' in r).toBe(false);
    expect(() => crossValidate(new DummyClassifier(), X, y, { scoring: [] })).toThrow(InvalidParamError);
    expect(() => crossValScore(new DummyClassifier(), X, y, { scoring: ['accuracy'] as never })).toThrow(/use crossValidate for several/);
  });
  it("errorScore: a number replaces a failing fold's scores and records the error; 'raise' rethrows", () => {
    const X = Matrix.from(Array.from({ length: 9 }, (_, i) => [i]));
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // clones are rebuilt through the class's own fromJSON, so the failing fit lives on a subclass
    class Failing extends TinyRidge {
      override fit(Xf: Matrix, yf: Float64Array): this {
        if (yf.includes(1)) throw new InvalidInputError('boom');
        return super.fit(Xf, yf);
      }
      static override fromJSON(json: unknown): Failing {
        return Object.setPrototypeOf(TinyRidge.fromJSON(json), Failing.prototype) as Failing;
      }
    }
    const r = crossValidate(new Failing(), X, y, { cv: 3, errorScore: -1 });
    expect(Array.from(r.testScore)).toEqual([r.testScore[0], -1, -1]);
    expect(r.errors.map((e) => e?.message ?? null)).toEqual([null, 'boom', 'boom']);
    expect(() => crossValidate(new Failing(), X, y, { cv: 3 })).toThrow('boom');
    expect(() => crossValidate(new Failing(), X, y, { cv: 3, errorScore: 'nan' as never })).toThrow(InvalidParamError);
  });
  it('rejects bad data with typed errors before fitting', () => {
    const X = [[1], [2], [3], [4], [5], [6]];
    expect(() => crossValScore(new TinyRidge(), X, [1, 2, 3], { cv: 2 })).toThrow(ShapeError);
    expect(() => crossValScore(new TinyRidge(), X, 'abc' as never)).toThrow(InvalidInputError);
    expect(() => crossValScore(new TinyRidge(), [[1], [NaN], [3], [4]], [1, 2, 3, 4], { cv: 2 })).toThrow(InvalidInputError);
    expect(() => crossValScore({} as never, X, [1, 2, 3, 4, 5, 6])).toThrow(/expected an estimator/);
    expect(() => crossValScore(new TinyRidge(), X, [1, 2, 3, 4, 5, 6], { cv: 2, groups: [1, 2] })).toThrow(ShapeError);
  });
  it('passes groups to a group splitter: no group on both sides of any fold', () => {
    const X = Matrix.from(Array.from({ length: 12 }, (_, i) => [i, i * i]));
    const y = Float64Array.from({ length: 12 }, (_, i) => i);
    const groups = [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4];
    const r = crossValidate(new TinyRidge(), X, y, { cv: new GroupKFold({ nSplits: 3 }), groups });
    for (const f of r.folds) {
      const test = new Set(Array.from(f.testIndex, (i) => groups[i]));
      expect(Array.from(f.trainIndex).some((i) => test.has(groups[i]!))).toBe(false);
    }
  });
});

describe('crossValPredict', () => {
  it('puts each row its out-of-fold prediction (equal to the fold model on that row)', () => {
    const X = Matrix.from(Array.from({ length: 15 }, (_, i) => [i, (i * 7) % 5]));
    const y = Float64Array.from({ length: 15 }, (_, i) => 2 * i - ((i * 7) % 5));
    const p = crossValPredict(new TinyRidge(), X, y, { cv: 5 }) as Float64Array;
    for (const { trainIndex, testIndex } of new KFold({ nSplits: 5 }).split(X)) {
      const m = new TinyRidge().fit(gatherRows(X, trainIndex), Float64Array.from(trainIndex, (i) => y[i]!));
      const q = m.predict(gatherRows(X, testIndex));
      testIndex.forEach((i, r) => expect(p[i]).toBe(q[r]));
    }
  });
  it('keeps string labels, and needs test folds that partition the rows', () => {
    const X = Matrix.from(Array.from({ length: 6 }, (_, i) => [i]));
    const y = ['a', 'b', 'a', 'b', 'a', 'b'];
    expect(crossValPredict(new DummyClassifier({ strategy: 'constant', constant: 'b' }), X, y, { cv: 3 })).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
    expect(() => crossValPredict(new DummyClassifier(), X, y, { cv: [[[0, 1, 2], [3, 4, 5]]] })).toThrow(/row 0 is in no test fold/);
    expect(() => crossValPredict(new DummyClassifier(), X, y, { cv: [[[0, 1, 2], [3, 4, 5]], [[3, 4, 5], [0, 1, 2, 3]]] })).toThrow(/more than one test fold/);
    expect(() => crossValPredict(new TinyRidge(), X, [1, 2, 3, 4, 5, 6], { method: 'predictProba' })).toThrow(/has no predictProba/);
    expect(() => crossValPredict(new TinyRidge(), X, [1, 2, 3, 4, 5, 6], { method: 'transform' as never })).toThrow(InvalidParamError);
  });
});
