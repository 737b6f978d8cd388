/** checkCv: which splitter an integer means, the forms cv may take, and the typed errors. */
import { InvalidInputError, InvalidParamError, KFold, Matrix, ShapeError, StratifiedKFold } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCv } from './check-cv.js';

const rows = (n: number): Matrix => Matrix.from(Array.from({ length: n }, (_, i) => [i]));
const ids = (folds: { testIndex: Int32Array }[]): number[][] => folds.map((f) => Array.from(f.testIndex));

describe('checkCv', () => {
  it('an integer is StratifiedKFold for a classifier with class labels, else KFold (sklearn check_cv)', () => {
    const y = [0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0];
    const X = rows(12);
    expect(ids(checkCv(3, X, y, undefined, true, 't'))).toEqual(ids([...new StratifiedKFold({ nSplits: 3 }).split(X, y)]));
    expect(ids(checkCv(3, X, y, undefined, false, 't'))).toEqual(ids([...new KFold({ nSplits: 3 }).split(X)]));
    const continuous = y.map((v, i) => v + i / 10);
    expect(ids(checkCv(3, X, continuous, undefined, true, 't'))).toEqual(ids([...new KFold({ nSplits: 3 }).split(X)]));
    expect(checkCv(undefined, X, y, undefined, false, 't')).toHaveLength(5);
    expect(checkCv(null as never, X, y, undefined, false, 't')).toHaveLength(5); // sklearn's cv=None
  });
  it('folds are partitions with train the complement of test (any n, k, classifier or not)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 60 }), fc.boolean(), (k, base, classifier) => {
        const y = [...base, ...Array.from({ length: 3 * k }, (_, i) => i % 3)]; // every class has at least k members
        const folds = checkCv(k, rows(y.length), y, undefined, classifier, 't');
        const seen = folds.flatMap((f) => Array.from(f.testIndex)).sort((a, b) => a - b);
        expect(seen).toEqual(Array.from({ length: y.length }, (_, i) => i));
        for (const f of folds) expect(f.trainIndex.length + f.testIndex.length).toBe(y.length);
      }),
    );
  });
  it('accepts splitters and explicit folds in both shapes', () => {
    const X = rows(6);
    const explicit = checkCv([[[0, 1, 2], [3, 4, 5]], { trainIndex: Int32Array.from([3, 4, 5]), testIndex: Int32Array.from([0, 1]) }], X, undefined, undefined, false, 't');
    expect(explicit.map((f) => [Array.from(f.trainIndex), Array.from(f.testIndex)])).toEqual([[[0, 1, 2], [3, 4, 5]], [[3, 4, 5], [0, 1]]]);
    const custom = { *split() { yield [[0, 1, 2, 3], [4, 5]] as const; } };
    expect(checkCv(custom, X, undefined, undefined, false, 't')).toHaveLength(1);
    let gotGroups: unknown;
    checkCv({ split: (_X, _y, g) => ((gotGroups = g), [[[0], [1]]]) }, X, undefined, ['a', 'a', 'b', 'b', 'c', 'c'], false, 't');
    expect(gotGroups).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });
  it('rejects a bad cv with InvalidParamError and impossible folds with InvalidInputError/ShapeError', () => {
    const X = rows(6);
    for (const bad of [1, 2.5, '5', {}, true]) expect(() => checkCv(bad as never, X, undefined, undefined, false, 'crossValScore')).toThrow(InvalidParamError);
    expect(() => checkCv(7, X, undefined, undefined, false, 'crossValScore')).toThrow(new InvalidInputError('crossValScore: cv=7 folds need at least 7 samples, but X has 6 rows'));
    expect(() => checkCv([[[0, 1], [6]]], X, undefined, undefined, false, 't')).toThrow(ShapeError);
    expect(() => checkCv([[[0, 1], []]], X, undefined, undefined, false, 't')).toThrow(/testIndex is empty/);
    expect(() => checkCv([[[0.5], [1]]], X, undefined, undefined, false, 't')).toThrow(ShapeError);
    expect(() => checkCv([], X, undefined, undefined, false, 't')).toThrow(/yielded no folds/);
    expect(() => checkCv({ split: () => 3 } as never, X, undefined, undefined, false, 't')).toThrow(/must return an iterable/);
  });
  it('stratified integer cv needs every class to have at least k members; an explicit StratifiedKFold accepts it (as sklearn, which only warns)', () => {
    const X = rows(9);
    const y = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c'];
    expect(() => checkCv(3, X, y, undefined, true, 'GridSearchCV')).toThrow(/GridSearchCV: stratified cv=3 needs at least 3 members in every class, but class "c" has 1/);
    expect(checkCv(new StratifiedKFold({ nSplits: 3 }), X, y, undefined, true, 't')).toHaveLength(3);
    expect(checkCv(3, X, y, undefined, false, 't')).toHaveLength(3); // a regressor gets KFold
  });
});
