/**
 * Decision trees against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_tree.py), on float32-
 * rounded iris, wine, breast cancer, digits and diabetes.
 *
 * 1. Replay: the splitter driven by sklearn's own feature-draw stream (MT19937 → rand_r, see
 *    sklearn-random.test-utils.ts) must grow sklearn's tree node for node: same children, features,
 *    thresholds (bit for bit) and sample counts; impurities, values and importances to 1e-12.
 * 2. Fixed tie-break: the public estimator (all features in index order, ties to the lowest
 *    feature) must predict what sklearn predicts on every row where sklearn's 8 random_states agree,
 *    and have sklearn's node count and depth wherever those do not depend on random_state.
 * 3. Cost-complexity pruning: the path's alphas to 1e-10 and the pruned trees node for node.
 */
import { LabelEncoding, Matrix } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from './decision-tree-classifier.js';
import { DecisionTreeRegressor } from './decision-tree-regressor.js';
import { fitTree } from './fit-tree.js';
import { type SkTree, camelParams, oracleData, treeFixture } from './oracle-fixture.test-utils.js';
import { presort } from './presort.js';
import { pruneTree, pruningPath } from './pruning.js';
import { sklearnTreeSource } from './sklearn-random.test-utils.js';
import type { SplitTarget } from './splitter.js';
import { growthDefaults } from './tree-params.js';
import type { Tree } from './tree-structure.js';
import type { CriterionName } from './criteria.js';
import { exportText, formatFixed } from './export-text.js';

const fx = treeFixture();

function target(kind: 'clf' | 'reg', y: Int32Array | Float64Array): SplitTarget {
  if (kind === 'reg') return { kind: 'regression', y: Float64Array.from(y) };
  const codes = Int32Array.from(y);
  return { kind: 'classification', codes, nClasses: Math.max(...codes) + 1 };
}

function criterionOf(kind: 'clf' | 'reg', p: Record<string, unknown>): CriterionName {
  const c = p.criterion as string | undefined;
  if (kind === 'clf') return c === 'entropy' || c === 'log_loss' ? 'entropy' : 'gini';
  return c === 'friedman_mse' ? 'friedman_mse' : 'squared_error';
}

/** Our tree for a fixture case, feature draws replayed from sklearn's stream. */
function replay(ds: string, kind: 'clf' | 'reg', params: Record<string, number | string>, rs: number, w: Float64Array | null): Tree {
  const { X, y } = oracleData(ds);
  const p = camelParams(params);
  const g = growthDefaults(p as never);
  return fitTree('replay', g, criterionOf(kind, p), presort(X), target(kind, y), w, { source: sklearnTreeSource(rs) }).tree;
}

/** Largest |a - b| over two arrays of equal length. */
function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Compare our tree with sklearn's; returns the worst impurity/value errors relative to `scale`. */
function compareTree(tree: Tree, sk: SkTree, scale: number, exactWeights: boolean): { impurity: number; value: number } {
  const ours = asSk(tree);
  expect(ours.node_count).toBe(sk.node_count);
  expect(ours.max_depth).toBe(sk.max_depth);
  return compareSk(ours, sk, scale, exactWeights);
}

function compareSk(ours: SkTree, sk: SkTree, scale: number, exactWeights: boolean): { impurity: number; value: number } {
  expect(ours.node_count).toBe(sk.node_count);
  expect(ours.max_depth).toBe(sk.max_depth);
  expect(ours.children_left).toEqual(sk.children_left);
  expect(ours.children_right).toEqual(sk.children_right);
  expect(ours.feature).toEqual(sk.feature);
  expect(ours.threshold).toEqual(sk.threshold); // bit for bit
  expect(ours.n_node_samples).toEqual(sk.n_node_samples);
  if (exactWeights) expect(ours.weighted_n_node_samples).toEqual(sk.weighted_n_node_samples);
  else expect(maxAbs(ours.weighted_n_node_samples, sk.weighted_n_node_samples)).toBeLessThanOrEqual(1e-12 * sk.weighted_n_node_samples[0]!);
  return { impurity: maxAbs(ours.impurity, sk.impurity) / scale, value: maxAbs(ours.value.flat(), sk.value.flat()) / scale };
}

