import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidParamError } from '../errors.js';
import { Rng } from '../rng/rng.js';
import { Matrix } from './matrix.js';
import { colMax, colMean, colMin, colStd, colSum, colVar, rowSum } from './stats.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = rng.normal(3, 2);
  return m;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * (Math.abs(b) + 1);

describe('column statistics', () => {
  it('match the direct formulas column by column', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 10 }), fc.nat(), fc.integer({ min: 0, max: 1 }), (n, d, seed, ddof) => {
        const X = randomMatrix(new Rng(seed), n, d);
        const [s, mu, v, sd, lo, hi] = [colSum(X), colMean(X), colVar(X, { ddof }), colStd(X, { ddof }), colMin(X), colMax(X)];
        for (let j = 0; j < d; j++) {
          const col = Array.from(X.col(j));
          const total = col.reduce((a, b) => a + b, 0);
          const mean = total / n;
          const ss = col.reduce((a, b) => a + (b - mean) ** 2, 0);
          expect(close(s[j]!, total)).toBe(true);
          expect(close(mu[j]!, mean)).toBe(true);
          expect(close(v[j]!, ss / (n - ddof))).toBe(true);
          expect(close(sd[j]!, Math.sqrt(ss / (n - ddof)))).toBe(true);
          expect(lo[j]).toBe(Math.min(...col));
          expect(hi[j]).toBe(Math.max(...col));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('two-pass variance survives a large offset (no E[x²]−E[x]² cancellation)', () => {
    const X = Matrix.from([[1e9 + 1], [1e9 + 2], [1e9 + 3]]);
    expect(colVar(X, { ddof: 1 })[0]).toBe(1);
  });

  it('row sums', () => {
    expect(Array.from(rowSum([[1, 2, 3], [4, 5, 6]]))).toEqual([6, 15]);
    expect(Array.from(colSum([[1, 2, 3], [4, 5, 6]]))).toEqual([5, 7, 9]);
  });

  it('min/max propagate NaN', () => {
    const X = [[1, NaN], [NaN, 2], [0, 5]];
    expect(Array.from(colMin(X)).map(Number.isNaN)).toEqual([true, true]);
    expect(Array.from(colMax([[1, 2], [3, NaN]]))[0]).toBe(3);
  });

  it('reject empty input and a bad ddof', () => {
    expect(() => colMean(new Matrix(0, 3))).toThrow('colMean: X must have at least 1 row, got 0');
    expect(() => colMin(new Matrix(0, 3))).toThrow(InvalidInputError);
    expect(() => colVar([[1], [2]], { ddof: 2 })).toThrow('colVar: param ddof must be an integer in [0, 2) (n − ddof must be positive), got 2');
    expect(() => colStd([[1], [2]], { ddof: -1 })).toThrow(InvalidParamError);
  });
});
