/** OneHotEncoder: behaviour the oracle does not cover (errors, params, serialisation, properties). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError, NotFittedError, ShapeError } from '../errors.js';
import { estimatorFromJSON } from '../estimator/registry.js';
import { OneHotEncoder } from './index.js';

const table = [
  ['red', 'S', 1],
  ['blue', 'M', 3],
  ['green', 'S', 1],
  ['red', 'L', 3],
];

describe('OneHotEncoder', () => {
  it('encodes each row with exactly one 1 per feature (no drop), for any categorical table', () => {
    const arb = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: -2, max: 2 })), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(arb, (rows) => {
        const enc = new OneHotEncoder().fit(rows);
        const Z = enc.transform(rows);
        const widths = enc.categories.map((c) => c.length);
        expect(Z.cols).toBe(widths[0]! + widths[1]!);
        for (let i = 0; i < Z.rows; i++) {
          const r = Z.row(i);
          expect(r.subarray(0, widths[0]).reduce((a, b) => a + b, 0)).toBe(1);
          expect(r.subarray(widths[0]).reduce((a, b) => a + b, 0)).toBe(1);
        }
        expect(enc.inverseTransformLabels(Z)).toEqual(rows);
      }),
    );
  });
  it('rejects unknown categories unless asked to ignore them', () => {
    const enc = new OneHotEncoder().fit(table);
    expect(() => enc.transform([['purple', 'S', 1]])).toThrow(InvalidInputError);
    expect(() => enc.transform([['purple', 'S', 1]])).toThrow(/unknown category "purple" in column 0/);
    const ign = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(table);
    expect(ign.transform([['purple', 'S', 1]]).toArray()).toEqual([[0, 0, 0, 0, 0, 1, 1, 0]]);
    expect(ign.inverseTransformLabels(ign.transform([['purple', 'S', 1]]))).toEqual([[null, 'S', 1]]);
  });
  it("treats 1 and '1' as different categories and rejects a column mixing them with 'auto'", () => {
    const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([[1], [2]]);
    expect(enc.transform([['1']]).toArray()).toEqual([[0, 0]]);
    expect(() => new OneHotEncoder().fit([[1], ['1']])).toThrow(InvalidInputError);
  });
  it('uses given categories in their order, and checks fit data against them', () => {
    const enc = new OneHotEncoder({ categories: [['S', 'M', 'L', 'XL']] }).fit([['M'], ['S']]);
    expect(enc.getFeatureNamesOut(['size'])).toEqual(['size_S', 'size_M', 'size_L', 'size_XL']);
    expect(enc.transform([['XL']]).toArray()).toEqual([[0, 0, 0, 1]]);
    expect(() => new OneHotEncoder({ categories: [['S']] }).fit([['M']])).toThrow(/unknown categories/);
    expect(() => new OneHotEncoder({ categories: [['S'], ['M']] }).fit([['S']])).toThrow(InvalidParamError);
    expect(() => new OneHotEncoder({ categories: [['S', 'S']] }).fit([['S']])).toThrow(InvalidParamError);
  });
  it('drop: first removes every first column; a single-category feature then has no column', () => {
    const enc = new OneHotEncoder({ drop: 'first' }).fit([['a', 'x'], ['b', 'x']]);
    expect(enc.getFeatureNamesOut()).toEqual(['x0_b']);
    expect(enc.transform([['a', 'x'], ['b', 'x']]).toArray()).toEqual([[0], [1]]);
    expect(enc.inverseTransformLabels([[0], [1]])).toEqual([['a', 'x'], ['b', 'x']]);
  });
  it('inverseTransform returns a Matrix for numeric categories and refuses strings', () => {
    const num = new OneHotEncoder().fit([[4, 0.5], [7, 1.5]]);
    expect(num.inverseTransform(num.transform([[7, 0.5]])).toArray()).toEqual([[7, 0.5]]);
    const str = new OneHotEncoder().fit(table);
    expect(() => str.inverseTransform(str.transform(table))).toThrow(/inverseTransformLabels/);
    expect(() => new OneHotEncoder().fit(table).inverseTransformLabels([[0, 0, 0, 0, 0, 0, 1, 0]])).toThrow(InvalidInputError);
  });
  it('follows the estimator contract', () => {
    expect(() => new OneHotEncoder().transform(table)).toThrow(NotFittedError);
    expect(() => new OneHotEncoder({ drop: 'last' as never }).fit(table)).toThrow(InvalidParamError);
    expect(() => new OneHotEncoder({ handleUnknown: 'warn' as never }).fit(table)).toThrow(InvalidParamError);
    const enc = new OneHotEncoder({ drop: 'if_binary' }).fit(table);
    expect(() => enc.transform([['red', 'S']])).toThrow(ShapeError);
    expect(() => enc.transform([['red', 'S', NaN]])).toThrow(InvalidInputError);
    expect(() => enc.transform([['red', 'S', 1], ['red']])).toThrow(ShapeError);
    expect(() => enc.getFeatureNamesOut(['a'])).toThrow(ShapeError);
    expect(Object.isFrozen(enc.getParams())).toBe(true);
    const text = JSON.stringify(enc.toJSON());
    const back = OneHotEncoder.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.transform(table).toArray()).toEqual(enc.transform(table).toArray());
    expect(estimatorFromJSON(JSON.parse(text))).toBeInstanceOf(OneHotEncoder);
    const saved = JSON.parse(text);
    expect(() => OneHotEncoder.fromJSON({ ...saved, kind: 'StandardScaler' })).toThrow(InvalidInputError);
    expect(() => OneHotEncoder.fromJSON({ ...saved, state: { ...saved.state, dropIdx: null } })).toThrow(/dropIdx/);
  });
});
