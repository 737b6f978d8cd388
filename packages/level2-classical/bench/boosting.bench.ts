/**
 * Boosting on 10000 × 20 (the W3 data, `w3-data.ts`: fixed seed 0, binary), seconds per fit, in one
 * run:
 * - fpml `GradientBoostingClassifier` (100 stages, depth 3, friedman_mse trees on presorted X);
 * - fpml `HistGradientBoostingClassifier` (100 iterations, 31 leaves, 255 bins, no early stopping);
 * - scikit-learn 1.2.1, the same two models on the same bytes, timed by
 *   scripts/oracles/bench_boosting_sklearn.py in a subprocess with OMP_NUM_THREADS=1 (there is no
 *   mljs boosting package to serve as a JS peer). Skipped with a note when /usr/bin/python3 with
 *   scikit-learn is missing.
 * Afterwards it prints the table with the ratios fpml / scikit-learn (how many times slower we are)
 * and the training accuracies (a sanity check that both sides fit the same model). Wall-clock
 * medians are the records' `value`; process CPU seconds of one more fit each (Node:
 * `process.cpuUsage`, Python: `time.process_time`) are recorded too (ids ending `/cpu`), since on a
 * shared machine CPU time moves less with the load than wall time does.
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/boosting.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSuite } from '@fpml/core/testing';
import { afterAll, it } from 'vitest';
import { GradientBoostingClassifier, HistGradientBoostingClassifier } from '../src/ensemble/index.js';
import { w3Data } from './w3-data.js';

const N = 10000, D = 20;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/oracles/bench_boosting_sklearn.py');
const suite = benchSuite('level2-boosting');
const { X, y } = w3Data(N, D, 0);

const SK_GB = 'boosting/gradient-boosting-classifier-100x-depth3-10000x20/scikit-learn';
const SK_HIST = 'boosting/hist-gradient-boosting-classifier-100it-10000x20/scikit-learn';
const OUR_GB = 'boosting/gradient-boosting-classifier-100x-depth3-10000x20/float64';
const OUR_HIST = 'boosting/hist-gradient-boosting-classifier-100it-10000x20/float64';
const notes: string[] = [];
const accuracy: Record<string, number> = {};

it('scikit-learn boosting by Python subprocess (one thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-boosting-bench-'));
  try {
    const xf = join(dir, 'X.f64'), yf = join(dir, 'y.i32');
    writeFileSync(xf, Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength)); // little-endian on x86/arm
    writeFileSync(yf, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, xf, yf, String(N), String(D), '1', '3'], { env, encoding: 'utf8' })) as {
      sklearn: string; gb: { median: number; times: number[]; cpuMedian: number; trainAccuracy: number }; hist: { median: number; times: number[]; cpuMedian: number; trainAccuracy: number };
    };
    suite.record({ id: SK_GB, unit: 's', value: out.gb.median, n: out.gb.times.length });
    suite.record({ id: SK_HIST, unit: 's', value: out.hist.median, n: out.hist.times.length });
    suite.record({ id: `${SK_GB}/cpu`, unit: 's', value: out.gb.cpuMedian, n: out.gb.times.length });
    suite.record({ id: `${SK_HIST}/cpu`, unit: 's', value: out.hist.cpuMedian, n: out.hist.times.length });
    accuracy[SK_GB] = out.gb.trainAccuracy;
    accuracy[SK_HIST] = out.hist.trainAccuracy;
    notes.push(`scikit-learn ${out.sklearn}, OMP_NUM_THREADS=1`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

suite.workload({ id: OUR_GB, warmup: 0, minIters: 1, minTimeMs: 0, peerOf: SK_GB }, () => {
  accuracy[OUR_GB] = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 3 }).fit(X, y).score(X, y);
});
suite.workload({ id: OUR_HIST, warmup: 1, minIters: 3, minTimeMs: 0, peerOf: SK_HIST }, () => {
  accuracy[OUR_HIST] = new HistGradientBoostingClassifier({ maxIter: 100, earlyStopping: false }).fit(X, y).score(X, y);
});

it('fpml CPU seconds (one more fit each)', () => {
  const cpu = (fit: () => unknown) => {
    const c0 = process.cpuUsage();
    fit();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const gb = cpu(() => new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 3 }).fit(X, y));
  const hist = cpu(() => new HistGradientBoostingClassifier({ maxIter: 100, earlyStopping: false }).fit(X, y));
  const peer = (id: string) => suite.records.find((r) => r.id === id);
  const rec = (id: string, value: number, peerId: string) => {
    const p = peer(peerId);
    suite.record({ id, unit: 's', value, n: 1, ...(p ? { peer: { name: p.id, value: p.value } } : {}) });
  };
  rec(`${OUR_GB}/cpu`, gb, `${SK_GB}/cpu`);
  rec(`${OUR_HIST}/cpu`, hist, `${SK_HIST}/cpu`);
}, 600_000);

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const acc = (id: string) => (accuracy[id] === undefined ? 'n/a' : accuracy[id]!.toFixed(4));
  const row = (name: string, ours: string, theirs: string) => {
    const a = get(ours), b = get(theirs);
    return `| ${name} | ${f(a)} | ${f(b)} | ${a && b ? (a / b).toFixed(2) + '×' : 'n/a'} | ${acc(ours)} / ${acc(theirs)} |`;
  };
  const cpuRow = (ours: string, theirs: string) => {
    const a = get(`${ours}/cpu`), b = get(`${theirs}/cpu`);
    return ` ${f(a)} | ${f(b)} | ${a && b ? (a / b).toFixed(2) + '×' : 'n/a'} |`;
  };
  const lines = [
    '| 10000×20, binary | fpml wall (s) | scikit-learn wall (s) | fpml / sklearn (wall) | train accuracy fpml / sklearn | fpml CPU (s) | sklearn CPU (s) | fpml / sklearn (CPU) |',
    '|---|---|---|---|---|---|---|---|',
    row('GradientBoostingClassifier, 100 stages, depth 3', OUR_GB, SK_GB) + cpuRow(OUR_GB, SK_GB),
    row('HistGradientBoostingClassifier, 100 iterations', OUR_HIST, SK_HIST) + cpuRow(OUR_HIST, SK_HIST),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
