/**
 * Cross-entropy and the Kullback–Leibler divergence between two discrete distributions.
 *
 * @see ../../../../docs/level1-math/information.md
 */
import type { VectorLike } from '@fpml/core';
import { logOfBase, probabilityPair, type InfoOptions } from './base.js';

/**
 * Cross-entropy
 * $$H(p, q) = -\sum_k p_k \log_b q_k = H(p) + D_{\mathrm{KL}}(p\,\|\,q),$$
 * with $0 \log q = 0$. Deliberately $+\infty$ when some $q_k = 0 < p_k$ (q cannot code an outcome
 * that happens). Nats by default. $O(K)$.
 * @param p (K,) true probabilities. @param q (K,) model probabilities; both sum to 1 (within 1e-9).
 * @throws InvalidInputError for bad probabilities; ShapeError for different lengths.
 * @see ../../../../docs/level1-math/information.md
 */
export function discreteCrossEntropy(p: VectorLike, q: VectorLike, options: InfoOptions = {}): number {
  const lb = logOfBase('discreteCrossEntropy', options.base);
  const [a, b] = probabilityPair('discreteCrossEntropy', p, q);
  let h = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > 0) h -= a[i]! * Math.log(b[i]!); // ln 0 = −∞ → +∞
  return h / lb;
}

/**
 * Kullback–Leibler divergence (relative entropy)
 * $$D_{\mathrm{KL}}(p\,\|\,q) = \sum_k p_k \log_b\frac{p_k}{q_k} \ \ge 0,$$
 * the sum of scipy.special.rel_entr(p, q): terms with $p_k = 0$ are 0, and it is deliberately
 * $+\infty$ when some $q_k = 0 < p_k$ (p is not absolutely continuous w.r.t. q). Not symmetric.
 * Nats by default. $O(K)$.
 * @throws InvalidInputError for bad probabilities; ShapeError for different lengths.
 * @see ../../../../docs/level1-math/information.md
 */
export function klDivergence(p: VectorLike, q: VectorLike, options: InfoOptions = {}): number {
  const lb = logOfBase('klDivergence', options.base);
  const [a, b] = probabilityPair('klDivergence', p, q);
  return klNats(a, b) / lb;
}

/** $\sum_k p_k\ln(p_k/q_k)$ of checked vectors; $+\infty$ if some $q_k = 0 < p_k$. */
export function klNats(p: Float64Array, q: Float64Array): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (pi === 0) continue;
    if (q[i] === 0) return Infinity;
    d += pi * Math.log(pi / q[i]!);
  }
  return d;
}
