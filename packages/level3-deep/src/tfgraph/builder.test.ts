/**
 * tfgraph: the protobuf writer's bytes against the wire-format spec's own examples; build-time
 * shape checks; and every GraphBuilder op run in a libtensorflow session against the same tfjs
 * eager op on the same inputs (tensorflow backend; elsewhere GraphSession.load must throw
 * BackendLoadError).
 */
import { InvalidInputError, Rng, ShapeError } from '@fpml/core';
import { BackendLoadError, getTf } from '@fpml/core/tf';
import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, broadcastShapes, type Sym } from './builder.js';
import { ProtoWriter } from './protobuf.js';
import { GraphSession } from './session.js';

describe('ProtoWriter', () => {
  it('writes the encoding guide\'s examples: varint 150 in field 1, string "testing" in field 2, and negative int64s as 10 bytes', () => {
    expect(Array.from(new ProtoWriter().int(1, 150).bytes())).toEqual([0x08, 0x96, 0x01]);
    expect(Array.from(new ProtoWriter().string(2, 'testing').bytes())).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    expect(Array.from(new ProtoWriter().int(1, -1).bytes())).toEqual([0x08, ...Array(9).fill(0xff), 0x01]);
    expect(Array.from(new ProtoWriter().float(4, 1).bytes())).toEqual([0x25, 0, 0, 0x80, 0x3f]); // key (4 << 3) | 5, then 1.0f little-endian
    expect(Array.from(new ProtoWriter().packed(3, [1, 300]).bytes())).toEqual([0x1a, 0x03, 0x01, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().message(3, (w) => w.int(1, 150)).bytes())).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    const big = new ProtoWriter().raw(1, new Uint8Array(1000).fill(7)).bytes(); // grows past its first buffer
    expect(big.length).toBe(1003);
    expect(big[1000]).toBe(7);
  });
});

describe('GraphBuilder shape checks', () => {
  it('broadcasts like NumPy and throws ShapeError naming the op at build time', () => {
    expect(broadcastShapes('AddV2', [4, 1, 3], [5, 1])).toEqual([4, 5, 3]);
    expect(() => broadcastShapes('AddV2', [4, 3], [2, 3])).toThrow(/AddV2.*do not broadcast/);
    const g = new GraphBuilder();
    const a = g.placeholder('a', 'float32', [2, 3]), b = g.placeholder('b', 'float32', [4, 5]);
    expect(() => g.matMul(a, b)).toThrow(ShapeError);
    expect(g.matMul(a, g.placeholder('c', 'float32', [5, 3]), false, true).shape).toEqual([2, 5]);
    expect(() => g.reshape(a, [7])).toThrow(/Reshape/);
    expect(() => g.transpose(a, [0, 0])).toThrow(/permutation/);
    expect(() => g.splitV(a, [1, 1], 1)).toThrow(/SplitV/);
    expect(() => g.slice(a, [1, 0], [2, 3])).toThrow(/Slice/);
    expect(() => g.concat([a, b], 0)).toThrow(/ConcatV2/);
    expect(() => g.biasAdd(a, g.placeholder('bias', 'float32', [2]))).toThrow(/BiasAdd/);
    expect(() => g.reluGrad(a, b)).toThrow(/ReluGrad/);
    expect(() => g.batchMatMul(a, a)).toThrow(/BatchMatMulV2/);
    expect(() => g.sum(a, [2])).toThrow(/out of range/);
    const ids = g.placeholder('ids', 'int32', [2]);
    expect(() => g.exp(ids)).toThrow(InvalidInputError);
    expect(() => g.gather(a, a)).toThrow(/int32/);
    expect(() => g.sparseSoftmaxCrossEntropy(a, g.placeholder('lab', 'int32', [3]))).toThrow(ShapeError);
    expect(() => g.placeholder('a', 'float32', [1])).toThrow(/already used/);
  });
});

