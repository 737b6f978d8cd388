/**
 * Scoring a character language model: mean validation cross-entropy in nats per character and
 * its perplexity, on the fixed windows of {@link evalWindows}, for any model that maps a batch
 * of token windows to next-token logits ({@link NextTokenModel}).
 *
 * $$\mathcal L = -\frac{1}{WT}\sum_{w,t} \log \operatorname{softmax}(z_{w,t})_{y_{w,t}},
 *   \qquad \mathrm{PPL} = e^{\mathcal L},$$
 * with $\log\operatorname{softmax}(z)_k = z_k - m - \log\sum_j e^{z_j - m}$, $m = \max_j z_j$,
 * accumulated in float64 whatever precision the logits come in. A logit of $-\infty$ is a
 * probability of 0: at a target it makes the loss $+\infty$ (reported, not an error). A model that predicts the
 * uniform distribution scores exactly $\ln V$ (perplexity $V$).
 *
 * @see ../../../../docs/level3-deep/language-models.md
 */
import { InvalidInputError, InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { checkPositiveInt } from '../nn/rng.js';
import { checkTokens, type LmBatch } from './data.js';

/**
 * Anything that gives next-token logits for a batch of windows: `logits(x, B, T)` with `x`
 * (B, T) row-major ids returns (B, T, V) row-major, row $(b, t)$ the unnormalised log-probabilities
 * of the token after $x_{b,t}$ given $x_{b,0..t}$ (causal: no peeking at later positions).
 */
export interface NextTokenModel {
  /** $V$. */
  readonly vocabSize: number;
  /** Longest window the model accepts (its context length); `Infinity` if unbounded. */
  readonly maxContext: number;
  /**
   * How many of the latest tokens a prediction depends on, if fewer than `maxContext` (1 for the
   * bigram, $n$ for the MLP); {@link sampleLm} feeds only that many. @default maxContext
   */
  readonly receptiveField?: number;
  logits(x: Int32Array, batchSize: number, context: number): ArrayLike<number>;
}

/** What {@link evaluateLm} returns. */
export interface LmScore {
  /** Mean cross-entropy, nats per character. */
  loss: number;
  /** $e^{\mathcal L}$. */
  perplexity: number;
  /** Bits per character, $\mathcal L / \ln 2$. */
  bitsPerChar: number;
  /** Number of scored targets $WT$. */
  tokens: number;
}

/** @internal Check a model's shape contract. */
export function checkModel(owner: string, model: unknown): NextTokenModel {
  const m = model as NextTokenModel;
  if (m === null || typeof m !== 'object' || typeof m.logits !== 'function' || !Number.isSafeInteger(m.vocabSize) || m.vocabSize < 2) {
    throw new InvalidInputError(`${owner}: model must have vocabSize (an integer ≥ 2), maxContext and logits(x, B, T), got ${describeValue(model)}`);
  }
  return m;
}

/** @internal Logits of one call, checked for length and finiteness. */
export function callLogits(owner: string, m: NextTokenModel, x: Int32Array, B: number, T: number): ArrayLike<number> {
  const z = m.logits(x, B, T);
  const want = B * T * m.vocabSize;
  if (z === null || typeof z !== 'object' || typeof z.length !== 'number' || z.length !== want) {
    throw new ShapeError(`${owner}: model.logits(x, ${B}, ${T}) must return (B, T, V) = ${want} values, got ${describeValue(z)}`);
  }
  return z;
}

/**
 * Mean cross-entropy (nats/char) and perplexity of `model` on the windows `data` (use
 * {@link evalWindows} on the validation stream, the same for every model), in chunks of
 * `batchSize` windows. $O(WTV)$ plus the model's cost.
 * @throws InvalidInputError for a malformed model, ids outside [0, V) or a NaN / +Infinity logit;
 *   ShapeError when the logits have the wrong length or T exceeds the model's context.
 * @see ../../../../docs/level3-deep/language-models.md
 */
export function evaluateLm(model: NextTokenModel, data: LmBatch, options: { batchSize?: number } = {}): LmScore {
  const m = checkModel('evaluateLm', model);
  const { batchSize: W, context: T } = data ?? ({} as LmBatch);
  checkPositiveInt('evaluateLm', 'data.batchSize', W);
  checkPositiveInt('evaluateLm', 'data.context', T);
  checkTokens('evaluateLm', 'data.x', data.x, m.vocabSize);
  checkTokens('evaluateLm', 'data.y', data.y, m.vocabSize);
  if (data.x.length !== W * T || data.y.length !== W * T) throw new ShapeError(`evaluateLm: data.x and data.y must have batchSize × context = ${W * T} ids, got ${data.x.length} and ${data.y.length}`);
  if (T > m.maxContext) throw new ShapeError(`evaluateLm: windows of ${T} tokens exceed the model's context ${m.maxContext}`);
  const chunk = checkPositiveInt('evaluateLm', 'batchSize', options.batchSize ?? 64);
  const V = m.vocabSize;
  let total = 0;
  for (let w0 = 0; w0 < W; w0 += chunk) {
    const b = Math.min(chunk, W - w0);
    const z = callLogits('evaluateLm', m, data.x.subarray(w0 * T, (w0 + b) * T), b, T); // (b, T, V)
    for (let r = 0; r < b * T; r++) {
      let mx = -Infinity;
      for (let k = 0; k < V; k++) mx = Math.max(mx, z[r * V + k]!);
      let se = 0;
      for (let k = 0; k < V; k++) se += Math.exp(z[r * V + k]! - mx);
      const nll = mx + Math.log(se) - z[r * V + data.y[w0 * T + r]!]!; // -log softmax(z)_y
      if (Number.isNaN(nll)) throw new InvalidInputError(`evaluateLm: the logits of window ${w0 + Math.floor(r / T)}, position ${r % T} give a NaN loss; check the model for NaN or +Infinity logits`);
      total += nll;
    }
  }
  const loss = total / (W * T);
  return { loss, perplexity: Math.exp(loss), bitsPerChar: loss / Math.LN2, tokens: W * T };
}

/** @internal Check a probability-like numeric option. */
export function checkNumber(owner: string, param: string, v: unknown, ok: (x: number) => boolean, allowed: string): number {
  if (typeof v !== 'number' || !ok(v)) throw new InvalidParamError(owner, param, v, allowed);
  return v;
}
