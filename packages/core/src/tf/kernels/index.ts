/**
 * fpml's kernels for tfjs-backend-wasm 4.22's gaps, so every model trains on every backend:
 *  - `UnsortedSegmentSum` (gradient of `gather`: embeddings) — ./unsorted-segment-sum.ts
 *  - `Conv2DBackpropFilter` (conv2d filter gradient: CNN training) — ./conv2d-backprop-filter.ts
 *  - `BatchMatMul` wrapped so transposed and batched products reach XNNPACK — ./batch-matmul-fast.ts
 *
 * {@link registerWasmGapKernels} is called by the resolver when it loads the wasm backend.
 *
 * @see ../../../../../docs/core/backends.md
 */
import type { KernelConfig } from '@tensorflow/tfjs';
import type { Tf } from '../backends.js';
import { BATCH_MATMUL, fastBatchMatMulConfig } from './batch-matmul-fast.js';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.js';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum.js';

export { unsortedSegmentSumWasm, unsortedSegmentSumWasmConfig } from './unsorted-segment-sum.js';
export { makeConv2DBackpropFilterWasm, conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.js';
export { makeFastBatchMatMul, fastBatchMatMulConfig } from './batch-matmul-fast.js';

/** tfjs-backend-wasm's own BatchMatMul registration, kept to call and to restore. */
let originalBatchMatMul: KernelConfig | undefined;
let fastBatchMatMul: KernelConfig | undefined;

/**
 * Marks fpml's BatchMatMul registration with the original it wraps, so a second copy of this
 * module (e.g. source and dist both loaded) finds the original instead of wrapping the wrapper.
 */
const WRAPS = Symbol.for('fpml.tf.wrapsKernel');
type Marked = KernelConfig & { [WRAPS]?: KernelConfig };

/**
 * Register the gap kernels for `wasm` (idempotent). Needs tfjs-backend-wasm imported (its
 * kernels registered); works before or after the backend initialises.
 */
export function registerWasmGapKernels(tf: Tf): void {
  if (originalBatchMatMul) return;
  const registered = tf.getKernel(BATCH_MATMUL, 'wasm') as Marked | undefined;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!registered || !transpose) return; // tfjs-backend-wasm not loaded: nothing to patch
  const original = registered[WRAPS] ?? registered;
  originalBatchMatMul = original;
  fastBatchMatMul = Object.assign(fastBatchMatMulConfig(tf, original, transpose), { [WRAPS]: original });
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.registerKernel(unsortedSegmentSumWasmConfig);
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(conv2DBackpropFilterWasmConfig(tf, original));
  useWasmMatMulFastPath(tf, true);
}

/**
 * Switch the wasm `BatchMatMul` between fpml's fast wrapper (`true`, the default once
 * registered) and tfjs-backend-wasm's original kernel (`false`), for A/B benchmarks and tests.
 * A no-op before {@link registerWasmGapKernels} ran.
 */
export function useWasmMatMulFastPath(tf: Tf, enabled: boolean): void {
  if (!originalBatchMatMul || !fastBatchMatMul) return;
  tf.unregisterKernel(BATCH_MATMUL, 'wasm');
  tf.registerKernel(enabled ? fastBatchMatMul : originalBatchMatMul);
}