describe('GraphSession', () => {
  it('runs every builder op as tfjs eager does on the same inputs', async () => {
    const { tf } = await getTf();
    const g = new GraphBuilder();
    const x = g.placeholder('x', 'float32', [6, 4]), w = g.placeholder('w', 'float32', [4, 5]), ids = g.placeholder('ids', 'int32', [6]);
    if (tf.getBackend() !== 'tensorflow') {
      await expect(GraphSession.load(tf, g, { x }, { y: g.exp(x) })).rejects.toThrow(BackendLoadError);
      return;
    }
    const rng = new Rng(11);
    const xs = tf.tensor2d(Float32Array.from({ length: 24 }, () => rng.normal()), [6, 4]);
    const ws = tf.tensor2d(Float32Array.from({ length: 20 }, () => rng.normal()), [4, 5]);
    const is = tf.tensor1d(Int32Array.from({ length: 6 }, () => rng.int(3)), 'int32');
    const pos = g.add(g.square(x), 0.5), x4 = g.reshape(x, [2, 3, 2, 2]);
    const [s0, s1] = g.splitV(x, [1, 3], 1);
    const graph: Record<string, Sym> = {
      add: g.add(x, g.reshape(g.sum(x, [0]), [1, 4])), sub: g.sub(x, 1), mul: g.mul(x, x), div: g.div(x, pos),
      sqrt: g.sqrt(pos), rsqrt: g.rsqrt(pos), exp: g.exp(x), erf: g.erf(x), neg: g.neg(x), softmax: g.softmax(x),
      matMul: g.matMul(x, w), matMulT: g.matMul(x, x, true, false), bmm: g.batchMatMul(x4, x4, false, true), bmmT: g.batchMatMul(x4, x4, true, false),
      sumKeep: g.sum(x, [1], true), mean: g.mean(x, [0, 1]), transpose: g.transpose(x4, [2, 0, 3, 1]), slice: g.slice(x, [1, 1], [3, 2]),
      split1: s1!, concat: g.concat([s1!, s0!], 1), stack: g.stack([x, x], 1), unstack: g.unstack(x4, 1)[2]!,
      gather: g.gather(w, g.reshape(ids, [2, 3])), segmentSum: g.segmentSum(x, ids, 3), biasAdd: g.biasAdd(x, g.sum(x, [0])), biasAddGrad: g.biasAddGrad(x4), relu: g.relu(x), reluGrad: g.reluGrad(g.exp(x), x),
      ce: g.sparseSoftmaxCrossEntropy(g.matMul(x, w), ids)[0], ceGrad: g.sparseSoftmaxCrossEntropy(g.matMul(x, w), ids)[1],
    };
    const session = await GraphSession.load(tf, g, { x, w, ids }, graph);
    expect(session.outputNames).toEqual(Object.keys(graph));
    const out = session.run({ x: xs, w: ws, ids: is });
    const eager: Record<string, () => Tensor> = {
      add: () => tf.add(xs, tf.sum(xs, 0, true)), sub: () => tf.sub(xs, 1), mul: () => tf.mul(xs, xs), div: () => tf.div(xs, tf.add(tf.square(xs), 0.5)),
      sqrt: () => tf.sqrt(tf.add(tf.square(xs), 0.5)), rsqrt: () => tf.rsqrt(tf.add(tf.square(xs), 0.5)), exp: () => tf.exp(xs), erf: () => tf.erf(xs), neg: () => tf.neg(xs), softmax: () => tf.softmax(xs),
      matMul: () => tf.matMul(xs, ws), matMulT: () => tf.matMul(xs, xs, true, false),
      bmm: () => tf.matMul(tf.reshape(xs, [2, 3, 2, 2]), tf.reshape(xs, [2, 3, 2, 2]), false, true), bmmT: () => tf.matMul(tf.reshape(xs, [2, 3, 2, 2]), tf.reshape(xs, [2, 3, 2, 2]), true, false),
      sumKeep: () => tf.sum(xs, 1, true), mean: () => tf.mean(xs), transpose: () => tf.transpose(tf.reshape(xs, [2, 3, 2, 2]), [2, 0, 3, 1]), slice: () => tf.slice(xs, [1, 1], [3, 2]),
      split1: () => tf.slice(xs, [0, 1], [6, 3]), concat: () => tf.concat([tf.slice(xs, [0, 1], [6, 3]), tf.slice(xs, [0, 0], [6, 1])], 1), stack: () => tf.stack([xs, xs], 1),
      unstack: () => tf.unstack(tf.reshape(xs, [2, 3, 2, 2]), 1)[2]!, gather: () => tf.gather(ws, tf.reshape(is, [2, 3])), segmentSum: () => tf.unsortedSegmentSum(xs, is, 3),
      biasAdd: () => tf.add(xs, tf.sum(xs, 0)), biasAddGrad: () => tf.sum(tf.reshape(xs, [12, 2]), 0), relu: () => tf.relu(xs),
      reluGrad: () => tf.mul(tf.exp(xs), tf.cast(tf.greater(xs, 0), 'float32')),
      ce: () => tf.sub(tf.logSumExp(tf.matMul(xs, ws), 1), tf.sum(tf.mul(tf.matMul(xs, ws), tf.oneHot(is, 5)), 1)),
      ceGrad: () => tf.sub(tf.softmax(tf.matMul(xs, ws)), tf.oneHot(is, 5)),
    };
    for (const [k, f] of Object.entries(eager)) {
      const [err, scale, shape] = tf.tidy(() => {
        const e = f();
        return [tf.max(tf.abs(tf.sub(out[k]!, e))).dataSync()[0]!, tf.max(tf.abs(e)).dataSync()[0]!, e.shape];
      });
      expect(out[k]!.shape, k).toEqual(shape);
      expect(out[k]!.shape, k).toEqual([...graph[k]!.shape]); // the builder's inferred shape
      expect(err, k).toBeLessThanOrEqual(1e-6 * Math.max(1, scale));
    }
    tf.dispose(Object.values(out));
    expect(() => session.run({ x: xs, w: ws })).toThrow(/input 'ids'/);
    expect(() => session.run({ x: ws, w: ws, ids: is })).toThrow(ShapeError);
    expect(() => session.run({ x: xs, w: ws, ids: is, z: xs })).toThrow(/unknown inputs z/);
    session.dispose();
    expect(() => session.run({ x: xs, w: ws, ids: is })).toThrow(/disposed/);
    tf.dispose([xs, ws, is]);
  });
});
