/**
 * RNN, GRU, LSTM and cells: float64 gradient checks (input, initial state, every parameter),
 * PyTorch's names, order and shapes, default init bounds, typed errors.
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError } from '@fpml/core';
import { ksTest } from '@fpml/core/testing';
import { tensor, type Tensor } from '@fpml/level1-math';
import { describe, expect, it } from 'vitest';
import { expectGradcheck } from '../nn/gradcheck.js';
import type { FrozenLayerCase } from '../nn/oracle.js';
import fixture from './__fixtures__/recurrent_torch.json' with { type: 'json' };
import { GRUCell, LSTMCell, RNNCell } from './cells.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import { RNN } from './rnn.js';
import { flatReference, makeReference, type Kind, type LayerConfig } from './test-utils.js';

const randn = (rng: Rng, shape: number[], s = 1) => tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => s * rng.standardNormal()), shape);
const cases = (fixture as unknown as { cases: (FrozenLayerCase & { layer: Kind })[] }).cases;

describe('recurrent gradient checks (float64, central differences)', () => {
  // Seed pinned: relu's kink makes a finite difference wrong when a pre-activation lies within
  // h = 1e-6 of 0; a fixed seed keeps that (probability ~1e-5 per coordinate) from ever flaking.
  const I = 3, H = 3, T = 4, B = 2, L = 2;
  for (const [kind, nl] of [['RNN', 'tanh'], ['RNN', 'relu'], ['GRU', undefined], ['LSTM', undefined]] as const) {
    for (const batchFirst of [false, true]) {
      it(`${kind}${nl ? `/${nl}` : ''} L=${L} batchFirst=${batchFirst}: input, h0${kind === 'LSTM' ? ', c0' : ''} and every parameter`, () => {
        const rng = new Rng(11);
        const m = makeReference(kind, { inputSize: I, hiddenSize: H, numLayers: L, batchFirst, nonlinearity: nl }, rng.nextUint32());
        const xs: Tensor[] = [randn(rng, batchFirst ? [B, T, I] : [T, B, I]), randn(rng, [L, B, H], 0.5)];
        if (kind === 'LSTM') xs.push(randn(rng, [L, B, H], 0.5));
        const r = expectGradcheck(m, xs, { forward: (mm, ...a) => flatReference(kind, mm, a[0]!, a[1], a[2]) });
        expect(r.tensors.length).toBe(xs.length + 4 * L);
        expect(r.maxRelError).toBeLessThan(1e-6);
      });
    }
  }
  for (const kind of ['RNNCell', 'GRUCell', 'LSTMCell'] as const) {
    it(`${kind}: input, state and every parameter`, () => {
      const rng = new Rng(12);
      const m = makeReference(kind, { inputSize: I, hiddenSize: H }, rng.nextUint32());
      const xs: Tensor[] = [randn(rng, [B, I]), randn(rng, [B, H], 0.5)];
      if (kind === 'LSTMCell') xs.push(randn(rng, [B, H], 0.5));
      const r = expectGradcheck(m, xs, { forward: (mm, ...a) => flatReference(kind, mm, a[0]!, a[1], a[2]) });
      expect(r.maxRelError).toBeLessThan(1e-6);
    });
  }
  it('GRU without biases and without h0 (zeros) passes too', () => {
    const rng = new Rng(13);
    const m = new GRU(2, 3, { numLayers: 2, bias: false, rng });
    const r = expectGradcheck(m, [randn(rng, [3, 2, 2])], { forward: (mm, x) => flatReference('GRU', mm, x!) });
    expect(r.tensors.map((t) => t.name)).toEqual(['input0', 'weight_ih_l0', 'weight_hh_l0', 'weight_ih_l1', 'weight_hh_l1']);
  });
});

describe('recurrent parameters: PyTorch names, order, shapes and default init', () => {
  it('state dict keys (in order) and shapes equal PyTorch 1.13 for every frozen case', () => {
    for (const c of cases) {
      const sd = makeReference(c.layer, c.config as unknown as LayerConfig, 0).stateDict();
      expect(Object.keys(sd), c.name).toEqual(Object.keys(c.state));
      for (const [k, e] of Object.entries(c.state)) expect(sd[k]!.shape, `${c.name} ${k}`).toEqual(e.shape);
    }
  });

  it('draws every parameter from U(±1/sqrt(H)), deterministic per seed', () => {
    const H = 20;
    const m = new LSTM(7, H, { numLayers: 2, rng: 5 });
    const b = 1 / Math.sqrt(H);
    const all = Float64Array.from(m.parameters().flatMap((p) => Array.from(p.data)));
    expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(b);
    expect(ksTest(all, (x) => (x + b) / (2 * b)).pValue).toBeGreaterThan(1e-3);
    expect(new LSTM(7, H, { numLayers: 2, rng: 5 }).stateDict()).toEqual(m.stateDict());
    expect(m.numParameters).toBe(4 * H * (7 + H + 2) + 4 * H * (H + H + 2));
    expect(new RNN(7, H, { rng: 5 }).parameters()[0]!.data[0]).toBeCloseTo(new Rng(5).uniform(-b, b), 14); // weight_ih_l0 first, row-major
  });
});

describe('recurrent typed errors', () => {
  it('rejects bad hyper-parameters with InvalidParamError naming them', () => {
    expect(() => new RNN(3, 4, { numLayers: 1.5, rng: 0 })).toThrow(/numLayers/);
    expect(() => new RNN(3, 4, { numLayers: 1.5, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new LSTM(3, 4, { numLayers: 0, rng: 0 })).toThrow(InvalidParamError);
    expect(() => new GRU(0, 4, { rng: 0 })).toThrow(/inputSize/);
    expect(() => new GRU(3, 2.5, { rng: 0 })).toThrow(/hiddenSize/);
    expect(() => new RNN(3, 4, { rng: 0, nonlinearity: 'sigmoid' as never })).toThrow(/nonlinearity/);
    expect(() => new LSTM(3, 4, { rng: undefined as never })).toThrow(/rng/);
    expect(() => new GRU(3, 4, { rng: 0, batchFirst: 'yes' as never })).toThrow(/batchFirst/);
    expect(() => new RNNCell(3, 4, { rng: 0, bias: 0 as never })).toThrow(/bias/);
    expect(() => new LSTM(3, 4, undefined as never)).toThrow(InvalidParamError);
  });

  it('rejects a wrong input size, rank, h0 or c0 shape with ShapeError saying what was expected', () => {
    const rng = new Rng(0);
    const rnn = new RNN(3, 4, { numLayers: 2, rng });
    expect(() => rnn.forward(randn(rng, [5, 2, 4]))).toThrow(/inputSize = 3, got shape \[5, 2, 4\]/);
    expect(() => rnn.forward(randn(rng, [5, 3]))).toThrow(ShapeError);
    expect(() => rnn.forward(randn(rng, [5, 2, 3]), randn(rng, [1, 2, 4]))).toThrow(/h0 must have shape \[2, 2, 4\].*got \[1, 2, 4\]/);
    expect(() => rnn.forward([1, 2] as never)).toThrow(/x must be a Tensor/);
    const bf = new GRU(3, 4, { batchFirst: true, rng });
    expect(() => bf.forward(randn(rng, [2, 5, 3]), randn(rng, [1, 5, 4]))).toThrow(/h0 must have shape \[1, 2, 4\]/);
    const lstm = new LSTM(3, 4, { rng });
    const x = randn(rng, [5, 2, 3]);
    expect(() => lstm.forward(x, [randn(rng, [1, 2, 4]), randn(rng, [1, 2, 5])])).toThrow(/c0 must have shape \[1, 2, 4\]/);
    expect(() => lstm.forward(x, randn(rng, [1, 2, 4]) as never)).toThrow(InvalidInputError);
    expect(() => new LSTMCell(3, 4, { rng }).forward(randn(rng, [2, 4]))).toThrow(/inputSize = 3/);
    expect(() => new GRUCell(3, 4, { rng }).forward(randn(rng, [2, 3]), randn(rng, [3, 4]))).toThrow(/h must have shape \[2, 4\]/);
  });
});
