/**
 * Test helpers of the recurrent folder (imported by tests only): build a module from a frozen
 * config, and adapters that flatten `[output, state]` into the single tensor the oracle, parity
 * and gradient-check harnesses compare, in the fixture's order (output, h_n[, c_n]).
 */
import { concat, type Tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import type { TfTensor } from '../nn/tf-module.js';
import { GRUCell, LSTMCell, RNNCell } from './cells.js';
import type { RnnNonlinearity } from './common.js';
import { GRU, TfGRU } from './gru.js';
import { LSTM, TfLSTM } from './lstm.js';
import { RNN, TfRNN } from './rnn.js';
import { TfGRUCell, TfLSTMCell, TfRNNCell } from './tf-cells.js';

export interface LayerConfig {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  batchFirst?: boolean;
  bias?: boolean;
  nonlinearity?: RnnNonlinearity;
  /** TfLSTM and TfGRU only. */
  fused?: boolean;
}

export type Kind = 'RNN' | 'GRU' | 'LSTM' | 'RNNCell' | 'GRUCell' | 'LSTMCell';
export type AnyRecurrent = RNN | GRU | LSTM | RNNCell | GRUCell | LSTMCell;
export type AnyTfRecurrent = TfRNN | TfGRU | TfLSTM | TfRNNCell | TfGRUCell | TfLSTMCell;

const opts = (c: LayerConfig, rng: number) => ({ numLayers: c.numLayers, batchFirst: c.batchFirst, bias: c.bias, rng });

export function makeReference(kind: Kind, c: LayerConfig, rng = 0): AnyRecurrent {
  switch (kind) {
    case 'RNN': return new RNN(c.inputSize, c.hiddenSize, { ...opts(c, rng), nonlinearity: c.nonlinearity });
    case 'GRU': return new GRU(c.inputSize, c.hiddenSize, opts(c, rng));
    case 'LSTM': return new LSTM(c.inputSize, c.hiddenSize, opts(c, rng));
    case 'RNNCell': return new RNNCell(c.inputSize, c.hiddenSize, { bias: c.bias, nonlinearity: c.nonlinearity, rng });
    case 'GRUCell': return new GRUCell(c.inputSize, c.hiddenSize, { bias: c.bias, rng });
    case 'LSTMCell': return new LSTMCell(c.inputSize, c.hiddenSize, { bias: c.bias, rng });
  }
}

export function makeTwin(tf: Tf, kind: Kind, c: LayerConfig, rng = 0): AnyTfRecurrent {
  switch (kind) {
    case 'RNN': return new TfRNN(tf, c.inputSize, c.hiddenSize, { ...opts(c, rng), nonlinearity: c.nonlinearity });
    case 'GRU': return new TfGRU(tf, c.inputSize, c.hiddenSize, { ...opts(c, rng), fused: c.fused });
    case 'LSTM': return new TfLSTM(tf, c.inputSize, c.hiddenSize, { ...opts(c, rng), fused: c.fused });
    case 'RNNCell': return new TfRNNCell(tf, c.inputSize, c.hiddenSize, { bias: c.bias, nonlinearity: c.nonlinearity, rng });
    case 'GRUCell': return new TfGRUCell(tf, c.inputSize, c.hiddenSize, { bias: c.bias, rng });
    case 'LSTMCell': return new TfLSTMCell(tf, c.inputSize, c.hiddenSize, { bias: c.bias, rng });
  }
}

/** `[output, state]` flattened and joined (1-D), from inputs `[x, h0?, c0?]`. */
export function flatReference(kind: Kind, m: AnyRecurrent, x: Tensor, h?: Tensor, c?: Tensor): Tensor {
  const flat = (ts: Tensor[]) => concat(ts.map((t) => t.reshape([-1])), 0);
  if (kind === 'LSTM') {
    const [o, [hn, cn]] = (m as LSTM).forward(x, h && c ? [h, c] : null);
    return flat([o, hn, cn]);
  }
  if (kind === 'LSTMCell') return flat((m as LSTMCell).forward(x, h && c ? [h, c] : null));
  if (kind === 'RNN' || kind === 'GRU') return flat((m as RNN).forward(x, h ?? null));
  return flat([(m as RNNCell).forward(x, h ?? null)]);
}

/** The twin's {@link flatReference}. */
export function flatTwin(tf: Tf, kind: Kind, m: AnyTfRecurrent, x: TfTensor, h?: TfTensor, c?: TfTensor): TfTensor {
  const flat = (ts: TfTensor[]) => tf.concat(ts.map((t) => t.reshape([-1])), 0);
  if (kind === 'LSTM') {
    const [o, [hn, cn]] = (m as TfLSTM).forward(x, h && c ? [h, c] : null);
    return flat([o, hn, cn]);
  }
  if (kind === 'LSTMCell') return flat((m as TfLSTMCell).forward(x, h && c ? [h, c] : null));
  if (kind === 'RNN' || kind === 'GRU') return flat((m as TfRNN).forward(x, h ?? null));
  return flat([(m as TfRNNCell).forward(x, h ?? null)]);
}
