/**
 * Losses of histogram gradient boosting (scikit-learn 1.2's `_loss` module, the "half" losses):
 * the intercept-only baseline, per-sample gradients and hessians (stored in float32, as sklearn
 * stores them), and the mean loss used for scores and early stopping.
 *
 * | loss | $\ell(y, F)$ | $g = \partial_F \ell$ | $h = \partial_F^2 \ell$ | baseline $F_0$ |
 * |---|---|---|---|---|
 * | squared_error | $\tfrac12 (y - F)^2$ | $F - y$ | $1$ | $\bar y$ |
 * | log_loss (binary) | $\log(1 + e^F) - yF$ | $\sigma(F) - y$ | $\sigma(F)(1 - \sigma(F))$ | $\operatorname{logit} \bar y$ |
 * | log_loss ($K$ classes) | $\log\sum_k e^{F_k} - F_y$ | $p_k - [y = k]$ | $p_k (1 - p_k)$ | $\log \pi_k - \overline{\log \pi}$ |
 *
 * with $p = \operatorname{softmax}(F)$. The multinomial hessian is the diagonal of the true one
 * (the trees are fitted one class at a time). With sample weights, $g$ and $h$ are multiplied by
 * $w_i$ and means are weighted.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { numpyAverage, numpySum } from './gradient-boosting-numeric.js';

/** A loss as the grower needs it. `raw[k]` is the (n,) raw prediction of tree-slot k. */
export interface HistLoss {
  /** Trees per iteration: 1, or the number of classes for the multinomial loss. */
  readonly nTrees: number;
  /** Whether the hessian is the constant 1 (then the grower uses counts). */
  constantHessian(w: Float64Array | null): boolean;
  /** Raw prediction of the best constant model, (nTrees,). */
  baseline(y: Float64Array, w: Float64Array | null): Float64Array;
  /** Fill g[k], h[k] (float32) at the raw predictions; h untouched when the hessian is constant. */
  gradHess(y: Float64Array, raw: Float64Array[], w: Float64Array | null, g: Float32Array[], h: Float32Array[]): void;
  /** Mean (weighted) loss. */
  loss(y: Float64Array, raw: Float64Array[], w: Float64Array | null): number;
}

function average(vals: Float64Array, w: Float64Array | null): number {
  return numpyAverage(vals, w);
}

/** $\log(1 + e^x)$ without overflow. */
function log1pexp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Half squared error, $\tfrac12 (y - F)^2$. */
export const squaredError: HistLoss = {
  nTrees: 1,
  constantHessian: (w) => w === null,
  baseline: (y, w) => Float64Array.of(numpyAverage(y, w)),
  gradHess(y, raw, w, g, h) {
    const r = raw[0]!, g0 = g[0]!, h0 = h[0]!;
    if (w === null) for (let i = 0; i < y.length; i++) g0[i] = r[i]! - y[i]!;
    else {
      for (let i = 0; i < y.length; i++) {
        g0[i] = w[i]! * (r[i]! - y[i]!);
        h0[i] = w[i]!;
      }
    }
  },
  loss(y, raw, w) {
    const r = raw[0]!;
    const l = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) l[i] = 0.5 * (r[i]! - y[i]!) ** 2;
    return average(l, w);
  },
};

/** Half binomial deviance (log loss) on the logit $F$; y in {0, 1}. */
export const binomialLoss: HistLoss = {
  nTrees: 1,
  constantHessian: () => false,
  baseline(y, w) {
    const eps = 10 * 2 ** -52;
    const p = Math.min(Math.max(numpyAverage(y, w), eps), 1 - eps);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradHess(y, raw, w, g, h) {
    const r = raw[0]!, g0 = g[0]!, h0 = h[0]!;
    for (let i = 0; i < y.length; i++) {
      const F = r[i]!, yi = y[i]!;
      let gi: number, hi: number;
      if (F > -700) {
        // sklearn 1.2: e = exp(-F), g = ((1 - y) - y e) / (1 + e), h = e / (1 + e)^2.
        const e = Math.exp(-F);
        gi = (1 - yi - yi * e) / (1 + e);
        hi = e / ((1 + e) * (1 + e));
      } else {
        // sklearn's form overflows to NaN below F ≈ -709.8; use its limit e^F.
        const e = Math.exp(F);
        gi = e - yi;
        hi = e;
      }
      if (w === null) {
        g0[i] = gi;
        h0[i] = hi;
      } else {
        g0[i] = w[i]! * gi;
        h0[i] = w[i]! * hi;
      }
    }
  },
  loss(y, raw, w) {
    const r = raw[0]!;
    const l = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) l[i] = log1pexp(r[i]!) - y[i]! * r[i]!;
    return average(l, w);
  },
};

/** Half multinomial deviance over K classes; y holds class codes 0..K-1. */
export function multinomialLoss(K: number): HistLoss {
  return {
    nTrees: K,
    constantHessian: () => false,
    baseline(y, w) {
      const eps = 2 ** -52;
      const p = new Float64Array(K);
      const ind = new Float64Array(y.length);
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < y.length; i++) ind[i] = y[i] === k ? 1 : 0;
        p[k] = Math.min(Math.max(numpyAverage(ind, w), eps), 1 - eps);
      }
      // Symmetric multinomial logit: F_k = log(p_k / gmean(p)), gmean = exp(mean(log p)).
      const gm = Math.exp(numpySum(p.map(Math.log)) / K);
      return p.map((pk) => Math.log(pk / gm));
    },
    gradHess(y, raw, w, g, h) {
      const e = new Float64Array(K);
      for (let i = 0; i < y.length; i++) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) if (raw[k]![i]! > m) m = raw[k]![i]!;
        let s = 0;
        for (let k = 0; k < K; k++) {
          e[k] = Math.exp(raw[k]![i]! - m);
          s += e[k]!;
        }
        const wi = w === null ? 1 : w[i]!;
        for (let k = 0; k < K; k++) {
          const p = e[k]! / s;
          g[k]![i] = wi * (p - (y[i] === k ? 1 : 0));
          h[k]![i] = wi * (p * (1 - p));
        }
      }
    },
    loss(y, raw, w) {
      const l = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) if (raw[k]![i]! > m) m = raw[k]![i]!;
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(raw[k]![i]! - m);
        l[i] = Math.log(s) + m - raw[y[i]!]![i]!;
      }
      return average(l, w);
    },
  };
}
