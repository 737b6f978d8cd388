import { InvalidParamError, Matrix } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { makeBlobs, makeCircles, makeClassification, makeMoons, makeRegression, makeXor } from './index.js';

/** Numerical rank by modified Gram–Schmidt on the columns (tolerance 1e-9 relative to the largest column). */
function matrixRank(A: Matrix): number {
  const cols = Array.from({ length: A.cols }, (_, j) => Float64Array.from({ length: A.rows }, (_, i) => A.get(i, j)));
  const scale = Math.max(...cols.map((c) => Math.hypot(...c)));
  const basis: Float64Array[] = [];
  for (const c of cols) {
    const v = c.slice();
    for (const q of basis) { let d = 0; for (let i = 0; i < v.length; i++) d += v[i]! * q[i]!; for (let i = 0; i < v.length; i++) v[i]! -= d * q[i]!; }
    const nv = Math.hypot(...v);
    if (nv > 1e-9 * scale) basis.push(v.map((x) => x / nv));
  }
  return basis.length;
}

/** Column means of the rows of X whose label is k. */
function classMean(X: Matrix, y: Int32Array, k: number): number[] {
  const m = new Array<number>(X.cols).fill(0);
  let c = 0;
  for (let i = 0; i < X.rows; i++) if (y[i] === k) { c++; for (let j = 0; j < X.cols; j++) m[j]! += X.get(i, j); }
  return m.map((v) => v / c);
}
const count = (y: Int32Array, k: number) => y.reduce((a, v) => a + (v === k ? 1 : 0), 0);

