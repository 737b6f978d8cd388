/**
 * level1 linear algebra against ml-matrix (the JS peer), measured in the same run:
 * - W7 matmul n = 512 and 1024, float64, GFLOP/s (work = 2n³): ours is core's `matmul` (its
 *   WebAssembly SIMD kernel at these sizes);
 * - symmetric eigendecomposition 300×300, seconds: `eigh` vs `EigenvalueDecomposition(assumeSymmetric)`;
 * - thin SVD 500×300, seconds: `svd` vs `SingularValueDecomposition` (U and V computed by both).
 * Inputs are uniform(-1, 1) from core's Rng with fixed seeds; both libraries get the same numbers.
 * After the timings it prints the speed-ups and (untimed) the Hilbert conditioning table of
 * docs/level1-math/linalg.md: relative error of x̂ for H x = b with x = 1, against κ₂(H)·ε.
 *
 * Run: cd packages/level1-math && npx vitest run --config vitest.bench.config.ts bench/linalg.bench.ts
 */
import { Matrix, Rng, matmul } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { afterAll } from 'vitest';
import { EigenvalueDecomposition, Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { cond, eigh, lstsq, lu, luSolve, svd } from '../src/linalg/index.js';

const suite = benchSuite('level1-linalg');

/** Print a markdown table: ours, ml-matrix, and the speed-up (>1 means we are faster). */
afterAll(() => {
  const lines = ['| workload | unit | fpml | ml-matrix | speed-up |', '|---|---|---|---|---|'];
  for (const r of suite.records) {
    if (!r.peer) continue;
    const up = r.unit === 's' ? r.peer.value / r.value : r.value / r.peer.value;
    lines.push(`| ${r.id} | ${r.unit} | ${r.value.toPrecision(4)} | ${r.peer.value.toPrecision(4)} | ${up.toFixed(2)}× |`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
  const h = ['| n | κ₂(H) | κ₂·ε | LU error | LU error / κ₂ε | pivoted-QR lstsq error |', '|---|---|---|---|---|---|'];
  for (let n = 2; n <= 12; n++) {
    const H = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H.data[i * n + j] = 1 / (i + j + 1);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i]! += H.data[i * n + j]!;
    const err = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + (v - 1) ** 2, 0) / n);
    const kappa = cond(H), eLu = err(luSolve(lu(H), b)), eQr = err(lstsq(H, b, { method: 'qr' }).x);
    h.push(`| ${n} | ${kappa.toExponential(2)} | ${(kappa * 2 ** -52).toExponential(1)} | ${eLu.toExponential(2)} | ${(eLu / (kappa * 2 ** -52)).toFixed(3)} | ${eQr.toExponential(2)} |`);
  }
  process.stdout.write(`\n${h.join('\n')}\n`);
});

function uniform(seed: number, m: number, n: number): Matrix {
  const rng = new Rng(seed);
  const A = new Matrix(m, n);
  for (let k = 0; k < A.data.length; k++) A.data[k] = rng.uniform(-1, 1);
  return A;
}

const toMl = (A: Matrix) => new MlMatrix(A.toArray());

for (const n of [512, 1024]) {
  const A = uniform(1, n, n), B = uniform(2, n, n);
  const mA = toMl(A), mB = toMl(B);
  const work = 2 * n ** 3;
  const peer = `W7/matmul-${n}/ml-matrix`;
  suite.workload({ id: peer, unit: 'GFLOP/s', work, scale: 1e9, warmup: 1, minIters: n >= 1024 ? 2 : 3, minTimeMs: 0 }, () => mA.mmul(mB));
  suite.workload({ id: `W7/matmul-${n}/float64`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 2, minIters: 5, minTimeMs: 1000, peerOf: peer }, () => matmul(A, B));
}

{
  const G = uniform(3, 300, 300);
  const S = new Matrix(300, 300);
  for (let i = 0; i < 300; i++) for (let j = 0; j < 300; j++) S.data[i * 300 + j] = G.data[i * 300 + j]! + G.data[j * 300 + i]!;
  const mS = toMl(S);
  suite.workload({ id: 'L1/eigh-300/ml-matrix', warmup: 1, minIters: 5, minTimeMs: 1000 }, () => new EigenvalueDecomposition(mS, { assumeSymmetric: true }));
  suite.workload({ id: 'L1/eigh-300/float64', warmup: 1, minIters: 5, minTimeMs: 1000, peerOf: 'L1/eigh-300/ml-matrix' }, () => eigh(S));
}

{
  const A = uniform(4, 500, 300);
  const mA = toMl(A);
  suite.workload({ id: 'L1/svd-500x300/ml-matrix', warmup: 1, minIters: 3, minTimeMs: 1000 }, () => new SingularValueDecomposition(mA));
  suite.workload({ id: 'L1/svd-500x300/float64', warmup: 1, minIters: 5, minTimeMs: 1000, peerOf: 'L1/svd-500x300/ml-matrix' }, () => svd(A));
}
