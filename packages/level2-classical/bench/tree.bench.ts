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
 * Each is recorded twice: wall-clock seconds (`benchSuite`'s median, API.md's schema) and CPU
 * seconds of the process (`process.cpuUsage` / Python's `time.process_time`, median), ids ending in
 * `/cpu`. On a shared machine the wall clock mostly measures the load; CPU time is what the
 * ratios should be read from. Ratios are printed afterwards (peer / fpml: > 1 means fpml is faster).
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/tree.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSuite } from '@fpml/core/testing';
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
const ML_FOREST = 'W3/random-forest-100x-depth10-fit/ml-random-forest-extrapolated';

/** Median CPU seconds (user + system) of `reps` calls after `warmup` untimed ones. */
function cpuSeconds(fn: () => unknown, reps: number, warmup: number): { median: number; n: number } {
  for (let k = 0; k < warmup; k++) fn();
  const s: number[] = [];
  for (let k = 0; k < reps; k++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    s.push((c.user + c.system) / 1e6);
  }
  s.sort((a, b) => a - b);
  return { median: s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2, n: s.length };
}

const fitTree = () => new DecisionTreeClassifier({ maxDepth: 10 }).fit(X, y);
const fitForest = () => new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, seed: 0 }).fit(X, y);

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
    type Timing = { median: number; times: number[]; cpu_median: number };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, join(dir, 'X.f64'), join(dir, 'y.i32'), String(N), String(D), '7', '3'], { env, encoding: 'utf8' })) as {
      sklearn: string; tree: Timing & { node_count: number }; forest: Timing & { train_accuracy: number };
    };
    suite.record({ id: SK_TREE, unit: 's', value: out.tree.median, n: out.tree.times.length });
    suite.record({ id: `${SK_TREE}/cpu`, unit: 's', value: out.tree.cpu_median, n: out.tree.times.length });
    suite.record({ id: SK_FOREST, unit: 's', value: out.forest.median, n: out.forest.times.length });
    suite.record({ id: `${SK_FOREST}/cpu`, unit: 's', value: out.forest.cpu_median, n: out.forest.times.length });
    notes.push(`scikit-learn ${out.sklearn}, n_jobs=1, OMP_NUM_THREADS=1; its depth-10 tree has ${out.tree.node_count} nodes, forest train accuracy ${out.forest.train_accuracy.toFixed(4)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

suite.workload({ id: TREE, warmup: 2, minIters: 7, minTimeMs: 2000, peerOf: SK_TREE }, fitTree);
it('fpml CART, CPU time', () => {
  const c = cpuSeconds(fitTree, 7, 1);
  const peer = suite.records.find((r) => r.id === `${SK_TREE}/cpu`);
  suite.record({ id: `${TREE}/cpu`, unit: 's', value: c.median, n: c.n, ...(peer ? { peer: { name: peer.id, value: peer.value } } : {}) });
  notes.push(`fpml depth-10 tree has ${fitTree().tree.nodeCount} nodes`);
}, 600_000);
suite.workload({ id: FOREST, warmup: 1, minIters: 3, minTimeMs: 0, peerOf: SK_FOREST }, fitForest);
it('fpml random forest, CPU time', () => {
  const c = cpuSeconds(fitForest, 3, 0);
  const peer = suite.records.find((r) => r.id === `${SK_FOREST}/cpu`);
  suite.record({ id: `${FOREST}/cpu`, unit: 's', value: c.median, n: c.n, ...(peer ? { peer: { name: peer.id, value: peer.value } } : {}) });
  notes.push(`fpml forest train accuracy ${fitForest().score(X, y).toFixed(4)}`);
}, 600_000);

it('ml-cart: one timed fit (wall and CPU)', () => {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  new MlCart({ maxDepth: 10 }).train(rowsArr, yArr);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  suite.record({ id: ML_TREE, unit: 's', value: wall, n: 1 });
  suite.record({ id: `${ML_TREE}/cpu`, unit: 's', value: (c.user + c.system) / 1e6, n: 1 });
}, 1_800_000);

it('ml-random-forest: 3 trees timed, scaled to 100', () => {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  new MlForest({ nEstimators: 3, maxFeatures: 0.2, treeOptions: { maxDepth: 10 }, seed: 3, noOOB: true }).train(rowsArr, yArr);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  suite.record({ id: ML_FOREST, unit: 's', value: (wall * 100) / 3, n: 1 });
  suite.record({ id: `${ML_FOREST}/cpu`, unit: 's', value: ((c.user + c.system) / 1e6) * (100 / 3), n: 1 });
  notes.push(`ml-random-forest: 3 trees took ${wall.toFixed(1)} s wall, scaled ×100/3`);
}, 1_800_000);

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const ratio = (peer: number | undefined, ours: number | undefined) => (peer && ours ? `${(peer / ours).toFixed(2)}×` : 'n/a');
  const row = (what: string, ours: string, sk: string, ml: string, mlName: string, suffix: string) =>
    `| ${what} (${suffix}) | ${f(get(ours + suffix))} | ${f(get(sk + suffix))} | ${ratio(get(sk + suffix), get(ours + suffix))} | ${f(get(ml + suffix))} (${mlName}) | ${ratio(get(ml + suffix), get(ours + suffix))} |`;
  const lines = [
    '| W3 10000×20, depth 10 | fpml (s) | scikit-learn (s) | sklearn / fpml | mljs (s) | mljs / fpml |',
    '|---|---|---|---|---|---|',
    row('CART', TREE, SK_TREE, ML_TREE, 'ml-cart', '/cpu'),
    row('random forest, 100 trees', FOREST, SK_FOREST, ML_FOREST, 'ml-random-forest, extrapolated', '/cpu'),
    row('CART', TREE, SK_TREE, ML_TREE, 'ml-cart', ''),
    row('random forest, 100 trees', FOREST, SK_FOREST, ML_FOREST, 'ml-random-forest, extrapolated', ''),
  ].map((l) => l.replace('(/cpu)', '(CPU s)').replace('()', '(wall s)'));
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
