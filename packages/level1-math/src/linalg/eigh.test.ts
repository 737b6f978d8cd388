import { InvalidInputError, Matrix, ShapeError, transpose } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eigh, tql } from './eigh.js';
import { EPS, arbDense, colDiffUpToSign, fro, maxDiff, oracle, orthoError, randn, usv } from './test-utils.js';

function symmetric(B: Matrix): Matrix {
  const n = B.rows;
  const A = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A.data[i * n + j] = B.data[i * n + j]! + B.data[j * n + i]!;
  return A;
}

function checkEigh(A: Matrix): void {
  const n = A.rows;
  const { values, vectors: V } = eigh(A);
  const tol = 32 * n * EPS;
  const scale = Math.max(fro(A), Number.MIN_VALUE);
  expect(maxDiff(usv(V, values, transpose(V)), A)).toBeLessThanOrEqual(tol * scale);
  expect(orthoError(V)).toBeLessThanOrEqual(tol);
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
}

describe('eigh', () => {
  it('reconstructs A = V Λ Vᵀ with VᵀV = I for n = 1..60', () => {
    for (const n of [1, 2, 3, 5, 17, 60]) checkEigh(symmetric(randn(n, n, n)));
  });

  it('property: random symmetric matrices (fast-check)', () => {
    const arbSquare = arbDense(10).map((B) => symmetric(new Matrix(Math.min(B.rows, B.cols), Math.min(B.rows, B.cols), B.data.slice(0, Math.min(B.rows, B.cols) ** 2))));
    fc.assert(fc.property(arbSquare, (A) => checkEigh(A)), { numRuns: 150 });
  });

  it('deflates off-diagonals below the underflow floor (graded T; a fast-check counterexample) at any scale', () => {
    // Its T is d = (0, 0, 4.8e-214, −4.8e-214), e = (1, 2.4e-214, 1e-110): the relative test alone
    // never zeroes e₁ and the rotations underflow (QL ran out of sweeps). numpy.linalg.eigvalsh:
    // −9.66126803e-41, −1e-150, 1e-150, 9.66126803e-41.
    const data = [0, 0, -9.661268034911695e-41, -2.2277017922966716e-144, 0, 0, 0, 1e-150, -9.661268034911695e-41, 0, 0, 0, -2.2277017922966716e-144, 1e-150, 0, 0];
    const A = new Matrix(4, 4, Float64Array.from(data));
    checkEigh(A);
    const expected = [-9.661268034911695e-41, -1e-150, 1e-150, 9.661268034911695e-41];
    eigh(A).values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-13 * Math.abs(expected[i]!)));
    // tql itself is scale-free (Lanczos hands it an unscaled T): the same T times 2^±600.
    for (const k of [-600, 0, 600]) {
      const s = 2 ** k;
      const d = Float64Array.from([0, 0, 4.773300631314037e-214, -4.773300631314037e-214], (v) => v * s);
      const e = Float64Array.from([1, 2.3866503156570186e-214, -1.035060818503769e-110, 0], (v) => v * s);
      const Z = Float64Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0));
      tql(d, e, Z, 4);
      const got = Array.from(d).sort((p, q) => p - q);
      [-1, -1.035060818503769e-110, 1.035060818503769e-110, 1].forEach((v, i) => expect(Math.abs(got[i]! - v * s)).toBeLessThanOrEqual(1e-13 * Math.abs(v * s)));
    }
  });

  it('handles repeated eigenvalues, diagonal input and rank-deficient Gram matrices', () => {
    checkEigh(Matrix.eye(6));
    checkEigh(Matrix.from([[3, 0, 0], [0, -1, 0], [0, 0, 2]]));
    expect(Array.from(eigh([[3, 0, 0], [0, -1, 0], [0, 0, 2]]).values)).toEqual([-1, 2, 3]);
    const X = randn(3, 8, 5); // XᵀX is 8×8 of rank 3
    const G = new Matrix(8, 8);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) for (let p = 0; p < 3; p++) G.data[i * 8 + j]! += X.get(p, i) * X.get(p, j);
    checkEigh(G);
    const { values } = eigh(G);
    for (let i = 0; i < 5; i++) expect(Math.abs(values[i]!)).toBeLessThan(1e-13 * values[7]!);
  });

  it('matches numpy.linalg.eigh: values ascending to 1e-13, vectors up to sign', () => {
    const o = oracle.eigh;
    const { values, vectors } = eigh(Matrix.from(o.A));
    const top = Math.max(...o.values.map(Math.abs));
    for (let i = 0; i < values.length; i++) expect(Math.abs(values[i]! - o.values[i])).toBeLessThanOrEqual(1e-13 * top);
    expect(colDiffUpToSign(vectors, Matrix.from(o.vectors))).toBeLessThan(1e-12);
  });

  it('throws typed errors for non-square, asymmetric and NaN input', () => {
    expect(() => eigh([[1, 2, 3], [4, 5, 6]])).toThrow(ShapeError);
    expect(() => eigh([[1, 2, 3], [4, 5, 6]])).toThrow('eigh: A must be square, got 2x3');
    expect(() => eigh([[1, 2], [3, 4]])).toThrow(InvalidInputError);
    expect(() => eigh([[1, 2], [3, 4]])).toThrow('eigh: A is not symmetric: A[0][1] = 2 but A[1][0] = 3');
    expect(() => eigh([[1, NaN], [NaN, 1]])).toThrow(/NaN/);
  });
});
