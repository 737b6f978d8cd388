import { describe, expect, it } from 'vitest';
import { InvalidInputError, ShapeError } from '../errors.js';
import { Matrix } from '../matrix/matrix.js';
import { asLabels, asMatrix, asVector, assertColumns } from './validate.js';

describe('asMatrix', () => {
  it('converts nested arrays and keeps a Matrix without copying', () => {
    const m = asMatrix([[1, 2], [3, 4]]);
    expect(m.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(asMatrix(m)).toBe(m);
    expect(asMatrix(m, 'X', { copy: true })).not.toBe(m);
  });
  it('rejects a ragged array with a ShapeError naming the rows', () => {
    expect(() => asMatrix([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => asMatrix([[1, 2], [3]])).toThrow('X is ragged: row 0 has 2 columns but row 1 has 1');
  });
  it('rejects NaN and Inf naming the position', () => {
    expect(() => asMatrix([[1, NaN]])).toThrow(new InvalidInputError('X contains NaN at (0, 1); remove or impute non-finite values first'));
    expect(() => asMatrix([[1], [Infinity]], 'Xtest')).toThrow('Xtest contains Infinity at (1, 0)');
  });
  it('rejects empty, 1-D and non-numeric input', () => {
    expect(() => asMatrix([])).toThrow('X must have at least 1 row, got 0');
    expect(() => asMatrix([1, 2, 3])).toThrow(ShapeError);
    expect(() => asMatrix([['a']])).toThrow(InvalidInputError);
    expect(() => asMatrix('abc')).toThrow(InvalidInputError);
  });
});

describe('asVector / asLabels / assertColumns', () => {
  it('checks length and finiteness', () => {
    expect(Array.from(asVector([1, 2]))).toEqual([1, 2]);
    expect(() => asVector([1, 2], 'y', { length: 3 })).toThrow('y has 2 entries but X has 3 rows');
    expect(() => asVector([1, NaN])).toThrow('y contains NaN at index 1');
    expect(() => asVector([[1]])).toThrow(ShapeError);
  });
  it('accepts string and number labels, rejects NaN labels', () => {
    expect(asLabels(['a', 'b'])).toEqual(['a', 'b']);
    expect(() => asLabels([0, NaN])).toThrow(InvalidInputError);
  });
  it('names a wrong column count as API.md shows', () => {
    expect(() => assertColumns(Matrix.zeros(2, 3), 4)).toThrow('X has 3 columns but the model was fit with 4');
  });
});
