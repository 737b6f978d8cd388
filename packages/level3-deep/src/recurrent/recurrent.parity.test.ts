/**
 * TfRNN / TfGRU / TfLSTM and the tfjs cells against the float64 references on every backend
 * (output, final state, gradients of input, initial state and every parameter), equal initial
 * weights per seed, no tensor leaks across a training step, typed errors on the twin side.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { getTf } from '@fpml/core/tf';
import type { Variable } from '../nn/tf-module.js';
import { expectNoTensorLeak } from '@fpml/core/testing';
import { describe, expect, it } from 'vitest';
import { expectParity } from '../nn/parity.js';
import { TfGRU } from './gru.js';
import { TfLSTM } from './lstm.js';
import { TfRNN } from './rnn.js';
import { flatReference, flatTwin, makeReference, makeTwin, type Kind, type LayerConfig } from './test-utils.js';

const randn = (rng: Rng, n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.standardNormal());

async function parity(kind: Kind, cfg: LayerConfig, withState: boolean, seed: number) {
  const rng = new Rng(seed);
  const ref = makeReference(kind, cfg, rng.nextUint32());
  const cell = kind.endsWith('Cell');
  const { inputSize: I, hiddenSize: H, numLayers: L = 1, batchFirst = false } = cfg;
  const T = 6, B = 3;
  const inputs = [{ data: randn(rng, T * B * I), shape: cell ? [B * T, I] : batchFirst ? [B, T, I] : [T, B, I] }];
  const sShape = cell ? [B * T, H] : [L, B, H];
  if (withState) for (let k = 0; k < (kind.startsWith('LSTM') ? 2 : 1); k++) inputs.push({ data: randn(rng, sShape[0]! * sShape[1]! * (sShape[2] ?? 1), 0.5), shape: sShape });
  return expectParity({
    reference: ref,
    makeTwin: (tf) => makeTwin(tf, kind, cfg, 0),
    inputs,
    forwardReference: (m, ...xs) => flatReference(kind, m, xs[0]!, xs[1], xs[2]),
    forwardTwin: (m, ...xs) => flatTwin(m.tf, kind, m, xs[0]!, xs[1], xs[2]),
  });
}

describe('recurrent twins agree with the float64 references on every backend', () => {
  const layerCases: [Kind, LayerConfig, boolean][] = [
    ['RNN', { inputSize: 4, hiddenSize: 5, numLayers: 2, batchFirst: true, nonlinearity: 'tanh' }, true],
    ['RNN', { inputSize: 4, hiddenSize: 5, nonlinearity: 'relu', bias: false }, false],
    ['GRU', { inputSize: 4, hiddenSize: 5, numLayers: 2, batchFirst: false }, true],
    ['GRU', { inputSize: 4, hiddenSize: 5, batchFirst: true, bias: false }, false],
    ['GRU', { inputSize: 4, hiddenSize: 5 }, true],
    ['GRU', { inputSize: 4, hiddenSize: 5, numLayers: 2, batchFirst: true, fused: false }, true],
    ['LSTM', { inputSize: 4, hiddenSize: 5, numLayers: 2, batchFirst: true }, true],
    ['LSTM', { inputSize: 4, hiddenSize: 5, bias: false }, false],
    ['LSTM', { inputSize: 4, hiddenSize: 5, numLayers: 2, batchFirst: true, fused: false }, true],
    ['LSTM', { inputSize: 4, hiddenSize: 5, batchFirst: false, fused: false }, false],
    ['RNNCell', { inputSize: 4, hiddenSize: 5, nonlinearity: 'tanh' }, true],
    ['GRUCell', { inputSize: 4, hiddenSize: 5 }, true],
    ['LSTMCell', { inputSize: 4, hiddenSize: 5 }, false],
  ];
  layerCases.forEach(([kind, cfg, withState], i) => {
    it(`${kind} ${JSON.stringify(cfg)} state=${withState}`, async () => {
      const r = await parity(kind, cfg, withState, 100 + i);
      expect(r.backends.length).toBeGreaterThanOrEqual(1);
      for (const b of r.backends) expect(b.leaked, b.backend).toBe(0);
      console.log(`[recurrent parity] ${kind}: worst relError ${r.backends.map((b) => `${b.backend} ${b.worstRelError.toExponential(2)}`).join(', ')}`);
      expect(r.worstRelError).toBeLessThan(1e-4);
    });
  });
});

describe('recurrent twins: init, leaks, errors', () => {
  it('start from the reference weights for the same seed (rounded to float32)', async () => {
    const { tf } = await getTf();
    for (const kind of ['RNN', 'GRU', 'LSTM', 'LSTMCell'] as const) {
      const cfg = { inputSize: 3, hiddenSize: 4, numLayers: kind.endsWith('Cell') ? undefined : 2 };
      const twin = makeTwin(tf, kind, cfg, 9);
      const ref = makeReference(kind, cfg, 9).stateDict();
      const a = twin.stateDict();
      expect(Object.keys(a)).toEqual(Object.keys(ref));
      for (const [k, e] of Object.entries(ref)) expect(a[k]!.data).toEqual(Float64Array.from(Float32Array.from(e.data)));
      twin.dispose();
    }
  });

  it('leave no tensor behind across a training step (forward, variableGrads, SGD update) and in inference', async () => {
    const { tf } = await getTf();
    const rng = new Rng(3);
    for (const make of [() => new TfRNN(tf, 3, 4, { numLayers: 2, rng }), () => new TfGRU(tf, 3, 4, { batchFirst: true, rng }), () => new TfLSTM(tf, 3, 4, { numLayers: 2, rng })]) {
      const m = make();
      const opt = tf.train.sgd(0.1);
      const x = tf.tensor3d(Float32Array.from(randn(rng, 5 * 2 * 3)), [5, 2, 3]);
      await expectNoTensorLeak(() => {
        const { value, grads } = tf.variableGrads(() => {
          const [out, st] = (m as TfRNN).forward(x);
          const s = Array.isArray(st) ? st[1] : st;
          return tf.add(tf.mean(tf.square(out)), tf.mean(s as never)) as never;
        }, m.parameters());
        opt.applyGradients(grads);
        tf.dispose([value, ...Object.values(grads)]);
      }, { tf, label: `${m.name} training step` });
      await expectNoTensorLeak(() => tf.tidy(() => void (m as TfRNN).forward(x)), { tf, label: `${m.name} inference` });
      x.dispose();
      opt.dispose();
      m.dispose();
    }
  });

  it('fused and unfused TfLSTM / TfGRU agree for T, L ∈ {1, 7} × {1, 2} (values and all gradients), with and without state', async () => {
    const { tf } = await getTf();
    const rng = new Rng(5);
    for (const [T, L, gru] of [[1, 1, false], [1, 2, false], [7, 1, false], [7, 2, false], [1, 1, true], [1, 2, true], [7, 1, true], [7, 2, true]] as const) {
      for (const withState of [false, true]) {
        const make = (fused: boolean) => (gru ? new TfGRU(tf, 3, 4, { numLayers: L, rng: 1, fused, bias: !withState }) : new TfLSTM(tf, 3, 4, { numLayers: L, rng: 1, fused }));
        const a = make(true);
        const b = make(false);
        const x = tf.variable(tf.tensor3d(Float32Array.from(randn(rng, T * 2 * 3)), [T, 2, 3]));
        const h0 = tf.variable(tf.tensor3d(Float32Array.from(randn(rng, L * 8, 0.5)), [L, 2, 4]));
        const c0 = tf.variable(tf.tensor3d(Float32Array.from(randn(rng, L * 8, 0.5)), [L, 2, 4]));
        const w = tf.tensor1d(Float32Array.from(randn(rng, T * 8 + 16 * L)));
        const run = (m: TfLSTM | TfGRU, vars: Variable[]) => {
          const { value, grads } = tf.variableGrads(() => {
            const [o, st] = m instanceof TfLSTM ? m.forward(x, withState ? [h0, c0] : null) : m.forward(x, withState ? h0 : null);
            const [h, c] = Array.isArray(st) ? st : [st, tf.zeros([L, 2, 4])];
            return tf.sum(tf.mul(tf.concat([o.reshape([-1]), h.reshape([-1]), c.reshape([-1])]), w)) as never;
          }, vars);
          const out = [value, ...vars.map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
          tf.dispose([value, ...Object.values(grads)]);
          return out;
        };
        const extra = withState ? (gru ? [x, h0] : [x, h0, c0]) : [x];
        const ga = run(a, [...a.parameters(), ...extra]);
        const gb = run(b, [...b.parameters(), ...extra]);
        ga.forEach((g, k) => {
          const scale = Math.max(...gb[k]!.map(Math.abs));
          expect(Math.max(...g.map((v, j) => Math.abs(v - gb[k]![j]!))), `${gru ? 'GRU' : 'LSTM'} T=${T} L=${L} state=${withState} tensor ${k}`).toBeLessThanOrEqual(1e-5 * scale + 1e-7);
        });
        tf.dispose([x, h0, c0, w]);
        a.dispose();
        b.dispose();
      }
    }
  });

  it('throw typed errors (and allocate nothing for bad hyper-parameters)', async () => {
    const { tf } = await getTf();
    const before = tf.memory().numTensors;
    expect(() => new TfRNN(tf, 3, 4, { rng: 0, nonlinearity: 'gelu' as never })).toThrow(InvalidParamError);
    expect(() => new TfLSTM(tf, 3, 4, { rng: 0, numLayers: 2.5 })).toThrow(/numLayers/);
    expect(() => new TfLSTM(tf, 3, 4, { rng: 0, fused: 1 as never })).toThrow(/fused/);
    expect(() => new TfGRU(tf, 3, 4, { rng: 0, fused: 'no' as never })).toThrow(/fused/);
    expect(tf.memory().numTensors).toBe(before);
    const m = new TfLSTM(tf, 3, 4, { numLayers: 2, rng: 0 });
    tf.tidy(() => {
      const x = tf.zeros([5, 2, 3]);
      expect(() => m.forward(tf.zeros([5, 2, 2]))).toThrow(/inputSize = 3/);
      expect(() => m.forward(x, [tf.zeros([2, 2, 4]), tf.zeros([1, 2, 4])])).toThrow(/c0 must have shape \[2, 2, 4\]/);
      expect(() => m.forward(x, [tf.zeros([2, 2, 4])] as never)).toThrow(InvalidInputError);
      expect(() => m.forward(new Float32Array(3) as never)).toThrow(ShapeError);
    });
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
