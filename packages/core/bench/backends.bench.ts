/**
 * tfjs backends head to head (suite `core-backends`).
 *
 * W7: 1024² fp32 matMul on every backend that loads here, in GFLOP/s (2·1024³ FLOPs per
 * product), each with the pure-JS `cpu` backend as peer.
 *
 * wasm gaps: the products autograd issues (transpose flags), a batch against one weight
 * matrix, and a true batch, on wasm with tfjs-backend-wasm's original BatchMatMul kernel
 * (`wasm-original`) and with fpml's wrapper (`wasm-fast`, peer: the original); plus the
 * conv2d filter gradient that only fpml's kernel makes possible on wasm (peer: cpu).
 *
 * Run: `cd packages/core && npx vitest run --config vitest.bench.config.ts bench/backends.bench.ts`
 * @see ../../../docs/core/backends.md
 */
import { Rng } from '../src/rng/rng.js';
import { benchSuite } from '../src/testing/bench.js';
import { availableBackends, getTf, setBackend, useWasmMatMulFastPath, type BackendName, type Tf } from '../src/tf/index.js';

const suite = benchSuite('core-backends');
const { tf } = await getTf();
const backends = await availableBackends();

/** A (rows, cols) float32 tensor of seeded uniforms in [-1, 1). */
function rand(shape: number[], seed: number) {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.next() * 2 - 1), shape);
}

/** Run `f` and wait for its result's data, then free it (the timed body). */
function timed(t: Tf, f: () => ReturnType<Tf['matMul']>) {
  return () => {
    const out = f();
    out.dataSync();
    out.dispose();
  };
}

// ---- W7: 1024² matMul per backend ---------------------------------------------------------
const N = 1024;
const order: BackendName[] = ['cpu', ...backends.filter((b) => b !== 'cpu')];
for (const backend of order) {
  let a: ReturnType<typeof rand> | undefined;
  let b: ReturnType<typeof rand> | undefined;
  suite.workload(
    {
      id: `W7/matmul-1024-fp32/${backend}`,
      unit: 'GFLOP/s',
      work: 2 * N ** 3,
      scale: 1e9,
      warmup: backend === 'cpu' ? 1 : 2,
      minIters: backend === 'cpu' ? 3 : 5,
      ...(backend === 'cpu' ? {} : { peerOf: 'W7/matmul-1024-fp32/cpu' }),
      setup: async () => {
        await setBackend(backend);
        tf.dispose([a!, b!].filter(Boolean));
        [a, b] = [rand([N, N], 1), rand([N, N], 2)];
      },
    },
    timed(tf, () => tf.matMul(a!, b!)),
  );
}

// ---- wasm gaps: original BatchMatMul vs fpml's wrapper -------------------------------------
interface MatMulCase {
  name: string;
  a: number[];
  b: number[];
  tA: boolean;
  tB: boolean;
}
const CASES: MatMulCase[] = [
  { name: 'grad-dW-x^T·dy-256x784x128', a: [256, 784], b: [256, 128], tA: true, tB: false },
  { name: 'grad-dX-dy·W^T-256x128x784', a: [256, 128], b: [784, 128], tA: false, tB: true },
  { name: 'batch-A-one-B-32x64x128x128', a: [32, 64, 128], b: [128, 128], tA: false, tB: false },
  { name: 'attention-q·k^T-16x64x64x64', a: [16, 64, 64], b: [16, 64, 64], tA: false, tB: true },
  { name: 'attention-p·v-16x64x64x64', a: [16, 64, 64], b: [16, 64, 64], tA: false, tB: false },
];
if (backends.includes('wasm')) {
  for (const c of CASES) {
    const m = c.tA ? c.a.at(-1)! : c.a.at(-2)!;
    const k = c.tA ? c.a.at(-2)! : c.a.at(-1)!;
    const n = c.tB ? c.b.at(-2)! : c.b.at(-1)!;
    const batch = c.a.slice(0, -2).reduce((x, y) => x * y, 1);
    let a: ReturnType<typeof rand> | undefined;
    let b: ReturnType<typeof rand> | undefined;
    for (const fast of [false, true]) {
      const id = `wasm-gaps/matmul-${c.name}/wasm-${fast ? 'fast' : 'original'}`;
      suite.workload(
        {
          id,
          unit: 'GFLOP/s',
          work: 2 * batch * m * k * n,
          scale: 1e9,
          minTimeMs: 500,
          ...(fast ? { peerOf: `wasm-gaps/matmul-${c.name}/wasm-original` } : {}),
          setup: async () => {
            await setBackend('wasm');
            useWasmMatMulFastPath(tf, fast);
            if (!a) [a, b] = [rand(c.a, 3), rand(c.b, 4)];
          },
        },
        timed(tf, () => tf.matMul(a!, b!, c.tA, c.tB)),
      );
    }
  }
}

// ---- conv2d filter gradient: wasm (fpml's kernel) vs cpu -----------------------------------
const X = [32, 28, 28, 16];
const F = [3, 3, 16, 32];
const convFlops = 2 * X[0]! * X[1]! * X[2]! * F[0]! * F[1]! * F[2]! * F[3]!; // 'same', stride 1
for (const backend of (['cpu', 'wasm', 'tensorflow'] as const).filter((b) => backends.includes(b))) {
  let x: ReturnType<typeof rand> | undefined;
  let dy: ReturnType<typeof rand> | undefined;
  suite.workload(
    {
      id: `wasm-gaps/conv2d-grad-filter-32x28x28x16-3x3x32/${backend}`,
      unit: 'GFLOP/s',
      work: convFlops,
      scale: 1e9,
      minTimeMs: 500,
      ...(backend === 'cpu' ? {} : { peerOf: 'wasm-gaps/conv2d-grad-filter-32x28x28x16-3x3x32/cpu' }),
      setup: async () => {
        await setBackend(backend);
        useWasmMatMulFastPath(tf, true);
        tf.dispose([x!, dy!].filter(Boolean));
        [x, dy] = [rand(X, 5), rand([32, 28, 28, 32], 6)];
      },
    },
    timed(tf, () =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x: x!, dy: dy! },
        { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: F },
      ) as ReturnType<Tf['matMul']>,
    ),
  );
}
