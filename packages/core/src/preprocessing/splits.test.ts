/**
 * trainTestSplit, KFold and StratifiedKFold: properties that hold for any seed (shuffled splits
 * cannot match NumPy's RNG, so they are tested by what they must satisfy), and the error paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, ShapeError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { KFold, StratifiedKFold, splitSizes, trainTestSplit } from './index.js';

const rowsMatrix = (n: number): Matrix => Matrix.from(Array.from({ length: n }, (_, i) => [i, -i]));
const sorted = (a: Int32Array): number[] => Array.from(a).sort((x, y) => x - y);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const countOf = <T>(arr: readonly T[], v: T): number => arr.filter((x) => x === v).length;

describe('trainTestSplit', () => {
  it('splits into disjoint, covering parts of sklearn sizes, carrying y along (any n, testSize, seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 60 }), fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 }), (n, t, seed) => {
        fc.pre(Math.ceil(t * n) < n);
        const y = Float64Array.from(range(n), (i) => 10 * i);
        const s = trainTestSplit(rowsMatrix(n), y, { testSize: t, seed });
        expect(s.testIndex.length).toBe(Math.ceil(t * n));
        expect(s.trainIndex.length).toBe(n - Math.ceil(t * n));
        expect(sorted(Int32Array.from([...s.trainIndex, ...s.testIndex]))).toEqual(range(n));
        expect(s.yTest).toBeInstanceOf(Float64Array);
        s.testIndex.forEach((i, r) => {
          expect(s.yTest[r]).toBe(10 * i);
          expect(s.XTest.get(r, 0)).toBe(i);
        });
      }),
    );
  });
  it('same seed → same split, different seed → different split', () => {
    const a = trainTestSplit(rowsMatrix(50), undefined, { seed: 3 });
    const b = trainTestSplit(rowsMatrix(50), undefined, { seed: 3 });
    const c = trainTestSplit(rowsMatrix(50), undefined, { seed: 4 });
    expect(Array.from(a.testIndex)).toEqual(Array.from(b.testIndex));
    expect(Array.from(a.testIndex)).not.toEqual(Array.from(c.testIndex));
  });
  it('stratified: each class share in each part within one sample of its share in the data (any seed)', () => {
    const arbY = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 12, maxLength: 80 }).filter((y) => ['a', 'b', 'c'].every((c) => countOf(y, c) >= 2));
    fc.assert(
      fc.property(arbY, fc.integer({ min: 0, max: 2 ** 31 }), (y, seed) => {
        const n = y.length;
        const s = trainTestSplit(rowsMatrix(n), y, { testSize: 0.3, stratify: y, seed });
        expect(s.testIndex.length).toBe(Math.ceil(0.3 * n));
        expect(sorted(Int32Array.from([...s.trainIndex, ...s.testIndex]))).toEqual(range(n));
        for (const c of ['a', 'b', 'c']) {
          const share = countOf(y, c) / n;
          expect(Math.abs(countOf(s.yTest, c) - share * s.testIndex.length)).toBeLessThanOrEqual(1);
          expect(Math.abs(countOf(s.yTrain, c) - share * s.trainIndex.length)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
  it("uses sklearn's size rounding: ceil for test, floor for train", () => {
    expect(splitSizes(10, 0.25)).toEqual({ nTrain: 7, nTest: 3 });
    expect(splitSizes(10, undefined, 0.75)).toEqual({ nTrain: 7, nTest: 3 });
    expect(splitSizes(10, 0.15, 0.6)).toEqual({ nTrain: 6, nTest: 2 });
    expect(splitSizes(10, 3, 5)).toEqual({ nTrain: 5, nTest: 3 });
  });
  it('rejects bad sizes, stratify without shuffle, singleton classes and length mismatches', () => {
    expect(() => trainTestSplit(rowsMatrix(10), undefined, { testSize: 0 })).toThrow(InvalidParamError);
    expect(() => trainTestSplit(rowsMatrix(10), undefined, { testSize: 10 })).toThrow(InvalidParamError);
    expect(() => trainTestSplit(rowsMatrix(10), undefined, { testSize: 1.5 })).toThrow(InvalidParamError);
    expect(() => trainTestSplit(rowsMatrix(10), undefined, { testSize: 0.6, trainSize: 0.6 })).toThrow(InvalidParamError);
    expect(() => trainTestSplit(rowsMatrix(10), undefined, { testSize: 6, trainSize: 6 })).toThrow(InvalidParamError);
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    expect(() => trainTestSplit(rowsMatrix(10), y, { stratify: y, shuffle: false })).toThrow(InvalidParamError);
    expect(() => trainTestSplit(rowsMatrix(10), y, { stratify: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })).toThrow(InvalidInputError);
    expect(() => trainTestSplit(rowsMatrix(10), [1, 2, 3])).toThrow(ShapeError);
    expect(() => trainTestSplit(rowsMatrix(10), y, { stratify: [0, 1] })).toThrow(ShapeError);
  });
});

describe('KFold and StratifiedKFold', () => {
  it('KFold: test folds partition the rows, sizes differ by at most one, train is the complement (any n, k, seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 8 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 }), (n, k, shuffle, seed) => {
        fc.pre(k <= n);
        const cv = new KFold({ nSplits: k, shuffle, seed });
        const folds = [...cv.split(rowsMatrix(n))];
        expect(folds.length).toBe(cv.getNSplits());
        const all = folds.flatMap((f) => Array.from(f.testIndex));
        expect(all.sort((a, b) => a - b)).toEqual(range(n));
        const sizes = folds.map((f) => f.testIndex.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const f of folds) expect(sorted(Int32Array.from([...f.trainIndex, ...f.testIndex]))).toEqual(range(n));
      }),
    );
  });
  it('StratifiedKFold: every fold holds each class within one of its even share (any labels, seed)', () => {
    const arbY = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 60 });
    fc.assert(
      fc.property(arbY, fc.integer({ min: 2, max: 5 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 }), (y, k, shuffle, seed) => {
        fc.pre([0, 1, 2, 3].some((c) => countOf(y, c) >= k));
        const folds = [...new StratifiedKFold({ nSplits: k, shuffle, seed }).split(rowsMatrix(y.length), y)];
        expect(folds.flatMap((f) => Array.from(f.testIndex)).sort((a, b) => a - b)).toEqual(range(y.length));
        for (const c of new Set(y)) {
          const inFold = folds.map((f) => countOf(Array.from(f.testIndex, (i) => y[i]), c));
          expect(Math.max(...inFold) - Math.min(...inFold)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
  it('shuffled folds: same seed → same folds, different seed → different folds; unshuffled ignores the seed', () => {
    const y = range(40).map((i) => i % 3);
    const folds = (seed: number, shuffle = true): number[][] => [...new StratifiedKFold({ nSplits: 4, shuffle, seed }).split(rowsMatrix(40), y)].map((f) => Array.from(f.testIndex));
    expect(folds(1)).toEqual(folds(1));
    expect(folds(1)).not.toEqual(folds(2));
    expect(folds(1, false)).toEqual(folds(2, false));
    const kf = (seed: number): number[][] => [...new KFold({ nSplits: 4, shuffle: true, seed }).split(rowsMatrix(40))].map((f) => Array.from(f.testIndex));
    expect(kf(5)).toEqual(kf(5));
    expect(kf(5)).not.toEqual(kf(6));
  });
  it('rejects bad params, too few samples, and labels that cannot be stratified', () => {
    expect(() => new KFold({ nSplits: 1 }).split(rowsMatrix(5))).toThrow(InvalidParamError);
    expect(() => new KFold({ nSplits: 2.5 }).split(rowsMatrix(5))).toThrow(InvalidParamError);
    expect(() => new KFold({ nSplits: 6 }).split(rowsMatrix(5))).toThrow(InvalidInputError);
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(rowsMatrix(4), [0, 0, 1, 1])).toThrow(InvalidInputError);
    expect(() => new StratifiedKFold().split(rowsMatrix(4), [0, 1])).toThrow(ShapeError);
    expect(() => new StratifiedKFold({ shuffle: 'yes' as never }).split(rowsMatrix(4), [0, 0, 1, 1])).toThrow(InvalidParamError);
  });
});
