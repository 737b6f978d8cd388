/**
 * Edge cases of the label metrics (accuracy, confusion matrix, precision/recall/F), with
 * expected values derived by hand from the definitions or taken from scikit-learn's docs.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, ShapeError } from '../errors.js';
import { accuracy, confusionMatrix, f1, fbeta, precision, precisionRecallFscoreSupport, recall } from './index.js';

describe('accuracy', () => {
  it('counts exact matches, with string labels and count mode', () => {
    expect(accuracy(['a', 'b', 'c', 'a'], ['a', 'c', 'c', 'b'])).toBe(0.5);
    expect(accuracy(['a', 'b', 'c', 'a'], ['a', 'c', 'c', 'b'], { normalize: false })).toBe(2);
    expect(accuracy([1, 2, 3], [1, 2, 3])).toBe(1);
  });
  it("treats 1 and '1' as different labels", () => {
    expect(accuracy([1, 2], ['1', 2] as (number | string)[])).toBe(0.5);
  });
  it('rejects a length mismatch naming both lengths, NaN and empty input', () => {
    expect(() => accuracy([1, 2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => accuracy([1, 2, 3], [1, 2])).toThrow(/yPred has 2 entries but yTrue has 3/);
    expect(() => accuracy([1, NaN], [1, 2])).toThrow(InvalidInputError);
    expect(() => accuracy([], [])).toThrow(InvalidInputError);
  });
});

describe('confusionMatrix', () => {
  const yTrue = [2, 0, 2, 2, 0, 1];
  const yPred = [0, 0, 2, 2, 0, 2];
  it('counts (true row, predicted column), as in the sklearn docs example', () => {
    expect(confusionMatrix(yTrue, yPred).toArray()).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });
  it('normalises rows, columns or all; an empty column stays 0', () => {
    expect(confusionMatrix(yTrue, yPred, { normalize: 'true' }).toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [1 / 3, 0, 2 / 3],
    ]);
    expect(confusionMatrix(yTrue, yPred, { normalize: 'pred' }).toArray()).toEqual([
      [2 / 3, 0, 0],
      [0, 0, 1 / 3],
      [1 / 3, 0, 2 / 3],
    ]);
    expect(confusionMatrix(yTrue, yPred, { normalize: 'all' }).data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });
  it('follows the order of given labels and drops samples outside them', () => {
    expect(confusionMatrix(yTrue, yPred, { labels: [2, 0] }).toArray()).toEqual([
      [2, 1],
      [0, 2],
    ]);
  });
  it('rejects labels absent from yTrue and an unknown normalize', () => {
    expect(() => confusionMatrix(yTrue, yPred, { labels: [7] })).toThrow(InvalidInputError);
    expect(() => confusionMatrix(yTrue, yPred, { normalize: 'rows' as never })).toThrow(InvalidParamError);
  });
});

describe('precision, recall, F', () => {
  // sklearn docs example: macro P = 0.22, R = 0.33, F1 = 0.267; micro all 1/3
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];
  it('matches the sklearn docs example for every average', () => {
    const per = precisionRecallFscoreSupport(yTrue, yPred);
    expect(Array.from(per.precision)).toEqual([2 / 3, 0, 0]);
    expect(Array.from(per.recall)).toEqual([1, 0, 0]);
    expect(Array.from(per.support)).toEqual([2, 2, 2]);
    expect(precision(yTrue, yPred, { average: 'macro' })).toBeCloseTo(2 / 9, 15);
    expect(recall(yTrue, yPred, { average: 'macro' })).toBeCloseTo(1 / 3, 15);
    expect(f1(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.8 / 3, 15);
    expect(f1(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 15);
    expect(f1(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(0.8 / 3, 15);
  });
  it('gives 1 everywhere for perfect predictions', () => {
    for (const average of ['binary', 'macro', 'micro', 'weighted'] as const) {
      const y = average === 'binary' ? [0, 1, 1, 0] : ['x', 'y', 'z', 'x'];
      expect(f1(y, y, { average })).toBe(1);
      expect(precision(y, y, { average })).toBe(1);
    }
  });
  it('applies zeroDivision when no positive is predicted or present', () => {
    const zeros = [0, 0, 0];
    for (const zd of [0, 1] as const) {
      expect(precision(zeros, zeros, { zeroDivision: zd })).toBe(zd);
      expect(recall(zeros, zeros, { zeroDivision: zd })).toBe(zd);
      // F from P = R = zd: 2 zd^2 / (2 zd), or 0 when the denominator is 0
      expect(f1(zeros, zeros, { zeroDivision: zd })).toBe(zd);
    }
    // a positive that is never predicted: precision undefined, recall 0, F 0
    expect(precision([1, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    expect(recall([1, 0], [0, 0], { zeroDivision: 1 })).toBe(0);
    expect(f1([1, 0], [0, 0], { zeroDivision: 1 })).toBe(0);
  });
  it('scores a single class and a label list that includes absent labels', () => {
    expect(f1(['a', 'a'], ['a', 'a'], { average: 'macro' })).toBe(1);
    const r = precisionRecallFscoreSupport(['a', 'a'], ['a', 'a'], { labels: ['a', 'b'], zeroDivision: 1 });
    expect(Array.from(r.precision)).toEqual([1, 1]);
    expect(Array.from(r.support)).toEqual([2, 0]);
  });
  it('F-beta interpolates towards recall as beta grows', () => {
    const t = [1, 1, 1, 0, 0];
    const p = [1, 0, 0, 1, 0]; // P = 1/2, R = 1/3
    expect(fbeta(t, p, 1)).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3), 15);
    expect(fbeta(t, p, 2)).toBeCloseTo((5 * 0.5 * (1 / 3)) / (4 * 0.5 + 1 / 3), 15);
    expect(fbeta(t, p, Infinity)).toBeCloseTo(1 / 3, 15);
    expect(fbeta(t, p, 0)).toBeCloseTo(0.5, 15);
  });
  it('rejects bad params and binary averaging of multiclass targets', () => {
    expect(() => f1(yTrue, yPred)).toThrow(InvalidParamError);
    expect(() => f1(yTrue, yPred)).toThrow(/average/);
    expect(() => f1(yTrue, yPred, { average: 'samples' as never })).toThrow(InvalidParamError);
    expect(() => f1([0, 1], [1, 1], { zeroDivision: 2 as never })).toThrow(InvalidParamError);
    expect(() => fbeta([0, 1], [1, 1], -1)).toThrow(InvalidParamError);
    expect(() => f1(['a', 'b'], ['a', 'b'])).toThrow(/posLabel/);
    expect(f1(['a', 'b'], ['a', 'b'], { posLabel: 'b' })).toBe(1);
  });
  it('rejects mixed numbers and strings, NaN and length mismatches', () => {
    expect(() => f1([0, 'a'], [0, 'a'], { average: 'macro' })).toThrow(InvalidInputError);
    expect(() => f1([0, NaN], [0, 1])).toThrow(InvalidInputError);
    expect(() => f1([0, 1, 1], [0, 1])).toThrow(/yPred has 2 entries but yTrue has 3/);
  });
});
