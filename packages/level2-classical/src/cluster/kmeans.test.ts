/**
 * KMeans: core's contract suite (as a transformer), the clusterer contract, params and errors,
 * and properties (monotone Lloyd inertia, translation invariance, permutation of rows).
 */
import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator, expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClusterer, clusterData } from './cluster-contract.test-utils.js';
import { LloydWorkspace, inertiaOf, lloydStep } from './kmeans-lloyd.js';
import { KMeans, sameClustering } from './kmeans.js';
import { kmeansPlusPlus } from './kmeans-init.js';
import { crossDots } from './kernels.js';
import { adjustedRandScore } from './rand-index.js';

checkEstimator('KMeans', () => new KMeans({ nClusters: 3, seed: 0 }));
checkEstimator('KMeans(random init, elkan)', () => new KMeans({ nClusters: 3, init: 'random', algorithm: 'elkan', seed: 7 }));
checkClusterer('KMeans', () => new KMeans({ nClusters: 3, seed: 1 }), KMeans.fromJSON);

/** n points around k random centres in d dimensions. */
function blobs(n: number, d: number, k: number, seed: number, spread = 1): Matrix {
  const rng = new Rng(seed);
  const C = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.uniform(-10, 10)));
  const X = new Matrix(n, d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = C[i % k]![j]! + rng.normal(0, spread);
  return X;
}

describe('KMeans params and input', () => {
  it('rejects bad params in fit with InvalidParamError naming the param', () => {
    const X = blobs(20, 2, 2, 0);
    const bad: [Record<string, unknown>, string][] = [
      [{ nClusters: 0 }, 'nClusters'], [{ nClusters: 2.5 }, 'nClusters'], [{ nClusters: 21 }, 'nClusters'], [{ init: 'kmeans' }, 'init'],
      [{ init: [[0, 0]] }, 'init'], [{ nClusters: 2, init: [[0, 0], [1]] }, 'init'], [{ nClusters: 1, init: [[NaN, 0]] }, 'init'],
      [{ nInit: 0 }, 'nInit'], [{ nInit: 'warn' }, 'nInit'], [{ maxIter: 0 }, 'maxIter'], [{ tol: -1 }, 'tol'], [{ algorithm: 'full' }, 'algorithm'],
      [{ seed: -1 }, 'seed'], [{ seed: 1.5 }, 'seed'],
    ];
    for (const [opts, param] of bad) {
      const km = new KMeans({ nClusters: 2, ...opts } as never);
      expect(() => km.fit(X), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => km.fit(X), JSON.stringify(opts)).toThrow(new RegExp(`param ${param} must be`));
    }
  });

  it('checks sample weights: length, sign, finiteness, total', () => {
    const X = blobs(10, 2, 2, 1);
    const km = new KMeans({ nClusters: 2 });
    expect(() => km.fit(X, null, new Float64Array(9))).toThrow(ShapeError);
    expect(() => km.fit(X, null, Array.from({ length: 10 }, (_, i) => (i === 3 ? -1 : 1)))).toThrow(/non-negative/);
    expect(() => km.fit(X, null, new Float64Array(10))).toThrow(/positive sum/);
    expect(() => km.fit(X, null, Array.from({ length: 10 }, (_, i) => (i === 3 ? NaN : 1)))).toThrow(InvalidInputError);
  });

  it('getters before fit throw NotFittedError; wrong widths throw ShapeError', () => {
    const km = new KMeans({ nClusters: 2 });
    for (const g of ['clusterCenters', 'labels', 'inertia', 'nIter', 'nFeaturesIn', 'warnings'] as const) expect(() => km[g]).toThrow(NotFittedError);
    km.fit(blobs(10, 3, 2, 2));
    expect(() => km.predict([[1, 2]])).toThrow(/X has 2 columns but the model was fit with 3/);
    expect(() => km.score([[1, 2, 3, 4]])).toThrow(ShapeError);
  });

  it('warns when fewer distinct clusters than nClusters exist (duplicate points)', () => {
    const X = [[0, 0], [0, 0], [0, 0], [1, 1]];
    const km = new KMeans({ nClusters: 3, nInit: 1 }).fit(X);
    expect(km.warnings.length).toBe(1);
    expect(km.warnings[0]!.message).toMatch(/distinct clusters \(2\)/);
    expect(new KMeans({ nClusters: 2 }).fit(X).warnings).toEqual([]);
  });

  it("an explicit init runs once, from exactly those centers; 'auto' nInit is 1 for k-means++", () => {
    const X = blobs(60, 2, 3, 3);
    const init = [Array.from(X.row(0)), Array.from(X.row(1)), Array.from(X.row(2))];
    const a = new KMeans({ nClusters: 3, init, nInit: 10 }).fit(X);
    const b = new KMeans({ nClusters: 3, init: Matrix.from(init), nInit: 1 }).fit(X);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.clusterCenters.data)).toEqual(Array.from(b.clusterCenters.data));
    const auto = new KMeans({ nClusters: 3, nInit: 'auto', seed: 4 }).fit(X);
    const one = new KMeans({ nClusters: 3, nInit: 1, seed: 4 }).fit(X);
    expect(auto.inertia).toBe(one.inertia);
  });
});

