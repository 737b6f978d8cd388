/**
 * Neighbours and naive Bayes, seconds per call, peers measured in the same run:
 * - **k-NN predict**, k = 5, 5000 training points × 1000 queries × 20 features: 5 Gaussian blobs
 *   (centres N(0, 3²) per coordinate, unit noise; `new Rng(0)` for the training set, `new Rng(1)`
 *   for the queries). fpml `KNeighborsClassifier` with `algorithm: 'brute'` and `'kd_tree'`
 *   (leafSize 30), plus the two brute-force kernels on their own (`BruteIndex.query` with
 *   `'gemm'` and `'exact'`); ml-knn 3.0.0 (`new KNN(X, y, { k: 5 })`, its own kd-tree, `predict`);
 *   scikit-learn 1.2.1 `KNeighborsClassifier(algorithm='brute' | 'kd_tree')`.
 * - **GaussianNB fit**, 10000 × 50, 10 classes (Gaussian per class, `new Rng(2)`): fpml
 *   `GaussianNB`; ml-naivebayes 4.0.0 `GaussianNB.train` (given an ml-matrix Matrix built outside
 *   the timing); scikit-learn `GaussianNB().fit`.
 * scikit-learn runs in a Python subprocess on the same bytes with one thread
 * (OMP/OPENBLAS/MKL_NUM_THREADS=1), a few repetitions, median; skipped with a note when
 * /usr/bin/python3 with scikit-learn is missing. Fitting the k-NN models (copying X, building the
 * trees) is outside the predict timings.
 *
 * Afterwards it prints the ratios: peer seconds / fpml seconds (> 1: fpml is faster).
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/neighbors.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { Matrix as MlMatrix } from 'ml-matrix';
import KNN from 'ml-knn';
import { GaussianNB as MlGaussianNB } from 'ml-naivebayes';
import { afterAll, it } from 'vitest';
import { GaussianNB } from '../src/naive-bayes/index.js';
import { BruteIndex, KNeighborsClassifier, resolveMetric } from '../src/neighbors/index.js';

const PYTHON = '/usr/bin/python3';
const suite = benchSuite('level2-neighbors');
const notes: string[] = [];

/** n points from `K` Gaussian blobs in d dimensions; labels = blob index (round robin). */
function blobs(n: number, d: number, K: number, centreSd: number, seed: number, centreSeed = 100): { X: Matrix; y: Int32Array } {
  const crng = new Rng(centreSeed);
  const centres = Array.from({ length: K }, () => Array.from({ length: d }, () => crng.normal(0, centreSd)));
  const rng = new Rng(seed);
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % K;
    for (let j = 0; j < d; j++) X.data[i * d + j] = centres[y[i]!]![j]! + rng.normal();
  }
  return { X, y };
}

const KNN_N = 5000, KNN_Q = 1000, KNN_D = 20, K = 5;
const train = blobs(KNN_N, KNN_D, 5, 3, 0);
const queries = blobs(KNN_Q, KNN_D, 5, 3, 1).X;
const NB_N = 10000, NB_D = 50;
const nbData = blobs(NB_N, NB_D, 10, 1, 2, 101);

const W = 'knn-k5-predict-5000x1000x20';
const G = 'gaussian-nb-fit-10000x50';
const id = {
  brute: `${W}/brute/fpml`, kd: `${W}/kd_tree/fpml`, gemm: `${W}/brute-kernel-gemm/fpml`, exact: `${W}/brute-kernel-exact/fpml`,
  mlKnn: `${W}/ml-knn`, skBrute: `${W}/brute/scikit-learn`, skKd: `${W}/kd_tree/scikit-learn`,
  nb: `${G}/fpml`, mlNb: `${G}/ml-naivebayes`, skNb: `${G}/scikit-learn`,
};

const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np, sklearn
from sklearn.neighbors import KNeighborsClassifier
from sklearn.naive_bayes import GaussianNB
d = sys.argv[1]
def load(name, shape, dtype='<f8'):
    return np.fromfile(f'{d}/{name}', dtype=dtype).reshape(shape)
X = load('X.f64', (${KNN_N}, ${KNN_D})); y = load('y.i32', (${KNN_N},), '<i4'); Q = load('Q.f64', (${KNN_Q}, ${KNN_D}))
NX = load('NX.f64', (${NB_N}, ${NB_D})); ny = load('ny.i32', (${NB_N},), '<i4')
def median_time(fn, reps):
    fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return {'median': float(np.median(ts)), 'times': ts}
out = {'sklearn': sklearn.__version__}
for algo in ('brute', 'kd_tree'):
    m = KNeighborsClassifier(n_neighbors=${K}, algorithm=algo, leaf_size=30, n_jobs=1).fit(X, y)
    out[algo] = median_time(lambda: m.predict(Q), 5)
