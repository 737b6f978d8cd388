import { describe, expect, it } from 'vitest';
import { expectClose } from '../../testing/close.js';
import { expectNoTensorLeak } from '../../testing/tensor-leak.js';
import { setBackend } from '../resolver.js';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum.js';

/** float64 reference: out[s] = sum of rows i with ids[i] = s. */
function segmentSum(x: number[][], ids: number[], S: number): number[][] {
  const out = Array.from({ length: S }, () => new Array<number>(x[0]!.length).fill(0));
  ids.forEach((s, i) => {
    if (s >= 0 && s < S) x[i]!.forEach((v, j) => (out[s]![j]! += v));
  });
  return out;
}

describe('UnsortedSegmentSum on wasm', () => {
  it('is missing from tfjs-backend-wasm 4.22 (the gap): gather has no gradient without it', async () => {
    const { tf } = await setBackend('wasm');
    // fpml registers its kernel only where wasm has none, so ours being registered proves the gap.
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')?.kernelFunc).toBe(unsortedSegmentSumWasmConfig.kernelFunc);
    tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    try {
      const x = tf.ones([4, 3]);
      const idx = tf.tensor1d([0, 2, 2], 'int32');
      expect(() => tf.grad((p) => tf.gather(p, idx).sum())(x)).toThrow(
        /Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'/,
      );
      tf.dispose([x, idx]);
    } finally {
      tf.registerKernel(unsortedSegmentSumWasmConfig);
    }
  });

  it('sums rows per segment, dropping out-of-range ids, like a float64 reference', async () => {
    const { tf } = await setBackend('wasm');
    const x = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
    const ids = [2, 0, 2, -1, 5];
    const got = await expectNoTensorLeak(async () => {
      const inputs = [tf.tensor2d(x), tf.tensor1d(ids, 'int32')] as const;
      const t = tf.unsortedSegmentSum(inputs[0], inputs[1], 4);
      const v = await t.array();
      tf.dispose([t, ...inputs]);
      return v;
    }, { tf });
    expect(got).toEqual(segmentSum(x, ids, 4));
  });

  it('gives gather (embedding lookup) the same gradient on wasm as on cpu', async () => {
    const grad = async (backend: 'wasm' | 'cpu') => {
      const { tf } = await setBackend(backend);
      return tf.tidy(() => {
        const table = tf.tensor2d([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [0.7, 0.8, 0.9], [-1, 1.1, 1.2]]); // (4, 3)
        const idx = tf.tensor2d([[1, 3, 1], [0, 1, 3]], undefined, 'int32'); // (2, 3)
        const w = tf.tensor1d([1, -2, 3]);
        return tf.grad((t) => tf.gather(t, idx).mul(w).sum())(table).arraySync();
      });
    };
    // Row r of the gradient is count(r) * w: rows 0, 1, 2, 3 are gathered 1, 3, 0, 2 times.
    const expected = [1, 3, 0, 2].map((c) => [1, -2, 3].map((v) => c * v));
    expectClose(await grad('wasm'), expected, { rtol: 0, atol: 1e-6, name: 'wasm dTable' });
    expectClose(await grad('cpu'), expected, { rtol: 0, atol: 1e-6, name: 'cpu dTable' });
  });
});
