/**
 * What every naive Bayes classifier shares (scikit-learn's `_BaseNB`): from the joint
 * log-likelihood $J_{ic} = \log P(c) + \log P(x_i \mid c)$ to posteriors by Bayes' rule,
 * $$\log P(c \mid x_i) = J_{ic} - \log \sum_{c'} e^{J_{ic'}},$$
 * the log-sum-exp taken around the row maximum so nothing overflows; the class labels for
 * `fit`/`partialFit`; and sample-weight checks.
 *
 * @see ../../../../docs/level2-classical/naive-bayes.md
 */
import { InvalidInputError, InvalidParamError, LabelEncoding, Matrix, asVector, describeValue, type Labels, type VectorLike } from '@fpml/core';

/**
 * In place: $J \to J - \operatorname{logsumexp}_c J$, row by row ((n, K) → log posteriors).
 * $O(nK)$.
 * @throws InvalidInputError when a row has likelihood 0 under every class ($J = -\infty$
 *   everywhere), where the posterior is undefined.
 */
export function jllToLogProba(owner: string, J: Matrix): Matrix {
  const K = J.cols;
  for (let i = 0; i < J.rows; i++) {
    const o = i * K;
    let m = -Infinity;
    for (let c = 0; c < K; c++) if (J.data[o + c]! > m) m = J.data[o + c]!;
    if (m === -Infinity) {
      throw new InvalidInputError(`${owner}: sample ${i} has likelihood 0 under every class (joint log-likelihood -Infinity), so its posterior is undefined`);
    }
    let s = 0;
    for (let c = 0; c < K; c++) s += Math.exp(J.data[o + c]! - m);
    const lse = Math.log(s) + m;
    for (let c = 0; c < K; c++) J.data[o + c] = J.data[o + c]! - lse;
  }
  return J;
}

/**
 * Check a joint log-likelihood before it is used: no NaN, and in every row some class with
 * positive likelihood. Returns `J`.
 * @throws InvalidInputError naming the first bad sample (NaN: a $0 \cdot (-\infty)$ or an
 *   overflow; all $-\infty$: the sample is impossible under every class).
 */
export function checkJll(owner: string, J: Matrix): Matrix {
  const K = J.cols;
  for (let i = 0; i < J.rows; i++) {
    let any = false;
    for (let c = 0; c < K; c++) {
      const v = J.data[i * K + c]!;
      if (Number.isNaN(v)) throw new InvalidInputError(`${owner}: the joint log-likelihood of sample ${i} is NaN (a log probability of -Infinity met a 0, or an overflow)`);
      if (v > -Infinity) any = true;
    }
    if (!any) throw new InvalidInputError(`${owner}: sample ${i} has likelihood 0 under every class (joint log-likelihood -Infinity), so its class and posterior are undefined`);
  }
  return J;
}

/** In place: log posteriors → posteriors ($e^{\cdot}$). */
export function expInPlace(L: Matrix): Matrix {
  for (let t = 0; t < L.data.length; t++) L.data[t] = Math.exp(L.data[t]!);
  return L;
}

/** Index of each row's first maximum (numpy's argmax: the smallest class wins ties). */
export function argmaxRows(J: Matrix): Int32Array {
  const K = J.cols;
  const out = new Int32Array(J.rows);
  for (let i = 0; i < J.rows; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (J.data[i * K + c]! > J.data[i * K + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** Fraction of equal class codes. */
export function accuracy(truth: Int32Array, pred: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
  return hits / truth.length;
}

/**
 * `sampleWeight` as a Float64Array of `n` finite, non-negative weights (null when absent).
 * @throws ShapeError for a wrong length; InvalidInputError for NaN/Inf or a negative weight.
 */
export function readSampleWeight(owner: string, sampleWeight: VectorLike | null | undefined, n: number): Float64Array | null {
  if (sampleWeight === null || sampleWeight === undefined) return null;
  const w = asVector(sampleWeight, 'sampleWeight', { length: n });
  for (let i = 0; i < n; i++) {
    if (w[i]! < 0) throw new InvalidInputError(`${owner}: sampleWeight must be non-negative, got ${w[i]} at index ${i}`);
  }
  return w;
}

/**
 * The class encoding and codes for a `partialFit` call (scikit-learn's
 * `_check_partial_fit_first_call`): the first call needs `classes` (every class that can
 * occur); later calls may repeat it, but it must then be the same set.
 * @throws InvalidInputError when `classes` is missing on the first call, changes, or `y` holds a label outside it.
 */
export function partialFitLabels(
  owner: string,
  current: LabelEncoding | null,
  y: Labels,
  classes: Labels | null | undefined,
  n: number,
): { encoding: LabelEncoding; codes: Int32Array; first: boolean } {
  let encoding = current;
  let first = false;
  if (classes !== null && classes !== undefined) {
    const given = LabelEncoding.fit(classes, 'classes').encoding;
    if (encoding === null) {
      encoding = given;
      first = true;
    } else if (given.nClasses !== encoding.nClasses || given.classes.some((c, k) => c !== encoding!.classes[k])) {
      throw new InvalidInputError(
        `${owner}.partialFit: classes = [${given.classes.map(describeValue).join(', ')}] differs from the classes of the first call [${encoding.classes.map(describeValue).join(', ')}]`,
      );
    }
  }
  if (encoding === null) throw new InvalidInputError(`${owner}.partialFit: classes must be given on the first call (every label that can occur)`);
  return { encoding, codes: encoding.encode(y, 'y', n), first };
}

/**
 * A user-given class prior: `K` finite non-negative numbers (and, with `sumToOne`, summing to 1
 * within numpy's `isclose`: $|\sum - 1| \le 10^{-5} + 10^{-8}$).
 * @throws InvalidParamError naming `param`.
 */
export function checkPrior(owner: string, param: string, prior: readonly number[], K: number, sumToOne: boolean): Float64Array {
  if (!Array.isArray(prior) || prior.length !== K) {
    throw new InvalidParamError(owner, param, prior, `an array with one entry per class (${K})`);
  }
  let s = 0;
  for (const p of prior) {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) throw new InvalidParamError(owner, param, prior, 'finite non-negative numbers');
    s += p;
  }
  if (sumToOne && !(Math.abs(s - 1) <= 1e-8 + 1e-5)) throw new InvalidParamError(owner, param, prior, `probabilities summing to 1 (they sum to ${s})`);
  return Float64Array.from(prior);
}
