/**
 * The losses of exact gradient boosting, as scikit-learn 1.2's `_gb_losses` defines them: the
 * initial (prior) raw prediction, the negative gradient the next tree is fitted to, the leaf value
 * that replaces the tree's mean of that gradient (the line search), and the loss itself.
 *
 * | loss | $L(y, F)$ | $-\partial_F L$ (fitted) | leaf value $\gamma_\text{leaf}$ | $F_0$ |
 * |---|---|---|---|---|
 * | squared_error | $(y-F)^2$ (mean) | $y - F$ | mean residual (the tree's own value) | $\bar y$ |
 * | absolute_error | $\lvert y-F\rvert$ | $\operatorname{sign}(y - F)$ | weighted median of $y - F$ | median $y$ |
 * | huber ($\alpha$) | quadratic below $\delta$, linear above; $\delta$ = $\alpha$-quantile of $\lvert y-F\rvert$ | $y-F$ clipped to $\pm\delta$ | $\tilde r + \operatorname{mean}\operatorname{sign}(r-\tilde r)\min(\lvert r-\tilde r\rvert, \delta)$, $\tilde r$ = median | median $y$ |
 * | quantile ($\alpha$) | pinball | $\alpha - [y < F]$ | weighted $\alpha$-quantile of $y - F$ | $\alpha$-quantile of $y$ |
 * | log_loss, 2 classes | $-2[y F - \log(1+e^F)]$ | $y - \sigma(F)$ | Newton: $\sum w r / \sum w p(1-p)$ | $\operatorname{logit}\pi_1$ |
 * | log_loss, $K$ classes | $\log\sum_k e^{F_k} - F_y$ | $[y=k] - p_k$ | $\frac{K-1}{K}\sum w r / \sum w p_k(1-p_k)$ | $\log\pi_k$ |
 *
 * (Friedman 2001, Algorithm 1 with the line searches of his sections 4.1-4.5 and 6.) The
 * classification leaf values are one Newton-Raphson step $-\sum g/\sum h$ per leaf, with
 * $p(1-p)$ recovered from the residual $r = y - p$ as $(y - r)(1 - y + r)$; the $(K-1)/K$ factor
 * is Friedman's for the symmetric multinomial (FHT 2000, Algorithm 6). Sums run over the leaf's
 * samples in row order with NumPy's pairwise summation, as sklearn's `np.sum` does.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import { expit, logsumexp, numpyAverage, numpyPercentileLinear, numpySum, weightedPercentile } from './gradient-boosting-numeric.js';

/** What the boosting loop needs from a loss. `raw[k]` is the (n,) raw prediction of slot k. */
export interface GBLoss {
  /** Trees per stage. */
  readonly K: number;
  /** Raw prediction of the prior (sklearn's default `init`), (K,). `w` is null for unit weights. */
  initRaw(y: Float64Array, w: Float64Array | null): Float64Array;
  /** Negative gradient for slot k at `raw` (y is the class indicator for multinomial slots). */
  negativeGradient(y: Float64Array, raw: Float64Array[], k: number, w: Float64Array): Float64Array;
  /**
   * The value of one leaf from its samples `idx` (row order, in-bag only). `null` keeps the tree's
   * own value (squared error).
   */
  leafValue(idx: Int32Array, y: Float64Array, residual: Float64Array, rawK: Float64Array, w: Float64Array): number | null;
  /** The loss (sklearn's `__call__`): weighted mean over the rows in `rows` (all rows when null). */
  loss(y: Float64Array, raw: Float64Array[], w: Float64Array, rows: Int32Array | null): number;
}

const pick = (a: Float64Array, rows: Int32Array | null): Float64Array => (rows === null ? a : Float64Array.from(rows, (i) => a[i]!));

/** $\frac{1}{\sum w}\sum w_i f_i$ in sklearn's order: reciprocal of the weight sum times the pairwise sum. */
function weightedMean(f: Float64Array, w: Float64Array): number {
  return (1 / numpySum(w)) * numpySum(f);
}