/** Our tree in sklearn's frozen layout. */
function asSk(t: Tree): SkTree {
  const K = t.nClasses;
  return {
    node_count: t.nodeCount,
    max_depth: t.maxDepth,
    children_left: Array.from(t.childrenLeft),
    children_right: Array.from(t.childrenRight),
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    impurity: Array.from(t.impurity),
    n_node_samples: Array.from(t.nNodeSamples),
    weighted_n_node_samples: Array.from(t.weightedNNodeSamples),
    value: Array.from({ length: t.nodeCount }, (_, k) => Array.from(t.value.subarray(k * K, (k + 1) * K))),
  };
}

/**
 * Turn every internal node whose impurity is at most `tol` into a leaf (pre-order renumbering).
 * With non-integer weights sklearn's impurity of a pure node can come out a few ulps above 0 (its
 * summation order), and then it splits that node; such splits change no prediction.
 */
function collapsePure(sk: SkTree, tol: number): SkTree {
  const out: SkTree = { node_count: 0, max_depth: 0, children_left: [], children_right: [], feature: [], threshold: [], impurity: [], n_node_samples: [], weighted_n_node_samples: [], value: [] };
  const stack: [number, number, number, boolean][] = [[0, 0, -2, false]];
  while (stack.length > 0) {
    const [t, depth, parent, isLeft] = stack.pop()!;
    const id = out.node_count++;
    const leaf = sk.children_left[t] === -1 || sk.impurity[t]! <= tol;
    out.children_left.push(-1);
    out.children_right.push(-1);
    out.feature.push(leaf ? -2 : sk.feature[t]!);
    out.threshold.push(leaf ? -2 : sk.threshold[t]!);
    out.impurity.push(sk.impurity[t]!);
    out.n_node_samples.push(sk.n_node_samples[t]!);
    out.weighted_n_node_samples.push(sk.weighted_n_node_samples[t]!);
    out.value.push(sk.value[t]!);
    out.max_depth = Math.max(out.max_depth, depth);
    if (parent >= 0) (isLeft ? out.children_left : out.children_right)[parent] = id;
    if (!leaf) {
      stack.push([sk.children_right[t]!, depth + 1, id, false]);
      stack.push([sk.children_left[t]!, depth + 1, id, true]);
    }
  }
  return out;
}

/** sklearn's prediction for each row, by walking its frozen arrays (what its predict does). */
function skApply(sk: SkTree, X: Matrix): Int32Array {
  const out = new Int32Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let t = 0;
    while (sk.children_left[t] !== -1) t = X.data[i * X.cols + sk.feature[t]!]! <= sk.threshold[t]! ? sk.children_left[t]! : sk.children_right[t]!;
    out[i] = t;
  }
  return out;
}

describe('oracle: the data are the ones the script froze', () => {
  it('float32-rounded X sums agree', () => {
    for (const [name, sum] of Object.entries(fx.x_sums)) {
      const { X } = oracleData(name);
      let s = 0;
      for (const v of X.data) s += v;
      expect(Math.abs(s - sum)).toBeLessThanOrEqual(1e-9 * Math.abs(sum));
    }
  });
});