describe('KMeans outputs', () => {
  it('transform is the distance to each center; score is −inertia on the training data; fitTransform = fit + transform', () => {
    const X = blobs(50, 3, 4, 5);
    const km = new KMeans({ nClusters: 4, seed: 0 }).fit(X);
    const T = km.transform(X);
    const C = km.clusterCenters;
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let q = 0; q < 3; q++) s += (X.get(i, q) - C.get(j, q)) ** 2;
        expectClose(T.get(i, j), Math.sqrt(s), { rtol: 1e-14, atol: 1e-14 });
      }
    }
    const pred = km.predict(X);
    expect(Array.from(pred)).toEqual(Array.from(km.labels));
    pred.forEach((l, i) => expect(T.get(i, l)).toBeCloseTo(Math.min(...T.row(i)), 12));
    expectClose(km.score(X), -km.inertia, { rtol: 1e-12 });
    expectClose(new KMeans({ nClusters: 4, seed: 0 }).fitTransform(X), T, { rtol: 0, atol: 0 });
  });

  it('sample weights: integer weights act as repeated rows (same centers and inertia, explicit init)', () => {
    const X = blobs(30, 2, 3, 6);
    const w = Array.from({ length: 30 }, (_, i) => 1 + (i % 3));
    const rep: number[][] = [];
    for (let i = 0; i < 30; i++) for (let r = 0; r < w[i]!; r++) rep.push(Array.from(X.row(i)));
    const init = [0, 1, 2].map((i) => Array.from(X.row(i)));
    const a = new KMeans({ nClusters: 3, init }).fit(X, null, w);
    const b = new KMeans({ nClusters: 3, init }).fit(rep);
    expectClose(a.clusterCenters, b.clusterCenters, { rtol: 1e-12, atol: 1e-12 });
    expectClose(a.inertia, b.inertia, { rtol: 1e-12 });
  });

  it('relocates an empty cluster to the point farthest from its center', () => {
    const X = [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [30, 30]];
    const km = new KMeans({ nClusters: 3, init: [[0, 0], [10, 10], [1000, 1000]], maxIter: 1, tol: 0 }).fit(X);
    // Iteration 1: the far center gets nothing; (30, 30) is farthest from its center (10, 10) and moves there.
    expectClose(km.clusterCenters, [[1 / 3, 1 / 3], [10, 10.5], [30, 30]], { rtol: 1e-14, atol: 1e-14 }); // centred data: rounding only
    expect(Array.from(km.labels)).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('Elkan gives the same result as Lloyd', () => {
    for (const seed of [0, 1, 2]) {
      const X = blobs(200, 5, 6, seed, 3);
      const a = new KMeans({ nClusters: 6, nInit: 2, seed }).fit(X);
      const b = new KMeans({ nClusters: 6, nInit: 2, seed, algorithm: 'elkan' }).fit(X);
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
      expectClose(b.clusterCenters, a.clusterCenters, { rtol: 1e-12, atol: 1e-12 });
      expect(b.nIter).toBe(a.nIter);
    }
  });

  it('k-means++ picks distinct rows and spreads them (one per well-separated blob)', () => {
    const X = blobs(300, 2, 5, 8, 0.1);
    const idx = kmeansPlusPlus(X.data, 300, 2, 5, new Rng(0));
    expect(new Set(Array.from(idx, (i) => i % 5)).size).toBe(5);
  });

  it('sameClustering compares partitions up to renaming', () => {
    expect(sameClustering(Int32Array.from([0, 0, 1, 2]), Int32Array.from([2, 2, 0, 1]), 3)).toBe(true);
    expect(sameClustering(Int32Array.from([0, 0, 1, 2]), Int32Array.from([2, 1, 0, 1]), 3)).toBe(false);
  });
});

