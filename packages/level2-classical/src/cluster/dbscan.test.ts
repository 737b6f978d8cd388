/**
 * DBSCAN: the clusterer contract (core's suite cannot drive an estimator without predict or
 * transform), params, small worked cases and properties.
 */
import { InvalidParamError, Matrix, NotFittedError, Rng } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClusterer } from './cluster-contract.test-utils.js';
import { DBSCAN } from './dbscan.js';
import { radiusNeighbors } from './radius-neighbors.js';

checkClusterer('DBSCAN', () => new DBSCAN({ eps: 1.5, minSamples: 3 }), DBSCAN.fromJSON);
checkClusterer('DBSCAN(manhattan, brute)', () => new DBSCAN({ eps: 2, minSamples: 4, metric: 'manhattan', algorithm: 'brute' }), DBSCAN.fromJSON);

function cloud(n: number, d: number, seed: number, scale = 3): Matrix {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  for (let q = 0; q < n * d; q++) X.data[q] = rng.normal(0, scale) + (q % 7 === 0 ? 10 : 0);
  return X;
}

describe('DBSCAN params and basic cases', () => {
  it('rejects bad params in fit with InvalidParamError naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ eps: 0 }, 'eps'], [{ eps: -1 }, 'eps'], [{ eps: Infinity }, 'eps'], [{ minSamples: 0 }, 'minSamples'], [{ minSamples: 2.5 }, 'minSamples'],
      [{ metric: 'cosine' }, 'metric'], [{ algorithm: 'ball_tree' }, 'algorithm'], [{ leafSize: 0 }, 'leafSize'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new DBSCAN(opts as never).fit([[0], [1]]), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => new DBSCAN(opts as never).fit([[0], [1]])).toThrow(new RegExp(`param ${param} must be`));
    }
  });

  it('getters before fit throw NotFittedError', () => {
    const db = new DBSCAN();
    for (const g of ['labels', 'coreSampleIndices', 'components', 'nFeaturesIn'] as const) expect(() => db[g]).toThrow(NotFittedError);
  });

  it('a worked example: two dense runs, a bridge point, noise; a neighbour at exactly eps counts', () => {
    // 1-D: 0,1,2 (cluster A), 10,11,12 (cluster B), 6 (noise), 3 (border of A at distance 1 = eps).
    const X = [[0], [1], [2], [10], [11], [12], [6], [3]];
    const db = new DBSCAN({ eps: 1, minSamples: 3 }).fit(X);
    expect(Array.from(db.labels)).toEqual([0, 0, 0, 1, 1, 1, -1, 0]);
    expect(Array.from(db.coreSampleIndices)).toEqual([1, 2, 4]); // 0 and 3 have 2 neighbours each (self included)
    expect(db.components.toArray()).toEqual([[1], [2], [11]]);
  });

  it('a border point reachable from two clusters joins the lower-numbered one; minSamples 1 makes every point core', () => {
    const X = [[0], [1], [2], [4], [5], [6]]; // 3 is absent: 2 and 4 are 2 apart
    const db = new DBSCAN({ eps: 2, minSamples: 4 }).fit(X.concat([[3]])); // 3 bridges: every point is core now
    expect(new Set(db.labels).size).toBe(1);
    // 2.8 has 3 neighbours (< 4: a border point) and is within eps of core points of both runs.
    const A = [[0], [0.5], [1], [1.5]], B = [[4.1], [4.6], [5.1], [5.6]];
    const ab = new DBSCAN({ eps: 1.4, minSamples: 4 }).fit([...A, [2.8], ...B]);
    expect(Array.from(ab.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const ba = new DBSCAN({ eps: 1.4, minSamples: 4 }).fit([...B, [2.8], ...A]);
    expect(Array.from(ba.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]); // listed first, B is cluster 0 and takes 2.8
    expect(Array.from(new DBSCAN({ eps: 0.1, minSamples: 1 }).fit([[0], [1], [2]]).labels)).toEqual([0, 1, 2]);
  });

  it('sample weights: a heavy point is core alone; zero weights make noise', () => {
    const X = [[0], [5], [5.5], [20]];
    const db = new DBSCAN({ eps: 1, minSamples: 3 }).fit(X, null, [3, 1, 1, 0.5]);
    expect(Array.from(db.labels)).toEqual([0, -1, -1, -1]);
    expect(Array.from(db.coreSampleIndices)).toEqual([0]);
  });
});

describe('DBSCAN properties (fast-check)', () => {
  it('k-d tree and brute force find the same neighbours (euclidean and manhattan, any leaf size)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('euclidean' as const, 'manhattan' as const), fc.double({ min: 0.1, max: 8, noNaN: true }), (seed, d, leaf, metric, eps) => {
        const X = cloud(80, d, seed);
        const a = radiusNeighbors(X.data, 80, d, eps, metric, 'brute');
        const b = radiusNeighbors(X.data, 80, d, eps, metric, 'kd_tree', leaf);
        return a.every((row, i) => JSON.stringify(Array.from(row)) === JSON.stringify(Array.from(b[i]!).sort((u, v) => u - v)));
      }),
      { numRuns: 60 },
    );
  });

  it('translation leaves labels unchanged (an integer shift of dyadic data is exact)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: -1000, max: 1000 }), (seed, shift) => {
        const rng = new Rng(seed);
        const X = Array.from({ length: 60 }, () => [rng.int(64) / 4, rng.int(64) / 4]); // multiples of 1/4: shifts and distances are exact
        const a = new DBSCAN({ eps: 1.3, minSamples: 4 }).fit(X).labels;
        const b = new DBSCAN({ eps: 1.3, minSamples: 4 }).fit(X.map((r) => r.map((v) => v + shift))).labels;
        expect(Array.from(b)).toEqual(Array.from(a));
      }),
      { numRuns: 30 },
    );
  });

  it('permuting the rows permutes the core set and keeps the partition of core points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const X = cloud(70, 2, seed, 2);
        const perm = new Rng(seed + 1).permutation(70);
        const Y = Matrix.from(Array.from(perm, (i) => Array.from(X.row(i))));
        const a = new DBSCAN({ eps: 1.2, minSamples: 4 }).fit(X);
        const b = new DBSCAN({ eps: 1.2, minSamples: 4 }).fit(Y);
        const coreA = new Set(a.coreSampleIndices);
        expect(new Set(Array.from(b.coreSampleIndices, (q) => perm[q]!))).toEqual(coreA);
        // Two core points share a cluster in one run iff they do in the other (border points may
        // legitimately switch between clusters that both reach them: DBSCAN's order dependence).
        const la = a.labels, lb = b.labels;
        const inv = new Int32Array(70);
        perm.forEach((i, q) => (inv[i] = q));
        const cores = [...coreA];
        for (const i of cores) for (const j of cores) expect(la[i] === la[j]).toBe(lb[inv[i]!] === lb[inv[j]!]);
        // Noise is the same set.
        for (let i = 0; i < 70; i++) expect(la[i] === -1).toBe(lb[inv[i]!] === -1);
      }),
      { numRuns: 25 },
    );
  });
});
