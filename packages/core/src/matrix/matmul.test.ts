import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, ShapeError } from '../errors.js';
import { Rng } from '../rng/rng.js';
import { Matrix } from './matrix.js';
import { KC, NC } from './gemm-kernel.js';
import { matmul, matmulTransA, matmulTransB, matvec, transpose } from './matmul.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = rng.normal();
  return m;
}

/** Textbook triple loop: C_ij = Σ_p A_ip B_pj, plus Σ_p |A_ip B_pj| for the error bound. */
function naive(A: Matrix, B: Matrix): { C: Matrix; abs: Matrix } {
  const C = new Matrix(A.rows, B.cols);
  const abs = new Matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0, t = 0;
      for (let p = 0; p < A.cols; p++) {
        const v = A.get(i, p) * B.get(p, j);
        s += v;
        t += Math.abs(v);
      }
      C.set(i, j, s);
      abs.set(i, j, t);
    }
  }
  return { C, abs };
}

/** Any summation order is within k·ε·Σ|a_ip b_pj| of the exact result (Higham, Thm 3.5); allow 2x. */
function expectProductClose(mine: Matrix, A: Matrix, B: Matrix): void {
  const { C, abs } = naive(A, B);
  expect(mine.shape).toEqual(C.shape);
  const k = A.cols;
  let worst = 0;
  for (let q = 0; q < C.data.length; q++) {
    const bound = 4 * (k + 1) * Number.EPSILON * abs.data[q]! + 1e-300;
    worst = Math.max(worst, Math.abs(mine.data[q]! - C.data[q]!) / bound);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

function naiveTranspose(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.set(j, i, A.get(i, j));
  return T;
}

const dim = fc.integer({ min: 1, max: 40 });

describe('matmul', () => {
  it('matches the triple loop for random shapes (1x1, tall-skinny, odd sizes)', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.nat(), (n, k, m, seed) => {
        const rng = new Rng(seed);
        const A = randomMatrix(rng, n, k), B = randomMatrix(rng, k, m);
        expectProductClose(matmul(A, B), A, B);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    [1, 1, 1],
    [1, 300, 1],
    [300, 1, 2],
    [5, KC + 3, NC + 7], // crosses a k slab and a j panel with ragged ends
    [KC + 1, 2 * KC + 5, 3],
    [7, 9, 2 * NC + 1],
  ])('n=%i, k=%i, m=%i: matches the triple loop across block edges', (n, k, m) => {
    const rng = new Rng(n * 1000 + k);
    const A = randomMatrix(rng, n, k), B = randomMatrix(rng, k, m);
    expectProductClose(matmul(A, B), A, B);
  });

  it('computes a small product exactly and accepts nested arrays', () => {
    expect(matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(matmul(new Matrix(0, 3), new Matrix(3, 2)).shape).toEqual([0, 2]);
    expect(matmul(new Matrix(2, 0), new Matrix(0, 3)).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('propagates NaN instead of hiding it', () => {
    expect(Number.isNaN(matmul([[NaN, 1]], [[1], [1]]).get(0, 0))).toBe(true);
  });

  it('throws ShapeError naming both shapes', () => {
    expect(() => matmul(new Matrix(3, 4), new Matrix(5, 2))).toThrow(ShapeError);
    expect(() => matmul(new Matrix(3, 4), new Matrix(5, 2))).toThrow('matmul: A is 3x4 but B is 5x2 (A.cols must equal B.rows)');
    expect(() => matmul('x' as unknown as Matrix, new Matrix(1, 1))).toThrow(InvalidInputError);
  });
});

describe('transposed products and identities', () => {
  it('matmulTransA equals transpose-then-matmul and matmulTransB equals matmul-with-transpose', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.nat(), (n, k, m, seed) => {
        const rng = new Rng(seed);
        const A = randomMatrix(rng, k, n), B = randomMatrix(rng, k, m);
        expectProductClose(matmulTransA(A, B), naiveTranspose(A), B);
        const C = randomMatrix(rng, n, k), D = randomMatrix(rng, m, k);
        expectProductClose(matmulTransB(C, D), C, naiveTranspose(D));
      }),
      { numRuns: 40 },
    );
  });

  it('transposed products hold across block edges', () => {
    const rng = new Rng(7);
    const A = randomMatrix(rng, KC + 9, 6), B = randomMatrix(rng, KC + 9, NC + 3);
    expectProductClose(matmulTransA(A, B), naiveTranspose(A), B);
    const C = randomMatrix(rng, 6, KC + 9), D = randomMatrix(rng, NC + 3, KC + 9);
    expectProductClose(matmulTransB(C, D), C, naiveTranspose(D));
  });

  it('(AB)ᵀ = BᵀAᵀ, and (Aᵀ)ᵀ = A exactly', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.nat(), (n, k, m, seed) => {
        const rng = new Rng(seed);
        const A = randomMatrix(rng, n, k), B = randomMatrix(rng, k, m);
        expect(transpose(transpose(A)).data).toEqual(A.data);
        expect(transpose(A).data).toEqual(naiveTranspose(A).data);
        const lhs = transpose(matmul(A, B));
        expectProductClose(lhs, transpose(B), transpose(A));
      }),
      { numRuns: 40 },
    );
  });

  it('transposed products name the dimension that must agree', () => {
    expect(() => matmulTransA(new Matrix(3, 4), new Matrix(5, 2))).toThrow('matmulTransA: A is 3x4 but B is 5x2 (A.rows must equal B.rows)');
    expect(() => matmulTransB(new Matrix(3, 4), new Matrix(2, 5))).toThrow('matmulTransB: A is 3x4 but B is 2x5 (A.cols must equal B.cols)');
  });
});

describe('matvec', () => {
  it('equals matmul with a column vector', () => {
    fc.assert(
      fc.property(dim, dim, fc.nat(), (n, d, seed) => {
        const rng = new Rng(seed);
        const A = randomMatrix(rng, n, d), x = randomMatrix(rng, d, 1);
        const y = matvec(A, x.data);
        expectProductClose(new Matrix(n, 1, y), A, x);
      }),
      { numRuns: 40 },
    );
    expect(Array.from(matvec([[1, 2, 3], [4, 5, 6]], [1, 0, -1]))).toEqual([-2, -2]);
  });

  it('throws ShapeError on a length mismatch', () => {
    expect(() => matvec(new Matrix(3, 4), [1, 2, 3, 4, 5])).toThrow('matvec: A is 3x4 but x has 5 entries (A.cols must equal x.length)');
  });
});
