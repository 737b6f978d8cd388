/**
 * AdaBoost.M1 (Freund & Schapire 1997; ESL Algorithm 10.1) with **error-minimising** stumps, as
 * the `ensembles` experiment's reference for ESL Fig. 10.2. scikit-learn's (and our)
 * `AdaBoostClassifier` grows each stump with the weighted Gini criterion; ESL's weak learner is
 * the stump with the least weighted misclassification error, which is the learner AdaBoost's
 * exponential-loss derivation asks for (stage m minimises $\sum_i w_i \mathbb 1[y_i \ne G(x_i)]$).
 *
 * For $m = 1..M$: fit $G_m$ minimising $\mathrm{err}_m = \sum_i w_i \mathbb 1[y_i \ne G_m(x_i)] / \sum_i w_i$;
 * $\alpha_m = \log\frac{1-\mathrm{err}_m}{\mathrm{err}_m}$; $w_i \leftarrow w_i e^{\alpha_m \mathbb 1[y_i \ne G_m(x_i)]}$;
 * output $G(x) = \operatorname{sign}\sum_m \alpha_m G_m(x)$.
 *
 * The stump search presorts each feature once, then sweeps thresholds with running weighted
 * class sums: $O(nd)$ per stage after an $O(dn\log n)$ sort.
 */
import type { Matrix } from '@fpml/core';

interface Stump { feature: number; threshold: number; left: 1 | -1 }

/** Train AdaBoost.M1 on labels {0, 1}; yields the test-set predictions (0/1) after each stage. */
export function* adaboostM1Stumps(X: Matrix, y: Int32Array, Xtest: Matrix, M: number): Generator<Int32Array> {
  const n = X.rows, d = X.cols, nt = Xtest.rows;
  const s = Int8Array.from(y, (v) => (v === 1 ? 1 : -1)); // labels ±1
  const order = Array.from({ length: d }, (_, j) => Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => X.data[a * d + j]! - X.data[b * d + j]!));
  const w = new Float64Array(n).fill(1 / n);
  const F = new Float64Array(nt); // Σ α_m G_m(x) on the test set
  for (let m = 0; m < M; m++) {
    const st = bestStump(X, s, w, order);
    const miss = new Uint8Array(n);
    let err = 0, tot = 0;
    for (let i = 0; i < n; i++) {
      const g = X.data[i * d + st.feature]! <= st.threshold ? st.left : -st.left;
      miss[i] = g !== s[i] ? 1 : 0;
      err += w[i]! * miss[i]!; tot += w[i]!;
    }
    err = Math.min(Math.max(err / tot, 1e-12), 1 - 1e-12);
    const alpha = Math.log((1 - err) / err);
    let sum = 0;
    for (let i = 0; i < n; i++) { if (miss[i]) w[i]! *= Math.exp(alpha); sum += w[i]!; }
    for (let i = 0; i < n; i++) w[i]! /= sum; // renormalise (does not change the algorithm)
    for (let t = 0; t < nt; t++) F[t]! += alpha * (Xtest.data[t * d + st.feature]! <= st.threshold ? st.left : -st.left);
    yield Int32Array.from(F, (v) => (v > 0 ? 1 : 0));
  }
}

/** The stump (feature, midpoint threshold, sign of the left leaf) with the least weighted error. */
function bestStump(X: Matrix, s: Int8Array, w: Float64Array, order: Int32Array[]): Stump {
  const n = X.rows, d = X.cols;
  let posTot = 0, negTot = 0;
  for (let i = 0; i < n; i++) if (s[i] === 1) posTot += w[i]!; else negTot += w[i]!;
  // Start with everything on the right: predicting +1 on the right errs by negTot (left = −1 then).
  let best: Stump = { feature: 0, threshold: -Infinity, left: -1 }, bestErr = Math.min(negTot, posTot);
  if (posTot < negTot) best = { feature: 0, threshold: -Infinity, left: 1 };
  for (let j = 0; j < d; j++) {
    const o = order[j]!;
    let posL = 0, negL = 0;
    for (let r = 0; r < n - 1; r++) {
      const i = o[r]!;
      if (s[i] === 1) posL += w[i]!; else negL += w[i]!;
      const a = X.data[i * d + j]!, b = X.data[o[r + 1]! * d + j]!;
      if (a === b) continue;
      // left = +1, right = −1 errs on negL + (posTot − posL); the mirror errs on the rest.
      const e1 = negL + (posTot - posL), e2 = posL + (negTot - negL);
      if (e1 < bestErr) { bestErr = e1; best = { feature: j, threshold: (a + b) / 2, left: 1 }; }
      if (e2 < bestErr) { bestErr = e2; best = { feature: j, threshold: (a + b) / 2, left: -1 }; }
    }
  }
  return best;
}
