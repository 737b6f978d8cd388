/**
 * What every recurrent layer shares: options, their checks, PyTorch's parameter names and
 * default initialisation, and the shape checks of inputs and initial states.
 *
 * Parameter layout (PyTorch's `nn.RNN/GRU/LSTM`): per layer $l$, with $G$ gates
 * ($G=1$ RNN, $3$ GRU in the order $(r, z, n)$, $4$ LSTM in the order $(i, f, g, o)$),
 * `weight_ih_l{l}` $(GH, I_l)$, `weight_hh_l{l}` $(GH, H)$, `bias_ih_l{l}` $(GH)$,
 * `bias_hh_l{l}` $(GH)$, where $I_0$ is the input size and $I_l = H$ above. Cells drop the
 * `_l0` suffix. Init: every parameter $\sim \mathcal U(\pm 1/\sqrt H)$, drawn in that order
 * (PyTorch's `reset_parameters`).
 *
 * @see ../../../../docs/level3-deep/recurrent.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue, type Rng } from '@fpml/core';
import { uniform } from '../nn/init.js';
import { checkBool, checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import type { StateEntry } from '../nn/state-dict.js';

/** Options of the multi-layer recurrent modules ({@link RNN}, {@link GRU}, {@link LSTM} and twins). */
export interface RecurrentOptions {
  /** Number of stacked layers; layer $l>0$ reads layer $l-1$'s outputs. @default 1 */
  numLayers?: number;
  /** Learn the biases `bias_ih_l*` and `bias_hh_l*`. @default true */
  bias?: boolean;
  /** Inputs and outputs are $(B, T, \cdot)$ instead of $(T, B, \cdot)$. States stay $(L, B, H)$. @default false */
  batchFirst?: boolean;
  /** Source of the initial weights (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

/** The nonlinearity of a vanilla RNN: PyTorch's `nonlinearity`. */
export type RnnNonlinearity = 'tanh' | 'relu';

/** Options of {@link RNN} / {@link TfRNN}. */
export interface RNNOptions extends RecurrentOptions {
  /** $\phi$ in $h_t = \phi(\dots)$. @default 'tanh' */
  nonlinearity?: RnnNonlinearity;
}

/** Options of the cells ({@link RNNCell}, {@link GRUCell}, {@link LSTMCell} and twins). */
export interface CellOptions {
  /** Learn `bias_ih` and `bias_hh`. @default true */
  bias?: boolean;
  /** Source of the initial weights. Required. */
  rng: RngLike;
}

/** Options of {@link RNNCell} / {@link TfRNNCell}. */
export interface RNNCellOptions extends CellOptions {
  /** @default 'tanh' */
  nonlinearity?: RnnNonlinearity;
}

/** Checked configuration of a recurrent module. */
export interface RecurrentConfig {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bias: boolean;
  batchFirst: boolean;
  /** Gates $G$ (rows of `weight_ih` are $GH$). */
  gates: number;
}

/** One layer's (or one cell's) parameters by role. */
export interface LayerParams<T> {
  wih: T; // (G·H, I_l)
  whh: T; // (G·H, H)
  bih: T | null; // (G·H,)
  bhh: T | null; // (G·H,)
}

/** Check the constructor arguments of a recurrent module. @throws InvalidParamError naming the argument. */
export function checkRecurrentConfig(owner: string, inputSize: unknown, hiddenSize: unknown, options: Partial<RecurrentOptions> | undefined, gates: number, cell = false): RecurrentConfig {
  if (options === null || typeof options !== 'object') throw new InvalidParamError(owner, 'options', options, 'an options object with rng');
  return {
    inputSize: checkPositiveInt(owner, 'inputSize', inputSize),
    hiddenSize: checkPositiveInt(owner, 'hiddenSize', hiddenSize),
    numLayers: cell ? 1 : checkPositiveInt(owner, 'numLayers', options.numLayers ?? 1),
    bias: checkBool(owner, 'bias', options.bias ?? true),
    batchFirst: cell ? false : checkBool(owner, 'batchFirst', options.batchFirst ?? false),
    gates,
  };
}

/** Check `nonlinearity`. @throws InvalidParamError */
export function checkNonlinearity(owner: string, v: unknown): RnnNonlinearity {
  if (v !== 'tanh' && v !== 'relu') throw new InvalidParamError(owner, 'nonlinearity', v, "'tanh' or 'relu'");
  return v;
}

/**
 * PyTorch's default parameters, as state entries in PyTorch's order, every one
 * $\sim\mathcal U(\pm 1/\sqrt H)$. `suffix` is `'_l{l}'` for layers and `''` for cells. $O(\#\text{params})$.
 */
export function initRecurrent(owner: string, cfg: RecurrentConfig, rngLike: RngLike | undefined, cell = false): [string, StateEntry][] {
  const rng: Rng = toRng(rngLike, owner);
  const { inputSize: I, hiddenSize: H, gates: G } = cfg;
  const k = 1 / Math.sqrt(H);
  const out: [string, StateEntry][] = [];
  for (let l = 0; l < cfg.numLayers; l++) {
    const s = cell ? '' : `_l${l}`;
    out.push([`weight_ih${s}`, uniform([G * H, l === 0 ? I : H], rng, -k, k)]);
    out.push([`weight_hh${s}`, uniform([G * H, H], rng, -k, k)]);
    if (cfg.bias) {
      out.push([`bias_ih${s}`, uniform([G * H], rng, -k, k)]);
      out.push([`bias_hh${s}`, uniform([G * H], rng, -k, k)]);
    }
  }
  return out;
}

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Check a sequence input of a layer: rank 3, $(T, B, I)$ or $(B, T, I)$ with `batchFirst`, $T, B \ge 1$.
 * @returns `{ T, B }`. @throws ShapeError naming `x`.
 */
export function checkSequence(owner: string, shape: readonly number[], cfg: RecurrentConfig): { T: number; B: number } {
  const layout = cfg.batchFirst ? '(batch, seq, inputSize)' : '(seq, batch, inputSize)';
  if (shape.length !== 3) throw new ShapeError(`${owner}.forward: x must be 3-D ${layout}, got shape ${fmt(shape)}`);
  if (shape[2] !== cfg.inputSize) throw new ShapeError(`${owner}.forward: x must have last dimension inputSize = ${cfg.inputSize}, got shape ${fmt(shape)}`);
  const T = cfg.batchFirst ? shape[1]! : shape[0]!;
  const B = cfg.batchFirst ? shape[0]! : shape[1]!;
  if (T < 1 || B < 1) throw new ShapeError(`${owner}.forward: x must have at least one step and one sequence ${layout}, got shape ${fmt(shape)}`);
  return { T, B };
}

/** Check a cell input $(B, I)$. @returns B. @throws ShapeError naming `x`. */
export function checkCellInput(owner: string, shape: readonly number[], cfg: RecurrentConfig): number {
  if (shape.length !== 2 || shape[1] !== cfg.inputSize || shape[0]! < 1) throw new ShapeError(`${owner}.forward: x must be 2-D (batch, inputSize = ${cfg.inputSize}), got shape ${fmt(shape)}`);
  return shape[0]!;
}

/** Check one state tensor's shape against `expected`. @throws ShapeError naming `arg`. */
export function checkStateShape(owner: string, arg: string, shape: readonly number[], expected: readonly number[]): void {
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`${owner}.forward: ${arg} must have shape ${fmt(expected)} (${expected.length === 3 ? 'numLayers, batch, hiddenSize' : 'batch, hiddenSize'}), got ${fmt(shape)}`);
  }
}

/**
 * Unpack an LSTM state argument: `null`/`undefined` or a pair `[h, c]`.
 * @throws InvalidInputError for anything else.
 */
export function pairOrNull<T>(owner: string, state: unknown, isTensor: (v: unknown) => v is T): [T, T] | null {
  if (state === undefined || state === null) return null;
  if (!Array.isArray(state) || state.length !== 2 || !isTensor(state[0]) || !isTensor(state[1])) {
    throw new InvalidInputError(`${owner}.forward: state must be a pair [h0, c0] of tensors or omitted, got ${describeValue(state)}`);
  }
  return [state[0], state[1]];
}
