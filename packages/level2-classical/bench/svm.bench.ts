/**
 * SVC with an RBF kernel on 2000 × 20 synthetic binary data, seconds per fit, peers in the same run:
 * - fpml `SVC({ C: 1, kernel: 'rbf', gamma, tol: 1e-3, cacheSize: 200 })` (libsvm's SMO in TypeScript);
 * - libsvm-js 0.2.1 (libsvm 3.22 compiled by emscripten), both its WebAssembly and its asm.js build,
 *   C-SVC with the same C, gamma, tolerance, cache size and shrinking; the training rows are given as
 *   number[][] built outside the timing (its `train` copies them into the wasm heap, which is part of
 *   its fit), and each model is freed after its fit;
 * - scikit-learn 1.2.1 `SVC(C=1, kernel='rbf', gamma, tol=1e-3, cache_size=200)` in a Python
 *   subprocess on the same bytes, one thread (skipped with a note without /usr/bin/python3 + sklearn).
 * gamma is the numeric value of `'scale'` on this X, passed to all three. The data: x ~ N(0, I₂₀),
 * y = [x₀x₁ + sin(2x₂) + 0.5x₃ + 0.3ε > 0] (`new Rng(2024)`), the first row moved to class 0 so that
 * libsvm-js (which orders labels by first appearance) solves exactly the problem scikit-learn and fpml
 * solve (labels sorted). The three fits are checked to agree (support-vector count and indices).
 *
 * Afterwards it prints the ratios: peer seconds / fpml seconds (> 1: fpml is faster).
 *
 * Run: cd packages/level2-classical && npx vitest run --config vitest.bench.config.ts bench/svm.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix, Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { afterAll, it } from 'vitest';
import { resolveGamma, SVC } from '../src/svm/index.js';
import type { LibsvmJs, LibsvmJsClass } from './libsvm-js.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/oracles/bench_svm_sklearn.py');
const require = createRequire(import.meta.url);
const suite = benchSuite('level2-svm');
const notes: string[] = [];

const N = 2000, D = 20, C = 1, TOL = 1e-3, CACHE = 200;

function data(): { X: Matrix; y: Int32Array } {
  const rng = new Rng(2024);
  const X = new Matrix(N, D, Float64Array.from({ length: N * D }, () => rng.normal()));
  const y = Int32Array.from({ length: N }, (_, i) => {
    const r = X.data.subarray(i * D, i * D + D);
    return r[0]! * r[1]! + Math.sin(2 * r[2]!) + 0.5 * r[3]! + 0.3 * rng.normal() > 0 ? 1 : 0;
  });
  if (y[0] !== 0) {
    const k = y.indexOf(0);
    const row0 = X.row(0);
    X.data.set(X.row(k), 0);
    X.data.set(row0, k * D);
    y[k] = 1;
    y[0] = 0;
  }
  return { X, y };
}
const { X, y } = data();
const GAMMA = resolveGamma('scale', X.data, D);
const rows = X.toArray();
const labels = Array.from(y);

const W = 'svc-rbf-2000x20-fit';
const id = { fpml: `${W}/fpml`, wasm: `${W}/libsvm-js-wasm`, asm: `${W}/libsvm-js-asm`, sk: `${W}/scikit-learn` };
const fits: Record<string, { nSV: number; support?: number[] }> = {};

const fpmlFit = () => new SVC({ C, kernel: 'rbf', gamma: GAMMA, tol: TOL, cacheSize: CACHE }).fit(X, y);
const libsvmFit = (SVM: LibsvmJsClass): LibsvmJs => {
  const svm = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, gamma: GAMMA, cost: C, tolerance: TOL, cacheSize: CACHE, shrinking: true, quiet: true });
  svm.train(rows, labels);
  return svm;
};
let wasm: LibsvmJsClass | null = null;
const asm = require('libsvm-js/asm') as LibsvmJsClass;

suite.workload({ id: id.fpml, warmup: 1, minIters: 5, minTimeMs: 3000 }, () => fpmlFit());
suite.workload(
  {
    id: id.wasm, warmup: 1, minIters: 5, minTimeMs: 3000, peerOf: id.fpml,
    setup: async () => {
      wasm = await (require('libsvm-js') as Promise<LibsvmJsClass>);
    },
  },
  () => libsvmFit(wasm!).free(),
);
suite.workload({ id: id.asm, warmup: 1, minIters: 3, minTimeMs: 3000, peerOf: id.fpml }, () => libsvmFit(asm).free());

it('the three implementations fit the same model', () => {
  const m = fpmlFit();
  fits.fpml = { nSV: m.support.length, support: Array.from(m.support) };
  for (const [name, SVM] of [['libsvm-js-wasm', wasm], ['libsvm-js-asm', asm]] as const) {
    if (SVM === null) continue;
    const svm = libsvmFit(SVM);
    const support = svm.getSVIndices().sort((a, b) => a - b);
    svm.free();
    fits[name] = { nSV: support.length, support };
  }
  fits.fpml.support!.sort((a, b) => a - b);
  const ours = fits.fpml.support!.join(",");
  for (const [name, f] of Object.entries(fits)) {
    if (f.support && f.support.join(',') !== ours) notes.push(`${name} support set differs from fpml's (${f.nSV} vs ${fits.fpml.nSV} SVs)`);
  }
  notes.push(`fpml: ${fits.fpml.nSV} SVs, ${m.nIter[0]} SMO iterations, train accuracy ${m.score(X, y).toFixed(4)}, gamma ${GAMMA.toPrecision(6)}`);
});

it('scikit-learn SVC by Python subprocess (one thread)', () => {
  const ok = existsSync(PYTHON) && (() => {
    try { execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  if (!ok) {
    notes.push(`scikit-learn peer skipped: ${PYTHON} with scikit-learn not found`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fpml-svm-bench-'));
  try {
    const xf = join(dir, 'X.f64');
    const yf = join(dir, 'y.f64');
    writeFileSync(xf, Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength));
    const yd = Float64Array.from(y);
    writeFileSync(yf, Buffer.from(yd.buffer));
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, xf, yf, String(N), String(D), String(C), String(GAMMA), String(TOL), String(CACHE), '7'], { env, encoding: 'utf8' })) as {
      sklearn: string; median: number; times: number[]; nSV: number; nIter: number; trainAccuracy: number;
    };
    suite.record({ id: id.sk, unit: 's', value: out.median, n: out.times.length });
    fits['scikit-learn'] = { nSV: out.nSV };
    notes.push(`scikit-learn ${out.sklearn}: ${out.nSV} SVs, ${out.nIter} SMO iterations, train accuracy ${out.trainAccuracy.toFixed(4)} (OMP_NUM_THREADS=1)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

afterAll(() => {
  const get = (k: string) => suite.records.find((r) => r.id === k)?.value;
  const ours = get(id.fpml);
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toPrecision(4));
  const ratio = (v: number | undefined) => (v === undefined || ours === undefined ? 'n/a' : `${(v / ours).toFixed(2)}×`);
  const lines = [
    `| SVC rbf 2000×20 fit | seconds | peer / fpml | SVs |`,
    '|---|---|---|---|',
    `| fpml | ${f(ours)} | 1 | ${fits.fpml?.nSV ?? 'n/a'} |`,
    `| libsvm-js (wasm) | ${f(get(id.wasm))} | ${ratio(get(id.wasm))} | ${fits['libsvm-js-wasm']?.nSV ?? 'n/a'} |`,
    `| libsvm-js (asm.js) | ${f(get(id.asm))} | ${ratio(get(id.asm))} | ${fits['libsvm-js-asm']?.nSV ?? 'n/a'} |`,
    `| scikit-learn (libsvm, C) | ${f(get(id.sk))} | ${ratio(get(id.sk))} | ${fits['scikit-learn']?.nSV ?? 'n/a'} |`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
});