describe('KMeans properties (fast-check)', () => {
  it('crossDots (the JS path) equals plain left-to-right dot products for every block shape (rows, centers, features)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (m, k, d, r0, seed) => {
        const rng = new Rng(seed);
        const X = Float64Array.from({ length: (r0 + m) * d }, () => rng.normal(0, 1));
        const C = Float64Array.from({ length: k * d }, () => rng.normal(0, 1));
        const out = new Float64Array(m * k);
        crossDots(X, r0, r0 + m, d, C, k, out);
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) {
          let s = 0;
          for (let p = 0; p < d; p++) s += X[(r0 + i) * d + p]! * C[j * d + p]!;
          if (out[i * k + j] !== s) return false; // same order of summation: bit for bit
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  // Random data and inits: the inertia after each Lloyd step never exceeds the one before
  // (assignment and update both minimise it), up to rounding.
  it('inertia is non-increasing over Lloyd iterations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), (seed, k, d) => {
        const X = blobs(40, d, 3, seed, 2);
        const n = X.rows;
        const w = new Float64Array(n).fill(1);
        let C = X.data.slice(0, k * d);
        let Cn = new Float64Array(k * d);
        const labels = new Int32Array(n);
        const ws = new LloydWorkspace(k);
        let prev = Infinity;
        for (let it = 0; it < 15; it++) {
          lloydStep(X.data, n, d, w, C, k, labels, ws, Cn);
          const J = inertiaOf(X.data, n, d, w, C, labels); // after assignment, before the move
          if (J > prev * (1 + 1e-12) + 1e-12) return false;
          [C, Cn] = [Cn, C];
          lloydStep(X.data, n, d, w, C, k, labels, ws, null);
          prev = inertiaOf(X.data, n, d, w, C, labels); // after the move and re-assignment
          if (prev > J * (1 + 1e-12) + 1e-12) return false;
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('translating X translates the centers and keeps labels and inertia', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 3 }), (seed, shift) => {
        const X = blobs(45, 3, 3, seed, 0.5);
        const Y = new Matrix(45, 3, X.data.map((v, q) => v + shift[q % 3]!));
        const a = new KMeans({ nClusters: 3, nInit: 2, seed: 3 }).fit(X);
        const b = new KMeans({ nClusters: 3, nInit: 2, seed: 3 }).fit(Y);
        expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
        expectClose(b.clusterCenters.data.map((v, q) => v - shift[q % 3]!), a.clusterCenters.data, { rtol: 1e-9, atol: 1e-9 });
        expectClose(b.inertia, a.inertia, { rtol: 1e-9, atol: 1e-9 });
      }),
      { numRuns: 25 },
    );
  });

  it('permuting the rows (with an explicit init) permutes the labels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const X = blobs(40, 2, 4, seed, 1.5);
        const perm = new Rng(seed).permutation(40);
        const Y = Matrix.from(Array.from(perm, (i) => Array.from(X.row(i))));
        const init = [0, 1, 2, 3].map((i) => Array.from(X.row(i)));
        const a = new KMeans({ nClusters: 4, init }).fit(X);
        const b = new KMeans({ nClusters: 4, init }).fit(Y);
        expect(Array.from(b.labels)).toEqual(Array.from(perm, (i) => a.labels[i]!));
        expectClose(b.inertia, a.inertia, { rtol: 1e-10 });
      }),
      { numRuns: 25 },
    );
  });

  it('recovers well-separated blobs (ARI = 1)', () => {
    const X = blobs(120, 2, 4, 11, 0.3);
    const truth = Int32Array.from({ length: 120 }, (_, i) => i % 4);
    expect(adjustedRandScore(truth, new KMeans({ nClusters: 4, seed: 0 }).fit(X).labels)).toBe(1);
  });
});

export { clusterData };
