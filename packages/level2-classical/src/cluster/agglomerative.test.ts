/**
 * AgglomerativeClustering: the clusterer contract, params, and properties against a naive
 * O(n³) greedy merger written from the linkage definitions.
 */
import { InvalidParamError, NotFittedError, Rng } from '@fpml/core';
import { expectClose } from '@fpml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgglomerativeClustering } from './agglomerative.js';
import { checkClusterer } from './cluster-contract.test-utils.js';
import { hcCut } from './hc-cut.js';
import type { Linkage } from './linkage.js';
import { adjustedRandScore } from './rand-index.js';

const LINKAGES: Linkage[] = ['ward', 'complete', 'average', 'single'];
for (const linkage of LINKAGES) {
  checkClusterer(`AgglomerativeClustering(${linkage})`, () => new AgglomerativeClustering({ nClusters: 3, linkage }), AgglomerativeClustering.fromJSON);
}
checkClusterer('AgglomerativeClustering(average, manhattan, threshold)', () => new AgglomerativeClustering({ nClusters: null, distanceThreshold: 3, linkage: 'average', metric: 'manhattan' }), AgglomerativeClustering.fromJSON);

function points(n: number, d: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal(0, 1)));
}

/** Greedy agglomeration from the definitions: merge the closest pair (by the linkage) n − 1 times. */
function naive(X: number[][], linkage: Linkage): { merges: [Set<number>, Set<number>][]; heights: number[] } {
  const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, q) => s + (v - b[q]!) ** 2, 0));
  let clusters: number[][] = X.map((_, i) => [i]);
  const merges: [Set<number>, Set<number>][] = [];
  const heights: number[] = [];
  const link = (A: number[], B: number[]): number => {
    if (linkage === 'ward') {
      const mean = (C: number[]) => X[0]!.map((_, q) => C.reduce((s, i) => s + X[i]![q]!, 0) / C.length);
      return Math.sqrt((2 * A.length * B.length) / (A.length + B.length)) * dist(mean(A), mean(B));
    }
    const ds = A.flatMap((i) => B.map((j) => dist(X[i]!, X[j]!)));
    if (linkage === 'single') return Math.min(...ds);
    if (linkage === 'complete') return Math.max(...ds);
    return ds.reduce((s, v) => s + v, 0) / ds.length;
  };
  while (clusters.length > 1) {
    let best = Infinity, bi = 0, bj = 1;
    for (let i = 0; i < clusters.length; i++) for (let j = i + 1; j < clusters.length; j++) {
      const v = link(clusters[i]!, clusters[j]!);
      if (v < best) [best, bi, bj] = [v, i, j];
    }
    merges.push([new Set(clusters[bi]), new Set(clusters[bj])]);
    heights.push(best);
    const merged = [...clusters[bi]!, ...clusters[bj]!];
    clusters = clusters.filter((_, q) => q !== bi && q !== bj).concat([merged]);
  }
  return { merges, heights };
}

/** Leaves under each node of a children list. */
function leavesOf(children: [number, number][], n: number): Set<number>[] {
  const sets: Set<number>[] = Array.from({ length: n }, (_, i) => new Set([i]));
  children.forEach(([a, b]) => sets.push(new Set([...sets[a]!, ...sets[b]!])));
  return sets;
}

const sameSet = (a: Set<number>, b: Set<number>) => a.size === b.size && [...a].every((v) => b.has(v));

describe('AgglomerativeClustering params', () => {
  it('rejects bad params in fit with InvalidParamError naming the param', () => {
    const X = points(6, 2, 0);
    const bad: [Record<string, unknown>, string][] = [
      [{ nClusters: 0 }, 'nClusters'], [{ nClusters: 7 }, 'nClusters'], [{ nClusters: null }, 'nClusters'], [{ nClusters: 2, distanceThreshold: 1 }, 'nClusters'],
      [{ nClusters: null, distanceThreshold: -1 }, 'distanceThreshold'], [{ linkage: 'centroid' }, 'linkage'], [{ metric: 'cosine' }, 'metric'],
      [{ linkage: 'ward', metric: 'manhattan' }, 'metric'], [{ computeDistances: 'yes' }, 'computeDistances'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new AgglomerativeClustering(opts as never).fit(X), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => new AgglomerativeClustering(opts as never).fit(X)).toThrow(new RegExp(`param ${param} must be`));
    }
    expect(() => new AgglomerativeClustering().fit([[1, 2]])).toThrow(/at least 2 samples/);
  });

  it('getters before fit throw NotFittedError; distances are null unless asked for', () => {
    const ag = new AgglomerativeClustering();
    for (const g of ['labels', 'children', 'distances', 'nLeaves', 'nClusters', 'nFeaturesIn'] as const) expect(() => ag[g]).toThrow(NotFittedError);
    expect(ag.fit(points(5, 2, 1)).distances).toBeNull();
    expect(new AgglomerativeClustering({ computeDistances: true }).fit(points(5, 2, 1)).distances!.length).toBe(4);
  });
});

