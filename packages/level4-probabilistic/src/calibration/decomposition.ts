/**
 * Predictive uncertainty from $S$ stochastic predictions $p^{(1)},\dots,p^{(S)}$ of each input
 * (MC-dropout passes or ensemble members), and its decomposition (Houlsby et al., 2011 "BALD";
 * Gal, 2016, §3.3; Depeweg et al., 2018):
 * $$\bar p_i = \frac1S\sum_s p_i^{(s)},\qquad
 *   \underbrace{H[\bar p_i]}_{\text{total}} = \underbrace{\frac1S\sum_s H[p_i^{(s)}]}_{\text{expected (aleatoric)}} + \underbrace{I_i}_{\text{mutual information (epistemic)}},$$
 * with $H[p] = -\sum_j p_j\log p_j$ (nats, $0\log 0 = 0$). $I_i$ estimates the mutual information
 * between the label and the model parameters, $\mathbb I[y; \theta \mid x_i]$: it is zero when the
 * members agree (however unsure each is) and large when they disagree. $I_i \ge 0$ by Jensen
 * (concavity of $H$); rounding can make the difference $-10^{-17}$, which is clipped to 0.
 *
 * Cost $O(Snk)$; one input's $S$ predictions are read together, so memory is the stack's.
 *
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
import { Matrix, type MatrixLike } from '@fpml/core';
import { checkProbabilities, checkProbabilityStack } from './probabilities.js';

/** Entropy of the row $p$ of length k starting at `off` in `d`, nats, $0\log 0 = 0$. */
function rowEntropy(d: Float64Array, off: number, k: number): number {
  let h = 0;
  for (let j = 0; j < k; j++) {
    const p = d[off + j]!;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * The mean $\bar p = \frac1S\sum_s p^{(s)}$ of a stack of probability matrices (the MC-dropout
 * or deep-ensemble predictive distribution). $O(Snk)$.
 * @param samples S matrices (n, k).
 * @returns (n, k)
 * @throws InvalidInputError for an empty stack or non-probabilities; ShapeError when shapes differ.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function averageProbabilities(samples: readonly MatrixLike[]): Matrix {
  const stack = checkProbabilityStack('averageProbabilities', samples);
  const { rows, cols } = stack[0]!;
  const out = new Float64Array(rows * cols); // (n, k)
  for (const m of stack) for (let t = 0; t < out.length; t++) out[t]! += m.data[t]!;
  for (let t = 0; t < out.length; t++) out[t]! /= stack.length;
  return new Matrix(rows, cols, out);
}

/**
 * Predictive entropy $H[p_i] = -\sum_j p_{ij}\log p_{ij}$ of each row (nats, in $[0, \log k]$). $O(nk)$.
 * @param probs (n, k) probabilities. @returns (n,)
 * @throws ShapeError / InvalidInputError for bad `probs`.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function predictiveEntropy(probs: MatrixLike): Float64Array {
  const P = checkProbabilities('predictiveEntropy', probs); // (n, k)
  return Float64Array.from({ length: P.rows }, (_, i) => rowEntropy(P.data, i * P.cols, P.cols)); // (n,)
}

/** The three terms of the decomposition, per input. */
export interface UncertaintyDecomposition {
  /** $H[\bar p_i]$, (n,). */
  total: Float64Array;
  /** $\frac1S\sum_s H[p_i^{(s)}]$, (n,). */
  expected: Float64Array;
  /** $I_i = H[\bar p_i] - \frac1S\sum_s H[p_i^{(s)}] \ge 0$ (BALD), (n,). */
  mutualInformation: Float64Array;
  /** $\bar p$, (n, k). */
  mean: Matrix;
}

/**
 * Total, expected and mutual-information uncertainty of a stack of $S$ predictions (equation in
 * the file header). $O(Snk)$.
 * @param samples S matrices (n, k) of probabilities.
 * @throws InvalidInputError for an empty stack or non-probabilities; ShapeError when shapes differ.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function decomposeUncertainty(samples: readonly MatrixLike[]): UncertaintyDecomposition {
  const stack = checkProbabilityStack('decomposeUncertainty', samples);
  const mean = averageProbabilities(stack); // (n, k)
  const { rows: n, cols: k } = mean;
  const total = new Float64Array(n), expected = new Float64Array(n), mi = new Float64Array(n); // (n,) each
  for (let i = 0; i < n; i++) {
    total[i] = rowEntropy(mean.data, i * k, k);
    let e = 0;
    for (const m of stack) e += rowEntropy(m.data, i * k, k);
    expected[i] = e / stack.length;
    mi[i] = Math.max(0, total[i]! - expected[i]!); // Jensen: ≥ 0 up to rounding
  }
  return { total, expected, mutualInformation: mi, mean };
}

/**
 * Mutual information (BALD) $I_i = H[\bar p_i] - \frac1S\sum_s H[p_i^{(s)}]$ per input; see
 * {@link decomposeUncertainty}. $O(Snk)$.
 * @param samples S matrices (n, k). @returns (n,)
 * @throws as {@link decomposeUncertainty}.
 * @see ../../../../docs/level4-probabilistic/uncertainty.md
 */
export function mutualInformation(samples: readonly MatrixLike[]): Float64Array {
  return decomposeUncertainty(samples).mutualInformation;
}

