/**
 * W1: PCA of 5000×784 (the first 5000 Fashion-MNIST t10k images, pixels in [0, 1]) to 50
 * components, seconds per fit, in one run:
 * - ours, `svdSolver: 'full'` (thin Golub–Kahan SVD of the centred data) and `'randomized'`
 *   (Halko et al., 10 oversamples, 7 power iterations with LU re-normalisation: scikit-learn's defaults);
 * - ml-matrix (the JS peer): centring plus `new SingularValueDecomposition(centred)`, which is what
 *   a PCA on ml-matrix costs (it has no randomized solver, so it is the peer of both of ours);
 * - scikit-learn 1.2.1 (the Python peer), `PCA(50, svd_solver='randomized'|'full')` on the same
 *   bytes, timed by scripts/oracles/bench_pca_sklearn.py in a subprocess with one BLAS thread.
 *   When /usr/bin/python3 with scikit-learn is missing, that record is skipped with a note.
 * Afterwards it prints the ratios (ours vs ml-matrix: > 1 means we are faster; ours vs
 * scikit-learn: how many times slower we are; the target for the randomized solver is ≤ 3×).
 *
 * Run: cd packages/level1-math && npx vitest run --config vitest.bench.config.ts bench/pca.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { loadFashionMnist } from '@fpml/datasets';
import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { afterAll, it } from 'vitest';
import { PCA } from '../src/decomposition/index.js';

const N = 5000, D = 784, K = 50;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/oracles/bench_pca_sklearn.py');
const suite = benchSuite('level1-pca');
const X = loadFashionMnist({ limit: N }).X; // (5000, 784)

/** What a PCA on ml-matrix does: centre the columns, then a full SVD. */
function mlMatrixPca(A: Matrix): SingularValueDecomposition {
  const M = new MlMatrix(A.rows, A.cols);
  const mean = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) mean[j]! += A.data[i * A.cols + j]!;
  for (let j = 0; j < A.cols; j++) mean[j]! /= A.rows;
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) M.set(i, j, A.data[i * A.cols + j]! - mean[j]!);
  return new SingularValueDecomposition(M);
}

const ML = 'W1/pca-5000x784-k50/ml-matrix-svd';
const SK_R = 'W1/pca-5000x784-k50-randomized/scikit-learn';
const SK_F = 'W1/pca-5000x784-k50-full/scikit-learn';
const notes: string[] = [];

suite.workload({ id: ML, warmup: 0, minIters: 1, minTimeMs: 0 }, () => mlMatrixPca(X));

it('scikit-learn PCA by Python subprocess (one BLAS thread)', () => {
  const sklearnOk = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!sklearnOk) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    process.stdout.write(`\nnote: ${notes[0]}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-pca-bench-'));
  try {
    const file = join(dir, 'X.f64');
    writeFileSync(file, Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength)); // little-endian on x86/arm
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, file, String(N), String(D), String(K), '7'], { env, encoding: 'utf8' })) as {
      sklearn: string; randomized: { median: number; times: number[] }; full: { median: number; times: number[] };
    };
    suite.record({ id: SK_R, unit: 's', value: out.randomized.median, n: out.randomized.times.length });
    suite.record({ id: SK_F, unit: 's', value: out.full.median, n: out.full.times.length });
    notes.push(`scikit-learn ${out.sklearn}, OMP_NUM_THREADS=1`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

suite.workload({ id: 'W1/pca-5000x784-k50-full/float64', warmup: 0, minIters: 1, minTimeMs: 0, peerOf: ML }, () => new PCA({ nComponents: K, svdSolver: 'full' }).fit(X));
suite.workload(
  { id: 'W1/pca-5000x784-k50-randomized/float64', warmup: 1, minIters: 5, minTimeMs: 2000, peerOf: SK_R },
  () => new PCA({ nComponents: K, svdSolver: 'randomized', seed: 0 }).fit(X),
);

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const ml = get(ML), full = get('W1/pca-5000x784-k50-full/float64'), rand = get('W1/pca-5000x784-k50-randomized/float64');
  const skR = get(SK_R), skF = get(SK_F);
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const lines = [
    '| W1 PCA 5000×784 → 50 | fpml (s) | ml-matrix SVD (s) | fpml speed-up vs ml-matrix | scikit-learn (s) | fpml / scikit-learn |',
    '|---|---|---|---|---|---|',
    `| full | ${f(full)} | ${f(ml)} | ${ml && full ? (ml / full).toFixed(2) + '×' : 'n/a'} | ${f(skF)} | ${skF && full ? (full / skF).toFixed(1) + '×' : 'n/a'} |`,
    `| randomized | ${f(rand)} | ${f(ml)} | ${ml && rand ? (ml / rand).toFixed(1) + '×' : 'n/a'} | ${f(skR)} | ${skR && rand ? (rand / skR).toFixed(1) + '× (target ≤ 3×)' : 'n/a'} |`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
