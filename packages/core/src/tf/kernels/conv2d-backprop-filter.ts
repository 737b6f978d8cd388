/**
 * `Conv2DBackpropFilter` for the wasm backend, which tfjs-backend-wasm 4.22 lacks: without it
 * `tf.grad` of any `conv2d` with respect to its filter throws on wasm, so no CNN trains there.
 *
 * Method: im2col + one GEMM. The input patches are laid out as a (K, M) matrix, K = fh·fw·cin
 * taps and M = n·oh·ow output positions, straight into the wasm heap; the filter gradient is
 * then `cols (K, M) @ dy (M, cout)`, a single untransposed 2-D product that tfjs-backend-wasm
 * hands to XNNPACK.
 *
 * @see ../../../../../docs/core/backends.md
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { InvalidParamError } from '../../errors.js';
import type { Tf } from '../backends.js';
import type { WasmKernelFunc } from './wasm-backend.js';

/**
 * Gradient of a loss with respect to a conv2d filter (NHWC, no dilation):
 * $$\frac{\partial L}{\partial W_{p,q,c,o}} = \sum_{b,i,j} x_{b,\; i s_h + p - t,\; j s_w + q - l,\; c}\; \frac{\partial L}{\partial y_{b,i,j,o}}$$
 * with strides $(s_h, s_w)$, top/left padding $(t, l)$ and out-of-range x read as 0.
 * Time $O(K M + 2 K M\,c_{out})$, extra memory $4KM$ bytes for the patch matrix.
 */
export function makeConv2DBackpropFilterWasm(tf: Tf, batchMatMul: WasmKernelFunc): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const x = inputs['x'] as TensorInfo; // (n, h, w, cin)
    const dy = inputs['dy'] as TensorInfo; // (n, oh, ow, cout)
    const dataFormat = String(attrs?.['dataFormat'] ?? 'NHWC');
    if (dataFormat !== 'NHWC') {
      throw new InvalidParamError('Conv2DBackpropFilter (wasm)', 'dataFormat', dataFormat, "'NHWC'");
    }
    const filterShape = attrs?.['filterShape'] as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      attrs?.['strides'] as number | [number, number],
      1,
      attrs?.['pad'] as 'same',
      attrs?.['dimRoundingMode'] as 'floor' | undefined,
    );
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = info;
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
    const { top, left } = info.padInfo;
    const K = fh * fw * cin;
    const M = n * oh * ow;
    const cols = backend.makeOutput([K, M], 'float32'); // (K, M)
    try {
      const xs = backend.typedArrayFromHeap(x); // (n, h, w, cin)
      const c = backend.typedArrayFromHeap(cols);
      for (let p = 0; p < fh; p++) {
        for (let q = 0; q < fw; q++) {
          for (let ci = 0; ci < cin; ci++) {
            const row = ((p * fw + q) * cin + ci) * M; // tap (p, q, ci)
            let m = 0;
            for (let b = 0; b < n; b++) {
              for (let i = 0; i < oh; i++) {
                const r = i * sh + p - top;
                const rowOk = r >= 0 && r < h;
                for (let j = 0; j < ow; j++, m++) {
                  const s = j * sw + q - left;
                  c[row + m] = rowOk && s >= 0 && s < w ? xs[((b * h + r) * w + s) * cin + ci] : 0;
                }
              }
            }
          }
        }
      }
      const dy2: TensorInfo = { dataId: dy.dataId, shape: [M, info.outChannels], dtype: dy.dtype }; // (M, cout)
      const dw = batchMatMul({ inputs: { a: cols, b: dy2 }, backend, attrs: { transposeA: false, transposeB: false } });
      dw.shape = [...filterShape]; // (fh, fw, cin, cout) = (K, cout) row-major
      return dw;
    } finally {
      backend.disposeData(cols.dataId);
    }
  };
}

/** Kernel registration for `Conv2DBackpropFilter` on `wasm`, built on wasm's `BatchMatMul`. */
export function conv2DBackpropFilterWasmConfig(tf: Tf, batchMatMul: KernelConfig): KernelConfig {
  const fn = makeConv2DBackpropFilterWasm(tf, batchMatMul.kernelFunc as unknown as WasmKernelFunc);
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: fn as unknown as KernelConfig['kernelFunc'],
  };
}