/** Least squares: mean of $(y - F)^2$; the tree's leaf means are already optimal. */
export const leastSquares: GBLoss = {
  K: 1,
  initRaw: (y, w) => Float64Array.of(numpyAverage(y, w)),
  negativeGradient: (y, raw) => Float64Array.from(y, (v, i) => v - raw[0]![i]!),
  leafValue: () => null,
  loss(y, raw, w, rows) {
    const r = raw[0]!, yy = pick(y, rows), rr = pick(r, rows), ww = pick(w, rows);
    return weightedMean(Float64Array.from(yy, (v, i) => ww[i]! * (v - rr[i]!) ** 2), ww);
  },
};

/** Prior of LAD/Huber: the median of y (np.percentile 50, or the weighted lower median). */
function medianInit(y: Float64Array, w: Float64Array | null, q = 0.5): Float64Array {
  return Float64Array.of(w === null ? numpyPercentileLinear(y, q * 100) : weightedPercentile(y, w, q * 100));
}

const leafDiff = (idx: Int32Array, y: Float64Array, rawK: Float64Array) => Float64Array.from(idx, (i) => y[i]! - rawK[i]!);
const leafW = (idx: Int32Array, w: Float64Array) => Float64Array.from(idx, (i) => w[i]!);

/** Least absolute deviation: leaves move to the weighted median residual. */
export const leastAbsolute: GBLoss = {
  K: 1,
  initRaw: (y, w) => medianInit(y, w),
  negativeGradient: (y, raw) => Float64Array.from(y, (v, i) => (v - raw[0]![i]! > 0 ? 1 : -1)),
  leafValue: (idx, y, _r, rawK, w) => weightedPercentile(leafDiff(idx, y, rawK), leafW(idx, w), 50),
  loss(y, raw, w, rows) {
    const yy = pick(y, rows), rr = pick(raw[0]!, rows), ww = pick(w, rows);
    return weightedMean(Float64Array.from(yy, (v, i) => ww[i]! * Math.abs(v - rr[i]!)), ww);
  },
};

/** Huber's loss with $\delta$ re-estimated at every stage as the $\alpha$-quantile of $\lvert y - F\rvert$. */
export function huberLoss(alpha: number): GBLoss & { gamma: number | null } {
  const self = {
    K: 1,
    gamma: null as number | null,
    initRaw: (y: Float64Array, w: Float64Array | null) => medianInit(y, w),
    negativeGradient(y: Float64Array, raw: Float64Array[], _k: number, w: Float64Array): Float64Array {
      const diff = Float64Array.from(y, (v, i) => v - raw[0]![i]!);
      const gamma = weightedPercentile(diff.map(Math.abs), w, alpha * 100);
      self.gamma = gamma;
      return diff.map((d) => (Math.abs(d) <= gamma ? d : gamma * Math.sign(d)));
    },
    leafValue(idx: Int32Array, y: Float64Array, _r: Float64Array, rawK: Float64Array, w: Float64Array): number {
      const diff = leafDiff(idx, y, rawK);
      const median = weightedPercentile(diff, leafW(idx, w), 50);
      const gamma = self.gamma!;
      const clipped = diff.map((d) => Math.sign(d - median) * Math.min(Math.abs(d - median), gamma));
      return median + numpySum(clipped) / clipped.length;
    },
    loss(y: Float64Array, raw: Float64Array[], w: Float64Array, rows: Int32Array | null): number {
      const yy = pick(y, rows), rr = pick(raw[0]!, rows), ww = pick(w, rows);
      const diff = Float64Array.from(yy, (v, i) => v - rr[i]!);
      const gamma = self.gamma ?? weightedPercentile(diff.map(Math.abs), ww, alpha * 100);
      const sq: number[] = [], lin: number[] = [];
      diff.forEach((d, i) => {
        if (Math.abs(d) <= gamma) sq.push(0.5 * ww[i]! * d * d);
        else lin.push(gamma * ww[i]! * (Math.abs(d) - gamma / 2));
      });
      return (numpySum(sq) + numpySum(lin)) / numpySum(ww);
    },
  };
  return self;
}

