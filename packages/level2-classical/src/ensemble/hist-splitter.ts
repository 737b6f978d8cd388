/**
 * The split finder of histogram gradient boosting (scikit-learn 1.2's `Splitter`).
 *
 * **Newton leaf value.** With gradient $g_i = \partial \ell / \partial F(x_i)$ and hessian
 * $h_i = \partial^2 \ell / \partial F(x_i)^2$ at the current raw prediction $F$, the loss of adding
 * a constant $v$ on a node's samples is, to second order,
 * $$\sum_i \ell(F_i + v) \approx \sum_i \ell(F_i) + G v + \tfrac12 (H + \lambda) v^2,\qquad G = \textstyle\sum_i g_i,\ H = \sum_i h_i,$$
 * ($\lambda$ = `l2Regularization`), minimised by the Newton step
 * $$v^\star = -\frac{G}{H + \lambda}\quad(\text{sklearn adds } 10^{-15} \text{ to the denominator}),$$
 * where the quadratic equals $-\tfrac12 G^2/(H+\lambda)$ (XGBoost, Chen & Guestrin 2016, eq. 5-6).
 *
 * **Split gain.** Splitting a node of value $v$ into $L, R$ lowers that quadratic by
 * $$\text{gain} = G v - G_L v_L - G_R v_R = \frac{G_L^2}{H_L + \lambda} + \frac{G_R^2}{H_R + \lambda} - \frac{G^2}{H + \lambda}$$
 * (twice XGBoost's eq. 7, without its $\gamma$). As in sklearn the root is given $v = 0$, so its
 * gain lacks the last term; this changes no choice, only the gain's size.
 *
 * For each feature the bins are scanned left to right (missing values, if the feature has any,
 * go right), and, with missing values, right to left (missing values go left); a split must
 * leave `minSamplesLeaf` samples and `minHessianToSplit` hessian on both sides and have positive
 * gain. The best feature is the first with the largest gain (strict `>`), as in sklearn.
 * Cost $O(d \cdot \texttt{nBins})$ per node.
 * @see ../../../../docs/level2-classical/boosting.md
 */
import type { Histogram } from './hist-histogram.js';

/** The best split of a node (sklearn's `SplitInfo`). `gain` is −1 when there is none. */
export interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  missingGoToLeft: boolean;
  sumGradientLeft: number;
  sumHessianLeft: number;
  sumGradientRight: number;
  sumHessianRight: number;
  nSamplesLeft: number;
  nSamplesRight: number;
  valueLeft: number;
  valueRight: number;
}

/** Constraints every split must satisfy. */
export interface SplitterParams {
  nBins: number;
  nBinsNonMissing: Int32Array; // (d,)
  hasMissing: Uint8Array; // (d,)
  l2Regularization: number;
  minHessianToSplit: number;
  minSamplesLeaf: number;
  minGainToSplit: number;
  constantHessian: boolean;
}

/** Newton value of a node, $-G/(H + \lambda + 10^{-15})$ (sklearn's `compute_node_value`, no bounds). */
export function nodeValue(sumGradient: number, sumHessian: number, l2: number): number {
  return -sumGradient / (sumHessian + l2 + 1e-15);
}

/** `gain = G v − G_L v_L − G_R v_R` (sklearn's `_split_gain` with `_loss_from_value(v, G) = G v`). */
function splitGain(gl: number, hl: number, gr: number, hr: number, lossCurrent: number, l2: number): number {
  const vl = nodeValue(gl, hl, l2);
  const vr = nodeValue(gr, hr, l2);
  let gain = lossCurrent;
  gain -= gl * vl;
  gain -= gr * vr;
  return gain;
}

/** An empty SplitInfo (gain −1). */
export function noSplit(): SplitInfo {
  return { gain: -1, feature: 0, bin: 0, missingGoToLeft: false, sumGradientLeft: 0, sumHessianLeft: 0, sumGradientRight: 0, sumHessianRight: 0, nSamplesLeft: 0, nSamplesRight: 0, valueLeft: 0, valueRight: 0 };
}

