import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidInputError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { CloseAssertionError, allClose, expectClose } from './close.js';

describe('allClose', () => {
  it("follows numpy's |a - b| <= atol + rtol |b| rule, relative to the expected value", () => {
    expect(allClose(1 + 1e-8, 1)).toBe(true);
    expect(allClose(1 + 2e-7, 1)).toBe(false);
    expect(allClose(1e-9, 0)).toBe(false); // atol defaults to 0
    expect(allClose(1e-9, 0, { atol: 1e-8 })).toBe(true);
    // Asymmetric, as numpy: b is the reference.
    expect(allClose(1, 2, { rtol: 0.5 })).toBe(true);
    expect(allClose(2, 1, { rtol: 0.5 })).toBe(false);
  });
  it('treats infinities as equal only to the same infinity and NaN only with equalNan', () => {
    expect(allClose(Infinity, Infinity)).toBe(true);
    expect(allClose(-Infinity, Infinity)).toBe(false);
    expect(allClose(1e308, Infinity, { rtol: 1 })).toBe(false);
    expect(allClose(NaN, NaN)).toBe(false);
    expect(allClose([NaN, 1], [NaN, 1], { equalNan: true })).toBe(true);
    expect(allClose(NaN, 1, { equalNan: true })).toBe(false);
  });
  it('compares Matrix, typed arrays and nested arrays of the same shape', () => {
    const m = Matrix.from([[1, 2], [3, 4]]);
    expect(allClose(m, [[1, 2], [3, 4]])).toBe(true);
    expect(allClose(new Float64Array([1, 2]), [1, 2])).toBe(true);
    expect(allClose(new Int32Array([1, 2]), new Float32Array([1, 2]))).toBe(true);
    expect(allClose([[[1]], [[2]]], [[[1]], [[2.5]]])).toBe(false);
    expect(allClose(m, [1, 2, 3, 4])).toBe(false); // shape (2, 2) vs (4,)
    expect(allClose([], [])).toBe(true);
  });
  it('rejects non-numeric and ragged input with InvalidInputError', () => {
    expect(() => allClose('a', 1)).toThrow(InvalidInputError);
    expect(() => allClose([[1], [1, 2]], [[1], [1, 2]])).toThrow(/ragged/);
    expect(() => allClose(1, 1, { rtol: -1 })).toThrow(InvalidInputError);
  });
  it('property: any finite array is close to itself and to itself plus a tiny relative nudge', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 })), (xs) => {
        expect(allClose(xs, xs, { rtol: 0 })).toBe(true);
        expect(allClose(xs.map((x) => x * (1 + 1e-12)), xs, { rtol: 1e-10 })).toBe(true);
      }),
    );
  });
});

describe('expectClose', () => {
  it('passes silently when close', () => {
    expect(() => expectClose([1, 2, 3], [1, 2, 3 + 1e-9])).not.toThrow();
  });
  it("reports the worst element's index, both values, the tolerance and the failure count", () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    const e = [[1, 2.001, 3], [4, 5, 6.1]];
    let err: unknown;
    try {
      expectClose(m, e, { rtol: 1e-6, name: 'W' });
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(CloseAssertionError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^W: 2 of 6 elements not close; worst at \[1, 2\]: actual 6, expected 6\.1, /);
    expect(msg).toMatch(/\|diff\| 0\.0999999\d* > tol 0\.00000609999\d*/);
    expect(msg).toContain('atol 0 + rtol 0.000001');
  });
  it('ranks a NaN mismatch as the worst and reports a shape mismatch', () => {
    expect(() => expectClose([1, NaN, 5], [2, 1, 5])).toThrow(/worst at \[1\]: actual NaN, expected 1/);
    expect(() => expectClose([1, 2], [1, 2, 3], { name: 'y' })).toThrow('y: shape (2) but expected (3)');
    expect(() => expectClose(1, 2)).toThrow(/worst: actual 1, expected 2/);
  });
});
