import { InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BruteIndex } from './brute.js';
import { KDTree } from './kd-tree.js';
import { type MetricName, type MetricSpec, reducedDistance, resolveMetric, toDistance } from './metric.js';
import { NeighborHeap } from './neighbor-heap.js';

/** Reference k-NN: every reduced distance, stable-sorted by (distance, index). */
function reference(X: Matrix, Q: Matrix, k: number, m: MetricSpec): { rdist: number[]; indices: number[] } {
  const rdist: number[] = [];
  const indices: number[] = [];
  for (let i = 0; i < Q.rows; i++) {
    const all = Array.from({ length: X.rows }, (_, j) => ({ r: reducedDistance(m, Q.data, i, X.data, j, X.cols), j }));
    all.sort((a, b) => a.r - b.r || a.j - b.j);
    for (const { r, j } of all.slice(0, k)) {
      rdist.push(r);
      indices.push(j);
    }
  }
  return { rdist, indices };
}

/** Data drawn on a coarse integer grid (many exact ties and duplicates) or as free doubles. */
const arbPoints = (rows: { min: number; max: number }, d: number) =>
  fc.oneof(
    fc.array(fc.integer({ min: -3, max: 3 }), { minLength: rows.min * d, maxLength: rows.max * d }),
    fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: rows.min * d, maxLength: rows.max * d }),
  ).map((v) => {
    const n = Math.floor(v.length / d);
    return new Matrix(n, d, Float64Array.from(v.slice(0, n * d)));
  });

const METRIC_CASES: [MetricName, number][] = [['minkowski', 2], ['minkowski', 1], ['chebyshev', 2], ['minkowski', 3], ['euclidean', 7]];

describe('NeighborHeap', () => {
  it('keeps the k smallest (r, index) pairs in (r, index) order, whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (rs, k) => {
        const heap = new NeighborHeap(k);
        rs.forEach((r, i) => heap.push(r, i));
        const m = Math.min(k, rs.length);
        const R = new Float64Array(m);
        const I = new Int32Array(m);
        expect(heap.length).toBe(m);
        heap.drainSorted(R, I, 0);
        const want = rs.map((r, i) => ({ r, i })).sort((a, b) => a.r - b.r || a.i - b.i).slice(0, m);
        expect(Array.from(I)).toEqual(want.map((w) => w.i));
        expect(Array.from(R)).toEqual(want.map((w) => w.r));
        expect(heap.length).toBe(0);
      }),
    );
  });
});

