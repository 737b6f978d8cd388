import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { arbClassificationDataset, checkEstimator } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KNeighborsClassifier } from './k-neighbors-classifier.js';
import { resolveAlgorithm, knnParams } from './knn-base.js';

checkEstimator('KNeighborsClassifier', () => new KNeighborsClassifier());
checkEstimator('KNeighborsClassifier(distance, kd_tree, leafSize 2)', () => new KNeighborsClassifier({ weights: 'distance', algorithm: 'kd_tree', leafSize: 2 }));
checkEstimator('KNeighborsClassifier(brute, k=3)', () => new KNeighborsClassifier({ algorithm: 'brute', nNeighbors: 3 }));
checkEstimator('KNeighborsClassifier(manhattan)', () => new KNeighborsClassifier({ p: 1, weights: 'distance' }));
checkEstimator('KNeighborsClassifier(chebyshev, brute)', () => new KNeighborsClassifier({ metric: 'chebyshev', algorithm: 'brute' }));
checkEstimator('KNeighborsClassifier(minkowski p=3)', () => new KNeighborsClassifier({ p: 3, nNeighbors: 1 }));

/** Two well-separated Gaussian blobs in d dimensions. */
function blobs(n: number, d: number, seed: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let j = 0; j < d; j++) X.data[i * d + j] = rng.normal(4 * y[i]!, 1);
  }
  return { X, y };
}

