/**
 * The primal quantities behind a fitted one-vs-one SVM: the weight vector of each pair, explicit
 * for the linear kernel, and its norm in feature space for any kernel, which gives the
 * **geometric margin**, the width of the slab $\{x : |f(x)| \le 1\}$:
 * $$w_p = \sum_{s \in SV_p} c_s \phi(x_s),\qquad
 *   \lVert w_p \rVert^2 = \sum_{s, t \in SV_p} c_s c_t K(x_s, x_t),\qquad
 *   \text{margin}_p = \frac{2}{\lVert w_p \rVert},$$
 * with $c_s = \alpha_s y_s$ the pair's dual coefficients. For the linear kernel $\phi(x) = x$ and
 * both routes agree (a test checks it).
 *
 * `coef` is $O(n_{SV} d)$ per pair; the margin is $O(n_{SV,p}^2 d)$ per pair.
 * @see ../../../../docs/level2-classical/svm.md#margin
 */
import { InvalidInputError } from '@fpml/core';
import { type KernelSpec, kernelValue, rowSquares } from './kernels.js';
import { nPairs, type OvoModel } from './ovo.js';

/** The support vectors of pair (i, j) with their coefficients: positions into SV and values. */
export function pairTerms(model: OvoModel, i: number, j: number): { pos: Int32Array; coef: Float64Array } {
  const nSV = model.support.length;
  const start = new Int32Array(model.nClasses);
  for (let k = 1; k < model.nClasses; k++) start[k] = start[k - 1]! + model.nSupport[k - 1]!;
  const ni = model.nSupport[i]!;
  const nj = model.nSupport[j]!;
  const pos = new Int32Array(ni + nj);
  const coef = new Float64Array(ni + nj);
  for (let k = 0; k < ni; k++) {
    pos[k] = start[i]! + k;
    coef[k] = model.dualCoef[(j - 1) * nSV + start[i]! + k]!;
  }
  for (let k = 0; k < nj; k++) {
    pos[ni + k] = start[j]! + k;
    coef[ni + k] = model.dualCoef[i * nSV + start[j]! + k]!;
  }
  return { pos, coef };
}

/**
 * scikit-learn's `_one_vs_one_coef`: $w_p = \sum_s c_s x_s$ per pair, (P, d) flat, in libsvm's
 * sign (positive for the pair's first class). Only meaningful for the linear kernel.
 */
export function ovoCoef(model: OvoModel, SV: Float64Array, d: number): Float64Array {
  const K = model.nClasses;
  const out = new Float64Array(nPairs(K) * d); // (P, d)
  let p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, p++) {
      const { pos, coef } = pairTerms(model, i, j);
      for (let k = 0; k < pos.length; k++) {
        const c = coef[k]!;
        const o = pos[k]! * d;
        for (let f = 0; f < d; f++) out[p * d + f]! += c * SV[o + f]!;
      }
    }
  }
  return out;
}

/** $\lVert w \rVert^2 = c^\top K c$ over the rows `pos` of SV. $O(|pos|^2 d)$. */
export function featureSpaceNormSq(spec: KernelSpec, SV: Float64Array, d: number, pos: Int32Array, coef: Float64Array): number {
  const sq = rowSquares(SV, SV.length / d, d);
  let total = 0;
  for (let a = 0; a < pos.length; a++) {
    let row = 0;
    for (let b = 0; b < pos.length; b++) row += coef[b]! * kernelValue(spec, SV, pos[a]!, sq, SV, pos[b]!, sq, d);
    total += coef[a]! * row;
  }
  return total;
}

/**
 * Geometric margin $2/\lVert w_p\rVert$ of every pair, (P,).
 * @throws InvalidInputError when $\lVert w_p\rVert^2 \le 0$, which only an indefinite kernel
 *   (`'sigmoid'`, or `'poly'` with some $r$) can produce: there is no margin then.
 */
export function ovoMargin(model: OvoModel, spec: KernelSpec, SV: Float64Array, d: number): Float64Array {
  const K = model.nClasses;
  const out = new Float64Array(nPairs(K)); // (P,)
  let p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, p++) {
      const { pos, coef } = pairTerms(model, i, j);
      const w2 = featureSpaceNormSq(spec, SV, d, pos, coef);
      if (!(w2 > 0)) {
        throw new InvalidInputError(`the margin of pair (${i}, ${j}) is undefined: ||w||^2 = ${w2} ≤ 0 in the feature space of kernel '${spec.kernel}', which is not positive semidefinite on these support vectors`);
      }
      out[p] = 2 / Math.sqrt(w2);
    }
  }
  return out;
}
