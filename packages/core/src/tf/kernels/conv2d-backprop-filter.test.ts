import type { Tensor4D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng/rng.js';
import { expectClose } from '../../testing/close.js';
import { expectNoTensorLeak } from '../../testing/tensor-leak.js';
import { setBackend } from '../resolver.js';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.js';

type Pad = 'same' | 'valid';

/** float64 reference of dL/dW for L = sum(conv2d(x, W) * g), NHWC, strides s, TF padding. */
function filterGrad(x: Float64Array, xs: number[], g: Float64Array, gs: number[], fs: number[], s: [number, number], pad: Pad) {
  const [n, h, w, cin] = xs as [number, number, number, number];
  const [, oh, ow, cout] = gs as [number, number, number, number];
  const [fh, fw] = fs as [number, number];
  const padAlong = (inp: number, out: number, f: number, st: number) => Math.max((out - 1) * st + f - inp, 0);
  const top = pad === 'same' ? Math.floor(padAlong(h, oh, fh, s[0]) / 2) : 0;
  const left = pad === 'same' ? Math.floor(padAlong(w, ow, fw, s[1]) / 2) : 0;
  const dw = new Float64Array(fh * fw * cin * cout);
  for (let p = 0; p < fh; p++) for (let q = 0; q < fw; q++) for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) {
    let acc = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
      const r = i * s[0] + p - top;
      const t = j * s[1] + q - left;
      if (r < 0 || r >= h || t < 0 || t >= w) continue;
      acc += x[((b * h + r) * w + t) * cin + c]! * g[((b * oh + i) * ow + j) * cout + o]!;
    }
    dw[((p * fw + q) * cin + c) * cout + o] = acc;
  }
  return dw;
}

const CASES: { xs: number[]; fs: number[]; s: [number, number]; pad: Pad }[] = [
  { xs: [2, 5, 5, 3], fs: [3, 3, 3, 4], s: [1, 1], pad: 'same' },
  { xs: [1, 7, 6, 2], fs: [3, 2, 2, 3], s: [2, 2], pad: 'valid' },
  { xs: [3, 6, 6, 1], fs: [2, 2, 1, 2], s: [2, 1], pad: 'same' },
];

describe('Conv2DBackpropFilter on wasm', () => {
  it('is missing from tfjs-backend-wasm 4.22 (the gap): conv2d has no filter gradient without it', async () => {
    const { tf } = await setBackend('wasm');
    const ours = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    expect(ours?.kernelFunc).toBeDefined();
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    try {
      const [x, f] = [tf.ones([1, 4, 4, 1]) as Tensor4D, tf.ones([2, 2, 1, 1]) as Tensor4D];
      expect(() => tf.grad((w) => tf.conv2d(x, w as Tensor4D, 1, 'same').sum())(f)).toThrow(
        /Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'/,
      );
      tf.dispose([x, f]);
    } finally {
      tf.registerKernel(ours!);
    }
  });

  it.each(CASES)('matches a float64 reference for x $xs, filter $fs, strides $s, $pad', async ({ xs, fs, s, pad }) => {
    const { tf } = await setBackend('wasm');
    const rng = new Rng(7);
    const x = Float64Array.from({ length: xs.reduce((a, b) => a * b) }, () => rng.next() * 2 - 1);
    const f = Float64Array.from({ length: fs.reduce((a, b) => a * b) }, () => rng.next() * 2 - 1);
    const { dw, gs, g } = await expectNoTensorLeak(async () => {
      const xt = tf.tensor4d(Float32Array.from(x), xs as [number, number, number, number]);
      const ft = tf.tensor4d(Float32Array.from(f), fs as [number, number, number, number]);
      const y = tf.conv2d(xt, ft, s, pad);
      const gs = y.shape as number[];
      const g = Float64Array.from({ length: y.size }, () => rng.next() * 2 - 1);
      const gt = tf.tensor(Float32Array.from(g), gs);
      const dwt = tf.grad((w) => tf.conv2d(xt, w as typeof ft, s, pad).mul(gt).sum())(ft);
      const dw = await dwt.data();
      tf.dispose([xt, ft, y, gt, dwt]);
      return { dw, gs, g };
    }, { tf });
    expectClose(dw, filterGrad(x, xs, g, gs, fs, s, pad), { rtol: 1e-5, atol: 1e-5, name: 'dW' });
  });

  it('rejects NCHW with a typed error', async () => {
    const { tf } = await setBackend('wasm');
    const k = conv2DBackpropFilterWasmConfig(tf, tf.getKernel('BatchMatMul', 'wasm')!);
    expect(() =>
      k.kernelFunc({ inputs: {}, backend: tf.backend(), attrs: { dataFormat: 'NCHW' } } as never),
    ).toThrow(/param dataFormat must be 'NHWC', got "NCHW"/);
  });
});
