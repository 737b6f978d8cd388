/**
 * `UnsortedSegmentSum` for the wasm backend, which tfjs-backend-wasm 4.22 lacks. It is the
 * gradient of `gather` (so of every embedding lookup): without it, training an embedding on
 * wasm throws `Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'`.
 *
 * @see ../../../../../docs/core/backends.md
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { InvalidInputError } from '../../errors.js';
import { sizeOf, type WasmKernelFunc } from './wasm-backend.js';

/**
 * Sums the rows of `x` that share a segment id:
 * $$\mathrm{out}[s, \ldots] = \sum_{i \,:\, \mathrm{ids}[i] = s} x[i, \ldots], \qquad s = 0, \ldots, S-1$$
 * where `ids` has the shape of x's leading dimensions (`ids.shape = x.shape[:r]`) and the
 * output is `[S, ...x.shape[r:]]`. Ids outside `[0, S)` are dropped (TensorFlow's rule for
 * negative ids). One pass over x in the wasm heap: $O(|x|)$ time, no extra memory.
 */
export const unsortedSegmentSumWasm: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs['x'] as TensorInfo;
  const ids = inputs['segmentIds'] as TensorInfo;
  const numSegments = Number(attrs?.['numSegments']);
  const r = ids.shape.length;
  if (ids.shape.some((d, i) => d !== x.shape[i])) {
    throw new InvalidInputError(
      `UnsortedSegmentSum: segmentIds shape [${ids.shape}] must be a prefix of x shape [${x.shape}]`,
    );
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new InvalidInputError(`UnsortedSegmentSum (wasm): x must be float32 or int32, got ${x.dtype}`);
  }
  const inner = sizeOf(x.shape.slice(r)); // elements per segment row
  const n = sizeOf(ids.shape); // rows of x
  const out = backend.makeOutput([numSegments, ...x.shape.slice(r)], x.dtype); // (S, ...)
  // Views only after the last allocation: makeOutput may grow (and detach) the heap.
  const xs = backend.typedArrayFromHeap(x); // (n, inner)
  const seg = backend.typedArrayFromHeap(ids); // (n,)
  const o = backend.typedArrayFromHeap(out); // (S, inner)
  o.fill(0); // the heap is not zeroed
  for (let i = 0; i < n; i++) {
    const s = seg[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) o[dst + j] += xs[src + j]; // d out[s] / d x[i] = 1 when ids[i] = s
  }
  return out;
};

/** Kernel registration for `UnsortedSegmentSum` on `wasm`. */
export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as KernelConfig['kernelFunc'],
};
