import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidInputError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { arbClassificationDataset, arbMatrix, arbRegressionDataset } from './arbitraries.js';

describe('arbMatrix', () => {
  it('draws finite matrices of the requested shape and range', () => {
    fc.assert(
      fc.property(arbMatrix({ rows: { min: 2, max: 4 }, cols: 3, min: -1, max: 2 }), (A) => {
        expect(A).toBeInstanceOf(Matrix);
        expect(A.rows).toBeGreaterThanOrEqual(2);
        expect(A.rows).toBeLessThanOrEqual(4);
        expect(A.cols).toBe(3);
        for (const v of A.data) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(-1);
          expect(v).toBeLessThanOrEqual(2);
        }
      }),
    );
  });
  it('rejects bad specs with InvalidInputError', () => {
    expect(() => arbMatrix({ rows: -1 })).toThrow(InvalidInputError);
    expect(() => arbMatrix({ min: 1, max: 0 })).toThrow(InvalidInputError);
    expect(() => arbMatrix({ max: Infinity })).toThrow(InvalidInputError);
  });
  it('replays the same values from the same seed', () => {
    const a = fc.sample(arbMatrix(), { seed: 42, numRuns: 3 });
    const b = fc.sample(arbMatrix(), { seed: 42, numRuns: 3 });
    expect(a.map((m) => m.toJSON())).toEqual(b.map((m) => m.toJSON()));
  });
});

describe('arbClassificationDataset', () => {
  it('has matching shapes and every class present', () => {
    fc.assert(
      fc.property(arbClassificationDataset({ nSamples: { min: 3, max: 12 }, nClasses: { min: 2, max: 3 } }), ({ X, y, nClasses }) => {
        expect(X.rows).toBe(y.length);
        expect(new Set(y).size).toBe(nClasses);
        expect(Math.min(...y)).toBe(0);
        expect(Math.max(...y)).toBe(nClasses - 1);
      }),
    );
  });
  it('separates classes by separation * y when noise is smaller', () => {
    fc.assert(
      fc.property(arbClassificationDataset({ separation: 100, scale: 1, nFeatures: 1 }), ({ X, y }) => {
        for (let i = 0; i < y.length; i++) expect(Math.round(X.get(i, 0) / 100) === y[i]).toBe(true);
      }),
    );
  });
});

describe('arbRegressionDataset', () => {
  it('satisfies y = X coef + intercept exactly when noise is 0, and within noise otherwise', () => {
    for (const noise of [0, 0.5]) {
      fc.assert(
        fc.property(arbRegressionDataset({ noise }), ({ X, y, coef, intercept }) => {
          expect(coef).toHaveLength(X.cols);
          for (let i = 0; i < X.rows; i++) {
            let s = intercept;
            for (let j = 0; j < X.cols; j++) s += X.get(i, j) * coef[j]!;
            expect(Math.abs(y[i]! - s)).toBeLessThanOrEqual(noise + 1e-9 * (1 + Math.abs(s)));
          }
        }),
      );
    }
  });
});
