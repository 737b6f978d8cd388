import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, ShapeError } from '../errors.js';
import { Matrix } from './matrix.js';
import { gatherRows, hstack, reshape, rowRange, selectColumns, vstack } from './slicing.js';

const grid = (n: number, d: number) => new Matrix(n, d, Float64Array.from({ length: n * d }, (_, k) => k));

describe('views', () => {
  it('rowRange is a view: same buffer, writes go through', () => {
    const X = grid(5, 3);
    const V = rowRange(X, 1, 4);
    expect(V.shape).toEqual([3, 3]);
    expect(V.data.buffer).toBe(X.data.buffer);
    expect(V.toArray()).toEqual([[3, 4, 5], [6, 7, 8], [9, 10, 11]]);
    V.set(0, 0, -1);
    expect(X.get(1, 0)).toBe(-1);
    expect(rowRange(X, 2, 2).shape).toEqual([0, 3]);
  });

  it('rowRange agrees with gatherRows of the same range for any range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.nat(), (n, d, a, b) => {
        const [s, e] = [a % (n + 1), b % (n + 1)].sort((x, y) => x - y) as [number, number];
        const X = grid(n, d);
        const idx = Array.from({ length: e - s }, (_, k) => s + k);
        expect(rowRange(X, s, e).toArray()).toEqual(gatherRows(X, idx).toArray());
      }),
    );
  });

  it('reshape is a view in row-major order', () => {
    const X = grid(2, 6);
    const R = reshape(X, 3, 4);
    expect(R.toArray()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    R.set(2, 3, 99);
    expect(X.get(1, 5)).toBe(99);
    expect(() => reshape(grid(3, 4), 5, 2)).toThrow('reshape: X is 3x4 (12 entries) but 5x2 needs 10');
  });

  it('rowRange rejects bad bounds', () => {
    expect(() => rowRange(grid(3, 2), 2, 1)).toThrow(ShapeError);
    expect(() => rowRange(grid(3, 2), 0, 4)).toThrow('rowRange: need integers 0 ≤ start ≤ end ≤ 3, got start 0 and end 4');
  });
});

describe('copies', () => {
  it('gatherRows copies the chosen rows in order, repeats allowed', () => {
    const X = grid(4, 2);
    const G = gatherRows(X, [3, 0, 3]);
    expect(G.toArray()).toEqual([[6, 7], [0, 1], [6, 7]]);
    G.set(0, 0, -5);
    expect(X.get(3, 0)).toBe(6);
    expect(() => gatherRows(X, [4])).toThrow('gatherRows: indices[0] is 4 but X has 4 rows (valid: integers in [0, 4))');
    expect(() => gatherRows(X, [0.5])).toThrow(ShapeError);
  });

  it('selectColumns copies the chosen columns', () => {
    const X = grid(2, 4);
    expect(selectColumns(X, Int32Array.from([3, 1])).toArray()).toEqual([[3, 1], [7, 5]]);
    expect(() => selectColumns(X, [-1])).toThrow(ShapeError);
    expect(() => selectColumns(X, 'x' as unknown as number[])).toThrow(InvalidInputError);
  });

  it('hstack and vstack concatenate and check the shared dimension', () => {
    const A = grid(2, 2), B = Matrix.from([[9], [8]]);
    expect(hstack([A, B]).toArray()).toEqual([[0, 1, 9], [2, 3, 8]]);
    expect(vstack([A, [[5, 6]]]).toArray()).toEqual([[0, 1], [2, 3], [5, 6]]);
    expect(() => hstack([A, grid(3, 1)])).toThrow('hstack: blocks[0] is 2x2 but blocks[1] is 3x1 (row counts must match)');
    expect(() => vstack([A, grid(1, 3)])).toThrow('vstack: blocks[0] is 2x2 but blocks[1] is 1x3 (column counts must match)');
    expect(() => vstack([])).toThrow(InvalidInputError);
  });

  it('vstack of a rowRange split gives back the matrix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (n, d, c) => {
        const X = grid(n, d);
        const cut = c % (n + 1);
        expect(vstack([rowRange(X, 0, cut), rowRange(X, cut, n)]).data).toEqual(X.data);
      }),
    );
  });
});
