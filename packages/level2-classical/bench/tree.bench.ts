/**
 * W3: CART of depth 10 and a random forest of 100 trees of depth 10 on 10000 × 20 synthetic binary
 * classification (bench/w3-data.ts, `new Rng(0)`), seconds per fit, in one run:
 * - fpml: `DecisionTreeClassifier({ maxDepth: 10 })` and
 *   `RandomForestClassifier({ nEstimators: 100, maxDepth: 10, seed: 0 })` (gini, sqrt features per
 *   split, bootstrap: sklearn's defaults);
 * - scikit-learn 1.2.1 by Python subprocess (scripts/oracles/bench_tree_sklearn.py), the same
 *   models, single thread (n_jobs=1, OMP_NUM_THREADS=1); skipped with a note when
 *   /usr/bin/python3 with scikit-learn is missing;
 * - ml-cart 2.1.1: `new DecisionTreeClassifier({ maxDepth: 10 })` (its other defaults: gini,
 *   minNumSamples 3, gainThreshold 0.01), one timed fit (about two minutes: it re-partitions the
 *   node for every candidate threshold, O(n^2) per feature and node);
 * - ml-random-forest 2.1.0: `new RandomForestClassifier({ nEstimators: 3, maxFeatures: 0.2,
 *   treeOptions: { maxDepth: 10 }, seed: 3, noOOB: true })` (bootstrap with replacement; its
 *   feature sampling is per tree, 4 of 20 features, the number fpml/sklearn draw per split). A
 *   100-tree run would take hours, so 3 trees are timed once and the per-tree time is scaled by
 *   100/3; the record says "extrapolated".
 * Ratios are printed afterwards (peer seconds / fpml seconds: > 1 means fpml is faster).
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/tree.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSuite, timeIterations } from '@fpml/core/testing';
import { DecisionTreeClassifier as MlCart } from 'ml-cart';
import { RandomForestClassifier as MlForest } from 'ml-random-forest';
import { afterAll, it } from 'vitest';
import { RandomForestClassifier } from '../src/ensemble/index.js';
import { DecisionTreeClassifier } from '../src/tree/index.js';
import { w3Data } from './w3-data.js';

const N = 10000, D = 20;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/oracles/bench_tree_sklearn.py');
const suite = benchSuite('level2-tree');
const { X, y } = w3Data(N, D, 0);
const rowsArr = X.toArray();
const yArr = Array.from(y);
const notes: string[] = [];

const TREE = 'W3/cart-depth10-fit/fpml';
const FOREST = 'W3/random-forest-100x-depth10-fit/fpml';
const SK_TREE = 'W3/cart-depth10-fit/scikit-learn';
const SK_FOREST = 'W3/random-forest-100x-depth10-fit/scikit-learn';
const ML_TREE = 'W3/cart-depth10-fit/ml-cart';
const ML_FOREST = 'W3/random-forest-100x-depth10-fit/ml-random-forest (extrapolated from 3 trees)';

it('scikit-learn by Python subprocess (single thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-tree-bench-'));
  try {
    writeFileSync(join(dir, 'X.f64'), Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength));
    writeFileSync(join(dir, 'y.i32'), Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, join(dir, 'X.f64'), join(dir, 'y.i32'), String(N), String(D), '7', '3'], { env, encoding: 'utf8' })) as {
      sklearn: string; tree: { median: number; times: number[]; node_count: number }; forest: { median: number; times: number[]; train_accuracy: number };
    };
    suite.record({ id: SK_TREE, unit: 's', value: out.tree.median, n: out.tree.times.length });
    suite.record({ id: SK_FOREST, unit: 's', value: out.forest.median, n: out.forest.times.length });
    notes.push(`scikit-learn ${out.sklearn}, n_jobs=1, OMP_NUM_THREADS=1; its depth-10 tree has ${out.tree.node_count} nodes, forest train accuracy ${out.forest.train_accuracy.toFixed(4)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

suite.workload({ id: TREE, warmup: 2, minIters: 7, minTimeMs: 2000, peerOf: SK_TREE }, () => new DecisionTreeClassifier({ maxDepth: 10 }).fit(X, y));
suite.workload({ id: FOREST, warmup: 1, minIters: 3, minTimeMs: 0, peerOf: SK_FOREST }, () => new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, seed: 0 }).fit(X, y));

it('fpml model sizes (for the notes)', () => {
  const t = new DecisionTreeClassifier({ maxDepth: 10 }).fit(X, y);
  const f = new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, seed: 0 }).fit(X, y);
  notes.push(`fpml depth-10 tree has ${t.tree.nodeCount} nodes; forest train accuracy ${f.score(X, y).toFixed(4)}`);
}, 600_000);

suite.workload({ id: ML_TREE, warmup: 0, minIters: 1, minTimeMs: 0, timeoutMs: 1_800_000 }, () => new MlCart({ maxDepth: 10 }).train(rowsArr, yArr));

it('ml-random-forest: 3 trees timed, scaled to 100', async () => {
  const [s] = await timeIterations(() => new MlForest({ nEstimators: 3, maxFeatures: 0.2, treeOptions: { maxDepth: 10 }, seed: 3, noOOB: true }).train(rowsArr, yArr), { warmup: 0, minIters: 1, minTimeMs: 0 });
  suite.record({ id: ML_FOREST, unit: 's', value: (s! * 100) / 3, n: 1 });
  notes.push(`ml-random-forest: 3 trees took ${s!.toFixed(1)} s, scaled ×100/3`);
}, 1_800_000);

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const ratio = (peer: number | undefined, ours: number | undefined) => (peer && ours ? `${(peer / ours).toFixed(2)}×` : 'n/a');
  const tree = get(TREE), forest = get(FOREST);
  const lines = [
    '| W3 10000×20, depth 10 | fpml (s) | scikit-learn (s) | sklearn / fpml | mljs (s) | mljs / fpml |',
    '|---|---|---|---|---|---|',
    `| CART | ${f(tree)} | ${f(get(SK_TREE))} | ${ratio(get(SK_TREE), tree)} | ${f(get(ML_TREE))} (ml-cart) | ${ratio(get(ML_TREE), tree)} |`,
    `| random forest, 100 trees | ${f(forest)} | ${f(get(SK_FOREST))} | ${ratio(get(SK_FOREST), forest)} | ${f(get(ML_FOREST))} (ml-random-forest, extrapolated) | ${ratio(get(ML_FOREST), forest)} |`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
