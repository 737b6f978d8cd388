import { InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, ShapeError } from '@fpml/core';
import { checkEstimator } from '@fpml/core/testing';
import { loadIris } from '@fpml/datasets';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from './decision-tree-classifier.js';
import { DecisionTreeRegressor } from './decision-tree-regressor.js';
import { treeFixture } from './oracle-fixture.test-utils.js';
import { MT19937, NumpyRandomState, sklearnForestSeeds } from './sklearn-random.test-utils.js';
import { TREE_LEAF, TREE_UNDEFINED, Tree } from './tree-structure.js';

checkEstimator('DecisionTreeClassifier', () => new DecisionTreeClassifier());
checkEstimator('DecisionTreeClassifier(entropy, maxDepth 2, sqrt features)', () => new DecisionTreeClassifier({ criterion: 'entropy', maxDepth: 2, maxFeatures: 'sqrt', seed: 3 }));
checkEstimator('DecisionTreeClassifier(maxLeafNodes 3, ccpAlpha)', () => new DecisionTreeClassifier({ maxLeafNodes: 3, ccpAlpha: 0.01 }));
checkEstimator('DecisionTreeRegressor', () => new DecisionTreeRegressor());
checkEstimator('DecisionTreeRegressor(friedman_mse, minSamplesLeaf 3, log2 features)', () => new DecisionTreeRegressor({ criterion: 'friedman_mse', minSamplesLeaf: 3, maxFeatures: 'log2', seed: 1 }));

/** Gaussian blobs: class k centred at (2k, -k, ...). */
function blobs(n: number, d: number, K: number, seed: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(K);
    for (let j = 0; j < d; j++) X.data[i * d + j] = rng.normal(j % 2 === 0 ? 2 * y[i]! : -y[i]!, 1);
  }
  return { X, y };
}

describe('DecisionTree params', () => {
  const { X, y } = blobs(30, 3, 2, 0);
  it('rejects bad params in fit with InvalidParamError naming the param', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ criterion: 'mse' }, 'criterion'], [{ maxDepth: 0 }, 'maxDepth'], [{ maxDepth: 2.5 }, 'maxDepth'],
      [{ minSamplesSplit: 1 }, 'minSamplesSplit'], [{ minSamplesSplit: 1.5 }, 'minSamplesSplit'], [{ minSamplesSplit: 0 }, 'minSamplesSplit'],
      [{ minSamplesLeaf: 0 }, 'minSamplesLeaf'], [{ minSamplesLeaf: 1.0001 }, 'minSamplesLeaf'], [{ minWeightFractionLeaf: 0.6 }, 'minWeightFractionLeaf'],
      [{ maxFeatures: 0 }, 'maxFeatures'], [{ maxFeatures: 'auto' }, 'maxFeatures'], [{ maxFeatures: 4 }, 'maxFeatures'], [{ maxFeatures: 1.5 }, 'maxFeatures'],
      [{ maxLeafNodes: 1 }, 'maxLeafNodes'], [{ minImpurityDecrease: -1 }, 'minImpurityDecrease'], [{ ccpAlpha: -0.1 }, 'ccpAlpha'],
      [{ ccpAlpha: NaN }, 'ccpAlpha'], [{ seed: -1 }, 'seed'], [{ seed: 0.5 }, 'seed'],
    ];
    for (const [opts, param] of bad) {
      expect(() => new DecisionTreeClassifier(opts as never).fit(X, y), JSON.stringify(opts)).toThrow(InvalidParamError);
      expect(() => new DecisionTreeClassifier(opts as never).fit(X, y)).toThrow(new RegExp(`param ${param} must be`));
      if (param !== 'criterion') expect(() => new DecisionTreeRegressor(opts as never).fit(X, Float64Array.from(y))).toThrow(InvalidParamError);
    }
    expect(() => new DecisionTreeClassifier({ maxFeatures: 4 }).fit(X, y)).toThrow(/at most the number of features \(3\)/);
    expect(() => new DecisionTreeRegressor({ criterion: 'gini' as never }).fit(X, Float64Array.from(y))).toThrow(/criterion/);
  });

  it('accepts fractions and the log_loss alias, resolving maxFeatures as sklearn', () => {
    const { X: X8, y: y8 } = blobs(40, 8, 3, 1);
    expect(new DecisionTreeClassifier({ maxFeatures: 'sqrt' }).fit(X8, y8).maxFeatures).toBe(2);
    expect(new DecisionTreeClassifier({ maxFeatures: 'log2' }).fit(X8, y8).maxFeatures).toBe(3);
    expect(new DecisionTreeClassifier({ maxFeatures: 0.3 }).fit(X8, y8).maxFeatures).toBe(2);
    expect(new DecisionTreeClassifier({ maxFeatures: 0.01 }).fit(X8, y8).maxFeatures).toBe(1);
    expect(new DecisionTreeClassifier().fit(X8, y8).maxFeatures).toBe(8);
    const ent = new DecisionTreeClassifier({ criterion: 'entropy' }).fit(X8, y8);
    const ll = new DecisionTreeClassifier({ criterion: 'log_loss' }).fit(X8, y8);
    expect(ll.tree.toJSON()).toEqual(ent.tree.toJSON());
    // minSamplesLeaf 0.25 of 40 rows = 10 rows per leaf at least
    const frac = new DecisionTreeClassifier({ minSamplesLeaf: 0.25 }).fit(X8, y8);
    for (let t = 0; t < frac.tree.nodeCount; t++) expect(frac.tree.nNodeSamples[t]).toBeGreaterThanOrEqual(10);
  });
});