/** Scan feature j's bins left to right; missing values (if any) go right. Updates `best` in place. */
function scanLeftToRight(j: number, hist: Histogram, n: number, G: number, H: number, value: number, p: SplitterParams, best: SplitInfo): void {
  const off = 3 * j * p.nBins;
  const h = hist.data;
  const has = p.hasMissing[j]!;
  const end = p.nBinsNonMissing[j]! - 1 + has;
  const lossCurrent = G * value;
  let gl = 0, hl = 0, nl = 0;
  let bestGain = -1, found = false, bestBin = 0, bestGl = 0, bestHl = 0, bestNl = 0;
  for (let b = 0; b < end; b++) {
    const e = off + 3 * b;
    nl += h[e + 2]!;
    const nr = n - nl;
    hl += p.constantHessian ? h[e + 2]! : h[e + 1]!;
    const hr = H - hl;
    gl += h[e]!;
    const gr = G - gl;
    if (nl < p.minSamplesLeaf) continue;
    if (nr < p.minSamplesLeaf) break;
    if (hl < p.minHessianToSplit) continue;
    if (hr < p.minHessianToSplit) break;
    const gain = splitGain(gl, hl, gr, hr, lossCurrent, p.l2Regularization);
    if (gain > bestGain && gain > p.minGainToSplit) {
      found = true;
      bestGain = gain; bestBin = b; bestGl = gl; bestHl = hl; bestNl = nl;
    }
  }
  if (found) setSplit(best, j, bestGain, bestBin, false, bestGl, bestHl, bestNl, G, H, n, p.l2Regularization);
}

/** Scan right to left (only for features with missing values); missing values go left. */
function scanRightToLeft(j: number, hist: Histogram, n: number, G: number, H: number, value: number, p: SplitterParams, split: SplitInfo, best: SplitInfo): void {
  const off = 3 * j * p.nBins;
  const h = hist.data;
  const lossCurrent = G * value;
  let gr = 0, hr = 0, nr = 0;
  let bestGain = split.gain, found = false, bestBin = 0, bestGl = 0, bestHl = 0, bestNl = 0;
  for (let b = p.nBinsNonMissing[j]! - 2; b >= 0; b--) {
    const e = off + 3 * (b + 1);
    nr += h[e + 2]!;
    const nl = n - nr;
    hr += p.constantHessian ? h[e + 2]! : h[e + 1]!;
    const hl = H - hr;
    gr += h[e]!;
    const gl = G - gr;
    if (nr < p.minSamplesLeaf) continue;
    if (nl < p.minSamplesLeaf) break;
    if (hr < p.minHessianToSplit) continue;
    if (hl < p.minHessianToSplit) break;
    const gain = splitGain(gl, hl, gr, hr, lossCurrent, p.l2Regularization);
    if (gain > bestGain && gain > p.minGainToSplit) {
      found = true;
      bestGain = gain; bestBin = b; bestGl = gl; bestHl = hl; bestNl = nl;
    }
  }
  if (found) setSplit(best, j, bestGain, bestBin, true, bestGl, bestHl, bestNl, G, H, n, p.l2Regularization);
}

function setSplit(s: SplitInfo, j: number, gain: number, bin: number, missLeft: boolean, gl: number, hl: number, nl: number, G: number, H: number, n: number, l2: number): void {
  s.gain = gain; s.feature = j; s.bin = bin; s.missingGoToLeft = missLeft;
  s.sumGradientLeft = gl; s.sumGradientRight = G - gl;
  s.sumHessianLeft = hl; s.sumHessianRight = H - hl;
  s.nSamplesLeft = nl; s.nSamplesRight = n - nl;
  s.valueLeft = nodeValue(gl, hl, l2);
  s.valueRight = nodeValue(G - gl, H - hl, l2);
}

/**
 * The best split of a node over all features (sklearn's `find_node_split`): per feature the best
 * bin, then the first feature of largest gain.
 * @param n samples in the node; G, H its gradient and hessian sums; value its Newton value.
 */
export function findNodeSplit(hist: Histogram, d: number, n: number, G: number, H: number, value: number, p: SplitterParams): SplitInfo {
  let best = noSplit();
  const cand = noSplit();
  for (let j = 0; j < d; j++) {
    cand.gain = -1;
    scanLeftToRight(j, hist, n, G, H, value, p, cand);
    if (p.hasMissing[j]) scanRightToLeft(j, hist, n, G, H, value, p, cand, cand);
    if (cand.gain > best.gain) best = { ...cand };
  }
  return best;
}

/**
 * Stable partition of `partition[start .. stop)` by the split: samples going left keep their
 * order at the front, the right ones follow. Returns the index where the right child starts.
 * @param binned column-major bins; @param scratch a buffer of length ≥ stop - start.
 */
export function splitIndices(partition: Uint32Array, start: number, stop: number, binned: Uint8Array, n: number, s: SplitInfo, missingBin: number, scratch: Uint32Array): number {
  const col = s.feature * n;
  let l = start, r = 0;
  for (let k = start; k < stop; k++) {
    const i = partition[k]!;
    const b = binned[col + i]!;
    const left = b === missingBin ? s.missingGoToLeft : b <= s.bin;
    if (left) partition[l++] = i;
    else scratch[r++] = i;
  }
  for (let k = 0; k < r; k++) partition[l + k] = scratch[k]!;
  return l;
}
