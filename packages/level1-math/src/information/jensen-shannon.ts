/**
 * The Jensen–Shannon divergence and distance.
 *
 * @see ../../../../docs/level1-math/information.md
 */
import type { VectorLike } from '@fpml/core';
import { logOfBase, probabilityPair, type InfoOptions } from './base.js';
import { klNats } from './divergence.js';

/**
 * Jensen–Shannon divergence, with the mixture $m = \tfrac12(p+q)$:
 * $$\mathrm{JS}(p, q) = \tfrac12 D_{\mathrm{KL}}(p\,\|\,m) + \tfrac12 D_{\mathrm{KL}}(q\,\|\,m),$$
 * symmetric, always finite ($m_k \ge p_k/2$), and in $[0, \ln 2]$ nats ($[0, 1]$ bits). Nats by
 * default. $O(K)$.
 * @throws InvalidInputError for bad probabilities; ShapeError for different lengths.
 * @see ../../../../docs/level1-math/information.md
 */
export function jensenShannonDivergence(p: VectorLike, q: VectorLike, options: InfoOptions = {}): number {
  const lb = logOfBase('jensenShannonDivergence', options.base);
  const [a, b] = probabilityPair('jensenShannonDivergence', p, q);
  return jsNats(a, b) / lb;
}

/**
 * Jensen–Shannon distance $\sqrt{\mathrm{JS}_b(p, q)}$, a metric on distributions (Endres &
 * Schindelin 2003); scipy.spatial.distance.jensenshannon(p, q, base). Nats by default (so at most
 * $\sqrt{\ln 2}$; with `base: 2` at most 1). $O(K)$.
 * @see ../../../../docs/level1-math/information.md
 */
export function jensenShannonDistance(p: VectorLike, q: VectorLike, options: InfoOptions = {}): number {
  const lb = logOfBase('jensenShannonDistance', options.base);
  const [a, b] = probabilityPair('jensenShannonDistance', p, q);
  return Math.sqrt(jsNats(a, b) / lb);
}

function jsNats(p: Float64Array, q: Float64Array): number {
  const m = p.map((v, i) => 0.5 * (v + q[i]!)); // (K,)
  return Math.max(0, 0.5 * klNats(p, m) + 0.5 * klNats(q, m)); // clip −1e-17 round-off; sqrt needs ≥ 0
}
