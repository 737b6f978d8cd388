/**
 * Float64 reference-path products, in GFLOP/s (work = 2nkm), all measured in the same run so the
 * ratios mean something on any machine. Fixed seeds.
 * - W7: matmul of two n×n matrices, n = 512 and 1024: the textbook i-j-k triple loop, the blocked
 *   JS kernel (`gemmJs`, the fallback) and `matmul` (which dispatches to the WebAssembly SIMD kernel
 *   at these sizes; its peer is the JS kernel).
 * - W1 shapes: the two products of each randomized-PCA power iteration, X·Q (5000×784 · 784×60)
 *   and Xᵀ·Y (`matmulTransA`, 784×5000 · 5000×60), JS kernel vs `matmul`/`matmulTransA`.
 * - W2 shape: the two matrix-vector products of each logistic-regression loss+gradient, X·w and
 *   Xᵀ·r on X 10000×100 (8 MB): JS kernels (`gemvJs`/`gemvTJs`) vs `matvec`/`matvecTransA` (X
 *   copied into wasm memory on each call), and 20 pairs inside `withResidentOperand(X)` (one copy,
 *   as in an L-BFGS fit).
 *
 * Run: cd packages/core && npx vitest run --config vitest.bench.config.ts bench/matrix.bench.ts
 */
import { Matrix, matmul, matmulTransA, matvec, matvecTransA, withResidentOperand } from '../src/matrix/index.js';
import { gemvJs, gemvTJs } from '../src/matrix/gemv-kernel.js';
import { gemmBackendFor } from '../src/matrix/gemm.js';
import { gemmJs, type GemmOperands } from '../src/matrix/gemm-kernel.js';
import { Rng } from '../src/rng/rng.js';
import { benchSuite } from '../src/testing/bench.js';

const suite = benchSuite('core-matrix');

function randomMatrix(seed: number, rows: number, cols = rows): Matrix {
  const rng = new Rng(seed);
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = rng.uniform(-1, 1);
  return m;
}

/** Textbook i-j-k: C_ij = Σ_p A_ip B_pj, B read down a column (stride n). */
function naiveMatmul(A: Matrix, B: Matrix): Matrix {
  const n = A.rows, k = A.cols, m = B.cols;
  const C = new Matrix(n, m);
  const a = A.data, b = B.data, c = C.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * m + j]!;
      c[i * m + j] = s;
    }
  }
  return C;
}

/** The JS kernel alone (what matmul runs without WebAssembly SIMD). */
function jsProduct(ops: GemmOperands, n: number, k: number, m: number): Float64Array {
  const C = new Float64Array(n * m);
  gemmJs(ops, C, n, k, m);
  return C;
}

for (const n of [512, 1024]) {
  const A = randomMatrix(1, n);
  const B = randomMatrix(2, n);
  const work = 2 * n ** 3;
  const naiveId = `W7/matmul-${n}/float64-naive-ijk`;
  const jsId = `W7/matmul-${n}/float64-js`;
  suite.workload(
    { id: naiveId, unit: 'GFLOP/s', work, scale: 1e9, warmup: 1, minIters: n >= 1024 ? 2 : 3, minTimeMs: 0 },
    () => naiveMatmul(A, B),
  );
  suite.workload(
    { id: jsId, unit: 'GFLOP/s', work, scale: 1e9, warmup: 2, minIters: 5, minTimeMs: 2000, peerOf: naiveId },
    () => jsProduct({ A: A.data, aRow: n, aCol: 1, B: B.data, bRow: n, bCol: 1 }, n, n, n),
  );
  suite.workload(
    { id: `W7/matmul-${n}/float64-${gemmBackendFor(n, n, n)}`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 2, minIters: 10, minTimeMs: 2000, peerOf: jsId },
    () => matmul(A, B),
  );
}

{
  const N = 5000, D = 784, L = 60;
  const X = randomMatrix(3, N, D), Q = randomMatrix(4, D, L), Y = randomMatrix(5, N, L);
  const work = 2 * N * D * L;
  const xq = `W1/matmul-${N}x${D}x${L}`, xty = `W1/matmulTransA-${D}x${N}x${L}`;
  suite.workload(
    { id: `${xq}/float64-js`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 1, minIters: 5, minTimeMs: 1000 },
    () => jsProduct({ A: X.data, aRow: D, aCol: 1, B: Q.data, bRow: L, bCol: 1 }, N, D, L),
  );
  suite.workload(
    { id: `${xq}/float64-${gemmBackendFor(N, D, L)}`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 2, minIters: 10, minTimeMs: 2000, peerOf: `${xq}/float64-js` },
    () => matmul(X, Q),
  );
  suite.workload(
    { id: `${xty}/float64-js`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 1, minIters: 5, minTimeMs: 1000 },
    () => jsProduct({ A: X.data, aRow: 1, aCol: D, B: Y.data, bRow: L, bCol: 1 }, D, N, L),
  );
  suite.workload(
    { id: `${xty}/float64-${gemmBackendFor(D, N, L)}`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 2, minIters: 10, minTimeMs: 2000, peerOf: `${xty}/float64-js` },
    () => matmulTransA(X, Y),
  );
}

{
  const N = 10000, D = 100, PAIRS = 20;
  const X = randomMatrix(6, N, D), w = randomMatrix(7, D, 1).data, r = randomMatrix(8, N, 1).data;
  const z = new Float64Array(N), g = new Float64Array(D);
  const work = 2 * N * D;
  const mv = `W2/matvec-${N}x${D}`, mvt = `W2/matvecTransA-${N}x${D}`, pair = `W2/matvec+matvecTransA-${N}x${D}-x${PAIRS}`;
  suite.workload({ id: `${mv}/float64-js`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 5, minIters: 20, minTimeMs: 1000 }, () => gemvJs(X.data, N, D, w, z));
  suite.workload({ id: `${mv}/float64-wasm`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 5, minIters: 50, minTimeMs: 1000, peerOf: `${mv}/float64-js` }, () => matvec(X, w, z));
  suite.workload({ id: `${mvt}/float64-js`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 5, minIters: 20, minTimeMs: 1000 }, () => gemvTJs(X.data, N, D, r, g));
  suite.workload({ id: `${mvt}/float64-wasm`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 5, minIters: 50, minTimeMs: 1000, peerOf: `${mvt}/float64-js` }, () => matvecTransA(X, r, g));
  suite.workload({ id: `${pair}/float64-js`, unit: 'GFLOP/s', work: 2 * PAIRS * work, scale: 1e9, warmup: 1, minIters: 5, minTimeMs: 1000 }, () => {
    for (let k = 0; k < PAIRS; k++) { gemvJs(X.data, N, D, w, z); gemvTJs(X.data, N, D, r, g); }
  });
  suite.workload({ id: `${pair}/float64-wasm-resident`, unit: 'GFLOP/s', work: 2 * PAIRS * work, scale: 1e9, warmup: 2, minIters: 10, minTimeMs: 1000, peerOf: `${pair}/float64-js` }, () =>
    withResidentOperand(X, () => {
      for (let k = 0; k < PAIRS; k++) { matvec(X, w, z); matvecTransA(X, r, g); }
    }),
  );
}
