/**
 * Invariances of CART (fast-check; the run's seed is printed, and fast-check prints the failing
 * seed and path, so a failure can be replayed with `{ seed, path }`):
 * - a split depends only on the order of each feature's values, so a strictly increasing
 *   transform of any feature (and in particular positive scaling) leaves the partition of the
 *   training rows, hence every training prediction, unchanged;
 * - the rows' order does not matter (classification always, since counts are exact; regression
 *   when no feature has tied values, so every sum is taken in the same order);
 * - a row of weight 2 is the same as that row twice (integer targets keep every sum exact).
 * Values are integers in [-30, 30] so that transforms keep distinct values more than 1e-7 apart
 * (closer values count as equal, as in sklearn).
 */
import { Matrix } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from './decision-tree-classifier.js';
import { DecisionTreeRegressor } from './decision-tree-regressor.js';
import type { Tree } from './tree-structure.js';

const SEED = Date.now() % 2147483647;
const RUNS = 60;
process.stdout.write(`tree.property.test fast-check seed: ${SEED}\n`);

interface Data {
  X: number[][];
  yc: number[];
  yr: number[];
}

/** n rows, d integer features in [-30, 30], 3 classes and integer targets. */
const arbData = (unique = false): fc.Arbitrary<Data> =>
  fc.record({ n: fc.integer({ min: 4, max: 30 }), d: fc.integer({ min: 1, max: 4 }) }).chain(({ n, d }) =>
    fc.record({
      cols: fc.array(unique ? fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }) : fc.array(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }), { minLength: d, maxLength: d }),
      yc: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
      yr: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n }),
    }).map(({ cols, yc, yr }) => ({ X: Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!)), yc, yr })),
  );

/** Strictly increasing maps on [-30, 30] that keep gaps between integers well above 1e-7. */
const MONOTONE: ((x: number) => number)[] = [(x) => 3 * x + 1, (x) => x ** 3 / 100 + x, (x) => Math.exp(x / 10), (x) => -1 / (x + 31), (x) => Math.atan(x / 5) * 1000];

function structure(t: Tree): unknown {
  return { left: Array.from(t.childrenLeft), right: Array.from(t.childrenRight), feature: Array.from(t.feature), value: Array.from(t.value), imp: Array.from(t.impurity) };
}

describe('CART invariances (fast-check)', () => {
  it('strictly increasing transforms of the features leave the tree and the training predictions unchanged', () => {
    fc.assert(
      fc.property(arbData(), fc.array(fc.integer({ min: 0, max: MONOTONE.length - 1 }), { minLength: 4, maxLength: 4 }), ({ X, yc, yr }, pick) => {
        const T = X.map((row) => row.map((v, j) => MONOTONE[pick[j]!]!(v)));
        const a = new DecisionTreeClassifier().fit(X, yc);
        const b = new DecisionTreeClassifier().fit(T, yc);
        expect(structure(b.tree)).toEqual(structure(a.tree));
        expect(Array.from(b.predict(T) as Int32Array)).toEqual(Array.from(a.predict(X) as Int32Array));
        const ra = new DecisionTreeRegressor({ maxDepth: 4 }).fit(X, yr);
        const rb = new DecisionTreeRegressor({ maxDepth: 4 }).fit(T, yr);
        expect(Array.from(rb.predict(T))).toEqual(Array.from(ra.predict(X)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('scaling each feature by a positive constant does not change the training predictions', () => {
    fc.assert(
      fc.property(arbData(), fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }), ({ X, yc, yr }, c) => {
        const S = X.map((row) => row.map((v, j) => v * c[j]!));
        expect(Array.from(new DecisionTreeClassifier({ criterion: 'entropy' }).fit(S, yc).predictProba(S).data)).toEqual(
          Array.from(new DecisionTreeClassifier({ criterion: 'entropy' }).fit(X, yc).predictProba(X).data),
        );
        expect(Array.from(new DecisionTreeRegressor().fit(S, yr).predict(S))).toEqual(Array.from(new DecisionTreeRegressor().fit(X, yr).predict(X)));
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('permuting the rows gives the same tree (classification: any data; regression: no tied values)', () => {
    fc.assert(
      fc.property(arbData(), arbData(true), fc.integer({ min: 0, max: 1000 }), (tied, distinct, s) => {
        const perm = (n: number) => Array.from({ length: n }, (_, i) => i).sort((i, j) => ((i * 7919 + s) % 101) - ((j * 7919 + s) % 101) || i - j);
        const p = perm(tied.X.length);
        const a = new DecisionTreeClassifier().fit(tied.X, tied.yc);
        const b = new DecisionTreeClassifier().fit(p.map((i) => tied.X[i]!), p.map((i) => tied.yc[i]!));
        expect(structure(b.tree)).toEqual(structure(a.tree));
        expect(Array.from(b.tree.threshold)).toEqual(Array.from(a.tree.threshold));
        const q = perm(distinct.X.length);
        const ra = new DecisionTreeRegressor().fit(distinct.X, distinct.yr);
        const rb = new DecisionTreeRegressor().fit(q.map((i) => distinct.X[i]!), q.map((i) => distinct.yr[i]!));
        expect(rb.tree.toJSON()).toEqual(ra.tree.toJSON());
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it('a row of weight 2 is the same as the row twice', () => {
    fc.assert(
      fc.property(arbData(), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), ({ X, yc, yr }, twice) => {
        const w = X.map((_, i) => (twice[i] ? 2 : 1));
        const dup = X.flatMap((_, i) => (twice[i] ? [i, i] : [i]));
        const Xd = dup.map((i) => X[i]!);
        const a = new DecisionTreeClassifier().fit(X, yc, w);
        const b = new DecisionTreeClassifier().fit(Xd, dup.map((i) => yc[i]!));
        expect(Array.from(a.predictProba(X).data)).toEqual(Array.from(b.predictProba(X).data));
        expect(Array.from(a.tree.impurity)).toEqual(Array.from(b.tree.impurity));
        expect(Array.from(a.tree.weightedNNodeSamples)).toEqual(Array.from(b.tree.weightedNNodeSamples));
        const ra = new DecisionTreeRegressor().fit(X, yr, w);
        const rb = new DecisionTreeRegressor().fit(Xd, dup.map((i) => yr[i]!));
        expect(Array.from(ra.predict(X))).toEqual(Array.from(rb.predict(X)));
        expect(Array.from(ra.tree.value)).toEqual(Array.from(rb.tree.value));
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it('predictions on a row equal its leaf value whatever batch it is in (Matrix or arrays)', () => {
    fc.assert(
      fc.property(arbData(), ({ X, yr }) => {
        const reg = new DecisionTreeRegressor().fit(Matrix.from(X), yr);
        const all = reg.predict(X);
        X.forEach((row, i) => expect(reg.predict([row])[0]).toBe(all[i]));
      }),
      { seed: SEED + 4, numRuns: 20 },
    );
  });
});
