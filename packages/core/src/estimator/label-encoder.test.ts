import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidInputError, ShapeError } from '../errors.js';
import { LabelEncoding, compareCodePoints } from './label-encoder.js';

describe('LabelEncoding', () => {
  it('sorts numeric classes ascending and decodes int labels to an Int32Array of the labels', () => {
    const { encoding, codes } = LabelEncoding.fit([7, 3, 7, -2]);
    expect(encoding.classes).toEqual([-2, 3, 7]);
    expect(encoding.kind).toBe('int32');
    expect(Array.from(codes)).toEqual([2, 1, 2, 0]);
    const back = encoding.decode(codes);
    expect(back).toBeInstanceOf(Int32Array);
    expect(Array.from(back)).toEqual([7, 3, 7, -2]);
  });
  it('decodes non-integer numbers and strings to plain arrays of the original labels', () => {
    const num = LabelEncoding.fit(new Float64Array([0.5, 1.5, 0.5]));
    expect(num.encoding.kind).toBe('number');
    expect(num.encoding.decode(num.codes)).toEqual([0.5, 1.5, 0.5]);
    const big = LabelEncoding.fit([2 ** 31, 0]);
    expect(big.encoding.kind).toBe('number');
    const str = LabelEncoding.fit(['setosa', 'virginica', 'Setosa', 'setosa']);
    expect(str.encoding.classes).toEqual(['Setosa', 'setosa', 'virginica']);
    expect(str.encoding.decode(str.codes)).toEqual(['setosa', 'virginica', 'Setosa', 'setosa']);
  });
  it('orders strings by code point like np.unique, not by UTF-16 unit', () => {
    // U+FF5E (one unit, 0xFF5E) < U+1F600 (surrogates 0xD83D...) by code point, the reverse by unit.
    expect(compareCodePoints('\uFF5E', '\u{1F600}')).toBe(-1);
    expect(['\u{1F600}', '\uFF5E'].sort()).toEqual(['\u{1F600}', '\uFF5E']);
    expect(LabelEncoding.fit(['\u{1F600}', '\uFF5E']).encoding.classes).toEqual(['\uFF5E', '\u{1F600}']);
    expect(compareCodePoints('ab', 'a')).toBe(1);
    expect(compareCodePoints('a', 'a')).toBe(0);
  });
  it('rejects an unknown label at encode time, naming it', () => {
    const { encoding } = LabelEncoding.fit(['a', 'b']);
    expect(() => encoding.encode(['a', 'c'])).toThrow(InvalidInputError);
    expect(() => encoding.encode(['a', 'c'])).toThrow(/unknown label "c" at index 1; classes seen in fit: "a", "b"/);
    expect(() => encoding.encode([0])).toThrow(/unknown label 0/);
  });
  it('rejects mixed types, empty, NaN and a length mismatch with typed errors', () => {
    expect(() => LabelEncoding.fit([1, 'a'])).toThrow(/mixes numbers and strings/);
    expect(() => LabelEncoding.fit([])).toThrow(InvalidInputError);
    expect(() => LabelEncoding.fit([1, NaN])).toThrow(InvalidInputError);
    expect(() => LabelEncoding.fit([1, 2], 'y', 3)).toThrow(ShapeError);
    expect(() => LabelEncoding.fit([1, null])).toThrow(InvalidInputError);
  });
  it('round-trips through JSON and validates saved classes', () => {
    const { encoding } = LabelEncoding.fit(['b', 'a']);
    const back = LabelEncoding.fromJSON(JSON.parse(JSON.stringify(encoding.toJSON())));
    expect(back.classes).toEqual(['a', 'b']);
    expect(back.kind).toBe('string');
    expect(() => LabelEncoding.fromJSON({ classes: ['b', 'a'], kind: 'string' })).toThrow(/not strictly increasing/);
    expect(() => LabelEncoding.fromJSON({ classes: [0.5], kind: 'int32' })).toThrow(/not a 32-bit integer/);
    expect(() => LabelEncoding.fromJSON({ classes: [], kind: 'int32' })).toThrow(InvalidInputError);
  });
  it('property: decode(encode(y)) gives y back for any integer or string labels', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.integer(), { minLength: 1 }), fc.array(fc.string(), { minLength: 1 })), (y) => {
        const { encoding, codes } = LabelEncoding.fit(y);
        expect(Array.from(encoding.decode(codes) as ArrayLike<number | string>)).toEqual(y.map((v) => (Object.is(v, -0) ? 0 : v)));
        for (let k = 1; k < encoding.nClasses; k++) {
          const a = encoding.classes[k - 1]!;
          const b = encoding.classes[k]!;
          expect(typeof a === 'string' ? compareCodePoints(a, b as string) : a - (b as number)).toBeLessThan(0);
        }
      }),
    );
  });
});
