import { Matrix, ShapeError } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { svdFlip } from './svd-flip.js';
import { maxDiff, oracle, usv } from './test-utils.js';

describe('svdFlip', () => {
  it('matches sklearn.utils.extmath.svd_flip, U-based and V-based, and keeps U Σ Vᵀ', () => {
    const o = oracle.svdFlip;
    const U = Matrix.from(o.U), Vt = Matrix.from(o.Vt);
    const a = svdFlip(U, Vt);
    expect(maxDiff(a.U, Matrix.from(o.uBased.U))).toBe(0);
    expect(maxDiff(a.Vt, Matrix.from(o.uBased.Vt))).toBe(0);
    const b = svdFlip(U, Vt, { uBased: false });
    expect(maxDiff(b.U, Matrix.from(o.vBased.U))).toBe(0);
    expect(maxDiff(b.Vt, Matrix.from(o.vBased.Vt))).toBe(0);
    const s = [3, 2, 1, 0.5, 0.1];
    expect(maxDiff(usv(a.U, s, a.Vt), usv(U, s, Vt))).toBe(0);
    expect(maxDiff(U, Matrix.from(o.U))).toBe(0); // inputs not mutated
  });

  it('rejects mismatched factors', () => {
    expect(() => svdFlip(Matrix.zeros(3, 2), Matrix.zeros(3, 4))).toThrow(ShapeError);
  });
});