describe('oracle: replaying sklearn’s feature draws grows sklearn’s tree node for node', () => {
  const worst = { clf: { impurity: 0, value: 0, importance: 0 }, reg: { impurity: 0, value: 0, importance: 0 } };
  for (const c of fx.trees) {
    const title = `${c.dataset} ${JSON.stringify(c.params)} random_state=${c.random_state}${c.weights ? ` weights=${c.weights}` : ''}`;
    it(title, () => {
      const w = c.weights === null ? null : Float64Array.from(fx.weights[c.weights]!);
      const ours = replay(c.dataset, c.kind, c.params, c.random_state, w);
      const { y } = oracleData(c.dataset);
      // classifier values (weighted counts) relative to the total weight; regression impurities
      // and values relative to the scale of y^2 and y
      let scaleI = 1, scaleV = c.tree.weighted_n_node_samples[0]!;
      if (c.kind === 'reg') {
        scaleV = Math.max(...Array.from(y, Math.abs));
        scaleI = scaleV * scaleV;
      }
      const exact = c.weights === null || c.weights === 'iris_int';
      // float weights: first check every training row lands in a leaf of the same value, then
      // compare node for node after collapsing subtrees under nodes that are pure up to 1e-14
      const { X } = oracleData(c.dataset);
      const mine = ours.apply(X);
      const theirs = skApply(c.tree, X);
      const K = ours.nClasses;
      for (let i = 0; i < X.rows; i++) {
        const a = Array.from(ours.value.subarray(mine[i]! * K, mine[i]! * K + K));
        const b = c.tree.value[theirs[i]!]!;
        if (c.kind === 'reg') {
          expect(Math.abs(a[0]! - b[0]!)).toBeLessThanOrEqual(1e-12 * Math.max(...Array.from(y, Math.abs)));
        } else {
          const sa = a.reduce((u, v) => u + v, 0), sb = b.reduce((u, v) => u + v, 0);
          expect(maxAbs(a.map((v) => v / sa), b.map((v) => v / sb))).toBeLessThanOrEqual(1e-12);
        }
      }
      const e = exact ? compareTree(ours, c.tree, 1, true) : compareSk(collapsePure(asSk(ours), 1e-14), collapsePure(c.tree, 1e-14), 1, false);
      const r = worst[c.kind];
      r.impurity = Math.max(r.impurity, e.impurity / scaleI);
      r.value = Math.max(r.value, e.value / scaleV);
      const imp = maxAbs(ours.featureImportances(), c.feature_importances);
      r.importance = Math.max(r.importance, imp);
      expect(e.impurity / scaleI).toBeLessThanOrEqual(1e-12);
      expect(e.value / scaleV).toBeLessThanOrEqual(1e-12);
      expect(imp).toBeLessThanOrEqual(1e-12);
    });
  }
  it('reports the worst errors', () => {
    process.stdout.write(`replay worst errors (impurity absolute for clf, / max|y|^2 for reg; value / total weight for clf, / max|y| for reg): ${JSON.stringify(worst)}\n`);
  });
});

describe('oracle: the public estimators (fixed tie-break) agree with sklearn wherever its random order does not matter', () => {
  const summary: string[] = [];
  for (const c of fx.tiebreak) {
    it(`${c.dataset} ${JSON.stringify(c.params)}`, () => {
      const { X, y } = oracleData(c.dataset);
      const opts = camelParams(c.params) as never;
      const model = c.kind === 'clf' ? new DecisionTreeClassifier(opts).fit(X, y) : new DecisionTreeRegressor(opts).fit(X, y);
      const pred = Array.from(model.predict(X) as ArrayLike<number>);
      const states = c.n_states;
      let agreeRows = 0;
      let mismatches = 0;
      for (let i = 0; i < X.rows; i++) {
        const v = c.agreed_predict[i];
        if (v === null || v === undefined) continue;
        agreeRows++;
        if (pred[i] !== v) mismatches++;
      }
      const countsFixed = c.node_count.every((k) => k === c.node_count[0]) && c.max_depth.every((k) => k === c.max_depth[0]);
      summary.push(
        `${c.dataset} ${JSON.stringify(c.params)}: rows where ${states} random_states agree ${agreeRows}/${X.rows}, ours differ on ${mismatches}; ` +
          `sklearn node counts ${[...new Set(c.node_count)].join('/')}, depths ${[...new Set(c.max_depth)].join('/')}; ours ${model.tree.nodeCount}, ${model.getDepth()}`,
      );
      expect(mismatches).toBe(0);
      if (countsFixed) {
        expect(model.tree.nodeCount).toBe(c.node_count[0]);
        expect(model.getDepth()).toBe(c.max_depth[0]);
      } else {
        expect(c.node_count).toContain(model.tree.nodeCount);
      }
    });
  }
  it('reports the agreement', () => {
    process.stdout.write(`fixed tie-break vs sklearn:\n  ${summary.join('\n  ')}\n`);
  });
});