/** Quantile (pinball) loss at level $\alpha$: leaves move to the weighted $\alpha$-quantile residual. */
export function quantileLoss(alpha: number): GBLoss {
  return {
    K: 1,
    initRaw: (y, w) => medianInit(y, w, alpha),
    negativeGradient: (y, raw) => Float64Array.from(y, (v, i) => (v > raw[0]![i]! ? alpha : -(1 - alpha))),
    leafValue: (idx, y, _r, rawK, w) => weightedPercentile(leafDiff(idx, y, rawK), leafW(idx, w), alpha * 100),
    loss(y, raw, w, rows) {
      const yy = pick(y, rows), rr = pick(raw[0]!, rows), ww = pick(w, rows);
      const pos: number[] = [], neg: number[] = [];
      yy.forEach((v, i) => (v > rr[i]! ? pos : neg).push(ww[i]! * (v - rr[i]!)));
      return (alpha * numpySum(pos) - (1 - alpha) * numpySum(neg)) / numpySum(ww);
    },
  };
}

const EPS32 = 2 ** -23; // np.finfo(np.float32).eps, the clip of the prior probabilities

/** Class prior $\pi_k$ (weighted counts / total), as DummyClassifier(strategy='prior'). */
export function classPrior(codes: Float64Array, K: number, w: Float64Array | null): Float64Array {
  const c = new Float64Array(K);
  for (let i = 0; i < codes.length; i++) c[codes[i]!]! += w === null ? 1 : w[i]!;
  const total = numpySum(c);
  return c.map((v) => v / total);
}

/** One Newton step $\sum w r / \sum w (y - r)(1 - y + r)$ (0 when the denominator is below 1e-150). */
function newtonStep(idx: Int32Array, y: Float64Array, residual: Float64Array, w: Float64Array, scale: number): number {
  const num = numpySum(Float64Array.from(idx, (i) => w[i]! * residual[i]!)) * scale;
  const den = numpySum(Float64Array.from(idx, (i) => w[i]! * (y[i]! - residual[i]!) * (1 - y[i]! + residual[i]!)));
  return Math.abs(den) < 1e-150 ? 0 : num / den;
}

/** Binomial deviance $-2[yF - \log(1 + e^F)]$ on the logit; y in {0, 1}. */
export const binomialDeviance: GBLoss = {
  K: 1,
  initRaw(y, w) {
    const p = Math.min(Math.max(classPrior(y, 2, w)[1]!, EPS32), 1 - EPS32);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  negativeGradient: (y, raw) => Float64Array.from(y, (v, i) => v - expit(raw[0]![i]!)),
  leafValue: (idx, y, r, _raw, w) => newtonStep(idx, y, r, w, 1),
  loss(y, raw, w, rows) {
    const yy = pick(y, rows), rr = pick(raw[0]!, rows), ww = pick(w, rows);
    const logaddexp = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    return (-2 / numpySum(ww)) * numpySum(Float64Array.from(yy, (v, i) => ww[i]! * (v * rr[i]! - logaddexp(rr[i]!))));
  },
};

/** Multinomial deviance over K classes: K trees per stage; y holds class codes. */
export function multinomialDeviance(K: number): GBLoss {
  const proba = (raw: Float64Array[], i: number, k: number, buf: Float64Array): number => {
    for (let j = 0; j < K; j++) buf[j] = raw[j]![i]!;
    return Math.exp(raw[k]![i]! - logsumexp(buf, 0, K));
  };
  return {
    K,
    initRaw(y, w) {
      return classPrior(y, K, w).map((p) => Math.log(Math.min(Math.max(p, EPS32), 1 - EPS32)));
    },
    negativeGradient(yk, raw, k) {
      const buf = new Float64Array(K);
      return Float64Array.from(yk, (v, i) => v - proba(raw, i, k, buf));
    },
    leafValue: (idx, yk, r, _raw, w) => newtonStep(idx, yk, r, w, (K - 1) / K),
    loss(y, raw, w, rows) {
      const n = rows === null ? y.length : rows.length;
      const buf = new Float64Array(K);
      const f = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        const i = rows === null ? t : rows[t]!;
        for (let j = 0; j < K; j++) buf[j] = raw[j]![i]!;
        f[t] = -raw[y[i]!]![i]! + logsumexp(buf, 0, K);
      }
      const ww = pick(w, rows);
      return numpySum(Float64Array.from(f, (v, t) => v * ww[t]!)) / numpySum(ww);
    },
  };
}
