/**
 * The boosting steps of AdaBoost for $K$ classes (Zhu, Zou, Rosset & Hastie 2009, "Multi-class
 * AdaBoost"), as scikit-learn 1.2's `_boost_discrete` / `_boost_real` compute them.
 *
 * **SAMME** (discrete). With normalised weights $w$ and the weak learner's labels $h(x)$:
 * $$\text{err} = \sum_i w_i [h(x_i) \ne y_i],\qquad \alpha = \nu\Big(\log\frac{1-\text{err}}{\text{err}} + \log(K-1)\Big),\qquad w_i \leftarrow w_i\, e^{\alpha [h(x_i) \ne y_i]}.$$
 * The $\log(K-1)$ term is what makes it multi-class: a learner only needs to beat random guessing
 * ($\text{err} < 1 - 1/K$), not 1/2. The ensemble votes $\arg\max_k \sum_m \alpha_m [h_m(x) = k]$.
 *
 * **SAMME.R** (real). With the learner's class probabilities $p$ (clipped at machine epsilon)
 * and the symmetric coding $z_{ik} = 1$ if $k = y_i$ else $-1/(K-1)$:
 * $$w_i \leftarrow w_i \exp\Big(-\nu \frac{K-1}{K} \sum_k z_{ik} \log p_k(x_i)\Big),\qquad
 *   f_k(x) = (K-1)\Big(\log p_k(x) - \frac1K \sum_j \log p_j(x)\Big),$$
 * and the ensemble adds the $f$ of every learner (each with weight 1). Both are forward stagewise
 * fits of the exponential loss $e^{-z^\top f / K}$.
 *
 * Each step is $O(nK)$ plus the learner's fit.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import type { Matrix } from '@fpml/core';
import type { Tree } from '../tree/index.js';
import { numpySum } from './gradient-boosting-numeric.js';

const EPS = Number.EPSILON;

/** $\text{err} = \sum_i w_i [\text{pred}_i \ne y_i] / \sum_i w_i$ (np.average of the mistakes). */
export function weightedError(pred: Int32Array, y: Int32Array, w: Float64Array): number {
  const wrong = Float64Array.from(w, (wi, i) => (pred[i] !== y[i] ? wi : 0));
  return numpySum(wrong) / numpySum(w);
}

/** Result of one boosting step: the new weights (null = stop without keeping the learner). */
export interface BoostStep {
  weights: Float64Array | null;
  estimatorWeight: number;
  estimatorError: number;
}

/**
 * SAMME: error, learner weight $\alpha$, and $w_i e^{\alpha [\text{wrong}]}$ (not on the last
 * iteration). A learner no better than chance ($\text{err} \ge 1 - 1/K$) is dropped (`weights` null).
 */
export function sammeStep(pred: Int32Array, y: Int32Array, w: Float64Array, K: number, learningRate: number, last: boolean): BoostStep {
  const err = weightedError(pred, y, w);
  if (err <= 0) return { weights: w, estimatorWeight: 1, estimatorError: 0 };
  if (err >= 1 - 1 / K) return { weights: null, estimatorWeight: 0, estimatorError: err };
  const alpha = learningRate * (Math.log((1 - err) / err) + Math.log(K - 1));
  if (last) return { weights: w, estimatorWeight: alpha, estimatorError: err };
  const out = Float64Array.from(w, (wi, i) => Math.exp(Math.log(wi) + alpha * (pred[i] !== y[i] ? 1 : 0) * (wi > 0 ? 1 : 0)));
  return { weights: out, estimatorWeight: alpha, estimatorError: err };
}

/**
 * SAMME.R: error of the argmax, then $w_i \exp(-\nu \frac{K-1}{K}\sum_k z_{ik}\log p_{ik})$ (not on
 * the last iteration); the learner weight is 1. `proba` (n, K) row-major is clipped in place.
 */
export function sammeRStep(proba: Float64Array, y: Int32Array, w: Float64Array, K: number, learningRate: number, last: boolean): BoostStep {
  const n = y.length;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + b]!) b = k;
    pred[i] = b;
  }
  const err = weightedError(pred, y, w);
  if (err <= 0) return { weights: w, estimatorWeight: 1, estimatorError: 0 };
  const off = -1 / (K - 1);
  const coef = -1 * learningRate * ((K - 1) / K);
  for (let q = 0; q < proba.length; q++) if (proba[q]! < EPS) proba[q] = EPS;
  if (last) return { weights: w, estimatorWeight: 1, estimatorError: err };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += (k === y[i] ? 1 : off) * Math.log(proba[i * K + k]!); // xlogy(z, p)
    const ew = coef * s; // this sample's "estimator weight"
    out[i] = w[i]! * Math.exp(ew * (w[i]! > 0 || ew < 0 ? 1 : 0));
  }
  return { weights: out, estimatorWeight: 1, estimatorError: err };
}

/** SAMME.R's per-learner score $f_k = (K-1)(\log p_k - \frac1K\sum_j \log p_j)$, added into `out` (n, K). */
export function addSammeProba(proba: Float64Array, K: number, out: Float64Array): void {
  const n = proba.length / K;
  const lp = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      lp[k] = Math.log(Math.max(proba[i * K + k]!, EPS));
      s += lp[k]!;
    }
    for (let k = 0; k < K; k++) out[i * K + k] += (K - 1) * (lp[k]! - (1 / K) * s);
  }
}

/** Row-normalised weighted class counts of a classification tree at every row of X, (n, K) row-major. $O(n\,\text{depth} + nK)$. */
export function treeProba(t: Tree, X: Matrix): Float64Array {
  const K = t.nClasses;
  const P = new Float64Array(X.rows * K);
  for (let i = 0; i < X.rows; i++) {
    const off = t.leafOf(X.data, i, X.cols) * K;
    let s = 0;
    for (let k = 0; k < K; k++) s += t.value[off + k]!;
    for (let k = 0; k < K; k++) P[i * K + k] = t.value[off + k]! / (s === 0 ? 1 : s);
  }
  return P;
}

/** Index of the first maximum of row i of a row-major (n, K) array. */
export function argmaxRow(P: Float64Array, K: number, i: number): number {
  let b = 0;
  for (let k = 1; k < K; k++) if (P[i * K + k]! > P[i * K + b]!) b = k;
  return b;
}

/**
 * AdaBoost's probabilities from its decision $d$ (sklearn's `_compute_proba_from_decision`):
 * $\operatorname{softmax}(d / (K-1))$ for $K > 2$ ($d$ row-major (n, K)), $\operatorname{softmax}(-d/2, d/2)$ for
 * two classes ($d$ of length n), all ones for one class. Returns (n, K) row-major.
 */
export function probaFromDecision(d: Float64Array, n: number, K: number): Float64Array {
  const P = new Float64Array(n * K);
  if (K === 1) return P.fill(1);
  const z = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    if (K === 2) {
      z[0] = -d[i]! / 2;
      z[1] = d[i]! / 2;
    } else for (let k = 0; k < K; k++) z[k] = d[i * K + k]! / (K - 1);
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (z[k]! > m) m = z[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(z[k]! - m);
      P[i * K + k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) P[i * K + k] = P[i * K + k]! / sum;
  }
  return P;
}