describe('DecisionTree inputs and state', () => {
  const { X, y } = blobs(30, 3, 3, 2);
  it('rejects bad sample weights with typed errors', () => {
    const clf = new DecisionTreeClassifier();
    expect(() => clf.fit(X, y, new Float64Array(29).fill(1))).toThrow(ShapeError);
    expect(() => clf.fit(X, y, new Float64Array(30).fill(-1))).toThrow(/sampleWeight must be ≥ 0, got -1 at index 0/);
    expect(() => clf.fit(X, y, new Float64Array(30))).toThrow(/positive sum/);
    const nan = new Float64Array(30).fill(1);
    nan[4] = NaN;
    expect(() => clf.fit(X, y, nan)).toThrow(InvalidInputError);
    expect(() => new DecisionTreeRegressor().fit(X, Float64Array.from(y), 'abc' as never)).toThrow(InvalidInputError);
  });

  it('throws NotFittedError from every fitted attribute before fit', () => {
    const clf = new DecisionTreeClassifier();
    for (const get of [() => clf.tree, () => clf.featureImportances, () => clf.classes, () => clf.nClasses, () => clf.maxFeatures, () => clf.getDepth(), () => clf.getNLeaves(), () => clf.apply(X)]) {
      expect(get).toThrow(NotFittedError);
    }
    const reg = new DecisionTreeRegressor();
    for (const get of [() => reg.tree, () => reg.featureImportances, () => reg.nFeaturesIn, () => reg.getDepth(), () => reg.apply(X)]) expect(get).toThrow(NotFittedError);
  });

  it('string labels come back as strings; predictProba columns follow classes', () => {
    const names = Array.from(y, (k) => ['setosa', 'versicolor', 'virginica'][k]!);
    const clf = new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, names);
    expect(clf.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const P = clf.predictProba(X);
    const pred = clf.predict(X) as string[];
    for (let i = 0; i < X.rows; i++) {
      const row = P.row(i);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
      expect(pred[i]).toBe(clf.classes[row.indexOf(Math.max(...row))]);
    }
  });

  it('apply gives leaves; leaf class fractions are predictProba', () => {
    const clf = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y);
    const leaves = clf.apply(X);
    const t = clf.tree;
    const P = clf.predictProba(X);
    for (let i = 0; i < X.rows; i++) {
      const l = leaves[i]!;
      expect(t.childrenLeft[l]).toBe(TREE_LEAF);
      expect(t.feature[l]).toBe(TREE_UNDEFINED);
      const v = Array.from(t.value.subarray(l * 3, l * 3 + 3));
      const s = v.reduce((a, b) => a + b, 0);
      expect(Array.from(P.row(i))).toEqual(v.map((c) => c / s));
    }
    expect(clf.getNLeaves()).toBe(t.nLeaves);
    expect(clf.getDepth()).toBeLessThanOrEqual(3);
  });

  it('a single-leaf tree has depth 0 and zero importances', () => {
    const clf = new DecisionTreeClassifier({ minImpurityDecrease: 10 }).fit(X, y);
    expect(clf.tree.nodeCount).toBe(1);
    expect(clf.getDepth()).toBe(0);
    expect(Array.from(clf.featureImportances)).toEqual([0, 0, 0]);
    const one = new DecisionTreeRegressor().fit([[1, 2]], [5]);
    expect(Array.from(one.predict([[9, 9]]))).toEqual([5]);
  });

  it('featureImportances sum to 1 and credit only features the tree uses', () => {
    const { X: X5, y: y5 } = blobs(80, 5, 2, 3);
    const clf = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X5, y5);
    const imp = clf.featureImportances;
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    const used = new Set(Array.from(clf.tree.feature).filter((f) => f >= 0));
    imp.forEach((v, j) => expect(v > 0).toBe(used.has(j)));
  });

  it('rows of weight 0 are ignored: same tree as without them', () => {
    const { X: Xa, y: ya } = blobs(40, 3, 2, 4);
    const w = Float64Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 0 : 1));
    const keep = Array.from({ length: 40 }, (_, i) => i).filter((i) => w[i] !== 0);
    const Xk = Matrix.from(keep.map((i) => Array.from(Xa.row(i))));
    const a = new DecisionTreeClassifier().fit(Xa, ya, w).tree.toJSON();
    const b = new DecisionTreeClassifier().fit(Xk, keep.map((i) => ya[i]!)).tree.toJSON();
    expect(a).toEqual(b);
  });

  it('the regressor predicts weighted leaf means; writing tree.value changes predict (as boosting does)', () => {
    const X1 = [[0], [1], [2], [10], [11], [12]];
    const reg = new DecisionTreeRegressor({ maxDepth: 1 }).fit(X1, [1, 2, 3, 20, 21, 22], [1, 1, 2, 1, 1, 1]);
    expect(reg.tree.threshold[0]).toBe(6); // midpoint of 2 and 10
    expect(Array.from(reg.predict([[0], [100]]))).toEqual([(1 + 2 + 6) / 4, 21]);
    const leaf = reg.apply([[100]])[0]!;
    reg.tree.value[leaf] = -1;
    expect(reg.predict([[100]])[0]).toBe(-1);
  });
});

