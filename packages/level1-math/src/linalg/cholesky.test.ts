import { InvalidInputError, Matrix, ShapeError, matmulTransB } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky.js';
import { NotPositiveDefiniteError } from './errors.js';
import { EPS, arbDense, fro, maxDiff, oracle } from './test-utils.js';

describe('cholesky', () => {
  it('property: L Lᵀ = A with L lower and positive diagonal for A = BBᵀ + I (fast-check)', () => {
    fc.assert(
      fc.property(arbDense(10), (B) => {
        const A = matmulTransB(B, B);
        for (let i = 0; i < A.rows; i++) A.data[i * A.rows + i]! += 1;
        const L = cholesky(A);
        const n = A.rows;
        for (let i = 0; i < n; i++) {
          expect(L.get(i, i)).toBeGreaterThan(0);
          for (let j = i + 1; j < n; j++) expect(L.get(i, j)).toBe(0);
        }
        expect(maxDiff(matmulTransB(L, L), A)).toBeLessThanOrEqual(16 * n * EPS * fro(A));
      }),
      { numRuns: 150 },
    );
  });

  it('matches numpy.linalg.cholesky', () => {
    expect(maxDiff(cholesky(Matrix.from(oracle.cholesky.A)), Matrix.from(oracle.cholesky.L))).toBeLessThan(1e-14);
  });

  it('names the failing pivot of an indefinite or semidefinite matrix', () => {
    const A = [[4, 2, 0, 0], [2, 2, 0, 0], [0, 0, 1, 0], [0, 0, 0, -0.2]];
    expect(() => cholesky(A)).toThrow(NotPositiveDefiniteError);
    expect(() => cholesky(A)).toThrow(InvalidInputError);
    expect(() => cholesky(A)).toThrow('A is not positive definite: pivot 3 is -0.2');
    expect(() => cholesky([[1, 1], [1, 1]])).toThrow('A is not positive definite: pivot 1 is 0');
  });

  it('throws typed errors for non-square, asymmetric and NaN input', () => {
    expect(() => cholesky([[1, 2]])).toThrow(ShapeError);
    expect(() => cholesky([[2, 1], [0, 2]])).toThrow('cholesky: A is not symmetric');
    expect(() => cholesky([[NaN]])).toThrow(/NaN/);
  });
});
