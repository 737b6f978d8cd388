/**
 * The bigram count model, the first rung of the language-model ladder: the next character
 * depends on the current one only, estimated in closed form from pair counts
 * $N_{ab} = \#\{t : s_t = a,\ s_{t+1} = b\}$ with add-$\alpha$ smoothing,
 * $$\hat P(b \mid a) = \frac{N_{ab} + \alpha}{N_{a\cdot} + \alpha V}.$$
 * $\alpha = 0$ is the maximum-likelihood estimate (the maximiser of
 * $\sum_{a,b} N_{ab}\log P(b\mid a)$ under $\sum_b P(b\mid a) = 1$, by Lagrange multipliers);
 * $\alpha > 0$ is the posterior mean under a symmetric Dirichlet($\alpha$) prior, so unseen pairs
 * keep probability $> 0$ (with $\alpha = 0$ an unseen validation pair costs $+\infty$). A row
 * with no counts and $\alpha = 0$ is set to the uniform distribution.
 * Fit $O(N + V^2)$, $V^2$ parameters; logits $z_{t,b} = \log \hat P(b \mid x_t)$.
 *
 * @see ../../../../docs/level3-deep/language-models.md
 */
import { InvalidParamError, NotFittedError, ShapeError } from '@fpml/core';
import { checkPositiveInt } from '../nn/rng.js';
import { checkTokens } from './data.js';
import type { NextTokenModel } from './evaluate.js';

/** Options of {@link BigramLm}. */
export interface BigramOptions {
  /** Add-$\alpha$ smoothing, $\alpha \ge 0$ (0 = maximum likelihood). @default 1 */
  alpha?: number;
}

/** The fitted state: counts and log-probabilities. */
interface BigramState {
  V: number;
  /** $N_{ab}$, (V, V) row-major. */
  counts: Float64Array;
  /** $\log \hat P(b \mid a)$, (V, V) row-major. */
  logProbs: Float64Array;
}

/**
 * Bigram character LM with add-$\alpha$ smoothing. `fit(tokens, V)` counts the pairs of a
 * stream; it then serves as a {@link NextTokenModel} (any context length).
 * @see ../../../../docs/level3-deep/language-models.md
 */
export class BigramLm implements NextTokenModel {
  readonly alpha: number;
  readonly maxContext = Infinity;
  /** The prediction depends on the current token only. */
  readonly receptiveField = 1;
  #state: BigramState | null = null;

  constructor(options: BigramOptions = {}) {
    const a = options?.alpha ?? 1;
    if (typeof a !== 'number' || !Number.isFinite(a) || a < 0) throw new InvalidParamError('BigramLm', 'alpha', a, 'a finite number ≥ 0');
    this.alpha = a;
  }

  #fitted(what: string): BigramState {
    if (this.#state === null) throw new NotFittedError('BigramLm', what);
    return this.#state;
  }

  /**
   * Count the $N-1$ pairs $(s_t, s_{t+1})$ of `tokens` and set $\hat P$. Refitting starts over.
   * @throws InvalidParamError for V < 2; InvalidInputError for ids outside [0, V) or fewer than 2 tokens.
   */
  fit(tokens: Int32Array, vocabSize: number): this {
    const V = checkPositiveInt('BigramLm.fit', 'vocabSize', vocabSize);
    if (V < 2) throw new InvalidParamError('BigramLm.fit', 'vocabSize', V, 'an integer ≥ 2');
    checkTokens('BigramLm.fit', 'tokens', tokens, V);
    if (tokens.length < 2) throw new InvalidParamError('BigramLm.fit', 'tokens', tokens, 'a stream of at least 2 tokens (one pair)');
    const counts = new Float64Array(V * V); // (V, V)
    for (let t = 0; t + 1 < tokens.length; t++) counts[tokens[t]! * V + tokens[t + 1]!]! += 1;
    const logProbs = new Float64Array(V * V); // (V, V)
    const a = this.alpha;
    for (let r = 0; r < V; r++) {
      let n = 0;
      for (let c = 0; c < V; c++) n += counts[r * V + c]!; // N_{a.}
      const denom = n + a * V;
      for (let c = 0; c < V; c++) logProbs[r * V + c] = denom > 0 ? Math.log((counts[r * V + c]! + a) / denom) : -Math.log(V);
    }
    this.#state = { V, counts, logProbs };
    return this;
  }

  /** $V$ (after fit). */
  get vocabSize(): number {
    return this.#fitted('vocabSize').V;
  }

  /** $V^2$ free values (the table). */
  get numParameters(): number {
    const V = this.#fitted('numParameters').V;
    return V * V;
  }

  /** Copy of the counts $N_{ab}$, (V, V) row-major. */
  get counts(): Float64Array {
    return this.#fitted('counts').counts.slice();
  }

  /** Copy of $\log \hat P(b \mid a)$, (V, V) row-major. */
  get logProbs(): Float64Array {
    return this.#fitted('logProbs').logProbs.slice();
  }

  /** Logits (B, T, V): row $(b,t)$ is $\log \hat P(\cdot \mid x_{b,t})$. $O(BTV)$. */
  logits(x: Int32Array, batchSize: number, context: number): Float64Array {
    const { V, logProbs } = this.#fitted('logits');
    checkTokens('BigramLm.logits', 'x', x, V);
    if (x.length !== checkPositiveInt('BigramLm.logits', 'batchSize', batchSize) * checkPositiveInt('BigramLm.logits', 'context', context)) {
      throw new ShapeError(`BigramLm.logits: x must hold batchSize × context = ${batchSize * context} ids, got ${x.length}`);
    }
    const z = new Float64Array(x.length * V); // (B, T, V)
    for (let i = 0; i < x.length; i++) z.set(logProbs.subarray(x[i]! * V, x[i]! * V + V), i * V);
    return z;
  }
}
