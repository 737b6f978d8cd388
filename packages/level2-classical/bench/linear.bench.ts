/**
 * W2: logistic regression (L2, C = 1) on 10000×100 synthetic data, seconds per fit, in one run:
 * - data: X standard normal from core's Rng(2024), w* ~ N(0, 9/d), b* = 0.5, labels
 *   y ~ Bernoulli(σ(Xw* + b*)) (fixed seed, so every run fits the same numbers);
 * - ours, `new LogisticRegression({ C: 1 })`: sklearn's defaults (lbfgs, tol 1e-4, maxIter 100,
 *   scipy's ftol stop), fused loss+gradient over the row-major Float64Array;
 * - ours, `solver: 'gd'` with `maxIter: 100`: plain gradient descent with the fixed step 1/L, the
 *   same algorithm as the mljs peer, for a like-for-like comparison;
 * - ml-logistic-regression 2.0.0 (the JS peer): gradient ascent on the unpenalised,
 *   intercept-free log-likelihood with a fixed learning rate; for two classes it trains one-vs-all
 *   classifiers for *both* classes (2 × numSteps gradient steps on ml-matrix). Given numSteps = 100
 *   (sklearn's max_iter) and learningRate = 1/L ≈ 3.3e-4, L = λmax(XᵀX)/4 ≈ n(1 + √(d/n))²/4;
 * - scikit-learn 1.2.1 `LogisticRegression(C=1)` (lbfgs) on the same bytes, by
 *   scripts/oracles/bench_linear_sklearn.py in a subprocess with one BLAS thread; skipped with a
 *   note when /usr/bin/python3 with scikit-learn is missing.
 * - a profile of both sides (not a W2 record): ours, the L-BFGS solve alone on the same data
 *   (`lbfgs` on `logisticLossGrad` with X resident in wasm memory, as `fit` runs it), its number of
 *   loss+gradient evaluations and the median time of one, and the two boundary steps of `fit`
 *   (`asMatrix` with its finiteness scan, `LabelEncoding.fit`); scikit-learn's, from the script
 *   (evaluations, time per evaluation, share of the fit spent in them, X@w and Xᵀ@r alone).
 * Afterwards it prints the ratios (> 1 vs the mljs peer means we are faster; vs scikit-learn how
 * many times slower we are, aim ≤ 2×), the train accuracies, so speed is not bought with fit,
 * and the profile.
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/linear.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabelEncoding, Matrix, Rng, asMatrix, withResidentOperand } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { lbfgs } from '@fpml/level1-math';
import MlLogisticRegression from 'ml-logistic-regression';
import { Matrix as MlMatrix } from 'ml-matrix';
import { afterAll, it } from 'vitest';
import { LogisticRegression, logisticLossGrad } from '../src/linear/index.js';

const N = 10000, D = 100, SEED = 2024;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/oracles/bench_linear_sklearn.py');
const suite = benchSuite('level2-linear');

const rng = new Rng(SEED);
const X = new Matrix(N, D); // (10000, 100)
const wStar = Float64Array.from({ length: D }, () => rng.normal(0, 3 / Math.sqrt(D)));
const y = new Int32Array(N);
for (let i = 0; i < N; i++) {
  let z = 0.5;
  for (let j = 0; j < D; j++) z += (X.data[i * D + j] = rng.normal()) * wStar[j]!;
  y[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
}

const ML = 'W2/logistic-10000x100/ml-logistic-regression';
const SK = 'W2/logistic-10000x100-lbfgs/scikit-learn';
const OURS = 'W2/logistic-10000x100-lbfgs/float64';
const OURS_GD = 'W2/logistic-10000x100-gd100/float64';
const notes: string[] = [];
const profile: string[] = [];
const accuracy: Record<string, number> = {};
const ML_STEPS = 100;
const ML_RATE = 4 / (N * (1 + Math.sqrt(D / N)) ** 2);

const mlX = new MlMatrix(X.toArray());
const mlY = MlMatrix.columnVector(Array.from(y));
suite.workload({ id: ML, warmup: 0, minIters: 3, minTimeMs: 0 }, () => {
  const m = new MlLogisticRegression({ numSteps: ML_STEPS, learningRate: ML_RATE });
  m.train(mlX, mlY);
  const pred = m.predict(mlX);
  accuracy[ML] = pred.filter((p, i) => p === y[i]).length / N;
});

it('scikit-learn LogisticRegression by Python subprocess (one BLAS thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-w2-bench-'));
  try {
    const xf = join(dir, 'X.f64'), yf = join(dir, 'y.i32');
    writeFileSync(xf, Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength)); // little-endian on x86/arm
    writeFileSync(yf, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, xf, yf, String(N), String(D), '15'], { env, encoding: 'utf8' })) as {
      sklearn: string; median: number; times: number[]; nIter: number; trainAccuracy: number; coefHead: number[];
      profile: { nEval: number; evalMedian: number; inEvalShare: number; gemv: number; gemvT: number };
    };
    const pr = out.profile;
    profile.push(`scikit-learn: ${pr.nEval} loss+gradient evaluations of ${ms(pr.evalMedian)} ms (median), ${(100 * pr.inEvalShare).toFixed(0)}% of the fit; X@w ${ms(pr.gemv)} ms, Xᵀ@r ${ms(pr.gemvT)} ms (OpenBLAS, 1 thread)`);
    suite.record({ id: SK, unit: 's', value: out.median, n: out.times.length });
    accuracy[SK] = out.trainAccuracy;
    notes.push(`scikit-learn ${out.sklearn}, OMP_NUM_THREADS=1: ${out.nIter} lbfgs iterations; coef[0..4] ${out.coefHead.map((v) => v.toFixed(5)).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

const ms = (sec: number) => (1000 * sec).toFixed(3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

it('profile: the L-BFGS solve alone, per evaluation, and the boundary steps of fit', () => {
  const p = { X: X.data, n: N, d: D, y, K: 1, fitIntercept: true, l2: 1 };
  const grad = new Float64Array(D + 1), work = new Float64Array(N);
  const solve: number[] = [], evals: number[] = [], copy: number[] = [];
  let nEval = 0;
  for (let rep = 0; rep < 15; rep++) {
    const t0 = performance.now();
    let t1 = 0;
    withResidentOperand(X, () => {
      t1 = performance.now();
      nEval = 0;
      lbfgs((theta) => {
        const t = performance.now();
        const value = logisticLossGrad(p, theta, grad, work);
        evals.push(performance.now() - t);
        nEval++;
        return { value, grad };
      }, new Float64Array(D + 1), { maxIter: 100, tol: 1e-4, fTol: 2.220446049250313e-9 });
    });
    solve.push(performance.now() - t0);
    copy.push(t1 - t0);
  }
  const time = (f: () => unknown) => median(Array.from({ length: 15 }, () => { const t = performance.now(); f(); return performance.now() - t; }));
  const check = time(() => asMatrix(X, 'X')), labels = time(() => LabelEncoding.fit(y, 'y', N));
  profile.push(`fpml: solve ${median(solve).toFixed(3)} ms (X copied into wasm memory ${median(copy).toFixed(3)} ms), ${nEval} loss+gradient evaluations of ${median(evals).toFixed(3)} ms (median); in fit also asMatrix (finiteness scan) ${check.toFixed(3)} ms, LabelEncoding.fit ${labels.toFixed(3)} ms`);
}, 600_000);

let last: LogisticRegression | null = null;
suite.workload({ id: OURS, warmup: 3, minIters: 15, minTimeMs: 2000, peerOf: SK }, () => {
  last = new LogisticRegression({ C: 1 }).fit(X, y);
});
suite.workload({ id: OURS_GD, warmup: 1, minIters: 5, minTimeMs: 1000, peerOf: ML }, () => {
  const m = new LogisticRegression({ C: 1, solver: 'gd', maxIter: 100 }).fit(X, y);
  accuracy[OURS_GD] = m.score(X, y);
});

afterAll(() => {
  const m = last;
  if (m !== null) {
    accuracy[OURS] = m.score(X, y);
    notes.push(`fpml lbfgs: ${m.nIter} iterations, ${m.warnings.length} warnings; coef[0..4] ${Array.from(m.coef.data.subarray(0, 5), (v) => v.toFixed(5)).join(', ')}`);
  }
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const acc = (id: string) => (accuracy[id] === undefined ? 'n/a' : accuracy[id]!.toFixed(4));
  const ml = get(ML), sk = get(SK), ours = get(OURS), gd = get(OURS_GD);
  const lines = [
    '| W2 logistic 10000×100, L2 C=1 | seconds per fit | train accuracy | ratio |',
    '|---|---|---|---|',
    `| fpml lbfgs (sklearn defaults) | ${f(ours)} | ${acc(OURS)} | ${sk && ours ? `${(ours / sk).toFixed(2)}× scikit-learn's time (aim ≤ 2×)` : 'n/a'}; ${ml && ours ? `${(ml / ours).toFixed(1)}× faster than mljs` : ''} |`,
    `| fpml gd, 100 steps of 1/L | ${f(gd)} | ${acc(OURS_GD)} | ${ml && gd ? `${(ml / gd).toFixed(1)}× faster than mljs` : 'n/a'} |`,
    `| ml-logistic-regression, 2 × ${ML_STEPS} GD steps, lr ${ML_RATE.toExponential(2)} | ${f(ml)} | ${acc(ML)} | peer |`,
    `| scikit-learn 1.2.1 lbfgs, 1 thread | ${f(sk)} | ${acc(SK)} | peer |`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n${profile.map((n) => `profile: ${n}`).join('\n')}\n`);
});