describe('oracle: minimal cost-complexity pruning', () => {
  for (const c of fx.ccp) {
    it(`${c.dataset} ${JSON.stringify(c.params)}: path alphas to 1e-10, pruned trees node for node`, () => {
      const tree = replay(c.dataset, c.kind, c.params, c.random_state, null);
      const path = pruningPath(tree);
      const { X, y } = oracleData(c.dataset);
      const scale = c.kind === 'reg' ? Math.max(...Array.from(y, Math.abs)) ** 2 : 1;
      expect(path.ccpAlphas.length).toBe(c.ccp_alphas.length);
      const eA = maxAbs(path.ccpAlphas, c.ccp_alphas) / scale;
      const eI = maxAbs(path.impurities, c.impurities) / scale;
      process.stdout.write(`ccp ${c.dataset}: ${c.ccp_alphas.length} alphas, max |Δalpha| ${eA.toExponential(2)}, max |Δimpurity| ${eI.toExponential(2)} (relative to ${scale})\n`);
      expect(eA).toBeLessThanOrEqual(1e-10);
      expect(eI).toBeLessThanOrEqual(1e-10);
      for (const r of c.refits) {
        const pruned = pruneTree(tree, r.ccp_alpha);
        const e = compareTree(pruned, r.tree, scale, true);
        expect(e.impurity).toBeLessThanOrEqual(1e-12);
        const leaves = pruned.apply(X);
        const skLeaves = skApply(r.tree, X);
        expect(Array.from(leaves)).toEqual(Array.from(skLeaves));
      }
    });
  }

  it('the public costComplexityPruningPath and ccpAlpha refit match sklearn where the tree has no ties (breast cancer)', () => {
    const c = fx.ccp.find((k) => k.dataset === 'breast_cancer')!;
    const { X, y } = oracleData('breast_cancer');
    const path = new DecisionTreeClassifier().costComplexityPruningPath(X, y);
    expect(maxAbs(path.ccpAlphas, c.ccp_alphas)).toBeLessThanOrEqual(1e-10);
    for (const r of c.refits) {
      const model = new DecisionTreeClassifier({ ccpAlpha: r.ccp_alpha }).fit(X, y);
      expect(model.tree.nodeCount).toBe(r.tree.node_count);
      expect(Array.from(model.predict(X) as Int32Array)).toEqual(r.predict);
    }
  });
});

describe('oracle: exportText is sklearn’s export_text', () => {
  // on sklearn's own tree (replayed: iris and wine have tied root/inner splits, see above)
  for (const c of fx.export_text) {
    it(`${c.dataset} ${JSON.stringify(c.params)} ${JSON.stringify(c.options)}`, () => {
      const { X, y } = oracleData(c.dataset);
      const opts = camelParams(c.params) as never;
      const tree = replay(c.dataset, c.kind, c.params, 0, null);
      const model = c.kind === 'clf' ? DecisionTreeClassifier.fromFittedTree(opts, LabelEncoding.fit(y).encoding, tree, X.cols) : DecisionTreeRegressor.fromFittedTree(opts, tree, X.cols);
      expect(exportText(model, camelParams(c.options as never) as never)).toBe(c.text);
    });
  }
  it('formats exact ties half to even, as Python', () => {
    expect([formatFixed(0.125, 2), formatFixed(0.375, 2), formatFixed(2.5, 0), formatFixed(3.5, 0), formatFixed(-0.125, 2), formatFixed(0.1, 2), formatFixed(1e-7, 3)]).toEqual(['0.12', '0.38', '2', '4', '-0.12', '0.10', '0.000']);
  });
});
