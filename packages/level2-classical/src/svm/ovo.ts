/**
 * libsvm's one-vs-one multiclass scheme (`svm_train` for C-SVC, `svm_predict_values`): one
 * binary C-SVC per pair of classes $i < j$ (pairs in the order $(0,1), (0,2), \dots, (K-2, K-1)$),
 * trained on the samples of those two classes with class $i$ as $+1$. A sample is a support
 * vector of the model if it is one in any of its $K - 1$ pairs.
 *
 * Layout (libsvm's, kept by scikit-learn): support vectors grouped by class in class order,
 * each group in training-row order; `dualCoef` is $(K-1) \times n_{SV}$: for a support vector of
 * class $c$, row $r$ holds its coefficient $\alpha y$ in the pair $(c, r)$ if $r < c$ and in the
 * pair $(c, r + 1)$ otherwise. Pair $(i, j)$'s decision value is
 * $$f_{ij}(x) = \sum_{s \in SV_i} \text{dualCoef}_{j-1, s} K(x_s, x) + \sum_{s \in SV_j} \text{dualCoef}_{i, s} K(x_s, x) - \rho_{ij},$$
 * positive for class $i$. Prediction is a vote: $f_{ij} > 0$ votes for $i$, otherwise for $j$;
 * the most votes wins, ties to the lowest class index.
 *
 * Training is $K(K-1)/2$ SMO solves on $n_i + n_j$ samples each; prediction is $O(n_{SV} d)$
 * kernel work plus $O(K^2)$ per sample.
 * @see ../../../../docs/level2-classical/svm.md#one-vs-one
 */
import type { Rng } from '@fpml/core';
import { type KernelSpec, kernelMatrix } from './kernels.js';
import { pairwiseCoupling, sigmoidPredict } from './platt.js';
import { binaryProbability, type SolverSettings, trainBinary } from './svc-binary.js';

/** A fitted one-vs-one model (libsvm's `svm_model` for C-SVC). */
export interface OvoModel {
  nClasses: number;
  /** Training-row index of each support vector, grouped by class, (nSV,). */
  support: Int32Array;
  /** Support vectors per class, (K,). */
  nSupport: Int32Array;
  /** $(K-1) \times n_{SV}$, row-major. */
  dualCoef: Float64Array;
  /** $\rho_p$ per pair, (K(K-1)/2,); the intercepts are $-\rho$. */
  rho: Float64Array;
  /** Platt's $A_p, B_p$ per pair, or null without `probability`. */
  probA: Float64Array | null;
  probB: Float64Array | null;
  /** SMO iterations per pair. */
  nIter: Int32Array;
  /** Pairs stopped by `maxIter`. */
  notConverged: number[];
}

/** Rows of test data whose kernel values against the support vectors are held at once. */
const BLOCK = 256;

/** Number of pairs $K(K-1)/2$. */
export const nPairs = (K: number): number => (K * (K - 1)) / 2;

/**
 * Train the $K(K-1)/2$ pairwise C-SVCs on X (flat (n, d)) with class codes `codes` in $0..K-1$
 * (every class present) and per-class costs `weightedC` (K,). With `rng`, also fit each pair's
 * Platt sigmoid by 5-fold cross-validation (pairs consume the stream in pair order).
 */
export function trainOvo(
  X: Float64Array, d: number, codes: Int32Array, K: number, weightedC: Float64Array,
  spec: KernelSpec, settings: SolverSettings, rng: Rng | null,
): OvoModel {
  const n = codes.length;
  const count = new Int32Array(K); // (K,)
  for (let t = 0; t < n; t++) count[codes[t]!]!++;
  const start = new Int32Array(K); // (K,)
  for (let k = 1; k < K; k++) start[k] = start[k - 1]! + count[k - 1]!;
  const perm = new Int32Array(n); // (n,) rows grouped by class, each group in row order
  const fill = start.slice();
  for (let t = 0; t < n; t++) perm[fill[codes[t]!]!++] = t;

  const P = nPairs(K);
  const rho = new Float64Array(P);
  const nIter = new Int32Array(P);
  const probA = rng ? new Float64Array(P) : null;
  const probB = rng ? new Float64Array(P) : null;
  const notConverged: number[] = [];
  const pairCoef: Float64Array[] = [];
  const nonzero = new Uint8Array(n); // by position in perm
  let p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, p++) {
      const ci = count[i]!;
      const cj = count[j]!;
      const rows = new Int32Array(ci + cj); // (ci + cj,) class i then class j
      rows.set(perm.subarray(start[i]!, start[i]! + ci), 0);
      rows.set(perm.subarray(start[j]!, start[j]! + cj), ci);
      const y = new Int8Array(ci + cj).fill(-1, ci); // +1 for class i, −1 for class j
      y.fill(1, 0, ci);
      if (rng && probA && probB) {
        const sig = binaryProbability(X, d, rows, y, weightedC[i]!, weightedC[j]!, spec, settings, rng);
        probA[p] = sig.A;
        probB[p] = sig.B;
      }
      const fit = trainBinary(X, d, rows, y, weightedC[i]!, weightedC[j]!, spec, settings);
      rho[p] = fit.rho;
      nIter[p] = fit.nIter;
      if (!fit.converged) notConverged.push(p);
      pairCoef.push(fit.coef);
      for (let k = 0; k < ci; k++) if (fit.coef[k] !== 0) nonzero[start[i]! + k] = 1;
      for (let k = 0; k < cj; k++) if (fit.coef[ci + k] !== 0) nonzero[start[j]! + k] = 1;
    }
  }

  const nSupport = new Int32Array(K);
  const support: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let m = 0; m < count[k]!; m++) {
      if (nonzero[start[k]! + m]) {
        support.push(perm[start[k]! + m]!);
        nSupport[k]!++;
      }
    }
  }
  const nSV = support.length;
  const nzStart = new Int32Array(K);
  for (let k = 1; k < K; k++) nzStart[k] = nzStart[k - 1]! + nSupport[k - 1]!;
  const dualCoef = new Float64Array((K - 1) * nSV); // (K-1, nSV)
  p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, p++) {
      const coef = pairCoef[p]!;
      const ci = count[i]!;
      let q = nzStart[i]!;
      for (let k = 0; k < ci; k++) if (nonzero[start[i]! + k]) dualCoef[(j - 1) * nSV + q++] = coef[k]!;
      q = nzStart[j]!;
      for (let k = 0; k < count[j]!; k++) if (nonzero[start[j]! + k]) dualCoef[i * nSV + q++] = coef[ci + k]!;
    }
  }
  return { nClasses: K, support: Int32Array.from(support), nSupport, dualCoef, rho, probA, probB, nIter, notConverged };
}

