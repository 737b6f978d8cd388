/** Central differences: exact on quadratics up to rounding, O(h²) truncation on a cubic, the two error measures, errors. */
import { InvalidInputError, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { centralDifferences, checkTensors, compareGradients } from './gradient-check.js';

describe('centralDifferences', () => {
  it('is exact for a quadratic (up to rounding) and restores x bit for bit', () => {
    const x = Float64Array.of(0.3, -1.7, 2.5);
    const f = () => x[0]! * x[0]! + 3 * x[1]! * x[2]! - x[2]!;
    const g = centralDifferences(f, x, 1e-4);
    expect(Array.from(x)).toEqual([0.3, -1.7, 2.5]);
    [2 * 0.3, 3 * 2.5, 3 * -1.7 - 1].forEach((v, i) => expect(Math.abs(g[i]! - v)).toBeLessThan(1e-10));
  });
  it('has truncation error h²/6 · f‴ on a cubic: x³ at 1 gives 3 + h²', () => {
    const x = Float64Array.of(1);
    for (const h of [1e-1, 1e-2]) expect(centralDifferences(() => x[0]! ** 3, x, h)[0]! - 3).toBeCloseTo(h * h, 12);
  });
  it('rejects a bad step and a non-finite function', () => {
    const x = Float64Array.of(1);
    expect(() => centralDifferences(() => 0, x, 0)).toThrow(InvalidInputError);
    expect(() => centralDifferences(() => 0, x, 1)).toThrow('h must be in (0, 1)');
    expect(() => centralDifferences(() => (x[0]! > 1 ? NaN : 0), x, 1e-3)).toThrow(InvalidInputError);
  });
});

describe('compareGradients / checkTensors', () => {
  it('relError is relative to the largest entry; maxEntryRelError entry by entry; NaN always fails', () => {
    const r = compareGradients('w', Float64Array.of(1, 1e-6, 0), Float64Array.of(1 + 1e-9, 2e-6, 0));
    expect(r.maxAbsError).toBeCloseTo(1e-6, 18);
    expect(r.relError).toBeCloseTo(1e-6 / (1 + 1e-9), 15);
    expect(r.maxEntryRelError).toBeCloseTo(0.5, 12);
    expect(r.maxAbsGrad).toBe(1);
    expect(compareGradients('z', Float64Array.of(0), Float64Array.of(0)).relError).toBe(0);
    expect(compareGradients('n', Float64Array.of(NaN), Float64Array.of(1)).relError).toBe(Infinity);
  });
  it('checks each named tensor and insists on matching lengths', () => {
    const a = Float64Array.of(1, 2), b = Float64Array.of(3);
    const f = () => a[0]! * b[0]! + a[1]!;
    const rows = checkTensors(f, { a, b }, { a: Float64Array.of(3, 1), b: Float64Array.of(1) }, 1e-5);
    expect(rows.map((r) => r.name)).toEqual(['a', 'b']);
    for (const r of rows) expect(r.relError).toBeLessThan(1e-9);
    expect(() => checkTensors(f, { a, b }, { a: Float64Array.of(3) }, 1e-5)).toThrow(ShapeError);
  });
});
