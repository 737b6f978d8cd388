import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../rng/rng.js';
import { expectClose } from '../../testing/close.js';
import { expectNoTensorLeak } from '../../testing/tensor-leak.js';
import type { Tf } from '../backends.js';
import { setBackend } from '../resolver.js';
import { useWasmMatMulFastPath } from './index.js';

/** float64 reference of matMul with transpose flags and broadcast batch axes. */
function refMatMul(a: Float64Array, as: number[], b: Float64Array, bs: number[], tA: boolean, tB: boolean) {
  const [ar, ac] = as.slice(-2) as [number, number];
  const [br, bc] = bs.slice(-2) as [number, number];
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const n = tB ? br : bc;
  const ba = as.slice(0, -2);
  const bb = bs.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const pa = [...Array(rank - ba.length).fill(1), ...ba];
  const pb = [...Array(rank - bb.length).fill(1), ...bb];
  const outBatch = pa.map((d, i) => Math.max(d, pb[i]!));
  const nb = outBatch.reduce((x, y) => x * y, 1);
  const out = new Float64Array(nb * m * n);
  for (let t = 0; t < nb; t++) {
    let rem = t, ia = 0, ib = 0, sa = 1, sb = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const idx = rem % outBatch[d]!;
      rem = Math.floor(rem / outBatch[d]!);
      ia += (pa[d] === 1 ? 0 : idx) * sa;
      ib += (pb[d] === 1 ? 0 : idx) * sb;
      sa *= pa[d]!;
      sb *= pb[d]!;
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = a[ia * ar * ac + (tA ? p * ac + i : i * ac + p)]!;
        const bv = b[ib * br * bc + (tB ? j * bc + p : p * bc + j)]!;
        s += av * bv;
      }
      out[(t * m + i) * n + j] = s;
    }
  }
  return { out, shape: [...outBatch, m, n] };
}

const SHAPES: { a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [];
for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
  SHAPES.push(
    { a: tA ? [7, 5] : [5, 7], b: tB ? [6, 7] : [7, 6], tA, tB }, // 2-D
    { a: tA ? [3, 7, 5] : [3, 5, 7], b: tB ? [3, 6, 7] : [3, 7, 6], tA, tB }, // true batch
    { a: tA ? [2, 3, 7, 5] : [2, 3, 5, 7], b: tB ? [6, 7] : [7, 6], tA, tB }, // batch of A, one B
    { a: tA ? [7, 5] : [5, 7], b: tB ? [4, 6, 7] : [4, 7, 6], tA, tB }, // one A, batch of B
    { a: tA ? [1, 7, 5] : [1, 5, 7], b: tB ? [3, 6, 7] : [3, 7, 6], tA, tB }, // batch-1 A against a batch of B
    // (tfjs-backend-wasm, like tfjs's cpu backend, cannot broadcast both sides, e.g. [2,1,..]·[3,..])
    // products of >= 16³ multiply-adds: a true batch is split into 2-D XNNPACK products
    { a: tA ? [3, 17, 20] : [3, 20, 17], b: tB ? [3, 19, 17] : [3, 17, 19], tA, tB },
    { a: tA ? [17, 20] : [20, 17], b: tB ? [2, 19, 17] : [2, 17, 19], tA, tB },
  );
}

describe('fast BatchMatMul on wasm', () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = (await setBackend('wasm')).tf;
    tf.env().set('IS_TEST', true); // the engine then checks every kernel for leaked wasm data ids
  });
  afterAll(() => {
    tf.env().set('IS_TEST', false);
  });

  it.each(SHAPES)('a $a · b $b (transposeA $tA, transposeB $tB) matches float64, fast and original', async ({ a, b, tA, tB }) => {
    const rng = new Rng(11);
    const av = Float64Array.from({ length: a.reduce((x, y) => x * y) }, () => rng.next() * 2 - 1);
    const bv = Float64Array.from({ length: b.reduce((x, y) => x * y) }, () => rng.next() * 2 - 1);
    const ref = refMatMul(av, a, bv, b, tA, tB);
    for (const fast of [true, false]) {
      useWasmMatMulFastPath(tf, fast);
      const dataIds = tf.engine().backend.numDataIds();
      const { values, shape } = await expectNoTensorLeak(async () => {
        const [at, bt] = [tf.tensor(Float32Array.from(av), a), tf.tensor(Float32Array.from(bv), b)];
        const c = tf.matMul(at, bt, tA, tB);
        const out = { values: await c.data(), shape: c.shape };
        tf.dispose([at, bt, c]);
        return out;
      }, { tf });
      expect(tf.engine().backend.numDataIds(), 'wasm heap data ids').toBe(dataIds);
      expect(shape).toEqual(ref.shape);
      expectClose(values, ref.out, { rtol: 1e-5, atol: 1e-5, name: `${fast ? 'fast' : 'original'} matMul` });
    }
    useWasmMatMulFastPath(tf, true);
  });

  it('is the registered wasm BatchMatMul after the resolver loads wasm', () => {
    const k = tf.getKernel('BatchMatMul', 'wasm');
    useWasmMatMulFastPath(tf, false);
    const original = tf.getKernel('BatchMatMul', 'wasm');
    useWasmMatMulFastPath(tf, true);
    expect(k?.kernelFunc).not.toBe(original?.kernelFunc);
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(k?.kernelFunc);
  });
});
