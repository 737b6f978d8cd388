/**
 * MlpLm / TfMlpLm: float64 gradient check (embedding, hidden, out), twin parity on every
 * backend with int32 ids, same initial weights per seed, causality and the n-token receptive
 * field with zero padding, a leak-free Adam step on the twin that lowers the loss, typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { getTf } from '@fpml/core/tf';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { expectParity } from '../nn/parity.js';
import { MlpLm, TfMlpLm } from './mlp-lm.js';

const ids = (rng: Rng, n: number, V: number) => Int32Array.from({ length: n }, () => rng.int(V));
const small = { vocabSize: 5, context: 3, embedDim: 2, hidden: 4 };

describe('MlpLm', () => {
  it('passes the float64 gradient check on every parameter (ids held constant)', () => {
    const rng = new Rng(1);
    const m = new MlpLm({ ...small, rng });
    const x = ids(rng, 2 * 4, 5);
    const r = expectGradcheck(m, [tensor(Float64Array.from(x), [2, 4])], { constantInputs: [0] });
    expect(r.tensors.map((t) => t.name)).toEqual(['embedding', 'hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']);
    expect(r.maxRelError).toBeLessThan(1e-7);
  });

  it('is causal with an n-token receptive field and zero padding before the window', () => {
    const m = new MlpLm({ ...small, rng: 2 });
    const base = Int32Array.of(1, 2, 3, 4, 0, 1);
    const z = m.logits(base, 1, 6);
    const V = 5;
    const row = (a: Float64Array, t: number) => Array.from(a.subarray(t * V, t * V + V));
    const changed = base.slice();
    changed[5] = 3; // a later token: rows 0..4 unchanged
    changed[1] = 0; // inside the window of rows 1..3 only (n = 3)
    const z2 = m.logits(changed, 1, 6);
    expect(row(z2, 0)).toEqual(row(z, 0));
    expect(row(z2, 4)).toEqual(row(z, 4));
    for (const t of [1, 2, 3]) expect(row(z2, t)).not.toEqual(row(z, t));
    // row 0 sees [pad, pad, x0]: the same as a window that starts with x0 anywhere padding applies
    expect(row(m.logits(Int32Array.of(1), 1, 1), 0)).toEqual(row(z, 0));
    expect(m.numParameters).toBe(5 * 2 + (6 + 1) * 4 + (4 + 1) * 5);
    expect(m.receptiveField).toBe(3);
  });

  it('rejects bad configs and inputs with typed errors', () => {
    expect(() => new MlpLm({ ...small, context: 0, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new MlpLm({ vocabSize: 5 } as never)).toThrow(/rng/);
    const m = new MlpLm({ ...small, rng: 0 });
    expect(() => m.forward(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => m.forward(tensor([[1, 7]]))).toThrow(InvalidInputError);
    expect(() => m.forward(tensor([[1, 0.5]]))).toThrow(/token id/);
    expect(() => m.logits(Int32Array.of(1, 2), 1, 3)).toThrow(ShapeError);
  });
});

describe('TfMlpLm', () => {
  it('agrees with MlpLm on every backend (logits; grads of embedding, hidden, out)', async () => {
    const rng = new Rng(3);
    const cfg = { vocabSize: 7, context: 4, embedDim: 3, hidden: 6 };
    const ref = new MlpLm({ ...cfg, rng });
    const x = ids(rng, 3 * 5, 7);
    x[0] = x[1] = x[2] = 6; // a repeated id: the embedding gradient must sum its rows
    const r = await expectParity({
      reference: ref,
      makeTwin: (tf) => new TfMlpLm(tf, { ...cfg, rng: 0 }),
      inputs: [{ data: x, shape: [3, 5], dtype: 'int32' }],
    });
    expect(r.backends.length).toBeGreaterThanOrEqual(1);
    expect(r.worstRelError).toBeLessThan(1e-5);
  });

  it('starts from the same weights as MlpLm for the same seed', async () => {
    const { tf } = await getTf();
    const twin = new TfMlpLm(tf, { ...small, rng: 9 });
    const sd = twin.stateDict();
    for (const [k, e] of Object.entries(new MlpLm({ ...small, rng: 9 }).stateDict())) expect(sd[k]!.data).toEqual(Float64Array.from(Float32Array.from(e.data)));
    expect(Array.from(twin.logits(Int32Array.of(0, 4, 2), 1, 3))).toEqual(Array.from(twin.logits(Int32Array.of(0, 4, 2), 1, 3)));
    expect(() => twin.logits(Int32Array.of(0, 5), 1, 2)).toThrow(InvalidInputError);
    expect(() => twin.forward(tf.zeros([2, 3]))).toThrow(/int32/);
    twin.dispose();
  });

  it('takes a leak-free Adam step that lowers the loss of its batch', async () => {
    const { tf } = await getTf();
    const m = new TfMlpLm(tf, { ...small, rng: 4 });
    const rng = new Rng(4);
    const x = tf.tensor2d(ids(rng, 4 * 6, 5), [4, 6], 'int32'), y = tf.tensor1d(ids(rng, 24, 5), 'int32');
    const opt = tf.train.adam(0.05);
    const loss = () => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 5), tf.reshape(m.forward(x), [-1, 5])).asScalar();
    const before = tf.tidy(() => loss().dataSync()[0]!);
    const step = () => tf.tidy(() => { opt.minimize(loss, false, m.parameters()); });
    step(); // the first step creates Adam's moment variables (2 per parameter): state, not a leak
    await expectNoTensorLeak(() => {
      for (let k = 0; k < 4; k++) step();
    }, { tf, label: 'a TfMlpLm training step' });
    const after = tf.tidy(() => loss().dataSync()[0]!);
    expect(after).toBeLessThan(before);
    opt.dispose();
    tf.dispose([x, y]);
    m.dispose();
  });
});
