/**
 * Model selection: what cross-validation and search cost around the fits, seconds per run, in
 * one run:
 * - `dummy`: `crossValScore(new DummyClassifier(), X, y, { cv: 5 })` on 10000×20 (`new Rng(0)`
 *   normals, 3 random labels): the fits are trivial, so this is the machinery itself (stratified
 *   folds, clone per fold, row gathering, scoring);
 * - `gnb`: `GridSearchCV(GaussianNB, { varSmoothing: 10 values 1e-11..1e-2 }, cv 5)` on digits
 *   (1797×64): 50 fits + 1 refit;
 * - `knn`: `GridSearchCV(KNeighborsClassifier, { nNeighbors: 1..15 odd, weights: uniform/distance },
 *   cv 5)` on breast cancer (569×30): 80 fits + 1 refit, the time in the neighbour queries;
 * each against scikit-learn 1.2.1 single-thread on the same data (same bytes for `dummy`, sklearn's
 * bundled copies of digits and breast cancer), timed by
 * scripts/oracles/bench_model_selection_sklearn.py in a subprocess (skipped with a note when
 * /usr/bin/python3 with scikit-learn is missing).
 * Afterwards it prints the ratios (ours / scikit-learn: how many times slower; < 1 means faster),
 * and an oracle-agreement table: the largest absolute and relative differences between every
 * frozen scikit-learn value in src/model-selection/__fixtures__/model-selection.json and ours.
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/model-selection.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DummyClassifier, Matrix, Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { loadBreastCancer, loadDigits } from '@fpml/datasets';
import { afterAll, it } from 'vitest';
import { GaussianNB } from '../src/naive-bayes/index.js';
import { KNeighborsClassifier } from '../src/neighbors/index.js';
import { GridSearchCV, ParameterGrid, checkCv, crossValPredict, crossValScore, crossValidate, learningCurve, permutationTestScore, validationCurve } from '../src/model-selection/index.js';
import { FACTORIES, camelGrid, dataset, fx, make, makeCv, withAlternatives } from '../src/model-selection/__fixtures__/oracle-data.js';

const N = 10000, D = 20;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/oracles/bench_model_selection_sklearn.py');
const suite = benchSuite('level2-model-selection');

const rng = new Rng(0);
const X = new Matrix(N, D); // (10000, 20)
for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
const y = Int32Array.from({ length: N }, () => rng.int(3));
const digits = loadDigits();
const cancer = loadBreastCancer();
const smoothing = Array.from({ length: 10 }, (_, i) => 10 ** (-11 + i)); // np.logspace(-11, -2, 10)
const knnGrid = { nNeighbors: [1, 3, 5, 7, 9, 11, 13, 15], weights: ['uniform', 'distance'] };

const id = (what: string, who: string) => `model-selection/${what}/${who}`;
const W = {
  dummy: 'cross-val-score-dummy-10000x20-cv5',
  gnb: 'grid-search-gaussiannb-digits-10x5',
  knn: 'grid-search-knn-breast-cancer-16x5',
} as const;
const notes: string[] = [];

it('scikit-learn by Python subprocess (one thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-ms-bench-'));
  try {
    const xf = join(dir, 'X.f64'), yf = join(dir, 'y.i32');
    writeFileSync(xf, Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength)); // little-endian on x86/arm
    writeFileSync(yf, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, xf, yf, String(N), String(D)], { env, encoding: 'utf8' })) as Record<string, { median: number; times: number[] }> & { sklearn: string };
    for (const k of ['dummy', 'gnb', 'knn'] as const) suite.record({ id: id(W[k], 'scikit-learn'), unit: 's', value: out[k]!.median, n: out[k]!.times.length });
    notes.push(`scikit-learn ${out.sklearn}, OMP_NUM_THREADS=1`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

suite.workload({ id: id(W.dummy, 'fpml'), warmup: 2, minIters: 5, minTimeMs: 1000, peerOf: id(W.dummy, 'scikit-learn') }, () => crossValScore(new DummyClassifier(), X, y, { cv: 5 }));
suite.workload({ id: id(W.gnb, 'fpml'), warmup: 1, minIters: 5, minTimeMs: 1000, peerOf: id(W.gnb, 'scikit-learn') }, () =>
  new GridSearchCV({ estimator: new GaussianNB(), paramGrid: { varSmoothing: smoothing }, cv: 5 }).fit(digits.X, digits.y),
);
suite.workload({ id: id(W.knn, 'fpml'), warmup: 1, minIters: 3, minTimeMs: 1000, peerOf: id(W.knn, 'scikit-learn') }, () =>
  new GridSearchCV({ estimator: new KNeighborsClassifier(), paramGrid: knnGrid, cv: 5 }).fit(cancer.X, cancer.y),
);

/** Largest |ours − sklearn| and |ours − sklearn| / |sklearn| over paired values, and the count. */
class Agreement {
  abs = 0;
  rel = 0;
  n = 0;
  add(ours: ArrayLike<number> | number, theirs: ArrayLike<number> | number): void {
    const a = typeof ours === 'number' ? [ours] : Array.from(ours);
    const b = typeof theirs === 'number' ? [theirs] : Array.from(theirs);
    if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
    a.forEach((v, i) => {
      const d = Math.abs(v - b[i]!);
      this.abs = Math.max(this.abs, d);
      if (b[i] !== 0) this.rel = Math.max(this.rel, d / Math.abs(b[i]!));
      this.n++;
    });
  }
}
const flat = (m: ArrayLike<number>[] | number[][]) => m.flatMap((r) => Array.from(r));

