/**
 * Recurrent char-LM training step on the native backend (docs/level3-deep/recurrent.md §5):
 * one-hot input (I = 65), B = 32, T = 64, one recurrent layer, a linear head to 65 logits, mean
 * softmax cross-entropy, Adam (lr 1e-3) through `minimize`; ~100k parameters per model:
 * - `TfLSTM` H = 128, fused (one op per layer with a hand-written backward, the default) and
 *   `fused: false` (tfjs differentiates every step's ops);
 * - `tf.layers.lstm` H = 128 with the same head, loss and Adam: the tfjs peer, measured in the
 *   same run, that the ratios are against;
 * - `TfGRU` H = 150, fused and unfused; `TfRNN` H = 256 (tanh, tfjs autodiff).
 * Tokens/s = B T / median step; kernels per step from `tf.profile` of one step. libtensorflow is
 * pinned to one thread (as bench/w6.bench.ts). Data: token ids uniform in [0, 65) from core's
 * Rng(3), 4 batches uploaded once.
 *
 * Run: cd packages/level3-deep && npx vitest run --config vitest.bench.config.ts bench/recurrent.bench.ts
 */
process.env['TF_NUM_INTRAOP_THREADS'] ??= '1';
process.env['TF_NUM_INTEROP_THREADS'] ??= '1';

import { Rng } from '@fpml/core';
import { benchSuite } from '@fpml/core/testing';
import { setBackend, type Tf } from '@fpml/core/tf';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { afterAll, it } from 'vitest';
import { TfLinear } from '../src/layers/linear.js';
import { TfGRU } from '../src/recurrent/gru.js';
import { TfLSTM } from '../src/recurrent/lstm.js';
import { TfRNN } from '../src/recurrent/rnn.js';

const V = 65, B = 32, T = 64, SEED = 3;
const suite = benchSuite('level3-recurrent');
const PEER = 'recurrent-lm/tf.layers.lstm-128/tensorflow';
const info: Record<string, { params: number; kernels: number }> = {};

/** A model's step on a (T, B) batch of ids (time-major) and its targets; `dispose` frees it. */
interface Model { step(x: Tensor, y: Tensor): Tensor; params: number; dispose(): void }

function build(tf: Tf, kind: string): Model {
  const opt = tf.train.adam(1e-3);
  const loss = (logits: Tensor, y: Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.reshape(y, [-1]), V), tf.reshape(logits, [-1, V]));
  if (kind === 'tf.layers.lstm-128') {
    const lstm = tf.layers.lstm({ units: 128, returnSequences: true, inputShape: [T, V] });
    const head = tf.layers.dense({ units: V });
    const model = tf.sequential({ layers: [lstm, head] });
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: Variable }).val);
    return {
      // tf.layers is batch-first: (B, T, V) one-hot in, (B, T, V) logits out
      step: (x, y) => opt.minimize(() => loss(model.apply(tf.oneHot(tf.transpose(x), V).toFloat()) as Tensor, tf.transpose(y)).asScalar(), true, vars)!,
      params: model.countParams(),
      dispose: () => { model.dispose(); opt.dispose(); },
    };
  }
  const [name, fusedFlag] = kind.split('/');
  const fused = fusedFlag !== 'unfused';
  const H = name === 'lstm-128' ? 128 : name === 'gru-150' ? 150 : 256;
  const rnn = name === 'lstm-128' ? new TfLSTM(tf, V, H, { rng: SEED, fused }) : name === 'gru-150' ? new TfGRU(tf, V, H, { rng: SEED, fused }) : new TfRNN(tf, V, H, { rng: SEED });
  const head = new TfLinear(tf, H, V, { rng: SEED });
  const vars = [...rnn.parameters(), ...head.parameters()];
  return {
    step: (x, y) => opt.minimize(() => loss(head.forward((rnn.forward(tf.oneHot(x, V).toFloat()) as [Tensor, unknown])[0]), y).asScalar(), true, vars)!,
    params: rnn.numParameters + head.numParameters,
    dispose: () => { rnn.dispose(); head.dispose(); opt.dispose(); },
  };
}

const KINDS = ['tf.layers.lstm-128', 'lstm-128/fused', 'lstm-128/unfused', 'gru-150/fused', 'gru-150/unfused', 'rnn-256/autodiff'];
for (const kind of KINDS) {
  const id = `recurrent-lm/${kind}/tensorflow`;
  let tf: Tf, m: Model | null = null, data: { x: Tensor; y: Tensor }[] = [], k = 0;
  suite.workload({
    id, unit: 'tokens/s', work: B * T, warmup: 3, minIters: 8, minTimeMs: 2000, ...(kind === 'tf.layers.lstm-128' ? {} : { peerOf: PEER }),
    setup: async () => {
      tf = (await setBackend('tensorflow')).tf;
      m = build(tf, kind);
      const rng = new Rng(SEED);
      const ids = () => tf.tensor2d(Int32Array.from({ length: T * B }, () => rng.int(V)), [T, B], 'int32');
      data = Array.from({ length: 4 }, () => ({ x: ids(), y: ids() }));
    },
  }, () => {
    const { x, y } = data[k++ % data.length]!;
    const l = m!.step(x, y);
    l.dataSync();
    l.dispose();
  });
  it(`${id}: kernels per step and cleanup`, async () => {
    if (m === null) return;
    const p = await tf.profile(() => { tf.dispose(m!.step(data[0]!.x, data[0]!.y)); });
    info[id] = { params: m.params, kernels: p.kernels.length };
    m.dispose();
    tf.dispose(data.flatMap((d) => [d.x, d.y]));
    m = null;
  });
}

afterAll(() => {
  const get = (id: string) => suite.records.find((r) => r.id === id)?.value;
  const peer = get(PEER);
  const lines = ['| model | parameters | kernels per step | ms per step | tokens/s | vs tf.layers.lstm |', '|---|---|---|---|---|---|'];
  for (const kind of KINDS) {
    const id = `recurrent-lm/${kind}/tensorflow`, v = get(id);
    lines.push(`| ${kind} | ${info[id]?.params ?? 'n/a'} | ${info[id]?.kernels ?? 'n/a'} | ${v ? (1000 * B * T / v).toFixed(1) : 'n/a'} | ${v?.toFixed(0) ?? 'n/a'} | ${v && peer ? (v / peer).toFixed(2) : 'n/a'} |`);
  }
  process.stdout.write(`\n${lines.join('\n')}\nnote: libtensorflow threads intra-op ${process.env['TF_NUM_INTRAOP_THREADS']}, inter-op ${process.env['TF_NUM_INTEROP_THREADS']}\n`);
});