describe('KNeighborsClassifier params and API', () => {
  it('rejects bad params in fit, naming them', () => {
    const { X, y } = blobs(10, 2, 0);
    const bad: [Record<string, unknown>, string][] = [
      [{ nNeighbors: 0 }, 'nNeighbors'], [{ nNeighbors: 2.5 }, 'nNeighbors'], [{ nNeighbors: 11 }, 'nNeighbors'],
      [{ weights: 'gaussian' }, 'weights'], [{ algorithm: 'ball_tree' }, 'algorithm'], [{ leafSize: 0 }, 'leafSize'],
      [{ p: 0.5 }, 'p'], [{ p: Infinity }, 'p'], [{ metric: 'cosine' }, 'metric'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new KNeighborsClassifier(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => new KNeighborsClassifier(opts as never).fit(X, y)).toThrow(new RegExp(`param ${param} must be`));
    }
    expect(() => new KNeighborsClassifier({ nNeighbors: 11 }).fit(X, y)).toThrow(/at most the number of training samples \(10\), got 11/);
    expect(() => new KNeighborsClassifier({ algorithm: 'ball_tree' as never }).fit(X, y)).toThrow(/'ball_tree' is not implemented/);
  });

  it("resolves algorithm 'auto' by scikit-learn 1.2's rule", () => {
    const auto = (o: Parameters<typeof knnParams>[0], n: number, d: number) => resolveAlgorithm(knnParams(o), n, d);
    expect(auto({}, 100, 15)).toBe('kd_tree');
    expect(auto({}, 100, 16)).toBe('brute'); // d > 15
    expect(auto({ nNeighbors: 49 }, 100, 3)).toBe('kd_tree');
    expect(auto({ nNeighbors: 50 }, 100, 3)).toBe('brute'); // k ≥ ⌊n/2⌋
    expect(auto({ nNeighbors: 5 }, 11, 3)).toBe('brute');
    expect(auto({ algorithm: 'kd_tree' }, 100, 50)).toBe('kd_tree');
    const { X, y } = blobs(40, 20, 1);
    const m = new KNeighborsClassifier().fit(X, y);
    expect([m.fitMethod, m.effectiveMetric]).toEqual(['brute', 'euclidean']);
    expect(new KNeighborsClassifier({ p: 1 }).fit([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9], [10], [11]], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]).effectiveMetric).toBe('manhattan');
  });

  it('getters and kneighbors before fit throw NotFittedError', () => {
    const m = new KNeighborsClassifier();
    for (const g of ['classes', 'nClasses', 'nFeaturesIn', 'nSamplesFit', 'fitMethod', 'effectiveMetric'] as const) expect(() => m[g]).toThrow(NotFittedError);
    expect(() => m.kneighbors([[0]])).toThrow(NotFittedError);
  });

  it('kneighbors: shapes, returnDistance: false, X omitted = the training set without each point', () => {
    const X = [[0], [1], [3], [6], [10]];
    const m = new KNeighborsClassifier({ nNeighbors: 2 }).fit(X, [0, 0, 1, 1, 1]);
    const r = m.kneighbors([[2]]);
    expect(r.distances.toArray()).toEqual([[1, 1]]); // a tie: points 1 and 2, lower index first
    expect(Array.from(r.indices)).toEqual([1, 2]);
    expect(Array.from(m.kneighbors([[2], [9]], 1, false))).toEqual([1, 4]);
    const self = m.kneighbors(null, 2);
    expect(self.distances.toArray()).toEqual([[1, 3], [1, 2], [2, 3], [3, 4], [4, 7]]);
    expect(Array.from(self.indices)).toEqual([1, 2, 0, 2, 1, 0, 2, 4, 3, 2]); // row 2: points 0 and 3 tie at 3, lower index first
    expect(() => m.kneighbors(null, 5)).toThrow(/param nNeighbors must be an integer in \[1, 4\]/);
    expect(() => m.kneighbors([[1]], 6)).toThrow(InvalidParamError);
    expect(() => m.kneighbors([[1, 2]])).toThrow(ShapeError);
    expect(() => m.kneighbors([[NaN]])).toThrow(InvalidInputError);
  });

  it("duplicates beyond k: the point itself may not be listed, so the first neighbour is dropped (scikit-learn's corner case)", () => {
    const X = [[0], [0], [0], [5]];
    const m = new KNeighborsClassifier({ nNeighbors: 1 }).fit(X, [0, 0, 1, 1]);
    // Row 2's two nearest are rows 0 and 1 (distance 0, lower indices): itself is not among them.
    expect(Array.from(m.kneighbors(null, 1, false))).toEqual([1, 0, 1, 0]);
  });

  it('distance overflow (|x| ≳ 1e154) is refused instead of ordering Infinities', () => {
    const m = new KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [1]], [0, 1]);
    expect(() => m.predict([[1e200]])).toThrow(/overflows to Infinity/);
    expect(() => m.kneighbors([[-1e200]])).toThrow(InvalidInputError);
  });

  it("'distance' weights: a query on a training point takes that point's class; probabilities as weight shares", () => {
    const X = [[0], [1], [2], [4]];
    const m = new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit(X, ['a', 'b', 'b', 'a']);
    expect(m.predict([[0]])).toEqual(['a']);
    expect(m.predictProba([[0]]).toArray()).toEqual([[1, 0]]);
    // Query 2.5: neighbours 2 (d 0.5), 1 (1.5), 4 (1.5) → weights 2, 2/3, 2/3.
    const p = m.predictProba([[2.5]]).row(0);
    expect(p[0]).toBeCloseTo((2 / 3) / (2 + 4 / 3), 15);
    expect(p[1]).toBeCloseTo((2 + 2 / 3) / (2 + 4 / 3), 15);
    const u = new KNeighborsClassifier({ nNeighbors: 2 }).fit(X, ['a', 'b', 'b', 'a']);
    expect(u.predict([[0.5]])).toEqual(['a']); // a 1–1 vote: the smaller class wins, as scikit-learn's mode
  });
});

