/**
 * A faster `BatchMatMul` for the wasm backend, wrapped around tfjs-backend-wasm's own kernel.
 *
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK's packed GEMM only when it is a single
 * 2-D product with no transpose flag; anything else (autograd's `matMul(a, dy, true, false)`
 * and `matMul(dy, b, false, true)`, or a batch of inputs against one weight matrix) falls to a
 * scalar blocked loop that is many times slower. This wrapper rewrites the call so the fast
 * path applies:
 *  - transposes are made explicit (one O(size) `Transpose` kernel) instead of flags;
 *  - `A (..., m, k) @ B (k, n)` with one B is flattened to `(batch·m, k) @ (k, n)`;
 *  - a true batch (several B, e.g. attention) is split into one 2-D product per batch entry
 *    (slices copied in and out of the heap), unless each product is tiny (< 16³ multiply-adds),
 *    where the per-call overhead would win and the original loop is kept.
 *
 * @see ../../../../../docs/core/backends.md
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../backends.js';
import { sizeOf, type WasmBackendLike, type WasmKernelFunc } from './wasm-backend.js';

/** Swap the last two axes' permutation for a rank-r tensor. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Build the fast kernel from the original wasm `BatchMatMul` and `Transpose` kernels.
 * Computes exactly what the original does,
 * $$C_b = \operatorname{op}_A(A_b)\,\operatorname{op}_B(B_b), \qquad \operatorname{op}(M) \in \{M, M^\top\},$$
 * with broadcasting over the leading (batch) axes; only the memory layout handed to the
 * original kernel changes. Extra cost: at most one transpose of each operand, $O(|A| + |B|)$.
 */
export function makeFastBatchMatMul(tf: Tf, original: WasmKernelFunc, transpose: WasmKernelFunc): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = inputs['a'] as TensorInfo;
    const b = inputs['b'] as TensorInfo;
    const transposeA = Boolean(attrs?.['transposeA']);
    const transposeB = Boolean(attrs?.['transposeB']);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) {
      return original({ inputs, backend, attrs });
    }
    const batchA = sizeOf(a.shape.slice(0, -2));
    const batchB = sizeOf(b.shape.slice(0, -2));
    const m = transposeA ? a.shape.at(-1)! : a.shape.at(-2)!;
    const k = transposeA ? a.shape.at(-2)! : a.shape.at(-1)!;
    const n = transposeB ? b.shape.at(-2)! : b.shape.at(-1)!;
    const alreadyFast = batchA === 1 && batchB === 1 && !transposeA && !transposeB;
    const splittable = batchB > 1 && (batchA === 1 || batchA === batchB) && m * k * n >= SPLIT_MIN_WORK;
    if (alreadyFast || (batchB > 1 && !splittable)) return original({ inputs, backend, attrs });
    const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
    const temps: TensorInfo[] = [];
    const flip = (t: TensorInfo): TensorInfo => {
      const out = transpose({ inputs: { x: t }, backend, attrs: { perm: swapLastTwo(t.shape.length) } });
      temps.push(out);
      return out;
    };
    const plain = { ...attrs, transposeA: false, transposeB: false };
    try {
      const a2 = transposeA ? flip(a) : a; // (..., m, k)
      const b2 = transposeB ? flip(b) : b; // (..., k, n)
      if (batchB === 1) {
        // One B: every row of every A meets the same weights, (batch·m, k) @ (k, n), same memory.
        const flat: TensorInfo = { dataId: a2.dataId, shape: [batchA * m, k], dtype: a2.dtype };
        const out = original({ inputs: { a: flat, b: b2 }, backend, attrs: plain });
        out.shape = outShape;
        return out;
      }
      return batchBySlices(backend, original, a2, b2, batchA, batchB, m, k, n, outShape);
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/** Per-product work (m·k·n) from which a true batch is split into 2-D XNNPACK products. */
const SPLIT_MIN_WORK = 16 ** 3;

/**
 * A true batch as `batch` separate 2-D products: copy each slice out of the heap, multiply
 * it on the XNNPACK path, copy the result into place. Copies cost O(|A| + |B| + |C|).
 */
function batchBySlices(
  backend: WasmBackendLike,
  original: WasmKernelFunc,
  a: TensorInfo, // (batchA, m, k) in memory
  b: TensorInfo, // (batchB, k, n) in memory
  batchA: number,
  batchB: number,
  m: number,
  k: number,
  n: number,
  outShape: number[],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32'); // (batchB, m, n)
  const plain = { transposeA: false, transposeB: false };
  for (let t = 0; t < batchB; t++) {
    const as = backend.makeOutput([m, k], 'float32');
    const bs = backend.makeOutput([k, n], 'float32');
    let cs: TensorInfo | undefined;
    try {
      const ia = batchA === 1 ? 0 : t;
      (backend.typedArrayFromHeap(as) as Float32Array).set(
        (backend.typedArrayFromHeap(a) as Float32Array).subarray(ia * m * k, (ia + 1) * m * k),
      );
      (backend.typedArrayFromHeap(bs) as Float32Array).set(
        (backend.typedArrayFromHeap(b) as Float32Array).subarray(t * k * n, (t + 1) * k * n),
      );
      cs = original({ inputs: { a: as, b: bs }, backend, attrs: plain }); // (m, n) via XNNPACK
      (backend.typedArrayFromHeap(out) as Float32Array).set(backend.typedArrayFromHeap(cs) as Float32Array, t * m * n);
    } finally {
      backend.disposeData(as.dataId);
      backend.disposeData(bs.dataId);
      if (cs) backend.disposeData(cs.dataId);
    }
  }
  return out;
}

/** Kernel names this module wraps. */
export const BATCH_MATMUL = 'BatchMatMul';

/**
 * The registration replacing wasm's `BatchMatMul`; keeps the original's `setupFunc` so the
 * wasm function it calls is bound when the backend initialises.
 */
export function fastBatchMatMulConfig(tf: Tf, original: KernelConfig, transpose: KernelConfig): KernelConfig {
  const fn = makeFastBatchMatMul(
    tf,
    original.kernelFunc as unknown as WasmKernelFunc,
    transpose.kernelFunc as unknown as WasmKernelFunc,
  );
  return {
    kernelName: BATCH_MATMUL,
    backendName: 'wasm',
    kernelFunc: fn as unknown as KernelConfig['kernelFunc'],
    ...(original.setupFunc ? { setupFunc: original.setupFunc } : {}),
  };
}

export type { WasmBackendLike };