describe('makeBlobs', () => {
  it('splits the samples evenly, centres each blob on its centre and spreads it by clusterStd', () => {
    const { X, y, centers } = makeBlobs({ nSamples: 3001, nFeatures: 4, centers: 3, clusterStd: [0.5, 1, 2], seed: 3 });
    expect([count(y, 0), count(y, 1), count(y, 2)]).toEqual([1001, 1000, 1000]);
    for (let k = 0; k < 3; k++) {
      const m = classMean(X, y, k), std = [0.5, 1, 2][k]!;
      // The sample mean of ~1000 N(c, σ²) draws is within 5 standard errors of c (fails with prob. < 1e-5 per coordinate).
      for (let j = 0; j < 4; j++) expect(Math.abs(m[j]! - centers.get(k, j))).toBeLessThan((5 * std) / Math.sqrt(1000));
      let ss = 0, c = 0;
      for (let i = 0; i < X.rows; i++) if (y[i] === k) for (let j = 0; j < 4; j++) { ss += (X.get(i, j) - m[j]!) ** 2; c++; }
      expect(Math.sqrt(ss / c) / std).toBeGreaterThan(0.93);
      expect(Math.sqrt(ss / c) / std).toBeLessThan(1.07);
    }
    for (const v of centers.data) expect(Math.abs(v)).toBeLessThanOrEqual(10);
  });

  it('is reproducible for a seed, differs across seeds, and keeps blob order without shuffle', () => {
    expect(makeBlobs({ seed: 1 }).X.data).toEqual(makeBlobs({ seed: 1 }).X.data);
    expect(makeBlobs({ seed: 1 }).X.data).not.toEqual(makeBlobs({ seed: 2 }).X.data);
    const { y } = makeBlobs({ nSamples: 7, centers: Matrix.from([[0, 0], [5, 5]]), shuffle: false });
    expect(Array.from(y)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('rejects bad options with typed errors naming them', () => {
    expect(() => makeBlobs({ nSamples: 0 })).toThrow(InvalidParamError);
    expect(() => makeBlobs({ clusterStd: [1, 2] })).toThrow('param clusterStd must be a number or 3 numbers (one per centre)');
    expect(() => makeBlobs({ clusterStd: -1 })).toThrow('clusterStd');
    expect(() => makeBlobs({ centerBox: [1, -1] })).toThrow('centerBox');
    expect(() => makeBlobs({ seed: -1 })).toThrow('seed');
  });
});

describe('makeMoons and makeCircles', () => {
  it('puts noiseless points exactly on the two curves', () => {
    const m = makeMoons({ nSamples: 101, seed: 0 });
    expect([count(m.y, 0), count(m.y, 1)]).toEqual([50, 51]);
    for (let i = 0; i < m.X.rows; i++) {
      const [a, b] = [m.X.get(i, 0), m.X.get(i, 1)];
      const r = m.y[i] === 0 ? Math.hypot(a, b) : Math.hypot(1 - a, 0.5 - b);
      expect(r).toBeCloseTo(1, 12);
      expect(m.y[i] === 0 ? b >= -1e-12 : b <= 0.5 + 1e-12).toBe(true);
    }
    const c = makeCircles({ nSamples: 100, factor: 0.3, seed: 0 });
    for (let i = 0; i < c.X.rows; i++) expect(Math.hypot(c.X.get(i, 0), c.X.get(i, 1))).toBeCloseTo(c.y[i] === 0 ? 1 : 0.3, 12);
  });

  it('adds Gaussian noise of the requested size and checks factor', () => {
    const clean = makeCircles({ nSamples: 4000, seed: 5, noise: 0 }), noisy = makeCircles({ nSamples: 4000, seed: 5, noise: 0.1 });
    let ss = 0;
    for (let t = 0; t < clean.X.data.length; t++) ss += (noisy.X.data[t]! - clean.X.data[t]!) ** 2;
    expect(Math.sqrt(ss / clean.X.data.length)).toBeGreaterThan(0.095);
    expect(Math.sqrt(ss / clean.X.data.length)).toBeLessThan(0.105);
    expect(() => makeCircles({ factor: 1 })).toThrow('param factor must be a number in (0, 1)');
    expect(() => makeMoons({ noise: -0.1 })).toThrow('noise');
  });
});

describe('makeXor', () => {
  it('labels by the sign of x1·x2, roughly balanced', () => {
    const { X, y } = makeXor({ nSamples: 4000, seed: 2 });
    for (let i = 0; i < X.rows; i++) expect(y[i]).toBe(X.get(i, 0) * X.get(i, 1) > 0 ? 1 : 0);
    // Binomial(4000, 1/2): 5 standard deviations is ±158.
    expect(Math.abs(count(y, 1) - 2000)).toBeLessThan(158);
  });
});

describe('makeRegression', () => {
  it('returns y = Xw + b exactly without noise, with only nInformative non-zero coefficients', () => {
    const { X, y, coef } = makeRegression({ nSamples: 50, nFeatures: 8, nInformative: 3, bias: 2.5, seed: 4 });
    expect(Array.from(coef.slice(3))).toEqual([0, 0, 0, 0, 0]);
    for (const c of coef.slice(0, 3)) { expect(c).toBeGreaterThan(0); expect(c).toBeLessThan(100); }
    for (let i = 0; i < 50; i++) {
      let s = 2.5;
      for (let j = 0; j < 8; j++) s += X.get(i, j) * coef[j]!;
      expect(y[i]).toBeCloseTo(s, 10);
    }
    expect(() => makeRegression({ nFeatures: 3, nInformative: 4 })).toThrow('param nInformative must be an integer in [0, nFeatures = 3]');
  });
});

describe('makeClassification', () => {
  it('builds informative, redundant (linear combinations), repeated and noise columns in that order without shuffle', () => {
    const { X } = makeClassification({ nSamples: 200, nFeatures: 10, nInformative: 3, nRedundant: 2, nRepeated: 2, flipY: 0, shuffle: false, seed: 1 });
    const cols = (js: number[]) => new Matrix(200, js.length, Float64Array.from({ length: 200 * js.length }, (_, t) => X.get(Math.floor(t / js.length), js[t % js.length]!)));
    expect(matrixRank(cols([0, 1, 2]))).toBe(3);
    expect(matrixRank(cols([0, 1, 2, 3, 4]))).toBe(3); // redundant = informative · B
    for (const r of [5, 6]) {
      const src = [0, 1, 2, 3, 4].find((j) => X.data.every((_, t) => t % 10 !== r || X.data[t] === X.data[t - r + j]));
      expect(src).toBeDefined(); // a repeated column is an exact copy of an earlier one
    }
    expect(matrixRank(X)).toBe(6); // 3 informative + 3 noise columns
  });

  it('follows the class weights exactly without label noise, and separates classes more as classSep grows', () => {
    const { y } = makeClassification({ nSamples: 1000, nClasses: 3, nInformative: 3, weights: [0.5, 0.25], flipY: 0, seed: 2 });
    expect([count(y, 0), count(y, 1), count(y, 2)]).toEqual([500, 250, 250]); // exact in binary, so no floor() rounding (sklearn's split rule)
    const gap = (sep: number) => {
      const { X, y: yy } = makeClassification({ nSamples: 2000, nFeatures: 2, nInformative: 2, nRedundant: 0, nClustersPerClass: 1, classSep: sep, flipY: 0, shuffle: false, seed: 3 });
      const a = classMean(X, yy, 0), b = classMean(X, yy, 1);
      return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
    };
    expect(gap(4)).toBeGreaterThan(2 * gap(1));
  });

  it('rejects impossible layouts with typed errors', () => {
    expect(() => makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })).toThrow('param nFeatures must be ≥ nInformative + nRedundant + nRepeated = 4');
    expect(() => makeClassification({ nInformative: 2, nClasses: 3, nClustersPerClass: 2 })).toThrow('2^nInformative ≥ nClasses · nClustersPerClass = 6');
    expect(() => makeClassification({ weights: [0.7, 0.7] })).toThrow('weights');
    expect(() => makeClassification({ flipY: 2 })).toThrow('param flipY must be a number in [0, 1]');
  });
});
