/**
 * Character-level language-model data: a token stream, its fixed contiguous train/validation
 * split, a seeded sampler of training windows and the fixed windows every model is scored on.
 *
 * **Split.** For a stream $s_0 \dots s_{N-1}$ and validation fraction $f$ (default 0.1), the
 * cut is $c = N - \lfloor fN \rfloor$: train $= s_{0:c}$ (the first 90 % of Moby-Dick), validation
 * $= s_{c:N}$ (the last 10 %, chapters the model never saw). Contiguous, not shuffled: shuffled
 * windows would leak neighbouring text into the validation set.
 *
 * **Windows.** A window of length $T$ starting at $i$ is the pair
 * $$x = s_{i:i+T},\qquad y = s_{i+1:i+T+1},$$
 * so $y_t$ is the next character after $x_t$ and a model predicts $y_t$ from $x_{0..t}$ only.
 *
 * @see ../../../../docs/level3-deep/language-models.md
 */
import { InvalidInputError, InvalidParamError, Rng, describeValue } from '@fpml/core';
import { loadMobyDick, type CharCorpus } from '@fpml/datasets';
import { checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';

/** A train/validation split of a token stream. */
export interface LmSplit {
  /** $s_{0:c}$ (a view of the stream). */
  train: Int32Array;
  /** $s_{c:N}$ (a view of the stream). */
  val: Int32Array;
  /** The cut $c$: index of the first validation token. */
  cut: number;
}

/** The Moby-Dick character LM data: corpus, encoded stream and the fixed split. */
export interface CharLmData extends LmSplit {
  corpus: CharCorpus;
  /** The whole text encoded, one id per code point. */
  tokens: Int32Array;
  /** $V$ = 83 for Moby-Dick. */
  vocabSize: number;
}

/** One batch of windows, row-major. */
export interface LmBatch {
  /** Inputs, (B, T) row-major. */
  x: Int32Array;
  /** Targets $y_{b,t} = x_{b,t+1}$ (the stream shifted by one), (B, T) row-major. */
  y: Int32Array;
  batchSize: number;
  context: number;
}

/** @internal Check a token stream: an Int32Array of ids in [0, V) when V is given. */
export function checkTokens(owner: string, name: string, tokens: unknown, vocabSize?: number): Int32Array {
  if (!(tokens instanceof Int32Array)) throw new InvalidInputError(`${owner}: ${name} must be an Int32Array of token ids, got ${describeValue(tokens)}`);
  if (vocabSize !== undefined) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t < 0 || t >= vocabSize) throw new InvalidInputError(`${owner}: ${name}[${i}] = ${t} is not a token id in [0, ${vocabSize})`);
    }
  }
  return tokens;
}

/**
 * Split a stream into its first $1-f$ (train) and last $f$ (validation), contiguous. $O(1)$ (views).
 * @param valFraction $f \in (0, 1)$. @default 0.1
 * @throws InvalidParamError for $f \notin (0,1)$; InvalidInputError when either part would be
 *   shorter than 2 tokens (no window fits).
 * @see ../../../../docs/level3-deep/language-models.md
 */
export function splitTokens(tokens: Int32Array, valFraction = 0.1): LmSplit {
  checkTokens('splitTokens', 'tokens', tokens);
  if (typeof valFraction !== 'number' || !(valFraction > 0 && valFraction < 1)) throw new InvalidParamError('splitTokens', 'valFraction', valFraction, 'a number in (0, 1)');
  const cut = tokens.length - Math.floor(valFraction * tokens.length);
  if (cut < 2 || tokens.length - cut < 2) throw new InvalidInputError(`splitTokens: ${tokens.length} tokens leave ${cut} for train and ${tokens.length - cut} for validation; each needs at least 2`);
  return { train: tokens.subarray(0, cut), val: tokens.subarray(cut), cut };
}

