/**
 * Recurrent layers, each a float64 reference module and its tfjs twin, plus truncated BPTT.
 * See README.md.
 * @see ../../../../docs/level3-deep/recurrent.md
 */
export { type RecurrentOptions, type RNNOptions, type CellOptions, type RNNCellOptions, type RnnNonlinearity, type RecurrentConfig } from './common.js';
export { RNN, TfRNN, rnnStep, tfRnnStep } from './rnn.js';
export { GRU, TfGRU, gruStep, tfGruStep, type TfGRUOptions } from './gru.js';
export { tfGruSequence } from './tf-gru-fused.js';
export { LSTM, TfLSTM, lstmStep, tfLstmStep, type TfLSTMOptions } from './lstm.js';
export { tfLstmSequence } from './tf-lstm-fused.js';
export { RNNCell, GRUCell, LSTMCell } from './cells.js';
export { TfRNNCell, TfGRUCell, TfLSTMCell } from './tf-cells.js';
export { truncatedBptt, tfTruncatedBptt, type RecurrentLike, type BpttChunk, type TruncatedBpttOptions, type TfTruncatedBpttOptions, type TruncatedBpttResult } from './truncated-bptt.js';