describe('KDTree', () => {
  it("has scikit-learn's layout: 1 + ⌊log2 max(1, (n−1)/m)⌋ levels, leaves of m..2m points", () => {
    const rng = new Rng(3);
    for (const [n, m] of [[1, 40], [2, 1], [3, 1], [100, 30], [1000, 30], [1001, 7], [4096, 40]] as const) {
      const X = new Matrix(n, 2, Float64Array.from({ length: 2 * n }, () => rng.normal()));
      const tree = KDTree.build(X, { leafSize: m });
      const levels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / m)));
      expect(tree.nLevels).toBe(levels);
      expect(tree.nNodes).toBe(2 ** levels - 1);
    }
  });

  it('matches an exhaustive stable sort exactly (distances and order, ties included), for every metric and leaf size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(arbPoints({ min: 1, max: 60 }, d), arbPoints({ min: 1, max: 8 }, d))),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...METRIC_CASES),
        ([X, Q], kk, leafSize, [metric, p]) => {
          const k = Math.min(kk, X.rows);
          const m = resolveMetric(metric, p);
          const want = reference(X, Q, k, m);
          const got = KDTree.build(X, { leafSize, metric, p }).queryRaw(Q, k);
          expect(Array.from(got.indices)).toEqual(want.indices);
          expect(Array.from(got.rdist)).toEqual(want.rdist);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('query returns true distances; queryRadius returns exactly the points within r', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(arbPoints({ min: 1, max: 40 }, d), arbPoints({ min: 1, max: 5 }, d))),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.constantFrom(...METRIC_CASES),
        fc.boolean(),
        ([X, Q], r, [metric, p], sortResults) => {
          const m = resolveMetric(metric, p);
          const tree = KDTree.build(X, { leafSize: 3, metric, p });
          const { distances, indices } = tree.query(Q, 1);
          const ref = reference(X, Q, 1, m);
          expect(Array.from(indices)).toEqual(ref.indices);
          expect(Array.from(distances.data)).toEqual(ref.rdist.map((v) => toDistance(m, v)));
          const res = tree.queryRadius(Q, r, { sortResults });
          for (let i = 0; i < Q.rows; i++) {
            const all = Array.from({ length: X.rows }, (_, j) => ({ r: reducedDistance(m, Q.data, i, X.data, j, X.cols), j }));
            const rr = m.kind === 'euclidean' ? r * r : m.kind === 'minkowski' ? Math.pow(r, m.p) : r;
            const inside = all.filter((a) => a.r <= rr);
            if (sortResults) inside.sort((a, b) => a.r - b.r || a.j - b.j);
            expect(Array.from(res.indices[i]!)).toEqual(inside.map((a) => a.j));
            expect(Array.from(res.distances[i]!)).toEqual(inside.map((a) => toDistance(m, a.r)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('checks its params and input with typed errors', () => {
    const X = [[0, 1], [2, 3], [4, 5]];
    expect(() => KDTree.build(X, { leafSize: 0 })).toThrow(InvalidParamError);
    expect(() => KDTree.build(X, { leafSize: 1.5 })).toThrow(/param leafSize must be an integer ≥ 1, got 1.5/);
    expect(() => KDTree.build(X, { metric: 'cosine' as never })).toThrow(/param metric must be one of 'minkowski', 'euclidean', 'manhattan', 'chebyshev'/);
    expect(() => KDTree.build(X, { p: 0.5 })).toThrow(/param p must be a finite number ≥ 1/);
    expect(() => KDTree.build(X, { p: Infinity })).toThrow(InvalidParamError);
    expect(() => KDTree.build([[0, NaN]])).toThrow(InvalidInputError);
    const tree = KDTree.build(X);
    expect(() => tree.query([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => tree.query([[1, 2]], 4)).toThrow(/param k must be an integer in \[1, 3\]/);
    expect(() => tree.query([[1, 2]], 0)).toThrow(InvalidParamError);
    expect(() => tree.queryRadius([[1, 2]], -1)).toThrow(/param r must be a finite number ≥ 0, got -1/);
  });
});

describe('BruteIndex', () => {
  it("'gemm' (expanded norms, screened then rescored) and 'exact' give the same answer bit for bit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((d) => fc.tuple(arbPoints({ min: 1, max: 50 }, d), arbPoints({ min: 1, max: 9 }, d))),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        ([X, Q], kk, shift) => {
          // The shift moves everything far from the origin, where the expansion cancels badly.
          const Xs = new Matrix(X.rows, X.cols, X.data.map((v) => v + shift));
          const Qs = new Matrix(Q.rows, Q.cols, Q.data.map((v) => v + shift));
          const k = Math.min(kk, X.rows);
          const index = BruteIndex.build(Xs, resolveMetric('euclidean', 2));
          const a = index.query(Qs, k, 'gemm');
          const b = index.query(Qs, k, 'exact');
          const ref = reference(Xs, Qs, k, resolveMetric('euclidean', 2));
          expect(Array.from(a.indices)).toEqual(ref.indices);
          expect(Array.from(a.rdist)).toEqual(ref.rdist);
          expect(Array.from(b.indices)).toEqual(ref.indices);
          expect(Array.from(b.rdist)).toEqual(ref.rdist);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the expansion alone would be wrong where it cancels: points near 1e8 one unit apart', () => {
    // ‖q‖² ≈ 2e16 > 2^53: the expanded squared distance loses every digit of the true value 1.
    const X = new Matrix(3, 2, Float64Array.from([1e8, 1e8, 1e8 + 1, 1e8, 1e8 + 3, 1e8]));
    const Q = new Matrix(1, 2, Float64Array.from([1e8, 1e8]));
    const naive = [0, 1, 2].map((j) => {
      const q2 = 2e16, x2 = X.data[2 * j]! ** 2 + X.data[2 * j + 1]! ** 2, qx = 1e8 * X.data[2 * j]! + 1e8 * X.data[2 * j + 1]!;
      return q2 + x2 - 2 * qx;
    });
    expect(naive).not.toEqual([0, 1, 9]);
    const res = BruteIndex.build(X, resolveMetric('euclidean', 2)).query(Q, 3);
    expect(Array.from(res.rdist)).toEqual([0, 1, 9]);
    expect(Array.from(res.indices)).toEqual([0, 1, 2]);
  });

  it("rejects 'gemm' for a metric without the expansion", () => {
    const index = BruteIndex.build(Matrix.from([[0], [1]]), resolveMetric('manhattan', 1));
    expect(() => index.query(Matrix.from([[0]]), 1, 'gemm')).toThrow(/param strategy must be 'auto' or 'exact' for the manhattan metric/);
  });
});
