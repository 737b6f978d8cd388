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
 *  - a true batch (several B) keeps the loop but in its cache-friendly layout:
 *    A untransposed and B transposed, so both operands are read contiguously along k.
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
    const batchA = sizeOf(a.shape.slice(0, -2));
    const batchB = sizeOf(b.shape.slice(0, -2));
    const batched = batchB > 1;
    const wantTB = batched; // loop layout for a true batch; no flags for XNNPACK otherwise
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || (a.shape.length < 2 || b.shape.length < 2)) {
      return original({ inputs, backend, attrs });
    }
    if (!transposeA && transposeB === wantTB && (batched || batchA === 1)) {
      return original({ inputs, backend, attrs }); // already the fast layout
    }
    const temps: TensorInfo[] = [];
    const flip = (t: TensorInfo): TensorInfo => {
      const out = transpose({ inputs: { x: t }, backend, attrs: { perm: swapLastTwo(t.shape.length) } });
      temps.push(out);
      return out;
    };
    try {
      let a2 = transposeA ? flip(a) : a; // (..., m, k)
      const b2 = transposeB !== wantTB ? flip(b) : b; // (..., k, n), or (..., n, k) when batched
      const m = a2.shape[a2.shape.length - 2]!;
      const n = wantTB ? b2.shape[b2.shape.length - 2]! : b2.shape[b2.shape.length - 1]!;
      const outShape = [
        ...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
        m,
        n,
      ];
      if (!batched && batchA > 1) {
        const k = a2.shape[a2.shape.length - 1]!;
        a2 = { dataId: a2.dataId, shape: [batchA * m, k], dtype: a2.dtype }; // (batch·m, k): same memory
      }
      const out = original({
        inputs: { a: a2, b: b2 },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: wantTB },
      });
      out.shape = outShape;
      return out;
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
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