describe('cost-complexity pruning', () => {
  const { X, y } = loadIris();
  it('the path is increasing, ends at the root alone, and ccpAlpha prunes to the matching subtree', () => {
    const clf = new DecisionTreeClassifier();
    const path = clf.costComplexityPruningPath(X, y);
    expect(clf.isFitted).toBe(false);
    expect(path.ccpAlphas[0]).toBe(0);
    for (let k = 1; k < path.ccpAlphas.length; k++) {
      expect(path.ccpAlphas[k]!).toBeGreaterThanOrEqual(path.ccpAlphas[k - 1]!);
      expect(path.impurities[k]!).toBeGreaterThanOrEqual(path.impurities[k - 1]! - 1e-15);
    }
    const full = new DecisionTreeClassifier().fit(X, y);
    expect(path.impurities[path.impurities.length - 1]).toBeCloseTo(full.tree.impurity[0]!, 14); // R(root) = i(root)
    const last = path.ccpAlphas[path.ccpAlphas.length - 1]!;
    expect(new DecisionTreeClassifier({ ccpAlpha: last * 1.0001 }).fit(X, y).tree.nodeCount).toBe(1);
    // between two path points the pruned tree has the leaf impurity of the earlier one
    for (let k = 0; k + 1 < path.ccpAlphas.length; k++) {
      const alpha = (path.ccpAlphas[k]! + path.ccpAlphas[k + 1]!) / 2;
      if (alpha === 0) continue;
      const t = new DecisionTreeClassifier({ ccpAlpha: alpha }).fit(X, y).tree;
      let r = 0;
      for (let i = 0; i < t.nodeCount; i++) if (t.isLeaf(i)) r += (t.weightedNNodeSamples[i]! * t.impurity[i]!) / t.weightedNNodeSamples[0]!;
      expect(r).toBeCloseTo(path.impurities[k]!, 12);
    }
  });
});

describe('Tree.fromJSON', () => {
  const good = new DecisionTreeClassifier({ maxDepth: 2 }).fit(...(Object.values(blobs(20, 2, 2, 5)) as [Matrix, Int32Array])).tree.toJSON();
  it('round-trips and rejects malformed trees', () => {
    expect(Tree.fromJSON(good).toJSON()).toEqual(good);
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...good, childrenRight: good.childrenRight.slice(1) }, /childrenRight must be an array of length/],
      [{ ...good, feature: good.feature.map((f) => (f >= 0 ? 7 : f)) }, /tests feature 7/],
      [{ ...good, childrenLeft: good.childrenLeft.map((c, t) => (t === 0 ? 0 : c)) }, /invalid child/],
      [{ ...good, maxDepth: 5 }, /maxDepth is 5/],
      [{ ...good, threshold: good.threshold.map(() => NaN) }, /finite/],
      [{ ...good, nClasses: 0 }, /nClasses/],
    ];
    for (const [j, re] of bad) {
      expect(() => Tree.fromJSON(j)).toThrow(InvalidInputError);
      expect(() => Tree.fromJSON(j)).toThrow(re);
    }
  });
});

describe('sklearn random-stream reproduction (test support)', () => {
  const r = treeFixture().numpy_randint;
  it('MT19937 gives the reference outputs and numpy randint draws', () => {
    const mt = new MT19937(5489);
    expect([mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302]); // the reference init_genrand(5489) stream
    expect([0, 1, 2, 3, 4].map((s) => new NumpyRandomState(s).randint(0, 0x7fffffff))).toEqual(r.rand_r_seeds);
    expect(sklearnForestSeeds(0, 6)).toEqual(r.forest_seeds_0);
    const rs = new NumpyRandomState(7);
    expect(Array.from({ length: 20 }, () => rs.randint(0, 150))).toEqual(r.randint_7_0_150);
  });
});