/**
 * Moby-Dick as character LM data: the whole text encoded with its 83-symbol vocabulary and
 * split 90 % / 10 % contiguously ({@link splitTokens}). $O(N)$, $N \approx 1.19\cdot 10^6$.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export function loadMobyDickLm(valFraction = 0.1): CharLmData {
  const corpus = loadMobyDick();
  const tokens = corpus.encode(corpus.text);
  return { corpus, tokens, vocabSize: corpus.vocab.length, ...splitTokens(tokens, valFraction) };
}

function checkWindow(owner: string, tokens: Int32Array, context: number): void {
  checkPositiveInt(owner, 'context', context);
  if (tokens.length < context + 1) throw new InvalidInputError(`${owner}: a window of context ${context} needs ${context + 1} tokens, the stream has ${tokens.length}`);
}

/**
 * Seeded sampler of training batches: each call draws $B$ start positions
 * $i_b \sim \mathcal U\{0, \dots, N - T - 1\}$ independently (with replacement) from its own
 * `Rng` and returns the windows $x_b = s_{i_b : i_b+T}$, $y_b = s_{i_b+1 : i_b+T+1}$.
 * The same seed gives the same sequence of batches. $O(BT)$ per batch.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export class BatchSampler {
  readonly #tokens: Int32Array;
  readonly #rng: Rng;

  /**
   * @param tokens the training stream.
   * @param options `batchSize` B, `context` T, `rng` (seed or Rng; an Rng is advanced in place).
   * @throws InvalidParamError for bad sizes or rng; InvalidInputError when the stream is shorter than T + 1.
   */
  constructor(tokens: Int32Array, readonly options: { batchSize: number; context: number; rng: RngLike }) {
    checkTokens('BatchSampler', 'tokens', tokens);
    checkPositiveInt('BatchSampler', 'batchSize', options?.batchSize);
    checkWindow('BatchSampler', tokens, options.context);
    this.#tokens = tokens;
    this.#rng = toRng(options.rng, 'BatchSampler');
  }

  /** The next batch (fresh arrays). */
  next(): LmBatch {
    const { batchSize: B, context: T } = this.options;
    const s = this.#tokens;
    const x = new Int32Array(B * T), y = new Int32Array(B * T); // (B, T)
    const starts = s.length - T; // i in [0, N - T - 1]
    for (let b = 0; b < B; b++) {
      const i = this.#rng.int(starts);
      x.set(s.subarray(i, i + T), b * T);
      y.set(s.subarray(i + 1, i + T + 1), b * T);
    }
    return { x, y, batchSize: B, context: T };
  }
}

/**
 * The fixed evaluation windows of a stream: consecutive non-overlapping windows
 * $i_w = wT$, $w = 0, \dots, W-1$, $W = \lfloor (N-1)/T \rfloor$, so every target
 * $s_1 \dots s_{WT}$ is scored exactly once; with `maxWindows` $< W$, the windows
 * $i_w = \lfloor w W / m \rfloor T$ spread evenly over the stream. No randomness: every model is
 * scored on the same tokens. Returned as one batch $(W, T)$. $O(WT)$.
 * @throws InvalidParamError for bad sizes; InvalidInputError when no window fits.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export function evalWindows(tokens: Int32Array, context: number, maxWindows?: number): LmBatch {
  checkTokens('evalWindows', 'tokens', tokens);
  checkWindow('evalWindows', tokens, context);
  const all = Math.floor((tokens.length - 1) / context);
  const W = maxWindows === undefined ? all : Math.min(all, checkPositiveInt('evalWindows', 'maxWindows', maxWindows));
  const x = new Int32Array(W * context), y = new Int32Array(W * context); // (W, T)
  for (let w = 0; w < W; w++) {
    const i = Math.floor((w * all) / W) * context;
    x.set(tokens.subarray(i, i + context), w * context);
    y.set(tokens.subarray(i + 1, i + context + 1), w * context);
  }
  return { x, y, batchSize: W, context };
}