out['gnb'] = median_time(lambda: GaussianNB().fit(NX, ny), 7)
print(json.dumps(out))
`;

it('scikit-learn by Python subprocess (single thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-neighbors-bench-'));
  try {
    const put = (name: string, a: Float64Array | Int32Array) => writeFileSync(join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength)); // little-endian
    put('X.f64', train.X.data); put('y.i32', train.y); put('Q.f64', queries.data); put('NX.f64', nbData.X.data); put('ny.i32', nbData.y);
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, ['-c', SKLEARN_SCRIPT, dir], { env, encoding: 'utf8' })) as Record<string, { median: number; times: number[] }> & { sklearn: string };
    suite.record({ id: id.skBrute, unit: 's', value: out.brute!.median, n: out.brute!.times.length });
    suite.record({ id: id.skKd, unit: 's', value: out.kd_tree!.median, n: out.kd_tree!.times.length });
    suite.record({ id: id.skNb, unit: 's', value: out.gnb!.median, n: out.gnb!.times.length });
    notes.push(`scikit-learn ${out.sklearn}, one thread`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

// --- k-NN predict -------------------------------------------------------------------------------
const mlTrain = train.X.toArray();
const mlQueries = queries.toArray();
const mlModel = new KNN(mlTrain, Array.from(train.y), { k: K });
suite.workload({ id: id.mlKnn, warmup: 1, minIters: 3, minTimeMs: 0 }, () => mlModel.predict(mlQueries));

const bruteModel = new KNeighborsClassifier({ nNeighbors: K, algorithm: 'brute' }).fit(train.X, train.y);
const kdModel = new KNeighborsClassifier({ nNeighbors: K, algorithm: 'kd_tree', leafSize: 30 }).fit(train.X, train.y);
suite.workload({ id: id.brute, warmup: 2, minIters: 5, minTimeMs: 2000, peerOf: id.mlKnn }, () => bruteModel.predict(queries));
suite.workload({ id: id.kd, warmup: 2, minIters: 5, minTimeMs: 2000, peerOf: id.mlKnn }, () => kdModel.predict(queries));
const index = BruteIndex.build(train.X, resolveMetric('euclidean', 2));
suite.workload({ id: id.gemm, warmup: 2, minIters: 5, minTimeMs: 2000 }, () => index.query(queries, K, 'gemm'));
suite.workload({ id: id.exact, warmup: 2, minIters: 5, minTimeMs: 2000 }, () => index.query(queries, K, 'exact'));

it('fpml and ml-knn agree on the predictions (a sanity check, not a timing)', () => {
  const a: unknown[] = Array.from(bruteModel.predict(queries));
  const b: unknown[] = mlModel.predict(mlQueries);
  const c: unknown[] = Array.from(kdModel.predict(queries));
  const agree = (u: unknown[]) => a.filter((v, i) => v === u[i]).length;
  notes.push(`k-NN: fpml brute agrees with ml-knn on ${agree(b)} of ${a.length} predictions, with fpml kd_tree on ${agree(c)}`);
});

// --- GaussianNB fit -----------------------------------------------------------------------------
const mlNbX = new MlMatrix(nbData.X.toArray());
const nbLabels = Array.from(nbData.y);
suite.workload({ id: id.mlNb, warmup: 1, minIters: 5, minTimeMs: 2000 }, () => new MlGaussianNB().train(mlNbX, nbLabels));
suite.workload({ id: id.nb, warmup: 2, minIters: 10, minTimeMs: 2000, peerOf: id.mlNb }, () => new GaussianNB().fit(nbData.X, nbData.y));

afterAll(() => {
  const get = (k: string) => suite.records.find((r) => r.id === k)?.value;
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const ratio = (peer: number | undefined, ours: number | undefined) => (peer && ours ? `${(peer / ours).toFixed(2)}×` : 'n/a');
  const lines = [
    '| workload | fpml (s) | ml peer (s) | ml / fpml | scikit-learn (s) | scikit-learn / fpml |',
    '|---|---|---|---|---|---|',
    `| k-NN predict, brute | ${f(get(id.brute))} | ${f(get(id.mlKnn))} (ml-knn) | ${ratio(get(id.mlKnn), get(id.brute))} | ${f(get(id.skBrute))} | ${ratio(get(id.skBrute), get(id.brute))} |`,
    `| k-NN predict, kd_tree | ${f(get(id.kd))} | ${f(get(id.mlKnn))} (ml-knn) | ${ratio(get(id.mlKnn), get(id.kd))} | ${f(get(id.skKd))} | ${ratio(get(id.skKd), get(id.kd))} |`,
    `| brute kernel 'gemm' (screen + rescore) | ${f(get(id.gemm))} | | | | |`,
    `| brute kernel 'exact' (4 × 2 blocked) | ${f(get(id.exact))} | | | | |`,
    `| GaussianNB fit | ${f(get(id.nb))} | ${f(get(id.mlNb))} (ml-naivebayes) | ${ratio(get(id.mlNb), get(id.nb))} | ${f(get(id.skNb))} | ${ratio(get(id.skNb), get(id.nb))} |`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
