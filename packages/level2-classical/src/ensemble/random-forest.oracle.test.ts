/**
 * Random forests against frozen scikit-learn 1.2.1 (scripts/oracles/freeze_tree.py), on the
 * float32-rounded datasets.
 *
 * 1. Replay: with sklearn's per-tree seeds, bootstraps and feature draws supplied (MT19937 and
 *    rand_r reproduced in tree/sklearn-random.test-utils.ts), the forest must be sklearn's: same
 *    node count per tree, predictions, OOB score and OOB decision function, importances to 1e-12.
 * 2. The public forests (fpml's own Rng streams, so different bootstraps): mean accuracy (R^2 for
 *    diabetes) over sklearn's own 5 folds within 2 points of sklearn's, OOB score within 3 points.
 */
import { Matrix } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { camelParams, oracleData, treeFixture } from '../tree/oracle-fixture.test-utils.js';
import { sklearnBootstrapCounts, sklearnForestSeeds, sklearnTreeSource } from '../tree/sklearn-random.test-utils.js';
import type { DrawTree } from './random-forest-base.js';
import { RandomForestClassifier } from './random-forest-classifier.js';
import { RandomForestRegressor } from './random-forest-regressor.js';

const fx = treeFixture();

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** sklearn's draws for a forest with random_state `seed`. */
function sklearnDraws(seed: number, nEstimators: number): DrawTree {
  const seeds = sklearnForestSeeds(seed, nEstimators);
  return (t, n, nBoot) => ({ counts: nBoot === null ? null : sklearnBootstrapCounts(seeds[t]!, n, nBoot), source: sklearnTreeSource(seeds[t]!) });
}

function rows(X: Matrix, idx: number[]): Matrix {
  const out = new Matrix(idx.length, X.cols);
  idx.forEach((i, r) => out.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols));
  return out;
}

describe('oracle: replaying sklearn’s bootstraps and feature draws gives sklearn’s forest', () => {
  for (const c of fx.forest_exact) {
    it(`${c.dataset} ${JSON.stringify(c.params)}`, () => {
      const { X, y } = oracleData(c.dataset);
      const opts = { ...camelParams(c.params), oobScore: true } as never;
      const T = c.params.n_estimators as number;
      expect(sklearnForestSeeds(c.random_state, T)).toEqual(c.tree_random_states);
      const draw = sklearnDraws(c.random_state, T);
      if (c.kind === 'clf') {
        const rf = new RandomForestClassifier(opts).fitWith(X, y, null, draw);
        expect(rf.trees.map((t) => t.nodeCount)).toEqual(c.node_counts);
        const eP = maxAbs(rf.predictProba(X).data, c.predict_proba!.flat());
        const eO = maxAbs(rf.oobDecisionFunction.data, c.oob_decision_function!.flat());
        const eI = maxAbs(rf.featureImportances, c.feature_importances);
        process.stdout.write(`forest replay ${c.dataset}: max |Δproba| ${eP.toExponential(2)}, |Δoob decision| ${eO.toExponential(2)}, |Δimportance| ${eI.toExponential(2)}, oob ${rf.oobScore} vs ${c.oob_score}\n`);
        expect(eP).toBeLessThanOrEqual(1e-12);
        expect(eO).toBeLessThanOrEqual(1e-12);
        expect(eI).toBeLessThanOrEqual(1e-12);
        expect(rf.oobScore).toBe(c.oob_score);
      } else {
        const rf = new RandomForestRegressor(opts).fitWith(X, y, null, draw);
        expect(rf.trees.map((t) => t.nodeCount)).toEqual(c.node_counts);
        const scale = Math.max(...Array.from(y, Math.abs));
        const eP = maxAbs(rf.predict(X), c.predict!) / scale;
        const eO = maxAbs(rf.oobPrediction, c.oob_prediction!) / scale;
        const eI = maxAbs(rf.featureImportances, c.feature_importances);
        process.stdout.write(`forest replay ${c.dataset}: max |Δpredict|/max|y| ${eP.toExponential(2)}, |Δoob|/max|y| ${eO.toExponential(2)}, |Δimportance| ${eI.toExponential(2)}, oob R2 ${rf.oobScore} vs ${c.oob_score}\n`);
        expect(eP).toBeLessThanOrEqual(1e-12);
        expect(eO).toBeLessThanOrEqual(1e-12);
        expect(eI).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(rf.oobScore - c.oob_score)).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe('oracle: the public forests on sklearn’s 5 folds', () => {
  const lines: string[] = [];
  for (const c of fx.forest_cv) {
    it(`${c.dataset}: mean fold score within 2 points of sklearn's, OOB within 3`, () => {
      const { X, y } = oracleData(c.dataset);
      const scores: number[] = [];
      const make = () => (c.kind === 'clf' ? new RandomForestClassifier({ nEstimators: c.n_estimators, seed: 0 }) : new RandomForestRegressor({ nEstimators: c.n_estimators, seed: 0 }));
      for (let f = 0; f < 5; f++) {
        const train = c.fold.flatMap((k, i) => (k === f ? [] : [i]));
        const test = c.fold.flatMap((k, i) => (k === f ? [i] : []));
        const m = make().fit(rows(X, train), train.map((i) => y[i]!));
        scores.push(m.score(rows(X, test), test.map((i) => y[i]!)));
      }
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      const full = c.kind === 'clf' ? new RandomForestClassifier({ nEstimators: c.n_estimators, seed: 0, oobScore: true }).fit(X, y) : new RandomForestRegressor({ nEstimators: c.n_estimators, seed: 0, oobScore: true }).fit(X, y);
      lines.push(
        `${c.dataset}: fold scores ours [${scores.map((s) => s.toFixed(4)).join(', ')}] mean ${mean(scores).toFixed(4)}; ` +
          `sklearn [${c.fold_scores.map((s) => s.toFixed(4)).join(', ')}] mean ${mean(c.fold_scores).toFixed(4)}; OOB ours ${full.oobScore.toFixed(4)} sklearn ${c.oob_score.toFixed(4)}`,
      );
      expect(Math.abs(mean(scores) - mean(c.fold_scores))).toBeLessThanOrEqual(0.02);
      expect(Math.abs(full.oobScore - c.oob_score)).toBeLessThanOrEqual(0.03);
    }, 60_000);
  }
  it('reports the scores', () => {
    process.stdout.write(`random forest 5-fold (100 trees, seed 0) vs sklearn (random_state=0):\n  ${lines.join('\n  ')}\n`);
  });
});
