/**
 * Shannon entropy of a discrete distribution (or of the empirical distribution of counts), and
 * perplexity.
 *
 * @see ../../../../docs/level1-math/information.md
 */
import { InvalidInputError, type VectorLike } from '@fpml/core';
import { logOfBase, nonNegative, probabilities, type InfoOptions } from './base.js';
import { discreteCrossEntropy } from './divergence.js';

/**
 * Shannon entropy
 * $$H(p) = -\sum_k p_k \log_b p_k,$$
 * with $0\log 0 = 0$; in nats by default (`base: 2` for bits). Equals scipy.stats.entropy(p) for a
 * normalised p. $O(K)$.
 * @param p (K,) probabilities summing to 1 (within 1e-9).
 * @throws InvalidInputError for a negative/NaN entry or a sum off 1; InvalidParamError for a bad base.
 * @see ../../../../docs/level1-math/information.md
 */
export function entropy(p: VectorLike, options: InfoOptions = {}): number {
  const lb = logOfBase('entropy', options.base);
  const a = probabilities('entropy', 'p', p);
  return nats(a) / lb;
}

/**
 * Entropy of the empirical distribution $\hat p_k = n_k/N$ of counts (the plug-in estimate):
 * $$\hat H = \ln N - \frac1N\sum_k n_k\ln n_k.$$
 * Biased low by about $(K-1)/(2N)$ nats (Miller–Madow); see the docs page. $O(K)$.
 * @param counts (K,) non-negative counts (need not be integers), not all zero.
 * @see ../../../../docs/level1-math/information.md
 */
export function entropyFromCounts(counts: VectorLike, options: InfoOptions = {}): number {
  const lb = logOfBase('entropyFromCounts', options.base);
  const c = nonNegative('entropyFromCounts', 'counts', counts);
  let total = 0, s = 0;
  for (let i = 0; i < c.length; i++) {
    total += c[i]!;
    if (c[i]! > 0) s += c[i]! * Math.log(c[i]!);
  }
  if (!(total > 0)) throw new InvalidInputError('entropyFromCounts: counts must not all be zero');
  return Math.max(0, Math.log(total) - s / total) / lb;
}

/**
 * Perplexity $2^{H_2(p)} = e^{H_e(p)}$: the number of equally likely outcomes with the same
 * entropy. With `q`, the perplexity of a model q on data from p, $e^{H(p, q)}$ (the usual
 * language-model figure, $\exp$ of the mean negative log-likelihood). Unitless: it is the same
 * in every base, so it takes no `base`. $O(K)$.
 * @param p (K,) probabilities. @param q (K,) model probabilities (optional).
 * @see ../../../../docs/level1-math/information.md
 */
export function perplexity(p: VectorLike, q?: VectorLike): number {
  if (q !== undefined) return Math.exp(discreteCrossEntropy(p, q));
  return Math.exp(nats(probabilities('perplexity', 'p', p)));
}

/** $-\sum_k p_k \ln p_k$ of checked probabilities. */
function nats(p: Float64Array): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) h -= p[i]! * Math.log(p[i]!);
  return h;
}