it('oracle agreement with scikit-learn (largest differences over every frozen value)', () => {
  const rows: [string, Agreement | string][] = [];
  const exact = (what: string, ok: boolean, count: number) => rows.push([what, `${ok ? 'identical' : 'DIFFERENT'} (${count} checked)`]);
  let foldOk = true, foldN = 0;
  for (const f of fx.folds) {
    const { X: Xd, y: yd } = dataset(f.data);
    const got = checkCv(f.cv, Xd, yd, undefined, f.classifier, 'bench').map((g) => Array.from(g.testIndex));
    foldOk &&= JSON.stringify(got) === JSON.stringify(f.testIndex);
    foldN += got.flat().length;
  }
  exact('fold test indices (KFold/StratifiedKFold, unshuffled)', foldOk, foldN);
  const cvs = new Agreement();
  const cvsCases = withAlternatives(fx.crossValScore);
  for (const { c, build } of cvsCases) {
    const { X: Xd, y: yd } = dataset(c.data);
    cvs.add(crossValScore(build(c.estimator), Xd, yd, { cv: makeCv(c.cv), scoring: c.scoring }), c.scores);
  }
  rows.push([`crossValScore (${cvsCases.length} cases)`, cvs]);
  const cv = new Agreement();
  for (const c of fx.crossValidate) {
    const { X: Xd, y: yd } = dataset(c.data);
    const r = crossValidate(make(c.estimator), Xd, yd, { cv: makeCv(c.cv), scoring: c.scoring, returnTrainScore: true });
    for (const m of c.scoring) {
      cv.add(r.testScores[m]!, c.testScores[m]!);
      cv.add(r.trainScores![m]!, c.trainScores[m]!);
    }
  }
  rows.push(['crossValidate (train and test)', cv]);
  const cvp = new Agreement();
  for (const c of fx.crossValPredict.filter((k) => k.estimator.name in FACTORIES)) {
    const { X: Xd, y: yd } = dataset(c.data);
    const p = crossValPredict(make(c.estimator), Xd, yd, { cv: makeCv(c.cv), method: c.method === 'predict' ? 'predict' : 'predictProba' });
    cvp.add(p instanceof Matrix ? p.data : (p as ArrayLike<number>), c.method === 'predict' ? (c.predictions as number[]) : flat(c.predictions as number[][]));
  }
  rows.push(['crossValPredict', cvp]);
  let gridOk = true, gridN = 0;
  for (const c of fx.parameterGrid) {
    const g = new ParameterGrid(c.grid as never);
    gridOk &&= JSON.stringify([...g].map((p) => Object.entries(p))) === JSON.stringify(c.expanded.map((p) => Object.entries(p)));
    gridN += g.length;
  }
  exact('ParameterGrid order (keys and values)', gridOk, gridN);
  const gs = new Agreement();
  let rankOk = true, rankN = 0;
  for (const { c, build } of withAlternatives(fx.gridSearch)) {
    const { X: Xd, y: yd } = dataset(c.data);
    const s = new GridSearchCV({ estimator: build(c.estimator), paramGrid: camelGrid(c.paramGrid) as never, cv: makeCv(c.cv), scoring: c.scoring, returnTrainScore: c.returnTrainScore }).fit(Xd, yd);
    gs.add(s.cvResults.meanTestScore, c.cvResults.meanTestScore);
    gs.add(s.cvResults.stdTestScore, c.cvResults.stdTestScore);
    gs.add(flat([...s.cvResults.splitTestScores]), flat(c.cvResults.splitTestScores));
    rankOk &&= JSON.stringify(Array.from(s.cvResults.rankTestScore)) === JSON.stringify(c.cvResults.rankTestScore) && s.bestIndex === c.bestIndex;
    rankN += c.cvResults.rankTestScore.length;
  }
  rows.push(['GridSearchCV cvResults (split/mean/std test scores)', gs]);
  exact('GridSearchCV rankTestScore and bestIndex (with ties)', rankOk, rankN);
  let sizesOk = true;
  for (const c of fx.learningCurveSizes) {
    const { X: Xd, y: yd } = dataset(c.data);
    const est = make({ name: c.data === 'diabetes' ? 'DummyRegressor' : 'DummyClassifier' });
    const r = learningCurve(est, Xd, yd, { cv: c.cv, scoring: c.data === 'diabetes' ? 'r2' : 'accuracy', ...(c.trainSizes ? { trainSizes: c.trainSizes, trainSizesKind: c.trainSizesKind } : {}) });
    sizesOk &&= JSON.stringify(Array.from(r.trainSizesAbs)) === JSON.stringify(c.trainSizesAbs);
  }
  exact('learningCurve trainSizesAbs', sizesOk, fx.learningCurveSizes.length);
  const lc = new Agreement();
  for (const c of fx.learningCurve) {
    const { X: Xd, y: yd } = dataset(c.data);
    const r = learningCurve(make(c.estimator), Xd, yd, { cv: c.cv, scoring: c.scoring, ...(c.trainSizes ? { trainSizes: c.trainSizes } : {}) });
    lc.add(flat(r.trainScores), flat(c.trainScores));
    lc.add(flat(r.testScores), flat(c.testScores));
  }
  rows.push(['learningCurve scores', lc]);
  const vc = new Agreement();
  for (const c of fx.validationCurve) {
    const { X: Xd, y: yd } = dataset(c.data);
    const r = validationCurve(make(c.estimator), Xd, yd, { paramName: Object.keys(camelGrid({ [c.paramName]: 0 }))[0]!, paramRange: c.paramRange, cv: c.cv, scoring: c.scoring });
    vc.add(flat(r.trainScores), flat(c.trainScores));
    vc.add(flat(r.testScores), flat(c.testScores));
  }
  rows.push(['validationCurve scores', vc]);
  const pt = new Agreement();
  for (const c of fx.permutationTestScore) {
    const { X: Xd, y: yd } = dataset(c.data);
    pt.add(permutationTestScore(make(c.estimator), Xd, yd, { cv: c.cv, scoring: c.scoring, nPermutations: 1 }).score, c.score);
  }
  rows.push(['permutationTestScore (unpermuted score)', pt]);
  const e = (v: number) => (v === 0 ? '0' : v.toExponential(1));
  const lines = ['| vs scikit-learn 1.2.1 | values | max abs diff | max rel diff |', '|---|---|---|---|'];
  for (const [what, a] of rows) lines.push(typeof a === 'string' ? `| ${what} | ${a} | | |` : `| ${what} | ${a.n} | ${e(a.abs)} | ${e(a.rel)} |`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
}, 600_000);

afterAll(() => {
  const get = (k: keyof typeof W, who: string) => suite.records.find((r) => r.id === id(W[k], who))?.value;
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(3));
  const lines = ['| workload | fpml (s) | scikit-learn (s) | fpml / scikit-learn |', '|---|---|---|---|'];
  for (const k of ['dummy', 'gnb', 'knn'] as const) {
    const ours = get(k, 'fpml'), sk = get(k, 'scikit-learn');
    lines.push(`| ${W[k]} | ${f(ours)} | ${f(sk)} | ${ours && sk ? (ours / sk).toFixed(2) + '×' : 'n/a'} |`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