describe('KNeighborsClassifier properties (fast-check)', () => {
  const arb = arbClassificationDataset({ nSamples: { min: 6, max: 40 }, nFeatures: { min: 1, max: 5 }, separation: 3 });

  it('row permutation of the training set: the same neighbour distances; the same predictions where no tie straddles the k-th distance', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 6 }), fc.constantFrom('brute', 'kd_tree'), fc.constantFrom('uniform', 'distance'), (ds, kk, algorithm, weights) => {
        const { X, y } = ds;
        const k = Math.min(kk, X.rows - 1);
        const perm = new Rng(X.rows).permutation(X.rows);
        const Xp = new Matrix(X.rows, X.cols);
        const yp = new Int32Array(X.rows);
        perm.forEach((src, i) => {
          Xp.data.set(X.row(src), i * X.cols);
          yp[i] = y[src]!;
        });
        const Q = X; // query at the training points and a shifted copy
        const Q2 = new Matrix(X.rows, X.cols, X.data.map((v) => v + 0.37));
        const a = new KNeighborsClassifier({ nNeighbors: k, algorithm, weights }).fit(X, y);
        const b = new KNeighborsClassifier({ nNeighbors: k, algorithm, weights }).fit(Xp, yp);
        for (const q of [Q, Q2]) {
          const ra = a.kneighbors(q, Math.min(k + 1, X.rows));
          const rb = b.kneighbors(q, Math.min(k + 1, X.rows));
          expect(Array.from(rb.distances.data)).toEqual(Array.from(ra.distances.data));
          const pa = a.predict(q);
          const pb = b.predict(q);
          for (let i = 0; i < q.rows; i++) {
            const kth = ra.distances.get(i, k - 1);
            const tied = k < X.rows && ra.distances.get(i, k) === kth;
            if (!tied) expect(pb[i]).toBe(pa[i]);
            // with no tie, the neighbours are the same points: their original indices agree
            if (!tied) {
              const ia = new Set(Array.from(ra.indices.subarray(i * ra.distances.cols, i * ra.distances.cols + k)));
              const ib = Array.from(rb.indices.subarray(i * rb.distances.cols, i * rb.distances.cols + k), (t) => perm[t]!);
              expect(ib.every((t) => ia.has(t))).toBe(true);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('scaling X up by a power of two (exact in floating point) scales every distance exactly and changes no neighbour or prediction', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 8 }), fc.constantFrom('brute', 'kd_tree'), fc.constantFrom(1, 2, 3), (ds, e, algorithm, p) => {
        const s = 2 ** e;
        const { y } = ds;
        // Entries on a 2^-20 grid: a difference below ~1e-154 would square into the subnormal
        // range, where scaling is no longer exact (a counterexample fast-check found: 4.9e-164).
        const X = new Matrix(ds.X.rows, ds.X.cols, ds.X.data.map((v) => Math.round(v * 2 ** 20) / 2 ** 20));
        const Xs = new Matrix(X.rows, X.cols, X.data.map((v) => v * s));
        const k = Math.min(3, X.rows);
        const a = new KNeighborsClassifier({ nNeighbors: k, algorithm, p, weights: 'distance' }).fit(X, y);
        const b = new KNeighborsClassifier({ nNeighbors: k, algorithm, p, weights: 'distance' }).fit(Xs, y);
        const ra = a.kneighbors(null, k - 1 || 1);
        const rb = b.kneighbors(null, k - 1 || 1);
        expect(Array.from(rb.indices)).toEqual(Array.from(ra.indices));
        // p = 3 takes a cube root, which is exact up to rounding only
        if (p !== 3) expect(Array.from(rb.distances.data)).toEqual(Array.from(ra.distances.data, (v) => v * s));
        expect(Array.from(b.predict(Xs))).toEqual(Array.from(a.predict(X)));
      }),
      { numRuns: 100 },
    );
  });

  it('brute force and kd-tree agree exactly on neighbours, probabilities and predictions', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 7 }), fc.constantFrom('uniform', 'distance'), fc.constantFrom(1, 2, 2.5), (ds, kk, weights, p) => {
        const k = Math.min(kk, ds.X.rows);
        const a = new KNeighborsClassifier({ nNeighbors: k, algorithm: 'brute', weights, p }).fit(ds.X, ds.y);
        const b = new KNeighborsClassifier({ nNeighbors: k, algorithm: 'kd_tree', weights, p, leafSize: 2 }).fit(ds.X, ds.y);
        const Q = new Matrix(ds.X.rows, ds.X.cols, ds.X.data.map((v, t) => v + ((t % 3) - 1) * 0.5));
        expect(Array.from(b.kneighbors(Q).indices)).toEqual(Array.from(a.kneighbors(Q).indices));
        expect(Array.from(b.predictProba(Q).data)).toEqual(Array.from(a.predictProba(Q).data));
        expect(Array.from(b.predict(Q))).toEqual(Array.from(a.predict(Q)));
      }),
      { numRuns: 100 },
    );
  });
});
