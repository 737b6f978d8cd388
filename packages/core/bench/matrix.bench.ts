/**
 * W7 reference path: float64 matmul of two n×n matrices, n = 512 and 1024, in GFLOP/s
 * (work = 2n³). The peer is the textbook i-j-k triple loop over the same Float64Arrays,
 * measured in the same run, so the ratio is meaningful on any machine. Fixed seeds.
 *
 * Run: cd packages/core && npx vitest run --config vitest.bench.config.ts bench/matrix.bench.ts
 */
import { Matrix, matmul } from '../src/matrix/index.js';
import { Rng } from '../src/rng/rng.js';
import { benchSuite } from '../src/testing/bench.js';

const suite = benchSuite('core-matrix');

function randomMatrix(seed: number, n: number): Matrix {
  const rng = new Rng(seed);
  const m = new Matrix(n, n);
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

for (const n of [512, 1024]) {
  const A = randomMatrix(1, n);
  const B = randomMatrix(2, n);
  const work = 2 * n ** 3;
  const naiveId = `W7/matmul-${n}/float64-naive-ijk`;
  suite.workload(
    { id: naiveId, unit: 'GFLOP/s', work, scale: 1e9, warmup: 1, minIters: n >= 1024 ? 2 : 3, minTimeMs: 0 },
    () => naiveMatmul(A, B),
  );
  suite.workload(
    { id: `W7/matmul-${n}/float64`, unit: 'GFLOP/s', work, scale: 1e9, warmup: 2, minIters: 5, minTimeMs: 2000, peerOf: naiveId },
    () => matmul(A, B),
  );
}