describe('AgglomerativeClustering properties (fast-check)', () => {
  it('the tree equals a naive greedy merger from the linkage definitions (same merges, same heights)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...LINKAGES), (seed, n, d, linkage) => {
        const X = points(n, d, seed);
        const ag = new AgglomerativeClustering({ nClusters: 1, linkage, computeDistances: true }).fit(X);
        const ref = naive(X, linkage);
        const sets = leavesOf(ag.children, n);
        ag.children.forEach(([a, b], s) => {
          const [p, q] = ref.merges[s]!;
          expect((sameSet(sets[a]!, p) && sameSet(sets[b]!, q)) || (sameSet(sets[a]!, q) && sameSet(sets[b]!, p))).toBe(true);
        });
        expectClose(ag.distances!, ref.heights, { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 80 },
    );
  });

  it('a valid tree: heights non-decreasing, every node merged once, node n + s made at step s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...LINKAGES), (seed, linkage) => {
        const n = 40;
        const ag = new AgglomerativeClustering({ nClusters: 4, linkage, computeDistances: true }).fit(points(n, 2, seed));
        const h = ag.distances!;
        for (let s = 1; s < n - 1; s++) expect(h[s]!).toBeGreaterThanOrEqual(h[s - 1]!);
        const used = new Set<number>();
        ag.children.forEach(([a, b], s) => {
          expect(a).toBeLessThan(n + s);
          expect(b).toBeLessThan(n + s);
          for (const v of [a, b]) {
            expect(used.has(v)).toBe(false);
            used.add(v);
          }
        });
        expect(used.size).toBe(2 * n - 2);
      }),
      { numRuns: 30 },
    );
  });

  it('translation leaves the tree unchanged (integer data and shifts: exact)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(...LINKAGES), (seed, shift, linkage) => {
        const rng = new Rng(seed);
        const X = Array.from({ length: 25 }, () => [rng.int(1000), rng.int(1000)]);
        const a = new AgglomerativeClustering({ nClusters: 3, linkage, computeDistances: true }).fit(X);
        const b = new AgglomerativeClustering({ nClusters: 3, linkage, computeDistances: true }).fit(X.map((r) => r.map((v) => v + shift)));
        expect(b.children).toEqual(a.children);
        expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
        expect(Array.from(b.distances!)).toEqual(Array.from(a.distances!));
      }),
      { numRuns: 30 },
    );
  });

  it('cutting for k clusters gives k labels 0..k−1; a threshold gives (#heights ≥ t) + 1 clusters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom(...LINKAGES), (seed, k, linkage) => {
        const X = points(20, 2, seed);
        const ag = new AgglomerativeClustering({ nClusters: k, linkage, computeDistances: true }).fit(X);
        expect(new Set(ag.labels)).toEqual(new Set(Array.from({ length: k }, (_, i) => i)));
        const h = ag.distances!;
        const t = h[Math.min(h.length - 1, 20 - k)]!;
        const th = new AgglomerativeClustering({ nClusters: null, distanceThreshold: t, linkage }).fit(X);
        expect(th.nClusters).toBe(h.filter((v) => v >= t).length + 1);
        expect(new Set(th.labels).size).toBe(th.nClusters);
      }),
      { numRuns: 40 },
    );
  });

  it('hcCut numbers clusters in heap order (scikit-learn), and finds the right partition', () => {
    // 4 leaves: step 0 merges (0, 1) → 4, step 1 (2, 3) → 5, step 2 (4, 5) → 6.
    const children = Int32Array.from([0, 1, 2, 3, 4, 5]);
    expect(Array.from(hcCut(1, children, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(hcCut(2, children, 4))).toEqual([1, 1, 0, 0]); // heap [-5, -4]: node 5 first
    // Expected values printed by scikit-learn 1.2.1's sklearn.cluster._agglomerative._hc_cut(k, children, 4).
    expect(Array.from(hcCut(3, children, 4))).toEqual([0, 0, 2, 1]);
    expect(Array.from(hcCut(4, children, 4))).toEqual([3, 1, 2, 0]);
  });

  it('recovers well-separated blobs with every linkage (ARI = 1)', () => {
    const rng = new Rng(3);
    const X = Array.from({ length: 60 }, (_, i) => [10 * (i % 3) + rng.normal(0, 0.5), 10 * ((i % 3) % 2) + rng.normal(0, 0.5)]);
    const truth = Array.from({ length: 60 }, (_, i) => i % 3);
    for (const linkage of LINKAGES) expect(adjustedRandScore(truth, new AgglomerativeClustering({ nClusters: 3, linkage }).fit(X).labels)).toBe(1);
  });
});
