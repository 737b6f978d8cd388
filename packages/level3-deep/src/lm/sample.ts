/**
 * Seeded sampling from a character language model ({@link NextTokenModel}): autoregressive,
 * one token at a time, from the logits at the last position of the most recent
 * $\min(\text{len}, T_\text{max})$ tokens ($T_\text{max}$ = the model's `receptiveField`, else its `maxContext`),
 * $$p_k \propto \exp(z_k / \tau)\,[k \in \text{top-}K(z)],$$
 * temperature $\tau > 0$ (sharper below 1, flatter above), optional top-$K$ truncation (ties at
 * the $K$-th value kept), and $\tau = 0$ meaning greedy argmax (lowest id on ties). The draw is
 * core's `Rng.categorical`, so the same seed gives the same text. Cost: `length` model calls.
 *
 * @see ../../../../docs/level3-deep/language-models.md
 */
import { InvalidInputError } from '@fpml/core';
import { checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { checkTokens } from './data.js';
import { callLogits, checkModel, checkNumber, type NextTokenModel } from './evaluate.js';

/** Options of {@link sampleLm}. */
export interface SampleOptions {
  /** Number of tokens to generate. Required. */
  length: number;
  /** Seed or Rng (advanced in place). Required. */
  rng: RngLike;
  /** $\tau \ge 0$; 0 is greedy. @default 1 */
  temperature?: number;
  /** Keep only the $K$ largest logits. @default all (no truncation) */
  topK?: number;
}

/**
 * Generate `length` tokens after `prompt` (at least one id). Returns only the new tokens.
 * @throws InvalidInputError for an empty prompt or ids outside [0, V); InvalidParamError for bad options.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export function sampleLm(model: NextTokenModel, prompt: Int32Array, options: SampleOptions): Int32Array {
  const m = checkModel('sampleLm', model);
  checkTokens('sampleLm', 'prompt', prompt, m.vocabSize);
  if (prompt.length === 0) throw new InvalidInputError('sampleLm: prompt must hold at least one token id, got an empty array');
  const n = checkPositiveInt('sampleLm', 'length', options?.length);
  const rng = toRng(options.rng, 'sampleLm');
  const tau = checkNumber('sampleLm', 'temperature', options.temperature ?? 1, (x) => Number.isFinite(x) && x >= 0, 'a finite number ≥ 0');
  const V = m.vocabSize;
  const K = options.topK === undefined ? V : Math.min(V, checkPositiveInt('sampleLm', 'topK', options.topK));
  const span = m.receptiveField ?? m.maxContext;
  const Tmax = Number.isFinite(span) ? checkPositiveInt('sampleLm', 'model.receptiveField', span) : Infinity;
  const seq = new Int32Array(prompt.length + n);
  seq.set(prompt);
  const p = new Float64Array(V);
  for (let i = prompt.length; i < seq.length; i++) {
    const T = Math.min(i, Tmax);
    const z = callLogits('sampleLm', m, seq.subarray(i - T, i), 1, T); // (1, T, V)
    const off = (T - 1) * V; // the last position
    let best = 0;
    for (let k = 1; k < V; k++) if (z[off + k]! > z[off + best]!) best = k;
    if (!Number.isFinite(z[off + best]!)) throw new InvalidInputError(`sampleLm: the model's logits at step ${i - prompt.length} are not finite`);
    if (tau === 0) {
      seq[i] = best;
      continue;
    }
    let kth = -Infinity; // the K-th largest logit
    if (K < V) kth = Float64Array.from({ length: V }, (_, k) => z[off + k]!).sort().at(V - K)!;
    for (let k = 0; k < V; k++) {
      const zk = z[off + k]!;
      p[k] = zk >= kth ? Math.exp((zk - z[off + best]!) / tau) : 0; // stable: the max maps to 1
    }
    seq[i] = rng.categorical(p);
  }
  return seq.slice(prompt.length);
}
