/**
 * The few members of tfjs-backend-wasm's `BackendWasm` that fpml's gap kernels use: tensors
 * live in the wasm heap; `makeOutput` allocates one, `typedArrayFromHeap` views it (a view is
 * invalidated when the heap grows, so take views only after the last allocation), and
 * `disposeData` frees an intermediate.
 *
 * @see ../../../../../docs/core/backends.md
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** Typed arrays the wasm heap hands out. */
export type HeapArray = Float32Array | Int32Array | Uint8Array;

/** Structural view of `BackendWasm` (kept minimal so fpml does not depend on its internals' types). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): HeapArray;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The kernel-function signature of tfjs, with the wasm backend. */
export type WasmKernelFunc = (args: {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackendLike;
  attrs?: Record<string, unknown>;
}) => TensorInfo;

/** Product of a shape's dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
