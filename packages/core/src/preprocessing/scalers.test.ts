/**
 * StandardScaler and MinMaxScaler: the estimator contract (params, NotFittedError, JSON
 * round-trip, column checks, bad input) and properties that must hold for any data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, NotFittedError, ShapeError } from '../errors.js';
import { estimatorFromJSON } from '../estimator/registry.js';
import { Matrix } from '../matrix/matrix.js';
import { arbMatrix } from '../testing/arbitraries.js';
import { expectClose } from '../testing/close.js';
import { MinMaxScaler, StandardScaler } from './index.js';

const X = [
  [1, 10, 5],
  [2, 20, 5],
  [3, 60, 5],
  [6, 30, 5],
];

describe('StandardScaler', () => {
  it('gives zero mean and unit population variance; a constant column maps to 0 with scale 1', () => {
    const s = new StandardScaler().fit(X);
    expect(Array.from(s.mean!)).toEqual([3, 30, 5]);
    expect(s.var![0]).toBeCloseTo(14 / 4, 14); // (4 + 1 + 0 + 9) / 4, divisor n
    expect(s.scale![2]).toBe(1);
    const Z = s.transform(X);
    for (let j = 0; j < 2; j++) {
      const col = Z.col(j);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(col.reduce((a, b) => a + b * b, 0) / col.length).toBeCloseTo(1, 12);
    }
    expect(Array.from(Z.col(2))).toEqual([0, 0, 0, 0]);
  });
  it('withMean/withStd switch each part off', () => {
    expect(new StandardScaler({ withMean: false }).fit(X).transform(X).get(0, 0)).toBeCloseTo(1 / Math.sqrt(3.5), 14);
    const centred = new StandardScaler({ withStd: false }).fit(X);
    expect(centred.scale).toBeNull();
    expect(centred.transform(X).get(0, 1)).toBe(-20);
    const none = new StandardScaler({ withMean: false, withStd: false }).fit(X);
    expect(none.mean).toBeNull();
    expect(none.transform(X).toArray()).toEqual(X);
  });
  it('inverseTransform undoes transform for any data', () => {
    fc.assert(
      fc.property(arbMatrix({ rows: { min: 1, max: 12 }, cols: { min: 1, max: 4 } }), (A) => {
        const s = new StandardScaler().fit(A);
        expectClose(s.inverseTransform(s.transform(A)), A, { rtol: 1e-9, atol: 1e-9 });
      }),
    );
  });
  it('follows the estimator contract', () => {
    const s = new StandardScaler({ withMean: 'yes' as never });
    expect(() => s.fit(X)).toThrow(InvalidParamError);
    expect(() => new StandardScaler().transform(X)).toThrow(NotFittedError);
    expect(() => new StandardScaler().mean).toThrow(NotFittedError);
    const fitted = new StandardScaler().fit(X);
    expect(() => fitted.transform([[1, 2]])).toThrow(/X has 2 columns but the model was fit with 3/);
    expect(() => new StandardScaler().fit([[1, NaN]])).toThrow(InvalidInputError);
    const p = fitted.getParams();
    expect(Object.isFrozen(p)).toBe(true);
    expect(p).toEqual({ withMean: true, withStd: true });
    // fitted attributes are copies: mutating one does not change the model
    fitted.mean![0] = 99;
    expect(fitted.mean![0]).toBe(3);
    // fitting twice gives the same model; input is not mutated
    const copy = X.map((r) => [...r]);
    expect(new StandardScaler().fit(copy).fit(copy).toJSON()).toEqual(fitted.toJSON());
    expect(copy).toEqual(X);
  });
  it('round-trips through JSON exactly and checks the kind', () => {
    const s = new StandardScaler().fit(Matrix.from(X));
    const text = JSON.stringify(s.toJSON());
    const back = StandardScaler.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.transform(X).toArray()).toEqual(s.transform(X).toArray());
    expect(estimatorFromJSON(JSON.parse(text))).toBeInstanceOf(StandardScaler);
    expect(StandardScaler.fromJSON(new StandardScaler({ withStd: false }).toJSON()).isFitted).toBe(false);
    expect(() => StandardScaler.fromJSON({ ...JSON.parse(text), kind: 'MinMaxScaler' })).toThrow(InvalidInputError);
    expect(() => StandardScaler.fromJSON({ ...JSON.parse(text), state: { ...JSON.parse(text).state, scale: [1] } })).toThrow(InvalidInputError);
  });
});

describe('MinMaxScaler', () => {
  it('maps the training min and max to the feature range; a constant column maps to its low end', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit(X);
    const Z = s.transform(X);
    // z = 0.4 x - 1.4 for x in [1, 6]
    expectClose(Z.col(0), [-1, -0.6, -0.2, 1], { atol: 1e-15 });
    expectClose(Z.col(1), [-1, -0.6, 1, -0.2], { atol: 1e-15 });
    expect(Array.from(Z.col(2))).toEqual([-1, -1, -1, -1]);
    expect(Array.from(s.dataMin)).toEqual([1, 10, 5]);
    expect(Array.from(s.dataRange)).toEqual([5, 50, 0]);
  });
  it('clips out-of-range data only when asked', () => {
    const far = [[100, -100, 5]];
    expect(new MinMaxScaler().fit(X).transform(far).get(0, 0)).toBeGreaterThan(1);
    expect(new MinMaxScaler({ clip: true }).fit(X).transform(far).toArray()).toEqual([[1, 0, 0]]);
  });
  it('stays in range and inverts exactly (up to rounding) for any data', () => {
    fc.assert(
      fc.property(arbMatrix({ rows: { min: 1, max: 12 }, cols: { min: 1, max: 4 } }), (A) => {
        const s = new MinMaxScaler().fit(A);
        const Z = s.transform(A);
        // rounding bound of s*x + m per column: a few ulps of max|x| / range
        for (let j = 0; j < A.cols; j++) {
          const col = A.col(j);
          const big = Math.max(...col.map(Math.abs));
          const range = s.dataRange[j]!;
          const slack = 8 * Number.EPSILON * (range < 10 * Number.EPSILON ? big : big / range + 1);
          for (const v of Z.col(j)) expect(v >= -slack && v <= 1 + slack).toBe(true);
        }
        expectClose(s.inverseTransform(Z), A, { rtol: 1e-9, atol: 1e-9 });
      }),
    );
  });
  it('follows the estimator contract', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] }).fit(X)).toThrow(InvalidParamError);
    expect(() => new MinMaxScaler({ featureRange: [0, NaN] }).fit(X)).toThrow(/featureRange/);
    expect(() => new MinMaxScaler().inverseTransform(X)).toThrow(NotFittedError);
    expect(() => new MinMaxScaler().fit(X).transform([[1, 2, 3, 4]])).toThrow(ShapeError);
    const p = new MinMaxScaler({ featureRange: [2, 3] }).getParams();
    expect(Object.isFrozen(p) && Object.isFrozen(p.featureRange)).toBe(true);
    const s = new MinMaxScaler({ featureRange: [2, 3], clip: true }).fit(X);
    const text = JSON.stringify(s.toJSON());
    const back = MinMaxScaler.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.transform(X).toArray()).toEqual(s.transform(X).toArray());
    expect(() => MinMaxScaler.fromJSON({ ...JSON.parse(text), version: 9 })).toThrow(InvalidInputError);
  });
});
