/**
 * The conv layers composed: a small CNN (Conv2d → BatchNorm2d → ReLU → MaxPool2d → Conv2d →
 * AvgPool2d) agrees with its twin stack on every backend in train mode (running statistics
 * included), passes the float64 gradient check end to end, and the twin's NHWC stack matches
 * the NCHW one through a few SGD steps without leaking a tensor. The first conv has no bias:
 * a train-mode BatchNorm removes each channel's mean, so that bias would get a zero gradient
 * (checked below).
 */
import { Rng } from '@fpml/core';
import { getTf, type Tf } from '@fpml/core/tf';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import { expectParity } from '../nn/parity.js';
import { Sequential, TfSequential } from '../nn/sequential.js';
import { ReLU, TfReLU } from './activations.js';
import { BatchNorm2d, TfBatchNorm2d } from './batchnorm.js';
import { Conv2d, TfConv2d } from './conv2d.js';
import type { DataFormat } from './im2col.js';
import { AvgPool2d, MaxPool2d, TfAvgPool2d, TfMaxPool2d } from './pool.js';

const randn = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.standardNormal());
const reference = (seed: number) =>
  new Sequential(new Conv2d(1, 4, 3, { rng: seed, padding: 1, bias: false }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Conv2d(4, 3, 3, { rng: seed + 1, stride: 2, padding: 1 }), new AvgPool2d(2, { padding: 1, countIncludePad: false }));
const twin = (tf: Tf, seed: number, dataFormat: DataFormat = 'NCHW') =>
  new TfSequential(tf, new TfConv2d(tf, 1, 4, 3, { rng: seed, padding: 1, bias: false, dataFormat }), new TfBatchNorm2d(tf, 4, { dataFormat }), new TfReLU(tf), new TfMaxPool2d(tf, 2, { dataFormat }), new TfConv2d(tf, 4, 3, 3, { rng: seed + 1, stride: 2, padding: 1, dataFormat }), new TfAvgPool2d(tf, 2, { padding: 1, countIncludePad: false, dataFormat }));

describe('a small CNN of the conv layers', () => {
  it('agrees with its twin on every backend in train mode (outputs, every gradient, running statistics)', async () => {
    const rng = new Rng(0);
    const r = await expectParity({ reference: reference(3), makeTwin: (tf) => twin(tf, 0), inputs: [{ data: randn(rng, 3 * 8 * 8), shape: [3, 1, 8, 8] }], mode: 'train' });
    expect(r.backends[0]!.comparisons.map((c) => c.name)).toEqual(expect.arrayContaining(['grad:0.weight', 'grad:1.bias', 'grad:4.weight', 'state:1.running_var', 'state:1.num_batches_tracked']));
    expect(r.worstRelError).toBeLessThan(1e-5);
  });

  it('passes the float64 gradient check end to end', () => {
    const rng = new Rng(1);
    const r = expectGradcheck(reference(5), [tensor(randn(rng, 2 * 6 * 6), [2, 1, 6, 6])]);
    expect(r.tensors).toHaveLength(1 + 1 + 2 + 2); // input, conv weight, bn, conv
    expect(r.maxRelError).toBeLessThan(1e-6);
  });

  it('gives a conv bias in front of a train-mode BatchNorm a zero gradient (the mean is removed)', () => {
    const rng = new Rng(2);
    const conv = new Conv2d(2, 3, 3, { rng, padding: 1 });
    const net = new Sequential(conv, new BatchNorm2d(3));
    net.forward(tensor(randn(rng, 2 * 2 * 5 * 5), [2, 2, 5, 5])).mul(tensor(randn(rng, 2 * 3 * 5 * 5), [2, 3, 5, 5])).sum().backward();
    expect(Math.max(...Array.from(conv.bias!.grad!.data, Math.abs))).toBeLessThan(1e-12);
    expect(Math.max(...Array.from(conv.weight.grad!.data, Math.abs))).toBeGreaterThan(1e-3);
  });

  it('NHWC and NCHW twin stacks stay equal through SGD steps, and a step leaks nothing', async () => {
    const { tf } = await getTf();
    const a = twin(tf, 7);
    const b = twin(tf, 7, 'NHWC');
    const x = tf.randomNormal([4, 1, 8, 8], 0, 1, 'float32', 2);
    const xh = tf.transpose(x, [0, 2, 3, 1]);
    const oa = tf.train.sgd(0.05);
    const ob = tf.train.sgd(0.05);
    await expectNoTensorLeak(() => {
      for (let step = 0; step < 3; step++) {
        oa.minimize(() => tf.mean(tf.square(a.forward(x))) as ReturnType<typeof tf.scalar>);
        ob.minimize(() => tf.mean(tf.square(b.forward(xh))) as ReturnType<typeof tf.scalar>);
      }
    });
    const sa = a.stateDict();
    const sb = b.stateDict();
    expect(Object.keys(sb)).toEqual(Object.keys(sa));
    for (const [k, e] of Object.entries(sa)) {
      const scale = Math.max(1e-6, ...Array.from(e.data, Math.abs));
      const diff = Math.max(...Array.from(e.data, (v, i) => Math.abs(v - sb[k]!.data[i]!)));
      expect(diff, k).toBeLessThan(1e-4 * scale);
    }
    for (const t of [x, xh]) t.dispose();
    for (const o of [oa, ob]) o.dispose();
    a.dispose();
    b.dispose();
  });
});