/**
 * libsvm's pairwise decision values $f_p(x)$ (positive for the pair's first class), (m, P) flat,
 * for the m rows of T (flat, d columns), given the support vectors SV (flat (nSV, d)).
 * $O(m \cdot n_{SV} d + m K^2)$.
 */
export function ovoDecision(model: OvoModel, spec: KernelSpec, SV: Float64Array, T: Float64Array, m: number, d: number): Float64Array {
  const K = model.nClasses;
  const nSV = model.support.length;
  const P = nPairs(K);
  const svStart = new Int32Array(K);
  for (let k = 1; k < K; k++) svStart[k] = svStart[k - 1]! + model.nSupport[k - 1]!;
  const out = new Float64Array(m * P); // (m, P)
  const C = model.dualCoef;
  let kv: Float64Array = new Float64Array(0);
  for (let r = 0; r < m; r++) {
    if (r % BLOCK === 0) kv = kernelMatrix(spec, T.subarray(r * d, Math.min(m, r + BLOCK) * d), Math.min(BLOCK, m - r), SV, nSV, d); // (block, nSV)
    const base = (r % BLOCK) * nSV;
    let p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++, p++) {
        let sum = 0;
        const si = svStart[i]!;
        const sj = svStart[j]!;
        for (let k = 0; k < model.nSupport[i]!; k++) sum += C[(j - 1) * nSV + si + k]! * kv[base + si + k]!;
        for (let k = 0; k < model.nSupport[j]!; k++) sum += C[i * nSV + sj + k]! * kv[base + sj + k]!;
        out[r * P + p] = sum - model.rho[p]!;
      }
    }
  }
  return out;
}

/** libsvm's vote: $f_{ij} > 0$ votes for i, else j; most votes wins, ties to the lowest class. $O(mK^2)$. */
export function ovoVote(dec: Float64Array, m: number, K: number): Int32Array {
  const P = nPairs(K);
  const out = new Int32Array(m);
  const votes = new Int32Array(K);
  for (let r = 0; r < m; r++) {
    votes.fill(0);
    let p = 0;
    for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++, p++) votes[dec[r * P + p]! > 0 ? i : j]!++;
    let best = 0;
    for (let k = 1; k < K; k++) if (votes[k]! > votes[best]!) best = k;
    out[r] = best;
  }
  return out;
}

/**
 * scikit-learn's `_ovr_decision_function(dec < 0, -dec, K)`: votes plus the summed pairwise
 * confidences squashed into $(-1/3, 1/3)$ by $x \mapsto x / (3(|x| + 1))$, so the confidences
 * break vote ties without overturning a one-vote difference. Class i of pair (i, j) gains $f_{ij}$,
 * class j gains $-f_{ij}$; a vote goes to i when $f_{ij} \ge 0$. (m, K) flat. $O(mK^2)$.
 */
export function ovrFromOvo(dec: Float64Array, m: number, K: number): Float64Array {
  const P = nPairs(K);
  const out = new Float64Array(m * K); // (m, K)
  const conf = new Float64Array(K);
  for (let r = 0; r < m; r++) {
    conf.fill(0);
    let p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++, p++) {
        const f = dec[r * P + p]!;
        conf[i]! -= -f;
        conf[j]! += -f;
        out[r * K + (f < 0 ? j : i)]! += 1;
      }
    }
    for (let k = 0; k < K; k++) out[r * K + k]! += conf[k]! / (3 * (Math.abs(conf[k]!) + 1));
  }
  return out;
}

/**
 * libsvm's `svm_predict_probability`: per pair $r_{ij} = \operatorname{clip}(\sigma_p(f_{ij}), 10^{-7}, 1 - 10^{-7})$
 * with Platt's sigmoid $\sigma_p$, $r_{ji} = 1 - r_{ij}$, then {@link pairwiseCoupling}; each row is
 * renormalised to sum to 1 exactly. (m, K) flat. $O(mK^2)$ plus the coupling sweeps.
 */
export function ovoProba(dec: Float64Array, m: number, K: number, probA: Float64Array, probB: Float64Array): Float64Array {
  const P = nPairs(K);
  const minProb = 1e-7;
  const out = new Float64Array(m * K); // (m, K)
  const r = new Float64Array(K * K); // (K, K)
  for (let row = 0; row < m; row++) {
    let p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++, p++) {
        const v = Math.min(Math.max(sigmoidPredict(dec[row * P + p]!, probA[p]!, probB[p]!), minProb), 1 - minProb);
        r[i * K + j] = v;
        r[j * K + i] = 1 - v;
      }
    }
    const prob = pairwiseCoupling(r, K);
    let s = 0;
    for (let k = 0; k < K; k++) s += prob[k]!;
    for (let k = 0; k < K; k++) out[row * K + k] = prob[k]! / s;
  }
  return out;
}
